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
			`('6' > ${T}) OR ('6' = ${T} AND '1' != "a" AND '1' != "b""c")`,
		);
		const many = Array.from({ length: 51 }, (_, index) => String(index));
		expect(windowQualification(cursorAt(T, many))).toBe(`'6' >= ${T}`);
		expect(windowQualification(cursorAt(T), { id: '000000000000042', modified: T + 5 })).toBe(
			`('6' > ${T + 5}) OR ('6' = ${T + 5} AND '1' > "000000000000042")`,
		);
	});

	it('skips only the entries already processed at exactly the cursor second', () => {
		const cursor = cursorAt(T, ['a', 'b']);
		expect(alreadySeen(cursor, { id: 'a', modified: T })).toBe(true);
		expect(alreadySeen(cursor, { id: 'c', modified: T })).toBe(false);
		expect(alreadySeen(cursor, { id: 'a', modified: T + 1 })).toBe(false);
		expect(alreadySeen(cursor, { id: 'z', modified: T - 1 })).toBe(true);
	});

	it('merges IDs while the second stays and restarts them when it moves', () => {
		expect(advance(cursorAt(T, ['a']), [{ id: 'b', modified: T }])).toEqual(cursorAt(T, ['a', 'b']));
		expect(
			advance(cursorAt(T, ['a']), [
				{ id: 'c', modified: T + 1 },
				{ id: 'd', modified: T + 2 },
				{ id: 'e', modified: T + 2 },
			]),
		).toEqual(cursorAt(T + 2, ['d', 'e']));
		expect(advance(cursorAt(T, ['a']), [])).toEqual(cursorAt(T, ['a']));
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
