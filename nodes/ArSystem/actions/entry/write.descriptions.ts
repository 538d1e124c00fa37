import type { INodeProperties } from 'n8n-workflow';

/** How the values of a create / update / upsert are given: mapped field by field, or as JSON. */
export const writeValueFields = (mode: 'add' | 'update'): INodeProperties[] => [
	{
		displayName: 'Input Mode',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Map Each Field',
				value: 'mapper',
				description: 'Pick fields loaded from the form, with required fields marked',
			},
			{ name: 'JSON', value: 'json', description: 'Give the values as a JSON object keyed by field name' },
		],
		default: 'mapper',
	},
	{
		displayName: 'Fields',
		name: 'columns',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['form.value', 'resource', 'operation'],
			resourceMapper: {
				resourceMapperMethod: 'getMappingFields',
				mode,
				fieldWords: { singular: 'field', plural: 'fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
			},
		},
		displayOptions: { show: { inputMode: ['mapper'] } },
	},
	{
		displayName: 'Field Values (JSON)',
		name: 'jsonValues',
		type: 'json',
		default: '{}',
		placeholder: '{"Short Description": "Printer down", "Status": "New"}',
		description: 'Values keyed by field name (or field ID). Selection fields take labels.',
		displayOptions: { show: { inputMode: ['json'] } },
	},
];
