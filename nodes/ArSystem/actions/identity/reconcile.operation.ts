import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { serverKeyRule } from '../../helpers/collation';
import { groupIdsFrom } from '../../helpers/groupDirectory';
import { PEOPLE_FIELDS, fieldName } from '../../helpers/identity';
import { toolAllowed } from '../../helpers/toolUse';
import type { ToolClass } from '../toolSafety';
import { qualificationFromParameters } from '../../helpers/query';
import { filterFields, forOperation } from '../common.descriptions';
import type { ChangeReport } from '../../helpers/itsm/changes';
import { applyPlan } from '../../helpers/itsm/changes';
import { groupListRetries } from '../user/access';
import { statusLabelFor } from '../../helpers/statusLabels';
import type { JoinContext } from './join';
import { joinContext } from './join';
import type { DesiredIdentity } from './reconcile/desired';
import { desiredIdentity, refuseDuplicates } from './reconcile/desired';
import type { IdentityPlan, ListRules } from './reconcile/plan';
import { PEOPLE_FULL_NAME, planIdentity, planLeaver } from './reconcile/plan';
import type { Scope } from './reconcile/state';
import { readCurrent } from './reconcile/state';

const fromItem = (key: string) => `={{ $json.${key} }}`;

export const description = forOperation('identity', 'reconcile', [
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: true,
		description:
			'Whether to only return the plan, changing nothing. Turn it off to apply the plan (after an approval step, for example).',
	},
	{
		displayName: 'Scope',
		name: 'scope',
		type: 'options',
		options: [
			{
				name: 'Logins in the Input Only',
				value: 'input',
				description: 'Manage only the users the input lists: there are no leavers',
			},
			{
				name: 'Users Matching a Filter',
				value: 'filter',
				description: 'Every user matching the filter is managed; those missing from the input are leavers',
			},
			{
				name: 'Members of a Permission Group',
				value: 'group',
				description: 'Every user holding the group is managed; those missing from the input are leavers',
			},
		],
		default: 'input',
		description: 'Which AR users this source of truth manages',
	},
	...filterFields.map((field) => ({ ...field, displayOptions: { show: { scope: ['filter'] } } })),
	{
		displayName: 'Scope Group Name or ID',
		name: 'scopeGroup',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Sales or 400002',
		description: 'The permission group whose members the input manages',
		displayOptions: { show: { scope: ['group'] } },
	},
	{
		displayName: 'Leavers',
		name: 'leavers',
		type: 'options',
		options: [
			{ name: 'Report Only', value: 'report', description: 'List users in scope the input lacks, change nothing' },
			{ name: 'Disable', value: 'disable', description: "Set their User Status to the server's disabled label" },
		],
		default: 'report',
		description: 'What to do with users in scope that are not in the input',
		displayOptions: { show: { scope: ['filter', 'group'] } },
	},
	{
		displayName: 'Lists',
		name: 'lists',
		type: 'options',
		options: [
			{ name: 'Exact', value: 'exact', description: 'Remove groups, support groups and roles the input does not list' },
			{ name: 'At Least', value: 'atLeast', description: 'Only add what is missing; remove nothing' },
		],
		default: 'exact',
		description: 'How permission groups, support groups and functional roles given in the input are applied. A list not given is left alone either way.',
	},
	{
		displayName: 'Login Name',
		name: 'loginName',
		type: 'string',
		default: fromItem('loginName'),
		required: true,
		description: 'The key: the AR login of the desired identity',
	},
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		default: fromItem('fullName'),
		description: 'Left alone when empty',
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		default: fromItem('email'),
		placeholder: 'name@email.com',
		description: 'Email Address of the User entry; left alone when empty',
	},
	{
		displayName: 'Active',
		name: 'active',
		type: 'string',
		default: fromItem('active'),
		description: 'True / active, or false / inactive (the User Status); left alone when empty',
	},
	{
		displayName: 'License Type',
		name: 'licenseType',
		type: 'string',
		default: fromItem('licenseType'),
		placeholder: 'e.g. Fixed',
		description: 'A License Type label of the User form; left alone when empty',
	},
	{
		displayName: 'Permission Groups',
		name: 'permissionGroups',
		type: 'string',
		default: fromItem('permissionGroups'),
		description: 'Group names or IDs (an array or comma-separated); left alone when empty',
	},
	{
		displayName: 'Support Groups',
		name: 'supportGroups',
		type: 'string',
		default: fromItem('supportGroups'),
		description: 'Support group IDs or names (an array or comma-separated); left alone when empty',
	},
	{
		displayName: 'Functional Roles',
		name: 'functionalRoles',
		type: 'string',
		default: fromItem('functionalRoles'),
		description: "Each as 'Support Group / Role' or { supportGroup, role }; left alone when empty",
	},
	{
		displayName: 'People Fields',
		name: 'peopleValues',
		type: 'json',
		default: fromItem('people'),
		description:
			'CTM:People fields by name, e.g. { "Company": "Calbro Services", "Department": "Sales" }. A new person gets a People record when any are given; fields not given are left alone.',
	},
]);

async function scopeOf(this: IExecuteFunctions, ctx: JoinContext): Promise<Scope> {
	const kind = this.getNodeParameter('scope', 0, 'input') as Scope['kind'];
	if (kind === 'filter') {
		const { q, checks } = qualificationFromParameters.call(this, 0, ctx.user);
		if (checks.length > 0) {
			throw new NodeOperationError(this.getNode(), 'Scope: this filter needs wildcard checks Reconcile cannot apply', {
				description: 'Use Raw Qualification for a pattern with literal %, _ or [ characters.',
			});
		}
		return { kind, q };
	}
	if (kind === 'group') {
		const [groupId] = await groupIdsFrom.call(this, 0, this.getNodeParameter('scopeGroup', 0, ''));
		if (!groupId) {
			throw new NodeOperationError(this.getNode(), 'Scope Group Name or ID is empty', {
				description: 'Name the permission group whose members this input manages.',
			});
		}
		return { kind, groupId, groupName: ctx.groups.names.get(groupId) };
	}
	return { kind: 'input' };
}

/**
 * The People fields worth reading: the record's ID and login, Full Name (for memberships) and the
 * fields the input gives. CTM:People has hundreds of fields on real servers; reading them all for
 * every person in scope would multiply the bytes, not the requests.
 */
function peopleFieldsToRead(ctx: JoinContext, desired: DesiredIdentity[]): string[] {
	const names = new Set([ctx.people.idField.name, fieldName(ctx.people, PEOPLE_FIELDS.loginId)]);
	const fullName = ctx.people.byId.get(PEOPLE_FULL_NAME)?.name;
	if (fullName) names.add(fullName);
	for (const identity of desired) for (const name of Object.keys(identity.people ?? {})) names.add(name);
	return [...names];
}

function rulesOf(this: IExecuteFunctions, ctx: JoinContext): ListRules {
	const lists = this.getNodeParameter('lists', 0, 'exact') as ListRules['lists'];
	try {
		return {
			lists,
			enabledLabel: statusLabelFor(ctx.user, 'enabled', ''),
			disabledLabel: statusLabelFor(ctx.user, 'disabled', ''),
		};
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message);
	}
}

const STEP_NAMES = (changes: Array<{ step: string }>) => {
	const steps = new Map<string, number>();
	for (const change of changes) steps.set(change.step, (steps.get(change.step) ?? 0) + 1);
	return [...steps].map(([step, n]) => (n > 1 ? `${step} ×${n}` : step)).join(', ');
};

/**
 * One identity's item in the report convention (answer first, detail last): summary line, dryRun,
 * complete, planned, changed, then who and what, then changes, notes and error.
 */
function identityItem(plan: IdentityPlan, report: ChangeReport): IDataObject {
	const planned = plan.changes.length;
	const changed = report.dryRun ? 0 : report.changed;
	const made = report.dryRun ? report.changes : report.changes.filter((c) => c.status === 'done');
	const list = made.length ? ` (${STEP_NAMES(made)})` : '';
	const who = `${plan.leaver ? 'Leaver' : 'Identity'} ${plan.login}`;
	const summary =
		planned === 0
			? `${who}: nothing to change`
			: report.dryRun
				? `${who}: would ${plan.action} with ${planned} change${planned > 1 ? 's' : ''}${list}`
				: report.complete
					? `${who}: changed ${changed}${list}`
					: `${who}: changed ${changed} of ${planned}, stopped part-way${list}`;
	const item: IDataObject = {
		summary,
		dryRun: report.dryRun,
		complete: report.complete,
		planned,
		changed,
		loginName: plan.login,
		action: plan.action,
		leaver: plan.leaver,
		status: report.dryRun ? 'planned' : report.complete ? (planned ? 'done' : 'unchanged') : 'failed',
	};
	if (!report.dryRun) item.retries = groupListRetries(plan.changes);
	if (report.error !== undefined) {
		item.left = report.changes.filter((c) => c.status !== 'done').map((c) => `${c.step} ${c.target} [${c.status}]`);
	}
	item.changes = report.changes as unknown as IDataObject[];
	item.notes = plan.notes;
	if (report.error !== undefined) item.error = report.error;
	return item;
}

/** The first item: the counts per action and the truthful planned / changed totals. */
function summaryItem(dryRun: boolean, items: IDataObject[]): IDataObject {
	const count = (action: string) => items.filter((item) => item.action === action).length;
	const sum = (key: string) => items.reduce((total, item) => total + Number(item[key] ?? 0), 0);
	const failed = items.filter((item) => item.status === 'failed').length;
	const counts = { create: count('create'), update: count('update'), disable: count('disable'), none: count('none') };
	const planned = sum('planned');
	const changed = sum('changed');
	const actions = Object.entries(counts)
		.filter(([action, n]) => n > 0 && action !== 'none')
		.map(([action, n]) => `${action} ${n}`)
		.join(', ');
	const who = `Reconcile of ${items.length} identities`;
	const summary =
		planned === 0
			? `${who}: nothing to change`
			: dryRun
				? `${who}: would change ${planned} (${actions})`
				: failed === 0
					? `${who}: changed ${changed} (${actions})`
					: `${who}: changed ${changed} of ${planned}; ${failed} identit${failed > 1 ? 'ies' : 'y'} stopped part-way`;
	return {
		summary,
		dryRun,
		complete: failed === 0,
		planned,
		changed,
		identities: items.length,
		...counts,
		leavers: items.filter((item) => item.leaver).length,
		failed,
	};
}

/**
 * Reads the whole input as the desired state, reads the scope in batches, plans every identity
 * and (Dry Run off) applies each identity's plan on its own: a failure stops that identity and is
 * reported with what is left; the others go on. Output: the summary first, then one item per
 * identity (paired to its input item) and per leaver.
 */
/** In tool use: a plan only (Dry Run) unless the author allows applying. */
export const toolClass: ToolClass = 'destructiveDryRun';

export async function executeAll(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	// An agent only gets the plan until the author allows applying for this tool.
	const dryRun = (this.getNodeParameter('dryRun', 0, true) as boolean) || !toolAllowed.call(this, 0);
	const [ctx, rule] = await Promise.all([joinContext.call(this, 0), serverKeyRule.call(this)]);
	const scope = await scopeOf.call(this, ctx);
	const rules = rulesOf.call(this, ctx);
	const dirs = { groups: ctx.groups, supportGroups: ctx.supportGroups ?? new Map() };
	const desired: DesiredIdentity[] = [];
	const failedInput: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			desired.push(
				await desiredIdentity.call(this, i, {
					rule,
					people: ctx.people,
					groupNames: ctx.groups.names,
					supportGroups: ctx.supportGroups,
				}),
			);
		} catch (error) {
			const e =
				error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
			if (!this.continueOnFail()) throw e;
			failedInput.push({ json: { error: e.message, description: e.description ?? undefined }, pairedItem: { item: i } });
		}
	}
	refuseDuplicates.call(this, desired, rule);
	ctx.peopleFieldNames = peopleFieldsToRead(ctx, desired);
	const current = await readCurrent.call(this, ctx, scope, desired.map((d) => d.login), rule);

	const plans: IdentityPlan[] = [];
	for (const identity of desired) {
		plans.push(await planIdentity.call(this, ctx, dirs, identity, current.get(identity.login), rules));
	}
	const wanted = new Set(desired.map((d) => rule.key(d.login)));
	const disableLeavers = this.getNodeParameter('leavers', 0, 'report') === 'disable';
	for (const held of current.values()) {
		if (held.inScope && !wanted.has(rule.key(held.login))) plans.push(planLeaver(ctx, held, disableLeavers, rules));
	}

	const out: INodeExecutionData[] = [];
	const jsons: IDataObject[] = [];
	for (const plan of plans) {
		const report = await applyPlan.call(this, plan.changes, dryRun);
		const json = identityItem(plan, report);
		jsons.push(json);
		out.push({ json, pairedItem: { item: plan.index ?? 0 } });
	}
	return [{ json: summaryItem(dryRun, jsons), pairedItem: { item: 0 } }, ...out, ...failedInput];
}
