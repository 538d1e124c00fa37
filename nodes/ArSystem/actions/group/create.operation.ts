import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { GROUP_FORM } from '../../helpers/identity';
import { getFormMetadata } from '../../helpers/metadata';
import { createEntry } from '../../transport';
import { groupOptionalFields, groupTypeField, groupValues } from './group.common';
import { forOperation } from '../common.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('group', 'create', [
	{ displayName: 'Group Name', name: 'groupName', type: 'string', default: '', required: true },
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'number',
		default: 0,
		required: true,
		description: 'A unique number; IDs below 1000 are reserved by AR System',
	},
	{ ...groupTypeField, required: true },
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: groupOptionalFields,
	},
]);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, GROUP_FORM);
	const named: IDataObject = {
		groupName: this.getNodeParameter('groupName', i),
		groupId: this.getNodeParameter('groupId', i),
		groupType: this.getNodeParameter('groupType', i),
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
	};
	const values = groupValues.call(this, i, metadata, named, 'create');
	const { requestId } = await createEntry.call(this, GROUP_FORM, values);
	return [{ _requestId: requestId ?? null, ...values }];
}
