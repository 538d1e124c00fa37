import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import * as create from './create.operation';
import * as deleteEntry from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';
import * as upsert from './upsert.operation';

export { create, deleteEntry as delete, get, getAll, update, upsert };

export const description: INodeProperties[] = [
	operationSelector('entry', 'getAll', [
		{ name: 'Create', value: 'create', description: 'Create an entry on any form', action: 'Create an entry' },
		{
			name: 'Create or Update',
			value: 'upsert',
			description: 'Create a new record, or update the current one if it already exists (upsert)',
			action: 'Create or update an entry',
		},
		{ name: 'Delete', value: 'delete', description: 'Delete an entry permanently', action: 'Delete an entry' },
		{ name: 'Get', value: 'get', description: 'Get an entry by its Request ID', action: 'Get an entry' },
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Get many entries, filtered, sorted and paginated',
			action: 'Get many entries',
		},
		{ name: 'Update', value: 'update', description: 'Update fields of an entry', action: 'Update an entry' },
	]),
	...create.description,
	...upsert.description,
	...deleteEntry.description,
	...get.description,
	...getAll.description,
	...update.description,
];
