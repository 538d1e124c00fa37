/**
 * Realistic profile, the clocks: commit delay (stamped at start, visible at commit, response after
 * commit, out-of-order commits counted), a proxy's Date header (skewed or stripped) and $TIMESTAMP$
 * evaluated from AR's own clock, which the proxy's clock never moves.
 */
import type { EmulatorOptions } from '../../emulator';
import { enc, q, V1, withEmulator } from './helpers';
import type { Harness, ListBody } from './helpers';

const HD = 'HPD:Help Desk';
const TICKET = { Description: 'clock', Impact: '4-Minor/Localized', Urgency: '4-Low' };
/** 2026-01-01T00:00:00Z: the AR clock is frozen here and moved only through the offset. */
const FROZEN = 1767225600;

/** The realistic profile on a frozen AR clock, rates at 0 and no commit delay until a test sets one. */
const FROZEN_OPTIONS: EmulatorOptions = {
	profile: 'realistic',
	users: 20,
	frozenClock: FROZEN,
	afterCommitFaultRate: 0,
	loginFaultRate: 0,
	commitDelayMs: 0,
};

describe('commit delay', () => {
	let h: Harness;
	let admin: string;

	withEmulator(FROZEN_OPTIONS, (started, token) => {
		h = started;
		admin = token;
	});
	afterEach(() => {
		h.emulator.control.onRequest(undefined);
		h.emulator.control.setOptions({ clockOffsetSeconds: 0, commitDelayMs: 0, commitDelayMinMs: 0 });
	});

	/** Resolves once a request to `route` has arrived at the emulator (its delay is drawn by then). */
	const arrived = (route: string) =>
		new Promise<void>((resolve) =>
			h.emulator.control.onRequest((r) => {
				if (r.route === route) resolve();
			}),
		);

	it('Modified Date is stamped when the write starts; the entry is invisible until commit; the response comes after commit', async () => {
		const c = h.emulator.control;
		const id = c.insertEntry(HD, { ...TICKET, Assignee: 'before' });
		c.setOptions({ commitDelayMinMs: 1500, commitDelayMs: 1500 });
		const seen = arrived('PUT /entry/HPD:Help Desk');
		let answered = false;
		const put = h.http
			.put(`${V1}/entry/${enc(HD)}/${id}`, { values: { Assignee: 'after' } }, h.as(admin))
			.then((res) => {
				answered = true;
				return res;
			});
		await seen;
		// The AR clock moves on while the transaction runs.
		c.setOptions({ clockOffsetSeconds: 5 });
		const during = await h.http.get(`${V1}/entry/${enc(HD)}/${id}`, h.as(admin));
		expect(during.data.values.Assignee).toBe('before');
		expect(answered).toBe(false);
		expect((await put).status).toBe(204);
		const after = await h.http.get(`${V1}/entry/${enc(HD)}/${id}`, h.as(admin));
		expect(after.data.values.Assignee).toBe('after');
		expect(after.data.values['Last Modified Date']).toBe(new Date(FROZEN * 1000).toISOString().replace('Z', '+0000'));
	});

	it('a write stamped earlier can become visible after one stamped later: counted as an out-of-order commit', async () => {
		const c = h.emulator.control;
		const a = c.insertEntry(HD, TICKET);
		const b = c.insertEntry(HD, TICKET);
		c.resetCounters();
		const logged = c.versionLog(HD).length;
		c.setOptions({ commitDelayMinMs: 1500, commitDelayMs: 1500 });
		const seen = arrived('PUT /entry/HPD:Help Desk');
		const slow = h.http.put(`${V1}/entry/${enc(HD)}/${a}`, { values: { Assignee: 'slow' } }, h.as(admin));
		await seen;
		c.setOptions({ commitDelayMinMs: 0, commitDelayMs: 0, clockOffsetSeconds: 2 });
		expect((await h.http.put(`${V1}/entry/${enc(HD)}/${b}`, { values: { Assignee: 'fast' } }, h.as(admin))).status).toBe(204);
		// A poll now sees b's write (stamped FROZEN + 2) and not yet a's (stamped FROZEN).
		const written = async () => {
			const res = await h.http.get(
				`${V1}/entry/${enc(HD)}?q=${q(`'Assignee' = "slow" OR 'Assignee' = "fast"`)}&fields=values(Entry ID)`,
				h.as(admin),
			);
			return (res.data as ListBody).entries.map((e) => e.values['Entry ID']);
		};
		expect(await written()).toEqual([b]);
		expect((await slow).status).toBe(204);
		expect(await written()).toEqual([a, b]);
		const log = c.versionLog(HD).slice(logged);
		expect(log.map((l) => [l.id, l.modified])).toEqual([
			[b, FROZEN + 2],
			[a, FROZEN],
		]);
		expect(c.counters().outOfOrderCommits).toBe(1);
	});

	it('short commit delays: sequential writes commit in order, none counted out of order', async () => {
		const c = h.emulator.control;
		// Ahead of every stamp the earlier tests committed, so nothing here is out of order.
		c.setOptions({ commitDelayMinMs: 0, commitDelayMs: 40, clockOffsetSeconds: 100 });
		const id = c.insertEntry(HD, TICKET);
		c.resetCounters();
		for (let i = 0; i < 5; i++) {
			expect((await h.http.put(`${V1}/entry/${enc(HD)}/${id}`, { values: { Assignee: `x${i}` } }, h.as(admin))).status).toBe(204);
		}
		expect(c.getEntry(HD, id)?.Assignee).toBe('x4');
		expect(c.counters().outOfOrderCommits).toBe(0);
	});
});

describe('a proxy in front: its own Date, and $TIMESTAMP$ from the AR clock', () => {
	let h: Harness;
	let admin: string;

	withEmulator(FROZEN_OPTIONS, (started, token) => {
		h = started;
		admin = token;
	});
	afterEach(() =>
		h.emulator.control.setOptions({ clockOffsetSeconds: 0, proxyDateSkewSeconds: undefined, noDateHeader: false }),
	);

	const dateOf = async () => {
		const res = await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin));
		return res.headers.date === undefined ? undefined : Date.parse(String(res.headers.date)) / 1000;
	};

	it('Date comes from the proxy clock: the AR clock plus the skew (profile +3600), or -N, or from AR, or stripped', async () => {
		const c = h.emulator.control;
		expect(await dateOf()).toBe(FROZEN + 3600);
		c.setOptions({ proxyDateSkewSeconds: -3600 });
		expect(await dateOf()).toBe(FROZEN - 3600);
		c.setOptions({ proxyDateSkewSeconds: 0 });
		expect(await dateOf()).toBe(FROZEN);
		c.setOptions({ noDateHeader: true });
		expect(await dateOf()).toBeUndefined();
		expect(c.now()).toBe(FROZEN);
	});

	it("$TIMESTAMP$ arithmetic ('6' >= $TIMESTAMP$ - 30) is evaluated on the AR clock, whatever the proxy's Date says", async () => {
		const c = h.emulator.control;
		const recent = c.insertEntry(HD, TICKET, { modifiedDate: FROZEN - 10 });
		const older = c.insertEntry(HD, TICKET, { modifiedDate: FROZEN - 40 });
		const open = async (qualification: string) => {
			const res = await h.http.get(
				`${V1}/entry/${enc(HD)}?q=${q(qualification)}&fields=values(Entry ID)`,
				h.as(admin),
			);
			expect(res.status).toBe(200);
			return (res.data as ListBody).entries.map((e) => e.values['Entry ID']);
		};
		for (const skew of [3600, -3600]) {
			c.setOptions({ proxyDateSkewSeconds: skew });
			expect(await open(`'6' >= $TIMESTAMP$ - 30`)).toEqual([recent]);
			expect(await open(`'6' >= ($TIMESTAMP$ - (60 * 1)) AND '6' < $TIMESTAMP$ - 30`)).toEqual([older]);
		}
		// The AR clock moves: the window moves with it, not with the proxy's Date.
		c.setOptions({ clockOffsetSeconds: 25 });
		expect(await open(`'6' >= $TIMESTAMP$ - 30`)).toEqual([]);
		expect(await open(`'6' >= $TIMESTAMP$ - 70 AND '6' <= $TIMESTAMP$`)).toEqual([recent, older]);
	});
});
