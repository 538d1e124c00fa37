import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { personLocator } from '../common.descriptions';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { functionalRolesOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { removeRoleChange } from '../../helpers/itsm/membershipPlan';
import { functionalRoleField, roleTarget, supportGroupLocator } from './supportGroup.common';

const properties: INodeProperties[] = [supportGroupLocator, personLocator, functionalRoleField];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportGroup'], operation: ['removeFunctionalRole'] } },
	properties,
);

/** Takes a functional role away; `notHeld` when the person does not have it in this group. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { person, base, sameRole } = await roleTarget.call(this, i);
	const [groups, roles] = await Promise.all([
		supportGroupDirectory.call(this),
		functionalRolesOf.call(this, [person.loginId]),
	]);
	const held = (roles.get(person.loginId) ?? []).filter(sameRole);
	if (held.length === 0) return [{ ...base, result: 'notHeld', changes: [] }];
	const report = await applyPlan.call(this, held.map((r) => removeRoleChange(r, groups)), false);
	return reportOrThrow.call(this, i, 'Remove Functional Role', { ...base, result: 'removed', ...report });
}
