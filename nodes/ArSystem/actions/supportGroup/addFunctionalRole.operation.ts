import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getFormMetadata } from '../../helpers/metadata';
import { forOperation, personLocator } from '../common.descriptions';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { FUNCTIONAL_ROLE_FORM, functionalRolesOf, membershipsOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { addRoleChange } from '../../helpers/itsm/membershipPlan';
import { functionalRoleField, membershipWho, roleTarget, supportGroupLocator } from './supportGroup.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('supportGroup', 'addFunctionalRole', [supportGroupLocator, personLocator, functionalRoleField]);

export const toolClass: ToolClass = 'change';

/** Gives a member a functional role in the group; `alreadyHeld` when they have it. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { group, person, functionalRole, base, sameRole } = await roleTarget.call(this, i);
	const [metadata, groups, memberships, roles] = await Promise.all([
		getFormMetadata.call(this, FUNCTIONAL_ROLE_FORM),
		supportGroupDirectory.call(this),
		membershipsOf.call(this, [person.loginId]),
		functionalRolesOf.call(this, [person.loginId]),
	]);
	if (!(memberships.get(person.loginId) ?? []).some((m) => m.groupId === group.id)) {
		throw new NodeOperationError(
			this.getNode(),
			`${person.loginId} is not a member of support group '${group.name}'`,
			{ itemIndex: i, description: 'A functional role is held within a support group: add the person first (Support Group → Add Person).' },
		);
	}
	const held = (roles.get(person.loginId) ?? []).some(sameRole);
	// Nothing to do answers with the same report shape: planned 0, changed 0.
	const plan = held ? [] : [addRoleChange(metadata, person, group.id, functionalRole, groups)];
	const report = await applyPlan.call(this, plan, false);
	const what = `Add Functional Role ${functionalRole} to ${membershipWho(person, group)}`;
	return reportOrThrow.call(this, i, what, { ...base, result: held ? 'alreadyHeld' : 'added', ...report });
}
