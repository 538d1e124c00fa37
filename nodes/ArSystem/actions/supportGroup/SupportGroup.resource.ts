import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import * as addFunctionalRole from './addFunctionalRole.operation';
import * as addPerson from './addPerson.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMembers from './getMembers.operation';
import * as removeFunctionalRole from './removeFunctionalRole.operation';
import * as removePerson from './removePerson.operation';

export { addFunctionalRole, addPerson, get, getAll, getMembers, removeFunctionalRole, removePerson };

export const description: INodeProperties[] = [
	operationSelector('supportGroup', 'get', [
		{
			name: 'Add Functional Role',
			value: 'addFunctionalRole',
			description: 'Give a member a functional role in the group, such as Incident Master',
			action: 'Add a functional role to a support group member',
		},
		{
			name: 'Add Person',
			value: 'addPerson',
			description: 'Make a person a member of the group; does nothing if already a member',
			action: 'Add a person to a support group',
		},
		{ name: 'Get', value: 'get', description: 'Get a support group', action: 'Get a support group' },
		{ name: 'Get Many', value: 'getAll', description: 'Get many support groups', action: 'Get many support groups' },
		{
			name: 'Get Members',
			value: 'getMembers',
			description: 'Get the people in the group with their role, default flag and functional roles',
			action: 'Get the members of a support group',
		},
		{
			name: 'Remove Functional Role',
			value: 'removeFunctionalRole',
			description: 'Take a functional role away; does nothing if not held',
			action: 'Remove a functional role from a support group member',
		},
		{
			name: 'Remove Person',
			value: 'removePerson',
			description: 'Remove a person (and their functional roles) from the group; does nothing if not a member',
			action: 'Remove a person from a support group',
		},
	]),
	...addFunctionalRole.description,
	...addPerson.description,
	...get.description,
	...getAll.description,
	...getMembers.description,
	...removeFunctionalRole.description,
	...removePerson.description,
];
