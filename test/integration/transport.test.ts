/**
 * The transport's promises through n8n-core's engine against the emulator: logins (single flight,
 * re-login on 401 and on a gateway's 403 page, none for a permission error, transient login
 * failures), writes that are never blindly re-sent, and exact pagination on every cap/link variant.
 */
import { runNode, runWorkflow, arSystemNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { itemIds, storedIds, withHarness } from '../harness/setup';

const form = (name: string) => ({ __rl: true, mode: 'name', value: name });
const DATA_TYPES = 'AR System Emulator:Data Types';

describe('transport through the n8n engine', () => {
	let h: Harness;

	withHarness({ users: 300 }, (started) => {
		h = started;
	});

	beforeEach(() => {
		h.emulator.control.onRequest(undefined);
		h.emulator.control.setOptions({ maxEntries: undefined, nextLinks: true, faultRate: 0 });
		h.reset();
	});

	const allUserIds = () => storedIds(h, 'User');
	const idsOf = itemIds;

	describe('logins', () => {
		it('Get Many with Concurrency 8 and a token expiring mid-read: 1 login, exact rows', async () => {
			await runNode(h.env, { resource: 'entry', operation: 'get', form: form('User'), requestId: allUserIds()[0] });
			h.reset();
			let pages = 0;
			h.emulator.control.onRequest(({ method, route }) => {
				// Expire every token once the first concurrent batch is under way.
				if (method === 'GET' && route === 'GET /entry/User' && ++pages === 3) {
					h.emulator.control.expireAllTokens();
				}
			});
			const items = await runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form: form('User'),
				returnAll: true,
				options: { pageSize: 20, concurrency: 8 },
			});
			expect(idsOf(items)).toEqual(allUserIds());
			expect(h.logins()).toBe(1);
		});

		it('20 concurrent executions in one process meeting one expired token: 1 login', async () => {
			await runNode(h.env, { resource: 'entry', operation: 'get', form: form('User'), requestId: allUserIds()[0] });
			h.emulator.control.expireAllTokens();
			h.reset();
			const ids = allUserIds().slice(0, 20);
			const results = await Promise.all(
				ids.map(
					async (id) =>
						await runWorkflow(h.env, {
							nodes: [arSystemNode({ resource: 'entry', operation: 'get', form: form('User'), requestId: id })],
						}),
				),
			);
			expect(results.map((r) => r.error)).toEqual(ids.map(() => undefined));
			expect(results.map((r) => r.output('AR System')[0].json._requestId)).toEqual(ids);
			expect(h.logins()).toBe(1);
		});

		it('20 concurrent executions on a cold credential: 1 login', async () => {
			h.env.credentials.editCredentials('arSystemApi', { token: '', tokenFor: '' });
			h.emulator.control.expireAllTokens();
			h.reset();
			const results = await Promise.all(
				Array.from({ length: 20 }, async () =>
					await runWorkflow(h.env, {
						nodes: [arSystemNode({ resource: 'entry', operation: 'get', form: form('User'), requestId: allUserIds()[0] })],
					}),
				),
			);
			expect(results.every((r) => r.error === undefined)).toBe(true);
			expect(h.logins()).toBe(1);
		});
	});

	describe('pagination on every cap/link variant', () => {
		it.each([
			['no cap, next links', undefined, true],
			['no cap, no links', undefined, false],
			['cap 70 below the page size, next links', 70, true],
			['cap 70 below the page size, no links', 70, false],
			['cap 100 equal to a divisor of the total, no links', 100, false],
		] as const)('%s: exactly the right rows', async (_name, maxEntries, nextLinks) => {
			h.emulator.control.setOptions({ maxEntries, nextLinks });
			const items = await runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form: form('User'),
				returnAll: true,
				options: { pageSize: 250 },
			});
			const ids = idsOf(items);
			expect(new Set(ids).size).toBe(ids.length);
			expect(ids).toEqual(allUserIds());
		});

		it('a Limit across a capped server with concurrency: exactly Limit rows, no duplicates', async () => {
			h.emulator.control.setOptions({ maxEntries: 30, nextLinks: false });
			const items = await runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form: form('User'),
				returnAll: false,
				limit: 175,
				options: { pageSize: 100, concurrency: 4 },
			});
			const ids = items.map((item) => item.json._requestId as string);
			expect(ids).toHaveLength(175);
			expect(new Set(ids).size).toBe(175);
		});
	});

	describe('writes', () => {
		/** The next request with this method fails before the emulator processes it. */
		const failBefore = (wanted: string) => {
			let armed = true;
			h.emulator.control.onRequest(({ method }) => {
				if (armed && method === wanted) {
					armed = false;
					h.emulator.control.failNext(1, 'reset');
				}
			});
		};

		it('an update whose connection resets before processing is sent again once, not blindly', async () => {
			const [entry] = h.emulator.control.findEntries('HPD:Help Desk');
			h.reset();
			failBefore('PUT');
			const [item] = await runNode(h.env, {
				resource: 'entry',
				operation: 'update',
				form: form('HPD:Help Desk'),
				requestId: entry.id,
				inputMode: 'json',
				jsonValues: '{"Description": "sent once more after a reset"}',
			});
			expect(item.json).toMatchObject({ _requestId: entry.id, updated: true });
			expect(h.requests('PUT /entry/HPD:Help Desk')).toBe(2);
			expect(h.emulator.control.getEntry('HPD:Help Desk', entry.id)?.Description).toBe(
				'sent once more after a reset',
			);
		});

		it('a create whose answer is lost is never re-sent and says what to check', async () => {
			const before = h.emulator.control.count(DATA_TYPES);
			failBefore('POST');
			const result = await runWorkflow(h.env, {
				nodes: [
					arSystemNode({
						resource: 'entry',
						operation: 'create',
						form: form(DATA_TYPES),
						inputMode: 'json',
						jsonValues: '{"Short Description": "lost answer", "Status": "New"}',
					}),
				],
			});
			expect(result.error?.message).toBe(
				`Creation of an entry on form '${DATA_TYPES}' may or may not have been applied`,
			);
			expect(h.requests(`POST /entry/${DATA_TYPES}`)).toBe(1);
			expect(h.emulator.control.count(DATA_TYPES)).toBe(before);
		});
	});
});
