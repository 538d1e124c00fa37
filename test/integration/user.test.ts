import { arSystemNode, runNode, runWorkflow } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const byLogin = (login: string) => ({ __rl: true, mode: 'login', value: login });
const group = (mode: 'name' | 'groupId' | 'list', value: string) => ({ __rl: true, mode, value });

describe('User resource through the n8n engine', () => {
	let h: Harness;
	const control = () => h.emulator.control;
	const userEntry = (login: string) =>
		control().findEntries('User', `'Login Name' = "${login.replace(/"/g, '""')}"`)[0];

	withHarness({ users: 300 }, (started) => {
		h = started;
	});

	beforeEach(() => h.reset());

	it('creates a user with groups given by name or ID, and never outputs the password', async () => {
		const [item] = await runNode(h.env, {
			resource: 'user',
			operation: 'create',
			loginName: 'new.hire',
			fullName: 'New Hire',
			password: 'S3cret!pass',
			licenseType: 'Fixed',
			status: 'Current',
			additionalFields: { email: 'new.hire@example.com', groups: 'Service Desk, 10' },
		});
		expect(item.json._requestId).toMatch(/^\d{15}$/);
		expect(JSON.stringify(item.json)).not.toContain('S3cret');
		expect(userEntry('new.hire').values).toMatchObject({
			'Login Name': 'new.hire',
			'License Type': 'Fixed',
			'Group List': '400002;10;',
			'Email Address': 'new.hire@example.com',
		});
	});

	it('refuses a License Type the server does not know, before any write', async () => {
		await expect(
			runNode(h.env, {
				resource: 'user',
				operation: 'create',
				loginName: 'bad.license',
				fullName: 'Bad License',
				licenseType: 'Platinum',
			}),
		).rejects.toThrow(/'Platinum' is not a valid option for field 'License Type'.*|Read, Fixed, Floating/);
		expect(h.requests('POST /entry/User')).toBe(0);
	});

	it('gets a user by Login Name with quotes, by Request ID, and from the list', async () => {
		const quoted = control().findEntries('User', `'Login Name' LIKE "%'%"`)[0];
		expect(quoted).toBeDefined();
		const login = quoted.values['Login Name'] as string;
		const [byName] = await runNode(h.env, { resource: 'user', operation: 'get', user: byLogin(login) });
		expect(byName.json._requestId).toBe(quoted.id);
		expect(byName.json.Password).toBeUndefined();
		const [byId] = await runNode(h.env, {
			resource: 'user',
			operation: 'get',
			user: { __rl: true, mode: 'id', value: quoted.id },
		});
		expect(byId.json['Login Name']).toBe(login);
		const [fromList] = await runNode(h.env, {
			resource: 'user',
			operation: 'get',
			user: { __rl: true, mode: 'list', value: login },
		});
		expect(fromList.json._requestId).toBe(quoted.id);
	});

	it('says which user is missing, and goes on with Continue On Fail', async () => {
		const node = arSystemNode(
			{ resource: 'user', operation: 'get', user: { __rl: true, mode: 'login', value: '={{ $json.login }}' } },
			'AR System',
			{ onError: 'continueRegularOutput' },
		);
		const result = await runWorkflow(h.env, {
			nodes: [node],
			items: [{ login: 'no.such.user' }, { login: 'appuser' }],
		});
		const out = result.output('AR System');
		expect(out[0].json.error).toBe("No user with Login Name 'no.such.user'");
		expect(out[1].json['Login Name']).toBe('appuser');
	});

	it('updates fields of a user found by login', async () => {
		const [item] = await runNode(h.env, {
			resource: 'user',
			operation: 'update',
			user: byLogin('appuser'),
			updateFields: { email: 'app.user@example.com', fullName: 'App User Renamed' },
		});
		expect(item.json).toMatchObject({ updated: true });
		expect(userEntry('appuser').values).toMatchObject({
			'Email Address': 'app.user@example.com',
			'Full Name': 'App User Renamed',
		});
	});

	it('disables and enables a user, idempotently', async () => {
		const run = (operation: string) =>
			runNode(h.env, { resource: 'user', operation, user: byLogin('appuser') });
		const [disabled] = await run('disable');
		expect(disabled.json).toMatchObject({ status: 'Disabled', changed: true });
		expect(userEntry('appuser').values.Status).toBe('Disabled');
		const [again] = await run('disable');
		expect(again.json).toMatchObject({ status: 'Disabled', changed: false });
		const [enabled] = await run('enable');
		expect(enabled.json).toMatchObject({ status: 'Current', previousStatus: 'Disabled', changed: true });
		expect(userEntry('appuser').values.Status).toBe('Current');
	});

	describe('group membership', () => {
		const membership = (operation: string, login: string, g: ReturnType<typeof group>) =>
			runNode(h.env, { resource: 'user', operation, user: byLogin(login), group: g });

		beforeAll(async () => {
			await runNode(h.env, {
				resource: 'user',
				operation: 'create',
				loginName: 'prefix.tester',
				fullName: 'Prefix Tester',
				licenseType: 'Read',
				additionalFields: { groups: '10, 100, 1000' },
			});
		});

		it('adds once and reports alreadyMember the second time, keeping other groups', async () => {
			const [first] = await membership('addToGroup', 'prefix.tester', group('groupId', '1'));
			expect(first.json).toMatchObject({ result: 'added', groupId: 1, groupName: 'Administrator' });
			expect(userEntry('prefix.tester').values['Group List']).toBe('10;100;1000;1;');
			const [second] = await membership('addToGroup', 'prefix.tester', group('groupId', '1'));
			expect(second.json.result).toBe('alreadyMember');
			expect(userEntry('prefix.tester').values['Group List']).toBe('10;100;1000;1;');
		});

		it('removes exactly the group asked for: 1 never touches 10, 100 or 1000', async () => {
			const [first] = await membership('removeFromGroup', 'prefix.tester', group('name', 'Administrator'));
			expect(first.json.result).toBe('removed');
			expect(userEntry('prefix.tester').values['Group List']).toBe('10;100;1000;');
			const [second] = await membership('removeFromGroup', 'prefix.tester', group('groupId', '1'));
			expect(second.json.result).toBe('notMember');
			expect(userEntry('prefix.tester').values['Group List']).toBe('10;100;1000;');
		});

		it('lists the groups of a user with IDs and names', async () => {
			const items = await runNode(h.env, {
				resource: 'user',
				operation: 'getGroups',
				user: byLogin('prefix.tester'),
			});
			expect(items.map((item) => item.json)).toEqual([
				{ loginName: 'prefix.tester', id: 10, name: 'Incident Master' },
				{ loginName: 'prefix.tester', id: 100, name: 'Incident User' },
				{ loginName: 'prefix.tester', id: 1000, name: 'Incident Viewer' },
			]);
		});

		it('refuses a group that does not exist', async () => {
			await expect(membership('addToGroup', 'prefix.tester', group('groupId', '424242'))).rejects.toThrow(
				"No group with Group ID '424242'",
			);
		});
	});

	it('gets many users with Limit and a filter', async () => {
		const items = await runNode(h.env, {
			resource: 'user',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { conditions: [{ field: 'License Type', operator: 'equals', value: 'Read' }] },
		});
		expect(items).toHaveLength(5);
		for (const item of items) expect(item.json['License Type']).toBe('Read');
	});

	it('filters on a selection label picked from the list (Selection Value), saved typed Values keep working', async () => {
		const getMany = (condition: Record<string, string>) =>
			runNode(h.env, { resource: 'user', operation: 'getAll', returnAll: true, filters: { conditions: [condition] } });
		const disabled = control().findEntries('User', `'Status' = "Disabled"`).map((e) => e.values['Login Name']);
		expect(disabled.length).toBeGreaterThan(0);
		const picked = await getMany({ field: 'Status', operator: 'equals', selectionValue: 'Disabled' });
		expect(picked.map((item) => item.json['Login Name']).sort()).toEqual([...disabled].sort());
		// A workflow saved before Selection Value existed: the typed Value, an empty Selection Value.
		const typed = await getMany({ field: 'Status', operator: 'equals', value: 'Disabled', selectionValue: '' });
		expect(typed.map((item) => item.json['Login Name']).sort()).toEqual([...disabled].sort());
		await expect(getMany({ field: 'Status', operator: 'equals', value: 'Current', selectionValue: 'Disabled' })).rejects.toThrow(
			'Filter condition 1 has both a Value and a Selection Value',
		);
	});

	it('deletes a user permanently', async () => {
		await runNode(h.env, {
			resource: 'user',
			operation: 'create',
			loginName: 'to.delete',
			fullName: 'To Delete',
			licenseType: 'Read',
		});
		const [item] = await runNode(h.env, { resource: 'user', operation: 'delete', user: byLogin('to.delete') });
		expect(item.json).toMatchObject({ loginName: 'to.delete', deleted: true });
		expect(userEntry('to.delete')).toBeUndefined();
	});
});
