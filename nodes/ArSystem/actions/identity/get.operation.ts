import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, optionsCollection, userLocator } from '../common.descriptions';
import { locateUser } from '../user/user.common';
import { identityItem, itsmFor, joinContext, loginOfUser, openTicketsOption, peopleFieldsField, peopleFor } from './join';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('identity', 'get', [
	userLocator,
	peopleFieldsField,
	optionsCollection([openTicketsOption]),
]);

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
