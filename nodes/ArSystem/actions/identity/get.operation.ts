import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { locateUser } from '../user/user.common';
import { identityItem, itsmFor, joinContext, loginOfUser, openTicketsOption, peopleFieldsField, peopleFor } from './join';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [
	userLocator,
	peopleFieldsField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [openTicketsOption],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['identity'], operation: ['get'] } },
	properties,
);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const ctx = await joinContext.call(this, i);
	const { entry } = await locateUser.call(this, i);
	const login = loginOfUser(ctx, entry);
	const [people, itsm] = await Promise.all([
		peopleFor.call(this, ctx, [login], false),
		itsmFor.call(this, ctx, [login], false),
	]);
	return [identityItem(ctx, entry, people.get(login), itsm)];
}
