import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { deleteEntry } from '../../transport';
import { formLocator, requestIdField } from '../common.descriptions';
import { requireId } from './requireId';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [formLocator, requestIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['delete'] } },
	properties,
);

export const toolClass: ToolClass = 'destructive';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const id = requireId.call(this, i);
	await deleteEntry.call(this, form, id);
	return [{ _requestId: id, deleted: true }];
}
