import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { PEOPLE_FORM } from '../../helpers/identity';
import { deleteEntry } from '../../transport';
import { personLocator } from '../common.descriptions';
import { locatePerson } from './people.common';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [personLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['person'], operation: ['delete'] } },
	properties,
);

export const toolClass: ToolClass = 'destructive';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { requestId } = await locatePerson.call(this, i);
	await deleteEntry.call(this, PEOPLE_FORM, requestId);
	return [{ _requestId: requestId, deleted: true }];
}
