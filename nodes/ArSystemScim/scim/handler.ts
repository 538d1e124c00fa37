/**
 * One SCIM request → one SCIM response (RFC 7644 §3): authentication, routing by path and
 * method, and every failure answered in SCIM's error format. Nothing here throws.
 */
import type { ScimContext } from './context';
import { locationOf, toScimError } from './context';
import { checkBearer } from './auth';
import { badRequest, errorBody, notFound, ScimError } from './errors';
import { getIgnoringCase } from './evaluate';
import type { Filter } from './filter';
import { parseFilter } from './filter';
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup, replaceGroup } from './groups';
import { parsePatchRequest } from './patch';
import type { ResourceKind } from './schemas';
import { resourceTypeDocuments, schemaDocuments, serviceProviderConfig, LIST_SCHEMA } from './schemas';
import { projectionFrom } from './projection';
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser } from './users';

export interface ScimRequest {
	method: string;
	/** The path after the SCIM base URL (`/Users/123`), or a longer path that contains it. */
	path: string;
	query: Record<string, unknown>;
	headers: Record<string, unknown>;
	body?: unknown;
	/** The body was sent but is not JSON (answered 400 once the caller is authenticated). */
	invalidBody?: boolean;
}

export interface ScimResponse {
	statusCode: number;
	headers: Record<string, string>;
	body?: unknown;
}

const CONTENT_TYPE = 'application/scim+json; charset=utf-8';
const ENDPOINTS = ['users', 'groups', 'serviceproviderconfig', 'resourcetypes', 'schemas', 'bulk', 'me'];

function respond(statusCode: number, body?: unknown, extra: Record<string, string> = {}): ScimResponse {
	const headers: Record<string, string> = { 'Content-Type': CONTENT_TYPE, ...extra };
	return body === undefined ? { statusCode, headers } : { statusCode, headers, body };
}

export function errorResponse(error: ScimError): ScimResponse {
	const extra: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': 'Bearer realm="SCIM"' } : {};
	return respond(error.status, errorBody(error), extra);
}

/** `/webhook/x/scim/v2/Users/abc` or `Users/abc` → ['Users', 'abc']. */
export function routeOf(path: string): { endpoint: string; rest: string[] } {
	const segments = String(path ?? '')
		.split('?')[0]
		.split('/')
		.filter((s) => s !== '')
		.map((s) => {
			try {
				return decodeURIComponent(s);
			} catch {
				throw badRequest(`The path segment ${JSON.stringify(s.slice(0, 40))} is not valid URL encoding.`, 'invalidSyntax');
			}
		});
	const at = segments.findIndex((s) => ENDPOINTS.includes(s.toLowerCase()));
	if (at < 0) {
		throw notFound(`No SCIM endpoint at ${JSON.stringify(String(path).slice(0, 80))}: use /Users, /Groups, /ServiceProviderConfig, /ResourceTypes or /Schemas.`);
	}
	return { endpoint: segments[at].toLowerCase(), rest: segments.slice(at + 1) };
}

function methodNotAllowed(method: string, where: string): ScimError {
	return new ScimError(405, `${method} is not supported on ${where}.`);
}

function filterOf(query: Record<string, unknown>): Filter | undefined {
	const raw = query.filter;
	if (raw === undefined || raw === null || raw === '') return undefined;
	return parseFilter(Array.isArray(raw) ? raw[0] : raw);
}

/** POST /Users/.search: the query parameters come in the body (RFC 7644 §3.4.3). */
function searchQuery(body: unknown): Record<string, unknown> {
	if (typeof body !== 'object' || body === null) throw badRequest('A .search body is a SearchRequest object.', 'invalidSyntax');
	const get = (name: string) => getIgnoringCase(body, name);
	const list = (value: unknown) => (Array.isArray(value) ? value.join(',') : value);
	return {
		filter: get('filter'),
		startIndex: get('startIndex'),
		count: get('count'),
		attributes: list(get('attributes')),
		excludedAttributes: list(get('excludedAttributes')),
	};
}

async function resource(ctx: ScimContext, kind: ResourceKind, request: ScimRequest, rest: string[]): Promise<ScimResponse> {
	const method = request.method;
	const where = `/${kind}s${rest.length ? '/{id}' : ''}`;
	const handlers = kind === 'User'
		? { list: listUsers, get: getUser, create: createUser, replace: replaceUser, patch: patchUser, remove: deleteUser }
		: { list: listGroups, get: getGroup, create: createGroup, replace: replaceGroup, patch: patchGroup, remove: deleteGroup };
	if (rest.length > 1) throw notFound(`No SCIM endpoint at ${JSON.stringify(request.path.slice(0, 80))}.`);
	if (rest.length === 0 || rest[0] === '.search') {
		const searching = rest[0] === '.search';
		if (searching && method !== 'POST') throw methodNotAllowed(method, `${where}/.search`);
		if (method === 'GET' || searching) {
			const query = searching ? searchQuery(request.body) : request.query;
			return respond(200, await handlers.list(ctx, filterOf(query), query, projectionFrom(kind, query)));
		}
		if (method === 'POST') {
			const created = await handlers.create(ctx, request.body, projectionFrom(kind, request.query));
			const location = locationOf(ctx, `/${kind}s/${encodeURIComponent(String(created.id))}`);
			return respond(201, created, location ? { Location: location } : {});
		}
		throw methodNotAllowed(method, where);
	}
	const id = rest[0];
	const projection = projectionFrom(kind, request.query);
	switch (method) {
		case 'GET':
			return respond(200, await handlers.get(ctx, id, projection));
		case 'PUT':
			return respond(200, await handlers.replace(ctx, id, request.body, projection));
		case 'PATCH': {
			const wantsBody = ['attributes', 'excludedAttributes'].some((k) => request.query[k] !== undefined && request.query[k] !== '');
			const patched = await handlers.patch(ctx, id, parsePatchRequest(request.body), projection, wantsBody);
			return patched === undefined ? respond(204) : respond(200, patched);
		}
		case 'DELETE':
			await handlers.remove(ctx, id);
			return respond(204);
		default:
			throw methodNotAllowed(method, where);
	}
}

function discovery<T extends { id: string }>(documents: T[], rest: string[], what: string, method: string): ScimResponse {
	if (method !== 'GET') throw methodNotAllowed(method, `/${what}`);
	if (rest.length === 0) {
		return respond(200, { schemas: [LIST_SCHEMA], totalResults: documents.length, startIndex: 1, itemsPerPage: documents.length, Resources: documents });
	}
	const found = rest.length === 1 ? documents.find((d) => d.id.toLowerCase() === rest[0].toLowerCase()) : undefined;
	if (!found) throw notFound(`No ${what} entry ${JSON.stringify(rest.join('/').slice(0, 80))}.`);
	return respond(200, found);
}

async function route(ctx: ScimContext, request: ScimRequest): Promise<ScimResponse> {
	const { endpoint, rest } = routeOf(request.path);
	const location = (path: string) => locationOf(ctx, path);
	switch (endpoint) {
		case 'users':
			return await resource(ctx, 'User', request, rest);
		case 'groups':
			return await resource(ctx, 'Group', request, rest);
		case 'serviceproviderconfig':
			if (request.method !== 'GET') throw methodNotAllowed(request.method, '/ServiceProviderConfig');
			if (rest.length > 0) throw notFound('/ServiceProviderConfig has no sub-resources.');
			return respond(200, serviceProviderConfig(location, ctx.settings.maxResults));
		case 'resourcetypes':
			return discovery(resourceTypeDocuments(location), rest, 'ResourceTypes', request.method);
		case 'schemas':
			return discovery(schemaDocuments(location, ctx.settings.externalIdField.trim() !== ''), rest, 'Schemas', request.method);
		default:
			// /Bulk and /Me: RFC 7644 §3.7 and §3.11 allow a 501 for what is not implemented.
			throw new ScimError(501, `/${endpoint === 'me' ? 'Me' : 'Bulk'} is not supported by this server.`);
	}
}

/**
 * Answers one request; `token` is the bearer secret of the node's credential. A credential with
 * an empty secret refuses everyone (401) rather than accepting an empty bearer.
 */
export async function handleScimRequest(ctx: ScimContext, request: ScimRequest, token: string): Promise<ScimResponse> {
	try {
		if (token.trim() === '') {
			ctx.fn.logger?.warn('AR System SCIM: the SCIM bearer credential has no token; every request is refused.');
			throw new ScimError(401, 'This SCIM server has no bearer token configured yet.');
		}
		checkBearer(request.headers, token);
		if (request.invalidBody) throw badRequest('The request body is not valid JSON.', 'invalidSyntax');
		const method = String(request.method ?? '').trim().toUpperCase();
		if (method === '') throw badRequest('The HTTP method of the request is missing (Method parameter).', 'invalidSyntax');
		return await route(ctx, { ...request, method, query: request.query ?? {} });
	} catch (error) {
		return errorResponse(toScimError(error, (text) => ctx.fn.logger?.warn(text)));
	}
}
