import type { INodeProperties } from 'n8n-workflow';

import * as entry from './entry/Entry.resource';
import * as group from './group/Group.resource';
import * as identity from './identity/Identity.resource';
import * as people from './people/People.resource';
import * as supportGroup from './supportGroup/SupportGroup.resource';
import * as user from './user/User.resource';
import { resources } from './resources';
import { operationEntries, toolProperties } from './toolProperties';

/** Every resource's parameters, composed in the order the editor shows them. */
const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Entry',
				value: 'entry',
				description: 'An entry on any form, such as an incident on HPD:Help Desk',
			},
			{ name: 'Group', value: 'group', description: 'An AR System group (Group form)' },
			{
				name: 'Identity',
				value: 'identity',
				description: 'A user joined with their groups and CTM:People record, read-only',
			},
			{ name: 'Person', value: 'person', description: 'An ITSM person record (CTM:People form)' },
			{
				name: 'Support Group',
				value: 'supportGroup',
				description: 'An ITSM support group, its members and their functional roles',
			},
			{ name: 'User', value: 'user', description: 'An AR System login (User form)' },
		],
		default: 'user',
	},
	...entry.description,
	...group.description,
	...identity.description,
	...people.description,
	...supportGroup.description,
	...user.description,
];

/** Each operation with its tool class; the tool's parameters and descriptions are made from these. */
const operations = operationEntries(nodeProperties, resources);
const tool = toolProperties(operations);

/** The node's parameters: the tool-only ones (`@tool`) around the workflow ones. */
export const properties: INodeProperties[] = [...tool.top, ...nodeProperties, ...tool.bottom];

/** "Delete (User)": how refusals name an operation to the model. */
export function operationLabel(resource: string, operation: string): string {
	const found = operations.find((o) => o.resource === resource && o.value === operation);
	return found ? `${found.name} (${found.resourceName})` : `${operation} (${resource})`;
}
