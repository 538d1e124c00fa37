/**
 * Lists (RFC 7644 §3.4.2.4): 1-based `startIndex`, `count`, and an exact `totalResults`.
 *
 * The AR REST API has no count, so a list reads the matching Request IDs first (one field, page
 * by page, sorted by Request ID so pages never skip or repeat), which gives the total and the
 * slice; then it reads the whole entries of that slice only, by ID.
 */
import type { FormMetadata } from '../metadata';
import { anyOfQualification, chunkValuesForUrl } from '../qualification';
import { entryId } from '../query';
import type { ArEntry } from '../../transport';
import { listEntries } from '../../transport';
import { arRequestAllPages } from '../../transport/pagination';
import type { ScimContext } from './context';
import { badRequest } from './errors';
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

/** The total of matching entries and the entries of the requested slice. */
export async function listSlice(
	ctx: ScimContext,
	metadata: FormMetadata,
	q: Qualification,
	page: Page,
	fields?: string[],
): Promise<{ total: number; entries: ArEntry[] }> {
	if (q === false) return { total: 0, entries: [] };
	const idName = metadata.idField.name;
	const idEntries = await arRequestAllPages.call(
		ctx.fn,
		metadata.form,
		{ q: q === true ? undefined : q, fields: [idName] },
		{ idField: idName },
	);
	const ids = idEntries.map((e) => entryId(e, idName)).filter((id): id is string => id !== undefined);
	const slice = ids.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
	return { total: ids.length, entries: await entriesByIds(ctx, metadata, slice, fields) };
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
