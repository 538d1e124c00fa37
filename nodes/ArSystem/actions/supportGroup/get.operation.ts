import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryToItem } from '../../helpers/query';
import { simplifyField } from '../common.descriptions';
import { locateSupportGroup, supportGroupLocator } from './supportGroup.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [supportGroupLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportGroup'], operation: ['get'] } },
	properties,
);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { entry, metadata } = await locateSupportGroup.call(this, i);
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
