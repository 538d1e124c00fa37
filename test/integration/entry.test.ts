import { NODE_TYPE, runNode, runWorkflow, arSystemNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { itemIds, storedIds, withHarness } from '../harness/setup';

const form = (name: string) => ({ __rl: true, mode: 'name', value: name });

const getMany = (name: string, extra: Record<string, unknown> = {}) => ({
	resource: 'entry',
	operation: 'getAll',
	form: form(name),
	returnAll: true,
	...extra,
});

describe('Entry resource through the n8n engine', () => {
	let h: Harness;

	withHarness({ users: 250 }, (started) => {
		h = started;
	});

	beforeEach(() => {
		h.emulator.control.setOptions({ maxEntries: undefined, nextLinks: true, faultRate: 0 });
		h.reset();
	});

	describe('create, get, update, delete on HPD:Help Desk', () => {
		it('round-trips a ticket, pairing every output item with its input', async () => {
			const created = await runNode(
				h.env,
				{
					resource: 'entry',
					operation: 'create',
					form: form('HPD:Help Desk'),
					inputMode: 'json',
					jsonValues: '={{ JSON.stringify({ Description: $json.text, Urgency: "2-High", Impact: "3-Moderate/Limited" }) }}',
				},
				[{ text: 'Printer on fire' }, { text: "Zoë's \"quoted\" laptop" }],
			);
			expect(created).toHaveLength(2);
			expect(created.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			const ids = created.map((item) => item.json._requestId as string);
			expect(ids[0]).toMatch(/^\w{15}$/);
			expect(h.emulator.control.getEntry('HPD:Help Desk', ids[1])?.Description).toBe(
				"Zoë's \"quoted\" laptop",
			);

			const [fetched] = await runNode(h.env, {
				resource: 'entry',
				operation: 'get',
				form: form('HPD:Help Desk'),
				requestId: ids[0],
			});
			expect(fetched.json).toMatchObject({ _requestId: ids[0], Description: 'Printer on fire', Urgency: '2-High' });

			const [updated] = await runNode(h.env, {
				resource: 'entry',
				operation: 'update',
				form: form('HPD:Help Desk'),
				requestId: ids[0],
				inputMode: 'json',
				jsonValues: '{"Urgency": "1-Critical", "Status": "Assigned"}',
			});
			expect(updated.json).toMatchObject({ _requestId: ids[0], updated: true });
			expect(h.emulator.control.getEntry('HPD:Help Desk', ids[0])).toMatchObject({
				Urgency: '1-Critical',
				Status: 'Assigned',
				Description: 'Printer on fire',
			});

			const [deleted] = await runNode(h.env, {
				resource: 'entry',
				operation: 'delete',
				form: form('HPD:Help Desk'),
				requestId: ids[0],
			});
			expect(deleted.json).toEqual({ _requestId: ids[0], deleted: true });
			expect(h.emulator.control.getEntry('HPD:Help Desk', ids[0])).toBeUndefined();
		});

		it('maps fields through the resource mapper and converts labels and dates', async () => {
			const [created] = await runNode(h.env, {
				resource: 'entry',
				operation: 'create',
				form: form('HPD:Help Desk'),
				inputMode: 'mapper',
				columns: {
					mappingMode: 'defineBelow',
					value: {
						Description: 'Mapped ticket',
						Urgency: '4-low',
						Impact: '4-Minor/Localized',
						'Reported Date': '2024-03-01T10:00:00Z',
						'Total Transfers': '3',
					},
				},
			});
			const stored = h.emulator.control.getEntry('HPD:Help Desk', created.json._requestId as string);
			expect(stored).toMatchObject({
				Description: 'Mapped ticket',
				Urgency: '4-Low',
				'Reported Date': '2024-03-01T10:00:00.000+0000',
				'Total Transfers': 3,
			});
		});

		it('refuses an unknown selection label before sending anything', async () => {
			h.reset();
			await expect(
				runNode(h.env, {
					resource: 'entry',
					operation: 'create',
					form: form('HPD:Help Desk'),
					inputMode: 'json',
					jsonValues: '{"Description": "x", "Urgency": "Whenever", "Impact": "1-Extensive/Widespread"}',
				}),
			).rejects.toThrow(/'Whenever' is not a valid option for field 'Urgency'/);
			expect(h.requests('POST /entry/HPD:Help Desk')).toBe(0);
		});
	});

	describe('Get Many pagination', () => {
		const allUserIds = () => storedIds(h, 'User');

		const idsOf = itemIds;

		it('returns every entry over 3+ pages with at most ceil(N/P)+1 requests', async () => {
			const items = await runNode(h.env, getMany('User', { options: { pageSize: 100 } }));
			const expected = allUserIds();
			expect(expected.length).toBe(250);
			expect(idsOf(items)).toEqual(expected);
			expect(new Set(idsOf(items)).size).toBe(250);
			expect(h.requests('GET /entry/User')).toBeLessThanOrEqual(Math.ceil(250 / 100) + 1);
		});

		it('is exact when the total is a multiple of the page size', async () => {
			const items = await runNode(h.env, getMany('User', { options: { pageSize: 50 } }));
			expect(idsOf(items)).toEqual(allUserIds());
			expect(h.requests('GET /entry/User')).toBeLessThanOrEqual(250 / 50 + 1);
		});

		it('returns nothing, in one request, for an empty result', async () => {
			const items = await runNode(
				h.env,
				getMany('User', { rawQualification: '\'Login Name\' = "nobody-has-this-login"' }),
			);
			expect(items).toEqual([]);
			expect(h.requests('GET /entry/User')).toBe(1);
		});

		it.each([
			['with next links', true],
			['without next links', false],
		])('is exact when the server caps pages below the asked size, %s', async (_label, nextLinks) => {
			h.emulator.control.setOptions({ maxEntries: 40, nextLinks });
			const items = await runNode(h.env, getMany('User', { options: { pageSize: 100 } }));
			expect(idsOf(items)).toEqual(allUserIds());
			expect(h.requests('GET /entry/User')).toBeLessThanOrEqual(Math.ceil(250 / 40) + 1);
		});

		it('stops at Limit and asks only for what it needs', async () => {
			const items = await runNode(h.env, { ...getMany('User'), returnAll: false, limit: 7 });
			expect(items).toHaveLength(7);
			expect(h.requests('GET /entry/User')).toBe(1);
		});

		it('returns the same entries, in the same order, with Concurrency', async () => {
			const sequential = await runNode(h.env, getMany('User', { options: { pageSize: 30 } }));
			const parallel = await runNode(
				h.env,
				getMany('User', { options: { pageSize: 30, concurrency: 4 } }),
			);
			expect(parallel.map((item) => item.json._requestId)).toEqual(
				sequential.map((item) => item.json._requestId),
			);
		});

		it('survives 5% injected server faults with an exact result', async () => {
			h.emulator.control.setOptions({ faultRate: 0.05 });
			const items = await runNode(h.env, getMany('User', { options: { pageSize: 20 } }));
			h.emulator.control.setOptions({ faultRate: 0 });
			expect(idsOf(items)).toEqual(allUserIds());
		});

		it('shows the qualification it built as an execution hint the user can copy', async () => {
			const node = arSystemNode(
				getMany('User', {
					filters: { conditions: [{ field: 'Login Name', operator: 'equals', value: "O'Brien \"x\"" }] },
				}),
			);
			const result = await runWorkflow(h.env, { nodes: [node] });
			const hints = result.run.data.resultData.runData['AR System'][0].hints ?? [];
			expect(hints.map((hint) => hint.message)).toContain(
				'Qualification sent to AR System: (\'Login Name\' = "O\'Brien ""x""")',
			);
		});

		it('filters with the builder and shows nothing secret', async () => {
			const items = await runNode(
				h.env,
				getMany('User', {
					filters: {
						conditions: [
							{ field: 'License Type', operator: 'equals', value: 'Fixed' },
							{ field: 'Login Name', operator: 'startsWith', value: 'a' },
						],
					},
					combineWith: 'AND',
				}),
			);
			const expected = h.emulator.control
				.findEntries('User', '\'License Type\' = "Fixed" AND \'Login Name\' LIKE "a%"')
				.map((entry) => entry.id)
				.sort();
			expect(idsOf(items)).toEqual(expected);
			for (const item of items) {
				expect(item.json.Password).toBeUndefined();
			}
			// What n8n stores and sends to the editor: the serialised item has no password key.
			expect(JSON.stringify(items.map((item) => item.json))).not.toContain('"Password"');
		});
	});

	describe('Create or Update (mergeEntry)', () => {
		it('creates, then updates the entry matched on Login Name, and says which', async () => {
			const parameters = {
				resource: 'entry',
				operation: 'upsert',
				form: form('User'),
				matchField: 'Login Name',
				inputMode: 'json',
				mergeType: 'DUP_MERGE',
			};
			const [first] = await runNode(h.env, {
				...parameters,
				jsonValues: '{"Login Name": "merge.me", "Full Name": "Merge Me", "License Type": "Read"}',
			});
			expect(first.json.action).toBe('created');
			const [second] = await runNode(h.env, {
				...parameters,
				jsonValues: '{"Login Name": "merge.me", "Full Name": "Merged Again"}',
			});
			expect(second.json).toMatchObject({ action: 'updated', _requestId: first.json._requestId });
			expect(h.emulator.control.getEntry('User', first.json._requestId as string)).toMatchObject({
				'Full Name': 'Merged Again',
			});
		});
	});

	describe('errors', () => {
		it('turns a missing entry into an AR error a user can act on, per item with Continue On Fail', async () => {
			const node = arSystemNode(
				{ resource: 'entry', operation: 'get', form: form('User'), requestId: '={{ $json.id }}' },
				'AR System',
				{ onError: 'continueRegularOutput' },
			);
			const existing = h.emulator.control.findEntries('User')[0].id;
			const result = await runWorkflow(h.env, {
				nodes: [node],
				items: [{ id: '000000000999999' }, { id: existing }, { id: 'x'.repeat(16) }],
			});
			expect(result.error).toBeUndefined();
			const out = result.output('AR System');
			expect(out).toHaveLength(3);
			expect(out[0].json.error).toMatch(/AR System error 302: Entry does not exist in database/);
			expect(out[0].pairedItem).toEqual({ item: 0 });
			expect(out[1].json._requestId).toBe(existing);
			expect(out[2].json.error).toMatch(/not a valid entry ID/);
			expect(node.type).toBe(NODE_TYPE);
		});

		it('names an unknown form', async () => {
			await expect(runNode(h.env, getMany('No Such Form'))).rejects.toThrow(
				/AR System error 303: Form does not exist on the server/,
			);
		});
	});
});

describe('Entry on the User form, token lifecycle and TLS', () => {
	let h: Harness;

	withHarness({ users: 120 }, (started) => {
		h = started;
	});

	beforeEach(() => h.reset());

	it('creates, gets, updates and deletes a User entry through the generic Entry resource', async () => {
		const [created] = await runNode(h.env, {
			resource: 'entry',
			operation: 'create',
			form: form('User'),
			inputMode: 'json',
			jsonValues: '{"Login Name": "entry.user", "Full Name": "Entry User", "License Type": "Read", "Password": "pw-123"}',
		});
		const id = created.json._requestId as string;
		expect(created.json.Password).toBeUndefined();
		const [fetched] = await runNode(h.env, { resource: 'entry', operation: 'get', form: form('User'), requestId: id });
		expect(fetched.json).toMatchObject({ 'Login Name': 'entry.user', 'License Type': 'Read' });
		expect(fetched.json.Password).toBeUndefined();
		await runNode(h.env, {
			resource: 'entry',
			operation: 'update',
			form: form('User'),
			requestId: id,
			inputMode: 'json',
			jsonValues: '{"License Type": "Floating"}',
		});
		expect(h.emulator.control.getEntry('User', id)?.['License Type']).toBe('Floating');
		await runNode(h.env, { resource: 'entry', operation: 'delete', form: form('User'), requestId: id });
		expect(h.emulator.control.getEntry('User', id)).toBeUndefined();
	});

	it('logs in exactly once more when the token expires in the middle of pagination', async () => {
		await runNode(h.env, { ...getMany('User'), returnAll: false, limit: 1 });
		h.reset();
		let pages = 0;
		h.emulator.control.onRequest(({ route }) => {
			if (route === 'GET /entry/User' && ++pages === 3) h.emulator.control.expireAllTokens();
		});
		try {
			const items = await runNode(h.env, getMany('User', { options: { pageSize: 25 } }));
			expect(items.map((item) => item.json._requestId).sort()).toEqual(
				h.emulator.control
					.findEntries('User')
					.map((entry) => entry.id)
					.sort(),
			);
		} finally {
			h.emulator.control.onRequest(undefined);
		}
		expect(h.logins()).toBe(1);
	});

	it('keeps the token across executions: no login per run', async () => {
		await runNode(h.env, { ...getMany('User'), returnAll: false, limit: 1 });
		h.reset();
		for (let run = 0; run < 5; run++) await runNode(h.env, { ...getMany('User'), returnAll: false, limit: 1 });
		expect(h.logins()).toBe(0);
	});

	it('logs in again, once, when the credential is edited to another user', async () => {
		await runNode(h.env, { ...getMany('User'), returnAll: false, limit: 1 });
		h.reset();
		h.env.credentials.editCredentials('arSystemApi', { username: 'appuser', password: 'appuser' });
		try {
			const [created] = await runNode(h.env, {
				resource: 'entry',
				operation: 'create',
				form: form('HPD:Help Desk'),
				inputMode: 'json',
				jsonValues: '{"Description": "Who am I", "Urgency": "4-Low", "Impact": "4-Minor/Localized"}',
			});
			expect(h.logins()).toBe(1);
			expect(h.emulator.control.getEntry('HPD:Help Desk', created.json._requestId as string)?.Submitter).toBe('appuser');
			await runNode(h.env, { ...getMany('User'), returnAll: false, limit: 1 });
			expect(h.logins()).toBe(1);
		} finally {
			h.env.credentials.editCredentials('arSystemApi', { username: 'Demo', password: 'demo' });
		}
	});
});

describe('self-signed TLS', () => {
	let h: Harness;

	withHarness({ users: 20, tls: true }, (started) => {
		h = started;
	});

	it('is refused with a message naming the switch, and works once Ignore SSL Issues is on', async () => {
		expect(h.emulator.url).toMatch(/^https:/);
		await expect(runNode(h.env, { ...getMany('User'), returnAll: false, limit: 1 })).rejects.toThrow(
			/certificate|SSL|TLS/i,
		);
		h.env.credentials.editCredentials('arSystemApi', { ignoreSslIssues: true });
		const items = await runNode(h.env, { ...getMany('User'), returnAll: false, limit: 3 });
		expect(items).toHaveLength(3);
	});
});
