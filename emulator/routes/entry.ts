/**
 * `/entry/{form}` and `/entry/{form}/{id}`: list, get, create, update, delete (reference §3, §4).
 */
import { entryUrl, readJsonBody, sendEmpty, sendJson } from '../context';
import type { RequestContext } from '../context';
import { ArError, ArErrorNumber, entryNotFound, malformed } from '../errors';
import { formatEntryValues, parseValues } from '../format';
import type { FormIndex } from '../forms/spec';
import type { EntryValues } from '../forms/types';
import { parseCount, parseFieldsParam, parseSortParam } from '../query';
import { runSiteFilters } from '../siteFilters';
import type { WriteContext } from '../store';
import { checkWrite } from './permissions';

const MAX_ID_LENGTH = 15;

/** 400/101 for IDs over 15 characters; join IDs are checked per member part. */
export function checkIdLength(index: FormIndex, id: string): void {
	const parts = index.spec.joinOf ? id.split('|') : [id];
	if (parts.some((p) => p.length > MAX_ID_LENGTH)) {
		throw new ArError(400, ArErrorNumber.ENTRY_ID_TOO_LONG, id);
	}
}

/**
 * The request's query string with `offset` replaced, every other parameter kept as sent; with
 * `rebuiltLinks`, rebuilt as recorded servers do: `offset`, then `limit`, then the rest.
 */
function withOffset(ctx: RequestContext, offset: number): string {
	const parts = ctx.rawQuery === '' ? [] : ctx.rawQuery.split('&');
	if (ctx.state.options.rebuiltLinks) {
		const name = (p: string) => p.split('=')[0];
		const limit = parts.filter((p) => name(p) === 'limit').slice(0, 1);
		const rest = parts.filter((p) => name(p) !== 'offset' && name(p) !== 'limit');
		return `${ctx.origin}${ctx.rawPath}?${[`offset=${offset}`, ...limit, ...rest].join('&')}`;
	}
	let replaced = false;
	const kept: string[] = [];
	for (const p of parts) {
		if (p.split('=')[0] === 'offset') {
			if (!replaced) kept.push(`offset=${offset}`);
			replaced = true;
		} else {
			kept.push(p);
		}
	}
	if (!replaced) kept.push(`offset=${offset}`);
	return `${ctx.origin}${ctx.rawPath}?${kept.join('&')}`;
}

export function listEntries(ctx: RequestContext, form: string): void {
	const { state, query } = ctx;
	const index = state.store.form(form);
	const fields = parseFieldsParam(index, query.get('fields'));
	const sort = parseSortParam(index, query.get('sort'));
	const offset = parseCount('offset', query.get('offset')) ?? 0;
	const limit = parseCount('limit', query.get('limit'));
	const matches = state.queries.run(form, query.get('q') ?? '', sort, {
		user: ctx.user ?? '',
		now: state.now(),
	});
	// limit 0 or absent = no client limit; the server cap (max entries) always applies.
	let pageSize = limit !== undefined && limit > 0 ? limit : Number.POSITIVE_INFINITY;
	if (state.options.maxEntries !== undefined && state.options.maxEntries > 0) {
		pageSize = Math.min(pageSize, state.options.maxEntries);
	}
	const page = matches.slice(offset, offset + pageSize);
	const entries = page.map((e) => ({
		values: formatEntryValues(index, e.values, fields),
		_links: { self: [{ href: entryUrl(ctx, form, e.id) }] },
	}));
	const mode = state.options.pageLinks;
	if (mode === 'none') {
		// Link-less mode models the recorded responses that end right after `entries` (reference
		// §3: top-level `_links` can be missing): no self, next or prev at all.
		sendJson(ctx.res, 200, state.options.numMatchesNull ? { entries, numMatches: null } : { entries });
		return;
	}
	const links: Record<string, Array<{ href: string }>> = {};
	const self = [{ href: `${ctx.origin}${ctx.rawUrl}` }];
	// 'capped-self': a page the server cap cut below the client's limit carries only self (the
	// server that truncates does not say so); a page cut by the client's own limit links on.
	const cap = state.options.maxEntries;
	const cutByServer =
		cap !== undefined &&
		cap > 0 &&
		pageSize === cap &&
		(limit === undefined || limit === 0 || limit > cap) &&
		offset + page.length < matches.length;
	if (mode === 'full' || (mode === 'capped-self' && !cutByServer)) {
		if (offset + page.length < matches.length)
			links.next = [{ href: withOffset(ctx, offset + page.length) }];
		if (offset > 0) {
			const prev = Number.isFinite(pageSize) ? Math.max(0, offset - pageSize) : 0;
			links.prev = [{ href: withOffset(ctx, prev) }];
		}
	}
	// Recorded servers put `next` ahead of `self`; the default keeps `self` first.
	const ordered = state.options.rebuiltLinks ? { ...links, self } : { self, ...links };
	const extra = state.options.numMatchesNull ? { numMatches: null } : {};
	sendJson(ctx.res, 200, { entries, ...extra, _links: ordered });
}

export function getEntry(ctx: RequestContext, form: string, id: string): void {
	const index = ctx.state.store.form(form);
	checkIdLength(index, id);
	const fields = parseFieldsParam(index, ctx.query.get('fields'));
	const entry = ctx.state.store.get(form, id);
	if (!entry) throw entryNotFound(id);
	sendJson(ctx.res, 200, {
		values: formatEntryValues(index, entry.values, fields),
		_links: { self: [{ href: entryUrl(ctx, form, id) }] },
	});
}

/** The `values` object of a create / update body, parsed to internal values. */
export function bodyValues(ctx: RequestContext, index: FormIndex): EntryValues {
	const body = readJsonBody(ctx);
	if (!('values' in body))
		throw malformed('The body must be {"values": {"Field Name": value, ...}}');
	return parseValues(index, body.values, { now: ctx.now });
}

/**
 * The store context of an HTTP write: the caller, the stamp taken when the write started, and the
 * site filters, which run last on the values the write would commit.
 */
export function writeContext(ctx: RequestContext): WriteContext {
	const { state } = ctx;
	const user = ctx.user ?? '';
	return {
		user,
		now: ctx.now,
		beforeCommit: (form, operation, values) => {
			if (state.options.siteFilters.length === 0) return;
			runSiteFilters(state.options.siteFilters, state.store.form(form), operation, values, {
				user,
				now: ctx.now,
			});
		},
	};
}

export function createEntry(ctx: RequestContext, form: string): void {
	const { state } = ctx;
	const index = state.store.form(form);
	// Validate the field list before writing anything, so a bad `fields` has no side effect. A
	// field that does not exist is silently absent from the answer, as recorded servers do (§6a).
	const fields = parseFieldsParam(index, ctx.query.get('fields'), true);
	const values = bodyValues(ctx, index);
	checkWrite(ctx, form, 'create', values);
	const id = state.store.create(form, values, writeContext(ctx));
	// Join (and display-only) forms have no entry of their own to point at.
	if (index.spec.type !== 'REGULAR') {
		sendEmpty(ctx.res, 204);
		return;
	}
	const location = { Location: entryUrl(ctx, form, id) };
	if (!fields || state.options.emptyCreateBody) {
		sendEmpty(ctx.res, 201, location);
		return;
	}
	const entry = state.store.get(form, id)!;
	sendJson(
		ctx.res,
		201,
		{
			values: formatEntryValues(index, entry.values, fields),
			// Recorded servers point `self` at the form here, not at the new entry.
			_links: { self: [{ href: entryUrl(ctx, form) }] },
		},
		location,
	);
}

export function updateEntry(ctx: RequestContext, form: string, id: string): void {
	const { state } = ctx;
	const index = state.store.form(form);
	checkIdLength(index, id);
	const values = bodyValues(ctx, index);
	if (!state.store.get(form, id)) throw entryNotFound(id);
	checkWrite(ctx, form, 'modify', values, id);
	state.store.modify(form, id, values, writeContext(ctx));
	sendEmpty(ctx.res, 204);
}

export function deleteEntry(ctx: RequestContext, form: string, id: string): void {
	const { state } = ctx;
	const index = state.store.form(form);
	checkIdLength(index, id);
	const entry = state.store.get(form, id);
	if (!entry) throw entryNotFound(id);
	checkWrite(ctx, form, 'delete', {}, id);
	if (state.options.siteFilters.length > 0) {
		// Filters run on the member form, as for create and modify through a join (same field IDs).
		const base = state.store.form(index.spec.joinOf ?? form);
		runSiteFilters(state.options.siteFilters, base, 'delete', entry.values, {
			user: ctx.user ?? '',
			now: ctx.now,
		});
	}
	state.store.delete(form, id);
	sendEmpty(ctx.res, 204);
}
