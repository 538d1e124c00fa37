import type { INodeProperties } from 'n8n-workflow';

import { otherFieldsCollection } from '../common.descriptions';

export const licenseTypeField: INodeProperties = {
	displayName: 'License Type Name or ID',
	name: 'licenseType',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUserLicenseTypes' },
	default: '',
	description:
		'License Type (field 109), as the server lists it. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const statusField: INodeProperties = {
	displayName: 'Status Name or ID',
	name: 'status',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getUserStatuses' },
	default: '',
	description:
		'Status (field 7), as the server lists it. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Fields shared by Create's Additional Fields and Update's Update Fields. */
export const userOptionalFields: INodeProperties[] = [
	{
		displayName: 'Default Notify Mechanism Name or ID',
		name: 'notifyMechanism',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getUserNotifyMechanisms' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		displayName: 'Email Address',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		default: '',
	},
	{
		displayName: 'Groups',
		name: 'groups',
		type: 'string',
		default: '',
		placeholder: 'e.g. Administrator, 400002',
		description:
			'Group names or Group IDs, comma-separated. Replaces the whole Group List; use Add to Group to add one.',
	},
];

export const userCreateFields: INodeProperties[] = [
	{
		displayName: 'Login Name',
		name: 'loginName',
		type: 'string',
		default: '',
		required: true,
		description: 'The login (field 101). Must be unique; "System" is not allowed.',
	},
	{
		displayName: 'Full Name',
		name: 'fullName',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Password',
		name: 'password',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'Leave empty where the server authenticates externally (LDAP, SSO)',
	},
	{ ...licenseTypeField, required: true },
	statusField,
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [...userOptionalFields, otherFieldsCollection],
	},
];

export const userUpdateFields: INodeProperties = {
	displayName: 'Update Fields',
	name: 'updateFields',
	type: 'collection',
	placeholder: 'Add Field',
	default: {},
	options: [
		{ displayName: 'Full Name', name: 'fullName', type: 'string', default: '' },
		{ ...licenseTypeField, required: false },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ ...statusField },
		...userOptionalFields,
		otherFieldsCollection,
	],
};
