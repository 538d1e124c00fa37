import type { IDataObject } from 'n8n-workflow';

/**
 * Sizes an operation's output for a model's context. n8n hands an agent (or an MCP client) the
 * JSON of every output item as one text, so an HPD:Help Desk row with its work notes, or a few
 * hundred of them, would push everything else out of the model's window. Only tool use goes
 * through here; workflows keep the full rows.
 */
export interface AgentOutputLimits {
	/** Text longer than this is cut, with a note saying how long it was. */
	clipTextAt: number;
	/** Leave out null, '' and empty lists (most of a wide ITSM row is empty). */
	dropEmpty: boolean;
	/** The whole answer stays under this many bytes of JSON; further rows are left out with a note. */
	maxAnswerBytes: number;
}

export const DEFAULT_AGENT_OUTPUT: AgentOutputLimits = {
	clipTextAt: 200,
	dropEmpty: true,
	maxAnswerBytes: 40 * 1024,
};

/** Nested reports (an identity's groups, an offboard plan) are walked this deep, no deeper. */
const MAX_DEPTH = 6;

function isEmpty(value: unknown): boolean {
	return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

export function clipText(text: string, at: number): string {
	if (text.length <= at) return text;
	return `${text.slice(0, at)}… [clipped: ${text.length} characters in all]`;
}

function sizeValue(value: unknown, limits: AgentOutputLimits, depth: number): unknown {
	if (typeof value === 'string') return clipText(value, limits.clipTextAt);
	if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
	if (Array.isArray(value)) return value.map((element) => sizeValue(element, limits, depth + 1));
	return sizeObject(value as IDataObject, limits, depth + 1);
}

function sizeObject(row: IDataObject, limits: AgentOutputLimits, depth: number): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(row)) {
		if (limits.dropEmpty && isEmpty(value)) continue;
		out[key] = sizeValue(value, limits, depth) as IDataObject[string];
	}
	return out;
}

function leftOutNote(left: number, total: number, limits: AgentOutputLimits): IDataObject {
	return {
		_note:
			`${left} of ${total} results left out: the answer is limited to ` +
			`${Math.round(limits.maxAnswerBytes / 1024)} KB for the agent. Narrow the filter or ask for fewer fields.`,
	};
}

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/**
 * The rows as an agent gets them: each one with long text clipped (and empties left out if asked),
 * then as many rows as fit the answer budget. A cut answer ends with a note the model can act on,
 * and the note fits the budget too (the first row is always answered, however long).
 */
export function sizeForAgent(rows: IDataObject[], limits: AgentOutputLimits): IDataObject[] {
	const out: IDataObject[] = [];
	const sizes: number[] = [];
	// Brackets and commas of the JSON array the rows are sent in.
	let bytes = 2;
	for (const row of rows) {
		const sized = sizeObject(row, limits, 0);
		const size = jsonBytes(sized) + 1;
		if (out.length > 0 && bytes + size > limits.maxAnswerBytes) {
			// Make room for the note: drop rows from the end while it does not fit (keep the first).
			while (out.length > 1 && bytes + jsonBytes(leftOutNote(rows.length - out.length, rows.length, limits)) + 1 > limits.maxAnswerBytes) {
				bytes -= sizes.pop() ?? 0;
				out.pop();
			}
			out.push(leftOutNote(rows.length - out.length, rows.length, limits));
			break;
		}
		bytes += size;
		sizes.push(size);
		out.push(sized);
	}
	return out;
}
