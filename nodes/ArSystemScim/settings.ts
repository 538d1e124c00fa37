import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { optionsCollection, statusLabelOption } from '../ArSystem/actions/common.descriptions';
import type { ScimSettings } from './scim/context';

/** The node's parameters: the base path and the options that shape SCIM answers. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Base Path',
		name: 'path',
		type: 'string',
		required: true,
		default: 'scim/v2',
		placeholder: 'scim/v2',
		description:
			'Path under this node\'s webhook address where the SCIM endpoints (/Users, /Groups, /Schemas…) live. Give each bridge its own path when several run side by side (one per AR server or identity provider). Letters, digits, "-", "_", "." and "/" only.',
	},
	optionsCollection([
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.example.com/webhook/…/scim/v2',
			description:
				'The SCIM base URL as the identity provider calls it, for meta.location and the Location header. Empty: this node\'s production URL.',
		},
		{
			displayName: 'Delete Means',
			name: 'deleteMode',
			type: 'options',
			options: [
				{ name: 'Disable the User', value: 'disable', description: "Set Status to the server's disabled label; SCIM then answers 404 for the user" },
				{ name: 'Delete the User Entry', value: 'delete', description: 'Remove the User entry permanently' },
			],
			default: 'disable',
			description: 'What DELETE /Users/{ID} does on AR. Either way the user is gone for SCIM (404). Deleting users is discouraged on AR System: history and tickets refer to them.',
		},
		statusLabelOption('disabled', 'Status label for active = false, if the server uses its own labels. Empty: detected from the server.'),
		statusLabelOption('enabled', 'Status label for active = true, if the server uses its own labels. Empty: detected from the server.'),
		{
			displayName: 'External ID Field',
			name: 'externalIdField',
			type: 'string',
			default: '',
			description:
				"User form field (name or ID) that keeps the identity provider's externalId. Empty: externalId is not kept, not filterable and not advertised in /Schemas.",
		},
		{
			displayName: 'Max Results',
			name: 'maxResults',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 100,
			description: 'Max number of results to return',
		},
		{
			displayName: 'New Group Type',
			name: 'groupType',
			type: 'string',
			default: 'View',
			description: 'Group Type of groups created through SCIM (View or Change)',
		},
		{
			displayName: 'Output Failed Requests',
			name: 'outputFailures',
			type: 'boolean',
			default: false,
			description: 'Whether a request that fails (4xx, 5xx) starts an execution with an item describing it, e.g. to alert on AR failures',
		},
		{
			displayName: 'Output Reads',
			name: 'outputReads',
			type: 'boolean',
			default: false,
			description: 'Whether reads (GET, .search, discovery) start an execution too. Off: only changes do, so an import does not fill the execution list.',
		},
		{
			displayName: 'People Company',
			name: 'peopleCompany',
			type: 'string',
			default: '',
			description:
				'Company for new CTM:People records, created when a user has a name but no record. Empty: only existing records are updated.',
		},
	]),
];

export interface NodeSettings extends ScimSettings {
	outputReads: boolean;
	outputFailures: boolean;
}

export function settingsFrom(options: IDataObject): NodeSettings {
	return {
		deleteMode: options.deleteMode === 'delete' ? 'delete' : 'disable',
		enabledLabel: String(options.enabledLabel ?? '').trim(),
		disabledLabel: String(options.disabledLabel ?? '').trim(),
		externalIdField: String(options.externalIdField ?? ''),
		peopleCompany: String(options.peopleCompany ?? ''),
		groupType: String(options.groupType ?? 'View'),
		baseUrl: String(options.baseUrl ?? ''),
		maxResults: Math.min(1000, Math.max(1, Math.floor(Number(options.maxResults ?? 100)) || 100)),
		outputReads: options.outputReads === true,
		outputFailures: options.outputFailures === true,
	};
}
