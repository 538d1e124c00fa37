import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

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
 * - destructiveDryRun: Offboard, Copy Access and Reconcile; without permission they run as a Dry Run.
 * - entryWrite: Entry Update / Create or Update: a change, but destructive on the User and Group
 *   forms, where it can rewrite a login's Group List.
 */
export type ToolClass = 'read' | 'change' | 'destructive' | 'destructiveDryRun' | 'entryWrite';

/** Forms on which an Entry write is destructive (compared case-insensitively, to err on the safe side). */
const IDENTITY_FORMS = new Set(['user', 'group']);

type Operation = (this: IExecuteFunctions, itemIndex: number) => Promise<IDataObject[]>;

/** An operation that reads every input item at once (Identity → Reconcile: the items are one roster). */
export type BatchOperation = (this: IExecuteFunctions) => Promise<INodeExecutionData[]>;

/**
 * What the router needs of an operation: execute() per item, or executeAll() once for all items,
 * and its class. A module without a toolClass does not compile.
 */
export type OperationModule =
	| { execute: Operation; executeAll?: undefined; toolClass: ToolClass }
	| { execute?: undefined; executeAll: BatchOperation; toolClass: ToolClass };

/** The class of this call, and how to name it: an Entry write names the form it writes to. */
function classFor(
	this: IExecuteFunctions,
	i: number,
	declared: ToolClass,
	label: string,
): { kind: Exclude<ToolClass, 'entryWrite'>; label: string } {
	if (declared !== 'entryWrite') return { kind: declared, label };
	// The form may come from $fromAI: classify by the form this call really writes to.
	const form = formForItem.call(this, i).trim();
	const kind = IDENTITY_FORMS.has(form.toLowerCase()) ? 'destructive' : 'change';
	return { kind, label: `${label} on the ${form} form` };
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
 * The one gate every operation passes, per item or batch: in a workflow it only runs `run`. In
 * tool use it refuses what the author has not allowed (as an answer the model can read, writing
 * nothing), notes a forced Dry Run, and sizes the answer for a model's context.
 */
async function gated(
	this: IExecuteFunctions,
	i: number,
	declared: ToolClass,
	label: string,
	run: () => Promise<IDataObject[]>,
): Promise<IDataObject[]> {
	if (!isToolUse.call(this)) return await run();
	const { kind, label: named } = classFor.call(this, i, declared, label);
	const allowed = kind === 'read' || toolAllowed.call(this, i);
	if (!allowed && kind !== 'destructiveDryRun') return [refusal(named, kind)];
	// destructiveDryRun without permission: the operation itself forces Dry Run (effectiveDryRun).
	const rows = await run();
	const limits = agentOutputLimits.call(this, i);
	const toolNote = allowed
		? undefined
		: `not allowed for this tool: applying ${named}. This was a Dry Run: nothing was changed, the report shows what would change.`;
	// The note goes on the first row (a report's summary), inside the answer budget.
	const reserved = toolNote === undefined ? 0 : Buffer.byteLength(JSON.stringify({ toolNote }));
	const sized = sizeForAgent(rows, {
		...limits,
		dropEmpty: kind === 'read' && limits.dropEmpty,
		maxAnswerBytes: limits.maxAnswerBytes - reserved,
	});
	if (toolNote !== undefined && sized.length > 0) sized[0].toolNote = toolNote;
	return sized;
}

/** Runs one operation for one item, through the gate. */
export async function runOperation(
	this: IExecuteFunctions,
	i: number,
	module: OperationModule,
	label: string,
): Promise<IDataObject[]> {
	const { execute } = module;
	if (!execute) throw new Error('a batch operation runs through the router once, not per item');
	return await gated.call(this, i, module.toolClass, label, async () => await execute.call(this, i));
}

/**
 * Runs a batch operation (Identity → Reconcile) once for all items, through the same gate with
 * the first item's parameters. Each row keeps its pairing; sizing only leaves rows out at the
 * end, and its note (or a refusal) is paired to the first item.
 */
export async function runBatch(this: IExecuteFunctions, module: OperationModule, label: string): Promise<INodeExecutionData[]> {
	const { executeAll } = module;
	if (!executeAll) throw new Error('a per-item operation runs through the router per item, not as a batch');
	let items: INodeExecutionData[] = [];
	const rows = await gated.call(this, 0, module.toolClass, label, async () => {
		items = await executeAll.call(this);
		return items.map((item) => item.json);
	});
	// Rows kept by the sizing are a prefix of the operation's items; a closing `_note` is not one.
	const kept = rows.length > 0 && rows[rows.length - 1]._note !== undefined ? rows.length - 1 : rows.length;
	return rows.map((json, k) => ({ json, pairedItem: (k < kept ? items[k]?.pairedItem : undefined) ?? { item: 0 } }));
}
