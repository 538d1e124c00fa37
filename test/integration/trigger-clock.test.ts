/**
 * The trigger decides which seconds are settled from AR's own clock (`$TIMESTAMP$`, evaluated by
 * the server), never from an HTTP `Date` header: here a proxy in front of the emulator skews that
 * header by an hour either way or strips it, and every poll must come out the same. Also the test
 * event's honouring of the Event setting.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { startEmulator } from '../../emulator';
import { asPlainError, createEnvironment, pollTrigger } from '../harness/n8n';
import type { TestEnvironment } from '../harness/n8n';
import { triggerNode } from '../soak/node';
import type { Proxy } from '../soak/proxy';
import { startProxy } from '../soak/proxy';

const START = 1_790_000_000;

interface Server {
	emulator: Emulator;
	proxy: Proxy;
	env: TestEnvironment;
	/** Moves AR's clock on (the emulator's own; the proxy's Date follows it, skewed). */
	tick(seconds: number): number;
	stop(): Promise<void>;
}

async function server(dateSkewSeconds: number | null | undefined): Promise<Server> {
	const emulator = await startEmulator({
		users: 40,
		seed: 11,
		frozenClock: START,
	});
	const proxy = await startProxy({ target: emulator.url, dateSkewSeconds });
	const env = await createEnvironment({
		baseUrl: proxy.url,
		username: 'Demo',
		password: 'demo',
		authString: '',
		ignoreSslIssues: false,
	});
	let offset = 0;
	return {
		emulator,
		proxy,
		env,
		tick: (seconds) => {
			offset += seconds;
			emulator.control.setOptions({ clockOffsetSeconds: offset });
			return emulator.control.now();
		},
		stop: async () => {
			await proxy.stop();
			await emulator.stop();
		},
	};
}

/** The same writes and polls, including late commits; returns everything observable. */
async function scenario(dateSkewSeconds: number | null | undefined) {
	const s = await server(dateSkewSeconds);
	const control = s.emulator.control;
	const staticData: IDataObject = {};
	const node = triggerNode({ options: { commitWindow: 5 } });
	const polls: string[][] = [];
	const cursors: string[] = [];
	const rows: number[] = [];
	const poll = async () => {
		s.proxy.reset();
		const result = await pollTrigger(s.env, node, staticData).catch((error: Error) => {
			throw asPlainError(error);
		});
		polls.push(
			(result?.[0] ?? []).map(
				(item) => `${String(item.json._requestId)}:${String(item.json._event)}`,
			),
		);
		cursors.push(JSON.stringify((staticData['node:AR System Trigger'] as IDataObject).cursor));
		rows.push(s.proxy.rows());
	};
	let n = 0;
	const user = () =>
		control.insertEntry('User', {
			'Login Name': `clock.${++n}`,
			'Full Name': `Clock ${n}`,
			'License Type': 'Read',
		});
	try {
		s.tick(100);
		await poll();
		const existing = control.findEntries('User')[3].id;
		let t = s.tick(1);
		user();
		user();
		await poll();
		t = s.tick(2);
		// Stamped 2 s ago, committed only now: behind the entries just emitted.
		control.modifyEntry('User', existing, { 'Full Name': 'Late' }, { modifiedDate: t - 2 });
		user();
		await poll();
		t = s.tick(1);
		// Another late one, 4 s: still inside the 5 s window.
		control.modifyEntry('User', existing, { 'Full Name': 'Later' }, { modifiedDate: t - 4 });
		await poll();
		s.tick(10);
		await poll();
		await poll();
		return { polls, cursors, rows };
	} finally {
		await s.stop();
	}
}

describe('AR System Trigger and clocks', () => {
	it('comes out the same whether a proxy skews Date by +3600 s or -3600 s, strips it, or passes it', async () => {
		const direct = await scenario(undefined);
		expect(direct.polls.map((ids) => ids.length)).toEqual([0, 2, 2, 1, 0, 0]);
		expect(direct.polls.flat().filter((entry) => entry.endsWith(':updated'))).toHaveLength(2);
		// Settled and idle at the end: nothing remembered, nothing read.
		expect(JSON.parse(direct.cursors[5]).seen).toEqual([]);
		expect(direct.rows[5]).toBe(0);
		for (const skew of [3600, -3600, null]) {
			expect(await scenario(skew)).toEqual(direct);
		}
	});

	describe('Fetch Test Event', () => {
		let s: Server;
		const manual = async (event: string) => {
			const result = await pollTrigger(
				s.env,
				triggerNode({ event }),
				{},
				{ mode: 'manual', activation: 'manual' },
			);
			return result?.[0].map((item) => item.json);
		};
		const stamp = (value: unknown) => String(value);

		beforeAll(async () => {
			s = await server(undefined);
		});
		afterAll(async () => {
			await s.stop();
		});

		it('with Event = New returns the newest created entry, labelled created', async () => {
			const control = s.emulator.control;
			s.tick(60);
			const older = control.insertEntry('User', {
				'Login Name': 'te.older',
				'Full Name': 'Older',
				'License Type': 'Read',
			});
			s.tick(5);
			const newest = control.insertEntry('User', {
				'Login Name': 'te.newest',
				'Full Name': 'Newest',
				'License Type': 'Read',
			});
			s.tick(5);
			// The older one is changed last: by Modified Date it is the newest entry.
			control.modifyEntry('User', older, {
				'Full Name': 'Changed long after creation',
			});

			const created = await manual('created');
			expect(created?.map((item) => [item._requestId, item._event])).toEqual([[newest, 'created']]);
			expect(stamp(created?.[0]['Create Date'])).toBe(stamp(created?.[0]['Modified Date']));

			const updated = await manual('updated');
			expect(updated?.map((item) => [item._requestId, item._event])).toEqual([[older, 'updated']]);
			expect(stamp(updated?.[0]['Create Date'])).not.toBe(stamp(updated?.[0]['Modified Date']));

			const any = await manual('any');
			expect(any?.map((item) => [item._requestId, item._event])).toEqual([[older, 'updated']]);
		});
	});
});
