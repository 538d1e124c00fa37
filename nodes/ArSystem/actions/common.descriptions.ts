import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

/**
 * The description of both nodes. n8n's node creator merges a trigger into the action node whose
 * type name it extends (`arSystemTrigger` -> `arSystem`) and shows the *trigger's* description
 * under the merged entry (editor-ui generateMergedNodesAndActions: `node.description =
 * trigger.description`), so that text has to describe the whole app, not only the trigger.
 */
export const APP_DESCRIPTION =
	'Manage users, groups, people and any form in BMC Remedy AR System and BMC Helix ITSM, or start a workflow when entries change';

/** The form an Entry operation works on: picked from the server's list or typed. */
export const formLocator: INodeProperties = {
	displayName: 'Form',
	name: 'form',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The AR System form (for example HPD:Help Desk or User)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchForms', searchable: true },
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. HPD:Help Desk',
			hint: 'Form names are case-sensitive',
		},
	],
};

export const requestIdField: INodeProperties = {
	displayName: 'Request ID',
	name: 'requestId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 000000000000123',
	description:
		'The entry ID (field 1): Request ID on most forms, Person ID on CTM:People. Join forms use IDs like A|B.',
};

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
	// An agent gets the tool's own Limit (toolSafety): a whole form would flood its context.
	displayOptions: { show: { '@tool': [false] } },
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	default: 50,
	typeOptions: { minValue: 1 },
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false], '@tool': [false] } },
};

export const filterOperatorOptions = [
	{ name: 'Contains', value: 'contains' },
	{ name: 'Ends With', value: 'endsWith' },
	{ name: 'Equals', value: 'equals' },
	{ name: 'Greater Than', value: 'gt' },
	{ name: 'Greater Than or Equal', value: 'gte' },
	{ name: 'Is Empty', value: 'isEmpty' },
	{ name: 'Is Not Empty', value: 'isNotEmpty' },
	{ name: 'Is One Of', value: 'isOneOf' },
	{ name: 'Less Than', value: 'lt' },
	{ name: 'Less Than or Equal', value: 'lte' },
	{ name: 'Not Equals', value: 'notEquals' },
	{ name: 'Starts With', value: 'startsWith' },
];

/**
 * The qualification builder plus the raw override. Both can be used at once: the raw text is
 * ANDed with the built conditions, so a user can start from the builder and add what it lacks.
 */
export const filterFields: INodeProperties[] = [
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'fixedCollection',
		placeholder: 'Add Condition',
		default: {},
		typeOptions: { multipleValues: true },
		description:
			'Conditions on the form\'s fields. Values are escaped for you; dates become epoch seconds and selection fields accept their labels.',
		options: [
			{
				displayName: 'Conditions',
				name: 'conditions',
				values: [
					{
						displayName: 'Field Name or ID',
						name: 'field',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['form.value'] },
						default: '',
						description:
							'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
					},
					{
						displayName: 'Operator',
						name: 'operator',
						type: 'options',
						options: filterOperatorOptions,
						default: 'equals',
						description:
							'Contains, Starts With and Ends With work on text fields only; Greater/Less Than compare numbers, dates and selection order',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						displayOptions: { hide: { operator: ['isEmpty', 'isNotEmpty'] } },
						description:
							'For Is One Of, separate values with commas. Dates accept ISO 8601 or epoch seconds.',
					},
					{
						// A second parameter, not a new type for Value: saved conditions keep their
						// typed Value, and a field's type on the server cannot drive displayOptions.
						displayName: 'Selection Value Name or ID',
						name: 'selectionValue',
						type: 'options',
						typeOptions: { loadOptionsMethod: 'getSelectionValues', loadOptionsDependsOn: ['&field', 'form.value'] },
						default: '',
						displayOptions: { show: { operator: ['equals', 'notEquals', 'gt', 'gte', 'lt', 'lte'] } },
						description:
							'For a Selection field: one of the labels the server defines, used instead of Value. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
					},
				],
			},
		],
	},
	{
		displayName: 'Combine Conditions',
		name: 'combineWith',
		type: 'options',
		options: [
			{ name: 'AND', value: 'AND', description: 'Entries must match every condition' },
			{ name: 'OR', value: 'OR', description: 'Entries must match at least one condition' },
		],
		default: 'AND',
	},
	{
		displayName: 'Raw Qualification',
		name: 'rawQualification',
		type: 'string',
		default: '',
		placeholder: "e.g. 'Status' = \"Assigned\" AND 'Urgency' <= \"2-High\"",
		description:
			'An AR System qualification, ANDed with the conditions above. Field names in single quotes, values in double quotes.',
	},
];

export const fieldsToReturn: INodeProperties = {
	displayName: 'Field Names or IDs',
	name: 'fields',
	type: 'multiOptions',
	typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['form.value'] },
	default: [],
	description:
		'Fields to return; leave empty for all. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	// A tool has it under Fields to Return (toolProperties), where the list loads when added: n8n
	// asks a new node's top-level lists before it has assigned the credential.
	displayOptions: { show: { '@tool': [false] } },
};

export const sortField: INodeProperties = {
	displayName: 'Sort',
	name: 'sort',
	type: 'fixedCollection',
	placeholder: 'Add Sort Rule',
	default: {},
	typeOptions: { multipleValues: true },
	description: 'Sort order; the entry ID is always added last so pages stay stable',
	options: [
		{
			displayName: 'Rules',
			name: 'rules',
			values: [
				{
					displayName: 'Field Name or ID',
					name: 'field',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['form.value'] },
					default: '',
					description:
						'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				},
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					options: [
						{ name: 'Ascending', value: 'asc' },
						{ name: 'Descending', value: 'desc' },
					],
					default: 'asc',
				},
			],
		},
	],
};

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return the field values flattened with an _requestId key instead of the raw entry with its links',
};

export const getManyOptions: INodeProperties = optionsCollection([
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		default: 1,
		typeOptions: { minValue: 1, maxValue: 16 },
		description:
			'How many pages to fetch at once. Higher is faster on slow links; keep it low for non-admin accounts (ARERR 9093).',
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		default: 1000,
		typeOptions: { minValue: 1 },
		description:
			'Entries per request. The server may return fewer (Max Entries per Query); paging still returns every entry.',
	},
	{
		displayName: 'Literal Wildcards',
		name: 'likeEscaping',
		type: 'options',
		options: [
			{
				name: 'Escape With Brackets (SQL Server, Sybase)',
				value: 'brackets',
				description: 'Sends [%], [_], [[] so the server matches them literally',
			},
			{
				name: 'Check After Reading (Oracle, DB2)',
				value: 'local',
				description:
					'Sends _ for each %, _ or [ and keeps only entries holding the exact text; needs Combine Conditions = AND',
			},
		],
		default: 'brackets',
		description:
			'How % _ [ in a contains / starts with / ends with value are matched literally. Oracle-backed servers cannot escape them.',
	},
]);

/** Get Many's full parameter set, shared by Entry, User, Group and People. */
export const getManyFields = (withFilters = true): INodeProperties[] => [
	returnAllField,
	limitField,
	...(withFilters ? filterFields : []),
	fieldsToReturn,
	sortField,
	simplifyField,
	getManyOptions,
];

/**
 * A user by Login Name (searchable list), Login Name typed, or Request ID. Mode labels stay as
 * short as n8n's own "From list": the editor's mode selector leaves about 51 px for the label
 * and cuts anything wider ("By Login Name" read "By Logi"); a mode named `id` always shows
 * n8n's "By ID". The hint under the input names the AR field.
 */
export const userLocator: INodeProperties = {
	displayName: 'User',
	name: 'user',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The AR System user (User form)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchUsers', searchable: true },
		},
		{
			displayName: 'By login',
			name: 'login',
			type: 'string',
			placeholder: 'e.g. jsmith',
			hint: 'The Login Name',
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 000000000000042',
			hint: 'The Request ID of the User entry',
		},
	],
};

/** A group by name (searchable list), Group Name typed, Group ID, or Request ID. */
export const groupLocator: INodeProperties = {
	displayName: 'Group',
	name: 'group',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The AR System group (Group form)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchGroups', searchable: true },
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. Service Desk',
			hint: 'The Group Name',
		},
		{
			displayName: 'Number',
			name: 'groupId',
			type: 'string',
			placeholder: 'e.g. 400002',
			hint: 'The Group ID (a whole number)',
			validation: [
				{ type: 'regex', properties: { regex: '^\\d+$', errorMessage: 'A Group ID is a whole number' } },
			],
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 000000000000007',
			hint: 'The Request ID of the Group entry',
		},
	],
};

/** A person by Remedy Login ID (searchable list), Login ID typed, or Person ID. */
export const personLocator: INodeProperties = {
	displayName: 'Person',
	name: 'person',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The CTM:People record',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchPeople', searchable: true },
		},
		{
			displayName: 'By login',
			name: 'login',
			type: 'string',
			placeholder: 'e.g. jsmith',
			hint: 'The Remedy Login ID',
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. PPL000000000005',
			hint: 'The Person ID',
		},
	],
};

/** Any other field of the form, picked from metadata: the escape hatch of every identity form. */
export const otherFieldsCollection: INodeProperties = {
	displayName: 'Other Fields',
	name: 'otherFields',
	type: 'fixedCollection',
	placeholder: 'Add Field',
	default: {},
	typeOptions: { multipleValues: true },
	options: [
		{
			displayName: 'Field',
			name: 'field',
			values: [
				{
					displayName: 'Field Name or ID',
					name: 'name',
					type: 'options',
					typeOptions: { loadOptionsMethod: 'getWritableFields' },
					default: '',
					description:
						'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
				},
				{
					displayName: 'Value',
					name: 'value',
					type: 'string',
					default: '',
				},
			],
		},
	],
};

/** An operation's parameters, shown only for its resource and operation (n8n's updateDisplayOptions). */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

/** A resource's Operation dropdown. */
export function operationSelector(
	resource: string,
	defaultOperation: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource] } },
		options,
		default: defaultOperation,
	};
}

/** The "Options" collection n8n's own nodes end with: settings most runs leave alone. */
export function optionsCollection(options: INodeProperties[], more: Partial<INodeProperties> = {}): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, options, ...more };
}

/** Options → Disabled / Enabled Status Label: the user Status to set where a server has its own labels. */
export function statusLabelOption(target: 'disabled' | 'enabled', description: string): INodeProperties {
	return {
		displayName: target === 'disabled' ? 'Disabled Status Label' : 'Enabled Status Label',
		name: target === 'disabled' ? 'disabledLabel' : 'enabledLabel',
		type: 'string',
		default: '',
		description,
	};
}
