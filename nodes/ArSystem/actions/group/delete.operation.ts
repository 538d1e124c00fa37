import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { GROUP_FIELDS, GROUP_FORM, fieldName } from '../../helpers/identity';
import { deleteEntry } from '../../transport';
import { groupLocator } from '../common.descriptions';
import { locateGroup } from './group.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [groupLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['delete'] } },
	properties,
);

export const toolClass: ToolClass = 'destructive';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { requestId, entry, metadata } = await locateGroup.call(this, i);
	await deleteEntry.call(this, GROUP_FORM, requestId);
	return [
		{
			_requestId: requestId,
			groupId: entry.values[fieldName(metadata, GROUP_FIELDS.id)],
			groupName: entry.values[fieldName(metadata, GROUP_FIELDS.name)],
			deleted: true,
		},
	];
}
