/**
 * Retries of transient failures, for reads only (GET, HEAD). Writes are not idempotent on AR: a
 * PUT may append to a diary field, every write runs the site's filters, and AR answers HTTP 500
 * for ordinary processing errors. So a write is never re-sent here; one that failed in transit is
 * verified by reading back (writes.ts). A 401 is not handled here: n8n's request helper logs in
 * again and resends once.
 */
import { sleep } from 'n8n-workflow';
import type { IHttpRequestMethods } from 'n8n-workflow';

import {
	parseArMessages,
	primaryArMessage,
	READ_RETRY_AR_ERRORS,
	SERVER_BUSY_AR_ERRORS,
} from './arMessages';
import { failureFacts } from './facts';
import type { FailureFacts } from './facts';

/** Tunables, exported so tests can shorten the delays. */
export const retrySettings = {
	maxRetries: 3,
	/** Delay before retry n (0-based) is baseDelayMs × 2^n plus up to baseDelayMs of jitter. */
	baseDelayMs: 200,
	/** Upper bound for a server's Retry-After. */
	maxRetryAfterMs: 30_000,
	/** Cancellation is checked at least this often while waiting. */
	sleepSliceMs: 500,
	sleep: async (ms: number): Promise<void> => await sleep(ms),
	random: (): number => Math.random(),
	now: (): number => Date.now(),
};

const TRANSIENT_CODES = new Set([
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'UND_ERR_SOCKET',
	'UND_ERR_CONNECT_TIMEOUT',
	'UND_ERR_HEADERS_TIMEOUT',
	'UND_ERR_BODY_TIMEOUT',
]);

/** Network codes of a request that may have reached the server before it failed. */
export const IN_TRANSIT_CODES = TRANSIENT_CODES;

const IDEMPOTENT_METHODS: IHttpRequestMethods[] = ['GET', 'HEAD'];

export function isIdempotent(method: IHttpRequestMethods): boolean {
	return IDEMPOTENT_METHODS.includes(method);
}

/**
 * Whether another attempt of a read may succeed: a reset or timeout, a 408 / 429, a 5xx that is
 * not an AR error array (a proxy's 502 / 503 / 504 page, an empty 500), or an AR error array
 * carrying a server-busy number (or 552, see READ_RETRY_AR_ERRORS). Any other AR error array is AR's answer to the request itself,
 * at any status (AR answers 500 for ordinary processing errors such as a filter's rejection), and
 * is final.
 */
export function isTransient(facts: FailureFacts): boolean {
	if (facts.status !== undefined) {
		const primary = primaryArMessage(parseArMessages(facts.body));
		if (primary?.number !== undefined) return READ_RETRY_AR_ERRORS.has(primary.number);
		if (facts.status === 429 || facts.status === 408) return true;
		if (facts.status < 500 || facts.status === 501 || facts.status === 505) return false;
		return true;
	}
	return facts.code !== undefined && TRANSIENT_CODES.has(facts.code);
}

/**
 * Whether a failed write may have been applied anyway, so that only reading back can tell: the
 * connection failed after sending, a proxy or server answered 5xx without an AR refusal, or AR
 * said it was busy (92: "accepted by the server and will usually complete"). An AR error array,
 * a 4xx, or a failure before connecting (refused, unknown host, TLS) means not applied.
 */
export function mayHaveBeenApplied(facts: FailureFacts): boolean {
	if (facts.status !== undefined) {
		const primary = primaryArMessage(parseArMessages(facts.body));
		if (primary?.number !== undefined) return SERVER_BUSY_AR_ERRORS.has(primary.number);
		if (facts.status === 408 || facts.status === 429) return true;
		return facts.status >= 500;
	}
	return facts.code !== undefined && IN_TRANSIT_CODES.has(facts.code);
}

/** Retry-After as milliseconds (delta seconds or an HTTP date), capped; undefined if unusable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined) return undefined;
	const text = value.trim();
	if (text === '') return undefined;
	let ms: number;
	if (/^\d+(\.\d+)?$/.test(text)) {
		ms = Number(text) * 1000;
	} else {
		const at = Date.parse(text);
		if (Number.isNaN(at)) return undefined;
		ms = at - now;
	}
	return Math.min(Math.max(ms, 0), retrySettings.maxRetryAfterMs);
}

/** Exponential backoff with jitter, or the server's Retry-After when it sent one. */
export function retryDelayMs(attempt: number, retryAfter?: string): number {
	const fromServer = parseRetryAfter(retryAfter, retrySettings.now());
	if (fromServer !== undefined) return fromServer;
	const base = retrySettings.baseDelayMs;
	return Math.round(base * 2 ** attempt + retrySettings.random() * base);
}

async function waitUnlessCancelled(ms: number, isCancelled: () => boolean): Promise<void> {
	let left = ms;
	while (left > 0 && !isCancelled()) {
		const slice = Math.min(left, retrySettings.sleepSliceMs);
		await retrySettings.sleep(slice);
		left -= slice;
	}
}

export interface RetryInfo {
	attempt: number;
	delayMs: number;
	status?: number;
	code?: string;
}

export interface RetryOptions {
	idempotent: boolean;
	isCancelled?: () => boolean;
	onRetry?: (info: RetryInfo) => void;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs `send`, retrying transient failures of idempotent requests. Rethrows the last error. */
export async function withRetries<T>(send: () => Promise<T>, options: RetryOptions): Promise<T> {
	const isCancelled = options.isCancelled ?? (() => false);
	for (let attempt = 0; ; attempt++) {
		let outcome: Outcome<T>;
		try {
			outcome = { ok: true, value: await send() };
		} catch (error) {
			outcome = { ok: false, error };
		}
		if (outcome.ok) return outcome.value;

		const facts = failureFacts(outcome.error);
		const retry =
			options.idempotent &&
			attempt < retrySettings.maxRetries &&
			isTransient(facts) &&
			!isCancelled();
		if (!retry) throw outcome.error;

		const delayMs = retryDelayMs(attempt, facts.retryAfter);
		options.onRetry?.({ attempt: attempt + 1, delayMs, status: facts.status, code: facts.code });
		await waitUnlessCancelled(delayMs, isCancelled);
		if (isCancelled()) throw outcome.error;
	}
}
