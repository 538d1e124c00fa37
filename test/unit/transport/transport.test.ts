/**
 * The transport against real HTTP through n8n-core's request helpers: URL building, login and
 * re-login, Location parsing, retries and error mapping as a user would meet them.
 */
import { NodeApiError } from 'n8n-workflow';

import {
	arRequestAllPages,
	createEntry,
	deleteEntry,
	getEntry,
	getFormFields,
	identityFingerprint,
	listEntries,
	listForms,
	mergeEntry,
	pages,
	updateEntry,
} from '../../../nodes/ArSystem/transport';
import { retrySettings } from '../../../nodes/ArSystem/transport/retry';
import { resetSessions } from '../../../nodes/ArSystem/transport/sessions';
import type { FakeServer, Handler, RecordedRequest, Reply } from './support';
import {
	caught,
	createContext,
	LOGIN_PATH,
	serialiseError,
	startServer,
	JWT,
	withLogin,
} from './support';

const PASSWORD = 'Pa$$w0rd with spaces & symbols=1';

const originalRetry = { ...retrySettings };
let server: FakeServer;
let sleeps: number[];

beforeAll(async () => void (server = await startServer()));
afterAll(async () => await server.close());

beforeEach(() => {
	server.requests.length = 0;
	resetSessions();
	sleeps = [];
	retrySettings.sleep = async (ms: number) => {
		sleeps.push(ms);
	};
});

afterEach(() => {
	Object.assign(retrySettings, originalRetry);
});

function context(extra: Record<string, unknown> = {}) {
	return createContext({
		baseUrl: `${server.url}//`,
		username: 'Demo',
		password: PASSWORD,
		authString: '',
		ignoreSslIssues: false,
		...extra,
	});
}

const arError = (status: number, number: number, text: string, appended: string | null): Reply => ({
	status,
	body: [
		{
			messageType: 'ERROR',
			messageText: text,
			messageAppendedText: appended,
			messageNumber: number,
		},
	],
});

function expectNoSecrets(error: unknown) {
	const text = serialiseError(error);
	expect(text).not.toContain(PASSWORD);
	expect(text).not.toContain(encodeURIComponent(PASSWORD));
	expect(text).not.toContain(JWT);
	expect(text).not.toMatch(/AR-JWT (?!\*\*\*)/);
}

describe('requests', () => {
	it('logs in once, trims the token and sends it as AR-JWT', async () => {
		server.setHandler(withLogin(() => ({ body: { entries: [] } })));
		const { ctx, store } = context();
		await listEntries.call(ctx, 'User', { limit: 1 });
		await listEntries.call(ctx, 'User', { limit: 1 });

		expect(server.logins()).toBe(1);
		const login = server.requests[0];
		expect(login.method).toBe('POST');
		expect(login.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(login.body).toBe(`username=Demo&password=${encodeURIComponent(PASSWORD)}`);
		for (const request of server.dataRequests()) {
			expect(request.headers.authorization).toBe(`AR-JWT ${JWT}`);
		}
		expect(store.token).toBe(JWT);
	});

	it('builds list URLs with an encoded path, a fully encoded q and raw values(...)', async () => {
		server.setHandler(
			withLogin(() => ({
				body: {
					entries: [
						{ values: { 'Request ID': '1' }, _links: { self: [{ href: 'x' }] } },
						{ values: { 'Request ID': '2' } },
					],
					_links: { self: [{ href: 'x' }], next: [{ href: 'y' }] },
				},
			})),
		);
		const { ctx } = context();
		const page = await listEntries.call(ctx, 'HPD:Help Desk', {
			q: `'Status' = "New" AND 'Summary' LIKE "%a&b%"`,
			fields: ['Request ID', 'Short Description'],
			sort: [{ field: 'Modified Date', direction: 'desc' }],
			offset: 20,
			limit: 10,
		});

		const request = server.dataRequests()[0];
		expect(request.path).toBe('/api/arsys/v1/entry/HPD:Help%20Desk');
		expect(request.query).toBe(
			'q=%27Status%27%20%3D%20%22New%22%20AND%20%27Summary%27%20LIKE%20%22%25a%26b%25%22' +
				'&fields=values(Request%20ID,Short%20Description)' +
				'&sort=Modified%20Date.desc&offset=20&limit=10',
		);
		expect(page.entries.map((e) => e.values['Request ID'])).toEqual(['1', '2']);
		expect(page.entries[0]._links).toEqual({ self: [{ href: 'x' }] });
		expect(page).toMatchObject({ hasNext: true, sawLinks: true });
	});

	it('reports a list without _links as such', async () => {
		server.setHandler(withLogin(() => ({ body: { entries: [{ values: { a: 1 } }] } })));
		const page = await listEntries.call(context().ctx, 'User', {});
		expect(page).toMatchObject({ hasNext: false, sawLinks: false });
		expect(server.dataRequests()[0].query).toBe('limit=1000');
	});

	it('gets one entry by an encoded join ID with selected fields', async () => {
		server.setHandler(withLogin(() => ({ body: { values: { 'Request ID': 'A|B' }, _links: {} } })));
		const entry = await getEntry.call(context().ctx, 'HPD:IncidentInterface', 'A|B', [
			'Request ID',
		]);
		expect(entry.values['Request ID']).toBe('A|B');
		const request = server.dataRequests()[0];
		expect(request.path).toBe('/api/arsys/v1/entry/HPD:IncidentInterface/A%7CB');
		expect(request.query).toBe('fields=values(Request%20ID)');
	});

	it.each([
		[
			'an absolute Location',
			{ Location: 'https://ar:8443/api/arsys/v1/entry/User/000000000000042' },
			201,
		],
		['a relative Location', { Location: '/api/arsys/v1/entry/User/000000000000042' }, 201],
	])(
		'creates an entry and reads the ID from %s, with an empty body',
		async (_name, headers, status) => {
			server.setHandler(withLogin(() => ({ status, headers })));
			const result = await createEntry.call(context().ctx, 'User', { 'Login Name': 'jdoe' });
			expect(result).toEqual({ requestId: '000000000000042' });
			const request = server.dataRequests()[0];
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/api/arsys/v1/entry/User');
			expect(request.headers['content-type']).toContain('application/json');
			expect(JSON.parse(request.body)).toEqual({ values: { 'Login Name': 'jdoe' } });
		},
	);

	it('creates an entry on a join form (204, no ID)', async () => {
		server.setHandler(withLogin(() => ({ status: 204 })));
		expect(await createEntry.call(context().ctx, 'Join Form', { a: 1 })).toEqual({
			requestId: undefined,
		});
	});

	it('reads the ID from Location even when the create returns values', async () => {
		server.setHandler(
			withLogin(() => ({
				status: 201,
				headers: { Location: 'https://ar/api/arsys/v1/entry/CTM:People/PPL000000000007' },
				body: {
					values: { 'Full Name': 'x' },
					_links: { self: [{ href: 'https://ar/api/arsys/v1/entry/CTM:People' }] },
				},
			})),
		);
		expect(await createEntry.call(context().ctx, 'CTM:People', {})).toEqual({
			requestId: 'PPL000000000007',
		});
	});

	it('updates and deletes', async () => {
		server.setHandler(withLogin(() => ({ status: 204 })));
		const { ctx } = context();
		await updateEntry.call(ctx, 'User', '000000000000001', { 'Full Name': 'New' });
		await deleteEntry.call(ctx, 'User', '000000000000001');
		const [update, remove] = server.dataRequests();
		expect(update.method).toBe('PUT');
		expect(update.path).toBe('/api/arsys/v1/entry/User/000000000000001');
		expect(JSON.parse(update.body)).toEqual({ values: { 'Full Name': 'New' } });
		expect(remove.method).toBe('DELETE');
		expect(remove.path).toBe('/api/arsys/v1/entry/User/000000000000001');
	});

	it('merges with the documented body', async () => {
		server.setHandler(
			withLogin(() => ({
				status: 201,
				headers: { Location: 'https://ar/api/arsys/v1/entry/CTM:People/PPL000000000009' },
			})),
		);
		const result = await mergeEntry.call(
			context().ctx,
			'CTM:People',
			{ 'Remedy Login ID': 'jdoe' },
			{
				mergeType: 'DUP_MERGE',
				qualification: `'4' = "jdoe"`,
				ignoreRequired: true,
				multimatchOption: 1,
			},
		);
		expect(result).toEqual({ requestId: 'PPL000000000009' });
		const request = server.dataRequests()[0];
		expect(request.path).toBe('/api/arsys/v1/mergeEntry/CTM:People');
		expect(JSON.parse(request.body)).toEqual({
			values: { 'Remedy Login ID': 'jdoe' },
			mergeOptions: { mergeType: 'DUP_MERGE', ignoreRequired: true, multimatchOption: 1 },
			qualification: `'4' = "jdoe"`,
		});
	});

	it('reads field metadata and form names', async () => {
		server.setHandler(
			withLogin((request) =>
				request.path.startsWith('/api/arsys/v1.0/fields/')
					? {
							body: [
								{ id: 1, name: 'Request ID', datatype: 'CHAR', field_option: 'SYSTEM' },
								{ id: '7', name: 'Status', datatype: 'ENUM', limit: { selection_values: [] } },
								{ note: 'not a field' },
							],
						}
					: { body: ['User', 'Group', { name: 'CTM:People' }] },
			),
		);
		const { ctx } = context();
		const fields = await getFormFields.call(ctx, 'HPD:Help Desk');
		expect(fields.map((f) => [f.id, f.name, f.datatype])).toEqual([
			[1, 'Request ID', 'CHAR'],
			[7, 'Status', 'ENUM'],
		]);
		expect(fields[1].limit).toEqual({ selection_values: [] });
		expect(await listForms.call(ctx)).toEqual(['User', 'Group', 'CTM:People']);
		expect(server.dataRequests().map((r) => r.path)).toEqual([
			'/api/arsys/v1.0/fields/HPD:Help%20Desk',
			'/api/arsys/v1.0/form',
		]);
	});
});

describe('sessions', () => {
	it('logs in again after a 401 and resends once (n8n behaviour)', async () => {
		let rejected = false;
		server.setHandler(
			withLogin(() => {
				if (!rejected) {
					rejected = true;
					return arError(401, 623, 'Authentication failed', null);
				}
				return { body: { values: { a: 1 } } };
			}),
		);
		// A token the credential still believes in (matching fingerprint) that the server expired.
		const credentials = {
			baseUrl: `${server.url}//`,
			username: 'Demo',
			password: PASSWORD,
			authString: '',
		};
		const { ctx } = context({ token: 'expired-token', tokenFor: identityFingerprint(credentials) });
		await getEntry.call(ctx, 'User', '1');
		expect(server.logins()).toBe(1);
		expect(server.dataRequests().map((r) => r.headers.authorization)).toEqual([
			'AR-JWT expired-token',
			`AR-JWT ${JWT}`,
		]);
	});

	it('uses a stale token after the password changed, forcing a fresh login', async () => {
		server.setHandler(
			withLogin((request: RecordedRequest) =>
				request.headers.authorization === `AR-JWT ${JWT}`
					? { body: { values: {} } }
					: arError(401, 623, 'Authentication failed', null),
			),
		);
		const first = context();
		await getEntry.call(first.ctx, 'User', '1');
		expect(server.logins()).toBe(1);

		// Same cached token, edited password: the fingerprint no longer matches.
		const edited = context({
			token: first.store.token,
			tokenFor: first.store.tokenFor,
			password: 'changed',
		});
		await getEntry.call(edited.ctx, 'User', '1');
		expect(server.logins()).toBe(2);
		expect(server.dataRequests()[1].headers.authorization).not.toContain(JWT);
		expect(edited.store.tokenFor).not.toBe(first.store.tokenFor);
	});

	it('surfaces a failed login with the credential message and no secrets', async () => {
		server.setHandler((request) =>
			request.path === LOGIN_PATH
				? arError(401, 623, 'Authentication failed', 'Demo')
				: { body: { entries: [] } },
		);
		const error = await caught(() => listEntries.call(context().ctx, 'User', {}));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(
			"Authentication failed for user 'Demo' (AR System error 623). Check Username, Password and Authentication String.",
		);
		expect(server.logins()).toBe(1);
		expectNoSecrets(error);
	});
});

describe('retries', () => {
	it('retries a GET after 503s, honouring Retry-After', async () => {
		let calls = 0;
		server.setHandler(
			withLogin(() =>
				++calls <= 2
					? { status: 503, headers: { 'Retry-After': '1' }, body: 'busy' }
					: { body: { values: {} } },
			),
		);
		await getEntry.call(context().ctx, 'User', '1');
		expect(server.dataRequests()).toHaveLength(3);
		expect(sleeps.reduce((a, b) => a + b, 0)).toBe(2000);
	});

	it('gives up on a read after 3 retries of a server-busy AR error, with a mapped error', async () => {
		server.setHandler(withLogin(() => arError(500, 91, 'RPC call failed', null)));
		const { ctx, logs } = context();
		const error = await caught(() => getEntry.call(ctx, 'User', '1'));
		expect(server.dataRequests()).toHaveLength(4);
		expect(error.message).toBe('AR System error 91: RPC call failed');
		expect(error.httpCode).toBe('500');
		expect(logs.filter((line) => line.includes('retry'))).toHaveLength(3);
		expect(logs.join('\n')).not.toContain(JWT);
		expectNoSecrets(error);
	});

	it('never re-sends a create or merge that got a 500 AR error or a reset', async () => {
		server.setHandler(withLogin(() => arError(500, 8760, 'Some server failure', null)));
		await caught(() => createEntry.call(context().ctx, 'User', { a: 1 }));
		expect(server.dataRequests()).toHaveLength(1);

		server.requests.length = 0;
		server.setHandler(withLogin(() => ({ reset: true })));
		const created = await caught(() => createEntry.call(context().ctx, 'User', { a: 1 }));
		expect(server.dataRequests()).toHaveLength(1);
		expect(created.message).toBe(
			"Creation of an entry on form 'User' may or may not have been applied",
		);
		expect(created.description).toContain('It was not re-sent');

		server.requests.length = 0;
		const merged = await caught(() =>
			mergeEntry.call(context().ctx, 'User', {}, { mergeType: 'DUP_ERROR' }),
		);
		expect(server.dataRequests()).toHaveLength(1);
		expect(merged.message).toContain('may or may not have been applied');
	});

	it('sends an update a filter rejects (HTTP 500 with an AR array) exactly once', async () => {
		server.setHandler(
			withLogin(() => arError(500, 10001, 'Enter a Resolution before you resolve.', null)),
		);
		const error = await caught(() => updateEntry.call(context().ctx, 'HPD:Help Desk', '1', { a: 1 }));
		expect(server.dataRequests()).toHaveLength(1);
		expect(error.message).toBe('AR System error 10001: Enter a Resolution before you resolve.');
		expect(error.httpCode).toBe('500');
	});
	it('does not retry a 5xx that carries a final AR error', async () => {
		server.setHandler(withLogin(() => arError(500, 302, 'Entry does not exist in database', '9')));
		await caught(() => getEntry.call(context().ctx, 'User', '9'));
		expect(server.dataRequests()).toHaveLength(1);
	});
});

describe('errors through the real request helper', () => {
	const cases: Array<[string, Handler, RegExp, string | null]> = [
		[
			'302 on a missing entry',
			withLogin(() => arError(404, 302, 'Entry does not exist in database', '000000000000404')),
			/^AR System error 302: Entry does not exist in database \(000000000000404\)$/,
			'404',
		],
		[
			'303 on an unknown form',
			withLogin(() => arError(404, 303, 'Form does not exist on the server', 'Usr')),
			/^AR System error 303: Form does not exist on the server \(Usr\)$/,
			'404',
		],
		[
			'a Jetty 404 page',
			withLogin(() => ({
				status: 404,
				headers: { 'Content-Type': 'text/html' },
				body: '<html><body><h2>HTTP ERROR 404</h2></body></html>',
			})),
			/no AR System REST API/,
			'404',
		],
		[
			'the HTTPS-only 403',
			withLogin(() => ({
				status: 403,
				body: { message: 'Access forbidden', code: 403, transient: false },
			})),
			/accepts only HTTPS/,
			'403',
		],
		[
			'an HTML page with 200',
			withLogin(() => ({
				status: 200,
				headers: { 'Content-Type': 'text/html' },
				body: '<html>Mid-Tier</html>',
			})),
			/web page instead of an entry/,
			null,
		],
	];

	it.each(cases)('maps %s', async (_name, handler, message, httpCode) => {
		server.setHandler(handler);
		const error = await caught(() => getEntry.call(context().ctx, 'User', '000000000000404'));
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(error.httpCode).toBe(httpCode);
		expectNoSecrets(error);
	});

	it('names the Server URL when nothing listens', async () => {
		const closed = await startServer();
		const url = closed.url;
		await closed.close();
		const { ctx } = createContext({ baseUrl: url, username: 'Demo', password: PASSWORD });
		const error = await caught(() => listForms.call(ctx));
		expect(error.message).toContain('connection refused');
		expect(error.message).toContain(url);
		expectNoSecrets(error);
	});

	it('rejects a Server URL without a scheme', async () => {
		const { ctx } = createContext({
			baseUrl: 'ar.example.com:8443',
			username: 'x',
			password: PASSWORD,
		});
		const error = await caught(() => listForms.call(ctx));
		expect(error.message).toContain('must start with https://');
	});
});

describe('paging through HTTP', () => {
	const rows = Array.from({ length: 25 }, (_, i) => ({
		values: { 'Request ID': String(i).padStart(15, '0') },
	}));

	function pagingHandler(cap = Infinity): Handler {
		return withLogin((request) => {
			const params = new URLSearchParams(request.query);
			const offset = Number(params.get('offset') ?? 0);
			const limit = Math.min(Number(params.get('limit')), cap);
			const slice = rows.slice(offset, offset + limit);
			return {
				body: {
					entries: slice,
					_links: {
						self: [{ href: 'self' }],
						...(offset + slice.length < rows.length ? { next: [{ href: 'next' }] } : {}),
					},
				},
			};
		});
	}

	it('appends the ID field to the sort and returns every entry once', async () => {
		server.setHandler(pagingHandler());
		const entries = await arRequestAllPages.call(
			context().ctx,
			'User',
			{ q: `'7' = 0`, sort: [{ field: 'Modified Date', direction: 'desc' }] },
			{ idField: 'Request ID', pageSize: 10 },
		);
		expect(entries.map((e) => e.values['Request ID'])).toEqual(
			rows.map((r) => r.values['Request ID']),
		);
		const queries = server.dataRequests().map((r) => new URLSearchParams(r.query));
		expect(queries.map((q) => q.get('offset'))).toEqual([null, '10', '20']);
		expect(queries.every((q) => q.get('sort') === 'Modified Date.desc,Request ID.asc')).toBe(true);
		expect(server.dataRequests()[0].query).toContain('sort=Modified%20Date.desc,Request%20ID.asc');
	});

	it('handles a server cap with concurrency', async () => {
		server.setHandler(pagingHandler(4));
		const entries = await arRequestAllPages.call(
			context().ctx,
			'User',
			{},
			{ idField: 'Request ID', pageSize: 10, concurrency: 3, limit: 22 },
		);
		expect(entries).toEqual(rows.slice(0, 22));
	});

	it('stops between pages when the execution is cancelled', async () => {
		server.setHandler(pagingHandler());
		const { ctx, cancel } = context();
		const seen: number[] = [];
		const iterate = async () => {
			for await (const page of pages.call(
				ctx,
				'User',
				{},
				{ idField: 'Request ID', pageSize: 5 },
			)) {
				seen.push(page.length);
				cancel();
			}
		};
		const error = await caught(iterate);
		expect(error.message).toContain('cancelled');
		expect(seen).toEqual([5]);
		expect(server.dataRequests()).toHaveLength(1);
	});
});
