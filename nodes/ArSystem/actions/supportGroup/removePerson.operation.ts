import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, personLocator } from '../common.descriptions';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { functionalRolesOf, membershipsOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { removeMembershipChange, removeRoleChange } from '../../helpers/itsm/membershipPlan';
import { membershipSubject, membershipWho, resolvePerson, resolveSupportGroup, supportGroupLocator } from './supportGroup.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('supportGroup', 'removePerson', [supportGroupLocator, personLocator]);

export const toolClass: ToolClass = 'destructive';

/**
 * Removes the person from the group, with the functional roles they hold in it (a role without
 * the membership would be left dangling); `notMember` when they do not belong to it.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const group = await resolveSupportGroup.call(this, i);
	const person = await resolvePerson.call(this, i);
	const [groups, memberships, roles] = await Promise.all([
		supportGroupDirectory.call(this),
		membershipsOf.call(this, [person.loginId]),
		functionalRolesOf.call(this, [person.loginId]),
	]);
	const base = membershipSubject(person, group);
	const what = `Remove Person ${membershipWho(person, group)}`;
	const membership = (memberships.get(person.loginId) ?? []).filter((m) => m.groupId === group.id);
	// Not a member: nothing planned, and the same report shape (planned 0, changed 0).
	const rolesHere = membership.length === 0 ? [] : (roles.get(person.loginId) ?? []).filter((r) => r.groupId === group.id);
	const plan = [
		...rolesHere.map((r) => removeRoleChange(r, groups, person.fullName)),
		...membership.map((m) => removeMembershipChange(m, groups, person.fullName)),
	];
	const report = await applyPlan.call(this, plan, false);
	const result = membership.length === 0 ? 'notMember' : 'removed';
	return reportOrThrow.call(this, i, what, { ...base, result, ...report });
}
