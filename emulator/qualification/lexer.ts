import { QualificationError, describeText } from './errors';

export type KeywordName = 'NULL' | 'USER' | 'TIMESTAMP' | 'DATE' | 'TIME';
export type RelOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE';
export type ArithOp = '+' | '-' | '*' | '/' | '%';

export type Token =
	| { type: 'field'; value: string; pos: number }
	| { type: 'string'; value: string; pos: number }
	| { type: 'number'; value: number; raw: string; pos: number }
	| { type: 'keyword'; value: KeywordName; pos: number }
	| { type: 'relop'; value: RelOp; pos: number }
	| { type: 'arith'; value: ArithOp; pos: number }
	| { type: 'and' | 'or' | 'not'; value: string; pos: number }
	| { type: '(' | ')'; value: string; pos: number }
	| { type: 'eof'; value: ''; pos: number };

const KEYWORDS: ReadonlySet<string> = new Set(['NULL', 'USER', 'TIMESTAMP', 'DATE', 'TIME']);

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

function isWordChar(c: number): boolean {
	return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || isDigit(c);
}

const SPACE = /\s/;

function isSpace(ch: string): boolean {
	return SPACE.test(ch);
}

/**
 * Reads a quoted run where the quote character is escaped by doubling it ('' in field references,
 * "" in strings). Returns the unescaped content and the index just past the closing quote.
 */
function readQuoted(text: string, start: number, quote: string, what: string): [string, number] {
	const parts: string[] = [];
	let segmentStart = start + 1;
	let i = segmentStart;
	for (;;) {
		const next = text.indexOf(quote, i);
		if (next === -1) {
			throw new QualificationError(`Unterminated ${what} starting`, 'syntax', start);
		}
		if (text[next + 1] === quote) {
			parts.push(text.slice(segmentStart, next + 1));
			segmentStart = next + 2;
			i = segmentStart;
			continue;
		}
		parts.push(text.slice(segmentStart, next));
		return [parts.join(''), next + 1];
	}
}

/** Splits a qualification into tokens; the last token is always 'eof'. */
export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	const n = text.length;
	let i = 0;
	while (i < n) {
		const ch = text[i];
		const c = text.charCodeAt(i);
		if (isSpace(ch)) {
			i++;
			continue;
		}
		const pos = i;
		if (ch === "'") {
			const [value, end] = readQuoted(text, i, "'", 'field reference');
			if (value === '') throw new QualificationError('Empty field reference', 'syntax', pos);
			tokens.push({ type: 'field', value, pos });
			i = end;
			continue;
		}
		if (ch === '"') {
			const [value, end] = readQuoted(text, i, '"', 'string');
			tokens.push({ type: 'string', value, pos });
			i = end;
			continue;
		}
		if (isDigit(c) || (ch === '.' && isDigit(text.charCodeAt(i + 1)))) {
			let j = i;
			while (j < n && isDigit(text.charCodeAt(j))) j++;
			if (text[j] === '.') {
				j++;
				const fractionStart = j;
				while (j < n && isDigit(text.charCodeAt(j))) j++;
				if (j === fractionStart) {
					throw new QualificationError(
						`Malformed number '${describeText(text.slice(i, j))}'`,
						'syntax',
						pos,
					);
				}
			}
			// `12abc` or `1.2.3` is almost certainly a typo, not two tokens.
			if (j < n && (isWordChar(text.charCodeAt(j)) || text[j] === '.')) {
				throw new QualificationError(
					`Unexpected character '${describeText(text[j])}' after number`,
					'syntax',
					j,
				);
			}
			const raw = text.slice(i, j);
			tokens.push({ type: 'number', value: Number(raw), raw, pos });
			i = j;
			continue;
		}
		if (ch === '$') {
			let j = i + 1;
			while (j < n && isWordChar(text.charCodeAt(j))) j++;
			if (text[j] !== '$') {
				throw new QualificationError('Unterminated keyword starting', 'syntax', pos);
			}
			const name = text.slice(i + 1, j).toUpperCase();
			if (!KEYWORDS.has(name)) {
				throw new QualificationError(
					`Unknown keyword '${describeText(text.slice(i, j + 1))}' (supported: $NULL$, $USER$, ` +
						'$TIMESTAMP$, $DATE$, $TIME$)',
					'syntax',
					pos,
				);
			}
			tokens.push({ type: 'keyword', value: name as KeywordName, pos });
			i = j + 1;
			continue;
		}
		if (isWordChar(c)) {
			let j = i;
			while (j < n && isWordChar(text.charCodeAt(j))) j++;
			const word = text.slice(i, j);
			const upper = word.toUpperCase();
			if (upper === 'AND') tokens.push({ type: 'and', value: word, pos });
			else if (upper === 'OR') tokens.push({ type: 'or', value: word, pos });
			else if (upper === 'NOT') tokens.push({ type: 'not', value: word, pos });
			else if (upper === 'LIKE') tokens.push({ type: 'relop', value: 'LIKE', pos });
			else {
				throw new QualificationError(
					`Unexpected word '${describeText(word)}' (field names must be in single quotes)`,
					'syntax',
					pos,
				);
			}
			i = j;
			continue;
		}
		const two = text.slice(i, i + 2);
		if (two === '!=' || two === '<=' || two === '>=') {
			tokens.push({ type: 'relop', value: two, pos });
			i += 2;
			continue;
		}
		if (two === '&&') {
			tokens.push({ type: 'and', value: two, pos });
			i += 2;
			continue;
		}
		if (two === '||') {
			tokens.push({ type: 'or', value: two, pos });
			i += 2;
			continue;
		}
		switch (ch) {
			case '=':
			case '<':
			case '>':
				tokens.push({ type: 'relop', value: ch, pos });
				break;
			case '+':
			case '-':
			case '*':
			case '/':
			case '%':
				tokens.push({ type: 'arith', value: ch, pos });
				break;
			case '!':
				tokens.push({ type: 'not', value: ch, pos });
				break;
			case '(':
			case ')':
				tokens.push({ type: ch, value: ch, pos });
				break;
			default: {
				// Report whole code points so an emoji is not shown as half a surrogate pair.
				const cp = text.codePointAt(i) ?? c;
				throw new QualificationError(
					`Unexpected character '${describeText(String.fromCodePoint(cp))}'`,
					'syntax',
					pos,
				);
			}
		}
		i++;
	}
	tokens.push({ type: 'eof', value: '', pos: n });
	return tokens;
}
