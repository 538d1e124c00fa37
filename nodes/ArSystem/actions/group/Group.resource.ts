import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import * as create from './create.operation';
import * as deleteGroup from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMembers from './getMembers.operation';
import * as update from './update.operation';

export { create, deleteGroup as delete, get, getAll, getMembers, update };

export const description: INodeProperties[] = [
	operationSelector('group', 'get', [
		{ name: 'Create', value: 'create', description: 'Create a group', action: 'Create a group' },
		{ name: 'Delete', value: 'delete', description: 'Delete a group permanently', action: 'Delete a group' },
		{ name: 'Get', value: 'get', description: 'Get a group by name, Group ID or Request ID', action: 'Get a group' },
		{ name: 'Get Many', value: 'getAll', description: 'Get many groups', action: 'Get many groups' },
		{
			name: 'Get Members',
			value: 'getMembers',
			description: 'Get the users whose Group List holds this group',
			action: 'Get the members of a group',
		},
		{ name: 'Update', value: 'update', description: 'Update fields of a group', action: 'Update a group' },
	]),
	...create.description,
	...deleteGroup.description,
	...get.description,
	...getAll.description,
	...getMembers.description,
	...update.description,
];
