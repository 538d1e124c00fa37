/**
 * The node against the shapes recorded from real servers (reference §6a; issue 16, emulator item
 * 6), switched on explicitly so both profiles run them: links rebuilt with offset before limit and
 * next before self, join IDs with `%7C`, a top-level `numMatches: null`, Status History as an
 * object keyed by status, passwords read as `***`.
 */
import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const form = (name: string) => ({ __rl: true, mode: 'name', value: name });
const JOIN = 'HPD:IncidentInterface';

describe('recorded answers of real servers, through the n8n engine', () => {
	let h: Harness;

	beforeAll(async () => {
		h = await startHarness({ users: 250, rebuiltLinks: true, encodedJoinIds: true, numMatchesNull: true });
	});
	afterAll(async () => await h.emulator.stop());
	beforeEach(() => h.reset());

	it('pages exactly through rebuilt next links and numMatches: null, with and without a server cap', async () => {
		const expected = h.emulator.control
			.findEntries('User')
			.map((e) => e.id)
			.sort();
		for (const maxEntries of [undefined, 40]) {
			h.emulator.control.setOptions({ maxEntries });
			const items = await runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form: form('User'),
				returnAll: true,
				options: { pageSize: 60 },
			});
			const ids = items.map((item) => item.json._requestId as string);
			expect(new Set(ids).size).toBe(ids.length);
			expect([...ids].sort()).toEqual(expected);
			expect(items.every((item) => !('numMatches' in item.json))).toBe(true);
		}
		h.emulator.control.setOptions({ maxEntries: undefined });
	});

	it('reads join-form IDs written with %7C and uses them for Get and Update', async () => {
		const items = await runNode(h.env, {
			resource: 'entry',
			operation: 'getAll',
			form: form(JOIN),
			returnAll: false,
			limit: 3,
			simplify: false,
		});
		expect(items).toHaveLength(3);
		const id = items[0].json._requestId as string;
		expect(id).toMatch(/^INC\d{12}\|INC\d{12}$/);
		const [fetched] = await runNode(h.env, { resource: 'entry', operation: 'get', form: form(JOIN), requestId: id });
		expect(fetched.json._requestId).toBe(id);
		const [updated] = await runNode(h.env, {
			resource: 'entry',
			operation: 'update',
			form: form(JOIN),
			requestId: id,
			inputMode: 'json',
			jsonValues: '{"Urgency": "1-Critical"}',
		});
		expect(updated.json).toMatchObject({ _requestId: id, updated: true });
		const ticket = id.split('|')[0];
		expect(h.emulator.control.getEntry('HPD:Help Desk', ticket)).toMatchObject({ Urgency: '1-Critical' });
	});

	it('passes Status History through as an object keyed by status, and never outputs a *** password', async () => {
		const [user] = await runNode(h.env, {
			resource: 'user',
			operation: 'get',
			user: { __rl: true, mode: 'login', value: 'appuser' },
		});
		const history = user.json['Status History'] as Record<string, { user: string; timestamp: string }>;
		expect(Array.isArray(history)).toBe(false);
		expect(history.Current).toEqual({ user: expect.any(String), timestamp: expect.any(String) });
		expect(user.json.Password).toBeUndefined();
		expect(JSON.stringify(user.json)).not.toContain('***');
	});
});
