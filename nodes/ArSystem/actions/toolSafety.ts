import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { formForItem } from '../helpers/forms';
import type { AgentOutputLimits } from '../helpers/toolOutput';
import { DEFAULT_AGENT_OUTPUT, sizeForAgent } from '../helpers/toolOutput';
import { isToolUse, toolAllowed } from '../helpers/toolUse';

/**
 * What an operation may do when an AI agent (or an MCP client) calls the node as a tool, declared
 * next to each operation as `export const toolClass`:
 * - read: runs as in a workflow.
 * - change: writes; refused unless the workflow author allowed it for this tool.
 * - destructive: deletes or takes access away; refused unless allowed.
 * - destructiveDryRun: Offboard and Copy Access; without permission they run as a Dry Run.
 * - entryWrite: Entry Update / Create or Update: a change, but destructive on the User and Group
 *   forms, where it can rewrite a login's Group List.
 */
export type ToolClass = 'read' | 'change' | 'destructive' | 'destructiveDryRun' | 'entryWrite';

/** Forms on which an Entry write is destructive (compared case-insensitively, to err on the safe side). */
const IDENTITY_FORMS = new Set(['user', 'group']);

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

/** What the router needs of an operation; a module without a toolClass does not compile. */
export interface OperationModule {
	execute: Operation;
	toolClass: ToolClass;
}

function classFor(this: IExecuteFunctions, i: number, declared: ToolClass): Exclude<ToolClass, 'entryWrite'> {
	if (declared !== 'entryWrite') return declared;
	// The form may come from $fromAI: classify by the form this call really writes to.
	return IDENTITY_FORMS.has(formForItem.call(this, i).trim().toLowerCase()) ? 'destructive' : 'change';
}

/** "Delete (User)" from the resource and operation names the editor shows. */
export type OperationLabel = (resource: string, operation: string) => string;

function refusal(label: string, kind: 'change' | 'destructive'): IDataObject {
	const what = kind === 'destructive' ? 'it deletes data or takes access away' : 'it changes data';
	return {
		refused: true,
		message:
			`not allowed for this tool: ${label}, because ${what}. Nothing was changed. ` +
			'The workflow author can allow it in this tool\'s settings ("Allow the Agent to …").',
	};
}

function agentOutputLimits(this: IExecuteFunctions, i: number): AgentOutputLimits {
	const options = this.getNodeParameter('toolOutput', i, {}) as IDataObject;
	const number = (value: unknown, fallback: number) =>
		typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
	return {
		clipTextAt: number(options.clipTextAt, DEFAULT_AGENT_OUTPUT.clipTextAt),
		dropEmpty: options.keepEmptyFields !== true,
		maxAnswerBytes: number(options.maxAnswerKb, DEFAULT_AGENT_OUTPUT.maxAnswerBytes / 1024) * 1024,
	};
}

/**
 * Runs one operation for one item. In a workflow that is all it does. In tool use it refuses what
 * the author has not allowed (as an answer the model can read, writing nothing), and sizes the
 * answer for a model's context.
 */
export async function runOperation(
	this: IExecuteFunctions,
	i: number,
	module: OperationModule,
	label: string,
): Promise<IDataObject[]> {
	if (!isToolUse.call(this)) return await module.execute.call(this, i);
	const kind = classFor.call(this, i, module.toolClass);
	const allowed = kind === 'read' || toolAllowed.call(this, i);
	if (!allowed && kind !== 'destructiveDryRun') return [refusal(label, kind)];
	// destructiveDryRun without permission: the operation itself forces Dry Run (effectiveDryRun).
	const rows = await module.execute.call(this, i);
	const limits = agentOutputLimits.call(this, i);
	const sized = sizeForAgent(rows, kind === 'read' ? limits : { ...limits, dropEmpty: false });
	if (!allowed) {
		for (const row of sized) {
			row.toolNote = `not allowed for this tool: applying ${label}. This was a Dry Run: nothing was changed, the report shows what would change.`;
		}
	}
	return sized;
}

// ---------------------------------------------------------------------------------------------
// Tool-only parameters, generated from the operations' own descriptions
// ---------------------------------------------------------------------------------------------

interface OperationEntry {
	resource: string;
	resourceName: string;
	resourceDescription: string;
	value: string;
	name: string;
	description: string;
	action: string;
	toolClass: ToolClass;
	/** The parameters the editor shows for this operation. */
	properties: INodeProperties[];
}

const CLASS_SENTENCE: Record<ToolClass, string> = {
	read: 'Read-only.',
	change:
		'Changes data in AR System: runs only if the workflow author allowed it for this tool, otherwise answers "not allowed for this tool" and changes nothing.',
	destructive:
		'Destructive: runs only if the workflow author allowed it for this tool, otherwise answers "not allowed for this tool" and changes nothing.',
	destructiveDryRun:
		'Destructive: unless the workflow author allowed applying it for this tool, it runs as a Dry Run and only reports what would change.',
	entryWrite:
		'Changes data (destructive on the User and Group forms): runs only if the workflow author allowed it for this tool, otherwise answers "not allowed for this tool" and changes nothing.',
};

const RISK: Record<Exclude<ToolClass, 'read'>, string> = {
	change: 'The agent chooses the values it writes.',
	destructive: 'The agent chooses whom or what it hits, and AR System has no undo.',
	destructiveDryRun: 'Off: the agent only gets the Dry Run report. On: the agent\'s choice of person is applied, and AR System has no undo.',
	entryWrite:
		'The agent chooses the form and the values; on the User and Group forms that can rewrite who has which permissions.',
};

function shows(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show;
	const resources = show?.resource as unknown[] | undefined;
	const operations = show?.operation as unknown[] | undefined;
	return Boolean(resources?.includes(resource) && operations?.includes(operation));
}

/** Shown whatever the other parameters say (not only, say, when open tickets are reassigned). */
function alwaysShown(property: INodeProperties): boolean {
	const { show = {}, hide = {} } = property.displayOptions ?? {};
	return Object.keys(show).every((key) => key === 'resource' || key === 'operation') && Object.keys(hide).length === 0;
}

/** "User (Login Name, or Request ID)": a parameter as the model should think of it. */
function argumentText(property: INodeProperties): string {
	if (property.type === 'resourceLocator' && property.modes) {
		const typed = property.modes.filter((mode) => mode.type !== 'list');
		// One way to give it (a form by name): its example says more than "Name".
		if (typed.length === 1 && typed[0].placeholder) return `${property.displayName} (${typed[0].placeholder})`;
		return `${property.displayName} (${typed.map((mode) => mode.displayName.replace(/^By /, '')).join(', or ')})`;
	}
	return property.displayName;
}

/** The tool description of one operation: what it does, what it needs, and whether it may run. */
export function toolDescriptionText(entry: OperationEntry): string {
	const needs = entry.properties
		.filter((p) => p.required && p.type !== 'notice' && alwaysShown(p))
		.map(argumentText);
	const parts = [
		`${entry.action} in BMC Remedy AR System (${entry.resourceDescription.replace(/\.$/, '')}).`,
		/[.!?]$/.test(entry.description) ? entry.description : `${entry.description}.`,
	];
	if (needs.length) parts.push(`Needs: ${needs.join('; ')}.`);
	parts.push(CLASS_SENTENCE[entry.toolClass]);
	return parts.join(' ');
}

function toolShow(entry: OperationEntry) {
	return { show: { '@tool': [true], resource: [entry.resource], operation: [entry.value] } };
}

function permissionProperty(entry: OperationEntry): INodeProperties {
	const applying = entry.toolClass === 'destructiveDryRun';
	const cls = entry.toolClass as Exclude<ToolClass, 'read'>;
	const description = [
		`Whether an AI agent using this tool may ${applying ? 'apply' : 'run'} ${entry.name} (${entry.description.replace(/\.$/, '')}).`,
		RISK[cls],
		...(applying ? [] : ['Off: the agent is told "not allowed for this tool".']),
	].join(' ');
	return {
		displayName: applying ? `Allow the Agent to Apply ${entry.name}` : `Allow the Agent to ${entry.name}`,
		name: 'toolAllow',
		type: 'boolean',
		default: false,
		// A switch an expression could flip ($fromAI) would let the model grant itself the right.
		noDataExpression: true,
		displayOptions: toolShow(entry),
		description,
	};
}

function descriptionProperty(entry: OperationEntry): INodeProperties {
	return {
		displayName: 'Tool Description',
		name: 'toolDescription',
		type: 'string',
		default: toolDescriptionText(entry),
		typeOptions: { rows: 3 },
		displayOptions: toolShow(entry),
		description:
			'What the agent is told this tool does. Generated from the operation; mention the values the agent should pass.',
	};
}

function limitProperty(entry: OperationEntry, limit: INodeProperties): INodeProperties {
	return {
		...limit,
		default: 10,
		displayOptions: toolShow(entry),
		description: 'Max number of results the agent gets in one answer',
	};
}

/** Read operations in tool use: how rows are cut down for the model. */
const agentOutputOptions: INodeProperties = {
	displayName: 'Agent Output',
	name: 'toolOutput',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { '@tool': [true] } },
	options: [
		{
			displayName: 'Clip Text After (Characters)',
			name: 'clipTextAt',
			type: 'number',
			// Literal for the linter; same as DEFAULT_AGENT_OUTPUT.clipTextAt.
			default: 200,
			typeOptions: { minValue: 20 },
			description: 'Longer text values (descriptions, work notes) are cut here, with a note giving their full length',
		},
		{
			displayName: 'Keep Empty Fields',
			name: 'keepEmptyFields',
			type: 'boolean',
			default: false,
			description: 'Whether to keep fields without a value; by default they are left out, most of a wide ITSM row is empty',
		},
		{
			displayName: 'Max Answer Size (KB)',
			name: 'maxAnswerKb',
			type: 'number',
			// Literal for the linter; same as DEFAULT_AGENT_OUTPUT.maxAnswerBytes.
			default: 40,
			typeOptions: { minValue: 1 },
			description: 'Results beyond this size are left out of the answer, with a note telling the agent to narrow its request',
		},
	],
};

/** Every resource's operations with their classes, read from the same modules the router runs. */
export function operationEntries(
	properties: INodeProperties[],
	resources: Record<string, Record<string, unknown>>,
): OperationEntry[] {
	const resourceProperty = properties.find((p) => p.name === 'resource');
	const entries: OperationEntry[] = [];
	for (const option of resourceProperty?.options ?? []) {
		if (!('value' in option) || typeof option.value !== 'string') continue;
		const resource = option.value;
		const operations = properties.find(
			(p) => p.name === 'operation' && (p.displayOptions?.show?.resource as unknown[] | undefined)?.includes(resource),
		);
		for (const op of operations?.options ?? []) {
			if (!('value' in op) || typeof op.value !== 'string') continue;
			const module = resources[resource]?.[op.value] as Partial<OperationModule> | undefined;
			if (!module?.toolClass) continue;
			entries.push({
				resource,
				resourceName: option.name,
				resourceDescription: option.description ?? option.name,
				value: op.value,
				name: op.name,
				description: op.description ?? op.name,
				action: op.action ?? op.name,
				toolClass: module.toolClass,
				properties: properties.filter((p) => shows(p, resource, op.value as string)),
			});
		}
	}
	return entries;
}

/**
 * Parameters only a tool shows (`@tool`): per operation its tool description and, for anything
 * but a read, the author's explicit permission; a smaller default Limit; and the output sizing.
 * The first block goes on top of the node's parameters, the second at the bottom.
 */
export function toolProperties(entries: OperationEntry[]): { top: INodeProperties[]; bottom: INodeProperties[] } {
	const top: INodeProperties[] = [];
	const bottom: INodeProperties[] = [];
	for (const entry of entries) {
		top.push(descriptionProperty(entry));
		if (entry.toolClass !== 'read') top.push(permissionProperty(entry));
		const limit = entry.properties.find((p) => p.name === 'limit');
		if (limit) bottom.push(limitProperty(entry, limit));
	}
	bottom.push(agentOutputOptions);
	return { top, bottom };
}
