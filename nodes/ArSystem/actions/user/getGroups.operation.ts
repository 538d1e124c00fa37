import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseGroupList } from '../../helpers/groupList';
import { groupDirectory, groupsFromTokens } from '../../helpers/groupDirectory';
import { USER_FIELDS, fieldName } from '../../helpers/identity';
import { forOperation, userLocator } from '../common.descriptions';
import { locateUser, loginOf } from './user.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'getGroups', [userLocator]);

export const toolClass: ToolClass = 'read';

/** One item per group the user belongs to, with the group's ID and name. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const located = await locateUser.call(this, i, [USER_FIELDS.login, USER_FIELDS.groupList]);
	const tokens = parseGroupList(located.entry.values[fieldName(located.metadata, USER_FIELDS.groupList)]);
	const loginName = loginOf(located.metadata, located.entry.values);
	const groups = groupsFromTokens(tokens, await groupDirectory.call(this));
	return groups.map((group) => ({ loginName, ...group }));
}
