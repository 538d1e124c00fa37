import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { personLocator } from '../common.descriptions';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { functionalRolesOf, membershipsOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { removeMembershipChange, removeRoleChange } from '../../helpers/itsm/membershipPlan';
import { groupSummary, resolvePerson, resolveSupportGroup, supportGroupLocator } from './supportGroup.common';

const properties: INodeProperties[] = [supportGroupLocator, personLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportGroup'], operation: ['removePerson'] } },
	properties,
);

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
	const base = { loginId: person.loginId, personId: person.personId, ...groupSummary(group) };
	const membership = (memberships.get(person.loginId) ?? []).filter((m) => m.groupId === group.id);
	if (membership.length === 0) return [{ ...base, result: 'notMember', changes: [] }];
	const plan = [
		...(roles.get(person.loginId) ?? []).filter((r) => r.groupId === group.id).map((r) => removeRoleChange(r, groups)),
		...membership.map((m) => removeMembershipChange(m, groups)),
	];
	const report = await applyPlan.call(this, plan, false);
	return reportOrThrow.call(this, i, 'Remove Person', { ...base, result: 'removed', ...report });
}
