/**
 * The realistic profile (issue 9, emulator list): each behaviour through real HTTP, switched on by
 * the profile and by its own switch. Rates are off unless a test turns them on, so counts are exact.
 */
import axios from 'axios';

import { ArErrorNumber, CODE_NORMALISER, RESOLUTION_FILTER, startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { client, enc, expectArError, q, startHarness, V1 } from './helpers';
import type { Harness, ListBody } from './helpers';

const HD = 'HPD:Help Desk';
const TICKET = { Description: 'realistic', Impact: '4-Minor/Localized', Urgency: '4-Low' };

/** The realistic profile with every rate at 0 and no commit delay: exact, deterministic runs. */
const QUIET = {
	profile: 'realistic' as const,
	afterCommitFaultRate: 0,
	loginFaultRate: 0,
	commitDelayMs: 0,
};

/** What a client sees of a request that may be reset: the response, or the socket error code. */
async function outcome(run: () => Promise<{ status: number }>): Promise<number | string> {
	try {
		return (await run()).status;
	} catch (error) {
		if (axios.isAxiosError(error)) return error.code ?? error.message;
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
		throw error;
	}
}

function idOf(location: unknown): string {
	return String(location).split('/').pop()!;
}

describe('realistic profile', () => {
	let h: Harness;
	let admin: string;
	let user: string;

	beforeAll(async () => {
		h = await startHarness({ ...QUIET, users: 60 });
		admin = await h.login();
		user = await h.login('appuser', 'appuser');
	});
	afterAll(() => h.stop());
	afterEach(() => {
		h.emulator.control.clearFaults();
		h.emulator.control.setOptions({
			afterCommitFaultRate: undefined,
			loginFaultRate: undefined,
			siteFilters: undefined,
			pageLinks: undefined,
			maxEntries: undefined,
		});
	});

	const ticket = async (values: Record<string, unknown> = {}): Promise<string> => {
		const res = await h.http.post(`${V1}/entry/${enc(HD)}`, { values: { ...TICKET, ...values } }, h.as(admin));
		expect(res.status).toBe(201);
		return idOf(res.headers.location);
	};

	describe('processing errors are HTTP 500 with the AR error array', () => {
		it('bad value, unknown field, bad qualification, no access, missing required field, unique index → 500', async () => {
			const id = await ticket();
			const path = `${V1}/entry/${enc(HD)}/${id}`;
			expectArError(await h.http.put(path, { values: { Status: 'Nope' } }, h.as(admin)), 500, ArErrorNumber.BAD_VALUE);
			expectArError(await h.http.put(path, { values: { 'No Such Field': 1 } }, h.as(admin)), 500, ArErrorNumber.UNKNOWN_FIELD);
			expectArError(
				await h.http.get(`${V1}/entry/User?q=${q("'Login Name' = ")}`, h.as(admin)),
				500,
				ArErrorNumber.BAD_QUALIFICATION,
			);
			expectArError(
				await h.http.post(`${V1}/entry/Group`, { values: { 'Group Name': 'x', 'Group ID': 777 } }, h.as(user)),
				500,
				ArErrorNumber.NO_ACCESS,
			);
			expectArError(
				await h.http.post(`${V1}/entry/${enc(HD)}`, { values: { ...TICKET, Description: null } }, h.as(admin)),
				500,
				ArErrorNumber.REQUIRED_FIELD,
			);
			expectArError(
				await h.http.post(`${V1}/entry/User`, { values: { 'Login Name': 'Demo', 'Full Name': 'Twin' } }, h.as(admin)),
				500,
				ArErrorNumber.UNIQUE_INDEX,
			);
		});

		it('the documented 400s stay 400: malformed JSON, a bad date format, an over-long entry ID', async () => {
			const id = await ticket();
			const path = `${V1}/entry/${enc(HD)}/${id}`;
			const bad = await h.http.put(path, '{"values": ', h.as(admin, { headers: { 'Content-Type': 'application/json' } }));
			expectArError(bad, 400, ArErrorNumber.MALFORMED_REQUEST);
			expectArError(await h.http.put(path, { values: { 'Reported Date': 'yesterday' } }, h.as(admin)), 400, ArErrorNumber.BAD_VALUE);
			expectArError(await h.http.get(`${V1}/entry/${enc(HD)}/INC0000000000000001`, h.as(admin)), 400, ArErrorNumber.ENTRY_ID_TOO_LONG);
			// 404s and 401s keep their status.
			expectArError(await h.http.get(`${V1}/entry/${enc(HD)}/INC000000099999`, h.as(admin)), 404, ArErrorNumber.ENTRY_NOT_FOUND);
		});

		it('processingErrors500 is its own switch: off, the same errors are 400 / 403 again', async () => {
			h.emulator.control.setOptions({ processingErrors500: false });
			try {
				const id = await ticket();
				expectArError(
					await h.http.put(`${V1}/entry/${enc(HD)}/${id}`, { values: { Status: 'Nope' } }, h.as(admin)),
					400,
					ArErrorNumber.BAD_VALUE,
				);
				expectArError(
					await h.http.post(`${V1}/entry/Group`, { values: { 'Group Name': 'x', 'Group ID': 778 } }, h.as(user)),
					403,
					ArErrorNumber.NO_ACCESS,
				);
			} finally {
				h.emulator.control.setOptions({ processingErrors500: undefined });
			}
		});
	});

	describe('site filter', () => {
		it('the profile rejects resolving a ticket without a Resolution: 500, number 10001, nothing written', async () => {
			const id = await ticket();
			const path = `${V1}/entry/${enc(HD)}/${id}`;
			h.emulator.control.resetCounters();
			const res = await h.http.put(path, { values: { Status: 'Resolved', Assignee: 'Bob' } }, h.as(admin));
			const m = expectArError(res, 500, RESOLUTION_FILTER.messageNumber);
			expect(m.messageText).toBe(RESOLUTION_FILTER.message);
			expect(m.messageAppendedText).toBeNull();
			expect(h.emulator.control.getEntry(HD, id)).toMatchObject({ Status: 'New', Assignee: null });
			// With a Resolution the same change passes.
			const ok = await h.http.put(path, { values: { Status: 'Resolved', Resolution: 'Rebooted' } }, h.as(admin));
			expect(ok.status).toBe(204);
			expect(h.emulator.control.getEntry(HD, id)).toMatchObject({ Status: 'Resolved', Resolution: 'Rebooted' });
			// It sees the entry as the write leaves it: an update that only changes Status on a
			// ticket that already has a Resolution passes too, a create that resolves without one fails.
			expectArError(
				await h.http.post(`${V1}/entry/${enc(HD)}`, { values: { ...TICKET, Status: 'Resolved' } }, h.as(admin)),
				500,
				RESOLUTION_FILTER.messageNumber,
			);
			expect(h.emulator.control.counters().byRoute['PUT /entry/HPD:Help Desk']).toBe(2);
		});

		it('custom filters: form + qualification predicate, on delete too, through the join form; bad filters refused', async () => {
			const c = h.emulator.control;
			c.setOptions({
				siteFilters: [
					{ form: HD, on: ['delete'], qualification: `'Urgency' = "1-Critical"`, message: 'Critical tickets are never deleted.' },
					{ form: 'User', qualification: `'Email Address' LIKE "%@example.invalid"`, messageNumber: 10500, message: 'Use a real mail domain.' },
				],
			});
			const critical = await ticket({ Urgency: '1-Critical' });
			const del = await h.http.delete(`${V1}/entry/${enc(HD)}/${critical}`, h.as(admin));
			expect(expectArError(del, 500, ArErrorNumber.SITE_FILTER).messageText).toBe('Critical tickets are never deleted.');
			const viaJoin = await h.http.delete(`${V1}/entry/${enc('HPD:IncidentInterface')}/${critical}|${critical}`, h.as(admin));
			expectArError(viaJoin, 500, ArErrorNumber.SITE_FILTER);
			expect(c.getEntry(HD, critical)).toBeDefined();
			const low = await ticket();
			expect((await h.http.delete(`${V1}/entry/${enc(HD)}/${low}`, h.as(admin))).status).toBe(204);
			const userId = c.findEntries('User', `'Login Name' = "appuser"`)[0].id;
			const put = await h.http.put(`${V1}/entry/User/${userId}`, { values: { 'Email Address': 'a@example.invalid' } }, h.as(admin));
			expectArError(put, 500, 10500);
			expect(() => c.setOptions({ siteFilters: [{ form: 'Nope', message: 'x' }] })).toThrow(/unknown form/);
			expect(() => c.setOptions({ siteFilters: [{ form: HD, qualification: "'Status' = ", message: 'x' }] })).toThrow(
				/bad qualification/,
			);
		});
	});

	describe('faults after commit', () => {
		it('queued: the next PUT on a form commits, then the connection is reset', async () => {
			const id = await ticket();
			h.emulator.control.failAfterCommit(1, 'reset', { method: 'PUT', form: HD });
			expect(h.emulator.control.faultQueues().afterCommit).toEqual([{ kind: 'reset', method: 'PUT', form: HD }]);
			// A GET and a write on another form do not take it.
			expect((await h.http.get(`${V1}/entry/${enc(HD)}/${id}`, h.as(admin))).status).toBe(200);
			const userId = h.emulator.control.findEntries('User', `'Login Name' = "appuser"`)[0].id;
			expect((await h.http.put(`${V1}/entry/User/${userId}`, { values: { 'Full Name': 'App User' } }, h.as(admin))).status).toBe(204);
			// A rejected write does not take it either.
			expectArError(await h.http.put(`${V1}/entry/${enc(HD)}/${id}`, { values: { Status: 'Nope' } }, h.as(admin)), 500);
			const result = await outcome(() => h.http.put(`${V1}/entry/${enc(HD)}/${id}`, { values: { Assignee: 'Reset' } }, h.as(admin)));
			expect(result).toBe('ECONNRESET');
			expect(h.emulator.control.getEntry(HD, id)?.Assignee).toBe('Reset');
			expect(h.emulator.control.faultQueues().afterCommit).toEqual([]);
			expect(h.emulator.control.counters().faults['after-commit:reset']).toBe(1);
		});

		it('a proxy 502 / 504 page after a committed create, delete, merge', async () => {
			const c = h.emulator.control;
			const before = c.count(HD);
			c.failAfterCommit(1, '502-html', { method: 'POST', form: HD });
			const created = await h.http.post(`${V1}/entry/${enc(HD)}`, { values: TICKET }, h.as(admin));
			expect(created.status).toBe(502);
			expect(String(created.headers['content-type'])).toMatch(/^text\/html/);
			expect(String(created.data)).toContain('502 Bad Gateway');
			expect(created.headers.location).toBeUndefined();
			expect(c.count(HD)).toBe(before + 1);

			const id = await ticket();
			c.failAfterCommit(1, '504-html', { method: 'DELETE' });
			const del = await h.http.delete(`${V1}/entry/${enc(HD)}/${id}`, h.as(admin));
			expect(del.status).toBe(504);
			expect(String(del.data)).toContain('504 Gateway Time-out');
			expect(c.getEntry(HD, id)).toBeUndefined();

			c.failAfterCommit(1, 'reset', { method: 'POST', form: 'User' });
			const merged = await outcome(() =>
				h.http.post(
					`${V1}/mergeEntry/User`,
					{ values: { 'Login Name': 'merged.after.commit', 'Full Name': 'M' }, mergeOptions: { mergeType: 'DUP_MERGE' } },
					h.as(admin),
				),
			);
			expect(merged).toBe('ECONNRESET');
			expect(c.findEntries('User', `'Login Name' = "merged.after.commit"`)).toHaveLength(1);
		});

		it('at a rate: seeded and deterministic, every write applied exactly once, each fault counted', async () => {
			const run = async (seed: number) => {
				const emu = await startEmulator({ ...QUIET, users: 10, seed, afterCommitFaultRate: 0.3 });
				try {
					const http = client(emu.url);
					const login = await http.post('/api/jwt/login', 'username=Demo&password=demo', {
						headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					});
					const auth = { headers: { Authorization: `AR-JWT ${login.data}` } };
					const id = emu.control.insertEntry(HD, TICKET);
					const seen: Array<number | string> = [];
					for (let i = 0; i < 40; i++) {
						// A diary append: applied twice would show as two lines.
						seen.push(
							await outcome(() => http.put(`${V1}/entry/${enc(HD)}/${id}`, { values: { 'Detailed Decription': `line ${i}`, Assignee: `a${i}` } }, auth)),
						);
					}
					return { seen, entry: emu.control.getEntry(HD, id)!, counters: emu.control.counters() };
				} finally {
					await emu.stop();
				}
			};
			const a = await run(7);
			const b = await run(7);
			expect(b.seen).toEqual(a.seen);
			const faulted = a.seen.filter((s) => s !== 204);
			expect(faulted.length).toBeGreaterThan(4);
			expect(faulted.length).toBeLessThan(24);
			expect(new Set(faulted)).toEqual(new Set(['ECONNRESET', 502, 504]));
			expect(Object.values(a.counters.faults).reduce((x, y) => x + y, 0)).toBe(faulted.length);
			expect(a.entry.Assignee).toBe('a39');
			expect(a.counters.byRoute['PUT /entry/HPD:Help Desk']).toBe(40);
			const c = await run(8);
			expect(c.seen).not.toEqual(a.seen);
		});
	});

	describe('a gateway in front: 403 HTML for a bad or expired token', () => {
		it('expired, unknown and missing tokens get 403 text/html; wrong credentials still get AR 401/623', async () => {
			const token = await h.login();
			h.emulator.control.expireAllTokens();
			for (const headers of [{ Authorization: `AR-JWT ${token}` }, { Authorization: 'AR-JWT nope' }, {}]) {
				const res = await h.http.get(`${V1}/entry/User?limit=1`, { headers });
				expect(res.status).toBe(403);
				expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
				expect(String(res.data)).toContain('<h1>Access denied</h1>');
			}
			const bad = await h.http.post('/api/jwt/login', 'username=Demo&password=wrong', {
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			expectArError(bad, 401, ArErrorNumber.AUTH_FAILED);
			admin = await h.login();
			user = await h.login('appuser', 'appuser');
		});

		it('gateway403 is its own switch (off: AR 401), and a 403-gateway fault can be queued', async () => {
			h.emulator.control.setOptions({ gateway403: false });
			try {
				expectArError(await h.http.get(`${V1}/entry/User?limit=1`), 401, ArErrorNumber.AUTH_FAILED);
				h.emulator.control.failNext(1, '403-gateway');
				const res = await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin));
				expect(res.status).toBe(403);
				expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
				expect((await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin))).status).toBe(200);
			} finally {
				h.emulator.control.setOptions({ gateway403: undefined });
			}
		});

		it('proxy 502 / 503 / 504 pages before AR can be queued for reads', async () => {
			for (const [kind, status] of [['502-html', 502], ['503-html', 503], ['504-html', 504]] as const) {
				h.emulator.control.failNext(1, kind);
				const res = await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin));
				expect(res.status).toBe(status);
				expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
			}
			expect(h.emulator.control.counters().faults).toMatchObject({ 'before:502-html': 1, 'before:503-html': 1, 'before:504-html': 1 });
		});
	});

	describe('page caps and links', () => {
		const page = async (query: string) => {
			const res = await h.http.get(`${V1}/entry/User?${query}`, h.as(admin));
			expect(res.status).toBe(200);
			return res.data as ListBody;
		};

		it('the profile: a page cut by the server cap carries only self; a page cut by the client limit links on', async () => {
			h.emulator.control.setOptions({ maxEntries: 20 });
			const capped = await page('limit=50&offset=0');
			expect(capped.entries).toHaveLength(20);
			expect(Object.keys(capped._links)).toEqual(['self']);
			const limited = await page('limit=10&offset=10');
			expect(limited.entries).toHaveLength(10);
			expect(Object.keys(limited._links).sort()).toEqual(['next', 'prev', 'self']);
			// The profile's own cap is 100.
			h.emulator.control.setOptions({ maxEntries: undefined });
			expect((await page('limit=1000')).entries).toHaveLength(h.emulator.control.count('User'));
			expect(h.emulator.control.runtimeOptions().maxEntries).toBe(100);
		});

		it('pageLinks self: only self on every page; none: no _links at all', async () => {
			h.emulator.control.setOptions({ maxEntries: 20, pageLinks: 'self' });
			for (const query of ['limit=50', 'limit=10&offset=10']) expect(Object.keys((await page(query))._links)).toEqual(['self']);
			h.emulator.control.setOptions({ pageLinks: 'none' });
			const bare = await page('limit=50');
			expect(bare.entries).toHaveLength(20);
			// numMatches: null is the recorded extra key of the realistic profile (recorded.test.ts).
			expect(Object.keys(bare)).toEqual(['entries', 'numMatches']);
			// The old boolean switch still works as an alias.
			h.emulator.control.setOptions({ nextLinks: true });
			expect(Object.keys((await page('limit=50'))._links).sort()).toEqual(['next', 'self']);
		});
	});

	describe('transient login failures', () => {
		const login = () =>
			outcome(() =>
				h.http.post('/api/jwt/login', 'username=Demo&password=demo', {
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				}),
			);

		it('queued reset, 502, 503 before a token is issued; the next login works', async () => {
			const c = h.emulator.control;
			c.resetCounters();
			c.failNextLogin(1, 'reset');
			c.failNextLogin(1, '502-html');
			c.failNextLogin(1, '503-html');
			expect(await login()).toBe('ECONNRESET');
			expect(await login()).toBe(502);
			expect(await login()).toBe(503);
			expect(await login()).toBe(200);
			expect(c.counters().logins).toBe(1);
			expect(c.counters().byRoute['POST /jwt/login']).toBe(4);
			expect(c.counters().faults).toEqual({ 'login:reset': 1, 'login:502-html': 1, 'login:503-html': 1 });
		});

		it('at a rate: seeded, repeatable, only logins are hit', async () => {
			const run = async () => {
				const emu = await startEmulator({ ...QUIET, users: 10, seed: 3, loginFaultRate: 0.4 });
				try {
					const http = client(emu.url);
					const seen: Array<number | string> = [];
					for (let i = 0; i < 30; i++) {
						seen.push(
							await outcome(() =>
								http.post('/api/jwt/login', 'username=Demo&password=demo', {
									headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
								}),
							),
						);
					}
					return { seen, logins: emu.control.counters().logins };
				} finally {
					await emu.stop();
				}
			};
			const a = await run();
			expect(await run()).toEqual(a);
			const failed = a.seen.filter((s) => s !== 200).length;
			expect(failed).toBeGreaterThan(5);
			expect(failed).toBeLessThan(25);
			expect(a.logins).toBe(30 - failed);
		});
	});
});

describe('profile selection', () => {
	let emu: Emulator | undefined;
	afterEach(async () => {
		await emu?.stop();
		emu = undefined;
	});

	it('the default profile keeps today\'s behaviour: 400s, AR 401, full links, Date from the AR clock', async () => {
		emu = await startEmulator({ users: 10 });
		expect(emu.control.runtimeOptions()).toMatchObject({
			processingErrors500: false,
			gateway403: false,
			pageLinks: 'full',
			afterCommitFaultRate: 0,
			loginFaultRate: 0,
			commitDelayMs: 0,
			proxyDateSkewSeconds: undefined,
			siteFilters: [],
		});
	});

	it('realistic sets the defaults; every explicit switch still wins', async () => {
		emu = await startEmulator({ users: 10, profile: 'realistic', gateway403: false, nextLinks: false });
		expect(emu.control.runtimeOptions()).toMatchObject({
			processingErrors500: true,
			gateway403: false,
			pageLinks: 'none',
			maxEntries: 100,
			proxyDateSkewSeconds: 3600,
			siteFilters: [CODE_NORMALISER, RESOLUTION_FILTER],
		});
		expect(emu.control.runtimeOptions().afterCommitFaultRate).toBeGreaterThan(0);
		expect(emu.control.runtimeOptions().loginFaultRate).toBeGreaterThan(0);
		expect(emu.control.runtimeOptions().commitDelayMs).toBeGreaterThan(0);
		await expect(startEmulator({ profile: 'nope' as 'realistic' })).rejects.toThrow(/Unknown profile/);
	});
});
