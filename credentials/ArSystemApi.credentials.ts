import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { authorizationFor, ignoresSslIssues, logIn } from '../nodes/ArSystem/transport';

/**
 * The AR System login. Everything about it (the form-encoded POST, retries, the explanation of a
 * failure without the password, one login per identity at a time) lives in the transport
 * (nodes/ArSystem/transport/login.ts); this class declares the fields and hands n8n the hooks.
 */
export class ArSystemApi implements ICredentialType {
	name = 'arSystemApi';

	displayName = 'AR System API';

	icon: Icon = { light: 'file:../icons/arSystem.svg', dark: 'file:../icons/arSystem.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-ar-system/n8n-nodes-ar-system#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Server URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://ar.example.com:8443',
			description:
				'Address of the AR System REST API: the AR server and its Jetty port, not the Mid-Tier. ' +
				'On BMC Helix use https://&lt;tenant&gt;-restapi.onbmc.com.',
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Authentication String',
			name: 'authString',
			type: 'string',
			default: '',
			description:
				'Only when your AR System server requires one (for example an authentication domain)',
		},
		{
			// Not n8n's usual `allowUnauthorizedCerts`: the community lint treats any name containing
			// "cert" as a secret and demands password masking, which breaks on a boolean.
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description: 'Whether to connect even if SSL certificate validation is not possible',
		},
		{
			displayName: 'Session Token',
			name: 'token',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Session Token Owner',
			name: 'tokenFor',
			type: 'hidden',
			typeOptions: { password: true },
			default: '',
		},
	];

	/** Logs in (form-encoded POST /api/jwt/login) when the token is empty or was rejected. */
	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		return await logIn(this, credentials);
	}

	/**
	 * Adds `Authorization: AR-JWT <token>` (an invalid token when the identity changed or a
	 * gateway refused the token, so n8n logs in again).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const headers: IDataObject = {};
		for (const [name, value] of Object.entries(requestOptions.headers ?? {})) {
			if (name.toLowerCase() !== 'authorization') headers[name] = value;
		}
		headers.Authorization = authorizationFor(credentials);
		requestOptions.headers = headers;
		if (ignoresSslIssues(credentials)) {
			requestOptions.skipSslCertificateValidation = true;
		}
		return requestOptions;
	}

	/** Proves login (preAuthentication) and read access (one User entry). */
	test: ICredentialTestRequest = {
		request: {
			method: 'GET',
			baseURL: '={{$credentials.baseUrl.trim().replace(/\\/+$/, "")}}',
			url: '/api/arsys/v1/entry/User?limit=1&fields=values(Request%20ID)',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Login works, but this account cannot read the User form (HTTP 403, AR System ' +
						'error 353). Use an account with read access to User, such as an administrator, ' +
						"or grant the account's group access.",
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Login works, but the server rejected the new session on the first read (HTTP 401). ' +
						'Check that the account is enabled and not locked.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'Login works, but reading the User form failed (HTTP 404). Check that the Server ' +
						'URL points at the AR System REST API itself, not at a proxy path.',
				},
			},
		],
	};
}
