import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, personLocator } from '../common.descriptions';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { functionalRolesOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { removeRoleChange } from '../../helpers/itsm/membershipPlan';
import { functionalRoleField, membershipWho, roleTarget, supportGroupLocator } from './supportGroup.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('supportGroup', 'removeFunctionalRole', [supportGroupLocator, personLocator, functionalRoleField]);

export const toolClass: ToolClass = 'destructive';

/** Takes a functional role away; `notHeld` when the person does not have it in this group. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { group, person, functionalRole, base, sameRole } = await roleTarget.call(this, i);
	const [groups, roles] = await Promise.all([
		supportGroupDirectory.call(this),
		functionalRolesOf.call(this, [person.loginId]),
	]);
	const held = (roles.get(person.loginId) ?? []).filter(sameRole);
	const plan = held.map((r) => removeRoleChange(r, groups, person.fullName));
	const report = await applyPlan.call(this, plan, false);
	const what = `Remove Functional Role ${functionalRole} from ${membershipWho(person, group)}`;
	return reportOrThrow.call(this, i, what, { ...base, result: plan.length ? 'removed' : 'notHeld', ...report });
}
