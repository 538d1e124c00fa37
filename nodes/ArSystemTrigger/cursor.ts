import type { QualCondition, QualField } from '../ArSystem/helpers/qualification';
import { buildCondition, combine } from '../ArSystem/helpers/qualification';

/**
 * The poll cursor, kept in workflow static data as plain JSON (durable pollers store it as is).
 * `ts` is the newest Modified Date processed, as ISO text at second precision, and `ids` the
 * entries already processed at exactly that second: AR stamps in whole seconds, so a later write
 * in the same second must still be picked up without repeating the ones already emitted.
 */
export interface TriggerCursor {
	ts: string;
	ids: string[];
	/**
	 * Versions already emitted from seconds after `ts` that were not over when read: the cursor
	 * stays behind such seconds (a later write there could sort before what was read), and these
	 * pairs of [Request ID, Modified Date in epoch seconds] keep them from being emitted twice.
	 */
	tail?: Array<[string, number]>;
}

/** One entry as the cursor sees it: its ID and its server-side Modified Date in epoch seconds. */
export interface CursorEntry {
	id: string;
	modified: number;
}

/** An entry as read during a poll, in the order read (Modified Date, then Request ID). */
export interface ReadEntry extends CursorEntry {
	/** Its second was not over when the server answered (per the response's Date header). */
	open: boolean;
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
		Array.isArray(cursor.ids) &&
		(cursor.tail === undefined || Array.isArray(cursor.tail))
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
const MODIFIED: QualField = { id: MODIFIED_DATE_ID, name: 'Modified Date', datatype: 'TIME' };
const ID: QualField = { id: REQUEST_ID, name: 'Request ID', datatype: 'CHAR' };

/** A condition on field 6 (as epoch seconds) or field 1, through the one qualification builder. */
export function on(field: 'modified' | 'id', operator: QualCondition['operator'], value: string | number): string {
	const target = field === 'modified' ? MODIFIED : ID;
	return buildCondition({ field: String(target.id), operator, value }, target);
}

export function windowQualification(cursor: TriggerCursor, after?: CursorEntry): string {
	if (after) {
		return combine(
			[
				on('modified', 'gt', after.modified),
				combine([on('modified', 'equals', after.modified), on('id', 'gt', after.id)], 'AND'),
			],
			'OR',
		);
	}
	const ts = toSeconds(cursor.ts);
	// Seen versions after `ts` (the tail) come back and are dropped by the caller.
	if (cursor.ids.length === 0 || cursor.ids.length > MAX_EXCLUDED_IDS) return on('modified', 'gte', ts);
	const unseen = cursor.ids.map((seen) => on('id', 'notEquals', seen));
	return combine(
		[on('modified', 'gt', ts), combine([on('modified', 'equals', ts), ...unseen], 'AND')],
		'OR',
	);
}

/** Whether the cursor already covers this entry version. */
export function alreadySeen(cursor: TriggerCursor, entry: CursorEntry): boolean {
	const ts = toSeconds(cursor.ts);
	if (entry.modified < ts) return true;
	if (entry.modified === ts) return cursor.ids.includes(entry.id);
	return (cursor.tail ?? []).some(([id, modified]) => id === entry.id && modified === entry.modified);
}

/**
 * Moves the cursor over the entries read in this poll (emitted or already seen), in the order
 * read. It advances through finished seconds only: from the first entry whose second was still
 * open, what was emitted goes into `tail` instead, and those seconds are read again next poll.
 */
export function advance(cursor: TriggerCursor, read: ReadEntry[], emitted: CursorEntry[]): TriggerCursor {
	let ts = toSeconds(cursor.ts);
	let ids = [...cursor.ids];
	const tail = new Map((cursor.tail ?? []).map(([id, modified]) => [`${id}@${modified}`, [id, modified] as [string, number]]));
	const emittedKeys = new Set(emitted.map((entry) => `${entry.id}@${entry.modified}`));
	let settled = true;
	for (const entry of read) {
		if (entry.open) settled = false;
		if (settled) {
			if (entry.modified > ts) {
				ts = entry.modified;
				ids = [];
			}
			if (entry.modified === ts && !ids.includes(entry.id)) ids.push(entry.id);
		} else if (emittedKeys.has(`${entry.id}@${entry.modified}`)) {
			tail.set(`${entry.id}@${entry.modified}`, [entry.id, entry.modified]);
		}
	}
	const remaining: Array<[string, number]> = [];
	for (const [id, modified] of tail.values()) {
		if (modified > ts) remaining.push([id, modified]);
		else if (modified === ts && !ids.includes(id)) ids.push(id);
	}
	return remaining.length > 0 ? { ts: toIso(ts), ids, tail: remaining } : { ts: toIso(ts), ids };
}

/**
 * Created when the entry was never modified after creation, or was created after the cursor
 * (a new entry edited again before this poll) and has not been emitted yet; otherwise updated.
 */
export function classify(
	cursor: TriggerCursor | undefined,
	entry: CursorEntry,
	created: number | undefined,
): 'created' | 'updated' {
	if (created === undefined) return 'updated';
	if (created === entry.modified) return 'created';
	if (!cursor || created <= toSeconds(cursor.ts)) return 'updated';
	const emittedBefore = (cursor.tail ?? []).some(([id]) => id === entry.id);
	return emittedBefore ? 'updated' : 'created';
}
