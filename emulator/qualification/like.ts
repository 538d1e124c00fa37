import { QualificationError, describeText } from './errors';

/** Escapes a character for use outside a class under the `u` flag (only syntax characters). */
function escapeOutside(ch: string): string {
	return /^[\\^$.*+?()[\]{}|/]$/.test(ch) ? `\\${ch}` : ch;
}

/** Escapes a character for use inside a `[...]` class under the `u` flag. */
function escapeInside(ch: string): string {
	return ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-' ? `\\${ch}` : ch;
}

function classToRegex(members: string[], negate: boolean, pattern: string, pos: number): string {
	let body = '';
	for (let k = 0; k < members.length; k++) {
		const from = members[k];
		// A '-' between two members is a range; at either end it is a literal '-'.
		if (k + 2 < members.length && members[k + 1] === '-') {
			const to = members[k + 2];
			if ((from.codePointAt(0) as number) > (to.codePointAt(0) as number)) {
				throw new QualificationError(
					`Invalid range '${describeText(from)}-${describeText(to)}' in LIKE pattern ` +
						`"${describeText(pattern)}"`,
					'value',
					pos,
				);
			}
			body += `${escapeInside(from)}-${escapeInside(to)}`;
			k += 2;
			continue;
		}
		body += escapeInside(from);
	}
	return negate ? `[^${body}]` : `[${body}]`;
}

/**
 * Translates an AR LIKE pattern to an anchored RegExp: `%` any run (also across newlines), `_` one
 * character, `[abc]` / `[a-f]` / `[^abc]` classes as on SQL Server. A wildcard inside brackets is
 * literal, which is how `[%]`, `[_]` and `[[]` escape them (what the node sends for user text).
 * A `]` right after `[` or `[^` is a member. An unclosed `[` is rejected: on SQL Server it silently
 * matches nothing, which would hide an escaping bug in the client. With `brackets` false (Oracle)
 * only `%` and `_` are special.
 */
export function likeToRegExp(
	pattern: string,
	caseInsensitive: boolean,
	pos: number,
	brackets = true,
): RegExp {
	// Code points, so an emoji counts as one character for `_` and inside classes.
	const chars = Array.from(pattern);
	let out = '';
	let lastWasPercent = false;
	for (let i = 0; i < chars.length; i++) {
		const ch = chars[i];
		if (ch === '%') {
			// Runs of % are one wildcard; repeated `.*` only makes backtracking slower.
			if (!lastWasPercent) out += '.*';
			lastWasPercent = true;
			continue;
		}
		lastWasPercent = false;
		if (ch === '_') {
			out += '.';
			continue;
		}
		// Oracle: `[` is an ordinary character; there is no way to make % or _ literal.
		if (ch === '[' && brackets) {
			let j = i + 1;
			let negate = false;
			if (chars[j] === '^') {
				negate = true;
				j++;
			}
			const start = j;
			if (chars[j] === ']') j++;
			while (j < chars.length && chars[j] !== ']') j++;
			if (j >= chars.length) {
				throw new QualificationError(
					`Unclosed '[' in LIKE pattern "${describeText(pattern)}" (write [[] for a literal '[')`,
					'value',
					pos,
				);
			}
			out += classToRegex(chars.slice(start, j), negate, pattern, pos);
			i = j;
			continue;
		}
		out += escapeOutside(ch);
	}
	try {
		return new RegExp(`^(?:${out})$`, caseInsensitive ? 'isu' : 'su');
	} catch (e) {
		// Emulator code, not an n8n node: the server maps QualificationError to an AR error.
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw new QualificationError(
			`Invalid LIKE pattern "${describeText(pattern)}": ${(e as Error).message}`,
			'value',
			pos,
		);
	}
}
