import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { USER_FIELDS, USER_FORM } from '../../helpers/identity';
import { deleteEntry } from '../../transport';
import { forOperation, userLocator } from '../common.descriptions';
import { locateUser, loginOf } from './user.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'delete', [
	{
		displayName:
			'Deleting a user is permanent and loses their history. To stop someone logging in, use Disable instead.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	userLocator,
]);

export const toolClass: ToolClass = 'destructive';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const located = await locateUser.call(this, i, [USER_FIELDS.login]);
	await deleteEntry.call(this, USER_FORM, located.requestId);
	return [
		{
			_requestId: located.requestId,
			loginName: loginOf(located.metadata, located.entry.values),
			deleted: true,
		},
	];
}
