/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Bad input never crashes or hangs the emulator; faults, latency and the control API behave as
 * documented; checklist #22 switches (empty create body, X-AR-Timeout).
 */
import { connect } from 'node:net';

import { ArErrorNumber } from '../../emulator';
import * as format from '../../emulator/format';
import { enc, expectArError, expectStillServing, startHarness, withEmulator, V1, V10 } from './helpers';
import type { Harness, ListBody } from './helpers';

const HD = 'HPD:Help Desk';
const TICKET = { Description: 'x', Impact: '4-Minor/Localized', Urgency: '4-Low' };

describe('emulator bad input', () => {
	let h: Harness;
	let admin: string;

	withEmulator({ users: 50 }, (started, token) => {
		h = started;
		admin = token;
	});

	it('malformed JSON body -> 400 AR error; the emulator keeps serving', async () => {
		for (const body of ['{"values": {', 'not json', '[1,2]', '"text"', '']) {
			const res = await h.http.post(
				`${V1}/entry/${enc(HD)}`,
				body,
				h.as(admin, {
					headers: { 'Content-Type': 'application/json' },
					transformRequest: (d: unknown) => d,
				}),
			);
			expectArError(res, 400, ArErrorNumber.MALFORMED_REQUEST);
		}
		const put = await h.http.put(
			`${V1}/entry/User/000000000000001`,
			'{oops',
			h.as(admin, {
				headers: { 'Content-Type': 'application/json' },
				transformRequest: (d: unknown) => d,
			}),
		);
		expectArError(put, 400, ArErrorNumber.MALFORMED_REQUEST);
		expectArError(await h.http.post(`${V1}/entry/${enc(HD)}`, { vals: {} }, h.as(admin)), 400);
		expectArError(await h.http.post(`${V1}/entry/${enc(HD)}`, { values: [1] }, h.as(admin)), 400);
		await expectStillServing(h, admin);
	});

	it('unknown form -> 404/303 with the form name appended; the emulator keeps serving', async () => {
		for (const method of ['get', 'post', 'put', 'delete'] as const) {
			const path =
				method === 'get' || method === 'post'
					? `${V1}/entry/Bogus:Form`
					: `${V1}/entry/Bogus:Form/000000000000001`;
			const res = await h.http.request({ method, url: path, data: { values: {} }, ...h.as(admin) });
			expect(expectArError(res, 404, 303).messageAppendedText).toBe('Bogus:Form');
		}
		await expectStillServing(h, admin);
	});

	it('unknown field in fields= or in a create/update body -> 400 naming the field; still serving', async () => {
		const f = await h.http.get(`${V1}/entry/User?fields=values(Login Name,Shoe Size)`, h.as(admin));
		expect(expectArError(f, 400, ArErrorNumber.UNKNOWN_FIELD).messageAppendedText).toContain(
			'Shoe Size',
		);
		const one = await h.http.get(
			`${V1}/entry/User/000000000000001?fields=values(Shoe Size)`,
			h.as(admin),
		);
		expectArError(one, 400, ArErrorNumber.UNKNOWN_FIELD);
		const c = await h.http.post(
			`${V1}/entry/${enc(HD)}`,
			{ values: { ...TICKET, 'Shoe Size': 42 } },
			h.as(admin),
		);
		expect(expectArError(c, 400, ArErrorNumber.UNKNOWN_FIELD).messageAppendedText).toContain(
			'Shoe Size',
		);
		const u = await h.http.put(
			`${V1}/entry/User/000000000000001`,
			{ values: { 'Shoe Size': 42 } },
			h.as(admin),
		);
		expectArError(u, 400, ArErrorNumber.UNKNOWN_FIELD);
		expectArError(await h.http.get(`${V1}/entry/User?fields=Login Name`, h.as(admin)), 400);
		await expectStillServing(h, admin);
	});

	it('entry ID over 15 characters -> 400/101 on GET, PUT, DELETE; still serving', async () => {
		const id = 'INC0000000000212';
		for (const method of ['get', 'put', 'delete'] as const) {
			const res = await h.http.request({
				method,
				url: `${V1}/entry/${enc(HD)}/${id}`,
				data: { values: {} },
				...h.as(admin),
			});
			const m = expectArError(res, 400, 101);
			expect(m.messageText).toBe(
				'Entry ID parameter length is longer than the maximum allowed length.',
			);
			expect(m.messageAppendedText).toBe(id);
		}
		await expectStillServing(h, admin);
	});

	it('bad qualification -> 400 with the parser message; still serving', async () => {
		for (const text of [
			"'Login Name' = ",
			"'Login Name' LIKE",
			'((',
			'\'Status\' = "Gone"',
			'"unterminated',
		]) {
			const res = await h.http.get(`${V1}/entry/User?q=${encodeURIComponent(text)}`, h.as(admin));
			const m = expectArError(res, 400, ArErrorNumber.BAD_QUALIFICATION);
			expect(m.messageAppendedText).toEqual(expect.any(String));
		}
		await expectStillServing(h, admin);
	});

	it('wrong content type on login -> 400 AR error; still serving', async () => {
		for (const type of ['application/json', 'text/plain', 'multipart/form-data; boundary=x']) {
			const res = await h.http.post('/api/jwt/login', 'username=Demo&password=demo', {
				headers: { 'Content-Type': type },
			});
			expectArError(res, 400, ArErrorNumber.MALFORMED_REQUEST);
		}
		await expectStillServing(h, await h.login());
	});

	it('bad parameters, unknown routes, wrong methods and bad encodings get AR errors, not crashes', async () => {
		expectArError(
			await h.http.get(`${V1}/entry/User?limit=ten`, h.as(admin)),
			400,
			ArErrorNumber.MALFORMED_REQUEST,
		);
		expectArError(
			await h.http.get(`${V1}/entry/User?offset=-1`, h.as(admin)),
			400,
			ArErrorNumber.MALFORMED_REQUEST,
		);
		expectArError(await h.http.get(`${V1}/entry/User?fields=values(Login Name`, h.as(admin)), 400);
		expectArError(
			await h.http.get(`${V1}/nothing/here`, h.as(admin)),
			404,
			ArErrorNumber.NO_SUCH_RESOURCE,
		);
		expectArError(await h.http.get('/api/arsys/v2/entry/User', h.as(admin)), 404);
		expectArError(await h.http.patch(`${V1}/entry/User/000000000000001`, {}, h.as(admin)), 405);
		expectArError(await h.http.get('/api/jwt/login'), 405);
		expectArError(await h.http.get(`${V1}/entry/%E0%A4%A`, h.as(admin)), 400);
		const html = await h.http.get('/not-the-api');
		expect(html.status).toBe(404);
		await expectStillServing(h, admin);
	});

	it('garbage on the socket and clients hanging up mid-body do not hurt the server', async () => {
		const { port, hostname } = new URL(h.url);
		const raw = (payload: string, hangUp: boolean) =>
			new Promise<string>((resolve) => {
				const socket = connect(Number(port), hostname, () => {
					socket.write(payload);
					if (hangUp) socket.destroy();
				});
				let out = '';
				socket.on('data', (d: Buffer) => (out += d.toString('utf8')));
				socket.on('close', () => resolve(out));
				socket.on('error', () => resolve(out));
			});
		expect(await raw('THIS IS NOT HTTP\r\n\r\n', false)).toMatch(/^HTTP\/1\.1 400/);
		await raw(
			`POST ${V1}/entry/User HTTP/1.1\r\nHost: x\r\nAuthorization: AR-JWT ${admin}\r\n` +
				'Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{"values": {',
			true,
		);
		await expectStillServing(h, admin);
	});

	it('an unexpected exception becomes a 500 AR error without a stack trace; still serving', async () => {
		const spy = jest.spyOn(format, 'formatEntryValues').mockImplementationOnce(() => {
			throw new TypeError('Cannot read properties of undefined (reading "boom")');
		});
		try {
			const res = await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin));
			const m = expectArError(res, 500, ArErrorNumber.INTERNAL_ERROR);
			expect(m.messageAppendedText).toContain('boom');
		} finally {
			spy.mockRestore();
		}
		await expectStillServing(h, admin);
	});
});

describe('emulator faults, latency and switches', () => {
	let h: Harness;
	let admin: string;

	withEmulator({ users: 50, seed: 7 }, (started, token) => {
		h = started;
		admin = token;
	});
	afterEach(() => {
		h.emulator.control.setOptions({ faultRate: 0, latencyMs: 0, emptyCreateBody: false });
	});

	it('failNext queues exact faults: 500, reset, 401, 503 with Retry-After', async () => {
		const c = h.emulator.control;
		const get = () => h.http.get(`${V1}/entry/User?limit=1`, h.as(admin));
		c.failNext(1, '500');
		expectArError(await get(), 500, ArErrorNumber.SQL_FAILURE);
		c.failNext(1, 'reset');
		await expect(get()).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNRESET|socket hang up/i),
		});
		c.failNext(1, '401');
		expectArError(await get(), 401, 623);
		c.failNext(1, '503-retry-after');
		const busy = await get();
		expectArError(busy, 503, ArErrorNumber.SERVER_UNAVAILABLE);
		expect(busy.headers['retry-after']).toBe('1');
		// Login is not a data call: queued faults wait for the next /api/arsys request.
		c.failNext(1, '500');
		await h.login();
		expectArError(await get(), 500);
		expect((await get()).status).toBe(200);
	});

	it('--fault-rate fails that share of data requests with 500 or reset, deterministically per seed', async () => {
		const run = async (token: string) => {
			const outcomes: string[] = [];
			for (let i = 0; i < 60; i++) {
				try {
					const res = await h.http.get(`${V1}/entry/User?limit=1`, h.as(token));
					outcomes.push(String(res.status));
				} catch {
					outcomes.push('reset');
				}
			}
			return outcomes;
		};
		h.emulator.control.setOptions({ faultRate: 0.5 });
		const outcomes = await run(admin);
		const failures = outcomes.filter((o) => o !== '200');
		expect(failures.length).toBeGreaterThan(10);
		expect(failures.length).toBeLessThan(50);
		expect(new Set(failures)).toEqual(new Set(['500', 'reset']));
		// Login and the info endpoints are never faulted.
		expect(await h.login()).toBeTruthy();
		h.emulator.control.setOptions({ faultRate: 1 });
		expect((await h.http.get('/api/about')).status).toBe(200);
		// Same seed, same sequence.
		const twin = await startHarness({ users: 50, seed: 7, faultRate: 0.5 });
		try {
			expect(
				await (async () => {
					const token = await twin.login();
					const out: string[] = [];
					for (let i = 0; i < 60; i++) {
						try {
							out.push(
								String((await twin.http.get(`${V1}/entry/User?limit=1`, twin.as(token))).status),
							);
						} catch {
							out.push('reset');
						}
					}
					return out;
				})(),
			).toEqual(outcomes);
		} finally {
			await twin.stop();
		}
	});

	it('--latency delays each response', async () => {
		h.emulator.control.setOptions({ latencyMs: 150 });
		const started = Date.now();
		expect((await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin))).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});

	it('#22 X-AR-Timeout is honoured: latency beyond it -> 500 query timeout (ARERR 93)', async () => {
		// Latency far beyond the timeout: the answer must come at the timeout, not after the latency
		// (a bound loose enough for a loaded machine).
		h.emulator.control.setOptions({ latencyMs: 30000 });
		const started = Date.now();
		const res = await h.http.get(
			`${V1}/entry/User?limit=1`,
			h.as(admin, { headers: { 'X-AR-Timeout': '1' } }),
		);
		expectArError(res, 500, ArErrorNumber.QUERY_TIMEOUT);
		const elapsed = Date.now() - started;
		expect(elapsed).toBeGreaterThanOrEqual(950);
		expect(elapsed).toBeLessThan(30000);
	});

	it('#22 empty-create-body mode: 201 + Location with an empty body even with fields', async () => {
		h.emulator.control.setOptions({ emptyCreateBody: true });
		const res = await h.http.post(
			`${V1}/entry/${enc(HD)}?fields=values(Incident Number)`,
			{ values: TICKET },
			h.as(admin, { responseType: 'text', transformResponse: (d: unknown) => d }),
		);
		expect(res.status).toBe(201);
		expect(res.data).toBe('');
		expect(String(res.headers.location)).toMatch(/\/entry\/HPD:Help%20Desk\/INC\d{12}$/);
	});

	it('counters count requests by route and logins', async () => {
		const c = h.emulator.control;
		c.resetCounters();
		const token = await h.login();
		await h.http.get(`${V1}/entry/User?limit=1`, h.as(token));
		await h.http.get(`${V1}/entry/User/000000000000001`, h.as(token));
		await h.http.get(`${V10}/fields/User`, h.as(token));
		await h.http.get(`${V10}/fields/User/7`, h.as(token));
		await h.http.put(
			`${V1}/entry/User/000000000000002`,
			{ values: { 'Email Address': 'a@b.c' } },
			h.as(token),
		);
		await h.http.get(`${V1}/entry/${enc(HD)}?limit=1`, h.as(token));
		await h.http.post('/api/jwt/logout', undefined, h.as(token));
		expect(c.counters()).toEqual({
			total: 8,
			logins: 1,
			byRoute: {
				'POST /jwt/login': 1,
				'GET /entry/User': 2,
				'GET /fields/User': 2,
				'PUT /entry/User': 1,
				'GET /entry/HPD:Help Desk': 1,
				'POST /jwt/logout': 1,
			},
			faults: {},
			outOfOrderCommits: 0,
		});
		c.resetCounters();
		expect(c.counters()).toEqual({
			total: 0,
			logins: 0,
			byRoute: {},
			faults: {},
			outOfOrderCommits: 0,
		});
	});

	it('onRequest runs a hook for every request before it is answered (emulator extension)', async () => {
		const c = h.emulator.control;
		const seen: string[] = [];
		c.onRequest((r) => {
			seen.push(r.route);
			expect(r.method).toBe(r.route.split(' ')[0]);
			// A write from the hook is visible to the request that triggered it.
			if (r.route === 'GET /entry/HPD:Help Desk')
				c.insertEntry(HD, { ...TICKET, Description: 'from hook' });
		});
		try {
			const res = await h.http.get(
				`${V1}/entry/${enc(HD)}?q=${encodeURIComponent(`'Description' = "from hook"`)}`,
				h.as(admin),
			);
			expect((res.data as ListBody).entries).toHaveLength(1);
			await h.http.get('/api/about');
			expect(seen).toEqual(['GET /entry/HPD:Help Desk', 'GET /about']);
		} finally {
			c.onRequest(undefined);
		}
		await h.http.get('/api/about');
		expect(seen).toHaveLength(2);
	});
});

describe('emulator control API', () => {
	let h: Harness;
	let admin: string;

	withEmulator({ users: 30 }, (started, token) => {
		h = started;
		admin = token;
	});

	it('insertEntry / modifyEntry / getEntry / deleteEntry / findEntries / count use REST-style values', async () => {
		const c = h.emulator.control;
		const before = c.count('User');
		const id = c.insertEntry(
			'User',
			{
				'Login Name': 'ctl.user',
				'Full Name': 'Ctl User',
				'License Type': 'Floating',
				'Group List': '10;',
			},
			{ createDate: 1700000000, modifiedDate: 1700000500, user: 'appuser' },
		);
		expect(id).toMatch(/^\d{15}$/);
		expect(c.count('User')).toBe(before + 1);
		expect(c.getEntry('User', id)).toMatchObject({
			'Login Name': 'ctl.user',
			'License Type': 'Floating',
			'Create Date': '2023-11-14T22:13:20.000+0000',
			'Modified Date': '2023-11-14T22:21:40.000+0000',
			Creator: 'appuser',
			'Last Modified By': 'appuser',
		});
		c.modifyEntry('User', id, { 'Full Name': 'Renamed' }, { modifiedDate: 1700000900 });
		expect(c.getEntry('User', id)).toMatchObject({
			'Full Name': 'Renamed',
			'Modified Date': '2023-11-14T22:28:20.000+0000',
			'Last Modified By': 'Demo',
		});
		expect(c.findEntries('User', `'Login Name' = "ctl.user"`)).toEqual([
			{ id, values: c.getEntry('User', id) },
		]);
		// REST sees it too.
		const res = await h.http.get(`${V1}/entry/User/${id}?fields=values(Full Name)`, h.as(admin));
		expect(res.data.values).toEqual({ 'Full Name': 'Renamed' });
		c.deleteEntry('User', id);
		expect(c.getEntry('User', id)).toBeUndefined();
		expect(c.count('User')).toBe(before);
		expect(() => c.insertEntry('User', { 'Login Name': 'Demo', 'Full Name': 'dup' })).toThrow(
			/unique/,
		);
		expect(() => c.insertEntry('User', { 'License Type': 'Gold' })).toThrow(/License Type/);
		expect(() => c.setOptions({ users: 5 })).toThrow(/users/);
	});

	it('Modified Date ticks with the emulator clock: writes in the same second share it; versionLog records them in order', async () => {
		const c = h.emulator.control;
		const startSeq = c.versionLog().length;
		let ids: string[] = [];
		let stamps: string[] = [];
		// Retry if the wall clock ticked over a second boundary mid-burst.
		for (let attempt = 0; attempt < 5; attempt++) {
			const t0 = c.now();
			ids = [];
			for (let i = 0; i < 3; i++) {
				const res = await h.http.post(`${V1}/entry/${enc(HD)}`, { values: TICKET }, h.as(admin));
				ids.push(String(res.headers.location).split('/').pop()!);
			}
			stamps = ids.map((id) => c.getEntry(HD, id)?.['Last Modified Date'] as string);
			if (c.now() === t0) break;
		}
		expect(new Set(stamps).size).toBe(1);
		const log = c.versionLog(HD).slice(-3);
		expect(log.map((l) => l.id)).toEqual(ids);
		expect(log.map((l) => l.modified)).toEqual(stamps.map((s) => Date.parse(s) / 1000));
		expect(log[1].seq).toBe(log[0].seq + 1);
		expect(c.versionLog().length).toBeGreaterThanOrEqual(startSeq + 3);
		// A modify is logged too, and the clock offset moves the timestamps (within the token's hour).
		c.setOptions({ clockOffsetSeconds: 1800 });
		try {
			const put = await h.http.put(
				`${V1}/entry/${enc(HD)}/${ids[0]}`,
				{ values: { Status: 'Assigned' } },
				h.as(admin),
			);
			expect(put.status).toBe(204);
			const last = c.versionLog(HD).at(-1)!;
			expect(last.id).toBe(ids[0]);
			expect(last.modified).toBe(c.now());
			expect(last.modified - Date.now() / 1000).toBeGreaterThan(1790);
		} finally {
			c.setOptions({ clockOffsetSeconds: 0 });
		}
		// Seeding is not part of the log.
		expect(c.versionLog('User').every((l) => l.seq > 0)).toBe(true);
		const users = await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin));
		expect((users.data as ListBody).entries).toHaveLength(1);
	});
});
