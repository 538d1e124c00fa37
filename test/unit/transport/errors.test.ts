import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	explainFailure,
	failureFacts,
	isHtmlBody,
	isHttpsOnlyBody,
	parseArMessages,
	redactSecrets,
	toNodeApiError,
} from '../../../nodes/ArSystem/transport/errors';
import { NODE, serialiseError } from './support';

const PASSWORD = 'pw-Sup3r-S3cret!';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.secret-token-value.sig';

/** An axios-shaped error as n8n-core's helper throws it: the request config holds secrets. */
function axiosError(
	status: number | undefined,
	data?: unknown,
	extra: Record<string, unknown> = {},
) {
	const error = new Error(
		status === undefined
			? 'connect ECONNREFUSED 127.0.0.1:1'
			: `Request failed with status code ${status}`,
	) as Error & Record<string, unknown>;
	Object.assign(error, {
		name: 'AxiosError',
		isAxiosError: true,
		config: {
			headers: { Authorization: `AR-JWT ${JWT}` },
			data: `username=Demo&password=${PASSWORD}`,
		},
		request: { _header: `POST /api/jwt/login\r\nAuthorization: AR-JWT ${JWT}\r\n` },
		...extra,
	});
	if (status !== undefined) {
		error.response = { status, data, headers: { 'content-type': 'application/json' } };
		error.status = status;
	}
	return error;
}

/** What n8n-core's httpRequestWithAuthentication throws: a NodeApiError around the axios error. */
const wrapped = (error: Error) => new NodeApiError(NODE, error as never);

const arArray = (number: number, text: string, appended?: string | null) => [
	{ messageType: 'ERROR', messageText: text, messageAppendedText: appended, messageNumber: number },
];

describe('AR error arrays', () => {
	it('parses by key name whatever the key order', () => {
		const body = [
			{
				messageNumber: 303,
				messageAppendedText: 'HPD:Help Desk',
				messageType: 'ERROR',
				messageText: 'Form does not exist on the server',
			},
		];
		expect(parseArMessages(body)).toEqual([
			{
				type: 'ERROR',
				number: 303,
				text: 'Form does not exist on the server',
				appendedText: 'HPD:Help Desk',
			},
		]);
	});

	it('accepts a null or missing appended text and the Innovation Studio spelling', () => {
		expect(
			parseArMessages(arArray(623, 'Authentication failed', null))[0].appendedText,
		).toBeUndefined();
		expect(
			parseArMessages([{ messageType: 'ERROR', messageText: 'x', messageNumber: 1 }])[0]
				.appendedText,
		).toBeUndefined();
		expect(
			parseArMessages([
				{ messageType: 'ERROR', messageText: 'x', messageNumber: 382, appendedText: 'y' },
			])[0].appendedText,
		).toBe('y');
	});

	it('parses JSON text bodies and ignores anything else', () => {
		expect(
			parseArMessages(JSON.stringify(arArray(302, 'Entry does not exist in database'))),
		).toHaveLength(1);
		expect(parseArMessages('<html><body>Not found</body></html>')).toEqual([]);
		expect(parseArMessages({ message: 'Access forbidden', code: 403 })).toEqual([]);
		expect(parseArMessages(undefined)).toEqual([]);
	});

	it('recognises HTML and the HTTPS-only answer', () => {
		expect(isHtmlBody('  <!DOCTYPE html><html>')).toBe(true);
		expect(isHtmlBody('eyJ0eXAi')).toBe(false);
		expect(isHttpsOnlyBody({ message: 'Access forbidden', code: 403, transient: false })).toBe(
			true,
		);
		expect(isHttpsOnlyBody('{ "message" : "Access forbidden", "code" : 403 }')).toBe(true);
		expect(isHttpsOnlyBody({ message: 'Something else' })).toBe(false);
	});
});

describe('toNodeApiError', () => {
	const map = (status: number, body: unknown, context = {}) =>
		toNodeApiError(NODE, wrapped(axiosError(status, body)), context);

	it('names the AR error number, text and appended text, and sets httpCode', () => {
		const error = map(404, arArray(302, 'Entry does not exist in database', '000000000000099'), {
			form: 'User',
			id: '000000000000099',
		});
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			'AR System error 302: Entry does not exist in database (000000000000099)',
		);
		expect(error.httpCode).toBe('404');
		expect(error.description).toContain("No entry with ID '000000000000099' exists on form 'User'");
		expect(error.description).toContain('may have been deleted');
	});

	it.each([
		[623, 'Authentication failed', 'Demo', /Username, Password and .*Authentication String/],
		[303, 'Form does not exist on the server', 'HPD:Help Dsk', /'HPD:Help Dsk'.*case-sensitive/],
		[326, 'Required field cannot be blank.', 'Last Name', /required field .*'Last Name'/i],
		[307, 'Required field (without a default) not specified', 'Full Name', /'Full Name'/],
		[353, 'You have no access to form', ':Group', /administrator account.*grant/],
		[382, 'The value(s) for this entry violate a unique index', null, /Login Name/],
		[
			9093,
			'User is currently connected from another machine',
			null,
			/dedicated integration account.*concurrency/,
		],
		[
			101,
			'Entry ID parameter length is longer than the maximum allowed length.',
			'INC0000000000212',
			/15 characters/,
		],
	])('gives advice for error %i', (number, text, appended, advice) => {
		const error = map(500, arArray(number, text, appended));
		expect(error.message).toBe(
			`AR System error ${number}: ${text}${appended ? ` (${appended})` : ''}`,
		);
		expect(error.description).toMatch(advice);
	});

	it('shows a rejected qualification with quoting advice', () => {
		const q = `'Status = "Open"`;
		const error = map(400, arArray(1587, 'Qualification line error', null), {
			form: 'User',
			qualification: q,
		});
		expect(error.message).toBe('AR System error 1587: Qualification line error');
		expect(error.description).toContain(q);
		expect(error.description).toContain('single quotes');
		expect(error.description).toContain('double quotes');
	});

	it('lists further messages of the array', () => {
		const body = [
			{ messageType: 'WARNING', messageText: 'Just a warning', messageNumber: 66 },
			...arArray(302, 'Entry does not exist in database', 'x'),
		];
		const error = map(404, body);
		expect(error.message).toBe('AR System error 302: Entry does not exist in database (x)');
		expect(error.description).toContain('WARNING 66: Just a warning');
	});

	it('explains the HTTPS-only 403', () => {
		const error = map(403, { message: 'Access forbidden', code: 403, transient: false });
		expect(error.message).toBe('The AR System server accepts only HTTPS');
		expect(error.description).toContain('https://');
		expect(error.httpCode).toBe('403');
	});

	it('explains HTML answers: Jetty 404 and a single sign-on page', () => {
		const jetty = map(404, '<html><head><title>Error 404 Not Found</title></head></html>');
		expect(jetty.message).toContain('no AR System REST API at this address');
		expect(jetty.description).toContain('not the Mid-Tier');
		const rsso = map(401, '<!DOCTYPE html><html><title>Remedy Single Sign-On</title></html>');
		expect(rsso.message).toContain('login web page');
	});

	it.each([
		[401, /rejected the session/],
		[403, /Access denied/],
		[404, /Not found/],
		[429, /too many requests/],
		[503, /server error \(HTTP 503\)/],
	])('explains a bare HTTP %i', (status, message) => {
		expect(map(status, '').message).toMatch(message);
	});

	it.each([
		['ECONNREFUSED', /connection refused/],
		['ENOTFOUND', /unknown host name/],
		['ETIMEDOUT', /did not answer in time/],
		['ECONNRESET', /closed the connection/],
		['DEPTH_ZERO_SELF_SIGNED_CERT', /certificate .* not trusted/],
		['SELF_SIGNED_CERT_IN_CHAIN', /not trusted/],
	])('explains network error %s and names the Server URL', (code, message) => {
		const error = toNodeApiError(NODE, wrapped(axiosError(undefined, undefined, { code })), {
			serverUrl: 'https://user:pass@ar.example.com:8443',
		});
		expect(error.message).toMatch(message);
		expect(error.message).toContain('https://ar.example.com:8443');
		expect(error.message).not.toContain('user:pass');
		expect(error.description).toContain(`code ${code}`);
		expect(error.httpCode).toBeNull();
	});

	it('mentions the Ignore SSL Issues switch for untrusted certificates', () => {
		const error = toNodeApiError(
			NODE,
			axiosError(undefined, undefined, { code: 'CERT_HAS_EXPIRED' }),
		);
		expect(error.description).toContain('Ignore SSL Issues (Insecure)');
	});

	it('treats "socket hang up" as a reset', () => {
		expect(failureFacts(new Error('socket hang up')).code).toBe('ECONNRESET');
	});

	it('keeps the message of a login error from the credential', () => {
		const loginError = Object.assign(
			new Error(
				"Authentication failed for user 'Demo' (AR System error 623). Check Username, Password and Authentication String.",
			),
			{ description: 'The AR System server rejected the login.' },
		);
		const error = toNodeApiError(NODE, wrapped(loginError));
		expect(error.message).toBe(loginError.message);
		expect(error.description).toBe('The AR System server rejected the login.');
	});

	it('is idempotent and adds the item index', () => {
		const first = map(404, arArray(302, 'Entry does not exist in database', 'x'));
		const again = toNodeApiError(NODE, first, { itemIndex: 3 });
		expect(again).toBe(first);
		expect(again.context.itemIndex).toBe(3);
		expect(toNodeApiError(NODE, again, { itemIndex: 5 }).context.itemIndex).toBe(3);
	});

	it('maps other errors with their message', () => {
		const error = toNodeApiError(NODE, new NodeOperationError(NODE, 'Something odd'), {
			itemIndex: 1,
		});
		expect(error.message).toBe('Something odd');
		expect(error.context.itemIndex).toBe(1);
	});

	it('keeps messages that mention common error codes as written', () => {
		// NodeApiError would turn a message containing "EEXIST" into a file-system message.
		const error = map(500, arArray(8888, 'Name THEEEXISTS already', null));
		expect(error.message).toBe('AR System error 8888: Name THEEEXISTS already');
	});

	it('never exposes the password, the token or the Authorization header', () => {
		const errors = [
			map(401, arArray(623, 'Authentication failed', 'Demo')),
			map(500, `<html>${JWT}</html>`),
			map(400, arArray(1, `echo AR-JWT ${JWT}`, `Bearer ${JWT}`)),
			toNodeApiError(NODE, wrapped(axiosError(undefined, undefined, { code: 'ECONNRESET' }))),
			toNodeApiError(NODE, axiosError(undefined, undefined, { code: 'ECONNREFUSED' })),
			toNodeApiError(NODE, axiosError(502, undefined)),
		];
		for (const error of errors) {
			const text = serialiseError(error);
			expect(text).not.toContain(PASSWORD);
			expect(text).not.toContain(JWT);
			expect(text).not.toMatch(/AR-JWT\s+(?!\*\*\*)/);
			expect(error.cause).toBeUndefined();
		}
	});

	it('redacts authorization values in free text', () => {
		expect(redactSecrets(`header AR-JWT ${JWT}, next`)).toBe('header AR-JWT ***, next');
		expect(redactSecrets(`Bearer ${JWT}`)).toBe('Bearer ***');
	});

	it('explains a failure without any facts', () => {
		expect(explainFailure({}).message).toBe('The AR System request failed');
	});
});
