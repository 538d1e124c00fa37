/** ITSM support-group seed data: consistent with People, User and the tickets. */
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';

describe('emulator seed data: support groups, memberships, functional roles, assignments', () => {
	let e: Emulator;

	beforeAll(async () => {
		e = await startEmulator({ port: 0, users: 1000, seed: 7 });
	});
	afterAll(async () => {
		await e.stop();
	});

	it('links every membership and role to an existing group and a support-staff person', () => {
		const groups = new Set(e.control.findEntries('CTM:Support Group').map((g) => g.id));
		const people = new Map(
			e.control.findEntries('CTM:People').map((p) => [p.values['Remedy Login ID'], p]),
		);
		const users = new Set(e.control.findEntries('User').map((u) => u.values['Login Name']));
		for (const form of ['CTM:Support Group Association', 'CTM:SupportGroupFunctionalRole']) {
			const rows = e.control.findEntries(form);
			expect(rows.length).toBeGreaterThan(20);
			for (const { values } of rows) {
				expect(groups.has(values['Support Group ID'] as string)).toBe(true);
				const person = people.get(values['Login ID']);
				expect(person?.id).toBe(values['Person ID']);
				expect(person?.values['Support Staff']).toBe('Yes');
				expect(users.has(values['Login ID'])).toBe(true);
			}
		}
	});

	it('has people in several groups, with and without a default group, and roles only in their groups', () => {
		const byLogin = new Map<unknown, Array<Record<string, unknown>>>();
		for (const { values } of e.control.findEntries('CTM:Support Group Association')) {
			byLogin.set(values['Login ID'], [...(byLogin.get(values['Login ID']) ?? []), values]);
		}
		const lists = [...byLogin.values()];
		expect(lists.some((l) => l.length > 1)).toBe(true);
		expect(lists.some((l) => l.some((a) => a['Default Group (Yes/No)'] === 'Yes'))).toBe(true);
		expect(lists.some((l) => l.every((a) => a['Default Group (Yes/No)'] === 'No'))).toBe(true);
		expect(lists.every((l) => l.filter((a) => a['Default Group (Yes/No)'] === 'Yes').length <= 1)).toBe(true);
		for (const { values } of e.control.findEntries('CTM:SupportGroupFunctionalRole')) {
			const groups = (byLogin.get(values['Login ID']) ?? []).map((a) => a['Support Group ID']);
			expect(groups).toContain(values['Support Group ID']);
		}
	});

	it('assigns tickets to existing groups (name and ID agree) and to members of them, open and closed', () => {
		const groups = new Map(
			e.control.findEntries('CTM:Support Group').map((g) => [g.id, g.values['Support Group Name']]),
		);
		const members = new Set(
			e.control
				.findEntries('CTM:Support Group Association')
				.map((a) => `${a.values['Support Group ID']}|${a.values['Login ID']}`),
		);
		const tickets = e.control.findEntries('HPD:Help Desk');
		const assigned = tickets.filter((t) => t.values['Assigned Group'] != null);
		expect(assigned.length).toBeGreaterThan(0);
		for (const { values } of assigned) {
			expect(groups.get(values['Assigned Group ID'] as string)).toBe(values['Assigned Group']);
			if (values['Assignee Login ID'] != null) {
				expect(members.has(`${values['Assigned Group ID']}|${values['Assignee Login ID']}`)).toBe(true);
			}
		}
		const siobhan = tickets.filter((t) => t.values['Assignee Login ID'] === "siobhan.o'brien");
		const open = siobhan.filter((t) => ['Assigned', 'In Progress', 'Pending'].includes(t.values.Status as string));
		expect(open).toHaveLength(2);
		expect(siobhan.length).toBeGreaterThan(open.length);
	});
});
