import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getFormMetadata } from '../../helpers/metadata';
import { personLocator } from '../common.descriptions';
import type { PlannedChange } from '../../helpers/itsm/changes';
import { applyPlan, reportOrThrow } from '../../helpers/itsm/changes';
import { ASSOCIATION_FORM, membershipsOf, supportGroupDirectory } from '../../helpers/itsm/data';
import { addMembershipChange, unsetDefaultChange } from '../../helpers/itsm/membershipPlan';
import { groupSummary, resolvePerson, resolveSupportGroup, supportGroupLocator } from './supportGroup.common';

const properties: INodeProperties[] = [
	supportGroupLocator,
	personLocator,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
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
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportGroup'], operation: ['addPerson'] } },
	properties,
);

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
	const base = { loginId: person.loginId, personId: person.personId, ...groupSummary(group) };
	if (current.some((m) => m.groupId === group.id)) return [{ ...base, result: 'alreadyMember', changes: [] }];
	const makeDefault = options.makeDefault === true || current.length === 0;
	const plan: PlannedChange[] = [];
	for (const previous of current.filter((m) => m.isDefault && makeDefault)) {
		plan.push(unsetDefaultChange(metadata, previous, groups));
	}
	plan.push(
		addMembershipChange(metadata, person, group.id, { role: (options.role as string) || 'Member', makeDefault }, groups),
	);
	const report = await applyPlan.call(this, plan, false);
	return reportOrThrow.call(this, i, 'Add Person', { ...base, result: 'added', ...report });
}
