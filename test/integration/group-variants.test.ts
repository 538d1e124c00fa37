/**
 * Group membership on Group Lists as some servers hold them (issue 9, node item 6): spaces after
 * `;` (`100; 1000;`) and group names instead of IDs (`Incident Master;Incident User;`), from the
 * emulator's data variants. Group → Get Members and User → Get Groups must agree on every group,
 * and Add / Remove From Group stay idempotent and keep the list's own style.
 */
import { parseGroupList } from '../../nodes/ArSystem/helpers/groupList';
import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('group membership on spaced and named Group Lists', () => {
	let h: Harness;
	let groups: Array<{ id: number; name: string }>;

	beforeAll(async () => {
		h = await startHarness({ users: 120, dataVariants: true });
		groups = h.emulator.control
			.findEntries('Group')
			.map((g) => ({ id: Number(g.values['Group ID']), name: String(g.values['Group Name']) }));
	});

	afterAll(async () => {
		await h.emulator.stop();
	});

	const users = () => h.emulator.control.findEntries('User');
	const listOf = (login: string) =>
		users().find((u) => u.values['Login Name'] === login)?.values['Group List'] as string | null;

	it('the seed really holds spaced and named lists', () => {
		const lists = users().map((u) => String(u.values['Group List'] ?? ''));
		expect(lists.filter((l) => /; \d/.test(l)).length).toBeGreaterThan(5);
		expect(lists.filter((l) => /[A-Za-z]/.test(l)).length).toBeGreaterThan(5);
	});

	it('Get Members and Get Groups agree for every group, and match the parsed lists', async () => {
		// Get Groups for every user with a Group List, in one execution.
		const members = users().filter((u) => parseGroupList(u.values['Group List']).length > 0);
		const logins = members.map((u) => String(u.values['Login Name']));
		const groupItems = await runNode(
			h.env,
			{ resource: 'user', operation: 'getGroups', user: rl('login', '={{ $json.login }}') },
			logins.map((login) => ({ login })),
		);
		const byGroups = new Map<number, Set<string>>();
		for (const item of groupItems) {
			const id = item.json.id as number | null;
			if (id === null) continue;
			if (!byGroups.has(id)) byGroups.set(id, new Set());
			byGroups.get(id)!.add(String(item.json.loginName));
		}
		// Every token resolved: nothing unknown in the seeded lists.
		expect(groupItems.filter((item) => item.json.unknown !== undefined)).toEqual([]);

		let checked = 0;
		for (const group of groups) {
			const items = await runNode(h.env, {
				resource: 'group',
				operation: 'getMembers',
				group: rl('groupId', String(group.id)),
				returnAll: true,
			});
			const fromMembers = items.map((item) => String(item.json['Login Name'])).sort();
			const fromGroups = [...(byGroups.get(group.id) ?? [])].sort();
			// What the lists say, token by token (ID or exact name).
			const expected = members
				.filter((u) =>
					parseGroupList(u.values['Group List']).some(
						(t) => t === String(group.id) || t === group.name,
					),
				)
				.map((u) => String(u.values['Login Name']))
				.sort();
			expect({ group: group.id, members: fromMembers }).toEqual({
				group: group.id,
				members: expected,
			});
			expect({ group: group.id, members: fromGroups }).toEqual({
				group: group.id,
				members: expected,
			});
			if (expected.some((login) => /[A-Za-z]/.test(String(listOf(login))))) checked++;
		}
		// Several groups had members listed by name.
		expect(checked).toBeGreaterThan(3);
	});

	it('Add / Remove are idempotent on a named list and keep its style', async () => {
		// zoe.muller (user 4) holds "Incident Master;Incident User;" (groups 10 and 100).
		expect(listOf('zoe.muller')).toBe('Incident Master;Incident User;');
		const change = async (operation: string, group: string) =>
			(
				await runNode(h.env, {
					resource: 'user',
					operation,
					user: rl('login', 'zoe.muller'),
					group: rl('groupId', group),
				})
			)[0].json;
		expect((await change('addToGroup', '10')).result).toBe('alreadyMember');
		expect(listOf('zoe.muller')).toBe('Incident Master;Incident User;');
		expect((await change('addToGroup', '400002')).result).toBe('added');
		expect(listOf('zoe.muller')).toBe('Incident Master;Incident User;Service Desk;');
		expect((await change('addToGroup', '400002')).result).toBe('alreadyMember');
		expect((await change('removeFromGroup', '10')).result).toBe('removed');
		expect(listOf('zoe.muller')).toBe('Incident User;Service Desk;');
		expect((await change('removeFromGroup', '10')).result).toBe('notMember');
		expect(listOf('zoe.muller')).toBe('Incident User;Service Desk;');
	});

	it('Add / Remove are idempotent on a spaced list and keep its spaces', async () => {
		// siobhan.o'brien (user 2) holds "100; 1000;".
		const login = "siobhan.o'brien";
		expect(listOf(login)).toBe('100; 1000;');
		const change = async (operation: string, group: string) =>
			(
				await runNode(h.env, {
					resource: 'user',
					operation,
					user: rl('login', login),
					group: rl('groupId', group),
				})
			)[0].json;
		expect((await change('addToGroup', '1000')).result).toBe('alreadyMember');
		expect((await change('addToGroup', '10')).result).toBe('added');
		expect(listOf(login)).toBe('100; 1000; 10;');
		expect((await change('addToGroup', '10')).result).toBe('alreadyMember');
		expect((await change('removeFromGroup', '1000')).result).toBe('removed');
		expect(listOf(login)).toBe('100; 10;');
		expect((await change('removeFromGroup', '1000')).result).toBe('notMember');
		// Group 1 is never confused with 10 or 100.
		expect((await change('removeFromGroup', '1')).result).toBe('notMember');
		expect(listOf(login)).toBe('100; 10;');
		const items = await runNode(h.env, {
			resource: 'group',
			operation: 'getMembers',
			group: rl('groupId', '10'),
			returnAll: true,
		});
		expect(items.map((item) => item.json['Login Name'])).toContain(login);
	});
});
