/**
 * Issue 21: Identity → Reconcile. Real workflow executions through n8n-core against the emulator
 * on loopback (both profiles): the plan of a Dry Run, its application, a re-run that plans
 * nothing, leavers, names-only Group Lists, a case-variant login on a case-insensitive server, and
 * an apply interrupted by a fault that a second run completes.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const ASSOCIATION = 'CTM:Support Group Association';
const ROLES = 'CTM:SupportGroupFunctionalRole';
const lit = (text: string) => `"${text.replace(/"/g, '""')}"`;

interface Change {
	step: string;
	action: string;
	target: string;
	before: IDataObject | null;
	after: IDataObject | null;
	status: string;
}

const reconcile = (extra: IDataObject = {}): IDataObject => ({
	resource: 'identity',
	operation: 'reconcile',
	scope: 'filter',
	rawQualification: `'Login Name' LIKE "rc.%"`,
	...extra,
});

/** A few people of our own, so leavers and drift are known exactly. */
function seedPeople(h: Harness): void {
	const c = h.emulator.control;
	const user = (login: string, full: string, groupList: string | null) =>
		c.insertEntry('User', { 'Login Name': login, 'Full Name': full, 'License Type': 'Fixed', 'Group List': groupList });
	const person = (login: string, last: string) =>
		c.insertEntry('CTM:People', {
			'Remedy Login ID': login,
			'First Name': 'RC',
			'Last Name': last,
			Company: 'Calbro Services',
			'Client Type': 'Office-Based Employee',
			'Support Staff': 'Yes',
		});
	// Names only: a list some sites write by hand.
	user('rc.anna', 'Anna Old', 'Incident User;Incident Viewer;');
	person('rc.anna', 'Anna');
	user('rc.bob', 'Bob Builder', '10;');
	person('rc.bob', 'Bob');
	user('rc.carl', 'Carl Leaver', '100;');
}

describe('Identity → Reconcile', () => {
	let h: Harness;
	const c = () => h.emulator.control;
	const user = (login: string) => c().findEntries('User', `'Login Name' = ${lit(login)}`)[0];
	const sgId = (name: string) =>
		c().findEntries('CTM:Support Group', `'Support Group Name' = ${lit(name)} AND 'Company' = "Calbro Services"`)[0].id;
	const memberships = (login: string) =>
		c()
			.findEntries(ASSOCIATION, `'Login ID' = ${lit(login)}`)
			.map((e) => String(e.values['Support Group ID']))
			.sort();
	const roles = (login: string) =>
		c()
			.findEntries(ROLES, `'Login ID' = ${lit(login)}`)
			.map((e) => `${e.values['Support Group ID']}/${e.values['Functional Role']}`)
			.sort();

	beforeAll(async () => {
		h = await startHarness({ users: 30 });
		seedPeople(h);
	});
	afterAll(async () => {
		await h.emulator.stop();
	});

	const roster = (): IDataObject[] => [
		// Anna: new Full Name, groups exactly 'Incident User' + 'Service Desk', one support group with a role.
		{
			loginName: 'rc.anna',
			fullName: 'Anna New',
			permissionGroups: ['Incident User', '400002'],
			supportGroups: ['Field Ops'],
			functionalRoles: ['Field Ops / Incident Master'],
			// Region is not among the People fields Identity Get Many reads by default.
			people: { Department: 'Field Service', Region: 'North' },
		},
		// Bob: nothing given but his key: left alone.
		{ loginName: 'rc.bob' },
		// Dana: a new hire with a People record, a group and a support group.
		{
			loginName: 'rc.dana',
			fullName: 'Dana New',
			email: 'dana@example.com',
			licenseType: 'Floating',
			permissionGroups: 'Incident Viewer',
			supportGroups: [sgId('Network Support')],
			people: { 'First Name': 'Dana', 'Last Name': 'New', Company: 'Calbro Services' },
		},
	];
	it('Dry Run returns the plan (summary first, one item per identity and leaver) and writes nothing', async () => {
		const writes = c().versionLog().length;
		const out = await runNode(h.env, reconcile(), [roster()[0], roster()[1]]);
		expect(c().versionLog().length).toBe(writes);
		const [summary, ...items] = out.map((o) => o.json);
		expect(summary).toMatchObject({ dryRun: true, complete: true, identities: 3, update: 1, none: 2, leavers: 1, changed: 0 });
		expect(summary.summary).toMatch(/^Reconcile of 3 identities: would change \d+ \(update 1\)$/);
		expect(Object.keys(summary).slice(0, 5)).toEqual(['summary', 'dryRun', 'complete', 'planned', 'changed']);
		const anna = items.find((i) => i.loginName === 'rc.anna')!;
		expect(anna.action).toBe('update');
		expect(anna.summary).toBe('Identity rc.anna: would update with 5 changes (userFields, permissionGroups, peopleFields, supportGroup, functionalRole)');
		const changes = anna.changes as Change[];
		expect(changes.map((c) => c.step)).toEqual(['userFields', 'permissionGroups', 'peopleFields', 'supportGroup', 'functionalRole']);
		expect(changes[2]).toMatchObject({ before: { Department: null, Region: null }, after: { Department: 'Field Service', Region: 'North' } });
		expect(changes[0].before).toEqual({ 'Full Name': 'Anna Old' });
		expect(changes[0].after).toEqual({ 'Full Name': 'Anna New' });
		// The names-only list keeps its style: Incident Viewer goes, Service Desk comes by name.
		expect(changes[1].after).toMatchObject({ groupList: 'Incident User;Service Desk;' });
		expect(changes.every((change) => change.status === 'planned')).toBe(true);
		expect(summary.planned).toBe(changes.length);
		const carl = items.find((i) => i.loginName === 'rc.carl')!;
		expect(carl).toMatchObject({ leaver: true, action: 'none', planned: 0 });
		expect(out[1].pairedItem).toEqual({ item: 0 });
	});

	it('applies the plan, reports what was done, and a re-run plans and writes nothing', async () => {
		const people = reconcile({ dryRun: false });
		const out = await runNode(h.env, people, roster());
		const [summary, ...items] = out.map((o) => o.json);
		expect(summary).toMatchObject({ dryRun: false, create: 1, update: 1, none: 2, failed: 0, complete: true });
		expect(summary.changed).toBe(summary.planned);
		expect(items.every((i) => i.status !== 'failed')).toBe(true);

		expect(user('rc.anna').values['Full Name']).toBe('Anna New');
		expect(user('rc.anna').values['Group List']).toBe('Incident User;Service Desk;');
		expect(memberships('rc.anna')).toEqual([sgId('Field Ops')]);
		expect(roles('rc.anna')).toEqual([`${sgId('Field Ops')}/Incident Master`]);
		const annaPerson = c().findEntries('CTM:People', `'Remedy Login ID' = "rc.anna"`)[0].values;
		expect(annaPerson).toMatchObject({ Department: 'Field Service', Region: 'North' });
		expect(user('rc.bob').values['Full Name']).toBe('Bob Builder');
		const dana = user('rc.dana').values;
		expect(dana).toMatchObject({ 'Full Name': 'Dana New', 'Email Address': 'dana@example.com', 'License Type': 'Floating' });
		expect(memberships('rc.dana')).toEqual([sgId('Network Support')]);
		// The membership carries the Person ID of the People record created in the same run.
		const danaPerson = c().findEntries('CTM:People', `'Remedy Login ID' = "rc.dana"`)[0];
		expect(c().findEntries(ASSOCIATION, `'Login ID' = "rc.dana"`)[0].values['Person ID']).toBe(danaPerson.id);
		// Carl, the leaver, is only reported.
		expect(user('rc.carl').values.Status).toBe(user('rc.bob').values.Status);

		const writes = c().versionLog().length;
		const again = await runNode(h.env, people, roster());
		expect(c().versionLog().length).toBe(writes);
		expect(again[0].json).toMatchObject({ planned: 0, changed: 0, create: 0, update: 0, disable: 0, complete: true });
	});

	it('Leavers → Disable disables users in scope the input lacks; "At Least" removes nothing', async () => {
		const out = await runNode(
			h.env,
			reconcile({ dryRun: false, leavers: 'disable', lists: 'atLeast' }),
			[{ loginName: 'rc.anna', permissionGroups: ['Incident Viewer'] }, { loginName: 'rc.bob' }, { loginName: 'rc.dana' }],
		);
		const [summary, ...items] = out.map((o) => o.json);
		expect(summary).toMatchObject({ disable: 1, update: 1, complete: true });
		expect(items.find((i) => i.loginName === 'rc.carl')).toMatchObject({ action: 'disable', status: 'done', changed: 1 });
		expect(user('rc.carl').values.Status).not.toBe(user('rc.bob').values.Status);
		expect(user('rc.anna').values['Group List']).toBe('Incident User;Service Desk;Incident Viewer;');
	});

	it('an apply interrupted by a fault stops that identity only, says what is left, and a re-run completes it', async () => {
		const wanted = [
			{ loginName: 'rc.anna', supportGroups: [sgId('Field Ops'), sgId('Service Desk')], functionalRoles: ['Field Ops / Incident Master'] },
			{ loginName: 'rc.bob', fullName: 'Bob Rebuilt' },
		];
		const parameters = reconcile({ dryRun: false, leavers: 'report' });
		// Anna's first membership write is refused by the server before AR processes it.
		let armed = true;
		c().onRequest((req: { method?: string; url?: string }) => {
			if (armed && req.method === 'POST' && decodeURIComponent(req.url ?? '').includes(ASSOCIATION)) {
				armed = false;
				c().failNext(1, '500');
			}
		});
		const out = await runNode(h.env, parameters, wanted, { continueOnFail: true });
		c().onRequest(undefined);
		const [summary, ...items] = out.map((o) => o.json);
		expect(summary).toMatchObject({ failed: 1, complete: false });
		const anna = items.find((i) => i.loginName === 'rc.anna')!;
		expect(anna.status).toBe('failed');
		expect(String(anna.error)).toBeTruthy();
		expect((anna.left as string[]).length).toBeGreaterThan(0);
		expect(items.find((i) => i.loginName === 'rc.bob')).toMatchObject({ status: 'done', changed: 1 });
		expect(user('rc.bob').values['Full Name']).toBe('Bob Rebuilt');

		const again = await runNode(h.env, parameters, wanted);
		expect(again[0].json).toMatchObject({ failed: 0, complete: true });
		expect(memberships('rc.anna')).toEqual([sgId('Field Ops'), sgId('Service Desk')].sort());
		const third = await runNode(h.env, parameters, wanted);
		expect(third[0].json).toMatchObject({ planned: 0 });
	});

	it('a write whose answer is lost after it committed is never made twice', async () => {
		const group = sgId('Network Support');
		const wanted = [{ loginName: 'rc.bob', supportGroups: [group] }];
		const parameters = reconcile({ dryRun: false, scope: 'input' });
		c().failAfterCommit(1, '504-html', { method: 'POST', form: ASSOCIATION });
		const out = await runNode(h.env, parameters, wanted, { continueOnFail: true });
		const bob = out.find((o) => o.json.loginName === 'rc.bob')!.json;
		const change = (bob.changes as Change[]).find((ch) => ch.step === 'supportGroup')!;
		// Committed on the server: reported as done (checked by reading it back), never as failed.
		expect(change.status).toBe('done');
		expect(c().findEntries(ASSOCIATION, `'Login ID' = "rc.bob" AND 'Support Group ID' = ${lit(group)}`)).toHaveLength(1);
		const again = await runNode(h.env, parameters, wanted);
		expect(again[0].json).toMatchObject({ planned: 0 });
		expect(c().faultQueues().afterCommit).toHaveLength(0);
	});

	it('reads the scope in pages like Identity Get Many: the same requests per joined form, never one per user', async () => {
		const users = c().count('User');
		const roster = c()
			.findEntries('User')
			.map((entry) => ({ loginName: String(entry.values['Login Name']) }));
		const forms = ['User', 'CTM:People', ASSOCIATION, ROLES];
		const reads = () => forms.map((form) => h.requests(`GET /entry/${form}`));
		h.reset();
		const identities = await runNode(h.env, { resource: 'identity', operation: 'getAll', returnAll: true });
		expect(identities).toHaveLength(users);
		const getMany = reads();
		h.reset();
		const out = await runNode(h.env, reconcile({ rawQualification: '' }), roster);
		expect(out[0].json).toMatchObject({ identities: users, planned: 0 });
		expect(reads()).toEqual(getMany);
		// Pages, not people: a handful of requests for every form together.
		expect(getMany.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(forms.length * 2);
	});

	it('Scope → Members of a Permission Group finds holders by ID or by name; the others are leavers', async () => {
		const holders = c()
			.findEntries('User')
			.filter((entry) =>
				String(entry.values['Group List'] ?? '')
					.split(';')
					.map((token) => token.trim())
					.some((token) => token === '100' || token === 'Incident User'),
			)
			.map((entry) => String(entry.values['Login Name']));
		// rc.anna holds it by name only ('Incident User;…'), rc.carl by ID.
		expect(holders).toEqual(expect.arrayContaining(['rc.anna', 'rc.carl']));
		const out = await runNode(h.env, reconcile({ scope: 'group', scopeGroup: 'Incident User' }), [{ loginName: 'rc.anna' }]);
		const [summary, ...items] = out.map((o) => o.json);
		const leavers = items.filter((item) => item.leaver).map((item) => item.loginName);
		expect(leavers.sort()).toEqual(holders.filter((login) => login !== 'rc.anna').sort());
		expect(summary).toMatchObject({ leavers: holders.length - 1, planned: 0 });
	});

	it('a bad roster row names its field and the fix, and nothing is written', async () => {
		const writes = c().versionLog().length;
		await expect(
			runNode(h.env, reconcile({ dryRun: false }), [{ loginName: 'rc.anna', fullName: 'X' }, { loginName: 'rc.bob', supportGroups: ['No Such Group'] }]),
		).rejects.toThrow(/Support Groups: no support group with ID or name 'No Such Group'/);
		await expect(runNode(h.env, reconcile(), [{ loginName: 'rc.anna' }, { loginName: 'RC.ANNA', fullName: 'x' }])).resolves.toBeDefined();
		await expect(runNode(h.env, reconcile(), [{ loginName: 'rc.anna' }, { loginName: 'rc.anna' }])).rejects.toThrow(/in the input twice/);
		expect(c().versionLog().length).toBe(writes);
	});
});

describe('Identity → Reconcile on a case-insensitive server', () => {
	let h: Harness;
	beforeAll(async () => {
		h = await startHarness({ users: 30, caseInsensitive: true });
		h.emulator.control.insertEntry('User', { 'Login Name': 'rc.erin', 'Full Name': 'Erin', 'License Type': 'Fixed' });
	});
	afterAll(async () => {
		await h.emulator.stop();
	});

	it('a roster login in another case is the same user: updated, never created twice', async () => {
		const out = await runNode(h.env, reconcile({ dryRun: false, scope: 'input' }), [{ loginName: 'RC.ERIN', fullName: 'Erin Case' }]);
		expect(out[0].json).toMatchObject({ create: 0, update: 1, complete: true });
		const users = h.emulator.control.findEntries('User').filter((e) => String(e.values['Login Name']).toLowerCase() === 'rc.erin');
		expect(users).toHaveLength(1);
		expect(users[0].values['Full Name']).toBe('Erin Case');
		const again = await runNode(h.env, reconcile({ scope: 'input' }), [{ loginName: 'RC.ERIN', fullName: 'Erin Case' }]);
		expect(again[0].json).toMatchObject({ planned: 0, none: 1 });
	});
});
