import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * n8n offers every `usableAsTool` node to AI Agents and the MCP Server Trigger as a synthetic node
 * type named after it with a `Tool` suffix (`n8n-nodes-ar-system.arSystemTool`), running the same
 * execute(). The type name is the one signal an operation has that a model, not a workflow author,
 * chose its arguments; `@tool` in displayOptions keys on the same suffix.
 */
export function isToolUse(this: IExecuteFunctions): boolean {
	return this.getNode().type.endsWith('Tool');
}

/** The tool-only switch with which the workflow author lets the agent run a change (see toolSafety). */
export const TOOL_PERMISSION = 'toolAllow';

/** Outside tool use always true: a workflow author chose the operation and its values. */
export function toolAllowed(this: IExecuteFunctions, i: number): boolean {
	if (!isToolUse.call(this)) return true;
	return this.getNodeParameter(TOOL_PERMISSION, i, false) === true;
}

/**
 * The Dry Run an Offboard or Copy Access really runs with: as the node says, except that an agent
 * only gets the report of what would change until the author allows applying for this tool.
 */
export function effectiveDryRun(this: IExecuteFunctions, i: number): boolean {
	const asked = this.getNodeParameter('dryRun', i, false) as boolean;
	return asked || !toolAllowed.call(this, i);
}
