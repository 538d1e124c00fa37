/**
 * Group List edits under concurrent writers (issue 16, node items 1 and 3). Other processes'
 * writes are injected at exact points of the node's request sequence through the emulator's
 * request hook, so every case is deterministic: a stale PUT that lands before our read-back, one
 * that lands after it (during the settle wait), a writer that always wins, and a lost answer while
 * another writer changed the list. Plus concurrent executions in one process, and Copy Access /
 * Offboard on lists that hold names.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('Group List edits under concurrent writers', () => {
	let h: Harness;
	let serial = 0;
	const c = () => h.emulator.control;

	beforeAll(async () => {
		h = await startHarness({ users: 50 });
	});
	afterAll(async () => await h.emulator.stop());
	beforeEach(() => h.reset());
	afterEach(() => c().onRequest(undefined));

	/** A fresh user with this Group List; returns its Request ID and login. */
	const user = (groupList: string | null) => {
		const login = `race.user${++serial}`;
		const id = c().insertEntry('User', {
			'Login Name': login,
			'Full Name': `Race User ${serial}`,
			'License Type': 'Read',
			'Group List': groupList,
		});
		return { id, login };
	};
	const listOf = (id: string) => (c().getEntry('User', id)?.['Group List'] ?? null) as string | null;
	const membership = async (operation: string, login: string, group: string) =>
		(await runNode(h.env, { resource: 'user', operation, user: rl('login', login), group: rl('groupId', group) }))[0]
			.json;

	/**
	 * Runs `onRead(n)` for the n-th GET of entry `id` that follows the first PUT of it (1 = the
	 * read-back, 2 = the check after the settle wait, ...), before the emulator answers it.
	 */
	const afterFirstPut = (id: string, onRead: (n: number) => void) => {
		let put = false;
		let reads = 0;
		c().onRequest(({ method, url }) => {
			if (!url.includes(`/entry/User/${id}`)) return;
			if (method === 'PUT') put = true;
			else if (method === 'GET' && put) onRead(++reads);
		});
	};

	it('re-applies an add that a stale writer replaced before the read-back; both groups survive', async () => {
		const { id, login } = user('1000;');
		// Another process read "1000;" before our write and writes "1000;12;" over it.
		afterFirstPut(id, (n) => n === 1 && c().modifyEntry('User', id, { 'Group List': '1000;12;' }));
		const out = await membership('addToGroup', login, '10');
		expect(out).toMatchObject({ result: 'added', verified: true, retries: 1, groupList: '1000;12;10;' });
		expect(listOf(id)).toBe('1000;12;10;');
	});

	it('re-applies a remove that a stale writer undid after the read-back, during the settle wait', async () => {
		const { id, login } = user('1000;10;');
		afterFirstPut(id, (n) => n === 2 && c().modifyEntry('User', id, { 'Group List': '1000;10;12;' }));
		const out = await membership('removeFromGroup', login, '10');
		expect(out).toMatchObject({ result: 'removed', verified: true, retries: 1 });
		expect(listOf(id)).toBe('1000;12;');
	});

	it('never reports success while another writer keeps replacing the list: fails after 5 writes', async () => {
		const { id, login } = user('1000;');
		afterFirstPut(id, () => c().modifyEntry('User', id, { 'Group List': '1000;' }));
		await expect(membership('addToGroup', login, '10')).rejects.toMatchObject({
			message: expect.stringMatching(
				new RegExp(`Group List of user ${login} kept changing under other writers: this change \\(add Incident Master \\(10\\)\\) is not on the server`),
			),
			description: expect.stringMatching(/Made 5 writes.*Nothing is reported as done/),
		});
		expect(h.requests('PUT /entry/User')).toBe(5);
		expect(listOf(id)).toBe('1000;');
	});

	it('does not re-send a stale list when the answer is lost while another writer changed it', async () => {
		const { id, login } = user('1000;');
		c().failAfterCommit(1, 'reset', { method: 'PUT', form: 'User' });
		// Our PUT commits "1000;10;" and its answer is lost; another writer then adds 12.
		afterFirstPut(id, (n) => n === 1 && c().modifyEntry('User', id, { 'Group List': '1000;10;12;' }));
		const out = await membership('addToGroup', login, '10');
		expect(out).toMatchObject({ result: 'added', verified: true, retries: 0 });
		expect(listOf(id)).toBe('1000;10;12;');
		expect(h.requests('PUT /entry/User')).toBe(1);
	});

	it('concurrent executions in one process editing one user all survive, without retries', async () => {
		const { id, login } = user('1;');
		const groups = ['10', '12', '100', '101', '1000', '10000'];
		const outs = await Promise.all(groups.map(async (g) => await membership('addToGroup', login, g)));
		expect(outs.map((o) => [o.result, o.verified, o.retries])).toEqual(groups.map(() => ['added', true, 0]));
		expect(new Set(listOf(id)?.split(';').filter(Boolean))).toEqual(new Set(['1', ...groups]));
		expect(h.requests('PUT /entry/User')).toBe(groups.length);
		const removes = await Promise.all(groups.map(async (g) => await membership('removeFromGroup', login, g)));
		expect(removes.map((o) => o.result)).toEqual(groups.map(() => 'removed'));
		expect(listOf(id)).toBe('1;');
	});

	describe('one normalisation: IDs and names are the same group', () => {
		const copy = (login: string, template: string, extra: IDataObject = {}) =>
			runNode(h.env, {
				resource: 'user',
				operation: 'copyAccess',
				user: rl('login', login),
				templateUser: rl('login', template),
				copySupportGroups: false,
				copyFunctionalRoles: false,
				...extra,
			});

		it('Copy Access adds only what is missing when the user holds a group by name and the template by ID', async () => {
			const target = user('Incident Master; 100;');
			const template = user('10;400002;');
			const [report] = await copy(target.login, template.login);
			const changes = report.json.changes as IDataObject[];
			expect(changes).toHaveLength(1);
			const after = changes[0].after as { groups: Array<{ id: number }> };
			expect(after.groups.map((g) => g.id)).toEqual([10, 100, 400002]);
			expect(listOf(target.id)).toBe('Incident Master; 100; 400002;');
			expect(report.json.retries).toBe(0);
			const [again] = await copy(target.login, template.login);
			expect(again.json.changes).toEqual([]);
		});

		it('Copy Access with Remove Access the Template Lacks keeps a group held by name', async () => {
			const target = user('Incident Master;Incident User;');
			const template = user('10;');
			await copy(target.login, template.login, { matchExactly: true });
			expect(listOf(target.id)).toBe('Incident Master;');
		});

		it('Get Groups lists a group held by ID and by name once', async () => {
			const target = user('10; Incident Master;100;Incident User');
			const items = await runNode(h.env, { resource: 'user', operation: 'getGroups', user: rl('login', target.login) });
			expect(items.map((item) => item.json)).toEqual([
				{ loginName: target.login, id: 10, name: 'Incident Master' },
				{ loginName: target.login, id: 100, name: 'Incident User' },
			]);
		});

		it('Offboard removes groups held by name and keeps a group to keep held by name', async () => {
			const target = user('Incident Master; 100;Service Desk;');
			const [report] = await runNode(h.env, {
				resource: 'user',
				operation: 'offboard',
				user: rl('login', target.login),
				disableLogin: false,
				setProfileStatus: false,
				removeSupportGroups: false,
				removeFunctionalRoles: false,
				openTickets: 'ignore',
				keepGroups: '400002',
			});
			expect(report.json).toMatchObject({ complete: true, changed: 1, retries: 0 });
			expect(listOf(target.id)).toBe('Service Desk;');
		});
	});
});
