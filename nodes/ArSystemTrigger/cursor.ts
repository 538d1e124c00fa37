import type { QualCondition, QualField } from '../ArSystem/helpers/qualification';
import { buildCondition, combine, fieldRef } from '../ArSystem/helpers/qualification';

/**
 * The poll cursor, kept in workflow static data as plain JSON (durable pollers store it as is).
 *
 * AR stamps Modified Date when a write starts, but the entry becomes visible only when the write
 * commits, after the site's filters ran: a write stamped earlier can appear after one stamped
 * later. So the cursor is not "the newest date emitted" but a settled boundary plus what was
 * already emitted after it:
 * - `ts`: every version stamped before this second was visible when a completed read passed it,
 *   so nothing new can appear there. It moves only to a second AR's own clock says is older than
 *   the commit window (see `settledProbe`).
 * - `seen`: the versions (Request ID, Modified Date in epoch seconds) processed at or after `ts`.
 *   Each poll reads everything from `ts` on again and skips these. Its size is bounded by the
 *   entries changed inside the commit window, whatever any clock says.
 */
export interface TriggerCursor {
	ts: string;
	seen: Array<[string, number]>;
}

/** The cursor as saved before the commit window existed: it is read, then saved in the new shape. */
interface LegacyCursor {
	ts: string;
	ids: string[];
	tail?: Array<[string, number]>;
}

/** One entry version as the cursor sees it: its ID and its server-side Modified Date in epoch seconds. */
export interface CursorEntry {
	id: string;
	modified: number;
}

export const MODIFIED_DATE_ID = 6;
export const CREATE_DATE_ID = 3;
export const REQUEST_ID = 1;

/** Commit Window default, in seconds (see the option's description for why). */
export const DEFAULT_COMMIT_WINDOW = 60;
/** One day: a longer window would re-read a day of changes on every poll. */
export const MAX_COMMIT_WINDOW = 86_400;

export function toSeconds(iso: string): number {
	return Math.floor(Date.parse(iso) / 1000);
}

export function toIso(seconds: number): string {
	return new Date(seconds * 1000).toISOString();
}

function isVersion(value: unknown): value is [string, number] {
	return (
		Array.isArray(value) &&
		value.length === 2 &&
		typeof value[0] === 'string' &&
		Number.isSafeInteger(value[1])
	);
}

function hasIsoTs(value: unknown): value is { ts: string } {
	const ts = (value as { ts?: unknown } | null | undefined)?.ts;
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ts === 'string' &&
		Number.isFinite(Date.parse(ts))
	);
}

/** The stored cursor in the current shape, from the current or the legacy shape; else undefined. */
export function readCursor(value: unknown): TriggerCursor | undefined {
	if (!hasIsoTs(value)) return undefined;
	const current = value as Partial<TriggerCursor>;
	if (Array.isArray(current.seen) && current.seen.every(isVersion)) {
		return { ts: value.ts, seen: current.seen };
	}
	const legacy = value as Partial<LegacyCursor>;
	if (!Array.isArray(legacy.ids) || !legacy.ids.every((id) => typeof id === 'string'))
		return undefined;
	if (legacy.tail !== undefined && !(Array.isArray(legacy.tail) && legacy.tail.every(isVersion))) {
		return undefined;
	}
	// The legacy cursor had processed `ids` at exactly `ts` and `tail` after it: the same facts.
	const at = toSeconds(value.ts);
	return {
		ts: value.ts,
		seen: [...legacy.ids.map((id): [string, number] => [id, at]), ...(legacy.tail ?? [])],
	};
}

/** The Commit Window option as whole seconds, or a message saying what is wrong with it. */
export function commitWindowSeconds(value: unknown): number | string {
	const seconds = value === undefined || value === '' ? DEFAULT_COMMIT_WINDOW : Number(value);
	if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_COMMIT_WINDOW) {
		return `Commit Window must be a whole number of seconds from 1 to ${MAX_COMMIT_WINDOW}, got ${String(value).slice(0, 40)}`;
	}
	return seconds;
}

const MODIFIED: QualField = {
	id: MODIFIED_DATE_ID,
	name: 'Modified Date',
	datatype: 'TIME',
};
const ID: QualField = { id: REQUEST_ID, name: 'Request ID', datatype: 'CHAR' };

/** A condition on field 6 (as epoch seconds) or field 1, through the one qualification builder. */
export function on(
	field: 'modified' | 'id',
	operator: QualCondition['operator'],
	value: string | number,
): string {
	const target = field === 'modified' ? MODIFIED : ID;
	return buildCondition({ field: String(target.id), operator, value }, target);
}

/**
 * The window of one request. The first page reads from the settled boundary on (the versions in
 * `seen` come back and are dropped by the caller); later pages continue after the last entry read
 * (keyset), so an entry modified while we page moves ahead of us and is read again, rather than
 * shifting an offset and making us skip a neighbour.
 */
export function windowQualification(cursor: TriggerCursor, after?: CursorEntry): string {
	if (!after) return on('modified', 'gte', toSeconds(cursor.ts));
	return combine(
		[
			on('modified', 'gt', after.modified),
			combine([on('modified', 'equals', after.modified), on('id', 'gt', after.id)], 'AND'),
		],
		'OR',
	);
}

/** Up to this many seen versions are excluded in the query itself, keeping URLs short (~2 KB). */
export const MAX_EXCLUDED_VERSIONS = 40;

/**
 * The seen versions left out of the read by the query, while they are few: a poll with nothing new
 * then reads no rows at all. Empty when there are none or too many (then they come back and are
 * dropped by ID, and a long tail is re-read every poll).
 */
export function seenExclusion(cursor: TriggerCursor): string {
	if (cursor.seen.length === 0 || cursor.seen.length > MAX_EXCLUDED_VERSIONS) return '';
	return combine(
		cursor.seen.map(([id, modified]) =>
			combine([on('id', 'notEquals', id), on('modified', 'notEquals', modified)], 'OR'),
		),
		'AND',
	);
}

/**
 * Entries stamped before AR's own "now minus the commit window", from `from` on. AR evaluates
 * `$TIMESTAMP$` itself, so neither n8n's clock nor an HTTP `Date` header (which a proxy may set
 * from its own clock, or strip) decides which seconds are over. Asked newest first with limit 1:
 * the newest such entry's Modified Date + 1 is a second before which every write has committed.
 */
export function settledProbe(from: number, windowSeconds: number): string {
	if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
		throw new RangeError(
			`The commit window must be a positive whole number of seconds, got ${windowSeconds}`,
		);
	}
	return combine(
		[on('modified', 'gte', from), `${fieldRef(MODIFIED_DATE_ID)} < $TIMESTAMP$ - ${windowSeconds}`],
		'AND',
	);
}

/** Entries modified after they were created (the test event for Event = Updated). */
export const MODIFIED_AFTER_CREATE = `${fieldRef(MODIFIED_DATE_ID)} > ${fieldRef(CREATE_DATE_ID)}`;

const versionKey = (id: string, modified: number) => `${id}@${modified}`;

/** Whether the cursor already covers this entry version. */
export function alreadySeen(cursor: TriggerCursor, entry: CursorEntry): boolean {
	if (entry.modified < toSeconds(cursor.ts)) return true;
	return cursor.seen.some(([id, modified]) => id === entry.id && modified === entry.modified);
}

/** Whether `version` sorts after `position` in the read order (Modified Date, then Request ID). */
function isAfter(version: CursorEntry, position: CursorEntry): boolean {
	return (
		version.modified > position.modified ||
		(version.modified === position.modified && version.id > position.id)
	);
}

export interface PollOutcome {
	/** The second AR's clock said was settled, asked before the read began; undefined without an answer. */
	settledBefore?: number;
	/** The last entry read when the poll stopped early (per-poll cap or budget). */
	stoppedAt?: CursorEntry;
	/** The read left the seen versions out in its query (`seenExclusion`). */
	excludedSeen?: boolean;
}

/**
 * The cursor after a poll. `read` are the versions the poll read, in order (new or seen before).
 * The boundary moves to `settledBefore`: every version stamped before it was visible to the read,
 * which began after AR answered. It cannot pass `stoppedAt`, what was not read yet.
 *
 * `seen` becomes what the read found from the boundary on, plus the seen versions it could not
 * have found (excluded, or after `stoppedAt`) unless it found their entry at another version. A
 * version no longer found was replaced or deleted, so the tail holds the entries currently inside
 * the window (or at most MAX_EXCLUDED_VERSIONS more), however many times they changed.
 */
export function advance(
	cursor: TriggerCursor,
	read: CursorEntry[],
	outcome: PollOutcome = {},
): TriggerCursor {
	const { settledBefore, stoppedAt, excludedSeen } = outcome;
	const from = toSeconds(cursor.ts);
	let ts = Math.max(from, settledBefore ?? from);
	if (stoppedAt) ts = Math.max(from, Math.min(ts, stoppedAt.modified));
	const readIds = new Set(read.map((entry) => entry.id));
	const unread = cursor.seen.filter(
		([id, modified]) =>
			!readIds.has(id) &&
			(excludedSeen === true || (stoppedAt !== undefined && isAfter({ id, modified }, stoppedAt))),
	);
	const seen = new Map<string, [string, number]>();
	for (const version of [...read.map((e): [string, number] => [e.id, e.modified]), ...unread]) {
		if (version[1] >= ts) seen.set(versionKey(version[0], version[1]), version);
	}
	return { ts: toIso(ts), seen: [...seen.values()] };
}

/**
 * Created when the entry was never modified after creation, or was created inside what the cursor
 * still reads (at or after `ts`) and no version of it was processed yet (a new entry edited again
 * before this poll); otherwise updated.
 */
export function classify(
	cursor: TriggerCursor | undefined,
	entry: CursorEntry,
	created: number | undefined,
): 'created' | 'updated' {
	if (created === undefined) return 'updated';
	if (created === entry.modified) return 'created';
	if (!cursor || created < toSeconds(cursor.ts)) return 'updated';
	return cursor.seen.some(([id]) => id === entry.id) ? 'updated' : 'created';
}
