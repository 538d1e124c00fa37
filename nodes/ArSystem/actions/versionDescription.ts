import type { INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as entry from './entry/Entry.resource';
import * as group from './group/Group.resource';
import * as identity from './identity/Identity.resource';
import * as people from './people/People.resource';
import * as user from './user/User.resource';

export const versionDescription: INodeTypeDescription = {
	displayName: 'AR System',
	name: 'arSystem',
	icon: { light: 'file:../../icons/arSystem.svg', dark: 'file:../../icons/arSystem.dark.svg' },
	group: ['transform'],
	version: 1,
	subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
	description: 'Manage users, groups, people and any form in BMC Remedy AR System and BMC Helix ITSM',
	defaults: { name: 'AR System' },
	usableAsTool: true,
	inputs: [NodeConnectionTypes.Main],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: 'arSystemApi', required: true }],
	properties: [
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
				{ name: 'People', value: 'people', description: 'An ITSM person (CTM:People form)' },
				{ name: 'User', value: 'user', description: 'An AR System login (User form)' },
			],
			default: 'user',
		},
		...entry.description,
		...group.description,
		...identity.description,
		...people.description,
		...user.description,
	],
};
