/**
 * Issue 16: logins follow the server's collation. With the emulator's case-variant seed, a
 * subject's People row, support-group memberships, functional roles and open tickets are spelled
 * in another case than its User entry (`DMITRI.MILLER15` rows for the user `dmitri.miller15`).
 * - On a case-insensitive server (SQL Server's default) those rows ARE the user's: Identity shows
 *   them, Offboard removes every one and a check of every form afterwards finds nothing left, Copy
 *   Access copies and compares them without duplicates.
 * - On a case-sensitive server (Oracle's default) they belong to another login: nothing the node
 *   does for the user shows, copies or touches them.
 * Real workflow executions through n8n-core against the emulator on loopback, under the suite's
 * profile (default or realistic) with the collation set explicitly.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../emulator';
import { runNode } from '../harness/n8n';
import { newHire } from '../harness/people';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const PEOPLE = 'CTM:People';
const ASSOCIATION = 'CTM:Support Group Association';
const ROLES = 'CTM:SupportGroupFunctionalRole';
const TICKETS = 'HPD:Help Desk';
const OPEN = `'Status' < "Resolved"`;

const lit = (text: string) => `"${text.replace(/"/g, '""')}"`;
const fold = (value: unknown) => String(value ?? '').toLowerCase();

interface Change {
	step: string;
	action: string;
	status: string;
	[key: string]: unknown;
}

/**
 * Every row that holds `login` in any case, read from the whole form and compared in JS, so the
 * check does not depend on the emulator's own collation.
 */
function rowsOf(emulator: Emulator, login: string) {
	const c = emulator.control;
	const held = (form: string, field: string, q?: string) =>
		c.findEntries(form, q).filter((e) => fold(e.values[field]) === fold(login));
	return {
		people: held(PEOPLE, 'Remedy Login ID'),
		memberships: held(ASSOCIATION, 'Login ID'),
		roles: held(ROLES, 'Login ID'),
		openTickets: held(TICKETS, 'Assignee Login ID', OPEN),
	};
}

/**
 * The seeded subjects: User logins whose rows elsewhere are spelled differently (or whose User
 * entry is), with the rows of every kind they hold.
 */
function subjects(emulator: Emulator) {
	const c = emulator.control;
	return c
		.findEntries('User')
		.map((e) => String(e.values['Login Name']))
		.map((login) => ({ login, ...rowsOf(emulator, login) }))
		.filter(({ login, people, memberships, roles, openTickets }) =>
			[
				...people.map((e) => e.values['Remedy Login ID']),
				...memberships.map((e) => e.values['Login ID']),
				...roles.map((e) => e.values['Login ID']),
				...openTickets.map((e) => e.values['Assignee Login ID']),
			].some((spelled) => spelled !== login),
		);
}

/** The subject with a People row, memberships, roles and open tickets all in another case. */
function fullSubject(emulator: Emulator) {
	const found = subjects(emulator).find(
		(s) =>
			s.people.length === 1 &&
			s.people[0].values['Remedy Login ID'] !== s.login &&
			s.memberships.length > 0 &&
			s.roles.length > 0 &&
			s.openTickets.length > 0,
	);
	if (!found) throw new Error('the case-variant seed has no subject with rows of every kind');
	return found;
}

const offboard = (login: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'user',
	operation: 'offboard',
	user: { __rl: true, mode: 'login', value: login },
	...extra,
});

const copy = (login: string, template: string, extra: IDataObject = {}): IDataObject => ({
	resource: 'user',
	operation: 'copyAccess',
	user: { __rl: true, mode: 'login', value: login },
	templateUser: { __rl: true, mode: 'login', value: template },
	...extra,
});

/** Support groups (with association role) and functional roles, by group ID, whatever the spelling. */
function itsmAccess(emulator: Emulator, login: string) {
	const rows = rowsOf(emulator, login);
	return {
		supportGroups: rows.memberships
			.map((a) => `${a.values['Support Group ID']}:${a.values['Support Group Association Role']}`)
			.sort(),
		roles: rows.roles.map((r) => `${r.values['Support Group ID']}:${r.values['Functional Role']}`).sort(),
	};
}

describe('case-insensitive server with case variants: every row of the user is found and handled', () => {
	let h: Harness;

	withHarness({ users: 200, caseVariants: true, caseInsensitive: true }, (started) => {
		h = started;
	});
	beforeEach(() => h.reset());

	it('asks the server its collation once per credential identity, then reuses it', async () => {
		const subject = fullSubject(h.emulator);
		const group = { __rl: true, mode: 'id', value: String(subject.memberships[0].values['Support Group ID']) };
		const getMembers = { resource: 'supportGroup', operation: 'getMembers', supportGroup: group };
		await runNode(h.env, getMembers);
		// The probe: one page of groups, then one group by ID and its name in swapped case.
		expect(h.requests('GET /entry/Group')).toBe(2);
		h.reset();
		const members = await runNode(h.env, getMembers);
		expect(h.requests('GET /entry/Group')).toBe(0);
		const member = members.find((m) => fold(m.json.loginName) === fold(subject.login))!;
		// Its functional roles in the group are joined although spelled differently again.
		const rolesHere = subject.roles.filter((r) => r.values['Support Group ID'] === group.value);
		expect((member.json.functionalRoles as string[]).sort()).toEqual(rolesHere.map((r) => r.values['Functional Role']).sort());
	});

	it('Identity shows the People record, support groups, roles and open tickets spelled in another case', async () => {
		const subject = fullSubject(h.emulator);
		const [item] = await runNode(h.env, {
			resource: 'identity',
			operation: 'get',
			user: { __rl: true, mode: 'login', value: subject.login },
			options: { openTickets: 'count' },
		});
		expect(item.json).toMatchObject({ hasPeopleRecord: true, openTicketCount: subject.openTickets.length });
		expect((item.json.people as IDataObject)._requestId).toBe(subject.people[0].id);
		expect((item.json.supportGroups as IDataObject[]).map((g) => g.supportGroupId).sort()).toEqual(
			subject.memberships.map((m) => m.values['Support Group ID']).sort(),
		);
		expect(item.json.functionalRoles as IDataObject[]).toHaveLength(subject.roles.length);

		// The same through Get Many, where a page of users is joined in batches.
		const all = await runNode(h.env, { resource: 'identity', operation: 'getAll', returnAll: true });
		for (const s of subjects(h.emulator)) {
			const joined = all.find((i) => i.json['Login Name'] === s.login)!;
			expect({ login: s.login, people: joined.json.hasPeopleRecord, groups: (joined.json.supportGroups as unknown[]).length }).toEqual({
				login: s.login,
				people: s.people.length === 1,
				groups: s.memberships.length,
			});
		}
	});

	it('Offboard finds and handles every membership, role and ticket; afterwards no form holds anything of the user', async () => {
		const subject = fullSubject(h.emulator);
		const handOver = h.emulator.control.findEntries('CTM:Support Group', `'Support Group Name' = "Field Ops"`)[0].id;
		const parameters = offboard(subject.login, {
			openTickets: 'reassign',
			reassignTo: { __rl: true, mode: 'id', value: handOver },
		});
		const [report] = await runNode(h.env, parameters);
		const changes = report.json.changes as Change[];
		expect(report.json.complete).toBe(true);
		const count = (step: string) => changes.filter((c) => c.step === step).length;
		expect({
			profile: count('profileStatus'),
			roles: count('functionalRole'),
			memberships: count('supportGroup'),
			tickets: count('ticket'),
		}).toEqual({
			profile: 1,
			roles: subject.roles.length,
			memberships: subject.memberships.length,
			tickets: subject.openTickets.length,
		});
		expect(changes.every((c) => c.status === 'done')).toBe(true);

		const after = rowsOf(h.emulator, subject.login);
		expect(after.memberships).toEqual([]);
		expect(after.roles).toEqual([]);
		expect(after.openTickets).toEqual([]);
		expect(after.people.map((p) => p.values['Profile Status'])).toEqual(['Obsolete']);
		const user = h.emulator.control.findEntries('User', `'Login Name' = ${lit(subject.login)}`)[0];
		expect(user.values).toMatchObject({ Status: 'Disabled', 'Group List': null });
		for (const ticket of subject.openTickets) {
			expect(h.emulator.control.getEntry(TICKETS, ticket.id)).toMatchObject({ 'Assigned Group ID': handOver, 'Assignee Login ID': null });
		}

		const [again] = await runNode(h.env, parameters);
		expect(again.json).toMatchObject({ complete: true, changed: 0, changes: [] });
	});

	it('Copy Access copies a template whose rows are spelled in another case, and compares without duplicates', async () => {
		const template = subjects(h.emulator).find((s) => s.memberships.length > 0 && s.memberships.some((m) => m.values['Login ID'] !== s.login))!;
		newHire(h.emulator, 'case.hire');
		const [report] = await runNode(h.env, copy('case.hire', template.login));
		expect(report.json.complete).toBe(true);
		expect(itsmAccess(h.emulator, 'case.hire')).toEqual(itsmAccess(h.emulator, template.login));

		// The other way round: the user's own rows are spelled differently; with Remove Access the
		// Template Lacks both end up equal, and nothing is added twice.
		const [exact] = await runNode(h.env, copy(template.login, 'zoe.muller', { matchExactly: true, copyPermissionGroups: false }));
		expect(exact.json.complete).toBe(true);
		expect(itsmAccess(h.emulator, template.login)).toEqual(itsmAccess(h.emulator, 'zoe.muller'));
		const [again] = await runNode(h.env, copy(template.login, 'zoe.muller', { matchExactly: true, copyPermissionGroups: false }));
		expect(again.json).toMatchObject({ complete: true, changed: 0 });
	});
});

describe('case-sensitive server with case variants: rows spelled in another case are another login', () => {
	let h: Harness;

	withHarness({ users: 200, caseVariants: true, caseInsensitive: false }, (started) => {
		h = started;
	});

	it('Identity shows none of them, one by one and joined in batches', async () => {
		const all = await runNode(h.env, { resource: 'identity', operation: 'getAll', returnAll: true, options: { openTickets: 'count' } });
		for (const s of subjects(h.emulator)) {
			const exact = (rows: Array<{ values: Record<string, unknown> }>, field: string) => rows.filter((r) => r.values[field] === s.login).length;
			const joined = all.find((i) => i.json['Login Name'] === s.login)!;
			expect({
				login: s.login,
				people: joined.json.hasPeopleRecord,
				groups: (joined.json.supportGroups as unknown[]).length,
				roles: (joined.json.functionalRoles as unknown[]).length,
				tickets: joined.json.openTicketCount,
			}).toEqual({
				login: s.login,
				people: exact(s.people, 'Remedy Login ID') === 1,
				groups: exact(s.memberships, 'Login ID'),
				roles: exact(s.roles, 'Login ID'),
				tickets: exact(s.openTickets, 'Assignee Login ID'),
			});
		}
	});

	it('Offboard leaves them alone, and Copy Access neither copies nor counts them', async () => {
		const subject = fullSubject(h.emulator);
		const before = rowsOf(h.emulator, subject.login);
		const [report] = await runNode(h.env, offboard(subject.login));
		expect(report.json.complete).toBe(true);
		expect((report.json.changes as Change[]).map((c) => c.step).filter((s) => s !== 'permissionGroups')).toEqual(['disableLogin']);
		expect(report.json.notes).toEqual(['No CTM:People record: Profile Status not set.']);
		expect(rowsOf(h.emulator, subject.login)).toEqual(before);

		newHire(h.emulator, 'cs.hire');
		const [copied] = await runNode(h.env, copy('cs.hire', subject.login, { copyPermissionGroups: false }));
		expect(copied.json).toMatchObject({ complete: true, changed: 0 });
		expect(itsmAccess(h.emulator, 'cs.hire')).toEqual({ supportGroups: [], roles: [] });
	});
});

describe('ambiguous names are refused with the candidates', () => {
	let h: Harness;

	withHarness({ users: 60, duplicateSupportGroupNames: true, caseInsensitive: false }, (started) => {
		h = started;
	});

	const serviceDesks = () => h.emulator.control.findEntries('CTM:Support Group', `'Support Group Name' = "Service Desk"`);

	it('Support Group → Get by a name two companies use lists both with company and ID; by ID works', async () => {
		const desks = serviceDesks();
		expect(desks).toHaveLength(2);
		const byName = { resource: 'supportGroup', operation: 'get', supportGroup: { __rl: true, mode: 'name', value: 'Service Desk' } };
		const error = await runNode(h.env, byName).then(
			() => undefined,
			(e: Error & { description?: string }) => e,
		);
		expect(error?.message).toBe("2 support groups have Support Group Name 'Service Desk'");
		for (const desk of desks) {
			expect(error?.description).toContain(`'Service Desk' of ${String(desk.values.Company)} / ${String(desk.values['Support Organization'])} (ID ${desk.id})`);
		}
		expect(error?.description).toContain('Support Group ID');
		const [one] = await runNode(h.env, { ...byName, supportGroup: { __rl: true, mode: 'id', value: desks[1].id } });
		expect(one.json).toMatchObject({ Company: 'Invention, Inc.', _requestId: desks[1].id });
	});

	it("Offboard's hand-over to an ambiguous name is refused before anything is written", async () => {
		const writes = h.emulator.control.versionLog().length;
		await expect(
			runNode(h.env, offboard("siobhan.o'brien", { openTickets: 'reassign', reassignTo: { __rl: true, mode: 'name', value: 'Service Desk' } })),
		).rejects.toThrow("2 support groups have Support Group Name 'Service Desk'");
		expect(h.emulator.control.versionLog().length).toBe(writes);
	});

	it('permission groups named alike in another case are refused by name, chosen by exact name or ID', async () => {
		h.emulator.control.insertEntry('Group', { 'Group Name': 'Night Shift', 'Group ID': 7001, 'Group Type': 'View', 'Long Group Name': 'Night Shift' });
		h.emulator.control.insertEntry('Group', { 'Group Name': 'NIGHT SHIFT', 'Group ID': 7002, 'Group Type': 'View', 'Long Group Name': 'NIGHT SHIFT' });
		const keep = (keepGroups: string) => runNode(h.env, { ...offboard('rsmith'), dryRun: true, keepGroups });
		await expect(keep('night shift')).rejects.toThrow("2 groups are named 'night shift' in some case");
		await expect(keep('night shift')).rejects.toMatchObject({
			description: expect.stringContaining("'Night Shift' (Group ID 7001); 'NIGHT SHIFT' (Group ID 7002)"),
		});
		const [exact] = await keep('NIGHT SHIFT');
		expect(exact.json.dryRun).toBe(true);
	});
});

describe('Group → Get Members fills Limit', () => {
	let h: Harness;

	withHarness({ users: 30 }, (started) => {
		h = started;
	});

	it('reads past rows the server matched that are not members until Limit members are found', async () => {
		const c = h.emulator.control;
		// `_` in a group name is a LIKE wildcard the server query cannot escape everywhere, so the
		// query also matches `OpsXTeam`: a superset the node filters.
		c.insertEntry('Group', { 'Group Name': 'Ops_Team', 'Group ID': 7100, 'Group Type': 'View', 'Long Group Name': 'Ops_Team' });
		for (let k = 0; k < 6; k++) c.insertEntry('User', { 'Login Name': `not.member${k}`, 'Full Name': 'Not Member', 'License Type': 'Read', Password: 'x', 'Group List': 'OpsXTeam;' });
		const members = [];
		for (let k = 0; k < 4; k++) {
			members.push(c.insertEntry('User', { 'Login Name': `member${k}`, 'Full Name': 'Member', 'License Type': 'Read', Password: 'x', 'Group List': '7100;' }));
		}
		const group = { __rl: true, mode: 'groupId', value: '7100' };
		const limited = await runNode(h.env, { resource: 'group', operation: 'getMembers', group, returnAll: false, limit: 3 });
		expect(limited.map((i) => i.json._requestId)).toEqual(members.slice(0, 3));
		const all = await runNode(h.env, { resource: 'group', operation: 'getMembers', group, returnAll: true });
		expect(all.map((i) => i.json._requestId)).toEqual(members);
	});
});
