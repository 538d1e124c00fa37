import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import { newHire as addNewHire } from '../harness/people';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const ASSOCIATION = 'CTM:Support Group Association';
const ROLES = 'CTM:SupportGroupFunctionalRole';

interface Change {
	status: string;
	[key: string]: unknown;
}

const q = (login: string) => `"${login.replace(/"/g, '""')}"`;
/** A create's entry ID exists only after the real run. */
const withoutStatus = (changes: Change[]) =>
	changes.map((change) => {
		const rest: Partial<Change> = { ...change, entryId: change.action === 'create' ? null : change.entryId };
		delete rest.status;
		return rest;
	});

describe('User → Copy Access: the access of a template person, idempotent', () => {
	let h: Harness;

	withHarness({ users: 200 }, (started) => {
		h = started;
	});

	beforeEach(() => h.reset());

	const c = () => h.emulator.control;
	const groupIdByName = () =>
		new Map(c().findEntries('Group').map((g) => [String(g.values['Group Name']), String(g.values['Group ID'])]));
	/** Permission groups, support groups (with role and default) and functional roles. */
	const access = (login: string) => ({
		groups: String(c().findEntries('User', `'Login Name' = ${q(login)}`)[0].values['Group List'] ?? '')
			.split(';')
			// The realistic profile's Group Lists carry spaces (` 1000;`) and names (`Incident Master;`):
			// the groups are compared, not the spelling.
			.map((token) => groupIdByName().get(token.trim()) ?? token.trim())
			.filter(Boolean)
			.sort(),
		supportGroups: c()
			.findEntries(ASSOCIATION, `'Login ID' = ${q(login)}`)
			.map((a) => `${a.values['Support Group ID']}:${a.values['Support Group Association Role']}`)
			.sort(),
		roles: c()
			.findEntries(ROLES, `'Login ID' = ${q(login)}`)
			.map((r) => `${r.values['Support Group ID']}:${r.values['Functional Role']}`)
			.sort(),
	});
	const copy = (login: string, template: string, extra: IDataObject = {}) => ({
		resource: 'user',
		operation: 'copyAccess',
		user: { __rl: true, mode: 'login', value: login },
		templateUser: { __rl: true, mode: 'login', value: template },
		...extra,
	});

	const newHire = (login: string) => addNewHire(h.emulator, login);

	it("gives a new hire exactly the template's groups, support groups and roles; Dry Run first, then once only", async () => {
		newHire('new.hire');
		const template = "siobhan.o'brien";
		const writes = c().versionLog().length;
		const [dry] = await runNode(h.env, { ...copy('new.hire', template), dryRun: true });
		expect(c().versionLog().length).toBe(writes);
		const planned = dry.json.changes as Change[];
		expect(planned.map((change) => change.step)).toEqual([
			'permissionGroups',
			'supportGroup',
			'supportGroup',
			'functionalRole',
			'functionalRole',
		]);

		const [real] = await runNode(h.env, copy('new.hire', template));
		expect(real.json).toMatchObject({ complete: true, changed: planned.length, templateLoginName: template });
		expect(withoutStatus(real.json.changes as Change[])).toEqual(withoutStatus(planned));
		expect(access('new.hire')).toEqual(access(template));
		// The template's default group became the new hire's default.
		const defaults = c().findEntries(ASSOCIATION, `'Login ID' = "new.hire" AND 'Default Group (Yes/No)' = "Yes"`);
		expect(defaults).toHaveLength(1);

		const [again] = await runNode(h.env, copy('new.hire', template));
		expect(again.json).toMatchObject({ complete: true, changed: 0, changes: [] });
		expect(again.json.summary).toBe(`Copy Access ${template} → new.hire: nothing to change`);
	});

	it('with Remove Access the Template Lacks, both end up equal', async () => {
		// li.na: Service Desk and Identity & Access; zoe.muller: Network Support (with a role) and Field Ops.
		const [report] = await runNode(h.env, copy('li.na', 'zoe.muller', { matchExactly: true }));
		expect(report.json.complete).toBe(true);
		expect(access('li.na')).toEqual(access('zoe.muller'));
		const [again] = await runNode(h.env, copy('li.na', 'zoe.muller', { matchExactly: true }));
		expect(again.json.changed).toBe(0);
	});

	it('refuses support groups for a user without a People record, before changing anything', async () => {
		c().insertEntry('User', { 'Login Name': 'no.person', 'Full Name': 'No Person', 'License Type': 'Read', Password: 'x' });
		const writes = c().versionLog().length;
		await expect(runNode(h.env, copy('no.person', 'zoe.muller'))).rejects.toThrow('no.person has no CTM:People record');
		expect(c().versionLog().length).toBe(writes);
	});
});
