import type { INodeProperties } from 'n8n-workflow';

import type { OperationModule, ToolClass } from './toolSafety';

/**
 * Parameters only the tool form of the node shows (`@tool` in displayOptions), made from the
 * operations' own descriptions and classes so nothing is written twice: each operation's tool
 * description (what the agent is told), the author's explicit permission for anything but a
 * read, a smaller default Limit, and how answers are sized for a model.
 */

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

/**
 * Typed locator modes in AR's words: the editor's labels are short ("By Login", "By ID") to fit
 * its mode selector, a model is better told which AR field the value is. Keyed by list method.
 */
const MODE_TERMS: Record<string, string> = {
	'searchUsers.login': 'Login Name',
	'searchUsers.id': 'Request ID',
	'searchGroups.name': 'Group Name',
	'searchGroups.groupId': 'Group ID',
	'searchGroups.id': 'Request ID',
	'searchPeople.login': 'Remedy Login ID',
	'searchPeople.id': 'Person ID',
	'searchSupportGroups.id': 'Support Group ID',
};

/** "User (Login Name, or Request ID)": a parameter as the model should think of it. */
function argumentText(property: INodeProperties): string {
	if (property.type === 'resourceLocator' && property.modes) {
		const typed = property.modes.filter((mode) => mode.type !== 'list');
		// Keyed by the list's method, so a copy of a locator (Template User) reads the same.
		const list = property.modes.find((mode) => mode.type === 'list')?.typeOptions?.searchListMethod;
		// One way to give it (a form by name): its example says more than "Name".
		if (typed.length === 1 && typed[0].placeholder) return `${property.displayName} (${typed[0].placeholder})`;
		return `${property.displayName} (${typed.map((mode) => MODE_TERMS[`${list}.${mode.name}`] ?? mode.displayName.replace(/^By /, '')).join(', or ')})`;
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

/**
 * Field Names in a tool: the same picker inside a collection, so its list loads when the author
 * adds it. A list at the top of a new tool node loads when the panel first opens, before n8n
 * 2.41 has assigned the credential, and then shows "Error fetching options" (README: "n8n's
 * first request for a new node"); a collection option is mounted later, with the credential set.
 */
function fieldsProperty(entry: OperationEntry, fields: INodeProperties): INodeProperties {
	return {
		displayName: 'Fields to Return',
		name: 'toolFields',
		type: 'collection',
		placeholder: 'Choose Fields',
		default: {},
		displayOptions: toolShow(entry),
		options: [
			{
				...fields,
				displayOptions: undefined,
				description:
					'Fields the agent gets; leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
		],
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
		const fields = entry.properties.find((p) => p.name === 'fields' && p.type === 'multiOptions');
		if (fields) bottom.push(fieldsProperty(entry, fields));
	}
	bottom.push(agentOutputOptions);
	return { top, bottom };
}
