import type { IDataObject } from 'n8n-workflow';

import { TOOL_TYPE, runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

/**
 * The node as an AI agent's tool (n8n's `…Tool` node type), through n8n-core's engine: reads run,
 * changes and destructive operations are refused with an answer and write nothing until the
 * author allows them, Offboard / Copy Access fall back to Dry Run, and answers are sized for a
 * model. `npm run test:mcp` proves the same through a real n8n and an MCP client.
 */
describe('AR System as an AI tool: classes, permission and sizing', () => {
	let h: Harness;
	const c = () => h.emulator.control;
	const q = (value: string) => `"${value.replace(/"/g, '""')}"`;
	const byLogin = (login: string) => ({ __rl: true, mode: 'login', value: login });
	const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
	const user = (login: string) => c().findEntries('User', `'Login Name' = ${q(login)}`)[0];
	const asTool = (parameters: IDataObject) => runNode(h.env, parameters, [{}], { type: TOOL_TYPE });
	/** Write requests (creates, updates, deletes) the emulator received since the last reset. */
	const writes = () =>
		Object.entries(c().counters().byRoute)
			.filter(([route]) => /^(PUT|POST|DELETE) \/entry\//.test(route))
			.reduce((sum, [, n]) => sum + n, 0);

	beforeAll(async () => void (h = await startHarness({ users: 200 })));
	afterAll(async () => await h.emulator.stop());

	beforeEach(() => h.reset());

	it('runs reads as in a workflow, with empty fields left out', async () => {
		const parameters = { resource: 'user', operation: 'get', user: byLogin("siobhan.o'brien") };
		const [workflowItem] = await runNode(h.env, parameters);
		const [toolItem] = await asTool(parameters);
		const nonEmpty = Object.fromEntries(
			Object.entries(workflowItem.json).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)),
		);
		expect(toolItem.json).toEqual(nonEmpty);
		expect(toolItem.json['Login Name']).toBe("siobhan.o'brien");
		expect(Object.keys(workflowItem.json).length).toBeGreaterThan(Object.keys(toolItem.json).length);
	});

	it('returns the fields chosen under Fields to Return (a tool\'s Field Names)', async () => {
		const base = { resource: 'user', operation: 'get', user: byLogin("siobhan.o'brien") };
		const [picked] = await asTool({ ...base, toolFields: { fields: ['Login Name', 'Full Name'] } });
		expect(Object.keys(picked.json).filter((key) => !key.startsWith('_')).sort()).toEqual(['Full Name', 'Login Name']);
		const [many] = await asTool({ resource: 'user', operation: 'getAll', toolFields: { fields: ['Login Name'] } });
		expect(Object.keys(many.json).filter((key) => !key.startsWith('_'))).toEqual(['Login Name']);
	});

	/** Every change and destructive operation, with parameters that work once allowed. */
	const guarded: Array<{ name: string; parameters: () => IDataObject; applied: () => void; refusal?: string }> = [
		{
			name: 'User → Delete',
			parameters: () => ({ resource: 'user', operation: 'delete', user: byLogin('oyvind.haland') }),
			applied: () => expect(user('oyvind.haland')).toBeUndefined(),
		},
		{
			name: 'User → Disable',
			parameters: () => ({ resource: 'user', operation: 'disable', user: byLogin('rsmith') }),
			applied: () => expect(user('rsmith').values.Status).toBe('Disabled'),
		},
		{
			name: 'User → Remove From Group',
			parameters: () => ({ resource: 'user', operation: 'removeFromGroup', user: byLogin('zoe.muller'), group: rl('groupId', '100') }),
			applied: () => expect(String(user('zoe.muller').values['Group List'])).not.toMatch(/(^|;)\s*100;/),
		},
		{
			name: 'User → Update',
			parameters: () => ({ resource: 'user', operation: 'update', user: byLogin('appuser'), updateFields: { fullName: 'Renamed By Agent' } }),
			applied: () => expect(user('appuser').values['Full Name']).toBe('Renamed By Agent'),
		},
		{
			name: 'User → Add to Group (change)',
			parameters: () => ({ resource: 'user', operation: 'addToGroup', user: byLogin('li.na'), group: rl('groupId', '1') }),
			applied: () => expect(String(user('li.na').values['Group List'])).toMatch(/(^|;)1;/),
		},
		{
			name: 'Entry → Update on the User form (destructive there)',
			parameters: () => ({
				resource: 'entry',
				operation: 'update',
				form: rl('name', 'User'),
				requestId: user('li.na').id,
				inputMode: 'json',
				jsonValues: '{"Group List": "1;"}',
			}),
			applied: () => expect(user('li.na').values['Group List']).toBe('1;'),
			refusal: 'Update (Entry) on the User form, because it deletes data or takes access away',
		},
		{
			name: 'Support Group → Remove Person',
			parameters: () => ({
				resource: 'supportGroup',
				operation: 'removePerson',
				supportGroup: rl('name', 'Field Ops'),
				person: rl('login', 'zoe.muller'),
			}),
			applied: () =>
				expect(
					c().findEntries('CTM:Support Group Association', `'Login ID' = "zoe.muller"`).map((e) => e.values['Support Group ID']),
				).toHaveLength(1),
		},
	];

	it.each(guarded.map((g) => [g.name, g] as const))(
		'%s: refused with an answer and no write until the author allows it, then applied',
		async (_name, { parameters, applied, refusal }) => {
			const before = JSON.stringify(c().findEntries('User'));
			const answer = await asTool(parameters());
			expect(answer).toHaveLength(1);
			expect(answer[0].json.refused).toBe(true);
			expect(answer[0].json.message).toMatch(/^not allowed for this tool: .+ Nothing was changed\./);
			if (refusal) expect(answer[0].json.message).toContain(refusal);
			expect(writes()).toBe(0);
			// The refusal is decided before AR is asked anything.
			expect(h.requests()).toBe(0);
			expect(JSON.stringify(c().findEntries('User'))).toBe(before);

			const [allowed] = await asTool({ ...parameters(), toolAllow: true });
			expect(allowed.json.refused).toBeUndefined();
			expect(writes()).toBeGreaterThan(0);
			applied();
		},
	);

	it('names the operation and its class in the refusal', async () => {
		const [deleteUser] = await asTool({ resource: 'user', operation: 'delete', user: byLogin('li.na') });
		expect(deleteUser.json.message).toContain('Delete (User), because it deletes data or takes access away');
		const [updateTicket] = await asTool({
			resource: 'entry',
			operation: 'update',
			form: rl('name', 'HPD:Help Desk'),
			requestId: c().findEntries('HPD:Help Desk')[0].id,
			inputMode: 'json',
			jsonValues: '{"Urgency": "1-Critical"}',
		});
		expect(updateTicket.json.message).toContain('Update (Entry) on the HPD:Help Desk form, because it changes data');
		expect(writes()).toBe(0);
	});

	it('runs Offboard as a Dry Run until applying is allowed, and says so', async () => {
		const login = 'li.na';
		const parameters = { resource: 'user', operation: 'offboard', user: byLogin(login) };
		const before = JSON.stringify(user(login));
		const [dry] = await asTool(parameters);
		expect(dry.json).toMatchObject({ dryRun: true });
		expect(dry.json.toolNote).toMatch(/^not allowed for this tool: applying Offboard \(User\)\. This was a Dry Run/);
		expect((dry.json.changes as unknown[]).length).toBeGreaterThan(0);
		expect(writes()).toBe(0);
		expect(JSON.stringify(user(login))).toBe(before);

		const [applied] = await asTool({ ...parameters, toolAllow: true });
		expect(applied.json.dryRun).toBe(false);
		expect(applied.json.toolNote).toBeUndefined();
		expect(user(login).values.Status).toBe('Disabled');
	});

	describe('Identity → Reconcile (a batch operation: the same gate and sizing)', () => {
		const roster = [{ loginName: 'rsmith', fullName: 'Reconciled By Agent' }];
		/** The author asked to apply, and to disable every leaver of a scope of all users (about 200). */
		const everyone = {
			resource: 'identity',
			operation: 'reconcile',
			dryRun: false,
			scope: 'filter',
			rawQualification: `'Login Name' LIKE "%"`,
			leavers: 'disable',
		};
		const reconcileAsTool = (parameters: IDataObject) => runNode(h.env, parameters, roster, { type: TOOL_TYPE });

		it('answers a Dry Run plan sized under the cap, writing nothing, until applying is allowed', async () => {
			const before = c().versionLog().length;
			const users = c().findEntries('User').length;
			const answer = await reconcileAsTool(everyone);
			expect(writes()).toBe(0);
			expect(c().versionLog().length).toBe(before);
			expect(user('rsmith').values['Full Name']).toBe('Robert "Bobby" Smith');

			const [summary, ...rows] = answer.map((item) => item.json);
			expect(summary).toMatchObject({ dryRun: true, changed: 0, identities: users, update: 1 });
			// The note once, on the summary; every row paired to the one input item.
			expect(summary.toolNote).toMatch(/^not allowed for this tool: applying Reconcile \(Identity\)\. This was a Dry Run/);
			expect(rows.filter((row) => row.toolNote !== undefined)).toHaveLength(0);
			expect(answer.every((item) => JSON.stringify(item.pairedItem) === '{"item":0}')).toBe(true);
			// The plan as AR holds the data: rsmith's Full Name before and after.
			const rsmith = rows.find((row) => row.loginName === 'rsmith');
			expect(rsmith?.changes).toEqual([
				expect.objectContaining({ step: 'userFields', before: { 'Full Name': 'Robert "Bobby" Smith' }, after: { 'Full Name': 'Reconciled By Agent' } }),
			]);
			// Some 200 leavers to disable do not fit in 40 KB: the rest is left out with a note.
			const note = rows[rows.length - 1]._note as string;
			expect(note).toMatch(new RegExp(`^\\d+ of ${users + 1} results left out: the answer is limited to 40 KB for the agent\\.`));
			// The whole answer, notes included, stays under the cap.
			expect(Buffer.byteLength(JSON.stringify(answer.map((item) => item.json)))).toBeLessThanOrEqual(40 * 1024);
			expect(note.startsWith(`${users + 2 - answer.length} of ${users + 1}`)).toBe(true);
		});

		it('applies once the author allows it, with the answer still sized', async () => {
			const [summary, ...rows] = await reconcileAsTool({ ...everyone, scope: 'input', toolAllow: true });
			expect(summary.json).toMatchObject({ dryRun: false, changed: 1, complete: true });
			expect(summary.json.toolNote).toBeUndefined();
			expect(rows.map((row) => row.json.loginName)).toEqual(['rsmith']);
			expect(user('rsmith').values['Full Name']).toBe('Reconciled By Agent');
		});

		it('keeps the whole plan outside tool use', async () => {
			const out = await runNode(h.env, { ...everyone, dryRun: true }, roster);
			// The summary, then one item per user in scope.
			expect(out).toHaveLength(1 + c().findEntries('User').length);
			expect(out.every((item) => item.json.toolNote === undefined && item.json._note === undefined)).toBe(true);
			expect(Buffer.byteLength(JSON.stringify(out.map((item) => item.json)))).toBeGreaterThan(40 * 1024);
		});
	});

	it('keeps Dry Run when the author asks for it even with applying allowed', async () => {
		const [report] = await asTool({
			resource: 'user',
			operation: 'copyAccess',
			user: byLogin('rsmith'),
			templateUser: byLogin('appuser'),
			dryRun: true,
			toolAllow: true,
		});
		expect(report.json.dryRun).toBe(true);
		expect(writes()).toBe(0);
	});

	it('ignores the tool permission outside tool use: a workflow author already chose the operation', async () => {
		const [item] = await runNode(h.env, { resource: 'user', operation: 'enable', user: byLogin('rsmith') });
		expect(item.json.refused).toBeUndefined();
		expect(user('rsmith').values.Status).toBe('Current');
	});

	describe('answers sized for a model', () => {
		const LONG = 'Caller reports the VPN drops every few minutes. '.repeat(200);
		let ticketIds: string[];

		beforeAll(() => {
			// Incidents as they look after a few days of work: long descriptions and resolutions.
			ticketIds = c()
				.findEntries('HPD:Help Desk')
				.slice(0, 12)
				.map((entry) => entry.id);
			for (const id of ticketIds) {
				c().modifyEntry('HPD:Help Desk', id, { 'Detailed Decription': LONG, Resolution: LONG });
			}
		});

		const getMany = { resource: 'entry', operation: 'getAll', form: rl('name', 'HPD:Help Desk') };

		it('a Get Many on HPD:Help Desk with default options answers 10 rows in under 20 KB', async () => {
			const answer = await asTool(getMany);
			expect(answer).toHaveLength(10);
			const bytes = Buffer.byteLength(JSON.stringify(answer.map((item) => item.json)));
			expect(bytes).toBeLessThan(20 * 1024);
			const clipped = answer.filter((item) => String(item.json['Detailed Decription']).includes('… [clipped: '));
			expect(clipped.length).toBeGreaterThan(0);
			expect(clipped[0].json['Detailed Decription']).toBe(`${LONG.slice(0, 200)}… [clipped: ${LONG.length} characters in all]`);
		});

		it('keeps the full rows and the workflow Limit outside tool use', async () => {
			const rows = await runNode(h.env, getMany);
			expect(rows).toHaveLength(50);
			const full = rows.find((item) => ticketIds.includes(item.json._requestId as string));
			expect(full?.json['Detailed Decription']).toBe(LONG);
			expect(Buffer.byteLength(JSON.stringify(rows.map((item) => item.json)))).toBeGreaterThan(20 * 1024 * 10);
		});

		it('ignores Return All in tool use and answers the Limit', async () => {
			const answer = await asTool({ ...getMany, returnAll: true, limit: 3 });
			expect(answer).toHaveLength(3);
		});

		it('leaves out what exceeds the answer budget, with a note the model can act on', async () => {
			const answer = await asTool({ ...getMany, limit: 12, toolOutput: { maxAnswerKb: 4, clipTextAt: 1000 } });
			const note = answer[answer.length - 1].json._note as string;
			expect(note).toMatch(/^\d+ of 12 results left out: the answer is limited to 4 KB for the agent\./);
			const shown = answer.length - 1;
			expect(note.startsWith(`${12 - shown} of 12`)).toBe(true);
			expect(Buffer.byteLength(JSON.stringify(answer.slice(0, -1).map((item) => item.json)))).toBeLessThanOrEqual(4 * 1024);
		});
	});
});
