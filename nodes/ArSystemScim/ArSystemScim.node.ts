import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { identityFingerprint } from '../ArSystem/transport/sessions';
import { scimTokenTest } from './credentialTest';
import { executionItems } from './output';
import { properties, settingsFrom } from './settings';
import type { ScimContext } from './scim/context';
import { handleScimRequest } from './scim/handler';
import type { IncomingRequest } from './scim/incoming';
import { requestIdOf, scimRequestFrom } from './scim/incoming';

/**
 * The base path as n8n registers it: characters a URL path segment may hold (a `:` would make a
 * segment a parameter), segments without empty ones, so "/scim/v2/" works too. The editor shows
 * the URL built from this, so what is dropped is visible there. basePathOf() applies the same rule.
 */
const BASE =
	'={{ String($parameter["path"] ?? "").replace(/[^A-Za-z0-9._~\\/-]/g, "").split("/").filter(Boolean).join("/") }}';

/**
 * Every SCIM route, registered by the node itself. n8n has no wildcard paths, so each shape is
 * one webhook. n8n serves a route with `:id` under the node's webhook ID (`<webhook ID>/<path>`)
 * but registers it by its path alone, so it must be a full path; the routes without `:id` are
 * not full paths, which puts the webhook ID in front of them too. So all share one base URL,
 * `<n8n>/webhook/<webhook ID>/<Base Path>`, and two bridges need two Base Paths (the `:id` routes
 * of both would otherwise be the same registration: "path already taken").
 */
const ROUTES: Array<[string, string]> = [
	['GET,POST', 'Users'],
	['GET,PUT,PATCH,DELETE', 'Users/:id'],
	['POST', 'Users/.search'],
	['GET,POST', 'Groups'],
	['GET,PUT,PATCH,DELETE', 'Groups/:id'],
	['POST', 'Groups/.search'],
	['POST', '.search'],
	['GET', 'ServiceProviderConfig'],
	['GET', 'ResourceTypes'],
	['GET', 'ResourceTypes/:id'],
	['GET', 'Schemas'],
	['GET', 'Schemas/:id'],
	['POST', 'Bulk'],
	['GET', 'Me'],
];

const webhooks: IWebhookDescription[] = ROUTES.map(([httpMethod, route]) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	path: `${BASE}/${route}`,
	isFullPath: route.includes(':'),
}));

function basePathOf(fn: IWebhookFunctions): string {
	return String(fn.getNodeParameter('path', 'scim/v2') ?? '')
		.replace(/[^A-Za-z0-9._~/-]/g, '')
		.split('/')
		.filter(Boolean)
		.join('/');
}

/** Base URLs by workflow, node and Base Path: n8n evaluates the path expression to build one. */
const baseUrls = new Map<string, string>();

/** This node's production base URL: the first route's URL without its `/Users`. */
function defaultBaseUrl(fn: IWebhookFunctions, basePath: string): string {
	const node = fn.getNode();
	const key = JSON.stringify([fn.getWorkflow().id, node.id, node.webhookId, basePath, fn.getMode()]);
	let url = baseUrls.get(key);
	if (url === undefined) {
		try {
			url = String(fn.getNodeWebhookUrl('default') ?? '').replace(/\/Users\/?$/, '');
		} catch {
			url = '';
		}
		if (baseUrls.size > 100) baseUrls.clear();
		baseUrls.set(key, url);
	}
	return url;
}

/** Per-process caches are shared by bridges that log in to AR as the same identity. */
async function cacheKeyOf(fn: IWebhookFunctions): Promise<string> {
	try {
		return identityFingerprint(await fn.getCredentials('arSystemApi'));
	} catch {
		// Answered when AR is called (the credential error names what is missing).
		return 'no-credential';
	}
}

export class ArSystemScim implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR System SCIM',
		name: 'arSystemScim',
		icon: { light: 'file:../../icons/arSystem.svg', dark: 'file:../../icons/arSystem.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "/" + $parameter["path"] }}',
		description:
			'A SCIM 2.0 server for Okta, Microsoft Entra ID and other identity providers, answering from BMC AR System / Helix users, people and groups',
		defaults: { name: 'AR System SCIM' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'arSystemApi', required: true },
			{ name: 'arSystemScimApi', required: true, testedBy: 'scimTokenTest' },
		],
		webhooks,
		properties,
	};

	methods = { credentialTest: { scimTokenTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const receivedAt = new Date().toISOString();
		const settings = settingsFrom(this.getNodeParameter('options', {}) as IDataObject);
		const basePath = basePathOf(this);
		if (settings.baseUrl.trim() === '') settings.baseUrl = defaultBaseUrl(this, basePath);
		const request = await scimRequestFrom(this.getRequestObject() as unknown as IncomingRequest, basePath);
		let secret = '';
		try {
			secret = String((await this.getCredentials('arSystemScimApi')).token ?? '');
		} catch {
			// No credential: handleScimRequest refuses every request with a 401 and logs why.
		}
		const ctx: ScimContext = { fn: this, itemIndex: 0, settings, cacheKey: await cacheKeyOf(this), changes: [] };
		const response = await handleScimRequest(ctx, request, secret);

		const res = this.getResponseObject();
		res.status(response.statusCode);
		for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
		res.end(response.body === undefined ? undefined : JSON.stringify(response.body));

		const items = executionItems(request, response, ctx.changes, {
			outputReads: settings.outputReads,
			outputFailures: settings.outputFailures,
			requestId: requestIdOf(request.headers),
			receivedAt,
		});
		return items.length > 0 ? { noWebhookResponse: true, workflowData: [items] } : { noWebhookResponse: true };
	}
}
