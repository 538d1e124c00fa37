import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { entryToItem, fieldNamesFromParameter } from '../../helpers/query';
import { getFormMetadata } from '../../helpers/metadata';
import { USER_FORM } from '../../helpers/identity';
import { getEntry } from '../../transport';
import { fieldsToReturn, forOperation, simplifyField, userLocator } from '../common.descriptions';
import { locateUser } from './user.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'get', [userLocator, fieldsToReturn, simplifyField]);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, USER_FORM);
	const fields = fieldNamesFromParameter.call(this, i, metadata);
	const located = await locateUser.call(this, i);
	const entry = fields ? await getEntry.call(this, USER_FORM, located.requestId, fields) : located.entry;
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
