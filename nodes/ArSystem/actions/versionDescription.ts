import type { INodeProperties } from 'n8n-workflow';

import * as entry from './entry/Entry.resource';
import * as group from './group/Group.resource';
import * as identity from './identity/Identity.resource';
import * as people from './people/People.resource';
import * as supportGroup from './supportGroup/SupportGroup.resource';
import * as user from './user/User.resource';

/** Every resource's parameters, composed in the order the editor shows them. */
export const properties: INodeProperties[] = [
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
