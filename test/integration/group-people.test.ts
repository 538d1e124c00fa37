import { hasGroup } from '../../nodes/ArSystem/helpers/groupList';
import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('Group resource through the n8n engine', () => {
	let h: Harness;

	withHarness({ users: 400 }, (started) => {
		h = started;
	});

	it('creates, gets by name and by ID, updates and deletes a group', async () => {
		const [created] = await runNode(h.env, {
			resource: 'group',
			operation: 'create',
			groupName: 'Night Shift',
			groupId: 400777,
			groupType: 'Change',
			additionalFields: { longName: 'Night shift operators' },
		});
		expect(created.json._requestId).toMatch(/^\d{15}$/);
		const [byName] = await runNode(h.env, { resource: 'group', operation: 'get', group: rl('name', 'Night Shift') });
		expect(byName.json).toMatchObject({ 'Group ID': 400777, 'Group Type': 'Change' });
		const [byId] = await runNode(h.env, { resource: 'group', operation: 'get', group: rl('groupId', '400777') });
		expect(byId.json._requestId).toBe(created.json._requestId);
		await runNode(h.env, {
			resource: 'group',
			operation: 'update',
			group: rl('groupId', '400777'),
			updateFields: { groupType: 'View' },
		});
		expect(h.emulator.control.getEntry('Group', created.json._requestId as string)?.['Group Type']).toBe('View');
		const [deleted] = await runNode(h.env, { resource: 'group', operation: 'delete', group: rl('name', 'Night Shift') });
		expect(deleted.json).toMatchObject({ groupId: 400777, deleted: true });
		expect(h.emulator.control.getEntry('Group', created.json._requestId as string)).toBeUndefined();
	});

	it.each([1, 10, 100, 1000])('gets exactly the members of group %i', async (groupId) => {
		const items = await runNode(h.env, {
			resource: 'group',
			operation: 'getMembers',
			group: rl('groupId', String(groupId)),
			returnAll: true,
		});
		// By ID or by exact name: lists may hold names (the emulator's data variants).
		const name = h.emulator.control.findEntries('Group', `'Group ID' = ${groupId}`)[0]?.values['Group Name'];
		const expected = h.emulator.control
			.findEntries('User')
			.filter((entry) => hasGroup(entry.values['Group List'], groupId, String(name)))
			.map((entry) => entry.id)
			.sort();
		expect(expected.length).toBeGreaterThan(0);
		expect(items.map((item) => item.json._requestId).sort()).toEqual(expected);
	});

	it('gets many groups and reports a missing group clearly', async () => {
		const items = await runNode(h.env, { resource: 'group', operation: 'getAll', returnAll: true });
		expect(items.length).toBe(h.emulator.control.count('Group'));
		await expect(
			runNode(h.env, { resource: 'group', operation: 'get', group: rl('name', 'No Such Group') }),
		).rejects.toThrow("No group with Group Name 'No Such Group'");
	});
});

describe('Person resource (CTM:People) through the n8n engine', () => {
	let h: Harness;

	withHarness({ users: 100 }, (started) => {
		h = started;
	});

	it('creates, gets, updates, sets status and deletes a person', async () => {
		const [created] = await runNode(h.env, {
			resource: 'person',
			operation: 'create',
			firstName: 'Øyvind',
			lastName: "O'Brien",
			company: 'Calbro Services',
			additionalFields: { email: 'oyvind@example.com', loginId: 'oobrien' },
		});
		const id = created.json._requestId as string;
		expect(id).toMatch(/^PPL\d{12}$/);
		const [byLogin] = await runNode(h.env, { resource: 'person', operation: 'get', person: rl('login', 'oobrien') });
		expect(byLogin.json).toMatchObject({ _requestId: id, 'Full Name': "Øyvind O'Brien" });
		const [byId] = await runNode(h.env, { resource: 'person', operation: 'get', person: rl('id', id) });
		expect(byId.json['Remedy Login ID']).toBe('oobrien');
		await runNode(h.env, {
			resource: 'person',
			operation: 'update',
			person: rl('login', 'oobrien'),
			updateFields: { department: 'Night Ops' },
		});
		expect(h.emulator.control.getEntry('CTM:People', id)?.Department).toBe('Night Ops');
		const [status] = await runNode(h.env, {
			resource: 'person',
			operation: 'setStatus',
			person: rl('login', 'oobrien'),
			profileStatus: 'Offline',
		});
		expect(status.json).toMatchObject({ profileStatus: 'Offline', changed: true });
		expect(h.emulator.control.getEntry('CTM:People', id)?.['Profile Status']).toBe('Offline');
		await runNode(h.env, { resource: 'person', operation: 'delete', person: rl('id', id) });
		expect(h.emulator.control.getEntry('CTM:People', id)).toBeUndefined();
	});

	it('gets many people and reports a missing person clearly', async () => {
		const items = await runNode(h.env, { resource: 'person', operation: 'getAll', returnAll: true });
		expect(items.length).toBe(h.emulator.control.count('CTM:People'));
		for (const item of items) expect(item.json.Password).toBeUndefined();
		await expect(
			runNode(h.env, { resource: 'person', operation: 'get', person: rl('login', 'nobody') }),
		).rejects.toThrow("No person with Remedy Login ID 'nobody'");
	});
});
