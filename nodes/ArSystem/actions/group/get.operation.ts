import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryToItem } from '../../helpers/query';
import { groupLocator, simplifyField } from '../common.descriptions';
import { locateGroup } from './group.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [groupLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['get'] } },
	properties,
);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { entry, metadata } = await locateGroup.call(this, i);
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
