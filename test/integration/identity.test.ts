import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

describe('Identity resource: User + People + groups, joined without N+1', () => {
	let h: Harness;

	withHarness({ users: 1000 }, (started) => {
		h = started;
	});

	beforeEach(() => h.reset());

	it('joins one user with groups, People record and flags', async () => {
		const withPeople = h.emulator.control.findEntries('CTM:People')[0];
		const login = withPeople.values['Remedy Login ID'] as string;
		const [item] = await runNode(h.env, {
			resource: 'identity',
			operation: 'get',
			user: { __rl: true, mode: 'login', value: login },
		});
		expect(item.json).toMatchObject({ 'Login Name': login, hasPeopleRecord: true, disabled: false });
		expect((item.json.people as Record<string, unknown>)._requestId).toBe(withPeople.id);
		expect(Array.isArray(item.json.groups)).toBe(true);
		expect(item.json.Password).toBeUndefined();
	});

	it('says which login is missing', async () => {
		await expect(
			runNode(h.env, {
				resource: 'identity',
				operation: 'get',
				user: { __rl: true, mode: 'login', value: 'nobody.here' },
			}),
		).rejects.toThrow("No user with Login Name 'nobody.here'");
	});

	it('gives people: null for a user without a People record', async () => {
		const logins = new Set(
			h.emulator.control.findEntries('CTM:People').map((entry) => entry.values['Remedy Login ID']),
		);
		const orphan = h.emulator.control
			.findEntries('User')
			.find((entry) => !logins.has(entry.values['Login Name']));
		expect(orphan).toBeDefined();
		const [item] = await runNode(h.env, {
			resource: 'identity',
			operation: 'get',
			user: { __rl: true, mode: 'id', value: orphan!.id },
		});
		expect(item.json).toMatchObject({ people: null, hasPeopleRecord: false });
	});

	it('gets 1,000 identities with requests that grow with pages, not users', async () => {
		const items = await runNode(h.env, {
			resource: 'identity',
			operation: 'getAll',
			returnAll: true,
			options: { pageSize: 100 },
		});
		expect(items).toHaveLength(1000);
		const users = h.emulator.control.findEntries('User');
		const people = new Map(
			h.emulator.control
				.findEntries('CTM:People')
				.map((entry) => [entry.values['Remedy Login ID'], entry.id]),
		);
		for (const item of items) {
			const login = item.json['Login Name'];
			const expected = people.get(login);
			expect(item.json.hasPeopleRecord).toBe(expected !== undefined);
			if (expected) expect((item.json.people as Record<string, unknown>)._requestId).toBe(expected);
		}
		expect(users).toHaveLength(1000);
		const userPages = h.requests('GET /entry/User');
		const peopleRequests = h.requests('GET /entry/CTM:People');
		const groupListings = h.requests('GET /entry/Group');
		const associations = h.requests('GET /entry/CTM:Support Group Association');
		const roles = h.requests('GET /entry/CTM:SupportGroupFunctionalRole');
		const supportGroupListings = h.requests('GET /entry/CTM:Support Group');
		expect(userPages).toBeLessThanOrEqual(11);
		expect(peopleRequests).toBeLessThanOrEqual(2 * userPages);
		expect(associations).toBeLessThanOrEqual(2 * userPages);
		expect(roles).toBeLessThanOrEqual(2 * userPages);
		// One listing each; a short first page from a server not yet seen sending `next` links costs
		// one more request to rule out a server page cap (transport/pagination.ts).
		expect(groupListings).toBeLessThanOrEqual(2);
		expect(supportGroupListings).toBeLessThanOrEqual(2);
		// Plus one metadata request per form (User, People, Group, the three support group forms).
		expect(h.requests()).toBeLessThanOrEqual(
			userPages + peopleRequests + associations + roles + groupListings + supportGroupListings + 6,
		);
		const siobhan = items.find((item) => item.json['Login Name'] === "siobhan.o'brien")!;
		expect(siobhan.json.supportGroups).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ supportGroupName: 'Service Desk', default: true, role: 'Member', company: 'Calbro Services' }),
				expect.objectContaining({ supportGroupName: 'Backoffice "Tier 2"', default: false, role: 'Associate Member' }),
			]),
		);
	});

	it('filters identities on User fields and still joins in batches', async () => {
		const items = await runNode(h.env, {
			resource: 'identity',
			operation: 'getAll',
			returnAll: true,
			filters: { conditions: [{ field: 'License Type', operator: 'equals', value: 'Fixed' }] },
		});
		const expected = h.emulator.control.findEntries('User', '\'License Type\' = "Fixed"').length;
		expect(items).toHaveLength(expected);
		expect(h.requests('GET /entry/CTM:People')).toBeLessThan(expected / 10 + 5);
	});

	it('carries support groups, functional roles and, under Options, open tickets', async () => {
		const [item] = await runNode(h.env, {
			resource: 'identity',
			operation: 'get',
			user: { __rl: true, mode: 'login', value: "siobhan.o'brien" },
			options: { openTickets: 'list' },
		});
		const groups = h.emulator.control.findEntries('CTM:Support Group');
		const id = (name: string) => groups.find((g) => g.values['Support Group Name'] === name)!.id;
		expect(item.json.supportGroups).toEqual([
			{ supportGroupId: id('Service Desk'), supportGroupName: 'Service Desk', company: 'Calbro Services', organization: 'IT Support', role: 'Member', default: true },
			{ supportGroupId: id('Backoffice "Tier 2"'), supportGroupName: 'Backoffice "Tier 2"', company: 'Calbro Services', organization: 'Back Office', role: 'Associate Member', default: false },
		]);
		// The joined identity leads; the User form's own fields (AR names) follow.
		expect(Object.keys(item.json).slice(0, 9)).toEqual([
			'loginName', 'disabled', 'hasPeopleRecord', 'groups', 'supportGroups', 'functionalRoles', 'openTicketCount', 'openTickets', 'people',
		]);
		expect(item.json).toMatchObject({ loginName: "siobhan.o'brien", 'Login Name': "siobhan.o'brien" });
		expect(item.json.functionalRoles).toEqual([
			{ functionalRole: 'Incident Master', supportGroupId: id('Service Desk'), supportGroupName: 'Service Desk' },
			{ functionalRole: 'Change Coordinator', supportGroupId: id('Backoffice "Tier 2"'), supportGroupName: 'Backoffice "Tier 2"' },
		]);
		const open = h.emulator.control.findEntries(
			'HPD:Help Desk',
			`'Assignee Login ID' = "siobhan.o'brien" AND 'Status' < "Resolved"`,
		);
		expect(open.length).toBeGreaterThan(0);
		expect(item.json.openTicketCount).toBe(open.length);
		expect((item.json.openTickets as Array<{ requestId: string }>).map((t) => t.requestId).sort()).toEqual(
			open.map((t) => t.id).sort(),
		);

		const [counted] = await runNode(h.env, {
			resource: 'identity',
			operation: 'getAll',
			returnAll: true,
			filters: { conditions: [{ field: 'Login Name', operator: 'equals', value: "siobhan.o'brien" }] },
			options: { openTickets: 'count' },
		});
		expect(counted.json.openTicketCount).toBe(open.length);
		expect(counted.json.openTickets).toBeUndefined();
	});
});
