import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { formForPicker } from '../helpers/forms';
import { buildFormMetadata } from '../helpers/metadata';
import { getFormFields } from '../transport';

/** Field picker for filters, sort and field selection: every data field of the chosen form. */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const form = formForPicker.call(this);
	if (!form) return [];
	const metadata = buildFormMetadata(form, await getFormFields.call(this, form));
	return metadata.fields.map((field) => ({
		name: field.name,
		value: field.name,
		description: `ID ${field.id}, ${field.datatype.toLowerCase()}${field.required ? ', required' : ''}`,
	}));
}
