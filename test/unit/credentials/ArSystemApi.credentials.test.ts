/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import 'reflect-metadata';

import fs from 'fs';
import https from 'https';
import type { AddressInfo } from 'net';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import path from 'path';

import { ArSystemApi } from '../../../credentials/ArSystemApi.credentials';
import {
	ArSystemLoginError,
	identityFingerprint,
	loginBody,
	loginRetrySettings,
	STALE_TOKEN,
} from '../../../nodes/ArSystem/transport';
import { resetSessions } from '../../../nodes/ArSystem/transport/sessions';
import type { FakeServer, Reply } from '../transport/support';
import {
	caught,
	createContext,
	LOGIN_PATH,
	NODE,
	serialiseError,
	startServer,
	JWT,
} from '../transport/support';

const PASSWORD = 'S3cr&t pass=word%';
const credentialType = new ArSystemApi();

/** The helper n8n hands to preAuthentication: n8n-core's real httpRequest. */
const requestHelper: IHttpRequestHelper = {
	helpers: {
		httpRequest: getRequestHelperFunctions(
			{} as Workflow,
			NODE,
			{} as IWorkflowExecuteAdditionalData,
		).httpRequest,
	},
};

async function login(credentials: ICredentialDataDecryptedObject) {
	return await credentialType.preAuthentication.call(requestHelper, credentials);
}

let server: FakeServer;
const base = () => server.url;
const credentials = (
	extra: ICredentialDataDecryptedObject = {},
): ICredentialDataDecryptedObject => ({
	baseUrl: `${base()}/`,
	username: 'Demo',
	password: PASSWORD,
	authString: '',
	ignoreSslIssues: false,
	token: '',
	tokenFor: '',
	...extra,
});

function expectNoSecrets(error: unknown) {
	const text = serialiseError(error);
	expect(text).not.toContain(PASSWORD);
	expect(text).not.toContain(encodeURIComponent(PASSWORD));
	expect(text).not.toContain(JWT);
	expect(text).not.toContain('password=');
}

beforeAll(async () => void (server = await startServer()));
afterAll(async () => await server.close());

beforeEach(() => {
	server.requests.length = 0;
	resetSessions();
	loginRetrySettings.sleep = async () => {};
});

describe('credential description', () => {
	it('has the names, icon and documentation the package expects', () => {
		expect(credentialType.name).toBe('arSystemApi');
		expect(credentialType.displayName).toBe('AR System API');
		expect(credentialType.icon).toEqual({
			light: 'file:../icons/arSystem.svg',
			dark: 'file:../icons/arSystem.dark.svg',
		});
		expect(credentialType.documentationUrl).toBe(
			'https://github.com/n8n-nodes-ar-system/n8n-nodes-ar-system#credentials',
		);
		for (const file of ['arSystem.svg', 'arSystem.dark.svg']) {
			expect(fs.readFileSync(path.join(__dirname, '../../../icons', file), 'utf8')).toContain(
				'<svg',
			);
		}
	});

	it('declares the fields, a masked password and a hidden expirable token', () => {
		const byName = Object.fromEntries(credentialType.properties.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toEqual([
			'baseUrl',
			'username',
			'password',
			'authString',
			'ignoreSslIssues',
			'token',
			'tokenFor',
		]);
		expect(byName.baseUrl).toMatchObject({
			displayName: 'Server URL',
			placeholder: 'https://ar.example.com:8443',
		});
		expect(byName.baseUrl.description).toContain('-restapi.onbmc.com');
		expect(byName.password.typeOptions).toEqual({ password: true });
		expect(byName.ignoreSslIssues).toMatchObject({
			displayName: 'Ignore SSL Issues (Insecure)',
			type: 'boolean',
			default: false,
		});
		expect(byName.token).toMatchObject({
			type: 'hidden',
			default: '',
			typeOptions: { expirable: true, password: true },
		});
		expect(byName.tokenFor).toMatchObject({ type: 'hidden', default: '' });
		// n8n's credentials helper uses the first hidden expirable property as "the token".
		expect(
			credentialType.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable)?.name,
		).toBe('token');
	});

	it('tests login and read access with one User entry', () => {
		expect(credentialType.test.request).toMatchObject({
			method: 'GET',
			url: '/api/arsys/v1/entry/User?limit=1&fields=values(Request%20ID)',
		});
		// Evaluated the way n8n evaluates it: blanks and trailing slashes go.
		const node = { ...NODE, parameters: {} };
		const nodeTypes = {
			getByName: () => ({ description: { properties: [] } }),
			getByNameAndVersion: () => ({ description: { properties: [] } }),
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		const baseURL = workflow.expression.getSimpleParameterValue(
			node,
			credentialType.test.request.baseURL as string,
			'internal',
			{ $credentials: { baseUrl: ' https://ar.example.com:8443// ' } },
			undefined,
			'',
		);
		expect(baseURL).toBe('https://ar.example.com:8443');
		const rule403 = credentialType.test.rules?.find((r) => r.properties.value === 403);
		expect(rule403?.properties.message).toMatch(/Login works, but .* cannot read the User form/);
	});
});

describe('preAuthentication', () => {
	it('posts the form-encoded login and returns the trimmed token with its fingerprint', async () => {
		server.setHandler(() => ({ status: 200, body: `  ${JWT}\r\n` }));
		const input = credentials({ authString: 'CORP domain' });
		const result = await login(input);

		expect(result).toEqual({ token: JWT, tokenFor: identityFingerprint(input) });
		const request = server.requests[0];
		expect(request.method).toBe('POST');
		expect(request.path).toBe(LOGIN_PATH);
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.body).toBe(
			`username=Demo&password=${encodeURIComponent(PASSWORD)}&authString=CORP%20domain`,
		);
		expect(new URLSearchParams(request.body).get('password')).toBe(PASSWORD);
	});

	it('leaves authString out when it is empty', () => {
		expect(loginBody(credentials())).toBe(`username=Demo&password=${encodeURIComponent(PASSWORD)}`);
	});

	it.each([
		['an HTML page', '<!DOCTYPE html><html><body>BMC Remedy Mid Tier</body></html>'],
		['text with spaces', 'Welcome to BMC Remedy Mid Tier'],
		['an empty body', '   '],
	])('rejects %s as a token, pointing at the Mid-Tier', async (_name, body) => {
		server.setHandler(() => ({ status: 200, headers: { 'Content-Type': 'text/html' }, body }));
		const error = await caught(() => login(credentials()));
		expect(error).toBeInstanceOf(ArSystemLoginError);
		expect(error.message).toContain('Mid-Tier');
		expect(error.message).toContain(base());
		expectNoSecrets(error);
	});

	it('explains a 623 without revealing the password', async () => {
		server.setHandler(() => ({
			status: 401,
			body: [
				{
					messageType: 'ERROR',
					messageNumber: 623,
					messageText: 'Authentication failed',
					messageAppendedText: 'Demo',
				},
			],
		}));
		const error = await caught(() => login(credentials()));
		expect(error.message).toBe(
			"Authentication failed for user 'Demo' (AR System error 623). Check Username, Password and Authentication String.",
		);
		// No code, response or httpCode: n8n would replace the message or log in again.
		expect(error).not.toHaveProperty('code');
		expect(error).not.toHaveProperty('response');
		expect(error).not.toHaveProperty('httpCode');
		expect(error.cause).toBeUndefined();
		expectNoSecrets(error);
	});

	it('explains a bare 401', async () => {
		server.setHandler(() => ({ status: 401 }));
		const error = await caught(() => login(credentials()));
		expect(error.message).toBe(
			"Authentication failed for user 'Demo' (HTTP 401). Check Username, Password and Authentication String.",
		);
	});

	it('says the server accepts only HTTPS on the HTTPS-only 403', async () => {
		server.setHandler(() => ({
			status: 403,
			body: { message: 'Access forbidden', code: 403, transient: false },
		}));
		const error = await caught(() => login(credentials()));
		expect(error.message).toBe(
			`The AR System server accepts only HTTPS: change the Server URL to ${base().replace('http:', 'https:')}`,
		);
		expectNoSecrets(error);
	});

	it('explains a Jetty 404 page and other AR errors', async () => {
		server.setHandler(() => ({ status: 404, body: '<html><h2>HTTP ERROR 404</h2></html>' }));
		expect((await caught(() => login(credentials()))).message).toContain(
			'answered with a web page',
		);

		server.setHandler(() => ({
			status: 500,
			body: [
				{
					messageType: 'ERROR',
					messageNumber: 9093,
					messageText: 'User is currently connected from another machine',
				},
			],
		}));
		const error = await caught(() => login(credentials()));
		expect(error.message).toBe(
			`Login to ${base()} failed: AR System error 9093: User is currently connected from another machine`,
		);
	});

	it('names the Server URL when the connection is refused', async () => {
		const closed = await startServer();
		await closed.close();
		const error = await caught(() => login(credentials({ baseUrl: closed.url })));
		expect(error.message).toBe(
			`Could not connect to ${closed.url}: connection refused. Check the host and port of the Server URL.`,
		);
		expectNoSecrets(error);
	});

	it('hides user info of the Server URL and rejects one without a scheme', async () => {
		const closed = await startServer();
		await closed.close();
		const withUser = closed.url.replace('http://', `http://Demo:${encodeURIComponent(PASSWORD)}@`);
		const error = await caught(() => login(credentials({ baseUrl: withUser })));
		expect(error.message).toContain(closed.url);
		expectNoSecrets(error);

		const noScheme = await caught(() => login(credentials({ baseUrl: 'ar.example.com:8443' })));
		expect(noScheme.message).toContain('must start with https://');
	});
});

describe('identity fingerprint', () => {
	const identity = (extra: ICredentialDataDecryptedObject = {}) =>
		identityFingerprint({
			baseUrl: 'https://ar.example.com:8443',
			username: 'Demo',
			password: PASSWORD,
			authString: '',
			...extra,
		});
	const reference = identity();

	it('is a sha256 hex digest that ignores trailing slashes and blanks', () => {
		expect(reference).toMatch(/^[0-9a-f]{64}$/);
		expect(identity({ baseUrl: ' https://ar.example.com:8443/// ' })).toBe(reference);
	});

	it.each([
		['baseUrl', 'https://other.example.com'],
		['username', 'Other'],
		['password', 'other'],
		['authString', 'CORP'],
	])('changes when %s changes', (field, value) => {
		expect(identity({ [field]: value })).not.toBe(reference);
	});
});

describe('authenticate', () => {
	const options = (): IHttpRequestOptions => ({
		url: 'https://ar/api/arsys/v1/entry/User',
		headers: { Accept: 'application/json', authorization: 'Basic old' },
	});

	it('sends the token as AR-JWT and keeps the other headers', async () => {
		const current = credentials({ token: JWT });
		current.tokenFor = identityFingerprint(current);
		const result = await credentialType.authenticate(current, options());
		expect(result.headers).toEqual({
			Accept: 'application/json',
			Authorization: `AR-JWT ${JWT}`,
		});
		expect(result.skipSslCertificateValidation).toBeUndefined();
	});

	it('sends a deliberately invalid token when the identity changed since the login', async () => {
		const cached = credentials({ token: JWT });
		cached.tokenFor = identityFingerprint(cached);
		const edits: ICredentialDataDecryptedObject[] = [
			{ password: 'new' },
			{ username: 'x' },
			{ baseUrl: 'https://b' },
			{ authString: 'y' },
		];
		for (const edit of edits) {
			const result = await credentialType.authenticate({ ...cached, ...edit }, options());
			expect(result.headers?.Authorization).toBe(`AR-JWT ${STALE_TOKEN}`);
		}
	});

	it('passes the TLS switch on', async () => {
		const on = await credentialType.authenticate(credentials({ ignoreSslIssues: true }), options());
		expect(on.skipSslCertificateValidation).toBe(true);
		const legacy = await credentialType.authenticate(
			credentials({ allowUnauthorizedCerts: true }),
			options(),
		);
		expect(legacy.skipSslCertificateValidation).toBe(true);
	});
});

describe('credential test flow', () => {
	/** How n8n's credentials tester turns an error into the message the user sees. */
	function testerMessage(error: Error & Record<string, unknown>): string {
		const cause = error.cause as Record<string, unknown> | undefined;
		const response = cause?.response as { status: number; statusText?: string } | undefined;
		if (response) {
			const rule = credentialType.test.rules?.find((r) => r.properties.value === response.status);
			if (rule) return String(rule.properties.message);
			return response.statusText || `Received HTTP status code: ${response.status}`;
		}
		if (typeof cause?.code === 'string') return cause.code;
		return error.message;
	}

	async function runTest(reply: (request: { path: string }) => Reply) {
		server.setHandler(reply);
		const { ctx } = createContext(credentials());
		const request = credentialType.test.request;
		return await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'arSystemApi', {
			method: 'GET',
			baseURL: base(),
			url: request.url as string,
		});
	}

	it('logs in and reads one User entry', async () => {
		await runTest((request) =>
			request.path === LOGIN_PATH ? { body: JWT } : { body: { entries: [] } },
		);
		expect(server.requests.map((r) => r.url)).toEqual([
			LOGIN_PATH,
			'/api/arsys/v1/entry/User?limit=1&fields=values(Request%20ID)',
		]);
	});

	it('says that the login failed', async () => {
		const error = await caught(() =>
			runTest(() => ({
				status: 401,
				body: [{ messageType: 'ERROR', messageNumber: 623, messageText: 'Authentication failed' }],
			})),
		);
		expect(testerMessage(error)).toMatch(/^Authentication failed for user 'Demo'/);
		expect(server.logins()).toBe(1);
		expectNoSecrets(error);
	});

	it('says that login works but reading the User form does not', async () => {
		const error = await caught(() =>
			runTest((request) =>
				request.path === LOGIN_PATH
					? { body: JWT }
					: {
							status: 403,
							body: [
								{
									messageType: 'ERROR',
									messageNumber: 353,
									messageText: 'You have no access to form',
									messageAppendedText: 'User',
								},
							],
						},
			),
		);
		expect(testerMessage(error)).toMatch(
			/^Login works, but this account cannot read the User form/,
		);
	});

	it('explains a dropped login connection in words, without guessing at https', async () => {
		const error = await caught(() => runTest(() => ({ reset: true })));
		expect(testerMessage(error)).toBe(
			`The AR System server at ${base()} closed the connection during the login (4 attempts).`,
		);
		expect(server.logins()).toBe(4);
	});
});

// The emulator's committed self-signed fixture (CN=localhost, SAN localhost + 127.0.0.1).
const TLS_DIR = path.join(__dirname, '../../../emulator/tls');

describe('TLS with a self-signed certificate', () => {
	let tlsServer: https.Server;
	let tlsUrl: string;

	beforeAll(async () => {
		tlsServer = https.createServer(
			{
				key: fs.readFileSync(path.join(TLS_DIR, 'key.pem')),
				cert: fs.readFileSync(path.join(TLS_DIR, 'cert.pem')),
			},
			(req, res) => {
				req.resume();
				req.on('end', () =>
					res.end(req.url === LOGIN_PATH ? JWT : JSON.stringify({ entries: [] })),
				);
			},
		);
		await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
		tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
	});

	afterAll(async () => {
		tlsServer.closeAllConnections();
		await new Promise<void>((resolve) => tlsServer.close(() => resolve()));
	});

	it('fails with a message naming the Server URL and the Ignore SSL Issues switch', async () => {
		const error = await caught(() => login(credentials({ baseUrl: tlsUrl })));
		expect(error.message).toContain(`The TLS certificate of ${tlsUrl} is not trusted`);
		expect(error.message).toContain('"Ignore SSL Issues (Insecure)"');
		expectNoSecrets(error);
	});

	it('gives the https advice only after checking that the port answers HTTPS', async () => {
		const plain = tlsUrl.replace('https:', 'http:');
		const error = await caught(() => login(credentials({ baseUrl: plain })));
		expect(error.message).toBe(
			`The AR System server at ${plain} closed the connection during the login, and that port ` +
				`answers HTTPS: change the Server URL to ${tlsUrl}.`,
		);
		expectNoSecrets(error);
	});

	it('logs in when the switch is on, and the node requests follow it', async () => {
		expect((await login(credentials({ baseUrl: tlsUrl, ignoreSslIssues: true }))).token).toBe(JWT);
		expect(
			(await login(credentials({ baseUrl: tlsUrl, allowUnauthorizedCerts: true }))).token,
		).toBe(JWT);

		const { ctx } = createContext(credentials({ baseUrl: tlsUrl, ignoreSslIssues: true }));
		const response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'arSystemApi', {
			url: `${tlsUrl}/api/arsys/v1/entry/User?limit=1`,
			json: true,
		});
		expect(response).toEqual({ entries: [] });
	});
});
