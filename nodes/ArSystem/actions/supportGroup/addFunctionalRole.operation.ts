import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { getFormMetadata } from '../../helpers/metadata';
import { personLocator } from '../common.descriptions';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { FUNCTIONAL_ROLE_FORM, functionalRolesOf, membershipsOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { addRoleChange } from '../../helpers/itsm/membershipPlan';
import { functionalRoleField, roleTarget, supportGroupLocator } from './supportGroup.common';

const properties: INodeProperties[] = [supportGroupLocator, personLocator, functionalRoleField];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportGroup'], operation: ['addFunctionalRole'] } },
	properties,
);

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
	if (held) return [{ ...base, result: 'alreadyHeld', changes: [] }];
	const report = await applyPlan.call(this, [addRoleChange(metadata, person, group.id, functionalRole, groups)], false);
	return reportOrThrow.call(this, i, 'Add Functional Role', { ...base, result: 'added', ...report });
}
