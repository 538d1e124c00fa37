import {
	DEFAULT_COMMIT_WINDOW,
	MAX_EXCLUDED_VERSIONS,
	MODIFIED_AFTER_CREATE,
	advance,
	alreadySeen,
	classify,
	commitWindowSeconds,
	readCursor,
	seenExclusion,
	settledProbe,
	toIso,
	toSeconds,
	windowQualification,
} from '../../../nodes/ArSystemTrigger/cursor';
import type { TriggerCursor } from '../../../nodes/ArSystemTrigger/cursor';

const T = 1_700_000_000;
const cursorAt = (seconds: number, seen: Array<[string, number]> = []): TriggerCursor => ({
	ts: toIso(seconds),
	seen,
});
const v = (id: string, modified: number) => ({ id, modified });

describe('trigger cursor', () => {
	it('round-trips seconds through ISO text (plain JSON, no Date objects)', () => {
		const cursor = cursorAt(T, [['a', T]]);
		expect(typeof cursor.ts).toBe('string');
		expect(toSeconds(cursor.ts)).toBe(T);
		expect(JSON.parse(JSON.stringify(cursor))).toEqual(cursor);
		expect(readCursor(cursor)).toEqual(cursor);
		expect(readCursor({ ts: 'not a date', seen: [] })).toBeUndefined();
		expect(readCursor(undefined)).toBeUndefined();
		expect(readCursor({ ts: cursor.ts })).toBeUndefined();
		expect(readCursor({ ts: cursor.ts, seen: [['a', 'T']] })).toBeUndefined();
	});

	it('reads a cursor saved before the commit window existed as the same facts', () => {
		expect(readCursor({ ts: toIso(T), ids: ['a', 'b'] })).toEqual(
			cursorAt(T, [
				['a', T],
				['b', T],
			]),
		);
		expect(readCursor({ ts: toIso(T), ids: ['a'], tail: [['c', T + 2]] })).toEqual(
			cursorAt(T, [
				['a', T],
				['c', T + 2],
			]),
		);
		expect(readCursor({ ts: toIso(T), ids: [1] })).toBeUndefined();
	});

	it('reads from the boundary, then by keyset after the last entry read', () => {
		expect(windowQualification(cursorAt(T, [['a', T + 3]]))).toBe(`'6' >= ${T}`);
		expect(windowQualification(cursorAt(T), v('000000000000042', T + 5))).toBe(
			`('6' > ${T + 5}) OR (('6' = ${T + 5}) AND ('1' > "000000000000042"))`,
		);
	});

	it("asks AR's own clock which seconds are settled, never a number of ours", () => {
		expect(settledProbe(T, 60)).toBe(`('6' >= ${T}) AND ('6' < $TIMESTAMP$ - 60)`);
		expect(() => settledProbe(T, 0)).toThrow(RangeError);
		expect(() => settledProbe(T, 1.5)).toThrow(RangeError);
		expect(MODIFIED_AFTER_CREATE).toBe(`'6' > '3'`);
	});

	it('validates the Commit Window option, naming the field and the range', () => {
		expect(commitWindowSeconds(undefined)).toBe(DEFAULT_COMMIT_WINDOW);
		expect(commitWindowSeconds('')).toBe(DEFAULT_COMMIT_WINDOW);
		expect(commitWindowSeconds(5)).toBe(5);
		for (const bad of [0, -1, 2.5, 'soon', 86_401]) {
			expect(commitWindowSeconds(bad)).toMatch(
				/^Commit Window must be a whole number of seconds from 1 to 86400/,
			);
		}
	});

	it('skips a version already processed, not a newer version of the same entry', () => {
		const cursor = cursorAt(T, [
			['a', T],
			['b', T + 2],
		]);
		expect(alreadySeen(cursor, v('a', T))).toBe(true);
		expect(alreadySeen(cursor, v('b', T + 2))).toBe(true);
		expect(alreadySeen(cursor, v('a', T + 2))).toBe(false);
		expect(alreadySeen(cursor, v('c', T))).toBe(false);
		expect(alreadySeen(cursor, v('z', T - 1))).toBe(true);
	});

	it('moves the boundary only to the settled second AR named, keeping what it read after it', () => {
		const cursor = cursorAt(T, [['a', T]]);
		const read = [v('a', T), v('b', T + 1), v('c', T + 4), v('d', T + 9)];
		// AR said seconds before T + 5 are settled: a, b and c are behind the boundary now, d is not.
		expect(advance(cursor, read, { settledBefore: T + 5 })).toEqual(
			cursorAt(T + 5, [['d', T + 9]]),
		);
		// Without an answer (nothing settled, or not asked) the boundary stays and remembers all.
		expect(advance(cursor, read)).toEqual(
			cursorAt(T, [
				['a', T],
				['b', T + 1],
				['c', T + 4],
				['d', T + 9],
			]),
		);
		// Never backwards.
		expect(advance(cursorAt(T + 5), [], { settledBefore: T + 2 })).toEqual(cursorAt(T + 5));
	});

	it('forgets versions a complete read no longer finds (replaced or deleted)', () => {
		const cursor = cursorAt(T, [
			['a', T + 1],
			['b', T + 2],
			['gone', T + 2],
		]);
		// a changed again; gone was deleted; b is unchanged.
		expect(advance(cursor, [v('b', T + 2), v('a', T + 3)])).toEqual(
			cursorAt(T, [
				['b', T + 2],
				['a', T + 3],
			]),
		);
	});

	it('excludes few seen versions in the query and keeps them unless their entry was read anew', () => {
		const cursor = cursorAt(T, [
			['a', T + 1],
			['b"x', T + 2],
		]);
		expect(seenExclusion(cursor)).toBe(
			`(('1' != "a") OR ('6' != ${T + 1})) AND (('1' != "b""x") OR ('6' != ${T + 2}))`,
		);
		expect(seenExclusion(cursorAt(T))).toBe('');
		const many = Array.from({ length: MAX_EXCLUDED_VERSIONS + 1 }, (_, k): [string, number] => [
			`e${k}`,
			T,
		]);
		expect(seenExclusion(cursorAt(T, many))).toBe('');
		// a was read at a newer version; b was excluded, so not finding it says nothing.
		expect(advance(cursor, [v('a', T + 3)], { excludedSeen: true })).toEqual(
			cursorAt(T, [
				['a', T + 3],
				['b"x', T + 2],
			]),
		);
	});

	it('does not move past what a poll stopped before reading (cap or budget)', () => {
		const cursor = cursorAt(T, [['z', T + 6]]);
		const read = [v('b', T + 1), v('c', T + 4)];
		// Stopped at c: the boundary stays at c's second; z, not reached yet, stays seen.
		expect(advance(cursor, read, { settledBefore: T + 9, stoppedAt: v('c', T + 4) })).toEqual(
			cursorAt(T + 4, [
				['c', T + 4],
				['z', T + 6],
			]),
		);
		expect(
			advance(cursorAt(T + 6), [], {
				settledBefore: T + 9,
				stoppedAt: v('x', T + 3),
			}),
		).toEqual(cursorAt(T + 6));
	});

	it('keeps the tail to the entries inside the window, however often one entry changes', () => {
		let cursor = cursorAt(T);
		let maxTail = 0;
		for (let poll = 1; poll <= 200; poll++) {
			const now = T + poll * 7;
			// One entry changed every poll (nothing settles behind it), plus new entries.
			const read = [
				v('hot', now - 8),
				...Array.from({ length: 7 }, (_, k) => v(`e${poll}.${k}`, now - 6 + k)),
			];
			cursor = advance(cursor, read, {
				settledBefore: poll % 3 === 0 ? undefined : now - 10,
			});
			maxTail = Math.max(maxTail, cursor.seen.length);
			expect(cursor.seen.every(([, modified]) => modified >= toSeconds(cursor.ts))).toBe(true);
		}
		expect(maxTail).toBeLessThanOrEqual(8);
		expect(JSON.stringify(cursor).length).toBeLessThan(1000);
	});

	it('classifies created vs updated from the server dates and what was processed', () => {
		const cursor = cursorAt(T, [['seen', T + 2]]);
		expect(classify(cursor, v('x', T + 10), T + 10)).toBe('created');
		// Created inside what the cursor reads, edited again before any poll saw it.
		expect(classify(cursor, v('x', T + 10), T + 3)).toBe('created');
		// Its creation was already processed.
		expect(classify(cursor, v('seen', T + 10), T + 2)).toBe('updated');
		expect(classify(cursor, v('x', T + 10), T - 100)).toBe('updated');
		expect(classify(undefined, v('x', T), T - 1)).toBe('updated');
		expect(classify(undefined, v('x', T), T)).toBe('created');
		expect(classify(cursor, v('x', T), undefined)).toBe('updated');
	});
});
