/** Checklist #1-#4 and the authentication parts of #22. */
import { ArErrorNumber } from '../../emulator';
import { expectArError, expectStillServing, startHarness, V1, V10 } from './helpers';
import type { Harness } from './helpers';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const RAW = { responseType: 'text' as const, transformResponse: (d: unknown) => d };

function decodePart(part: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

describe('emulator authentication', () => {
	let h: Harness;

	beforeAll(async () => {
		h = await startHarness();
	});
	afterAll(async () => {
		await h.stop();
	});
	afterEach(() => {
		h.emulator.control.setOptions({ clockOffsetSeconds: 0 });
	});

	it('#1 login with form-encoded username/password returns a bare 3-part JWT as text', async () => {
		const res = await h.http.post('/api/jwt/login', 'username=Demo&password=demo&authString=', {
			headers: FORM,
			...RAW,
		});
		expect(res.status).toBe(200);
		expect(String(res.headers['content-type'])).toMatch(/^text\/plain/);
		const token = res.data as string;
		expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
		expect(token).not.toMatch(/^AR-JWT|^"|^\{/);
		const [header, payload] = token.split('.');
		expect(decodePart(header)).toEqual({ alg: 'HS256' });
		const claims = decodePart(payload);
		expect(Object.keys(claims).sort()).toEqual(['_cacheId', 'exp', 'iat', 'iss', 'nbf', 'sub']);
		expect(claims.sub).toBe('Demo');
		expect(typeof claims.iss).toBe('string');
		expect(claims.exp).toBe((claims.iat as number) + 3600);
		expect(claims.nbf).toBe(claims.iat);
		expect(Math.abs((claims.iat as number) - h.emulator.control.now())).toBeLessThanOrEqual(2);
		// The token works on a data call.
		const list = await h.http.get(`${V1}/entry/User?limit=1`, h.as(token));
		expect(list.status).toBe(200);
	});

	it('#1 login accepts only application/x-www-form-urlencoded (JSON body -> 400 AR error)', async () => {
		const res = await h.http.post('/api/jwt/login', { username: 'Demo', password: 'demo' });
		const m = expectArError(res, 400, ArErrorNumber.MALFORMED_REQUEST);
		expect(m.messageAppendedText).toMatch(/x-www-form-urlencoded/);
		const token = await h.login();
		await expectStillServing(h, token);
	});

	it('#2 bad credentials -> 401 with ARERR 623 and the login name appended', async () => {
		const wrong = await h.http.post('/api/jwt/login', 'username=Demo&password=nope', {
			headers: FORM,
		});
		const m = expectArError(wrong, 401, 623);
		expect(m.messageText).toBe('Authentication failed');
		expect(m.messageAppendedText).toBe('Demo');
		const unknown = await h.http.post(
			'/api/jwt/login',
			new URLSearchParams({ username: "no.such'user", password: 'x' }).toString(),
			{ headers: FORM },
		);
		expect(expectArError(unknown, 401, 623).messageAppendedText).toBe("no.such'user");
		const blank = await h.http.post('/api/jwt/login', 'username=appuser&password=', {
			headers: FORM,
		});
		expectArError(blank, 401, 623);
	});

	it('#3 data calls need Authorization: AR-JWT; missing, Bearer, unknown tokens -> 401 array', async () => {
		const token = await h.login();
		const variants: Array<Record<string, string>> = [
			{},
			{ Authorization: `Bearer ${token}` },
			{ Authorization: `AR-JWT${token}` },
			{ Authorization: 'AR-JWT not.a.token' },
			{ Authorization: `AR-JWT ${token.slice(0, -2)}xx` },
		];
		for (const headers of variants) {
			for (const path of [`${V1}/entry/User`, `${V10}/fields/User`, `${V1}/form`]) {
				const res = await h.http.get(path, { headers });
				const m = expectArError(res, 401, 623);
				expect(m.messageAppendedText).toBeNull();
				expect(res.headers['www-authenticate']).toBeUndefined();
			}
		}
		// Auth comes before form lookup: an unknown form without a token is still a 401.
		expectArError(await h.http.get(`${V1}/entry/No%20Such%20Form`), 401, 623);
	});

	it('#4 logout returns 204 with an empty body and invalidates the token', async () => {
		const token = await h.login();
		const out = await h.http.post('/api/jwt/logout', undefined, h.as(token, RAW));
		expect(out.status).toBe(204);
		expect(out.data).toBeFalsy();
		expectArError(await h.http.get(`${V1}/entry/User`, h.as(token)), 401, 623);
		// A second logout with the dead token is a 401 too.
		expectArError(await h.http.post('/api/jwt/logout', undefined, h.as(token)), 401);
	});

	it('#4 tokens expire after the default 3600 s of emulator time', async () => {
		const token = await h.login();
		h.emulator.control.setOptions({ clockOffsetSeconds: 3599 });
		expect((await h.http.get(`${V1}/entry/User?limit=1`, h.as(token))).status).toBe(200);
		h.emulator.control.setOptions({ clockOffsetSeconds: 3601 });
		expectArError(await h.http.get(`${V1}/entry/User?limit=1`, h.as(token)), 401, 623);
		h.emulator.control.setOptions({ clockOffsetSeconds: 0 });
		// Expired stays expired.
		expectArError(await h.http.get(`${V1}/entry/User?limit=1`, h.as(token)), 401, 623);
	});

	it('#4 expireAllTokens() invalidates every live token; a fresh login works', async () => {
		const a = await h.login();
		const b = await h.login('appuser', 'appuser');
		h.emulator.control.expireAllTokens();
		expectArError(await h.http.get(`${V1}/entry/User`, h.as(a)), 401);
		expectArError(await h.http.get(`${V1}/entry/User`, h.as(b)), 401);
		await expectStillServing(h, await h.login());
	});

	it('#22 /api/about and /api/version answer without a token', async () => {
		const about = await h.http.get('/api/about');
		expect(about.status).toBe(200);
		expect(about.data).toHaveProperty('version');
		const version = await h.http.get('/api/version');
		expect(version.status).toBe(200);
		expect(version.data).toHaveProperty('version');
	});
});

describe('emulator authentication options', () => {
	it('#4 token lifetime is configurable (tokenTtl)', async () => {
		const h = await startHarness({ users: 10, tokenTtl: 120 });
		try {
			const token = await h.login();
			const claims = decodePart(token.split('.')[1]);
			expect((claims.exp as number) - (claims.iat as number)).toBe(120);
			h.emulator.control.setOptions({ clockOffsetSeconds: 121 });
			expectArError(await h.http.get(`${V1}/entry/User`, h.as(token)), 401, 623);
		} finally {
			await h.stop();
		}
	});

	it('#22 RSSO mode answers a 401 with an HTML login page', async () => {
		const h = await startHarness({ users: 10, rsso: true });
		try {
			const res = await h.http.get(`${V1}/entry/User`, { headers: { Authorization: 'AR-JWT x' } });
			expect(res.status).toBe(401);
			expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
			expect(String(res.data)).toMatch(/<html/i);
			expect(res.headers['www-authenticate']).toBeUndefined();
			// Login itself still works and tokens are accepted.
			await expectStillServing(h, await h.login());
		} finally {
			await h.stop();
		}
	});

	it('#3 the 401 body is configurable (unauthorizedBody: empty)', async () => {
		const h = await startHarness({ users: 10, unauthorizedBody: 'empty' });
		try {
			const res = await h.http.get(`${V1}/entry/User`, RAW);
			expect(res.status).toBe(401);
			expect(res.data).toBe('');
		} finally {
			await h.stop();
		}
	});

	it('#22 HTTPS-only mode: plain HTTP gets 403 {"message":"Access forbidden"} except about/version', async () => {
		const h = await startHarness({ users: 10, httpForbidden: true });
		try {
			for (const res of [
				await h.http.post('/api/jwt/login', 'username=Demo&password=demo', { headers: FORM }),
				await h.http.get(`${V1}/entry/User`, { headers: { Authorization: 'AR-JWT x' } }),
				await h.http.get(`${V10}/form`),
			]) {
				expect(res.status).toBe(403);
				expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
				expect(res.data).toEqual({ message: 'Access forbidden', code: 403, transient: false });
			}
			expect((await h.http.get('/api/about')).status).toBe(200);
			expect((await h.http.get('/api/version')).status).toBe(200);
			// Switching the mode off at runtime restores normal service.
			h.emulator.control.setOptions({ httpForbidden: false });
			await expectStillServing(h, await h.login());
		} finally {
			await h.stop();
		}
	});

	it('#1 admin and non-admin logins are configurable', async () => {
		const h = await startHarness({
			users: 10,
			adminUser: 'root',
			adminPassword: 's3cret',
			basicUser: 'joe',
			basicPassword: 'joe-pw',
		});
		try {
			expect(await h.login('root', 's3cret')).toMatch(/\./);
			expect(await h.login('joe', 'joe-pw')).toMatch(/\./);
			await expect(h.login('Demo', 'demo')).rejects.toThrow(/401/);
		} finally {
			await h.stop();
		}
	});
});
