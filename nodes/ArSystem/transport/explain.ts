/**
 * Turns the facts about a failure into a message and a description a user can act on: advice per
 * AR message number, HTML and HTTPS-only answers, bare HTTP statuses and network errors.
 */
import type { ArMessage } from './arMessages';
import { isHtmlBody, isHttpsOnlyBody, parseArMessages, primaryArMessage } from './arMessages';
import type { FailureFacts } from './facts';
import type { ArErrorContext } from './types';
import { displayUrl } from './urls';

/** Node's codes for a certificate it does not trust: the login and every request map them alike. */
export const TLS_TRUST_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_UNTRUSTED',
	'CERT_HAS_EXPIRED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

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

/** URLs longer than this are the likely cause of a bare 400. */
const LONG_URL = 6000;

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
	// Jetty, which serves AR's REST API, accepts request lines and headers of about 8 KB.
	const longUrl = (context.urlLength ?? 0) > LONG_URL;
	if (status === 414 || status === 431 || (status === 400 && longUrl)) {
		return {
			message: `The request was too long for the AR System server (HTTP ${status})`,
			description:
				(context.urlLength ? `The URL was ${context.urlLength} characters long, mostly the filter. ` : '') +
				'AR servers accept URLs of about 8 KB. Shorten the filter values, use fewer conditions, ' +
				'or split the work into several queries.',
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
/** The session was refused although n8n had just logged in: a gateway or the account, not the URL. */
function describeRefusedSession(status: number, html: boolean): Explanation {
	if (html) {
		return {
			message:
				'The session was refused by a gateway in front of AR System (HTTP 403 page), also right ' +
				'after a fresh login',
			description:
				'The login worked, so the Server URL is right, but a gateway or proxy in front of the AR ' +
				'REST API refuses the new token as well. Check that the gateway passes the ' +
				'Authorization header (AR-JWT) through to AR System, and that this account is allowed ' +
				'through the gateway.',
		};
	}
	return {
		message: `The AR System server refused the session (HTTP ${status}), also right after a fresh login`,
		description:
			'The login worked, so the Server URL is right, but the server (or a gateway in front of ' +
			'it) refuses the new token. Check that the account is enabled, not locked and licensed, ' +
			'and, if a gateway is in front of AR System, that it passes the Authorization header through.',
	};
}

export function explainFailure(facts: FailureFacts, context: ArErrorContext = {}): Explanation {
	if (facts.status !== undefined) {
		const { status, body } = facts;
		if (context.refusedAfterLogin) {
			const html = isHtmlBody(body);
			if (status === 401 || (status === 403 && html)) return describeRefusedSession(status, html);
		}
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
