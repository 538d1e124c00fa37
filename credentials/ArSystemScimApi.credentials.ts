import type { Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret identity providers send as `Authorization: Bearer <token>` to the AR System SCIM
 * node. A credential rather than a node parameter, so n8n encrypts it at rest and it never
 * appears in the workflow, its history, its exports or the executions' copies of the workflow.
 * It authenticates inbound requests only, so it has no `authenticate` or test request.
 */
export class ArSystemScimApi implements ICredentialType {
	name = 'arSystemScimApi';

	displayName = 'AR System SCIM Bearer Token API';

	icon: Icon = { light: 'file:../icons/arSystem.svg', dark: 'file:../icons/arSystem.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-ar-system/n8n-nodes-ar-system#scim-20-bridge';

	properties: INodeProperties[] = [
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description:
				'The secret the identity provider sends as "Authorization: Bearer …" (Okta: API Token; Entra ID: Secret Token). Use a long random value, e.g. from openssl rand -base64 32.',
		},
	];
}
