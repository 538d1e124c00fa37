import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const ASSOCIATION = 'CTM:Support Group Association';
const ROLES = 'CTM:SupportGroupFunctionalRole';

describe('Support Group resource: groups, members, functional roles, idempotent changes', () => {
	let h: Harness;

	withHarness({ users: 200 }, (started) => {
		h = started;
	});

	beforeEach(() => h.reset());

	const byName = (value: string) => ({ __rl: true, mode: 'name', value });
	const person = (value: string) => ({ __rl: true, mode: 'login', value });
	const groupId = (name: string) =>
		h.emulator.control.findEntries('CTM:Support Group', `'Support Group Name' = "${name.replace(/"/g, '""')}"`)[0].id;
	const memberships = (login: string) =>
		h.emulator.control.findEntries(ASSOCIATION, `'Login ID' = "${login}"`).map((e) => e.values['Support Group ID']);

	it('gets many and one support group', async () => {
		const all = await runNode(h.env, { resource: 'supportGroup', operation: 'getAll', returnAll: true });
		expect(all.map((i) => i.json['Support Group Name'])).toContain('Backoffice "Tier 2"');
		expect(all).toHaveLength(h.emulator.control.count('CTM:Support Group'));
		// A name no other company uses (the realistic seed has a second Service Desk: see collation.test.ts).
		const [one] = await runNode(h.env, { resource: 'supportGroup', operation: 'get', supportGroup: byName('Network Support') });
		expect(one.json).toMatchObject({ 'Support Group Name': 'Network Support', _requestId: groupId('Network Support') });
	});

	it('lists members with role, default flag and functional roles in that group', async () => {
		const items = await runNode(h.env, {
			resource: 'supportGroup',
			operation: 'getMembers',
			supportGroup: { __rl: true, mode: 'id', value: groupId('Service Desk') },
		});
		const siobhan = items.find((i) => i.json.loginName === "siobhan.o'brien")!;
		expect(siobhan.json).toMatchObject({ default: true, role: 'Member', functionalRoles: ['Incident Master'], supportGroupName: 'Service Desk' });
		const lina = items.find((i) => i.json.loginName === 'li.na')!;
		expect(lina.json).toMatchObject({ default: false, functionalRoles: [] });
		expect(items).toHaveLength(h.emulator.control.findEntries(ASSOCIATION, `'Support Group ID' = "${groupId('Service Desk')}"`).length);
	});

	it('adds a person once (added, then alreadyMember), gives and takes a role, removes them once', async () => {
		const fieldOps = groupId('Field Ops');
		const add = { resource: 'supportGroup', operation: 'addPerson', supportGroup: byName('Field Ops'), person: person('rsmith') };
		const [first] = await runNode(h.env, add);
		expect(first.json).toMatchObject({ result: 'added', complete: true, changed: 1, loginName: 'rsmith' });
		const [second] = await runNode(h.env, add);
		expect(second.json).toMatchObject({ result: 'alreadyMember', changes: [] });
		expect(memberships('rsmith')).toEqual([fieldOps]);
		// rsmith had no group at all, so Field Ops became the default.
		expect(h.emulator.control.findEntries(ASSOCIATION, `'Login ID' = "rsmith"`)[0].values['Default Group (Yes/No)']).toBe('Yes');

		const role = { resource: 'supportGroup', operation: 'addFunctionalRole', supportGroup: byName('Field Ops'), person: person('rsmith'), functionalRole: 'Incident Master' };
		expect((await runNode(h.env, role))[0].json.result).toBe('added');
		expect((await runNode(h.env, role))[0].json.result).toBe('alreadyHeld');
		expect(h.emulator.control.findEntries(ROLES, `'Login ID' = "rsmith"`)).toHaveLength(1);

		const remove = { ...add, operation: 'removePerson' };
		const [removed] = await runNode(h.env, remove);
		expect(removed.json).toMatchObject({ result: 'removed', changed: 2 });
		expect((removed.json.changes as Array<{ step: string }>).map((c) => c.step)).toEqual(['functionalRole', 'supportGroup']);
		expect(memberships('rsmith')).toEqual([]);
		expect(h.emulator.control.findEntries(ROLES, `'Login ID' = "rsmith"`)).toHaveLength(0);
		expect((await runNode(h.env, remove))[0].json).toMatchObject({ result: 'notMember', changes: [] });
		const [notHeld] = await runNode(h.env, { ...role, operation: 'removeFunctionalRole' });
		expect(notHeld.json.result).toBe('notHeld');
	});

	it('refuses a functional role for a non-member, naming the fix', async () => {
		await expect(
			runNode(h.env, {
				resource: 'supportGroup',
				operation: 'addFunctionalRole',
				supportGroup: byName('Identity & Access'),
				person: person('zoe.muller'),
				functionalRole: 'Change Manager',
			}),
		).rejects.toThrow("zoe.muller is not a member of support group 'Identity & Access'");
	});

	it('a new default group takes the flag from the old one', async () => {
		const [item] = await runNode(h.env, {
			resource: 'supportGroup',
			operation: 'addPerson',
			supportGroup: byName('Identity & Access'),
			person: person('zoe.muller'),
			options: { makeDefault: true, role: 'Associate Member' },
		});
		expect(item.json).toMatchObject({ result: 'added', changed: 2 });
		const defaults = h.emulator.control
			.findEntries(ASSOCIATION, `'Login ID' = "zoe.muller" AND 'Default Group (Yes/No)' = "Yes"`)
			.map((e) => e.values['Support Group ID']);
		expect(defaults).toEqual([groupId('Identity & Access')]);
	});
});
