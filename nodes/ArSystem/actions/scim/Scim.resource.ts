import type { INodeProperties } from 'n8n-workflow';

import * as handleRequest from './handleRequest.operation';

export { handleRequest };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['scim'] } },
		options: [
			{
				name: 'Handle Request',
				value: 'handleRequest',
				description:
					'Answer a SCIM 2.0 request from an identity provider (Okta, Microsoft Entra ID) received by a Webhook node',
				action: 'Handle a SCIM request',
			},
		],
		default: 'handleRequest',
	},
	...handleRequest.description,
];
