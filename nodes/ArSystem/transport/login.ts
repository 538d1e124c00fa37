/**
 * The JWT login: `POST /api/jwt/login` (form-encoded; the token comes back as plain text), its
 * retries and the explanation of a failed login. The credential's preAuthentication calls
 * `logIn`; nothing else logs in. Every message is built from the response status, the body's
 * shape and the network code only: the request error holds the password in its config.
 */
import { sleep } from 'n8n-workflow';
import type { ICredentialDataDecryptedObject, IHttpRequestHelper } from 'n8n-workflow';

import {
	isHtmlBody,
	isHttpsOnlyBody,
	parseArMessages,
	primaryArMessage,
	SERVER_BUSY_AR_ERRORS,
} from './arMessages';
import { TLS_TRUST_CODES } from './explain';
import { failureFacts } from './facts';
import type { FailureFacts } from './facts';
import { identityFingerprint, isRefused, obtainToken } from './sessions';
import { displayUrl, normaliseBaseUrl } from './urls';

export const LOGIN_PATH = '/api/jwt/login';

const REST_URL_HINT =
	'Use the AR System REST API address: the AR server and its Jetty port (e.g. ' +
	'https://ar.example.com:8443), or https://<tenant>-restapi.onbmc.com on BMC Helix.';

/**
 * A login failure whose message names only the Server URL and the username. It is built fresh
 * instead of rethrowing the request error, whose config holds the form body with the password.
 * It has no `code`, `response` or `httpCode`: n8n would otherwise replace the message with a
 * generic one (and a 401 `response` would make it log in again).
 */
export class ArSystemLoginError extends Error {
	description?: string;

	constructor(message: string, description?: string) {
		super(message);
		this.name = 'ArSystemLoginError';
		this.description = description;
	}
}

/**
 * Whether TLS certificate checks are off. `allowUnauthorizedCerts` (n8n's usual name) is honoured
 * too, for credential data written by tools that use that name.
 */
export function ignoresSslIssues(credentials: ICredentialDataDecryptedObject): boolean {
	return credentials.ignoreSslIssues === true || credentials.allowUnauthorizedCerts === true;
}

/** `username=..&password=..[&authString=..]`, form-encoded by hand (no URLSearchParams here). */
export function loginBody(credentials: ICredentialDataDecryptedObject): string {
	const fields: Array<[string, string]> = [
		['username', String(credentials.username ?? '')],
		['password', String(credentials.password ?? '')],
	];
	const authString = String(credentials.authString ?? '');
	if (authString !== '') fields.push(['authString', authString]);
	return fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
}

/** A JWT is one run of printable characters; an HTML page or a sentence is not a token. */
function looksLikeToken(text: string): boolean {
	return text !== '' && !/[\s<>{}[\]"]/.test(text);
}

const isResetCode = (code: string | undefined): boolean => code === 'ECONNRESET' || code === 'EPIPE';

/** Explains an answered login (an HTTP status came back). */
function answeredFailure(
	facts: FailureFacts & { status: number },
	base: string,
	username: string,
	triedNote: string,
): ArSystemLoginError {
	const { status, body } = facts;
	const server = displayUrl(base);
	const html = isHtmlBody(body);
	const arMessage = primaryArMessage(parseArMessages(body));
	if (arMessage?.number === 623 || (status === 401 && !html)) {
		const reason =
			arMessage?.number === undefined ? `HTTP ${status}` : `AR System error ${arMessage.number}`;
		return new ArSystemLoginError(
			`Authentication failed for user '${username}' (${reason}). ` +
				'Check Username, Password and Authentication String.',
			'The AR System server rejected the login. The Authentication String is only needed ' +
				'when the server uses one (for example an authentication domain).',
		);
	}
	if (status === 403 && (isHttpsOnlyBody(body) || /^http:/i.test(base))) {
		return new ArSystemLoginError(
			`The AR System server accepts only HTTPS: change the Server URL to ${server.replace(/^http:/i, 'https:')}`,
			'It answered "Access forbidden" (HTTP 403) to a plain-HTTP login. AR System serves its ' +
				'REST API over HTTPS only, unless an administrator allowed HTTP.',
		);
	}
	if ((status === 502 || status === 503 || status === 504) && !arMessage) {
		return new ArSystemLoginError(
			`The AR System server at ${server} is unavailable: the login got HTTP ${status}${triedNote}.`,
			'A proxy or gateway in front of AR System answered that the server is down or did not ' +
				'answer in time. Try again later; if it persists, check the AR server and the proxy.',
		);
	}
	if (html) {
		return new ArSystemLoginError(
			`The Server URL ${server} answered with a web page (HTTP ${status}), not the AR System ` +
				'REST API. It looks like the Mid-Tier or another web address.',
			REST_URL_HINT,
		);
	}
	if (arMessage) {
		const number = arMessage.number === undefined ? '' : ` ${arMessage.number}`;
		return new ArSystemLoginError(
			`Login to ${server} failed: AR System error${number}: ${arMessage.text || 'no text'}`,
			`HTTP status ${status}.`,
		);
	}
	if (status === 404) {
		return new ArSystemLoginError(
			`No AR System REST API at ${server} (HTTP 404 for ${LOGIN_PATH}). Check the Server URL.`,
			REST_URL_HINT,
		);
	}
	return new ArSystemLoginError(
		`Login to ${server} failed (HTTP ${status})${triedNote}`,
		status >= 500 ? 'The server failed to process the login. Try again later.' : REST_URL_HINT,
	);
}

/** Explains a login that got no answer (network or TLS failure). */
function networkFailure(
	code: string | undefined,
	base: string,
	triedNote: string,
	httpsHint: boolean,
): ArSystemLoginError {
	const server = displayUrl(base);
	const codeNote = code ? ` (code ${code})` : '';
	if (code && TLS_TRUST_CODES.has(code)) {
		return new ArSystemLoginError(
			`The TLS certificate of ${server} is not trusted (self-signed, expired or unknown issuer). ` +
				'Turn on "Ignore SSL Issues (Insecure)" in this credential, or install a trusted ' +
				'certificate on the server.',
			`TLS verification failed${codeNote}.`,
		);
	}
	if (code === 'ECONNREFUSED') {
		return new ArSystemLoginError(
			`Could not connect to ${server}: connection refused. Check the host and port of the Server URL.`,
			`Nothing accepted the connection${codeNote}. ${REST_URL_HINT}`,
		);
	}
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return new ArSystemLoginError(
			`Could not find the host of the Server URL ${server}. Check its spelling.`,
			`The host name did not resolve${codeNote}.`,
		);
	}
	if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
		return new ArSystemLoginError(
			`The AR System server at ${server} did not answer the login in time.`,
			`The request timed out${codeNote}. Check the Server URL, firewalls and proxies.`,
		);
	}
	if (isResetCode(code)) {
		if (httpsHint) {
			return new ArSystemLoginError(
				`The AR System server at ${server} closed the connection during the login, and that ` +
					`port answers HTTPS: change the Server URL to ${server.replace(/^http:/i, 'https:')}.`,
				`The plain-HTTP login was reset${codeNote}${triedNote}; an HTTPS request to the same ` +
					'host and port was answered.',
			);
		}
		return new ArSystemLoginError(
			`The AR System server at ${server} closed the connection during the login${triedNote}.`,
			`The connection was reset${codeNote}. The network, a proxy or the server dropped it; ` +
				'try again later, and if it persists check the server and anything in between.',
		);
	}
	if (code === 'EPROTO' || code?.startsWith('ERR_SSL')) {
		return new ArSystemLoginError(
			`The TLS handshake with ${server} failed. If this port serves plain HTTP, the Server URL ` +
				'should start with http://; otherwise check the port.',
			`TLS error${codeNote}.`,
		);
	}
	return new ArSystemLoginError(
		`Login to ${server} failed. Check the Server URL and that the server is reachable.`,
		code ? `Network error${codeNote}.` : undefined,
	);
}

/** Explains a failed login from the response status, body shape and error code only. */
export function loginFailure(
	error: unknown,
	base: string,
	username: string,
	tried: { attempts?: number; httpsHint?: boolean } = {},
): ArSystemLoginError {
	const attempts = tried.attempts ?? 1;
	const triedNote = attempts > 1 ? ` (${attempts} attempts)` : '';
	const facts = failureFacts(error);
	if (facts.status !== undefined) {
		return answeredFailure({ ...facts, status: facts.status }, base, username, triedNote);
	}
	return networkFailure(facts.code, base, triedNote, tried.httpsHint === true);
}

/** Login retries of transient failures; exported so tests can shorten the delays. */
export const loginRetrySettings = {
	/** Retries after the first attempt. */
	maxRetries: 3,
	/** Delay before retry n (0-based) is baseDelayMs × 2^n plus up to baseDelayMs of jitter. */
	baseDelayMs: 250,
	sleep: async (ms: number): Promise<void> => await sleep(ms),
	random: (): number => Math.random(),
};

/**
 * Whether a failed login may succeed when tried again: a connection reset before any answer, a
 * proxy's 502 / 503 / 504, a 429, or an AR "server busy" message. Not a timeout (the server may
 * be slow for a reason, and the login already waited a minute) and not an answer about the
 * account.
 */
function isTransientLoginFailure(facts: FailureFacts): boolean {
	if (facts.status !== undefined) {
		const number = primaryArMessage(parseArMessages(facts.body))?.number;
		if (number !== undefined) return SERVER_BUSY_AR_ERRORS.has(number);
		return [429, 502, 503, 504].includes(facts.status);
	}
	return isResetCode(facts.code);
}

/**
 * Whether the host and port of a plain-HTTP Server URL answer HTTPS. Asked only after every login
 * attempt was reset: that is how a TLS port treats plain HTTP, but also how a flaky network
 * looks, so the "use https://" advice is given only when an HTTPS request gets an answer.
 */
async function servesHttps(helper: IHttpRequestHelper, base: string): Promise<boolean> {
	try {
		await helper.helpers.httpRequest({
			method: 'GET',
			url: `${base.replace(/^http:/i, 'https:')}/api/version`,
			skipSslCertificateValidation: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			json: false,
			encoding: 'text',
			timeout: 10_000,
		});
		return true;
	} catch {
		return false;
	}
}

/** POST /api/jwt/login, retrying transient failures; returns the token or throws a clear error. */
async function requestToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	base: string,
	username: string,
): Promise<string> {
	let answer: unknown;
	let lastError: unknown;
	let attempts = 0;
	for (let attempt = 0; ; attempt++) {
		attempts = attempt + 1;
		try {
			answer = await helper.helpers.httpRequest({
				method: 'POST',
				url: `${base}${LOGIN_PATH}`,
				headers: {
					'Content-Type': 'application/x-www-form-urlencoded',
					Accept: 'text/plain, */*',
				},
				body: loginBody(credentials),
				json: false,
				// The token is plain text: keep axios from guessing at JSON.
				encoding: 'text',
				// Nothing else applies the TLS switch inside preAuthentication.
				skipSslCertificateValidation: ignoresSslIssues(credentials),
				timeout: 60_000,
			});
			lastError = undefined;
			break;
		} catch (error) {
			lastError = error;
			if (attempt >= loginRetrySettings.maxRetries || !isTransientLoginFailure(failureFacts(error))) {
				break;
			}
			const step = loginRetrySettings.baseDelayMs;
			await loginRetrySettings.sleep(
				Math.round(step * 2 ** attempt + loginRetrySettings.random() * step),
			);
		}
	}
	if (lastError !== undefined) {
		const facts = failureFacts(lastError);
		const httpsHint =
			facts.status === undefined &&
			isResetCode(facts.code) &&
			/^http:/i.test(base) &&
			(await servesHttps(helper, base));
		throw loginFailure(lastError, base, username, { attempts, httpsHint });
	}

	const token = typeof answer === 'string' ? answer.trim() : '';
	if (!looksLikeToken(token)) {
		throw new ArSystemLoginError(
			`The Server URL ${displayUrl(base)} answered the login with a web page or text, not a ` +
				'token. It looks like the Mid-Tier URL or another web address.',
			REST_URL_HINT,
		);
	}
	return token;
}

/**
 * The session for these credentials: one login per identity at a time in this process; a token
 * that already replaced the one this copy holds is adopted instead of logging in again
 * (sessions.ts). Returns what the credential stores: the token and whose it is.
 */
export async function logIn(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
): Promise<{ token: string; tokenFor: string }> {
	const base = normaliseBaseUrl(credentials.baseUrl);
	const username = String(credentials.username ?? '');
	if (!/^https?:\/\/[^/]/i.test(base)) {
		throw new ArSystemLoginError(
			'The Server URL must start with https:// (or http://), e.g. https://ar.example.com:8443',
			REST_URL_HINT,
		);
	}
	const identity = identityFingerprint(credentials);
	const token = await obtainToken(identity, credentials.token, async () =>
		await requestToken(helper, credentials, base, username),
	);
	return { token, tokenFor: identity };
}

/**
 * Sent instead of the cached token when the credential's identity changed since the login: the
 * server answers 401 and n8n runs preAuthentication again, so an edited URL, user, password or
 * authentication string never keeps using the old session.
 */
export const STALE_TOKEN = 'stale-session-login-again';

/**
 * The Authorization header value: `AR-JWT <token>`, or an invalid token when the identity changed
 * or a gateway refused the token. A refused token is not sent again: the invalid one makes the
 * server (401) or the gateway (403, which the transport then treats like a 401) refuse it, and
 * n8n's re-login path runs.
 */
export function authorizationFor(credentials: ICredentialDataDecryptedObject): string {
	const token = typeof credentials.token === 'string' ? credentials.token : '';
	const current =
		token !== '' &&
		credentials.tokenFor === identityFingerprint(credentials) &&
		!isRefused(credentials);
	return `AR-JWT ${current ? token : STALE_TOKEN}`;
}
