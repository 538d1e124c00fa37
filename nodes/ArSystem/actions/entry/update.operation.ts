import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { requireChanges, valuesFromParameters, withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { updateEntry } from '../../transport';
import { formLocator, requestIdField } from '../common.descriptions';
import { requireId } from './requireId';
import { writeValueFields } from './write.descriptions';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [formLocator, requestIdField, ...writeValueFields('update')];

export const description = updateDisplayOptions(
	{ show: { resource: ['entry'], operation: ['update'] } },
	properties,
);

export const toolClass: ToolClass = 'entryWrite';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const id = requireId.call(this, i);
	const metadata = await getFormMetadata.call(this, form);
	const values = valuesFromParameters.call(this, i, metadata, 'update');
	delete values[metadata.idField.name];
	requireChanges.call(this, i, values, 'Fields (or in the JSON)');
	// The form's fields let the transport read a diary before appending to it (truthful read-back).
	await updateEntry.call(this, form, id, values, { fields: metadata.fields });
	return [{ _requestId: id, updated: true, ...withoutSecrets(values, metadata) }];
}
