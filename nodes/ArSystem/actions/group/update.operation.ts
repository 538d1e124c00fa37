import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { GROUP_FORM } from '../../helpers/identity';
import { requireChanges } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { updateEntry } from '../../transport';
import { forOperation, groupLocator } from '../common.descriptions';
import { groupOptionalFields, groupTypeField, groupValues, locateGroup } from './group.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('group', 'update', [
	groupLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Group Name', name: 'groupName', type: 'string', default: '' },
			groupTypeField,
			...groupOptionalFields,
		],
	},
]);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, GROUP_FORM);
	const named = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const values = groupValues.call(this, i, metadata, named, 'update');
	requireChanges.call(this, i, values, 'Update Fields');
	const { requestId } = await locateGroup.call(this, i);
	await updateEntry.call(this, GROUP_FORM, requestId, values);
	return [{ _requestId: requestId, updated: true, ...values }];
}
