import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { GroupListIntent } from '../../helpers/groupList';
import { editGroupList } from '../../helpers/groupListEdit';
import { USER_FIELDS, USER_FORM, fieldName, resolveGroup } from '../../helpers/identity';
import { locateUser, loginOf } from './user.common';

export type Change = 'add' | 'remove';

/**
 * Add to / Remove from Group edit the user's Group List (field 104) in place: other memberships
 * and the list's format are kept, and nothing is written when the user is already in the wanted
 * state, so running the same workflow twice is safe. Concurrent edits of the same user (parallel
 * webhook executions, queue-mode workers) all survive: see helpers/groupListEdit.ts.
 */
export async function editMembership(this: IExecuteFunctions, i: number, change: Change): Promise<IDataObject[]> {
	const group = await resolveGroup.call(this, i);
	const located = await locateUser.call(this, i, [USER_FIELDS.login, USER_FIELDS.groupList]);
	const groupListName = fieldName(located.metadata, USER_FIELDS.groupList);
	const login = loginOf(located.metadata, located.entry.values);
	const ref = { id: group.groupId, name: group.name };
	const intent: GroupListIntent = change === 'add' ? { add: [ref] } : { remove: [ref] };
	// Re-read, applied and verified under concurrent writers (helpers/groupListEdit.ts).
	const edit = await editGroupList.call(
		this,
		{ form: USER_FORM, entryId: located.requestId, field: groupListName, label: `user ${login}` },
		intent,
	);
	const { changed } = edit;
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
			loginName: login,
			groupId: group.groupId,
			groupName: group.name,
			result,
			groupList: edit.after ?? '',
			verified: edit.verified,
			retries: edit.retries,
		},
	];
}
