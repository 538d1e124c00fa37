import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const ASSOCIATION = 'CTM:Support Group Association';
const ROLES = 'CTM:SupportGroupFunctionalRole';
const TICKETS = 'HPD:Help Desk';

interface Change {
	step: string;
	action: string;
	form: string;
	entryId: string | null;
	target: string;
	before: IDataObject | null;
	after: IDataObject | null;
	status: string;
	error?: string;
}

const q = (login: string) => `"${login.replace(/"/g, '""')}"`;
const withoutStatus = (changes: Change[]) =>
	changes.map((change) => {
		const rest: Partial<Change> = { ...change };
		delete rest.status;
		delete rest.error;
		return rest;
	});

describe('User → Offboard: one repeatable step with a before/after report', () => {
	let h: Harness;

	withHarness({ users: 200 }, (started) => {
		h = started;
	});

	beforeEach(() => {
		h.reset();
		h.emulator.control.onRequest(undefined);
	});

	const c = () => h.emulator.control;
	const user = (login: string) => c().findEntries('User', `'Login Name' = ${q(login)}`)[0];
	const person = (login: string) => c().findEntries('CTM:People', `'Remedy Login ID' = ${q(login)}`)[0];
	const groupId = (name: string) =>
		c().findEntries('CTM:Support Group', `'Support Group Name' = ${q(name)}`)[0].id;
	/** Everything Offboard may touch for a login, as the server holds it. */
	const snapshot = (login: string) => ({
		user: user(login)?.values,
		person: person(login)?.values,
		memberships: c().findEntries(ASSOCIATION, `'Login ID' = ${q(login)}`),
		roles: c().findEntries(ROLES, `'Login ID' = ${q(login)}`),
		tickets: c().findEntries(TICKETS, `'Assignee Login ID' = ${q(login)}`),
	});
	const offboard = (login: string, extra: IDataObject = {}) => ({
		resource: 'user',
		operation: 'offboard',
		user: { __rl: true, mode: 'login', value: login },
		...extra,
	});

	it('Dry Run changes nothing and reports exactly what the real run then changes; a second run changes 0', async () => {
		const login = "siobhan.o'brien";
		const openBefore = c().findEntries(
			TICKETS,
			`'Assignee Login ID' = ${q(login)} AND 'Status' < "Resolved"`,
		);
		expect(openBefore).toHaveLength(2);
		const parameters = offboard(login, {
			openTickets: 'reassign',
			reassignTo: { __rl: true, mode: 'name', value: 'Field Ops' },
		});
		const before = snapshot(login);
		const writesBefore = c().versionLog().length;

		const [dry] = await runNode(h.env, { ...parameters, dryRun: true });
		expect(c().versionLog().length).toBe(writesBefore);
		expect(snapshot(login)).toEqual(before);
		const planned = dry.json.changes as Change[];
		expect(dry.json).toMatchObject({ dryRun: true, complete: true, planned: planned.length, changed: 0 });
		expect(planned.every((change) => change.status === 'planned')).toBe(true);
		// Login, profile, Group List, 2 roles, 2 memberships, 2 tickets.
		expect(planned.map((change) => change.step)).toEqual([
			'disableLogin',
			'profileStatus',
			'permissionGroups',
			'functionalRole',
			'functionalRole',
			'supportGroup',
			'supportGroup',
			'ticket',
			'ticket',
		]);

		const [real] = await runNode(h.env, parameters);
		const made = real.json.changes as Change[];
		expect(real.json).toMatchObject({ dryRun: false, complete: true, changed: planned.length });
		expect(made.every((change) => change.status === 'done')).toBe(true);
		expect(withoutStatus(made)).toEqual(withoutStatus(planned));

		const after = snapshot(login);
		expect(after.user).toMatchObject({ Status: 'Disabled', 'Group List': null });
		expect(after.person).toMatchObject({ 'Profile Status': 'Obsolete' });
		expect(after.memberships).toEqual([]);
		expect(after.roles).toEqual([]);
		for (const ticket of openBefore) {
			expect(c().getEntry(TICKETS, ticket.id)).toMatchObject({
				'Assigned Group': 'Field Ops',
				'Assigned Group ID': groupId('Field Ops'),
				'Assignee Login ID': null,
				Assignee: null,
				Status: 'Assigned',
			});
		}
		const ticketChange = made.find((change) => change.step === 'ticket')!;
		expect(ticketChange.before).toMatchObject({ assignedGroup: 'Service Desk', assigneeLoginId: login });

		const writes = c().versionLog().length;
		const [again] = await runNode(h.env, parameters);
		expect(again.json).toMatchObject({ complete: true, changed: 0, changes: [] });
		expect(again.json.summary).toBe(`Offboard ${login}: nothing to change`);
		expect(c().versionLog().length).toBe(writes);
	});

	it('a failure half-way leaves a report that matches the server, and a re-run finishes the rest', async () => {
		const login = 'zoe.muller';
		const before = snapshot(login);
		expect(before.memberships.length).toBe(2);
		let writes = 0;
		c().onRequest(({ method, route }) => {
			if (method !== 'GET' && route.includes('/entry/') && ++writes === 4) c().failNext(1, '500');
		});
		const [report] = await runNode(h.env, offboard(login), [{}], { continueOnFail: true });
		c().onRequest(undefined);
		const changes = report.json.changes as Change[];
		expect(report.json.complete).toBe(false);
		expect(report.json.error).toEqual(expect.any(String));
		expect(changes.map((change) => change.status)).toEqual([
			'done',
			'done',
			'done',
			'failed',
			...changes.slice(4).map(() => 'notAttempted'),
		]);
		expect(report.json.changed).toBe(3);

		// Each change reads on the server as its report says: done → after, otherwise → before.
		for (const change of changes) {
			const applied = change.status === 'done';
			if (change.action === 'delete') {
				expect(c().getEntry(change.form, change.entryId!) === undefined).toBe(applied);
			} else if (change.step === 'disableLogin') {
				expect(user(login).values.Status).toBe((applied ? change.after : change.before)!.status);
			} else if (change.step === 'profileStatus') {
				expect(person(login).values['Profile Status']).toBe((applied ? change.after : change.before)!.profileStatus);
			} else if (change.step === 'permissionGroups') {
				expect(user(login).values['Group List']).toBe((applied ? change.after : change.before)!.groupList);
			}
		}

		const [rest] = await runNode(h.env, offboard(login));
		expect(rest.json).toMatchObject({ complete: true, changed: changes.length - 3 });
		expect(withoutStatus(rest.json.changes as Change[])).toEqual(withoutStatus(changes.slice(3)));
		const [none] = await runNode(h.env, offboard(login));
		expect(none.json).toMatchObject({ changed: 0, changes: [] });
	});

	it('without Continue On Fail a part-way failure fails the item and says what was not done', async () => {
		const login = 'li.na';
		let writes = 0;
		c().onRequest(({ method, route }) => {
			if (method !== 'GET' && route.includes('/entry/') && ++writes === 2) c().failNext(1, '500');
		});
		await expect(runNode(h.env, offboard(login))).rejects.toThrow(
			`Offboard of ${login} stopped part-way: 1 of `,
		);
		c().onRequest(undefined);
		expect(user(login).values.Status).toBe('Disabled');
		const [rest] = await runNode(h.env, offboard(login));
		expect(rest.json).toMatchObject({ complete: true });
		expect((rest.json.changes as Change[])[0].step).toBe('profileStatus');
	});

	it('lists open tickets without touching them, keeps chosen groups, and skips what is switched off', async () => {
		const login = 'appuser';
		const open = c().findEntries(TICKETS, `'Assignee Login ID' = "appuser" AND 'Status' < "Resolved"`);
		const [dry] = await runNode(h.env, {
			...offboard(login),
			dryRun: true,
			disableLogin: false,
			setProfileStatus: false,
			removeFunctionalRoles: false,
			keepGroups: 'Incident Master',
		});
		const changes = dry.json.changes as Change[];
		expect(changes.map((change) => change.step)).toEqual(['permissionGroups', 'supportGroup']);
		expect(changes[0].after).toMatchObject({ groupList: '10;', groups: [{ id: 10, name: 'Incident Master' }] });
		expect((dry.json.openTickets as IDataObject[]).map((t) => t.requestId).sort()).toEqual(open.map((t) => t.id).sort());
	});

	it('offboards a login without a People record and says the profile status was not set', async () => {
		const [report] = await runNode(h.env, offboard('oyvind.haland'));
		expect(report.json.notes).toEqual(['No CTM:People record: Profile Status not set.']);
		expect((report.json.changes as Change[]).map((change) => change.step)).toEqual(['disableLogin', 'permissionGroups']);
		expect(user('oyvind.haland').values.Status).toBe('Disabled');
	});
});
