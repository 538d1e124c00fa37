import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { USER_FORM } from '../../helpers/identity';
import { requireChanges, withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { updateEntry } from '../../transport';
import { userLocator } from '../common.descriptions';
import { userUpdateFields } from './user.descriptions';
import { locateUser, userValues } from './user.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [userLocator, userUpdateFields];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['update'] } },
	properties,
);

export const toolClass: ToolClass = 'destructive';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, USER_FORM);
	const named = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const values = await userValues.call(this, i, metadata, named, 'update');
	requireChanges.call(this, i, values, 'Update Fields');
	const { requestId } = await locateUser.call(this, i, []);
	await updateEntry.call(this, USER_FORM, requestId, values);
	return [{ _requestId: requestId, updated: true, ...withoutSecrets(values, metadata) }];
}
