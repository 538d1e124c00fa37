import { fieldRef, quoteString } from '../ArSystem/helpers/qualification';

/**
 * The poll cursor, kept in workflow static data as plain JSON (durable pollers store it as is).
 * `ts` is the newest Modified Date processed, as ISO text at second precision, and `ids` the
 * entries already processed at exactly that second: AR stamps in whole seconds, so a later write
 * in the same second must still be picked up without repeating the ones already emitted.
 */
export interface TriggerCursor {
	ts: string;
	ids: string[];
}

/** One entry as the cursor sees it: its ID and its server-side Modified Date in epoch seconds. */
export interface CursorEntry {
	id: string;
	modified: number;
}

export const MODIFIED_DATE_ID = 6;
export const CREATE_DATE_ID = 3;
export const REQUEST_ID = 1;

export function toSeconds(iso: string): number {
	return Math.floor(Date.parse(iso) / 1000);
}

export function toIso(seconds: number): string {
	return new Date(seconds * 1000).toISOString();
}

export function isCursor(value: unknown): value is TriggerCursor {
	const cursor = value as TriggerCursor | undefined;
	return (
		typeof cursor === 'object' &&
		cursor !== null &&
		typeof cursor.ts === 'string' &&
		Number.isFinite(Date.parse(cursor.ts)) &&
		Array.isArray(cursor.ids)
	);
}

/** Up to this many seen IDs are excluded in the query itself, keeping URLs short. */
export const MAX_EXCLUDED_IDS = 50;

/**
 * The window of one request. The first page covers the cursor's second too, minus the entries
 * already seen there (excluded in the query while few, so an idle poll is one empty page; dropped
 * by ID afterwards otherwise). Later pages continue after the last entry read (keyset), so an
 * entry modified while we page moves behind us and is read again, rather than shifting an offset
 * and making us skip a neighbour.
 */
export function windowQualification(cursor: TriggerCursor, after?: CursorEntry): string {
	const modified = fieldRef(MODIFIED_DATE_ID);
	const id = fieldRef(REQUEST_ID);
	if (after) {
		return (
			`(${modified} > ${after.modified}) OR ` +
			`(${modified} = ${after.modified} AND ${id} > ${quoteString(after.id)})`
		);
	}
	const ts = toSeconds(cursor.ts);
	if (cursor.ids.length === 0 || cursor.ids.length > MAX_EXCLUDED_IDS) return `${modified} >= ${ts}`;
	const unseen = cursor.ids.map((seen) => `${id} != ${quoteString(seen)}`).join(' AND ');
	return `(${modified} > ${ts}) OR (${modified} = ${ts} AND ${unseen})`;
}

/** Whether the cursor already covers this entry version. */
export function alreadySeen(cursor: TriggerCursor, entry: CursorEntry): boolean {
	const ts = toSeconds(cursor.ts);
	return entry.modified < ts || (entry.modified === ts && cursor.ids.includes(entry.id));
}

/**
 * Moves the cursor over the entries processed in this poll (in the order read: Modified Date,
 * then ID). IDs accumulate while the second stays the same and restart when it moves on.
 */
export function advance(cursor: TriggerCursor, processed: CursorEntry[]): TriggerCursor {
	let ts = toSeconds(cursor.ts);
	let ids = [...cursor.ids];
	for (const entry of processed) {
		if (entry.modified > ts) {
			ts = entry.modified;
			ids = [];
		}
		if (entry.modified === ts && !ids.includes(entry.id)) ids.push(entry.id);
	}
	return { ts: toIso(ts), ids };
}

/**
 * Created when the entry was never modified after creation, or was created after the cursor
 * (a new entry edited again before this poll); otherwise updated.
 */
export function classify(
	cursor: TriggerCursor | undefined,
	entry: CursorEntry,
	created: number | undefined,
): 'created' | 'updated' {
	if (created === undefined) return 'updated';
	if (created === entry.modified) return 'created';
	if (cursor && created > toSeconds(cursor.ts)) return 'created';
	return 'updated';
}
