import type {
	FieldType,
	ILoadOptionsFunctions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import { formForPicker } from '../helpers/forms';
import type { FormField } from '../helpers/metadata';
import { buildFormMetadata } from '../helpers/metadata';
import { getFormFields } from '../transport';
import { requireCredential } from './credential';

const TYPES: Record<string, FieldType> = {
	CHAR: 'string',
	DIARY: 'string',
	INTEGER: 'number',
	REAL: 'number',
	DECIMAL: 'number',
	TIME: 'dateTime',
	DATE: 'string',
	TIME_OF_DAY: 'string',
	ENUM: 'options',
};

function toMapperField(field: FormField, operation: string): ResourceMapperField {
	const writable = TYPES[field.datatype] !== undefined && !field.system;
	return {
		id: field.name,
		displayName: `${field.name} (${field.id})`,
		// Updates send only the fields given, so nothing is required there.
		required: operation === 'create' && field.required && writable,
		defaultMatch: field.id === 1,
		canBeUsedToMatch: true,
		type: TYPES[field.datatype] ?? 'string',
		options:
			field.datatype === 'ENUM'
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
