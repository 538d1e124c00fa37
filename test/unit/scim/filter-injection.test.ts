/**
 * Property test: values inside SCIM filters (what an identity provider, or anyone holding the
 * token, can send) must never change the structure of the AR qualification. Each random value is
 * JSON-escaped into a filter, parsed by the bridge, translated through the node's builder and then
 * evaluated by the emulator's independent AR parser over the target user and decoys that differ by
 * a quote, a wildcard, a backslash, case or a space. An injection is any qualification that
 * matches a user it should not, misses the one it should, or makes the AR parser throw.
 */
import fc from 'fast-check';

import { parseQualification } from '../../../emulator/qualification';
import { QualificationInputError } from '../../../nodes/ArSystem/helpers/qualification';
import { parseFilter } from '../../../nodes/ArSystemScim/scim/filter';
import { filterToQualification } from '../../../nodes/ArSystemScim/scim/toQualification';
import { userResolver } from '../../../nodes/ArSystemScim/scim/users';
import type { TestUser } from './fixtures';
import { matchingIds, userForms } from './fixtures';

const RUNS = 3000;
const PIECES = ['"', "'", '""', "''", '\\', '\\"', '%', '_', '[', ']', '[%]', '$NULL$', '$USER$', ' ', '\t', '\n', '(', ')', ' AND ', ' OR ', 'NOT ', ' LIKE ', '=', '!=', '<', '>', '" OR "1"="1', "' OR '1'='1", '") OR ("a" = "a', ' eq ', ' or ', ' and ', ' pr', 'not (', '[type eq "work"]', '\u00a0', '\u200b', 'é', 'İ', '李', '😀', 'a', 'Z', '0'];

const value = fc
	.oneof(
		fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
		fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 10 }).map((p) => p.join('')),
		fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme-ascii', maxLength: 5 })), { minLength: 1, maxLength: 8 }).map((p) => p.join('')),
	)
	.filter((v) => v !== '');

function decoys(v: string): string[] {
	const cps = Array.from(v);
	return [`${v}"`, `"${v}`, `${v}'`, v.replace(/"/g, '""'), v.replace(/["']/g, ''), `${v} `, ` ${v}`, v.toUpperCase(), v.toLowerCase(), `${v}%`, `%${v}`, `_${cps.slice(1).join('')}`, `${cps.slice(0, -1).join('')}_`, `[${v}]`, `${v}\\`, v.replace(/\\/g, '\\\\'), JSON.stringify(v).slice(1, -1), cps.slice(1).join(''), cps.slice(0, -1).join(''), `${v}x`, `x${v}`, '$NULL$']
		.filter((d) => d !== v && d !== '' && !d.includes('\u0000'));
}

function unstorable(text: string): boolean {
	if (text.includes('\u0000')) return true;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code >= 0xd800 && code <= 0xdbff) {
			const next = text.charCodeAt(i + 1);
			if (next >= 0xdc00 && next <= 0xdfff) i++;
			else return true;
		} else if (code >= 0xdc00 && code <= 0xdfff) return true;
	}
	return false;
}

const OPS = { eq: (a: string, b: string) => a === b, sw: (a: string, b: string) => a.startsWith(b), ew: (a: string, b: string) => a.endsWith(b), co: (a: string, b: string) => a.includes(b) } as const;

describe('SCIM filter values cannot inject into AR qualifications', () => {
	const resolve = userResolver(userForms({ externalId: true }));
	const stats = { checked: 0, refused: 0, usersScanned: 0 };

	afterAll(() => {
		// A run that checked (almost) nothing would pass silently otherwise.
		expect(stats.checked).toBeGreaterThan(RUNS * 0.9);
		expect(stats.usersScanned).toBeGreaterThan(stats.checked * 10);
	});

	it(`${RUNS} random values in eq / sw / ew / co filters on userName, displayName, emails and externalId`, () => {
		fc.assert(
			fc.property(
				value,
				fc.constantFrom<keyof typeof OPS>('eq', 'sw', 'ew', 'co'),
				fc.constantFrom('userName', 'displayName', 'emails.value', 'emails[type eq "work"].value', 'externalId'),
				fc.boolean(),
				(v, op, attr, negate) => {
					const filterText = `${negate ? 'not (' : ''}${attr} ${op} ${JSON.stringify(v)}${negate ? ')' : ''}`;
					let q: string | boolean | undefined;
					let refusal: unknown;
					try {
						q = filterToQualification(parseFilter(filterText), resolve);
					} catch (error) {
						refusal = error;
					}
					if (refusal !== undefined) {
						// Only values AR cannot hold (NUL, lone surrogates) may be refused, and only by the builder.
						expect(refusal).toBeInstanceOf(QualificationInputError);
						expect(unstorable(v)).toBe(true);
						stats.refused++;
						return;
					}
					if (typeof q !== 'string') throw new Error(`${filterText} gave ${String(q)}`);
					parseQualification(q); // must parse
					const candidates = [v, ...decoys(v)].map((text, i) => ({ text, i }));
					const users: TestUser[] = candidates.map(({ text, i }) => ({
						id: `U${i}`,
						login: attr === 'userName' ? text : `user${i}`,
						fullName: attr === 'displayName' ? text : `Name ${i}`,
						email: attr.startsWith('emails') ? text : `u${i}@x.io`,
						employee: attr === 'externalId' ? text : `E${i}`,
					}));
					const expected = candidates.filter(({ text }) => OPS[op](text, v) !== negate).map(({ i }) => `U${i}`);
					const actual = matchingIds(q, users);
					stats.checked++;
					stats.usersScanned += users.length;
					if (actual.join(',') !== expected.join(',')) {
						throw new Error(`Injection: ${JSON.stringify(filterText)} → ${JSON.stringify(q)} matched [${actual}] instead of [${expected}]`);
					}
				},
			),
			{ numRuns: RUNS, seed: 13 },
		);
	});

	it('random filter text either is refused as invalidFilter or becomes a qualification AR parses', () => {
		const token = fc.constantFrom('userName', 'emails', 'emails.value', 'displayName', 'active', 'id', 'eq', 'ne', 'co', 'sw', 'pr', 'gt', 'and', 'or', 'not', '(', ')', '[', ']', '"x"', '"a\\"b"', 'true', 'null', '12', ' ', 'type', 'value', '.value', '\\', "'", '%');
		fc.assert(
			fc.property(fc.array(token, { minLength: 1, maxLength: 14 }), (parts) => {
				const text = parts.join(' ');
				let q: string | boolean;
				try {
					q = filterToQualification(parseFilter(text), resolve);
				} catch (error) {
					expect((error as { status?: number }).status).toBe(400);
					return;
				}
				if (typeof q === 'string') parseQualification(q);
			}),
			{ numRuns: 3000, seed: 7 },
		);
	});
});
