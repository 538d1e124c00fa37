import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { GROUP_FIELDS, GROUP_FORM, fieldName } from '../../helpers/identity';
import { deleteEntry } from '../../transport';
import { forOperation, groupLocator } from '../common.descriptions';
import { locateGroup } from './group.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('group', 'delete', [groupLocator]);

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
