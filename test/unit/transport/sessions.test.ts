/**
 * Sessions through n8n-core's real request helpers: one login in flight per identity, adoption of
 * a token that already replaced a stale one, a gateway's 403 page for an expired token, and a
 * 403 permission error that must not cost a login.
 */
import { sleep } from 'n8n-workflow';

import { getEntry, loginRetrySettings, updateEntry } from '../../../nodes/ArSystem/transport';
import { identityFingerprint, resetSessions } from '../../../nodes/ArSystem/transport/sessions';
import type { FakeServer, RecordedRequest, Reply } from './support';
import { caught, createContext, LOGIN_PATH, serialiseError, startServer } from './support';

let server: FakeServer;
let issued: number;
let valid: Set<string>;
/** How the server answers a token it does not accept. */
let refusal: 'ar-401' | 'gateway-403';
let loginFaults: Reply[];
const originalLogin = { ...loginRetrySettings };

const CREDENTIALS = { username: 'Demo', password: 'pw', authString: '' };
const GATEWAY_PAGE = '<html><head><title>403 Forbidden</title></head><body>Session expired</body></html>';

function refuse(): Reply {
	return refusal === 'gateway-403'
		? { status: 403, headers: { 'Content-Type': 'text/html' }, body: GATEWAY_PAGE }
		: { status: 401, body: [{ messageType: 'ERROR', messageNumber: 623, messageText: 'Authentication failed' }] };
}

async function handler(request: RecordedRequest): Promise<Reply> {
	if (request.path === LOGIN_PATH) {
		const fault = loginFaults.shift();
		if (fault) return fault;
		// A slow login, so that concurrent requests overlap it.
		await sleep(30);
		const token = `token-${++issued}`;
		valid.add(token);
		return { body: token };
	}
	const token = String(request.headers.authorization ?? '').replace(/^AR-JWT /, '');
	if (!valid.has(token)) return refuse();
	if (request.path.endsWith('/forbidden')) {
		return {
			status: 403,
			body: [{ messageType: 'ERROR', messageNumber: 353, messageText: 'You have no access to form', messageAppendedText: 'User' }],
		};
	}
	return request.method === 'PUT' ? { status: 204 } : { body: { values: { 'Request ID': '1' } } };
}

beforeAll(async () => {
	server = await startServer(handler);
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	server.requests.length = 0;
	resetSessions();
	issued = 0;
	valid = new Set();
	refusal = 'gateway-403';
	loginFaults = [];
	loginRetrySettings.sleep = async () => {};
});

afterEach(() => {
	Object.assign(loginRetrySettings, originalLogin);
});

/** An execution's context whose stored credential holds `token` (as persisted by an earlier run). */
function execution(token = '') {
	const data = { baseUrl: server.url, ...CREDENTIALS };
	return createContext({
		...data,
		token,
		tokenFor: token ? identityFingerprint(data) : '',
	});
}

describe('gateway 403 page for an expired token', () => {
	it('logs in once and the request succeeds', async () => {
		const { ctx, store } = execution('expired');
		await getEntry.call(ctx, 'User', '1');
		expect(server.logins()).toBe(1);
		expect(store.token).toBe('token-1');
	});

	it('also for a write, which is sent once with the fresh token', async () => {
		const { ctx } = execution('expired');
		await updateEntry.call(ctx, 'User', '1', { a: 1 });
		expect(server.logins()).toBe(1);
		const puts = server.dataRequests().filter((r) => r.method === 'PUT');
		expect(puts.filter((r) => r.headers.authorization === 'AR-JWT token-1')).toHaveLength(1);
	});

	it('says the session was refused by a gateway when the fresh token is refused too', async () => {
		valid.add = () => valid; // the gateway refuses every token, fresh ones included
		const { ctx } = execution('expired');
		const error = await caught(() => getEntry.call(ctx, 'User', '1'));
		expect(error.message).toBe(
			'The session was refused by a gateway in front of AR System (HTTP 403 page), also right after a fresh login',
		);
		expect(error.description).toContain('the Server URL is right');
		expect(server.logins()).toBe(1);
		expect(serialiseError(error)).not.toMatch(/token-\d/);
	});
});

describe('401 for the fresh token too (account refused)', () => {
	it('says the session was refused, not that the URL is wrong, after at most two logins', async () => {
		refusal = 'ar-401';
		valid.add = () => valid;
		const error = await caught(() => getEntry.call(execution('expired').ctx, 'User', '1'));
		expect(error.message).toBe(
			'The AR System server refused the session (HTTP 401), also right after a fresh login',
		);
		expect(error.description).toContain('the Server URL is right');
		expect(server.logins()).toBeLessThanOrEqual(2);
	});
});

describe('403 with an AR error array (no access)', () => {
	it('is a permission error and costs no login', async () => {
		const { ctx } = execution();
		await getEntry.call(ctx, 'User', '1');
		server.requests.length = 0;
		const error = await caught(() => getEntry.call(ctx, 'User', 'forbidden'));
		expect(error.message).toBe('AR System error 353: You have no access to form (User)');
		expect(server.logins()).toBe(0);
		expect(server.dataRequests()).toHaveLength(1);
	});
});

describe('single-flight login', () => {
	it.each(['ar-401', 'gateway-403'] as const)(
		'8 concurrent requests of one execution meeting one expired token (%s): 1 login',
		async (kind) => {
			refusal = kind;
			const { ctx } = execution('expired');
			await Promise.all(Array.from({ length: 8 }, async (_, i) => await getEntry.call(ctx, 'User', String(i))));
			expect(server.logins()).toBe(1);
		},
	);

	it('20 concurrent executions, each with its own copy of the expired token: 1 login', async () => {
		refusal = 'ar-401';
		await Promise.all(
			Array.from({ length: 20 }, async () => await getEntry.call(execution('expired').ctx, 'User', '1')),
		);
		expect(server.logins()).toBe(1);
	});

	it('20 concurrent executions on a cold credential: 1 login', async () => {
		await Promise.all(
			Array.from({ length: 20 }, async () => await getEntry.call(execution().ctx, 'User', '1')),
		);
		expect(server.logins()).toBe(1);
	});

	it('an execution still holding the replaced token adopts its replacement without a login', async () => {
		refusal = 'ar-401';
		await getEntry.call(execution('expired').ctx, 'User', '1');
		expect(server.logins()).toBe(1);
		const late = execution('expired');
		await getEntry.call(late.ctx, 'User', '2');
		expect(server.logins()).toBe(1);
		expect(late.store.token).toBe('token-1');
	});

	it('logs in again when the adopted token has expired too', async () => {
		refusal = 'ar-401';
		await getEntry.call(execution('expired').ctx, 'User', '1');
		valid.clear(); // the server expires token-1 as well
		await getEntry.call(execution('expired').ctx, 'User', '2');
		expect(server.logins()).toBe(2);
	});
});

describe('transient login failures', () => {
	it('retries a reset and a 502 page, then succeeds', async () => {
		loginFaults = [{ reset: true }, { status: 502, headers: { 'Content-Type': 'text/html' }, body: '<html>Bad Gateway</html>' }];
		const { ctx, store } = execution();
		await getEntry.call(ctx, 'User', '1');
		expect(server.logins()).toBe(3);
		expect(store.token).toBe('token-1');
	});

	it('gives up after the bounded retries, without an https hint for a plain reset', async () => {
		loginFaults = Array.from({ length: 4 }, () => ({ reset: true }));
		const error = await caught(() => getEntry.call(execution().ctx, 'User', '1'));
		expect(server.logins()).toBe(4);
		expect(error.message).toBe(
			`The AR System server at ${server.url} closed the connection during the login (4 attempts).`,
		);
		expect(serialiseError(error)).not.toMatch(/https/i);
	});

	it('shares one failing login between concurrent requests', async () => {
		loginFaults = Array.from({ length: 4 }, () => ({ status: 503, body: '<html>Service Unavailable</html>' }));
		const { ctx } = execution();
		const results = await Promise.allSettled(
			Array.from({ length: 5 }, async () => await getEntry.call(ctx, 'User', '1')),
		);
		expect(results.every((r) => r.status === 'rejected')).toBe(true);
		expect(server.logins()).toBe(4);
		expect(String((results[0] as PromiseRejectedResult).reason.message)).toContain('is unavailable');
	});
});
