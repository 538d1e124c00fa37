import type { INodeProperties, INodeType } from 'n8n-workflow';

import { ArSystem } from '../../../nodes/ArSystem/ArSystem.node';
import { ArSystemTrigger } from '../../../nodes/ArSystemTrigger/ArSystemTrigger.node';
import {
	danglingDisplayOptions,
	missingMethods,
	nodeReferences,
	referencedMethods,
	unreferencedMethods,
} from './walk';

const nodes: Array<[string, INodeType]> = [
	['AR System', new ArSystem()],
	['AR System Trigger', new ArSystemTrigger()],
];

describe.each(nodes)('%s description', (_name, node) => {
	it('declares every listSearch, loadOptions and resourceMapping method its properties reference', () => {
		expect(nodeReferences(node).length).toBeGreaterThan(0);
		expect(missingMethods(node)).toEqual([]);
	});

	it('declares no method that no property references', () => {
		expect(unreferencedMethods(node)).toEqual([]);
	});

	it('has displayOptions that name existing parameters', () => {
		expect(danglingDisplayOptions(node.description.properties)).toEqual([]);
	});
});

describe('the walk', () => {
	it('finds the pickers both nodes share, at their nested paths', () => {
		const trigger = nodeReferences(new ArSystemTrigger()).map((r) => `${r.kind}.${r.method} @ ${r.path}`);
		expect(trigger).toEqual(
			expect.arrayContaining([
				'listSearch.searchForms @ form[list]',
				'loadOptions.getFields @ filters.conditions.field',
				'loadOptions.getFields @ fields',
			]),
		);
		const action = nodeReferences(new ArSystem()).map((r) => `${r.kind}.${r.method}`);
		expect(action).toEqual(
			expect.arrayContaining([
				'listSearch.searchForms',
				'listSearch.searchUsers',
				'listSearch.searchGroups',
				'listSearch.searchPeople',
				'loadOptions.getFields',
				'resourceMapping.getMappingFields',
			]),
		);
	});

	it('reaches collections, fixed collections, locator modes and mappers hidden by displayOptions', () => {
		const hidden = { show: { operation: ['never'] } };
		const properties: INodeProperties[] = [
			{ displayName: 'Operation', name: 'operation', type: 'options', options: [], default: '' },
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				default: {},
				displayOptions: hidden,
				options: [
					{
						displayName: 'Rules',
						name: 'rules',
						type: 'fixedCollection',
						default: {},
						options: [
							{
								displayName: 'Rule',
								name: 'rule',
								values: [
									{
										displayName: 'Target',
										name: 'target',
										type: 'resourceLocator',
										default: { mode: 'list', value: '' },
										modes: [
											{ displayName: 'List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'deepSearch' } },
											{ displayName: 'ID', name: 'id', type: 'string' },
										],
									},
									{
										displayName: 'Field',
										name: 'field',
										type: 'options',
										default: '',
										typeOptions: { loadOptionsMethod: 'deepOptions' },
									},
								],
							},
						],
					},
				],
			},
			{
				displayName: 'Columns',
				name: 'columns',
				type: 'resourceMapper',
				default: { mappingMode: 'defineBelow', value: null },
				displayOptions: hidden,
				typeOptions: {
					resourceMapper: { resourceMapperMethod: 'mapColumns', mode: 'add', fieldWords: { singular: 'c', plural: 'cs' } },
				},
			},
		];
		expect(referencedMethods(properties)).toEqual([
			{ kind: 'listSearch', method: 'deepSearch', path: 'options.rules.rule.target[list]' },
			{ kind: 'loadOptions', method: 'deepOptions', path: 'options.rules.rule.field' },
			{ kind: 'resourceMapping', method: 'mapColumns', path: 'columns' },
		]);
	});

	it('fails for a node that lacks a referenced method (the trigger before this fix)', () => {
		const trigger = new ArSystemTrigger();
		const withoutMethods = { description: trigger.description } as INodeType;
		const missing = missingMethods(withoutMethods).map((r) => `${r.kind}.${r.method} @ ${r.path}`);
		expect(missing).toEqual(
			expect.arrayContaining([
				'listSearch.searchForms @ form[list]',
				'loadOptions.getFields @ filters.conditions.field',
				'loadOptions.getFields @ fields',
			]),
		);

		const action = new ArSystem();
		const rest: Record<string, unknown> = { ...action.methods.resourceMapping };
		delete rest.getMappingFields;
		const withoutMapper = {
			description: action.description,
			methods: { ...action.methods, resourceMapping: rest },
		} as unknown as INodeType;
		expect(missingMethods(withoutMapper).map((r) => r.method)).toEqual(
			expect.arrayContaining(['getMappingFields']),
		);
		expect(missingMethods(withoutMapper).every((r) => r.method === 'getMappingFields')).toBe(true);
	});

	it('flags a displayOptions key that names no parameter', () => {
		const properties: INodeProperties[] = [
			{ displayName: 'Resource', name: 'resource', type: 'options', options: [], default: '' },
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				default: 50,
				displayOptions: { show: { '/resource': ['x'], returnAll: [false] } },
			},
		];
		expect(danglingDisplayOptions(properties)).toEqual(['limit: displayOptions.show.returnAll']);
	});
});

describe('node creator entry', () => {
	it('merges the trigger into the action node and shows a description true for both', () => {
		// n8n's editor merges `<name>Trigger` into `<name>` and shows the trigger's description there.
		const action = new ArSystem().description;
		const trigger = new ArSystemTrigger().description;
		expect(trigger.name).toBe(`${action.name}Trigger`);
		expect(trigger.description).toBe(action.description);
		expect(action.description).toMatch(/^Manage users, groups, people and any form .* start a workflow when entries change$/);
	});
});
