import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { ArSystem } from '../../../nodes/ArSystem/ArSystem.node';
import { resources } from '../../../nodes/ArSystem/actions/resources';
import type { ToolClass } from '../../../nodes/ArSystem/actions/toolSafety';
import { DEFAULT_AGENT_OUTPUT } from '../../../nodes/ArSystem/helpers/toolOutput';

const properties = new ArSystem().description.properties;
const toolOnly = (p: INodeProperties) => (p.displayOptions?.show?.['@tool'] as unknown[] | undefined)?.includes(true);
const forOperation = (name: string, resource: string, operation: string) =>
	properties.filter(
		(p) =>
			p.name === name &&
			toolOnly(p) &&
			(p.displayOptions?.show?.resource as string[]).includes(resource) &&
			(p.displayOptions?.show?.operation as string[]).includes(operation),
	);

/** Every operation the editor offers, as [resource, operation]. */
const operations: Array<[string, string]> = properties
	.filter((p) => p.name === 'operation')
	.flatMap((p) =>
		(p.options as Array<{ value: string }>).map((o) => [(p.displayOptions?.show?.resource as string[])[0], o.value] as [string, string]),
	);

const classOf = (resource: string, operation: string): ToolClass =>
	((resources as unknown as Record<string, Record<string, { toolClass: ToolClass }>>)[resource][operation]).toolClass;

describe('tool classes: one per operation, declared next to it', () => {
	it('classifies every operation the editor offers', () => {
		expect(operations.length).toBeGreaterThan(30);
		for (const [resource, operation] of operations) {
			expect([resource, operation, ['read', 'change', 'destructive', 'destructiveDryRun', 'entryWrite'].includes(classOf(resource, operation))]).toEqual([resource, operation, true]);
		}
	});

	it('puts the operations the issue names in their classes', () => {
		const named: Record<ToolClass, string[]> = {
			read: ['user.get', 'user.getAll', 'user.getGroups', 'group.get', 'group.getAll', 'group.getMembers', 'supportGroup.getMembers', 'identity.get', 'identity.getAll', 'entry.get', 'entry.getAll', 'person.get'],
			change: ['user.create', 'user.addToGroup', 'user.enable', 'supportGroup.addPerson', 'supportGroup.addFunctionalRole', 'group.create', 'person.create', 'entry.create'],
			destructive: ['user.delete', 'user.disable', 'user.removeFromGroup', 'user.update', 'group.delete', 'person.delete', 'entry.delete', 'supportGroup.removePerson', 'supportGroup.removeFunctionalRole'],
			destructiveDryRun: ['user.offboard', 'user.copyAccess', 'identity.reconcile'],
			entryWrite: ['entry.update', 'entry.upsert'],
		};
		for (const [cls, list] of Object.entries(named)) {
			for (const id of list) {
				const [resource, operation] = id.split('.');
				expect([id, classOf(resource, operation)]).toEqual([id, cls]);
			}
		}
	});

	it('gives each operation a generated tool description and each non-read an explicit, non-expression permission', () => {
		for (const [resource, operation] of operations) {
			const cls = classOf(resource, operation);
			const [description, ...more] = forOperation('toolDescription', resource, operation);
			expect(more).toHaveLength(0);
			expect(typeof description.default).toBe('string');
			expect(description.default).toMatch(/ in BMC Remedy AR System \(/);
			const permission = forOperation('toolAllow', resource, operation);
			if (cls === 'read') {
				expect(description.default).toMatch(/Read-only\.$/);
				expect(permission).toHaveLength(0);
			} else {
				expect(description.default).toMatch(/(Destructive|Changes data)/);
				expect(permission).toHaveLength(1);
				expect(permission[0]).toMatchObject({ type: 'boolean', default: false, noDataExpression: true });
				expect(permission[0].description).toMatch(/^Whether an AI agent using this tool may (run|apply) /);
			}
		}
	});

	it('describes arguments in AR terms from the parameters themselves', () => {
		const text = (resource: string, operation: string) => forOperation('toolDescription', resource, operation)[0].default as string;
		expect(text('user', 'getGroups')).toContain('Needs: User (Login Name, or Request ID).');
		expect(text('user', 'addToGroup')).toContain("Add a group to the user's Group List");
		expect(text('supportGroup', 'addPerson')).toContain('Needs: Support Group (Support Group ID, or Name); Person (Remedy Login ID, or Person ID).');
		// Reassign To is only needed when open tickets are reassigned: not a general argument.
		expect(text('user', 'offboard')).not.toContain('Reassign To');
		expect(text('user', 'offboard')).toContain('runs as a Dry Run');
	});

	it('hides Return All and the workflow Limit from a tool, which gets its own Limit of 10', () => {
		const returnAll = properties.filter((p) => p.name === 'returnAll');
		expect(returnAll.every((p) => (p.displayOptions?.show?.['@tool'] as unknown[]).includes(false))).toBe(true);
		const limits = properties.filter((p) => p.name === 'limit');
		const toolLimits = limits.filter(toolOnly);
		expect(toolLimits.length).toBe(limits.length - toolLimits.length);
		expect(toolLimits.every((p) => p.default === 10)).toBe(true);
	});

	it('opens a new tool node without a list that loads before n8n assigns the credential', () => {
		// What the panel shows first: the defaults, as the AI Agent's tool node (…Tool) sees them.
		const toolType = { ...new ArSystem().description, name: 'arSystemTool' };
		const values = NodeHelpers.getNodeParameters(properties, {}, true, false, null, toolType) as INodeParameters;
		const shown = properties.filter((p) => NodeHelpers.displayParameter(values, p, null, toolType));
		expect(shown.map((p) => p.name)).toEqual(expect.arrayContaining(['resource', 'operation', 'user', 'toolFields']));
		// Top-level lists with a loadOptions method load on mount; Field Names sits in a collection.
		expect(shown.filter((p) => p.typeOptions?.loadOptionsMethod).map((p) => p.name)).toEqual([]);
		const toolFields = shown.find((p) => p.name === 'toolFields')!;
		expect((toolFields.options as INodeProperties[]).map((o) => [o.name, o.typeOptions?.loadOptionsMethod])).toEqual([['fields', 'getFields']]);
		// The workflow node keeps Field Names at the top.
		const workflow = properties.filter((p) => NodeHelpers.displayParameter(values, p, null, new ArSystem().description));
		expect(workflow.map((p) => p.name)).toContain('fields');
		expect(workflow.map((p) => p.name)).not.toContain('toolFields');
	});

	it('shows the same output defaults the sizing uses', () => {
		const output = properties.find((p) => p.name === 'toolOutput')!;
		const option = (name: string) => (output.options as INodeProperties[]).find((o) => o.name === name)!.default;
		expect(option('clipTextAt')).toBe(DEFAULT_AGENT_OUTPUT.clipTextAt);
		expect(option('maxAnswerKb')).toBe(DEFAULT_AGENT_OUTPUT.maxAnswerBytes / 1024);
		expect(option('keepEmptyFields')).toBe(!DEFAULT_AGENT_OUTPUT.dropEmpty);
	});
});
