/**
 * The credential and workflows `npm run test:queue` imports into n8n (node types as after a real
 * community-package install).
 */
import { NODE_TYPES } from './n8n-runtime.mjs';

export const CREDENTIAL = { id: 'arQueueCred00001', name: 'AR System (queue test)' };
export const LOAD_WORKFLOW_ID = 'ArQueueLoad00001';
export const TRIGGER_WORKFLOW_ID = 'ArQueueTrigger01';
export const ERROR_WORKFLOW_ID = 'ArQueueErrors001';
export const LOAD_PATH = 'ar-queue-load';
export const TRIGGER_NODE = 'Changed Users';
/** Poll seconds of the trigger: twice a minute, each expression once a minute (n8n's floor). */
export const POLL_SECONDS = [0, 30];

const credentials = { arSystemApi: CREDENTIAL };

/** The credential, token cold (no cached token: the first execution of each process logs in). */
export function credentialFor(baseUrl) {
	return [{ ...CREDENTIAL, type: 'arSystemApi', data: { baseUrl, username: 'Demo', password: 'demo' } }];
}

/** Webhook (POST) -> one AR System node -> responds with the node's first item. */
function webhookWorkflow({ id, name, settings, uuids: [webhookNode, webhookId, actionNode], path, actionName, parameters }) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1', ...settings },
		nodes: [
			{
				id: webhookNode,
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId,
				parameters: { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} },
			},
			{ id: actionNode, name: actionName, type: NODE_TYPES.action, typeVersion: 1, position: [240, 0], credentials, parameters },
		],
		connections: { Webhook: { main: [[{ node: actionName, type: 'main', index: 0 }]] } },
	};
}

/** Webhook (POST {login}) -> AR System User Get by Login Name -> responds with the user. */
export function loadWorkflow() {
	return webhookWorkflow({
		id: LOAD_WORKFLOW_ID,
		name: 'AR queue test: get user by webhook',
		// Failed executions start the error workflow: shows whether n8n does that for executions
		// lost with a worker.
		settings: { errorWorkflow: ERROR_WORKFLOW_ID },
		uuids: ['b1c7c6f0-3f7e-4a0e-9a55-1f2f6f4d0a01', '5b0c9c5e-7b0e-4c55-9a8e-3f1a3c6f0a01', 'b1c7c6f0-3f7e-4a0e-9a55-1f2f6f4d0a02'],
		path: LOAD_PATH,
		actionName: 'Get User',
		parameters: {
			resource: 'user',
			operation: 'get',
			user: { __rl: true, mode: 'login', value: '={{ $json.body.login }}' },
			fields: [],
			simplify: true,
		},
	});
}

/**
 * Group List writers: one webhook workflow per operation and way of naming the group, each
 * Webhook (POST {userId, group}) -> AR System User → Add to Group / Remove From Group (user by
 * Request ID, group by Group ID or name) -> responds with the node's item. Main enqueues every
 * call, so the two workers run them in parallel.
 */
export const GROUP_LIST_WORKFLOWS = ['add', 'remove'].flatMap((action, a) =>
	['groupId', 'name'].map((by, b) => ({
		id: `ArQueueGrp${action === 'add' ? 'A' : 'R'}${by === 'name' ? 'N' : 'I'}0001`,
		path: `ar-queue-group-${action}-${by}`,
		action,
		by,
		index: a * 2 + b,
	})),
);

export function groupListWorkflow({ id, path, action, by, index }) {
	const uuid = (n) => `e4f0a9c3-6c0a-4d3b-8d88-${String(index * 10 + n).padStart(12, '0')}`;
	return webhookWorkflow({
		id,
		name: `AR queue test: ${action} a group (by ${by})`,
		uuids: [uuid(1), uuid(2), uuid(3)],
		path,
		actionName: 'Group List',
		parameters: {
			resource: 'user',
			operation: action === 'add' ? 'addToGroup' : 'removeFromGroup',
			user: { __rl: true, mode: 'id', value: '={{ $json.body.userId }}' },
			group: { __rl: true, mode: by, value: '={{ $json.body.group }}' },
		},
	});
}

/** AR System Trigger on the User form, New or Updated, polled at POLL_SECONDS. */
export function triggerWorkflow() {
	return {
		id: TRIGGER_WORKFLOW_ID,
		name: 'AR queue test: changed users',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'c2d8d7a1-4a8f-4b1f-8b66-2a3a7a5e1b01',
				name: TRIGGER_NODE,
				type: NODE_TYPES.trigger,
				typeVersion: 1,
				position: [0, 0],
				credentials,
				parameters: {
					pollTimes: {
						item: POLL_SECONDS.map((s) => ({ mode: 'custom', cronExpression: `${s} * * * * *` })),
					},
					form: { __rl: true, mode: 'name', value: 'User' },
					event: 'any',
					filters: {},
					combineWith: 'AND',
					rawQualification: '',
					fields: [],
					simplify: true,
					options: {},
				},
			},
		],
		connections: {},
	};
}

/** An Error Trigger alone: n8n runs it once per failed execution of the load workflow. */
export function errorWorkflow() {
	return {
		id: ERROR_WORKFLOW_ID,
		name: 'AR queue test: failed executions',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'd3e9e8b2-5b9f-4c2a-9c77-3b4b8b6f2c01',
				name: 'Error Trigger',
				type: 'n8n-nodes-base.errorTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
		],
		connections: {},
	};
}
