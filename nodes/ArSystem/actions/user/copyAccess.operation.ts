import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { GroupListIntent } from '../../helpers/groupList';
import { groupsHeld } from '../../helpers/groupList';
import { effectiveDryRun } from '../../helpers/toolUse';
import { USER_FIELDS, fieldName } from '../../helpers/identity';
import { getFormMetadata } from '../../helpers/metadata';
import { forOperation, userLocator } from '../common.descriptions';
import type { PlannedChange } from '../../helpers/itsm/changes';
import { applyPlan, reportOrThrow, summaryOf } from '../../helpers/itsm/changes';
import { ASSOCIATION_FORM, FUNCTIONAL_ROLE_FORM } from '../../helpers/itsm/data';
import {
	addMembershipChange,
	addRoleChange,
	removeMembershipChange,
	removeRoleChange,
} from '../../helpers/itsm/membershipPlan';
import type { Access, Directories } from './access';
import { accessLabel, directories, groupListChange, groupListRetries, readAccess, reportHeader } from './access';
import { isDisabledStatus } from '../../helpers/statusLabels';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'copyAccess', [
	{ ...userLocator, displayName: 'User', description: 'The person who gets the access (for example the new hire)' },
	{
		...userLocator,
		displayName: 'Template User',
		name: 'templateUser',
		description: 'The person whose access is copied (for example a colleague in the same role)',
	},
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only report what would change, changing nothing',
	},
	{
		displayName: 'Copy Permission Groups',
		name: 'copyPermissionGroups',
		type: 'boolean',
		default: true,
		description: "Whether to give the user the template's Group List groups",
	},
	{
		displayName: 'Copy Support Groups',
		name: 'copySupportGroups',
		type: 'boolean',
		default: true,
		description: "Whether to make the user a member of the template's support groups, with the same association role",
	},
	{
		displayName: 'Copy Functional Roles',
		name: 'copyFunctionalRoles',
		type: 'boolean',
		default: true,
		description: "Whether to give the user the template's functional roles in the same support groups",
	},
	{
		displayName: 'Remove Access the Template Lacks',
		name: 'matchExactly',
		type: 'boolean',
		default: false,
		description:
			"Whether to also remove the user's groups, support groups and roles the template does not have, so both end up equal. Off: only add.",
	},
	{
		displayName: 'Refuse a Disabled Login',
		name: 'refuseDisabled',
		type: 'boolean',
		default: false,
		description:
			"Whether to stop with an error when the user's login is disabled. Off: the access is copied and the report warns.",
	},
]);

export const toolClass: ToolClass = 'destructiveDryRun';

const roleKey = (groupId: string, role: string) => `${groupId}\u0000${role.toLowerCase()}`;

async function planCopy(
	this: IExecuteFunctions,
	i: number,
	user: Access,
	template: Access,
	dirs: Directories,
): Promise<PlannedChange[]> {
	const get = (name: string, fallback: boolean) => this.getNodeParameter(name, i, fallback) as boolean;
	const exact = get('matchExactly', false);
	const changes: PlannedChange[] = [];

	if (get('copyPermissionGroups', true)) {
		// Compared by group, not by token: "10;" and "Incident Master;" are the same group.
		const wanted = groupsHeld(template.groupList, dirs.groups);
		const intent: GroupListIntent = exact ? { add: wanted, keepOnly: wanted } : { add: wanted };
		const change = groupListChange.call(this, user, intent, dirs);
		if (change) changes.push(change);
	}

	const copyGroups = get('copySupportGroups', true);
	const copyRoles = get('copyFunctionalRoles', true);
	if (!copyGroups && !copyRoles) return changes;
	const needsPerson =
		(copyGroups && template.memberships.length > 0) || (copyRoles && template.roles.length > 0);
	if (needsPerson && !user.people) {
		throw new NodeOperationError(this.getNode(), `${user.login} has no CTM:People record`, {
			itemIndex: i,
			description:
				'Support groups and functional roles belong to a person. Create the CTM:People record first (Person → Create, Remedy Login ID = the Login Name), or turn off Copy Support Groups and Copy Functional Roles.',
		});
	}
	const person = user.people?.ref;
	const templateGroups = new Set(template.memberships.map((m) => m.groupId));
	const templateRoles = new Set(template.roles.map((r) => roleKey(r.groupId, r.functionalRole)));
	const userGroups = new Set(user.memberships.map((m) => m.groupId));
	const userRoles = new Set(user.roles.map((r) => roleKey(r.groupId, r.functionalRole)));

	// Removals first (roles before their memberships), then memberships, then roles in them.
	const removedGroups = new Set<string>();
	if (exact && copyGroups) {
		for (const m of user.memberships) if (!templateGroups.has(m.groupId)) removedGroups.add(m.groupId);
	}
	if (exact && (copyRoles || copyGroups)) {
		for (const role of user.roles) {
			const extra = copyRoles && !templateRoles.has(roleKey(role.groupId, role.functionalRole));
			if (extra || removedGroups.has(role.groupId)) changes.push(removeRoleChange(role, dirs.supportGroups, person?.fullName));
		}
	}
	for (const m of user.memberships) {
		if (removedGroups.has(m.groupId)) changes.push(removeMembershipChange(m, dirs.supportGroups, person?.fullName));
	}
	if (copyGroups && person) {
		const metadata = await getFormMetadata.call(this, ASSOCIATION_FORM);
		let hasDefault = user.memberships.some((m) => m.isDefault && !removedGroups.has(m.groupId));
		for (const m of template.memberships) {
			if (userGroups.has(m.groupId)) continue;
			// The template's default becomes the user's default only if they have none.
			const makeDefault = !hasDefault && m.isDefault;
			hasDefault ||= makeDefault;
			changes.push(addMembershipChange(metadata, person, m.groupId, { role: m.role, makeDefault }, dirs.supportGroups));
		}
	}
	if (copyRoles && person) {
		const metadata = await getFormMetadata.call(this, FUNCTIONAL_ROLE_FORM);
		const memberOf = new Set([...userGroups, ...(copyGroups ? templateGroups : [])]);
		for (const role of template.roles) {
			if (userRoles.has(roleKey(role.groupId, role.functionalRole))) continue;
			// A role is held within a group: without the membership (Copy Support Groups off) it is skipped.
			if (!memberOf.has(role.groupId) || removedGroups.has(role.groupId)) continue;
			changes.push(addRoleChange(metadata, person, role.groupId, role.functionalRole, dirs.supportGroups));
		}
	}
	return changes;
}

/**
 * Gives a person the access of a template person: permission groups, support groups (same
 * association role) and functional roles. Only what is missing is added, so a second run changes
 * nothing; with Remove Access the Template Lacks both end up with exactly the same access.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	// An agent gets only the report until the workflow author allows applying (toolSafety).
	const dryRun = effectiveDryRun.call(this, i);
	const user = await readAccess.call(this, i, 'user');
	const template = await readAccess.call(this, i, 'templateUser');
	if (user.user.requestId === template.user.requestId) {
		throw new NodeOperationError(this.getNode(), 'User and Template User are the same person', {
			itemIndex: i,
			description: 'Pick the person who gets the access in User and the colleague to copy from in Template User.',
		});
	}
	const loginStatus = user.user.entry.values[fieldName(user.user.metadata, USER_FIELDS.status)] ?? null;
	const notes: string[] = [];
	if (isDisabledStatus(loginStatus)) {
		const warning = `The login of ${accessLabel(user)} is ${String(loginStatus)}: the copied access has no effect until it is enabled.`;
		if (this.getNodeParameter('refuseDisabled', i, false) as boolean) {
			throw new NodeOperationError(this.getNode(), warning, {
				itemIndex: i,
				description:
					'Enable the login first (User → Enable), pick another user, or turn off Refuse a Disabled Login to copy anyway.',
			});
		}
		notes.push(warning);
	}
	const dirs = await directories.call(this);
	const plan = await planCopy.call(this, i, user, template, dirs);
	const report = await applyPlan.call(this, plan, dryRun);
	return reportOrThrow.call(this, i, `Copy Access to ${user.login}`, {
		...reportHeader(user),
		loginStatus,
		templateLoginName: template.login,
		...report,
		summary: summaryOf(report, `Copy Access ${template.login} → ${user.login}`),
		retries: groupListRetries(plan),
		notes,
	});
}
