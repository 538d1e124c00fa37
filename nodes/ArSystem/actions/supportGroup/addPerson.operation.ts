import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { getFormMetadata } from '../../helpers/metadata';
import { forOperation, optionsCollection, personLocator } from '../common.descriptions';
import type { PlannedChange } from '../../helpers/itsm/changes';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { ASSOCIATION_FORM, membershipsOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { addMembershipChange, unsetDefaultChange } from '../../helpers/itsm/membershipPlan';
import {
	membershipSubject,
	membershipWho,
	resolvePerson,
	resolveSupportGroup,
	supportGroupLocator,
} from './supportGroup.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('supportGroup', 'addPerson', [
	supportGroupLocator,
	personLocator,
	optionsCollection([
		{
			displayName: 'Association Role',
			name: 'role',
			type: 'options',
			options: [
				{ name: 'Member', value: 'Member' },
				{ name: 'Associate Member', value: 'Associate Member' },
			],
			default: 'Member',
		},
		{
			displayName: 'Make Default Group',
			name: 'makeDefault',
			type: 'boolean',
			default: false,
			description:
				"Whether this becomes the person's default support group (the previous default is unset). A person without any group always gets it as default.",
		},
	]),
]);

export const toolClass: ToolClass = 'change';

/** Adds the person to the group; does nothing (`alreadyMember`) when they belong to it already. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const group = await resolveSupportGroup.call(this, i);
	const person = await resolvePerson.call(this, i);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const [metadata, groups, memberships] = await Promise.all([
		getFormMetadata.call(this, ASSOCIATION_FORM),
		supportGroupDirectory.call(this),
		membershipsOf.call(this, [person.loginId]),
	]);
	const current = memberships.get(person.loginId) ?? [];
	const base = membershipSubject(person, group);
	const what = `Add Person ${membershipWho(person, group)}`;
	const member = current.some((m) => m.groupId === group.id);
	const makeDefault = options.makeDefault === true || current.length === 0;
	const plan: PlannedChange[] = [];
	// Nothing to do answers with the same report shape: planned 0, changed 0.
	if (!member) {
		for (const previous of current.filter((m) => m.isDefault && makeDefault)) {
			plan.push(unsetDefaultChange(metadata, previous, groups, person.fullName));
		}
		const role = (options.role as string) || 'Member';
		plan.push(addMembershipChange(metadata, person, group.id, { role, makeDefault }, groups));
	}
	const report = await applyPlan.call(this, plan, false);
	return reportOrThrow.call(this, i, what, {
		...base,
		result: member ? 'alreadyMember' : 'added',
		...report,
	});
}
