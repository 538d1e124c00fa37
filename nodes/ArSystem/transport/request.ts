/**
 * The one function that sends requests to AR System: base URL from the credential, n8n's
 * authenticated request helper (which logs in and, after a 401, logs in again and resends once),
 * retries of transient failures, and error mapping.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { toNodeApiError } from './errors';
import { isIdempotent, withRetries } from './retry';
import type { ArErrorContext, ArFunctions } from './types';
import { displayUrl, normaliseBaseUrl } from './urls';

export const CREDENTIAL_TYPE = 'arSystemApi';

/** Client-side limit per request; AR's own default query timeout is 120 s. */
export const REQUEST_TIMEOUT_MS = 300_000;

export interface ArRequest {
	method: IHttpRequestMethods;
	/** Path starting with `/api/`, already encoded. */
	path: string;
	/** Query string without `?`, already encoded. */
	query?: string;
	body?: IDataObject;
	/** Named in error messages. */
	context?: ArErrorContext;
}

export interface ArResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/** True once the user has stopped the execution (execute contexts only). */
export function isCancelled(ctx: ArFunctions): boolean {
	const getSignal = (ctx as Partial<IExecuteFunctions>).getExecutionCancelSignal;
	if (typeof getSignal !== 'function') return false;
	return getSignal.call(ctx)?.aborted === true;
}

/** The credential's Server URL, checked and without trailing slashes. */
export async function serverUrl(this: ArFunctions): Promise<string> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const base = normaliseBaseUrl(credentials.baseUrl);
	if (!/^https?:\/\/[^/]/i.test(base)) {
		throw new NodeOperationError(
			this.getNode(),
			'The Server URL in the AR System API credential must start with https:// (or http://)',
			{ description: `Found: '${displayUrl(base)}'. Example: https://ar.example.com:8443` },
		);
	}
	return base;
}

/** Sends one request and returns the full response; throws a mapped NodeApiError. */
export async function arRequest(this: ArFunctions, request: ArRequest): Promise<ArResponse> {
	const base = await serverUrl.call(this);
	const url = `${base}${request.path}${request.query ? `?${request.query}` : ''}`;
	const send = async (): Promise<ArResponse> => {
		// A fresh options object per attempt: the helper writes the auth header into it.
		const options: IHttpRequestOptions = {
			method: request.method,
			url,
			json: true,
			returnFullResponse: true,
			timeout: REQUEST_TIMEOUT_MS,
			headers: { Accept: 'application/json' },
		};
		if (request.body !== undefined) options.body = request.body;
		const response = (await this.helpers.httpRequestWithAuthentication.call(
			this,
			CREDENTIAL_TYPE,
			options,
		)) as { statusCode?: number; headers?: IDataObject; body?: unknown };
		return {
			statusCode: Number(response?.statusCode ?? 200),
			headers: response?.headers ?? {},
			body: response?.body,
		};
	};

	try {
		return await withRetries(send, {
			idempotent: isIdempotent(request.method),
			isCancelled: () => isCancelled(this),
			onRetry: ({ attempt, delayMs, status, code }) =>
				this.logger?.debug(
					`AR System: retry ${attempt} of ${request.method} ${request.path} in ${delayMs} ms ` +
						`after ${status === undefined ? code : `HTTP ${status}`}`,
				),
		});
	} catch (error) {
		throw toNodeApiError(this.getNode(), error, {
			...request.context,
			serverUrl: base,
			urlLength: url.length,
		});
	}
}
