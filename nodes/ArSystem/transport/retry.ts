/**
 * Retries of transient failures. Only idempotent requests (GET, PUT, DELETE) are retried: a POST
 * that may have reached the server is never sent twice, because a second create would make a
 * second entry. A 401 is not handled here: n8n's request helper logs in again and resends once.
 */
import { sleep } from 'n8n-workflow';
import type { IHttpRequestMethods } from 'n8n-workflow';

import { parseArMessages, PERMANENT_AR_ERRORS, primaryArMessage } from './arMessages';
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

const IDEMPOTENT_METHODS: IHttpRequestMethods[] = ['GET', 'HEAD', 'PUT', 'DELETE'];

export function isIdempotent(method: IHttpRequestMethods): boolean {
	return IDEMPOTENT_METHODS.includes(method);
}

/**
 * Whether another attempt may succeed: 5xx, 429 and 408 answers, resets and timeouts. A 5xx that
 * carries an AR error known to be about the request itself (missing entry, no permission, ...)
 * is final.
 */
export function isTransient(facts: FailureFacts): boolean {
	if (facts.status !== undefined) {
		if (facts.status === 429 || facts.status === 408) return true;
		if (facts.status < 500 || facts.status === 501 || facts.status === 505) return false;
		const primary = primaryArMessage(parseArMessages(facts.body));
		return primary?.number === undefined || !PERMANENT_AR_ERRORS.has(primary.number);
	}
	return facts.code !== undefined && TRANSIENT_CODES.has(facts.code);
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
