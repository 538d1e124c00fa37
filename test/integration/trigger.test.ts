import type { IDataObject, INode } from 'n8n-workflow';

import { CREDENTIAL_REF, TRIGGER_TYPE, asPlainError, pollTrigger } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

function triggerNode(parameters: IDataObject = {}): INode {
	return {
		id: 'trigger',
		name: 'AR System Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { form: { __rl: true, mode: 'name', value: 'User' }, event: 'any', ...parameters },
		credentials: CREDENTIAL_REF,
	};
}

type Emitted = Array<{ _requestId: string; _event: string } & IDataObject>;

describe('AR System Trigger', () => {
	let h: Harness;
	let seq = 0;
	const control = () => h.emulator.control;

	let clockOffset = 0;
	/**
	 * Moves the server's clock on, as time passing would: tests then write at a second of their
	 * choosing without ever dating an entry after the server's own "now".
	 */
	const advanceServerClock = (seconds: number) => {
		clockOffset += seconds;
		control().setOptions({ clockOffsetSeconds: clockOffset });
		return control().now();
	};

	/** A new user, stamped by the emulator's clock (a same-second write unless it moved). */
	const newUser = (values: IDataObject = {}) => {
		seq++;
		return control().insertEntry('User', {
			'Login Name': `trigger.user.${seq}`,
			'Full Name': `Trigger User ${seq}`,
			'License Type': 'Read',
			...values,
		});
	};

	const cursorOf = (staticData: IDataObject) =>
		(staticData['node:AR System Trigger'] as IDataObject | undefined)?.cursor as
			| { ts: string; ids: string[] }
			| undefined;

	const poll = async (node: INode, staticData: IDataObject, options = {}) => {
		try {
			const result = await pollTrigger(h.env, node, staticData, options);
			return result === null ? null : (result[0].map((item) => item.json) as Emitted);
		} catch (error) {
			throw asPlainError(error as Error);
		}
	};

	beforeAll(async () => {
		h = await startHarness({ users: 150 });
	});

	afterAll(async () => {
		await h.emulator.stop();
	});

	beforeEach(() => {
		control().setOptions({ maxEntries: undefined, nextLinks: true, faultRate: 0 });
		// Each test starts a few minutes later on the server, clear of the last one's writes.
		advanceServerClock(600);
		h.reset();
	});

	it('emits nothing on first activation and starts at the newest Modified Date on the server', async () => {
		const staticData: IDataObject = {};
		expect(await poll(triggerNode(), staticData)).toBeNull();
		const newest = Math.max(
			...control()
				.findEntries('User')
				.map((entry) => Date.parse(String(entry.values['Modified Date']).replace('+0000', 'Z')) / 1000),
		);
		const cursor = cursorOf(staticData)!;
		expect(Date.parse(cursor.ts) / 1000).toBe(newest);
		expect(cursor.ids.length).toBeGreaterThan(0);
		expect(JSON.parse(JSON.stringify(cursor))).toEqual(cursor);
		expect(await poll(triggerNode(), staticData)).toBeNull();
	});

	it('emits a new entry as created, then its change as updated, each once', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		const id = newUser();
		const first = await poll(triggerNode(), staticData);
		expect(first?.map((item) => [item._requestId, item._event])).toEqual([[id, 'created']]);
		expect(await poll(triggerNode(), staticData)).toBeNull();
		advanceServerClock(5);
		control().modifyEntry('User', id, { 'Full Name': 'Changed' });
		const second = await poll(triggerNode(), staticData);
		expect(second?.map((item) => [item._requestId, item._event, item['Full Name']])).toEqual([
			[id, 'updated', 'Changed'],
		]);
		expect(second?.[0].Password).toBeUndefined();
	});

	it('catches same-second writes that land after a poll read that second', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		// The server clock stands still here, so every write shares one second.
		const a = newUser();
		const b = newUser();
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([a, b]);
		const c = newUser();
		const d = newUser();
		expect(new Set([a, b, c, d].map((id) => control().getEntry('User', id)?.['Modified Date'])).size).toBe(1);
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([c, d]);
		expect(await poll(triggerNode(), staticData)).toBeNull();
	});

	it('without a Date header, still catches a write landing behind the poll in a second it read', async () => {
		control().setOptions({ noDateHeader: true, maxEntries: 2 });
		try {
			const staticData: IDataObject = {};
			await poll(triggerNode(), staticData);
			advanceServerClock(1);
			const [a, b, c] = [newUser(), newUser(), newUser()];
			const existing = control().findEntries('User')[0].id;
			let pages = 0;
			let late = '';
			control().onRequest(({ route }) => {
				if (route !== 'GET /entry/User' || ++pages !== 2) return;
				// While the poll pages: an entry with a lower ID changes in the second just read,
				// then the clock moves on and a new entry arrives in the next second.
				control().modifyEntry('User', existing, { 'Full Name': 'Late in the same second' });
				advanceServerClock(1);
				late = newUser();
			});
			const first = await poll(triggerNode(), staticData);
			control().onRequest(undefined);
			expect(first?.map((item) => item._requestId)).toEqual([a, b, c, late]);
			const second = await poll(triggerNode(), staticData);
			expect(second?.map((item) => item._requestId)).toEqual([existing]);
			expect(await poll(triggerNode(), staticData)).toBeNull();
		} finally {
			control().onRequest(undefined);
			control().setOptions({ noDateHeader: false, maxEntries: undefined });
		}
	});

	it('delivers the rest next poll when the per-poll cap is reached', async () => {
		const staticData: IDataObject = {};
		const node = triggerNode({ options: { maxEntries: 10 } });
		await poll(node, staticData);
		const ids = Array.from({ length: 25 }, (_, index) => {
			if (index % 4 === 0) advanceServerClock(1);
			return newUser();
		});
		const batches = [await poll(node, staticData), await poll(node, staticData), await poll(node, staticData)];
		expect(batches.map((batch) => batch?.length)).toEqual([10, 10, 5]);
		expect(batches.flatMap((batch) => batch!.map((item) => item._requestId))).toEqual(ids);
		expect(await poll(node, staticData)).toBeNull();
	});

	it('reads every entry when the server caps pages, with and without next links', async () => {
		for (const nextLinks of [true, false]) {
			const staticData: IDataObject = {};
			await poll(triggerNode(), staticData);
			control().setOptions({ maxEntries: 7, nextLinks });
			advanceServerClock(10);
			const ids = Array.from({ length: 30 }, () => newUser());
			const emitted = await poll(triggerNode(), staticData);
			expect(emitted?.map((item) => item._requestId)).toEqual(ids);
			control().setOptions({ maxEntries: undefined, nextLinks: true });
		}
	});

	it('keeps the cursor when a poll fails, and delivers everything on the next one', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		const ids = [newUser(), newUser()];
		const before = JSON.stringify(cursorOf(staticData));
		// The first try and its three retries all fail: the poll throws.
		control().failNext(4, '500');
		await expect(poll(triggerNode(), staticData)).rejects.toThrow(/AR System error 552/);
		expect(JSON.stringify(cursorOf(staticData))).toBe(before);
		const emitted = await poll(triggerNode(), staticData);
		expect(emitted?.map((item) => item._requestId)).toEqual(ids);
	});

	it('logs in again once when the token expired between polls', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		const id = newUser();
		control().expireAllTokens();
		h.reset();
		const emitted = await poll(triggerNode(), staticData);
		expect(emitted?.map((item) => item._requestId)).toEqual([id]);
		expect(h.logins()).toBe(1);
	});

	it('costs one request and no login when idle', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		await poll(triggerNode(), staticData);
		h.reset();
		expect(await poll(triggerNode(), staticData)).toBeNull();
		expect(h.requests()).toBe(1);
		expect(h.logins()).toBe(0);
	});

	it.each([
		['ahead of', 3 * 3600],
		['behind', -3 * 3600],
	])('is unaffected by the server clock running %s ours', async (_label, offset) => {
		const own = await startHarness({ users: 30, clockOffsetSeconds: offset });
		try {
			const staticData: IDataObject = {};
			const pollOwn = async () =>
				(await pollTrigger(own.env, triggerNode(), staticData))?.[0].map((item) => item.json._requestId);
			await pollOwn();
			own.emulator.control.setOptions({ clockOffsetSeconds: offset + 1 });
			const ids = ['a', 'b'].map((suffix) =>
				own.emulator.control.insertEntry('User', {
					'Login Name': `clock.${suffix}`,
					'Full Name': 'Clock',
					'License Type': 'Read',
				}),
			);
			expect(await pollOwn()).toEqual(ids);
			expect(await pollOwn()).toBeUndefined();
		} finally {
			await own.emulator.stop();
		}
	});

	it('filters events: New only skips updates but still moves past them', async () => {
		const staticData: IDataObject = {};
		const node = triggerNode({ event: 'created' });
		await poll(node, staticData);
		const existing = control().findEntries('User')[0].id;
		advanceServerClock(1);
		control().modifyEntry('User', existing, { 'Full Name': 'Touched' });
		const fresh = newUser();
		expect((await poll(node, staticData))?.map((item) => [item._requestId, item._event])).toEqual([
			[fresh, 'created'],
		]);
		expect(await poll(node, staticData)).toBeNull();
	});

	it('applies the filter builder to the polled entries', async () => {
		const staticData: IDataObject = {};
		const node = triggerNode({
			filters: { conditions: [{ field: 'License Type', operator: 'equals', value: 'Fixed' }] },
		});
		await poll(node, staticData);
		advanceServerClock(1);
		newUser();
		const fixed = newUser({ 'License Type': 'Fixed' });
		expect((await poll(node, staticData))?.map((item) => item._requestId)).toEqual([fixed]);
	});

	it('returns the newest entry in manual mode without touching the cursor', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		const snapshot = JSON.stringify(staticData);
		advanceServerClock(1);
		const id = newUser();
		const manual = await poll(triggerNode(), staticData, { mode: 'manual', activation: 'manual' });
		expect(manual?.map((item) => item._requestId)).toEqual([id]);
		expect(JSON.stringify(staticData)).toBe(snapshot);
		await expect(
			poll(triggerNode({ rawQualification: '\'Login Name\' = "nobody.at.all"' }), {}, { mode: 'manual', activation: 'manual' }),
		).rejects.toThrow("No entries on form 'User' match yet");
	});

	it('emits existing entries on the first run when asked, capped per poll', async () => {
		const staticData: IDataObject = {};
		const node = triggerNode({ options: { emitExisting: true, maxEntries: 100 } });
		const first = await poll(node, staticData);
		expect(first).toHaveLength(100);
		let total = first!.length;
		for (let round = 0; round < 10; round++) {
			const next = await poll(node, staticData);
			if (!next) break;
			total += next.length;
		}
		expect(total).toBe(control().count('User'));
	});
	describe('while a poll is paging', () => {
		const pagedBurst = (count: number) => {
			advanceServerClock(1);
			const ids = Array.from({ length: count }, () => newUser());
			advanceServerClock(5);
			return ids;
		};
		const onPage = (page: number, action: () => void) => {
			let pages = 0;
			control().onRequest(({ route }) => {
				if (route === 'GET /entry/User' && ++pages === page) action();
			});
		};

		beforeEach(() => control().setOptions({ maxEntries: 7 }));
		afterEach(() => control().onRequest(undefined));

		it('keeps the cursor when a poll fails mid-pagination, then delivers everything once', async () => {
			const staticData: IDataObject = {};
			await poll(triggerNode(), staticData);
			const ids = pagedBurst(30);
			const before = JSON.stringify(cursorOf(staticData));
			onPage(3, () => control().failNext(4, '500'));
			await expect(poll(triggerNode(), staticData)).rejects.toThrow(/AR System error 552/);
			expect(JSON.stringify(cursorOf(staticData))).toBe(before);
			control().onRequest(undefined);
			expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual(ids);
		});

		it('logs in once when the token expires between two pages, with an exact result', async () => {
			const staticData: IDataObject = {};
			await poll(triggerNode(), staticData);
			const ids = pagedBurst(30);
			h.reset();
			onPage(2, () => control().expireAllTokens());
			expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual(ids);
			expect(h.logins()).toBe(1);
		});

		it('emits entries changed while it pages, each version once', async () => {
			const staticData: IDataObject = {};
			await poll(triggerNode(), staticData);
			const ids = pagedBurst(30);
			// During page 2, an entry already read and one not read yet both change.
			onPage(2, () => {
				control().modifyEntry('User', ids[1], { 'Full Name': 'Changed while paging' });
				control().modifyEntry('User', ids[25], { 'Full Name': 'Changed ahead' });
			});
			const first = (await poll(triggerNode(), staticData)) ?? [];
			control().onRequest(undefined);
			advanceServerClock(5);
			const second = (await poll(triggerNode(), staticData)) ?? [];
			const versions = [...first, ...second].map(
				(item) => `${item._requestId}|${String(item['Modified Date'])}`,
			);
			expect(new Set(versions).size).toBe(versions.length);
			const emittedIds = [...first, ...second].map((item) => item._requestId);
			for (const id of ids) expect(emittedIds).toContain(id);
			const changed = [...first, ...second].filter((item) => item._requestId === ids[1]);
			expect(changed.map((item) => item['Full Name'])).toContain('Changed while paging');
			expect(await poll(triggerNode(), staticData)).toBeNull();
		});

		it('stops paging within the poll budget and leaves the rest for the next poll', async () => {
			const staticData: IDataObject = {};
			await poll(triggerNode(), staticData);
			const ids = pagedBurst(40);
			control().setOptions({ latencyMs: 40 });
			try {
				const batches: string[][] = [];
				for (let round = 0; round < 10; round++) {
					const result = await poll(triggerNode(), staticData, { pollBudgetMs: 100 });
					if (!result) break;
					batches.push(result.map((item) => item._requestId));
				}
				expect(batches.length).toBeGreaterThan(1);
				expect(batches.flat()).toEqual(ids);
			} finally {
				control().setOptions({ latencyMs: 0 });
			}
		});
	});
});

