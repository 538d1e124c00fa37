import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { addGroup, removeGroup } from '../../helpers/groupList';
import { USER_FIELDS, USER_FORM, fieldName, resolveGroup } from '../../helpers/identity';
import { updateEntry } from '../../transport';
import { groupLocator, userLocator } from '../common.descriptions';
import { locateUser, loginOf } from './user.common';

type Change = 'add' | 'remove';

/**
 * Add to / Remove from Group edit the user's Group List (field 104) in place: other memberships
 * and the list's format are kept, and nothing is written when the user is already in the wanted
 * state, so running the same workflow twice is safe.
 */
export function membershipOperation(change: Change, operation: string) {
	const properties: INodeProperties[] = [userLocator, groupLocator];
	const description = updateDisplayOptions(
		{ show: { resource: ['user'], operation: [operation] } },
		properties,
	);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
		const group = await resolveGroup.call(this, i);
		const located = await locateUser.call(this, i, [USER_FIELDS.login, USER_FIELDS.groupList]);
		const groupListName = fieldName(located.metadata, USER_FIELDS.groupList);
		const current = located.entry.values[groupListName];
		const edit = change === 'add' ? addGroup : removeGroup;
		const { value, changed } = edit(current, group.groupId, group.name);
		if (changed) {
			await updateEntry.call(this, USER_FORM, located.requestId, { [groupListName]: value });
		}
		const result =
			change === 'add'
				? changed
					? 'added'
					: 'alreadyMember'
				: changed
					? 'removed'
					: 'notMember';
		return [
			{
				_requestId: located.requestId,
				loginName: loginOf(located.metadata, located.entry.values),
				groupId: group.groupId,
				groupName: group.name,
				result,
				groupList: changed ? value : (current ?? ''),
			},
		];
	}

	return { description, execute };
}
