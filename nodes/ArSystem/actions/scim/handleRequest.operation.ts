import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { ScimSettings } from '../../helpers/scim/context';
import type { ScimRequest } from '../../helpers/scim/handler';
import { handleScimRequest } from '../../helpers/scim/handler';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [
	{
		displayName: 'Bearer Token',
		name: 'token',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description:
			'The secret the identity provider sends as "Authorization: Bearer …" (Okta: API Token; Entra ID: Secret Token). Use a long random value.',
	},
	{
		displayName: 'Method',
		name: 'method',
		type: 'string',
		default: '={{ $json.method }}',
		description:
			'HTTP method of the request. The Webhook node gives each method its own output, so the example workflow adds it as "method" with one Edit Fields node per method.',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		default: "={{ [$json.params.resource, $json.params.id].filter(Boolean).join('/') }}",
		placeholder: 'Users/000000000000123',
		description:
			'The SCIM path after the base URL, e.g. Users or Groups/000000000000042. The default joins the resource and ID segments of the Webhook path; a full URL path also works.',
	},
	{
		displayName: 'Query',
		name: 'query',
		type: 'json',
		default: '={{ $json.query }}',
		description: 'Query parameters (filter, startIndex, count, attributes, excludedAttributes)',
	},
	{
		displayName: 'Headers',
		name: 'headers',
		type: 'json',
		default: '={{ $json.headers }}',
		description: 'Request headers; only Authorization is read',
	},
	{
		displayName: 'Body',
		name: 'body',
		type: 'json',
		default: '={{ $json.body }}',
		description:
			'Request body. When it is empty, the binary property set under Options is parsed instead: the Webhook node keeps SCIM bodies, which it does not parse, as a file.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Base URL',
				name: 'baseUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/…/scim/v2',
				description:
					'The SCIM base URL as the identity provider calls it; used for meta.location and the Location header. Empty: they are left out.',
			},
			{
				displayName: 'Body Binary Property',
				name: 'binaryProperty',
				type: 'string',
				default: 'data',
				description: 'Where the Webhook node put a body it did not parse',
			},
			{
				displayName: 'Delete Means',
				name: 'deleteMode',
				type: 'options',
				options: [
					{ name: 'Disable the User', value: 'disable', description: "Set Status to the server's disabled label" },
					{ name: 'Delete the User Entry', value: 'delete', description: 'Remove the User entry permanently' },
				],
				default: 'disable',
				description: 'What DELETE /Users/{ID} does. Deleting users is discouraged on AR System: history and tickets refer to them.',
			},
			{
				displayName: 'Disabled Status Label',
				name: 'disabledLabel',
				type: 'string',
				default: '',
				description: 'Status label for active = false, if the server uses its own labels. Empty: detected from the server.',
			},
			{
				displayName: 'Enabled Status Label',
				name: 'enabledLabel',
				type: 'string',
				default: '',
				description: 'Status label for active = true, if the server uses its own labels. Empty: detected from the server.',
			},
			{
				displayName: 'External ID Field',
				name: 'externalIdField',
				type: 'string',
				default: '',
				description:
					'User form field (name or ID) that keeps the identity provider\'s externalId. Empty: externalId is not kept and cannot be filtered on.',
			},
			{
				displayName: 'Max Results',
				name: 'maxResults',
				type: 'number',
				typeOptions: { minValue: 1 },
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
				displayName: 'People Company',
				name: 'peopleCompany',
				type: 'string',
				default: '',
				description:
					'Company for new CTM:People records, created when a user has a name but no record. Empty: only existing records are updated.',
			},
		],
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scim'], operation: ['handleRequest'] } },
	properties,
);

export const toolClass: ToolClass = 'destructive';

function objectOf(value: unknown): Record<string, unknown> {
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			const parsed = JSON.parse(value) as unknown;
			return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
		} catch {
			return {};
		}
	}
	return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isEmptyBody(body: unknown): boolean {
	if (body === undefined || body === null || body === '') return true;
	return typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0;
}

/** The body: parsed JSON, a JSON string, or the file the Webhook node kept it in. */
async function bodyOf(this: IExecuteFunctions, i: number, binaryProperty: string): Promise<unknown> {
	const body = this.getNodeParameter('body', i, undefined) as unknown;
	if (typeof body === 'string' && body.trim() !== '') {
		try {
			return JSON.parse(body) as unknown;
		} catch {
			return body;
		}
	}
	if (!isEmptyBody(body)) return body;
	const binary = this.getInputData()[i]?.binary?.[binaryProperty];
	if (!binary) return body;
	const buffer = await this.helpers.getBinaryDataBuffer(i, binaryProperty);
	const text = buffer.toString('utf8');
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// Answered by the handler as a 400 for the resource that needed a body.
		return text;
	}
}

/**
 * Answers one SCIM request per item with `{ statusCode, headers, body }` for Respond to Webhook.
 * SCIM failures (401, 404, 409, 400 invalidFilter...) are answers, not node errors, so the
 * identity provider always gets SCIM's error format.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const token = String(this.getNodeParameter('token', i, '') ?? '');
	if (token.trim() === '') {
		throw new NodeOperationError(this.getNode(), 'No Bearer Token set', {
			itemIndex: i,
			description:
				'Set Bearer Token on the SCIM operation to the secret your identity provider sends; every request without it is refused.',
		});
	}
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const settings: ScimSettings = {
		deleteMode: options.deleteMode === 'delete' ? 'delete' : 'disable',
		enabledLabel: String(options.enabledLabel ?? '').trim(),
		disabledLabel: String(options.disabledLabel ?? '').trim(),
		externalIdField: String(options.externalIdField ?? ''),
		peopleCompany: String(options.peopleCompany ?? ''),
		groupType: String(options.groupType ?? 'View'),
		baseUrl: String(options.baseUrl ?? ''),
		maxResults: Math.max(1, Math.floor(Number(options.maxResults ?? 100)) || 100),
	};
	const request: ScimRequest = {
		method: String(this.getNodeParameter('method', i, '') ?? ''),
		path: String(this.getNodeParameter('path', i, '') ?? ''),
		query: objectOf(this.getNodeParameter('query', i, {})),
		headers: objectOf(this.getNodeParameter('headers', i, {})),
		body: await bodyOf.call(this, i, String(options.binaryProperty ?? 'data') || 'data'),
	};
	const response = await handleScimRequest({ fn: this, itemIndex: i, settings }, request, token);
	return [response as unknown as IDataObject];
}
