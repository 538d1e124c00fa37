import type { IDataObject, INode } from 'n8n-workflow';

import { asPlainError, pollTrigger } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness, withHarness } from '../harness/setup';
import { triggerNode } from '../soak/node';

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
			| { ts: string; seen: Array<[string, number]> }
			| undefined;

	const poll = async (node: INode, staticData: IDataObject, options = {}) => {
		try {
			const result = await pollTrigger(h.env, node, staticData, options);
			return result === null ? null : (result[0].map((item) => item.json) as Emitted);
		} catch (error) {
			throw asPlainError(error as Error);
		}
	};

	withHarness({ users: 150 }, (started) => {
		h = started;
	});

	beforeEach(() => {
		control().setOptions({
			maxEntries: undefined,
			nextLinks: true,
			faultRate: 0,
		});
		// Each test starts a few minutes later on the server, clear of the last one's writes.
		advanceServerClock(600);
		h.reset();
	});

	it('emits nothing on first activation and starts at the second AR says is settled', async () => {
		const staticData: IDataObject = {};
		expect(await poll(triggerNode(), staticData)).toBeNull();
		const newest = Math.max(
			...control()
				.findEntries('User')
				.map(
					(entry) => Date.parse(String(entry.values['Modified Date']).replace('+0000', 'Z')) / 1000,
				),
		);
		// Every entry is older than the commit window: the boundary is just after the newest.
		const cursor = cursorOf(staticData)!;
		expect(cursor).toEqual({
			ts: new Date((newest + 1) * 1000).toISOString(),
			seen: [],
		});
		expect(JSON.parse(JSON.stringify(cursor))).toEqual(cursor);
		expect(await poll(triggerNode(), staticData)).toBeNull();
	});

	it('on first activation counts entries still inside the commit window as seen, not new', async () => {
		advanceServerClock(1);
		const recent = [newUser(), newUser()];
		const staticData: IDataObject = {};
		expect(await poll(triggerNode(), staticData)).toBeNull();
		expect(cursorOf(staticData)!.seen.map(([id]) => id)).toEqual(recent);
		expect(await poll(triggerNode(), staticData)).toBeNull();
		advanceServerClock(1);
		const next = newUser();
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([next]);
	});

	it('reads a cursor saved by the previous version and carries on exactly', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		advanceServerClock(1);
		const a = newUser();
		const stampOf = (id: string) =>
			String(control().getEntry('User', id)?.['Modified Date']).replace('+0000', 'Z');
		// The old shape: newest emitted second plus the IDs emitted there.
		staticData['node:AR System Trigger'] = {
			...(staticData['node:AR System Trigger'] as IDataObject),
			cursor: { ts: new Date(Date.parse(stampOf(a))).toISOString(), ids: [a] },
		};
		const b = newUser();
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([b]);
		expect(cursorOf(staticData)!.seen).toBeDefined();
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
		control().setOptions({ frozenClock: Math.floor(Date.now() / 1000) });
		const a = newUser();
		const b = newUser();
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([a, b]);
		const c = newUser();
		const d = newUser();
		expect(
			new Set([a, b, c, d].map((id) => control().getEntry('User', id)?.['Modified Date'])).size,
		).toBe(1);
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([c, d]);
		expect(await poll(triggerNode(), staticData)).toBeNull();
		control().setOptions({ frozenClock: undefined });
	});

	it('emits a late commit stamped before what it already emitted (inside the commit window)', async () => {
		const staticData: IDataObject = {};
		await poll(triggerNode(), staticData);
		const t = advanceServerClock(1);
		const a = newUser();
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([a]);
		advanceServerClock(2);
		// A write stamped (Modified Date) when it began, one second before a, that commits only now:
		// its stamp is behind everything emitted so far.
		const existing = control().findEntries('User')[0].id;
		control().modifyEntry(
			'User',
			existing,
			{ 'Full Name': 'Slow filter chain' },
			{ modifiedDate: t - 1 },
		);
		const late = await poll(triggerNode(), staticData);
		expect(late?.map((item) => [item._requestId, item._event, item['Full Name']])).toEqual([
			[existing, 'updated', 'Slow filter chain'],
		]);
		expect(await poll(triggerNode(), staticData)).toBeNull();
		// One that took 50 seconds, within the default window of 60.
		const later = advanceServerClock(50);
		const slow = newUser();
		control().modifyEntry(
			'User',
			slow,
			{ 'Full Name': 'Fifty seconds' },
			{ modifiedDate: later - 50 },
		);
		expect((await poll(triggerNode(), staticData))?.map((item) => item._requestId)).toEqual([slow]);
		expect(await poll(triggerNode(), staticData)).toBeNull();
	});

	it('re-reads only the commit window: the tail stays bounded and an idle poll reads nothing', async () => {
		const window = 10;
		const node = triggerNode({ options: { commitWindow: window } });
		const staticData: IDataObject = {};
		await poll(node, staticData);
		const hot = newUser();
		const all = new Set<string>();
		for (let round = 0; round < 40; round++) {
			const now = advanceServerClock(3);
			const fresh = [newUser(), newUser()];
			control().modifyEntry('User', hot, { 'Full Name': `Hot ${round}` });
			// Every third round, a write that took 2 s to commit.
			if (round % 3 === 0)
				control().modifyEntry('User', fresh[0], { 'Full Name': 'Late' }, { modifiedDate: now - 2 });
			for (const item of (await poll(node, staticData)) ?? [])
				all.add(`${item._requestId}|${String(item['Modified Date'])}`);
			const cursor = cursorOf(staticData)!;
			// Only versions of entries that are current and inside the window are remembered.
			const inWindow = control().findEntries('User', `'6' >= ${now - window}`).length;
			expect(cursor.seen.length).toBeLessThanOrEqual(inWindow);
			expect(cursor.seen.length).toBeGreaterThan(0);
		}
		expect(all.size).toBe(40 * 3);
		// Writes stop; once AR's clock is past the window, the tail is empty and an idle poll is one
		// request that reads no rows.
		advanceServerClock(window + 1);
		expect(await poll(node, staticData)).toBeNull();
		expect(cursorOf(staticData)!.seen).toEqual([]);
		h.reset();
		expect(await poll(node, staticData)).toBeNull();
		expect(h.requests()).toBe(1);
	});

	it('rejects a Commit Window that is not a whole number of seconds, naming the option', async () => {
		const staticData: IDataObject = {};
		await expect(poll(triggerNode({ options: { commitWindow: 0 } }), staticData)).rejects.toThrow(
			/Commit Window must be a whole number of seconds from 1 to 86400, got 0/,
		);
		expect(cursorOf(staticData)).toBeUndefined();
	});

	it('delivers the rest next poll when the per-poll cap is reached', async () => {
		const staticData: IDataObject = {};
		const node = triggerNode({ options: { maxEntries: 10 } });
		await poll(node, staticData);
		const ids = Array.from({ length: 25 }, (_, index) => {
			if (index % 4 === 0) advanceServerClock(1);
			return newUser();
		});
		const batches = [
			await poll(node, staticData),
			await poll(node, staticData),
			await poll(node, staticData),
		];
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
				(await pollTrigger(own.env, triggerNode(), staticData))?.[0].map(
					(item) => item.json._requestId,
				);
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
			filters: {
				conditions: [{ field: 'License Type', operator: 'equals', value: 'Fixed' }],
			},
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
		const manual = await poll(triggerNode(), staticData, {
			mode: 'manual',
			activation: 'manual',
		});
		expect(manual?.map((item) => item._requestId)).toEqual([id]);
		expect(JSON.stringify(staticData)).toBe(snapshot);
		await expect(
			poll(
				triggerNode({ rawQualification: '\'Login Name\' = "nobody.at.all"' }),
				{},
				{ mode: 'manual', activation: 'manual' },
			),
		).rejects.toThrow("No entries on form 'User' match yet");
	});

	it('emits existing entries on the first run when asked, capped per poll', async () => {
		const staticData: IDataObject = {};
		const node = triggerNode({
			options: { emitExisting: true, maxEntries: 100 },
		});
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
				control().modifyEntry('User', ids[1], {
					'Full Name': 'Changed while paging',
				});
				control().modifyEntry('User', ids[25], {
					'Full Name': 'Changed ahead',
				});
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
					const result = await poll(triggerNode(), staticData, {
						pollBudgetMs: 100,
					});
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
