import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { USER_FORM } from '../../helpers/identity';
import { requireChanges, withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { updateEntry } from '../../transport';
import { forOperation, userLocator } from '../common.descriptions';
import { userUpdateFields } from './user.descriptions';
import { locateUser, userValues } from './user.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'update', [userLocator, userUpdateFields]);

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
