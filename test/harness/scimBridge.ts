/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The AR System SCIM node answering real HTTP on loopback through n8n-core's WebhookContext, the
 * way n8n's webhook server runs a webhook node: the request is matched against the node's own
 * webhook descriptions (static paths first, then `:id` paths under the node's webhook ID), the
 * body is left unparsed for `application/scim+json` and read raw by the node, and the node
 * answers through the response object. What the node returns as workflowData is kept: it is what
 * n8n would start an execution with (and store).
 *
 * `npm run test:scim` runs the same node in a real n8n; this harness makes the node's answers and
 * its execution items testable in Jest, with request counts from the emulator.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExecutionLifecycleHooks, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeType, IWebhookData, IWebhookDescription, Workflow } from 'n8n-workflow';

import type { TestEnvironment } from './n8n';
import { CREDENTIAL_REF, PACKAGE_NAME, activeWorkflow, additionalDataFor } from './n8n';

export const SCIM_NODE_TYPE = `${PACKAGE_NAME}.arSystemScim`;
export const SCIM_CREDENTIAL_TYPE = 'arSystemScimApi';

export interface ScimBridge {
	/** The SCIM base URL: http://127.0.0.1:<port>/webhook/<webhook ID>/<base path> */
	url: string;
	node: INode;
	/** Item lists the node handed n8n to execute, one per request that started an execution. */
	executions: INodeExecutionData[][];
	/** Workflow static data as n8n would save it after each request. */
	staticData: IDataObject;
	stop(): Promise<void>;
}

function segments(path: string): string[] {
	return path.split('/').filter((s) => s !== '');
}

export async function startScimBridge(
	env: TestEnvironment,
	options: { basePath?: string; parameters?: IDataObject; secret: string; webhookId?: string; name?: string },
): Promise<ScimBridge> {
	env.credentials.setCredentials(SCIM_CREDENTIAL_TYPE, { token: options.secret });
	const webhookId = options.webhookId ?? 'f3b1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
	const node: INode = {
		id: 'scim-node',
		name: options.name ?? 'AR System SCIM',
		type: SCIM_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: { path: options.basePath ?? 'scim/v2', options: {}, ...(options.parameters ?? {}) } as INode['parameters'],
		credentials: { ...CREDENTIAL_REF, [SCIM_CREDENTIAL_TYPE]: { id: '2', name: 'SCIM bearer (test)' } },
	};
	const staticData: IDataObject = {};
	const executions: INodeExecutionData[][] = [];
	const nodeType = env.nodeTypes.getByNameAndVersion(SCIM_NODE_TYPE, 1) as INodeType;
	let port = 0;
	/**
	 * The routes as n8n registers them on activation (their path expressions evaluated once, not
	 * per request: n8n looks registered webhooks up in its database and cache).
	 */
	let routes: { basePath: unknown; list: Array<{ methods: string[]; pattern: string[]; dynamic: boolean; description: IWebhookDescription }> } | undefined;
	const routesFor = (workflow: Workflow) => {
		if (routes?.basePath !== node.parameters.path) {
			routes = {
				basePath: node.parameters.path,
				list: (nodeType.description.webhooks ?? []).map((description) => {
					const path = String(workflow.expression.getSimpleParameterValue(node, description.path, 'internal', {}));
					const pattern = [webhookId, ...segments(path)];
					return { methods: String(description.httpMethod).split(','), pattern, dynamic: pattern.some((p) => p.startsWith(':')), description };
				}),
			};
		}
		return routes?.list ?? [];
	};

	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const workflow = activeWorkflow(env, node, staticData, 'wf-scim');
				const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
				const method = String(req.method ?? 'GET').toUpperCase();
				const wanted = segments(decodeURIComponent(url.pathname)).slice(1); // after /webhook
				let matched: IWebhookDescription | undefined;
				for (const route of routesFor(workflow)) {
					if (!route.methods.includes(method) || route.pattern.length !== wanted.length) continue;
					if (route.pattern.every((p, k) => p.startsWith(':') || p === wanted[k])) {
						// Static routes win over `:id` routes, as in n8n.
						if (!matched || !route.dynamic) matched = route.description;
					}
				}
				if (!matched) {
					res.statusCode = 404;
					res.end(JSON.stringify({ message: 'The requested webhook is not registered.' }));
					return;
				}
				const hooks = new ExecutionLifecycleHooks('webhook', 'scim', { id: 'wf-scim', nodes: [node], connections: {} } as never);
				const additionalData = additionalDataFor(env, hooks, 'scim');
				const rawBody = Buffer.concat(chunks);
				const contentType = String(req.headers['content-type'] ?? '').split(';')[0].trim();
				// n8n parses application/json itself; SCIM's own type stays raw.
				const body = contentType === 'application/json' && rawBody.length > 0 ? (JSON.parse(rawBody.toString('utf8')) as unknown) : {};
				const request = Object.assign(req, {
					originalUrl: req.url,
					query: Object.fromEntries(url.searchParams.entries()),
					params: {},
					body,
					rawBody,
				});
				const response = Object.assign(res, {
					status(code: number) {
						res.statusCode = code;
						return response;
					},
				});
				Object.assign(additionalData, { httpRequest: request, httpResponse: response });
				const webhookData: IWebhookData = {
					httpMethod: method as IWebhookData['httpMethod'],
					node: node.name,
					path: url.pathname,
					webhookDescription: matched,
					workflowId: 'wf-scim',
					workflowExecuteAdditionalData: additionalData,
					webhookId,
				};
				const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
				try {
					const result = await nodeType.webhook!.call(context);
					if (result.workflowData) executions.push(result.workflowData[0]);
					if (!result.noWebhookResponse && !res.writableEnded) res.end();
				} catch (error) {
					// A webhook() that throws is a bug: n8n would answer 500.
					res.statusCode = 500;
					res.end(JSON.stringify({ message: (error as Error).message }));
				}
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
	const base = segments(String(node.parameters.path)).join('/');
	return {
		url: `http://127.0.0.1:${port}/webhook/${webhookId}/${base}`,
		node,
		executions,
		staticData,
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
