/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The control endpoint (issue 11 item 3): counters, token expiry and TTL, fault switches and
 * changes over loopback HTTP, as test:queue and test:ui drive a running emulator from another
 * process.
 */
import { networkInterfaces } from 'node:os';

import axios from 'axios';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { client, enc, V1 } from './helpers';

const HD = 'HPD:Help Desk';
const TICKET = { Description: 'control', Impact: '4-Minor/Localized', Urgency: '4-Low' };

describe('control endpoint', () => {
	let emu: Emulator;
	let ctl: ReturnType<typeof client>;
	let api: ReturnType<typeof client>;

	const login = async () => {
		const res = await api.post('/api/jwt/login', 'username=Demo&password=demo', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(res.status).toBe(200);
		return { headers: { Authorization: `AR-JWT ${res.data}` } };
	};

	beforeAll(async () => {
		emu = await startEmulator({ users: 30, controlPort: 0, frozenClock: 1767225600 });
		expect(emu.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		ctl = client(emu.controlUrl!);
		api = client(emu.url);
	});
	afterAll(() => emu.stop());

	it('counters: logins, requests by route, faults, out-of-order commits; reset', async () => {
		await ctl.post('/counters/reset');
		const auth = await login();
		await api.get(`${V1}/entry/User?limit=2`, auth);
		await api.get(`${V1}/entry/User?limit=2&offset=2`, auth);
		const res = await ctl.get('/counters');
		expect(res.status).toBe(200);
		expect(res.data).toEqual({
			total: 3,
			logins: 1,
			byRoute: { 'POST /jwt/login': 1, 'GET /entry/User': 2 },
			faults: {},
			outOfOrderCommits: 0,
		});
		expect((await ctl.post('/counters/reset')).data.total).toBe(0);
	});

	it('expires all tokens and sets the token TTL', async () => {
		const auth = await login();
		expect((await api.get(`${V1}/entry/User?limit=1`, auth)).status).toBe(200);
		expect((await ctl.post('/tokens/expire')).status).toBe(200);
		expect((await api.get(`${V1}/entry/User?limit=1`, auth)).status).toBe(401);

		const set = await ctl.post('/options', { tokenTtl: 30 });
		expect(set.status).toBe(200);
		expect(set.data.tokenTtl).toBe(30);
		const short = await login();
		await ctl.post('/options', { clockOffsetSeconds: 31 });
		expect((await api.get(`${V1}/entry/User?limit=1`, short)).status).toBe(401);
		// null restores the start value.
		const restored = await ctl.post('/options', { tokenTtl: null, clockOffsetSeconds: null });
		expect(restored.data).toMatchObject({ tokenTtl: 3600, clockOffsetSeconds: 0 });
		expect((await ctl.get('/now')).data).toEqual({ now: 1767225600, iso: '2026-01-01T00:00:00.000Z' });
	});

	it('sets and inspects fault switches: rates as options, queues per phase', async () => {
		const opts = await ctl.post('/options', { afterCommitFaultRate: 0, loginFaultRate: 0, gateway403: true });
		expect(opts.data).toMatchObject({ afterCommitFaultRate: 0, loginFaultRate: 0, gateway403: true });
		await ctl.post('/options', { gateway403: null });
		await ctl.post('/faults', { phase: 'login', kind: '503-html' });
		await ctl.post('/faults', { phase: 'before', kind: '502-html', count: 2 });
		const queued = await ctl.post('/faults', { phase: 'after-commit', kind: 'reset', method: 'put', form: HD });
		expect(queued.data).toEqual({
			before: ['502-html', '502-html'],
			afterCommit: [{ kind: 'reset', method: 'PUT', form: HD }],
			login: ['503-html'],
		});
		const failedLogin = await api.post('/api/jwt/login', 'username=Demo&password=demo', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(failedLogin.status).toBe(503);
		const auth = await login();
		expect((await api.get(`${V1}/entry/User?limit=1`, auth)).status).toBe(502);
		expect((await ctl.get('/faults')).data.before).toEqual(['502-html']);
		expect((await ctl.delete('/faults')).data).toEqual({ before: [], afterCommit: [], login: [] });
		const bad = await ctl.post('/faults', { phase: 'after-commit', kind: '500' });
		expect(bad.status).toBe(400);
		expect(bad.data.error).toMatch(/after-commit fault kind 500/);
		expect((await ctl.post('/options', { tls: true })).data.error).toMatch(/cannot change while the emulator runs/);
	});

	it('applies changes with chosen values and stamps: insert, modify, delete, batches', async () => {
		const created = await ctl.post(`/entries/${enc(HD)}`, {
			values: TICKET,
			createDate: '2025-06-01T10:00:00.000+0000',
			modifiedDate: 1748772000 + 60,
		});
		expect(created.status).toBe(201);
		const id = created.data.id as string;
		const read = await ctl.get(`/entries/${enc(HD)}/${id}`);
		expect(read.data.values).toMatchObject({
			Description: 'control',
			'Submit Date': '2025-06-01T10:00:00.000+0000',
			'Last Modified Date': '2025-06-01T10:01:00.000+0000',
		});
		// What the node sees over the AR API is the same entry.
		const auth = await login();
		expect((await api.get(`${V1}/entry/${enc(HD)}/${id}`, auth)).data.values.Description).toBe('control');

		expect((await ctl.put(`/entries/${enc(HD)}/${id}`, { values: { Assignee: 'Ann' }, modifiedDate: 1748772000 + 120 })).status).toBe(200);
		expect((await ctl.get(`/entries/${enc(HD)}`, { params: { q: `'Assignee' = "Ann"` } })).data.map((e: { id: string }) => e.id)).toEqual([id]);

		const batch = await ctl.post('/changes', [
			{ op: 'insert', form: HD, values: { ...TICKET, Assignee: 'B1' } },
			{ op: 'modify', form: HD, id, values: { Assignee: 'Bea' } },
			{ op: 'delete', form: HD, id },
		]);
		expect(batch.status).toBe(200);
		expect(batch.data).toHaveLength(3);
		expect((await ctl.get(`/entries/${enc(HD)}/${id}`)).status).toBe(404);
		const log = (await ctl.get('/version-log', { params: { form: HD } })).data as Array<{ id: string; modified: number }>;
		expect(log.filter((l) => l.id === id).map((l) => l.modified)).toEqual([1748772060, 1748772120, 1767225600]);
		// A stamp older than one already committed on the form counts as an out-of-order commit.
		await ctl.post('/counters/reset');
		await ctl.post(`/entries/${enc(HD)}`, { values: TICKET, modifiedDate: 1767225600 - 5 });
		expect((await ctl.get('/counters')).data.outOfOrderCommits).toBe(1);

		const broken = await ctl.post('/changes', [{ op: 'insert', form: HD, values: TICKET }, { op: 'modify', form: HD, values: {} }]);
		expect(broken.status).toBe(400);
		expect(broken.data.error).toBe('change 1: modify needs an id');
		const badValue = await ctl.post(`/entries/${enc(HD)}`, { values: { ...TICKET, Urgency: 'whenever' } });
		expect(badValue.status).toBe(400);
		expect(badValue.data.error).toMatch(/Urgency/);
		expect((await ctl.get('/entries/No%20Such%20Form')).status).toBe(404);
		expect((await ctl.get('/nope')).status).toBe(404);
		expect((await ctl.post('/options', '{', { headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
	});

	it('listens on loopback only', async () => {
		const port = new URL(emu.controlUrl!).port;
		const external = Object.values(networkInterfaces())
			.flat()
			.find((i) => i && i.family === 'IPv4' && !i.internal);
		// Whether or not the host has another interface, the control listener is bound to 127.0.0.1.
		expect(new URL(emu.controlUrl!).hostname).toBe('127.0.0.1');
		if (external) {
			const error = await axios.get(`http://${external.address}:${port}/counters`, { timeout: 3000 }).catch((e: unknown) => e);
			expect(axios.isAxiosError(error) && error.code).toBe('ECONNREFUSED');
		}
	});

	it('is off unless asked for', async () => {
		const plain = await startEmulator({ users: 5 });
		try {
			expect(plain.controlUrl).toBeUndefined();
		} finally {
			await plain.stop();
		}
	});
});
