/**
 * URL and query-string building for the AR REST API. Pure functions: the only place that knows
 * how paths and parameters are encoded.
 *
 * The query string is built by hand rather than through `qs`, because AR needs
 * `fields=values(A,B)` with raw parentheses and commas (servers reject them %-encoded), while
 * the names inside and the qualification must be fully encoded.
 */
import type { ArListQuery, ArSort } from './types';

export const ENTRY_API = '/api/arsys/v1/entry';
export const MERGE_API = '/api/arsys/v1/mergeEntry';
export const FIELDS_API = '/api/arsys/v1.0/fields';
export const FORMS_API = '/api/arsys/v1.0/form';

/** RFC 3986 encoding: like encodeURIComponent, but also escapes `!'()*`. */
export function strictEncode(value: string): string {
	return encodeURIComponent(value).replace(
		/[!'()*]/g,
		(char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
	);
}

/** A URL as it may be shown: without user info. */
export function displayUrl(url: string): string {
	return url.replace(/\/\/[^/@]*@/, '//');
}

/** The credential's Server URL without surrounding blanks and trailing slashes. */
export function normaliseBaseUrl(raw: unknown): string {
	return String(raw ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/** Form names go into the path encoded, but with `:` kept as is, as recorded hrefs show. */
export function encodeFormName(form: string): string {
	return strictEncode(form).replace(/%3A/g, ':');
}

/** Entry IDs are fully encoded: join-form IDs contain `|`. */
export function encodeEntryId(id: string): string {
	return strictEncode(id);
}

export function entryPath(form: string, id?: string): string {
	const formPath = `${ENTRY_API}/${encodeFormName(form)}`;
	return id === undefined ? formPath : `${formPath}/${encodeEntryId(id)}`;
}

export function mergePath(form: string): string {
	return `${MERGE_API}/${encodeFormName(form)}`;
}

export function fieldsPath(form: string): string {
	return `${FIELDS_API}/${encodeFormName(form)}`;
}

/** `values(A%20B,C)`: names encoded, parentheses and separators raw. */
export function fieldsParam(fields: string[]): string {
	return `values(${fields.map(strictEncode).join(',')})`;
}

/** `Name.asc,Other%20Field.desc`. */
export function sortParam(sort: ArSort[]): string {
	return sort.map(({ field, direction }) => `${strictEncode(field)}.${direction}`).join(',');
}

/** Joins already-encoded parameters, skipping undefined ones. */
export function joinQuery(params: Array<[string, string | number | undefined]>): string {
	return params
		.filter((param): param is [string, string | number] => param[1] !== undefined)
		.map(([name, value]) => `${name}=${value}`)
		.join('&');
}

/** The query string of a list request (without `?`). `limit` is always sent. */
export function listQueryString(query: ArListQuery, defaultLimit: number): string {
	const q = query.q?.trim();
	return joinQuery([
		['q', q ? strictEncode(q) : undefined],
		['fields', query.fields?.length ? fieldsParam(query.fields) : undefined],
		['sort', query.sort?.length ? sortParam(query.sort) : undefined],
		['offset', query.offset ? query.offset : undefined],
		['limit', query.limit ?? defaultLimit],
	]);
}

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		return segment;
	}
}

/**
 * The entry ID at the end of a `Location` header, absolute or relative
 * (`https://host/api/arsys/v1/entry/User/000000000000012` → `000000000000012`).
 * Undefined when the header is missing or points at the form itself.
 */
export function entryIdFromLocation(location: unknown, form: string): string | undefined {
	if (typeof location !== 'string') return undefined;
	const path = location.trim().split(/[?#]/)[0].replace(/\/+$/, '');
	const lastSegment = decodeSegment(path.slice(path.lastIndexOf('/') + 1));
	if (!lastSegment || lastSegment === form) return undefined;
	return lastSegment;
}
