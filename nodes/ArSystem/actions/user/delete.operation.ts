import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { USER_FIELDS, USER_FORM } from '../../helpers/identity';
import { deleteEntry } from '../../transport';
import { userLocator } from '../common.descriptions';
import { locateUser, loginOf } from './user.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [
	{
		displayName:
			'Deleting a user is permanent and loses their history. To stop someone logging in, use Disable instead.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	userLocator,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['delete'] } },
	properties,
);

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
