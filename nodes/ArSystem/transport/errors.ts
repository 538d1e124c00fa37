/**
 * Turns whatever a request threw into a NodeApiError a user can act on.
 *
 * The errors n8n's request helper throws carry the raw axios error as `cause`, and that holds
 * the request config: the `Authorization: AR-JWT <token>` header and the request body. So the
 * error built here is fresh: it is made only from the parsed response (status, AR message array,
 * a few headers) and from the network error code, never from the request.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

import type { ArErrorContext } from './types';

/** One message of an AR error array. */
export interface ArMessage {
	type: string;
	number?: number;
	text: string;
	appendedText?: string;
}

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

const MAPPED = Symbol.for('n8n-nodes-ar-system.mappedError');

const TLS_TRUST_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_UNTRUSTED',
	'CERT_HAS_EXPIRED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Axios codes that only say "the HTTP status was not 2xx"; the status says more. */
const HTTP_STATUS_CODES = new Set(['ERR_BAD_REQUEST', 'ERR_BAD_RESPONSE']);

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** Reads a key regardless of case: AR servers and Innovation Studio disagree on spelling. */
function readKey(object: Record<string, unknown>, ...names: string[]): unknown {
	const wanted = names.map((name) => name.toLowerCase());
	for (const [key, value] of Object.entries(object)) {
		if (wanted.includes(key.toLowerCase())) return value;
	}
	return undefined;
}

function parseJsonText(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (!text.startsWith('[') && !text.startsWith('{')) return body;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return body;
	}
}

function toArMessage(raw: unknown): ArMessage | undefined {
	if (!isObject(raw)) return undefined;
	const text = readKey(raw, 'messageText');
	const number = Number(readKey(raw, 'messageNumber'));
	const appended = readKey(raw, 'messageAppendedText', 'appendedText');
	if (typeof text !== 'string' && !Number.isFinite(number)) return undefined;
	return {
		type: String(readKey(raw, 'messageType') ?? 'ERROR').toUpperCase(),
		number: Number.isFinite(number) ? number : undefined,
		text: typeof text === 'string' ? text.trim() : '',
		appendedText:
			typeof appended === 'string' && appended.trim() !== '' ? appended.trim() : undefined,
	};
}

/**
 * Parses an AR error body (a JSON array of message objects, as text or parsed) by key name:
 * key order varies, `messageAppendedText` may be null or missing, and Innovation Studio calls
 * it `appendedText`. Returns [] for anything else.
 */
export function parseArMessages(body: unknown): ArMessage[] {
	const parsed = parseJsonText(body);
	const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? [parsed] : [];
	return list.map(toArMessage).filter((message): message is ArMessage => message !== undefined);
}

/** The message that explains the failure: the first ERROR/FATAL one, else the first. */
export function primaryArMessage(messages: ArMessage[]): ArMessage | undefined {
	return messages.find((m) => m.type === 'ERROR' || m.type === 'FATAL') ?? messages[0];
}

export function isHtmlBody(body: unknown): boolean {
	if (typeof body !== 'string') return false;
	const start = body.trimStart().slice(0, 200).toLowerCase();
	return start.startsWith('<') || start.includes('<html');
}

/** AR's answer to plain HTTP when it only accepts HTTPS: `{"message":"Access forbidden",...}`. */
export function isHttpsOnlyBody(body: unknown): boolean {
	const parsed = parseJsonText(body);
	if (!isObject(parsed) || Array.isArray(parsed)) return false;
	const message = readKey(parsed, 'message');
	return typeof message === 'string' && message.trim().toLowerCase() === 'access forbidden';
}

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

/** Safety net: never let an Authorization header value through, whatever produced the text. */
export function redactSecrets(text: string): string {
	return text.replace(/(AR-JWT|Bearer|Basic)\s+[^\s"',;]+/gi, '$1 ***');
}

function redactDeep(value: unknown): unknown {
	if (typeof value === 'string') return redactSecrets(value);
	if (Array.isArray(value)) return value.map(redactDeep);
	if (isObject(value)) {
		return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item)]));
	}
	return value;
}

/** A URL as it may be shown: without user info. */
export function displayUrl(url: string): string {
	return url.replace(/\/\/[^/@]*@/, '//');
}

export interface Explanation {
	message: string;
	description?: string;
}

const QUOTING_HINT =
	'Field names go in single quotes and values in double quotes, e.g. \'Status\' = "Assigned"; ' +
	'a quote inside a name or value is doubled.';

const SERVER_URL_HINT =
	'The Server URL in the AR System API credential must be the AR System REST API address ' +
	"(the AR server's Jetty port, e.g. https://ar.example.com:8443, or " +
	'https://<tenant>-restapi.onbmc.com on Helix), not the Mid-Tier or Smart IT address.';

function adviceFor(message: ArMessage, context: ArErrorContext): string | undefined {
	const appended = message.appendedText;
	const form = context.form ? ` '${context.form}'` : '';
	switch (message.number) {
		case 623:
			return (
				'The server rejected the login. Check Username, Password and (if your server uses one) ' +
				'Authentication String in the AR System API credential.'
			);
		case 302:
			return (
				`No entry${context.id ? ` with ID '${context.id}'` : ''} exists on form${form}. ` +
				'Check the ID (the value of field 1, e.g. Request ID); the entry may have been deleted.'
			);
		case 303:
			return (
				`The form '${appended ?? context.form ?? ''}' does not exist on the server. Form names ` +
				'are case-sensitive: pick the form from the list or check its exact spelling.'
			);
		case 307:
		case 326:
			return (
				`A required field has no value${appended ? `: '${appended}'` : ''}. ` +
				'Add it to the fields you send.'
			);
		case 314:
			return (
				`A field named in the request does not exist on form${form}` +
				`${appended ? `: '${appended}'` : ''}. Field names are case-sensitive.`
			);
		case 353:
			return (
				'The account in the AR System API credential lacks permission for this form or field' +
				`${appended ? ` (${appended})` : ''}. Use an administrator account, or grant the ` +
				"account's group access to it."
			);
		case 382:
			return (
				'Another entry already has this value in a field with a unique index (for example ' +
				'Login Name on the User form). Use a different value, or update the existing entry.'
			);
		case 9093:
			return (
				'The session of this account is in use from another machine. Use a dedicated ' +
				'integration account for n8n and lower the concurrency of the node.'
			);
		case 101:
			return (
				'Entry IDs are at most 15 characters. A ticket number or a join-form ID may have been ' +
				'given where the entry ID (field 1) is expected.'
			);
		case 93:
			return 'The server timed out the query. Narrow the filter or lower the page size.';
		default:
			return undefined;
	}
}

/** AR message numbers that mean the request itself is wrong: retrying cannot help. */
export const PERMANENT_AR_ERRORS = new Set([101, 302, 303, 307, 314, 326, 353, 382, 623, 9093]);

function describeArMessages(
	messages: ArMessage[],
	status: number,
	context: ArErrorContext,
): Explanation {
	const primary = primaryArMessage(messages) as ArMessage;
	const number = primary.number === undefined ? '' : ` ${primary.number}`;
	const text = primary.text || 'No message text';
	const appended = primary.appendedText ? ` (${primary.appendedText})` : '';
	const parts: string[] = [];
	const advice = adviceFor(primary, context);
	if (advice) parts.push(advice);
	if (context.qualification && (!advice || primary.number === 314)) {
		parts.push(
			`If the qualification is the cause, check it: ${context.qualification} — ${QUOTING_HINT}`,
		);
	}
	const others = messages.filter((m) => m !== primary);
	if (others.length) {
		parts.push(
			`Also reported: ${others
				.map(
					(m) =>
						`${m.type} ${m.number ?? ''}: ${m.text}${m.appendedText ? ` (${m.appendedText})` : ''}`,
				)
				.join('; ')}.`,
		);
	}
	parts.push(`HTTP status ${status}.`);
	return {
		message: `AR System error${number}: ${text}${appended}`,
		description: parts.join(' '),
	};
}

function describeHtml(status: number): Explanation {
	if (status === 401 || status === 403) {
		return {
			message: `The server answered with a login web page (HTTP ${status}) instead of the REST API`,
			description:
				'A single sign-on page (such as Remedy SSO) answered instead of the AR System REST API. ' +
				SERVER_URL_HINT,
		};
	}
	if (status === 404) {
		return {
			message: 'Not found (HTTP 404): there is no AR System REST API at this address',
			description: SERVER_URL_HINT,
		};
	}
	return {
		message: `The server answered with a web page (HTTP ${status}) instead of AR System data`,
		description: SERVER_URL_HINT,
	};
}

function describeStatus(status: number, context: ArErrorContext): Explanation {
	const where = context.form ? ` on form '${context.form}'` : '';
	if (status === 401) {
		return {
			message: 'The AR System server rejected the session (HTTP 401)',
			description:
				'n8n logged in again and the server still refused the token. Check the AR System API ' +
				'credential, and that the account is enabled and not locked.',
		};
	}
	if (status === 403) {
		return {
			message: `Access denied (HTTP 403)${where}`,
			description:
				'The account in the AR System API credential lacks permission. Use an administrator ' +
				"account, or grant the account's group access to the form.",
		};
	}
	if (status === 404) {
		return {
			message: `Not found (HTTP 404)${where}`,
			description: context.id
				? `The entry '${context.id}' or the form does not exist.`
				: 'The form does not exist, or the Server URL is wrong. ' + SERVER_URL_HINT,
		};
	}
	if (status === 429) {
		return {
			message: 'The AR System server is receiving too many requests (HTTP 429)',
			description: 'Lower the concurrency of the node or spread the work over time.',
		};
	}
	if (status >= 500) {
		return {
			message: `AR System server error (HTTP ${status})`,
			description: 'The server failed to process the request. Try again later.',
		};
	}
	return { message: `The AR System request failed (HTTP ${status})` };
}

function describeNetwork(code: string, serverUrl?: string): Explanation {
	const server = serverUrl ? ` at ${displayUrl(serverUrl)}` : '';
	const codeNote = ` (code ${code})`;
	if (TLS_TRUST_CODES.has(code)) {
		return {
			message: `The TLS certificate of the AR System server${server} is not trusted`,
			description:
				'The server presents a self-signed, expired or otherwise untrusted certificate' +
				`${codeNote}. Install a trusted certificate on the server, or turn on ` +
				'"Ignore SSL Issues (Insecure)" in the AR System API credential.',
		};
	}
	if (code === 'ECONNREFUSED') {
		return {
			message: `Could not connect to the AR System server${server}: connection refused`,
			description:
				`Nothing accepted the connection${codeNote}. Check the host and port of the Server URL ` +
				'in the AR System API credential and that the server is running. ' +
				SERVER_URL_HINT,
		};
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return {
			message: `Could not find the AR System server${server}: unknown host name`,
			description: `The host name did not resolve${codeNote}. Check the Server URL in the credential.`,
		};
	}
	if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code.startsWith('UND_ERR_')) {
		return {
			message: `The AR System server${server} did not answer in time`,
			description: `The request timed out${codeNote}. The server may be overloaded or unreachable.`,
		};
	}
	if (code === 'ECONNRESET' || code === 'EPIPE') {
		return {
			message: `The AR System server${server} closed the connection unexpectedly`,
			description: `The connection was reset${codeNote}. Try again; if it persists, check the server.`,
		};
	}
	if (code === 'EPROTO' || code.startsWith('ERR_SSL') || code.startsWith('ERR_TLS')) {
		return {
			message: `The TLS handshake with the AR System server${server} failed`,
			description:
				`The server did not speak TLS as expected${codeNote}. Check whether the Server URL ` +
				'should start with https:// and uses the right port.',
		};
	}
	if (code === 'ERR_CANCELED') {
		return { message: 'The request to the AR System server was cancelled' };
	}
	return {
		message: `The request to the AR System server${server} failed`,
		description: `Network error${codeNote}.`,
	};
}

/** The user-facing explanation of a failure. */
export function explainFailure(facts: FailureFacts, context: ArErrorContext = {}): Explanation {
	if (facts.status !== undefined) {
		const { status, body } = facts;
		const messages = parseArMessages(body).filter((m) => m.text || m.number !== undefined);
		if (messages.length) return describeArMessages(messages, status, context);
		if (isHttpsOnlyBody(body)) {
			return {
				message: 'The AR System server accepts only HTTPS',
				description:
					'It answered "Access forbidden" (HTTP 403) to a plain-HTTP request. Change the ' +
					'Server URL in the AR System API credential to start with https://.',
			};
		}
		if (isHtmlBody(body)) return describeHtml(status);
		return describeStatus(status, context);
	}
	if (facts.code) return describeNetwork(facts.code, context.serverUrl);
	return {
		message: facts.message || 'The AR System request failed',
		description: facts.description,
	};
}

/**
 * A NodeApiError built only from the given texts (redacted once more as a safety net), marked
 * so that toNodeApiError passes it through unchanged.
 */
export function buildNodeApiError(
	node: INode,
	explanation: Explanation,
	httpCode?: string,
	itemIndex?: number,
	extra: JsonObject = {},
): NodeApiError {
	const message = redactSecrets(explanation.message);
	const description =
		explanation.description === undefined ? undefined : redactSecrets(explanation.description);
	const errorResponse = redactDeep({ message, httpCode: httpCode ?? null, ...extra }) as JsonObject;
	const error = new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode,
		itemIndex,
	});
	// NodeApiError rewrites messages that mention common error codes; keep ours as written.
	error.message = message;
	error.description = description;
	error.httpCode = httpCode ?? null;
	Object.defineProperty(error, MAPPED, { value: true, enumerable: false });
	return error;
}

function isMapped(error: unknown): error is NodeApiError {
	return (
		error instanceof NodeApiError && (error as unknown as Record<symbol, unknown>)[MAPPED] === true
	);
}

/**
 * Maps any error from an AR request to a NodeApiError with an actionable message, `description`
 * and `httpCode`. Idempotent: an error this function already produced is passed through (with
 * the item index added when it had none).
 */
export function toNodeApiError(
	node: INode,
	error: unknown,
	context: ArErrorContext = {},
): NodeApiError {
	if (isMapped(error)) {
		if (context.itemIndex !== undefined && error.context.itemIndex === undefined) {
			error.context.itemIndex = context.itemIndex;
		}
		return error;
	}
	const facts = failureFacts(error);
	const explanation = explainFailure(facts, context);
	const httpCode = facts.status === undefined ? undefined : String(facts.status);
	const arMessages = parseArMessages(facts.body).map((m) => ({
		messageType: m.type,
		messageNumber: m.number ?? null,
		messageText: m.text,
		messageAppendedText: m.appendedText ?? null,
	}));
	const extra: JsonObject = {};
	if (arMessages.length) extra.arMessages = arMessages;
	// Not `code`: NodeApiError would read it as the HTTP status.
	if (facts.code) extra.networkCode = facts.code;
	return buildNodeApiError(node, explanation, httpCode, context.itemIndex, extra);
}
