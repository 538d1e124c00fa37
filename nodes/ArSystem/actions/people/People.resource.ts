import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import * as create from './create.operation';
import * as deletePerson from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as setStatus from './setStatus.operation';
import * as update from './update.operation';

export { create, deletePerson as delete, get, getAll, setStatus, update };

export const description: INodeProperties[] = [
	operationSelector('person', 'get', [
		{
			name: 'Create',
			value: 'create',
			description: 'Create a person on CTM:People',
			action: 'Create a person',
		},
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a person permanently (many sites forbid this; prefer Set Profile Status)',
			action: 'Delete a person',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a person by Remedy Login ID or Person ID',
			action: 'Get a person',
		},
		{ name: 'Get Many', value: 'getAll', description: 'Get many people', action: 'Get many people' },
		{
			name: 'Set Profile Status',
			value: 'setStatus',
			description:
				'Set Profile Status (Enabled, Offline, Obsolete...). It does not stop logins: disable the User for that.',
			action: 'Set the profile status of a person',
		},
		{ name: 'Update', value: 'update', description: 'Update fields of a person', action: 'Update a person' },
	]),
	...create.description,
	...deletePerson.description,
	...get.description,
	...getAll.description,
	...setStatus.description,
	...update.description,
];
