import type {
	ILoadOptionsFunctions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import { knownCodec } from '../helpers/codec';
import { formForPicker } from '../helpers/forms';
import type { FormField } from '../helpers/metadata';
import { buildFormMetadata } from '../helpers/metadata';
import { getFormFields } from '../transport';
import { requireCredential } from './credential';

/** The mapper's type of each datatype is the codec's (a datatype it cannot type is hidden). */
function toMapperField(field: FormField, operation: string): ResourceMapperField {
	const type = knownCodec(field.datatype)?.mapperType;
	const writable = type !== undefined && !field.system;
	return {
		id: field.name,
		displayName: `${field.name} (${field.id})`,
		// Updates send only the fields given, so nothing is required there.
		required: operation === 'create' && field.required && writable,
		defaultMatch: field.id === 1,
		canBeUsedToMatch: true,
		type: type ?? 'string',
		options:
			type === 'options'
				? (field.enumLabels ?? [])
						.filter((label) => label !== '')
						.map((label) => ({ name: label, value: label }))
				: undefined,
		readOnly: !writable,
		removed: !writable,
		// Read-only and system fields are not offered under "Add field": the server would refuse
		// them or ignore them. Create or Update may still give the Request ID, which it matches on.
		display: writable || (operation === 'upsert' && field.id === 1),
	};
}

/** Create / update fields loaded from the form's metadata, required ones marked. */
export async function getMappingFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const form = formForPicker.call(this);
	if (!form) return { fields: [], emptyFieldsNotice: 'Choose a form first' };
	requireCredential.call(this);
	const operation = String(this.getCurrentNodeParameter('operation') ?? 'create');
	const metadata = buildFormMetadata(form, await getFormFields.call(this, form));
	return { fields: metadata.fields.map((field) => toMapperField(field, operation)) };
}
