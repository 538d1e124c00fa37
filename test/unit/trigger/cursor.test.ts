import {
	advance,
	alreadySeen,
	classify,
	isCursor,
	toIso,
	toSeconds,
	windowQualification,
} from '../../../nodes/ArSystemTrigger/cursor';

const T = 1_700_000_000;
const cursorAt = (seconds: number, ids: string[] = []) => ({ ts: toIso(seconds), ids });

describe('trigger cursor', () => {
	it('round-trips seconds through ISO text (plain JSON, no Date objects)', () => {
		const cursor = cursorAt(T, ['a']);
		expect(typeof cursor.ts).toBe('string');
		expect(toSeconds(cursor.ts)).toBe(T);
		expect(JSON.parse(JSON.stringify(cursor))).toEqual(cursor);
		expect(isCursor(cursor)).toBe(true);
		expect(isCursor({ ts: 'not a date', ids: [] })).toBe(false);
		expect(isCursor(undefined)).toBe(false);
		expect(isCursor({ ts: cursor.ts })).toBe(false);
	});

	it('asks for the cursor second minus seen IDs first, then by keyset after the last entry read', () => {
		expect(windowQualification(cursorAt(T))).toBe(`'6' >= ${T}`);
		expect(windowQualification(cursorAt(T, ['a', 'b"c']))).toBe(
			`('6' > ${T}) OR (('6' = ${T}) AND ('1' != "a") AND ('1' != "b""c"))`,
		);
		const many = Array.from({ length: 51 }, (_, index) => String(index));
		expect(windowQualification(cursorAt(T, many))).toBe(`'6' >= ${T}`);
		expect(windowQualification(cursorAt(T), { id: '000000000000042', modified: T + 5 })).toBe(
			`('6' > ${T + 5}) OR (('6' = ${T + 5}) AND ('1' > "000000000000042"))`,
		);
	});

	it('skips only the entries already processed at exactly the cursor second', () => {
		const cursor = cursorAt(T, ['a', 'b']);
		expect(alreadySeen(cursor, { id: 'a', modified: T })).toBe(true);
		expect(alreadySeen(cursor, { id: 'c', modified: T })).toBe(false);
		expect(alreadySeen(cursor, { id: 'a', modified: T + 1 })).toBe(false);
		expect(alreadySeen(cursor, { id: 'z', modified: T - 1 })).toBe(true);
	});

	const read = (id: string, modified: number, open = false) => ({ id, modified, open });

	it('merges IDs while the second stays and restarts them when it moves', () => {
		expect(advance(cursorAt(T, ['a']), [read('b', T)], [read('b', T)])).toEqual(cursorAt(T, ['a', 'b']));
		const entries = [read('c', T + 1), read('d', T + 2), read('e', T + 2)];
		expect(advance(cursorAt(T, ['a']), entries, entries)).toEqual(cursorAt(T + 2, ['d', 'e']));
		expect(advance(cursorAt(T, ['a']), [], [])).toEqual(cursorAt(T, ['a']));
	});

	it('stays behind seconds that were not over, remembering what it emitted there', () => {
		const entries = [read('c', T + 1), read('d', T + 2, true), read('a', T + 3, true)];
		const next = advance(cursorAt(T, ['a']), entries, entries);
		expect(next).toEqual({ ...cursorAt(T + 1, ['c']), tail: [['d', T + 2], ['a', T + 3]] });
		expect(alreadySeen(next, { id: 'd', modified: T + 2 })).toBe(true);
		expect(alreadySeen(next, { id: 'd', modified: T + 4 })).toBe(false);
		expect(alreadySeen(next, { id: 'x', modified: T + 2 })).toBe(false);
		// Next poll: those seconds are over now; the cursor moves over them, emitted or not.
		const later = advance(next, [read('d', T + 2), read('x', T + 2), read('a', T + 3)], [read('x', T + 2)]);
		expect(later).toEqual(cursorAt(T + 3, ['a']));
		expect(isCursor(next)).toBe(true);
	});

	it('does not let skipped entries hide an open second', () => {
		const cursor = { ...cursorAt(T, []), tail: [['s', T + 1]] as Array<[string, number]> };
		const next = advance(cursor, [read('s', T + 1, true), read('n', T + 1, true)], [read('n', T + 1)]);
		expect(next).toEqual({ ...cursorAt(T, []), tail: [['s', T + 1], ['n', T + 1]] });
	});

	it('classifies created vs updated from the server dates', () => {
		const cursor = cursorAt(T);
		expect(classify(cursor, { id: 'x', modified: T + 10 }, T + 10)).toBe('created');
		expect(classify(cursor, { id: 'x', modified: T + 10 }, T + 3)).toBe('created');
		expect(classify(cursor, { id: 'x', modified: T + 10 }, T - 100)).toBe('updated');
		expect(classify(undefined, { id: 'x', modified: T }, T - 1)).toBe('updated');
		expect(classify(cursor, { id: 'x', modified: T }, undefined)).toBe('updated');
	});
});
