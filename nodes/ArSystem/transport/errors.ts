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

import { isObject, parseArMessages } from './arMessages';
import { explainFailure } from './explain';
import type { Explanation } from './explain';
import { failureFacts } from './facts';
import type { ArErrorContext } from './types';

export type { ArMessage } from './arMessages';
export {
	isHtmlBody,
	isHttpsOnlyBody,
	parseArMessages,
	PERMANENT_AR_ERRORS,
	primaryArMessage,
} from './arMessages';
export { explainFailure } from './explain';
export type { Explanation } from './explain';
export { failureFacts } from './facts';
export type { FailureFacts } from './facts';

const MAPPED = Symbol.for('n8n-nodes-ar-system.mappedError');

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
