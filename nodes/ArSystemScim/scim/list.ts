/**
 * Lists (RFC 7644 §3.4.2.4): 1-based `startIndex`, `count`, and an exact `totalResults`.
 *
 * The AR REST API has no count, so a listing reads the matching Request IDs (with the field it is
 * ordered by) once and keeps them as a snapshot for its following pages (see SNAPSHOT_TTL_MS):
 * the total and the order then hold for the whole listing, and each page costs one request for
 * its entries, or none when it was read ahead. Users deleted or created during a listing show up
 * in the next listing (the next startIndex=1), as with any paged read of a changing set.
 */
import type { FormMetadata } from '../../ArSystem/helpers/metadata';
import { anyOfQualification, buildCondition, chunkValuesForUrl, combine } from '../../ArSystem/helpers/qualification';
import { entryId } from '../../ArSystem/helpers/query';
import type { ArEntry } from '../../ArSystem/transport';
import { listEntries } from '../../ArSystem/transport';
import { arRequestAllPages } from '../../ArSystem/transport/pagination';
import type { ScimContext } from './context';
import { badRequest } from './errors';
import { BoundedCache } from './memory';
import type { Qualification } from './toQualification';
import { LIST_SCHEMA } from './schemas';

export interface Page {
	startIndex: number;
	count: number;
}

function integerParam(value: unknown, name: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(Array.isArray(value) ? value[0] : value).trim();
	if (!/^[-+]?\d+$/.test(text)) {
		throw badRequest(`${name} must be a whole number, got ${JSON.stringify(text.slice(0, 40))}.`);
	}
	return Number(text);
}

/** startIndex below 1 counts as 1 and a negative count as 0 (RFC 7644 §3.4.2.4). */
export function pageFrom(query: Record<string, unknown>, maxResults: number): Page {
	const startIndex = Math.max(1, integerParam(query.startIndex, 'startIndex') ?? 1);
	const count = Math.min(maxResults, Math.max(0, integerParam(query.count, 'count') ?? maxResults));
	return { startIndex, count };
}

/** A Request ID as SCIM sends it; anything AR could not hold (over 15 characters, quotes, control characters) is simply not found. */
export function plausibleId(id: string): boolean {
	if (id.length === 0 || id.length > 15) return false;
	return ![...id].some((c) => c.charCodeAt(0) < 0x20 || c === '"' || c === "'");
}

/** Entries with these IDs, in the order of `ids`, in as few URL-sized requests as possible. */
export async function entriesByIds(
	ctx: ScimContext,
	metadata: FormMetadata,
	ids: string[],
	fields?: string[],
): Promise<ArEntry[]> {
	if (ids.length === 0) return [];
	const idName = metadata.idField.name;
	const byId = new Map<string, ArEntry>();
	for (const chunk of chunkValuesForUrl(1, ids)) {
		const page = await listEntries.call(ctx.fn, metadata.form, {
			q: anyOfQualification(1, chunk),
			fields: fields && [idName, ...fields.filter((f) => f !== idName)],
			limit: chunk.length,
		});
		for (const entry of page.entries) {
			const id = entryId(entry, idName);
			if (id !== undefined) byId.set(id, entry);
		}
	}
	return ids.map((id) => byId.get(id)).filter((e): e is ArEntry => e !== undefined);
}

/** What a listing needs to know about the form it lists. */
export interface ListSpec {
	metadata: FormMetadata;
	q: Qualification;
	/** Fields read for each entry of a page. */
	fields: string[];
	/**
	 * Field the listing is ordered by (with Request ID after it). Pages are read as one range of
	 * it, so a field of a joined form kept in the same order (a login) can be read by range too.
	 */
	sortField: string;
	/** Ids that must not be listed (users deleted for SCIM). */
	hidden?: (ids: string[]) => Set<string>;
}

/**
 * A listing's matching ids in order, kept so the following pages of the same listing neither
 * re-read them nor see a total that moved under them. `window` holds the entries read ahead.
 */
interface Snapshot {
	ids: string[];
	sortValues: string[];
	window: Map<string, ArEntry>;
	/** Windows read so far: a listing that comes back for more is an import, read further ahead. */
	windowsRead: number;
	/** What the caller derived from the window (People records), when it asked. */
	extra?: unknown;
}

/**
 * A following page reuses its listing's snapshot for 60 s after the previous page (an identity
 * provider's import asks page after page); a first page (startIndex 1) always counts afresh.
 */
export const SNAPSHOT_TTL_MS = 60_000;
/** Listings kept per process, and the largest one kept (ids and sort values: about 100 bytes each). */
const MAX_SNAPSHOTS = 8;
const MAX_SNAPSHOT_IDS = 200_000;
/**
 * Pages read in one request: 3 for a listing's first window, 10 once it came back for more (an
 * import walking every page); never more entries than one request asks for (MAX_WINDOW).
 */
const FIRST_WINDOW_PAGES = 3;
const IMPORT_WINDOW_PAGES = 10;
const MAX_WINDOW = 1000;
/** Room for entries created inside the range since the snapshot. */
const WINDOW_SLACK = 50;

const snapshots = new BoundedCache<Snapshot>(MAX_SNAPSHOTS, SNAPSHOT_TTL_MS, true);

function snapshotKey(ctx: ScimContext, spec: ListSpec): string {
	return `${ctx.cacheKey}|list|${spec.metadata.form}|${spec.sortField}|${String(spec.q)}`;
}

/** Forgets every listing of this credential: a write through the bridge changes what they hold. */
export function forgetListings(ctx: ScimContext): void {
	snapshots.deletePrefix(`${ctx.cacheKey}|list|`);
}

async function takeSnapshot(ctx: ScimContext, spec: ListSpec): Promise<Snapshot> {
	const idName = spec.metadata.idField.name;
	const rows = await arRequestAllPages.call(
		ctx.fn,
		spec.metadata.form,
		{
			q: spec.q === true ? undefined : String(spec.q),
			fields: [...new Set([idName, spec.sortField])],
			sort: [{ field: spec.sortField, direction: 'asc' }],
		},
		{ idField: idName },
	);
	let ids: string[] = [];
	const sortValues: string[] = [];
	for (const row of rows) {
		const id = entryId(row, idName);
		if (id === undefined) continue;
		ids.push(id);
		sortValues.push(String(row.values[spec.sortField] ?? ''));
	}
	const hidden = spec.hidden?.(ids);
	if (hidden && hidden.size > 0) {
		const keep = ids.map((id) => !hidden.has(id));
		ids = ids.filter((_, k) => keep[k]);
		const values = sortValues.filter((_, k) => keep[k]);
		sortValues.length = 0;
		sortValues.push(...values);
	}
	return { ids, sortValues, window: new Map(), windowsRead: 0 };
}

/** Reads the entries of ids[from, to) in one range request, the stragglers by id. */
async function readWindow(ctx: ScimContext, spec: ListSpec, snap: Snapshot, from: number, to: number): Promise<void> {
	const wanted = snap.ids.slice(from, to);
	const low = snap.sortValues[from];
	const high = snap.sortValues[to - 1];
	const field = spec.metadata.byName.get(spec.sortField);
	const window = new Map<string, ArEntry>();
	const idName = spec.metadata.idField.name;
	if (low !== '' && high !== '') {
		const range = combine(
			[
				buildCondition({ field: spec.sortField, operator: 'gte', value: low }, field),
				buildCondition({ field: spec.sortField, operator: 'lte', value: high }, field),
			],
			'AND',
		);
		const limit = wanted.length + WINDOW_SLACK;
		const page = await listEntries.call(ctx.fn, spec.metadata.form, {
			q: spec.q === true ? range : combine([String(spec.q), range], 'AND'),
			fields: [...new Set([idName, spec.sortField, ...spec.fields])],
			sort: [
				{ field: spec.sortField, direction: 'asc' },
				{ field: idName, direction: 'asc' },
			],
			limit,
		});
		const inWindow = new Set(wanted);
		for (const entry of page.entries) {
			const id = entryId(entry, idName);
			if (id !== undefined && inWindow.has(id)) window.set(id, entry);
		}
	}
	// Entries the range missed (a server whose sort and comparison disagree, a truncated range).
	const missing = wanted.filter((id) => !window.has(id));
	for (const entry of await entriesByIds(ctx, spec.metadata, missing, spec.fields)) {
		window.set(entryId(entry, idName) ?? '', entry);
	}
	snap.window = window;
	snap.windowsRead++;
	snap.extra = undefined;
}

/**
 * The total of matching entries and the entries of the requested slice: the first page of a
 * listing reads the matching ids (one field, in pages) and the entries of this page and the next
 * ones in one range request; the following pages of the same listing are then served from what
 * was read, or read the next window in one request.
 */
export async function listSlice<E>(
	ctx: ScimContext,
	spec: ListSpec,
	page: Page,
	/** Derives data for a window's entries (People records) once per window. */
	enrich?: (entries: ArEntry[]) => Promise<E>,
): Promise<{ total: number; entries: ArEntry[]; extra?: E }> {
	if (spec.q === false) return { total: 0, entries: [] };
	const key = snapshotKey(ctx, spec);
	let snap = page.startIndex > 1 ? snapshots.get(key) : undefined;
	if (!snap) {
		snap = await takeSnapshot(ctx, spec);
		if (snap.ids.length <= MAX_SNAPSHOT_IDS) snapshots.set(key, snap);
	}
	const total = snap.ids.length;
	const from = page.startIndex - 1;
	const to = Math.min(total, from + page.count);
	if (from >= to) return { total, entries: [] };
	const slice = snap.ids.slice(from, to);
	if (!slice.every((id) => snap.window.has(id))) {
		const pages = snap.windowsRead === 0 ? FIRST_WINDOW_PAGES : IMPORT_WINDOW_PAGES;
		const size = Math.max(page.count, Math.min(page.count * pages, MAX_WINDOW));
		await readWindow(ctx, spec, snap, from, Math.min(total, from + size));
	}
	const entries = slice.map((id) => snap.window.get(id)).filter((e): e is ArEntry => e !== undefined);
	if (enrich && snap.extra === undefined) snap.extra = await enrich([...snap.window.values()]);
	return { total, entries, extra: snap.extra as E | undefined };
}

export function listResponse(resources: unknown[], total: number, page: Page) {
	return {
		schemas: [LIST_SCHEMA],
		totalResults: total,
		startIndex: page.startIndex,
		itemsPerPage: resources.length,
		Resources: resources,
	};
}
