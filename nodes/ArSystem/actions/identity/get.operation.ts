import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { locateUser } from '../user/user.common';
import { identityItem, joinContext, loginOfUser, peopleFieldsField, peopleFor } from './join';

const properties: INodeProperties[] = [userLocator, peopleFieldsField];

export const description = updateDisplayOptions(
	{ show: { resource: ['identity'], operation: ['get'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const ctx = await joinContext.call(this, i);
	const { entry } = await locateUser.call(this, i);
	const login = loginOfUser(ctx, entry);
	const people = await peopleFor.call(this, ctx, [login], false);
	return [identityItem(ctx, entry, people.get(login))];
}
