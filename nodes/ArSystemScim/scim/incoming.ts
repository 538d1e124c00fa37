/**
 * The HTTP request n8n hands the SCIM node, as a ScimRequest. n8n parses `application/json`
 * bodies but not `application/scim+json` (its Webhook node keeps those as binary files, which is
 * how identity providers' passwords ended up on disk): the node reads the raw body itself and
 * parses it in memory, so nothing of it is stored.
 */
import type { ScimRequest } from './handler';

/** What the node reads of n8n's (Express) request. */
export interface IncomingRequest {
	method?: string;
	/** Path and query as received, e.g. /webhook/<id>/scim/v2/Users?filter=… */
	originalUrl?: string;
	url?: string;
	query?: unknown;
	headers?: Record<string, unknown>;
	body?: unknown;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

function segments(path: string): string[] {
	return path.split('/').filter((s) => s !== '');
}

/**
 * The SCIM path after the node's base path: `/webhook/<id>/scim/v2/Users/7` with base `scim/v2`
 * → `Users/7`. The base is matched as whole segments, last occurrence first, so an id that
 * repeats a base segment cannot confuse it.
 */
export function pathAfterBase(urlPath: string, basePath: string): string {
	const url = segments(urlPath.split('?')[0]);
	const base = segments(basePath);
	if (base.length === 0) return url.join('/');
	for (let at = url.length - base.length; at >= 0; at--) {
		if (base.every((segment, k) => url[at + k] === segment)) return url.slice(at + base.length).join('/');
	}
	return url.join('/');
}

/** The body: JSON parsed from the raw bytes whatever the content type said, or what n8n parsed. */
async function bodyOf(req: IncomingRequest): Promise<{ body?: unknown; invalidBody?: boolean }> {
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	const raw = req.rawBody;
	if (raw && raw.length > 0) {
		const text = raw.toString('utf8');
		if (text.trim() === '') return {};
		try {
			return { body: JSON.parse(text) as unknown };
		} catch {
			// Answered as a 400 after the bearer check: an unauthenticated caller learns nothing.
			return { invalidBody: true };
		}
	}
	const body = req.body;
	if (body === undefined || body === null || body === '') return {};
	if (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0) return {};
	return { body };
}

function queryOf(query: unknown): Record<string, unknown> {
	return typeof query === 'object' && query !== null ? { ...(query as Record<string, unknown>) } : {};
}

export async function scimRequestFrom(req: IncomingRequest, basePath: string): Promise<ScimRequest> {
	return {
		method: String(req.method ?? ''),
		path: pathAfterBase(String(req.originalUrl ?? req.url ?? ''), basePath),
		query: queryOf(req.query),
		headers: req.headers ?? {},
		...(await bodyOf(req)),
	};
}

/** The identity provider's id of the request, for the audit trail (Entra: client-request-id). */
export function requestIdOf(headers: Record<string, unknown> | undefined): string | undefined {
	for (const name of ['client-request-id', 'x-request-id', 'x-okta-request-id', 'request-id', 'x-correlation-id']) {
		const value = headers?.[name];
		const text = Array.isArray(value) ? value[0] : value;
		if (typeof text === 'string' && text.trim() !== '') return text.trim().slice(0, 200);
	}
	return undefined;
}
