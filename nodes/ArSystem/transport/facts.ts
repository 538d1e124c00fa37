/**
 * What can be learned from a failed request without touching the request itself: the response
 * status, body and Retry-After header, or the network error code. The request config (with the
 * Authorization header and the body) is never read.
 */
import { isObject, readKey } from './arMessages';

/** What can safely be learned from a failed request. */
export interface FailureFacts {
	status?: number;
	/** Parsed or raw response body. */
	body?: unknown;
	/** The Retry-After response header, when sent. */
	retryAfter?: string;
	/** Network or TLS error code (ECONNRESET, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
	code?: string;
	/** Message of a non-HTTP error (for example a login error from the credential). */
	message?: string;
	description?: string;
}

/** Axios codes that only say "the HTTP status was not 2xx"; the status says more. */
const HTTP_STATUS_CODES = new Set(['ERR_BAD_REQUEST', 'ERR_BAD_RESPONSE']);

/** The network / TLS error code somewhere on the error or its causes. */
function findErrorCode(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (isObject(current) && !seen.has(current)) {
		seen.add(current);
		const code = current.code;
		if (typeof code === 'string' && !HTTP_STATUS_CODES.has(code)) return code;
		current = current.cause;
	}
	return undefined;
}

function headerValue(headers: unknown, name: string): string | undefined {
	if (!isObject(headers)) return undefined;
	const value = readKey(headers, name);
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** The HTTP response of an axios-style error, on the error itself or on its cause. */
function findResponse(error: unknown): Record<string, unknown> | undefined {
	if (!isObject(error)) return undefined;
	if (isObject(error.response)) return error.response;
	if (isObject(error.cause) && isObject(error.cause.response)) return error.cause.response;
	return undefined;
}

/** Collects the facts about a failure, reading only response data and error codes. */
export function failureFacts(error: unknown): FailureFacts {
	const response = findResponse(error);
	const status = Number(response?.status ?? response?.statusCode);
	const facts: FailureFacts = {};
	if (response && Number.isFinite(status)) {
		facts.status = status;
		facts.body = response.data ?? response.body;
		facts.retryAfter = headerValue(response.headers, 'retry-after');
		return facts;
	}
	facts.code = findErrorCode(error);
	if (/socket hang up/i.test(String((error as { message?: unknown })?.message ?? ''))) {
		facts.code ??= 'ECONNRESET';
	}
	if (error instanceof Error) {
		facts.message = error.message;
		const description = (error as Error & { description?: unknown }).description;
		if (typeof description === 'string') facts.description = description;
	} else if (typeof error === 'string') {
		facts.message = error;
	}
	return facts;
}
