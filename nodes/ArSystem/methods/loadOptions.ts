import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { formForPicker } from '../helpers/forms';
import { GROUP_FIELDS, PEOPLE_FIELDS, USER_FIELDS } from '../helpers/identity';
import { buildFormMetadata, findField } from '../helpers/metadata';
import { typeWord } from '../helpers/codec';
import { getFormFields } from '../transport';
import { requireCredential } from './credential';

async function metadataFor(this: ILoadOptionsFunctions, form: string) {
	requireCredential.call(this);
	return buildFormMetadata(form, await getFormFields.call(this, form));
}

/** Field picker for filters, sort and field selection: every data field of the chosen form. */
export async function getFields(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const form = formForPicker.call(this);
	if (!form) return [];
	const metadata = await metadataFor.call(this, form);
	return metadata.fields.map((field) => ({
		name: field.name,
		value: field.name,
		description: `ID ${field.id}, ${typeWord(field.datatype)}${field.required ? ', required' : ''}`,
	}));
}

/**
 * Filters → Conditions → Selection Value: the labels of the condition's field (`&field`, its
 * sibling in the same condition) when it is a selection field, as the mapper offers them. Any
 * other field gets one empty entry saying so, shown in place of the list: the editor cannot hide
 * a parameter by a field's type on the server, and an empty Selection Value means "use Value".
 */
export async function getSelectionValues(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const form = formForPicker.call(this);
	const fieldName = String(this.getCurrentNodeParameter('&field') ?? '').trim();
	if (!form || fieldName === '') return [{ name: 'Pick a Field First', value: '' }];
	if (fieldName.startsWith('=')) return [{ name: 'The Field Is an Expression: Type the Value in Value', value: '' }];
	const metadata = await metadataFor.call(this, form);
	const labels = (findField(metadata, fieldName)?.enumLabels ?? []).filter((label) => label !== '');
	if (labels.length === 0) return [{ name: `${fieldName} Is Not a Selection Field: Type the Value in Value`, value: '' }];
	return labels.map((label) => ({ name: label, value: label }));
}

/** Fields a user may write: what Other Fields offers on the identity forms. */
export async function getWritableFields(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const form = formForPicker.call(this);
	if (!form) return [];
	const metadata = await metadataFor.call(this, form);
	return metadata.fields
		.filter((field) => !field.system)
		.map((field) => ({ name: field.name, value: field.name, description: `ID ${field.id}` }));
}

/** Selection labels as the server defines them: sites rename and extend these lists. */
async function enumOptions(
	this: ILoadOptionsFunctions,
	form: string,
	fieldId: number,
): Promise<INodePropertyOptions[]> {
	const metadata = await metadataFor.call(this, form);
	return (metadata.byId.get(fieldId)?.enumLabels ?? [])
		.filter((label) => label !== '')
		.map((label) => ({ name: label, value: label }));
}

export async function getUserLicenseTypes(this: ILoadOptionsFunctions) {
	return await enumOptions.call(this, 'User', USER_FIELDS.license);
}

export async function getUserStatuses(this: ILoadOptionsFunctions) {
	return await enumOptions.call(this, 'User', USER_FIELDS.status);
}

export async function getUserNotifyMechanisms(this: ILoadOptionsFunctions) {
	return await enumOptions.call(this, 'User', USER_FIELDS.notify);
}

export async function getGroupTypes(this: ILoadOptionsFunctions) {
	return await enumOptions.call(this, 'Group', GROUP_FIELDS.type);
}

export async function getGroupCategories(this: ILoadOptionsFunctions) {
	return await enumOptions.call(this, 'Group', GROUP_FIELDS.category);
}

export async function getPeopleStatuses(this: ILoadOptionsFunctions) {
	return await enumOptions.call(this, 'CTM:People', PEOPLE_FIELDS.status);
}
