/**
 * The report convention (helpers/report.ts) as a user reads it in the output panel: the answer
 * first, planned vs changed counted truthfully, targets named by person, one shape whether or not
 * anything needed doing; and Copy Access onto a disabled login.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import { newHire } from '../harness/people';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const LEADING = ['summary', 'dryRun', 'complete', 'planned', 'changed'];

describe('reports lead with the answer and count planned vs changed', () => {
	let h: Harness;

	beforeAll(async () => void (h = await startHarness({ users: 200 })));
	afterAll(async () => await h.emulator.stop());

	beforeEach(() => h.reset());

	const c = () => h.emulator.control;
	const byLogin = (value: string) => ({ __rl: true, mode: 'login', value });
	const offboard = (login: string, extra: IDataObject = {}) => ({
		resource: 'user',
		operation: 'offboard',
		user: byLogin(login),
		openTickets: 'ignore',
		...extra,
	});

	it('Offboard: a dry run plans n and changes 0; the real run changes n; both lead with summary', async () => {
		const login = "siobhan.o'brien";
		const writes = c().versionLog().length;
		const [dry] = await runNode(h.env, offboard(login, { dryRun: true }));
		expect(c().versionLog().length).toBe(writes);
		const planned = (dry.json.changes as IDataObject[]).length;
		expect(planned).toBeGreaterThan(2);
		expect(Object.keys(dry.json).slice(0, LEADING.length)).toEqual(LEADING);
		expect(dry.json).toMatchObject({ dryRun: true, complete: true, planned, changed: 0 });
		expect(dry.json.summary).toMatch(new RegExp(`^Offboard ${login}: would change ${planned} \\(`));
		// The person is named by name and login, not by the People record's ID.
		const targets = (dry.json.changes as IDataObject[]).map((change) => String(change.target));
		expect(targets).toContain(`login of 'Siobhán O'Brien' (${login})`);
		expect(targets).toContain(`person 'Siobhán O'Brien' (${login})`);
		expect(targets.filter((t) => /PPL\d/.test(t))).toEqual([]);
		expect(dry.json).toMatchObject({ loginName: login, fullName: "Siobhán O'Brien" });

		const [real] = await runNode(h.env, offboard(login));
		expect(Object.keys(real.json).slice(0, LEADING.length)).toEqual(LEADING);
		expect(real.json).toMatchObject({ dryRun: false, complete: true, planned, changed: planned });
		expect(real.json.summary).toMatch(new RegExp(`^Offboard ${login}: changed ${planned} \\(`));
		expect(Object.keys(real.json).at(-1)).toBe('notes');

		const [again] = await runNode(h.env, offboard(login));
		expect(again.json).toMatchObject({ planned: 0, changed: 0, changes: [], summary: `Offboard ${login}: nothing to change` });
	});

	it('Add / Remove Person: the same keys whether or not anything needed doing', async () => {
		const add = {
			resource: 'supportGroup',
			operation: 'addPerson',
			supportGroup: { __rl: true, mode: 'name', value: 'Field Ops' },
			person: byLogin('rsmith'),
		};
		const [added] = await runNode(h.env, add);
		const [already] = await runNode(h.env, add);
		expect(added.json).toMatchObject({ result: 'added', planned: 1, changed: 1, loginName: 'rsmith' });
		expect(already.json).toMatchObject({ result: 'alreadyMember', planned: 0, changed: 0, changes: [] });
		expect(Object.keys(already.json)).toEqual(Object.keys(added.json));
		expect(Object.keys(added.json).slice(0, LEADING.length)).toEqual(LEADING);
		expect(added.json.summary).toMatch(/^Add Person 'Robert "Bobby" Smith' \(rsmith\) in support group 'Field Ops' \(SGP\d+\): changed 1/);
		expect((added.json.changes as IDataObject[])[0].target).toMatch(/^'Robert "Bobby" Smith' \(rsmith\) in support group 'Field Ops'/);

		const remove = { ...add, operation: 'removePerson' };
		const [removed] = await runNode(h.env, remove);
		const [notMember] = await runNode(h.env, remove);
		expect(removed.json).toMatchObject({ result: 'removed', changed: 1 });
		expect(notMember.json).toMatchObject({ result: 'notMember', planned: 0, changed: 0, changes: [] });
		expect(Object.keys(notMember.json)).toEqual(Object.keys(removed.json));
	});

	describe('Copy Access onto a disabled login', () => {
		// The state persists between tests (Offboard above emptied siobhan.o'brien): li.na is untouched.
		const copy = (login: string, extra: IDataObject = {}) => ({
			resource: 'user',
			operation: 'copyAccess',
			user: byLogin(login),
			templateUser: byLogin('li.na'),
			...extra,
		});
		const disable = async (login: string) =>
			await runNode(h.env, { resource: 'user', operation: 'disable', user: byLogin(login) });

		it('copies and warns in the report, naming the login and its status', async () => {
			newHire(h.emulator, 'new.hire');
			await disable('new.hire');
			const [report] = await runNode(h.env, copy('new.hire'));
			expect(report.json).toMatchObject({ complete: true, loginStatus: 'Disabled' });
			expect(report.json.changed).toBeGreaterThan(0);
			expect(report.json.notes).toEqual([
				"The login of 'New Hire' (new.hire) is Disabled: the copied access has no effect until it is enabled.",
			]);
		});

		it('with Refuse a Disabled Login stops before writing anything, saying how to go on', async () => {
			newHire(h.emulator, 'refused.hire');
			await disable('refused.hire');
			const writes = c().versionLog().length;
			await expect(runNode(h.env, copy('refused.hire', { refuseDisabled: true }))).rejects.toMatchObject({
				message: expect.stringContaining('is Disabled'),
				description: expect.stringContaining('User → Enable'),
			});
			expect(c().versionLog().length).toBe(writes);
		});

		it('an enabled login gets no warning', async () => {
			newHire(h.emulator, 'enabled.hire');
			const [report] = await runNode(h.env, copy('enabled.hire', { refuseDisabled: true }));
			expect(report.json).toMatchObject({ complete: true, notes: [] });
		});
	});
});
