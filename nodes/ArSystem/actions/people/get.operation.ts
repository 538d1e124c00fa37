import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { entryToItem } from '../../helpers/query';
import { personLocator, simplifyField } from '../common.descriptions';
import { locatePerson } from './people.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [personLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['get'] } },
	properties,
);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { entry, metadata } = await locatePerson.call(this, i);
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
