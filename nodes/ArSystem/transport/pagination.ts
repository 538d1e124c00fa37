/**
 * Offset/limit paging that returns exactly the matching entries: no duplicates, no silent
 * truncation when the server caps the page size, at most one request more than needed.
 *
 * Rule, applied after each page (see `applyPage`):
 * 1. an empty page ends it;
 * 2. reaching the user's Limit ends it (the last request asks only for what is still needed);
 * 3. a `next` link means continue;
 * 4. a missing `next` ends it where this listing has shown that the server sends `next` on such
 *    a page: a full page, once any page carried `next`; a short page, once a short (capped) page
 *    carried `next`, or once a full page of at least this size carried `next` (so the short one
 *    is not a cap);
 * 5. otherwise sizes decide: a full page means continue; the first short page may be a server
 *    cap, so its size becomes a tentative cap and paging continues; a later page shorter than
 *    the cap ends it.
 * A top-level `_links` with only `self` is not taken as proof of the end: some servers send
 * `self` but never `next`, and some send `next` on full pages but only `self` on a page they cut
 * short at their cap; trusting either would truncate at the first capped page. The price is one
 * extra request for a result smaller than a page.
 * Offsets advance by the rows actually returned, and the sort always ends in the ID field so
 * that offsets address a stable order.
 */
import { NodeOperationError } from 'n8n-workflow';

import { listEntries } from './entries';
import { isCancelled } from './request';
import type { ArEntry, ArFunctions, ArListPage, ArListQuery, ArSort } from './types';

export interface PaginationOptions {
	/** Max entries to return; undefined = Return All. */
	limit?: number;
	/** Rows asked for per request; default 1000. */
	pageSize?: number;
	/** Pages fetched at once after the first; default 1 (sequential). */
	concurrency?: number;
	/** Name of field 1 on this form, appended to the sort so pages are stable. */
	idField: string;
}

export const DEFAULT_PAGE_SIZE = 1000;
export const MAX_CONCURRENCY = 10;

/** Fetches `limit` rows from `offset`. */
export type PageFetcher = (offset: number, limit: number) => Promise<ArListPage>;

export interface PagingState {
	/** Next offset to ask for: advanced by the rows actually returned. */
	offset: number;
	/** Entries handed to the caller so far. */
	delivered: number;
	/** Page size the server appears to cap at. */
	cap?: number;
	/** The cap was guessed from one short page and not confirmed yet. */
	capTentative: boolean;
	/** A page the server cut short carried `next`: this server links capped pages too. */
	nextOnShort: boolean;
	/** The largest request whose page came back full and carried `next`. */
	nextOnFullUpTo?: number;
	done: boolean;
}

export const initialPagingState = (): PagingState => ({
	offset: 0,
	delivered: 0,
	capTentative: false,
	nextOnShort: false,
	done: false,
});

/** Whether this listing has shown that the server would have sent `next` on this page. */
function missingNextMeansEnd(state: PagingState, returned: number, requested: number): boolean {
	const sawNext = state.nextOnShort || state.nextOnFullUpTo !== undefined;
	if (returned >= requested) return sawNext;
	return state.nextOnShort || (state.nextOnFullUpTo !== undefined && requested <= state.nextOnFullUpTo);
}

/** Rows to ask for next: the page size, or less when the Limit is close. */
export function requestSize(state: PagingState, pageSize: number, limit?: number): number {
	return limit === undefined ? pageSize : Math.min(pageSize, limit - state.delivered);
}

/** Applies the paging rule to one page: which entries to keep and whether to go on. */
export function applyPage(
	state: PagingState,
	page: ArListPage,
	requested: number,
	limit?: number,
): { state: PagingState; keep: ArEntry[] } {
	const returned = page.entries.length;
	const keep = limit === undefined ? page.entries : page.entries.slice(0, limit - state.delivered);
	const next: PagingState = {
		...state,
		offset: state.offset + returned,
		delivered: state.delivered + keep.length,
	};

	if (returned === 0 || (limit !== undefined && next.delivered >= limit)) {
		next.done = true;
	} else if (page.hasNext) {
		// Links vouch for more rows; a short page here reveals the server's cap.
		if (returned < requested) {
			if (next.cap === undefined) next.cap = returned;
			next.nextOnShort = true;
		} else {
			next.nextOnFullUpTo = Math.max(next.nextOnFullUpTo ?? 0, requested);
		}
		next.capTentative = false;
	} else if (missingNextMeansEnd(state, returned, requested)) {
		next.done = true;
	} else {
		const expected = next.cap === undefined ? requested : Math.min(requested, next.cap);
		if (returned >= expected) {
			next.capTentative = false;
		} else if (next.cap === undefined) {
			next.cap = returned;
			next.capTentative = true;
		} else {
			next.done = true;
		}
	}
	return { state: next, keep };
}

/** The page size to plan concurrent requests with, once the server has revealed it. */
function effectivePageSize(state: PagingState, pageSize: number): number | undefined {
	if (state.capTentative) return undefined;
	return state.cap === undefined ? pageSize : Math.min(pageSize, state.cap);
}

export interface PaginateOptions {
	limit?: number;
	pageSize?: number;
	concurrency?: number;
	isCancelled?: () => boolean;
}

function positiveInteger(value: number | undefined, fallback: number): number {
	if (value === undefined || !Number.isFinite(value)) return fallback;
	return Math.max(1, Math.floor(value));
}

/**
 * Yields the entries page by page in offset order, using `fetchPage` for the requests. With
 * concurrency > 1, once a page has revealed the effective page size, the next `concurrency`
 * offsets are fetched at once; pages are still applied in order, and anything after the end
 * (or after a page that did not land where planned) is dropped, so the result equals
 * sequential paging.
 */
export async function* paginate(
	fetchPage: PageFetcher,
	options: PaginateOptions = {},
): AsyncGenerator<ArEntry[]> {
	const pageSize = positiveInteger(options.pageSize, DEFAULT_PAGE_SIZE);
	const concurrency = Math.min(positiveInteger(options.concurrency, 1), MAX_CONCURRENCY);
	const limit = options.limit === undefined ? undefined : Math.max(0, Math.floor(options.limit));
	const cancelled = options.isCancelled ?? (() => false);
	let state = initialPagingState();
	let sizeKnown = false;
	if (limit === 0) return;

	while (!state.done && !cancelled()) {
		const plannedSize = sizeKnown ? effectivePageSize(state, pageSize) : undefined;
		if (concurrency === 1 || plannedSize === undefined) {
			const requested = requestSize(state, pageSize, limit);
			const page = await fetchPage(state.offset, requested);
			const applied = applyPage(state, page, requested, limit);
			state = applied.state;
			sizeKnown = !state.capTentative;
			if (applied.keep.length) yield applied.keep;
			continue;
		}

		const plan: Array<{ offset: number; requested: number }> = [];
		for (let i = 0; i < concurrency; i++) {
			const before = state.delivered + i * plannedSize;
			const requested = limit === undefined ? plannedSize : Math.min(plannedSize, limit - before);
			if (requested <= 0) break;
			plan.push({ offset: state.offset + i * plannedSize, requested });
		}
		const results = await Promise.allSettled(
			plan.map(async ({ offset, requested }) => await fetchPage(offset, requested)),
		);
		for (let i = 0; i < plan.length && !state.done; i++) {
			// A page that did not start where the previous one ended is re-fetched next round.
			if (plan[i].offset !== state.offset) break;
			const result = results[i];
			if (result.status === 'rejected') throw result.reason;
			const applied = applyPage(state, result.value, plan[i].requested, limit);
			state = applied.state;
			if (applied.keep.length) yield applied.keep;
			if (state.capTentative) {
				sizeKnown = false;
				break;
			}
		}
	}
}

/** The sort with the ID field appended (ascending) unless the caller already sorts by it. */
export function withStableSort(sort: ArSort[] | undefined, idField: string): ArSort[] {
	const result = [...(sort ?? [])];
	const id = idField.trim();
	if (id && !result.some((s) => s.field.trim().toLowerCase() === id.toLowerCase())) {
		result.push({ field: id, direction: 'asc' });
	}
	return result;
}

/** The entries of a list query, page by page (the trigger stops early on its poll budget). */
export async function* pages(
	this: ArFunctions,
	form: string,
	query: Omit<ArListQuery, 'offset' | 'limit'>,
	options: PaginationOptions,
): AsyncGenerator<ArEntry[]> {
	const sort = withStableSort(query.sort, options.idField);
	const fetchPage: PageFetcher = async (offset, limit) =>
		await listEntries.call(this, form, { ...query, sort, offset, limit });
	yield* paginate(fetchPage, {
		limit: options.limit,
		pageSize: options.pageSize,
		concurrency: options.concurrency,
		isCancelled: () => isCancelled(this),
	});
	if (isCancelled(this)) {
		throw new NodeOperationError(
			this.getNode(),
			'The execution was cancelled while reading entries',
		);
	}
}

/** All entries of a list query (up to `limit`), in server order. */
export async function arRequestAllPages(
	this: ArFunctions,
	form: string,
	query: Omit<ArListQuery, 'offset' | 'limit'>,
	options: PaginationOptions,
): Promise<ArEntry[]> {
	const entries: ArEntry[] = [];
	for await (const page of pages.call(this, form, query, options)) {
		entries.push(...page);
	}
	return entries;
}
