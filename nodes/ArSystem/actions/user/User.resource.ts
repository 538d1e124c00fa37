import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import * as addToGroup from './addToGroup.operation';
import * as copyAccess from './copyAccess.operation';
import * as create from './create.operation';
import * as deleteUser from './delete.operation';
import * as disable from './disable.operation';
import * as enable from './enable.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getGroups from './getGroups.operation';
import * as offboard from './offboard.operation';
import * as removeFromGroup from './removeFromGroup.operation';
import * as update from './update.operation';

export {
	addToGroup,
	copyAccess,
	create,
	deleteUser as delete,
	disable,
	enable,
	get,
	getAll,
	getGroups,
	offboard,
	removeFromGroup,
	update,
};

export const description: INodeProperties[] = [
	operationSelector('user', 'get', [
		{
			name: 'Add to Group',
			value: 'addToGroup',
			description: "Add a group to the user's Group List; does nothing if already a member",
			action: 'Add a user to a group',
		},
		{
			name: 'Copy Access',
			value: 'copyAccess',
			description:
				"Give the user a template person's permission groups, support groups and functional roles, with Dry Run and a report",
			action: 'Copy access from a template user',
		},
		{ name: 'Create', value: 'create', description: 'Create a user on the User form', action: 'Create a user' },
		{
			name: 'Delete',
			value: 'delete',
			description: 'Delete a user permanently. To stop logins, use Disable instead.',
			action: 'Delete a user',
		},
		{
			name: 'Disable',
			value: 'disable',
			description: "Stop the user logging in by setting Status to the server's disabled label",
			action: 'Disable a user',
		},
		{
			name: 'Enable',
			value: 'enable',
			description: 'Let a disabled user log in again',
			action: 'Enable a user',
		},
		{
			name: 'Get',
			value: 'get',
			description: 'Get a user by Login Name or Request ID',
			action: 'Get a user',
		},
		{
			name: 'Get Groups',
			value: 'getGroups',
			description: 'Get the groups a user belongs to, with IDs and names',
			action: 'Get the groups of a user',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Get many users, filtered and paginated',
			action: 'Get many users',
		},
		{
			name: 'Offboard',
			value: 'offboard',
			description:
				'Disable the login, set the People status, remove groups, support groups and roles, hand over open tickets; Dry Run and a report',
			action: 'Offboard a user',
		},
		{
			name: 'Remove From Group',
			value: 'removeFromGroup',
			description: "Remove a group from the user's Group List; does nothing if not a member",
			action: 'Remove a user from a group',
		},
		{ name: 'Update', value: 'update', description: 'Update fields of a user', action: 'Update a user' },
	]),
	...addToGroup.description,
	...copyAccess.description,
	...create.description,
	...deleteUser.description,
	...disable.description,
	...enable.description,
	...get.description,
	...getGroups.description,
	...getAll.description,
	...offboard.description,
	...removeFromGroup.description,
	...update.description,
];
