/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The running emulator's state and the per-request context the routes work with, plus the few
 * response writers every route uses (so headers and error shapes are the same everywhere).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { TokenService } from './auth';
import { malformed } from './errors';
import type { ArError } from './errors';
import type { Faults } from './faults';
import type { ResolvedOptions } from './options';
import type { QueryEngine } from './query';
import type { Store } from './store';

export interface Counters {
	total: number;
	/** Successful logins (tokens issued). */
	logins: number;
	/** Requests by route key, e.g. 'GET /entry/User', 'POST /jwt/login'. */
	byRoute: Record<string, number>;
	/**
	 * Injected faults by phase and kind: 'before:reset', 'after-commit:504-html',
	 * 'login:503-html', ...
	 */
	faults: Record<string, number>;
	/** Writes that committed with a Modified Date older than one already committed on the form. */
	outOfOrderCommits: number;
}

export interface EmulatorState {
	options: ResolvedOptions;
	store: Store;
	queries: QueryEngine;
	tokens: TokenService;
	faults: Faults;
	counters: Counters;
	/** Emulator clock, epoch seconds. */
	now(): number;
	/** Seeded draws of commit delays (a stream of its own). */
	commitRng: () => number;
	/** Test hook run for every request once its body has arrived (control.onRequest). */
	onRequest?: RequestHook;
}

export interface RequestInfo {
	method: string;
	/** Counter key, e.g. 'GET /entry/User'. */
	route: string;
	/** The request target as received. */
	url: string;
}

export type RequestHook = (request: RequestInfo) => void;

export interface RequestContext {
	state: EmulatorState;
	req: IncomingMessage;
	res: ServerResponse;
	method: string;
	/** The request target as received (path + query), for `self` links. */
	rawUrl: string;
	/** Path without the query, still %-encoded. */
	rawPath: string;
	/** Query string without `?`, still encoded, for rebuilding `next` / `prev` links. */
	rawQuery: string;
	query: URLSearchParams;
	/** Decoded path segments after the API prefix, e.g. ['entry', 'HPD:Help Desk', 'INC…']. */
	segments: string[];
	/** scheme://host[:port] as the client addressed us. */
	origin: string;
	body: Buffer;
	/**
	 * The AR clock when the request started (epoch seconds): a write stamps Create / Modified Date
	 * with it even when it commits later (commit delay).
	 */
	now: number;
	/** Login of the token's user on /api/arsys calls. */
	user?: string;
	admin?: boolean;
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function sendEmpty(
	res: ServerResponse,
	status: number,
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, { 'Content-Length': 0, ...headers });
	res.end();
}

export function sendText(
	res: ServerResponse,
	status: number,
	text: string,
	contentType: string,
	headers: Record<string, string> = {},
): void {
	res.writeHead(status, {
		'Content-Type': contentType,
		'Content-Length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function sendError(
	res: ServerResponse,
	error: ArError,
	headers: Record<string, string> = {},
): void {
	sendJson(res, error.status, error.toBody(), headers);
}

/**
 * Form names in links are path-encoded, but `:` stays as in recorded hrefs; `|` (join-form IDs)
 * stays too unless `encodedPipe` (recorded ITSM hrefs write it `%7C`).
 */
export function encodeSegment(segment: string, encodedPipe = false): string {
	const encoded = encodeURIComponent(segment).replace(/%3A/gi, ':');
	return encodedPipe ? encoded : encoded.replace(/%7C/gi, '|');
}

/** Canonical absolute URL of an entry (always /v1, as recorded servers do). */
export function entryUrl(ctx: RequestContext, form: string, id?: string): string {
	const base = `${ctx.origin}/api/arsys/v1/entry/${encodeSegment(form)}`;
	return id === undefined ? base : `${base}/${encodeSegment(id, ctx.state.options.encodedJoinIds)}`;
}

/** The JSON body of a create / update / merge request. */
export function readJsonBody(ctx: RequestContext): Record<string, unknown> {
	const text = ctx.body.toString('utf8');
	if (text.trim() === '') throw malformed('The request body is empty; expected JSON');
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw malformed(`Malformed JSON body: ${(error as Error).message}`);
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw malformed('The request body must be a JSON object');
	}
	return parsed as Record<string, unknown>;
}
