import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { LocatedEntry } from '../../helpers/identity';
import { PEOPLE_FIELDS, PEOPLE_FORM, locateEntry } from '../../helpers/identity';
import type { WriteMode } from '../../helpers/mapping';
import { convertValues } from '../../helpers/mapping';
import type { FormMetadata } from '../../helpers/metadata';
import { otherFieldsCollection } from '../common.descriptions';

export const STATUS_NOTE =
	'Profile Status does not stop a person logging in: the User form decides that (use User → Disable).';

export async function locatePerson(this: IExecuteFunctions, i: number): Promise<LocatedEntry> {
	return await locateEntry.call(this, i, {
		parameter: 'person',
		form: PEOPLE_FORM,
		keys: { list: PEOPLE_FIELDS.loginId, login: PEOPLE_FIELDS.loginId },
		noun: 'person',
	});
}

export const profileStatusField: INodeProperties = {
	displayName: 'Profile Status Name or ID',
	name: 'profileStatus',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getPeopleStatuses' },
	default: '',
	description: `${STATUS_NOTE} Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>`,
};

/**
 * Parameter name → CTM:People field name. Core fields go by ID (identity.ts PEOPLE_FIELDS: their
 * names differ between forms); these ITSM fields go by the names recorded from real servers,
 * because no recorded answer confirms their IDs (reference §3 lists them as UNVERIFIED).
 */
const FIELD_NAMES: Record<string, string> = {
	firstName: 'First Name',
	lastName: 'Last Name',
	company: 'Company',
	email: 'Internet E-mail',
	loginId: 'Remedy Login ID',
	profileStatus: 'Profile Status',
	middleInitial: 'Middle Initial',
	organization: 'Organization',
	department: 'Department',
	phone: 'Phone Number Business',
	clientType: 'Client Type',
	supportStaff: 'Support Staff',
	vip: 'VIP',
};

export const peopleOptionalFields: INodeProperties[] = [
	{ displayName: 'Department', name: 'department', type: 'string', default: '' },
	{ displayName: 'Internet E-Mail', name: 'email', type: 'string', placeholder: 'name@email.com', default: '' },
	{ displayName: 'Middle Initial', name: 'middleInitial', type: 'string', default: '' },
	{ displayName: 'Organization', name: 'organization', type: 'string', default: '' },
	otherFieldsCollection,
	{ displayName: 'Phone Number Business', name: 'phone', type: 'string', default: '' },
	profileStatusField,
	{
		displayName: 'Remedy Login ID',
		name: 'loginId',
		type: 'string',
		default: '',
		description: 'Links the person to a User (Login Name). Without it the person cannot log in.',
	},
	{
		displayName: 'Support Staff',
		name: 'supportStaff',
		type: 'options',
		options: [
			{ name: 'Yes', value: 'Yes' },
			{ name: 'No', value: 'No' },
		],
		default: 'No',
	},
	{
		displayName: 'VIP',
		name: 'vip',
		type: 'options',
		options: [
			{ name: 'Yes', value: 'Yes' },
			{ name: 'No', value: 'No' },
		],
		default: 'No',
	},
];

export function peopleValues(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	named: IDataObject,
	mode: WriteMode,
): IDataObject {
	const raw: IDataObject = {};
	for (const [parameter, fieldName] of Object.entries(FIELD_NAMES)) {
		const value = named[parameter];
		if (value !== undefined && value !== '') raw[fieldName] = value;
	}
	const rows = (Array.isArray((named.otherFields as IDataObject)?.field)
		? (named.otherFields as IDataObject).field
		: []) as IDataObject[];
	for (const row of rows) if (row.name) raw[String(row.name)] = row.value as IDataObject[string];
	return convertValues.call(this, i, metadata, raw, mode);
}
