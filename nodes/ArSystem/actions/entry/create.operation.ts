import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { valuesFromParameters, withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { createEntry } from '../../transport';
import { formLocator } from '../common.descriptions';
import { writeValueFields } from './write.descriptions';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [formLocator, ...writeValueFields('add')];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['create'] } },
	properties,
);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const metadata = await getFormMetadata.call(this, form);
	const values = valuesFromParameters.call(this, i, metadata, 'create');
	const { requestId } = await createEntry.call(this, form, values);
	return [{ _requestId: requestId ?? null, ...withoutSecrets(values, metadata) }];
}
