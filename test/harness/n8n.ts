/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
import './env';

import { resolve } from 'node:path';
import {
	ExecutionLifecycleHooks,
	PackageDirectoryLoader,
	PollContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IConnections,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';

export const PACKAGE_NAME = 'n8n-nodes-ar-system';
export const NODE_TYPE = `${PACKAGE_NAME}.arSystem`;
export const TRIGGER_TYPE = `${PACKAGE_NAME}.arSystemTrigger`;
export const CREDENTIAL_TYPE = 'arSystemApi';

let loaderPromise: Promise<PackageDirectoryLoader> | undefined;

/** Loads the built package (dist/) exactly as n8n loads a community package. */
export async function loadPackage(): Promise<PackageDirectoryLoader> {
	loaderPromise ??= (async () => {
		const loader = new PackageDirectoryLoader(resolve(__dirname, '../..'));
		await loader.loadAll();
		return loader;
	})();
	return await loaderPromise;
}

export const TOOL_TYPE = `${NODE_TYPE}Tool`;

/**
 * The node as n8n offers it to an AI Agent or the MCP Server Trigger: the same node type under
 * `<name>Tool` (n8n's NodeTypes builds it on the fly for every usableAsTool node), so `@tool`
 * displayOptions and the node's own tool-use checks apply. The real conversion is exercised
 * end to end by `npm run test:mcp`; this stand-in only renames the type.
 */
function asTool(type: INodeType): INodeType {
	const description = { ...type.description, name: `${type.description.name}Tool` };
	return Object.assign(Object.create(type) as INodeType, { description });
}

function nodeTypesFrom(loader: PackageDirectoryLoader): INodeTypes {
	const byName = (type: string): INodeType | IVersionedNodeType => {
		const name = type.slice(type.lastIndexOf('.') + 1);
		if (name.endsWith('Tool')) return asTool(loader.getNode(name.slice(0, -'Tool'.length)).type as INodeType);
		return loader.getNode(name).type;
	};
	return {
		getByName: byName,
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(byName(type), version),
		getKnownTypes: () => loader.known.nodes,
	};
}

/** The credential an AR System node would reference; the harness keys stored data by type. */
export const CREDENTIAL_REF = { [CREDENTIAL_TYPE]: { id: '1', name: 'AR System (test)' } };

export interface TestEnvironment {
	credentials: TestCredentialsHelper;
	nodeTypes: INodeTypes;
}

/** One simulated n8n instance: node types plus a credential store that outlives executions. */
export async function createEnvironment(
	credentialData: ICredentialDataDecryptedObject,
): Promise<TestEnvironment> {
	const loader = await loadPackage();
	const credentials = new TestCredentialsHelper((name) => loader.getCredential(name).type);
	credentials.setCredentials(CREDENTIAL_TYPE, { token: '', tokenFor: '', ...credentialData });
	return { credentials, nodeTypes: nodeTypesFrom(loader) };
}

export function additionalDataFor(
	env: TestEnvironment,
	hooks: ExecutionLifecycleHooks,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const base = 'http://localhost:5678';
	return {
		credentialsHelper: env.credentials,
		hooks,
		executionId,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		userId: 'test-user',
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the test harness');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the test harness');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

let executionCounter = 0;

export interface WorkflowResult {
	run: IRun;
	/** Items of the first output of a node's first run. */
	output(nodeName: string, outputIndex?: number): INodeExecutionData[];
	/** The error that stopped the workflow, if any. */
	error: Error | undefined;
}

/** Builds an AR System node with the shared test credential. */
export function arSystemNode(
	parameters: IDataObject,
	name = 'AR System',
	extra: Partial<INode> = {},
): INode {
	return {
		id: name.replace(/\W/g, '-'),
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: CREDENTIAL_REF,
		...extra,
	};
}

/**
 * Runs a workflow through n8n-core's real engine (WorkflowExecute), starting at `startNode` with
 * `items` as its input, as if an upstream node had produced them.
 */
export async function runWorkflow(
	env: TestEnvironment,
	options: {
		nodes: INode[];
		connections?: IConnections;
		startNode?: string;
		items?: IDataObject[];
		staticData?: IDataObject;
		mode?: WorkflowExecuteMode;
	},
): Promise<WorkflowResult> {
	const executionId = String(++executionCounter);
	const workflowData = {
		id: 'wf-test',
		name: 'test',
		active: false,
		nodes: options.nodes,
		connections: options.connections ?? {},
		settings: {},
		staticData: options.staticData,
		createdAt: new Date(),
		updatedAt: new Date(),
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: options.nodes,
		connections: workflowData.connections,
		nodeTypes: env.nodeTypes,
		active: false,
		settings: {},
		staticData: options.staticData,
	});
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData as never);
	const finished = new Promise<IRun>((resolveRun) => {
		hooks.addHandler('workflowExecuteAfter', (run) => resolveRun(run));
	});
	const startName = options.startNode ?? options.nodes[0].name;
	const startNode = workflow.getNode(startName);
	if (!startNode) throw new Error(`No node named ${startName}`);
	const items = (options.items ?? [{}]).map((json) => ({ json }));
	const runData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: startNode, data: { main: [items] }, source: null }],
		},
	});
	const additionalData = additionalDataFor(env, hooks, executionId);
	await new WorkflowExecute(additionalData, mode, runData).processRunExecutionData(workflow);
	const run = await finished;
	return {
		run,
		error: run.data.resultData.error as Error | undefined,
		output(nodeName, outputIndex = 0) {
			const taskData = run.data.resultData.runData[nodeName]?.[0];
			if (!taskData) throw new Error(`Node ${nodeName} did not run`);
			return taskData.data?.main?.[outputIndex] ?? [];
		},
	};
}

/**
 * n8n's error classes do not pass Jest's error check across its module sandbox, so failures are
 * rethrown as plain Errors carrying the fields tests look at.
 */
export function asPlainError(error: Error): Error {
	const source = error as Error & { description?: string; httpCode?: string; context?: unknown };
	return Object.assign(new Error(source.message), {
		name: source.name,
		description: source.description,
		httpCode: source.httpCode,
		context: source.context,
		original: error,
	});
}

/** Runs one AR System node over `items` and returns its output; throws the workflow error. */
export async function runNode(
	env: TestEnvironment,
	parameters: IDataObject,
	items: IDataObject[] = [{}],
	nodeExtra: Partial<INode> = {},
): Promise<INodeExecutionData[]> {
	const node = arSystemNode(parameters, 'AR System', nodeExtra);
	const result = await runWorkflow(env, { nodes: [node], items });
	if (result.error) throw asPlainError(result.error);
	return result.output(node.name);
}

/** A published (active) workflow holding one node, as n8n builds it for a trigger or a webhook. */
export function activeWorkflow(env: TestEnvironment, node: INode, staticData: IDataObject, id: string): Workflow {
	return new Workflow({ id, name: id, nodes: [node], connections: {}, nodeTypes: env.nodeTypes, active: true, settings: {}, staticData });
}

/** Runs one poll of a trigger node the way n8n's poll executor does (trigger mode). */
export async function pollTrigger(
	env: TestEnvironment,
	node: INode,
	staticData: IDataObject,
	options: {
		mode?: WorkflowExecuteMode;
		activation?: 'init' | 'activate' | 'manual';
		pollBudgetMs?: number;
	} = {},
): Promise<INodeExecutionData[][] | null> {
	const workflow = activeWorkflow(env, node, staticData, 'wf-trigger');
	const hooks = new ExecutionLifecycleHooks('trigger', 'poll', {
		id: 'wf-trigger',
		nodes: [node],
		connections: {},
	} as never);
	const additionalData = additionalDataFor(env, hooks, 'poll');
	const budget = options.pollBudgetMs;
	const context = new PollContext(
		workflow,
		node,
		additionalData,
		options.mode ?? 'trigger',
		options.activation ?? 'activate',
		undefined,
		undefined,
		undefined,
		undefined,
		undefined,
		budget === undefined ? undefined : () => budget,
	);
	const nodeType = env.nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	if (!nodeType.poll) throw new Error(`${node.type} has no poll()`);
	const result = await nodeType.poll.call(context);
	// n8n keeps static data on the Workflow object; hand the new state back to the caller.
	Object.assign(staticData, workflow.staticData);
	return result;
}
