import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { locateEntry } from '../../helpers/identity';
import { entryToItem } from '../../helpers/query';
import { simplifyField } from '../common.descriptions';
import { SUPPORT_GROUP_FIELDS, SUPPORT_GROUP_FORM } from './itsm';
import { supportGroupLocator } from './supportGroup.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [supportGroupLocator, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['supportGroup'], operation: ['get'] } },
	properties,
);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { entry, metadata } = await locateEntry.call(this, i, {
		parameter: 'supportGroup',
		form: SUPPORT_GROUP_FORM,
		keys: { list: SUPPORT_GROUP_FIELDS.id, name: SUPPORT_GROUP_FIELDS.name },
		noun: 'support group',
	});
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
