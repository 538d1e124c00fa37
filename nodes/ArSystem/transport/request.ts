/**
 * The one function that sends requests to AR System: base URL from the credential, n8n's
 * authenticated request helper (which logs in when the token is empty and, after a 401, logs in
 * again and resends once), the session cases n8n does not cover (a gateway's 403 page for an
 * expired token), retries of transient read failures, and error mapping.
 */
import { NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { isHtmlBody } from './arMessages';
import { toNodeApiError } from './errors';
import { failureFacts } from './facts';
import { isIdempotent, mayHaveBeenApplied, withRetries } from './retry';
import { markRefused } from './sessions';
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

function checkedBaseUrl(this: ArFunctions, credentials: ICredentialDataDecryptedObject): string {
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

/** The credential's Server URL, checked and without trailing slashes. */
export async function serverUrl(this: ArFunctions): Promise<string> {
	return checkedBaseUrl.call(this, await this.getCredentials(CREDENTIAL_TYPE));
}

const IN_DOUBT = Symbol.for('n8n-nodes-ar-system.writeInDoubt');

/**
 * For a failed write: how it failed ("connection reset", "HTTP 504"), if it may have been applied
 * anyway and only reading back can tell; undefined when the failure means "not applied".
 */
export function writeInDoubt(error: unknown): string | undefined {
	const value = (error as Record<symbol, unknown> | null)?.[IN_DOUBT];
	return typeof value === 'string' ? value : undefined;
}

function describeInDoubt(error: unknown): string | undefined {
	const facts = failureFacts(error);
	if (!mayHaveBeenApplied(facts)) return undefined;
	if (facts.status !== undefined) return `HTTP ${facts.status}`;
	const code = facts.code ?? 'network error';
	if (code === 'ECONNRESET' || code === 'EPIPE') return `the connection was reset (${code})`;
	return `no answer arrived (${code})`;
}

/** A failure that came back although the request was just sent with a freshly obtained token. */
class RefusedAfterLogin extends Error {
	constructor(readonly original: unknown) {
		super('refused after a fresh login');
	}
}

/** Sends one request and returns the full response; throws a mapped NodeApiError. */
export async function arRequest(this: ArFunctions, request: ArRequest): Promise<ArResponse> {
	// One decrypted copy per request, handed to n8n's helper: it logs in into this copy, so after
	// a failure the copy holds exactly the token that was refused.
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const base = checkedBaseUrl.call(this, credentials);
	const url = `${base}${request.path}${request.query ? `?${request.query}` : ''}`;
	const reference = this.getNode().credentials?.[CREDENTIAL_TYPE];
	const decrypted: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? CREDENTIAL_TYPE,
		type: CREDENTIAL_TYPE,
		data: credentials,
	};
	const sendOnce = async (retryStatusCodes: number[]): Promise<ArResponse> => {
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
			{ credentialsDecrypted: decrypted, preAuthenticationRetryStatusCode: retryStatusCodes },
		)) as { statusCode?: number; headers?: IDataObject; body?: unknown };
		return {
			statusCode: Number(response?.statusCode ?? 200),
			headers: response?.headers ?? {},
			body: response?.body,
		};
	};

	let sessionRenewed = false;
	const send = async (): Promise<ArResponse> => {
		let failure: unknown;
		try {
			return await sendOnce([401]);
		} catch (error) {
			failure = error;
		}
		if (sessionRenewed) throw failure;
		const facts = failureFacts(failure);
		// A gateway in front of AR may answer an expired token with a 403 page, which n8n does not
		// take for an expired session. A 403 with an AR error array (353, no access) is a real
		// permission error and costs no login.
		const gateway = facts.status === 403 && isHtmlBody(facts.body);
		// A 401 here came after n8n's own re-login and resend: that token may have been one another
		// execution had just obtained and the server has expired since, so one more round, which
		// logs in unless someone already replaced that token too.
		if (!gateway && facts.status !== 401) throw failure;
		sessionRenewed = true;
		// authenticate() then sends an invalid token instead of the refused one; the server's 401 or
		// the gateway's 403 (accepted as "expired" on this resend only) makes n8n log in.
		if (gateway) markRefused(credentials);
		let again: unknown;
		try {
			return await sendOnce(gateway ? [401, 403] : [401]);
		} catch (error) {
			again = error;
		}
		const status = failureFacts(again).status;
		throw status === 401 || status === 403 ? new RefusedAfterLogin(again) : again;
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
		const refused = error instanceof RefusedAfterLogin;
		const original = refused ? error.original : error;
		const mapped = toNodeApiError(this.getNode(), original, {
			...request.context,
			serverUrl: base,
			urlLength: url.length,
			refusedAfterLogin: refused || undefined,
		});
		const inDoubt = isIdempotent(request.method) ? undefined : describeInDoubt(original);
		if (inDoubt) Object.defineProperty(mapped, IN_DOUBT, { value: inDoubt, configurable: true });
		throw mapped;
	}
}
