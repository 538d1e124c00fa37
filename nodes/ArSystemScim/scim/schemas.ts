/**
 * The attributes the bridge supports (RFC 7643 §4 core User and Group, §4.3 enterprise extension),
 * in the shape `/Schemas` publishes. The same definitions drive attribute-name case folding,
 * `attributes` / `excludedAttributes`, PATCH value typing and `returned: never` for passwords, so
 * what the server says it supports is what it does.
 */
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export type AttrType = 'string' | 'boolean' | 'dateTime' | 'complex' | 'reference' | 'integer';

export interface AttrDef {
	name: string;
	type: AttrType;
	multiValued?: boolean;
	required?: boolean;
	caseExact?: boolean;
	mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
	returned?: 'always' | 'never' | 'default' | 'request';
	uniqueness?: 'none' | 'server' | 'global';
	description: string;
	subAttributes?: AttrDef[];
	canonicalValues?: string[];
	referenceTypes?: string[];
}

const str = (name: string, description: string, extra: Partial<AttrDef> = {}): AttrDef => ({
	name,
	type: 'string',
	description,
	...extra,
});

/** `meta` and `id` are common attributes (RFC 7643 §3.1), listed on every resource. */
const COMMON: AttrDef[] = [
	str('id', 'The AR System Request ID of the entry.', {
		mutability: 'readOnly',
		returned: 'always',
		caseExact: true,
		uniqueness: 'server',
	}),
	{
		name: 'meta',
		type: 'complex',
		mutability: 'readOnly',
		description: 'Resource metadata.',
		subAttributes: [
			str('resourceType', 'User or Group.', { mutability: 'readOnly', caseExact: true }),
			{ name: 'created', type: 'dateTime', mutability: 'readOnly', description: 'Create Date.' },
			{
				name: 'lastModified',
				type: 'dateTime',
				mutability: 'readOnly',
				description: 'Modified Date.',
			},
			{ name: 'location', type: 'reference', mutability: 'readOnly', description: 'Resource URI.' },
		],
	},
];

export const USER_ATTRIBUTES: AttrDef[] = [
	...COMMON,
	str('externalId', "The identity provider's ID, kept in the field set under Options.", {
		caseExact: true,
	}),
	str('userName', 'Login Name (User form field 101).', {
		required: true,
		uniqueness: 'server',
		returned: 'always',
	}),
	{
		name: 'name',
		type: 'complex',
		description: "The user's name parts, kept on the CTM:People record of the login.",
		subAttributes: [
			str('formatted', 'First and last name, read from CTM:People.', { mutability: 'readOnly' }),
			str('familyName', 'CTM:People Last Name.'),
			str('givenName', 'CTM:People First Name.'),
			str('middleName', 'CTM:People Middle Initial.'),
		],
	},
	str('displayName', 'Full Name (User form field 8).'),
	{
		name: 'emails',
		type: 'complex',
		multiValued: true,
		description: 'Email Address (User form field 103); AR keeps one address.',
		subAttributes: [
			str('value', 'The address.'),
			str('type', 'Always work.', { canonicalValues: ['work'] }),
			{ name: 'primary', type: 'boolean', description: 'Always true.' },
		],
	},
	{
		name: 'active',
		type: 'boolean',
		description: "Status (User form field 7): the server's enabled label, or its disabled label.",
	},
	str('password', 'Password (User form field 102); never returned.', {
		mutability: 'writeOnly',
		returned: 'never',
		caseExact: true,
	}),
	{
		name: 'groups',
		type: 'complex',
		multiValued: true,
		mutability: 'readOnly',
		description: "The AR groups in the user's Group List; change them through /Groups.",
		subAttributes: [
			str('value', 'The group resource id.', { mutability: 'readOnly', caseExact: true }),
			{
				name: '$ref',
				type: 'reference',
				referenceTypes: ['Group'],
				mutability: 'readOnly',
				description: 'The group resource URI.',
			},
			str('display', 'Group Name.', { mutability: 'readOnly' }),
			str('type', 'Always direct.', { mutability: 'readOnly', canonicalValues: ['direct'] }),
		],
	},
];

export const ENTERPRISE_ATTRIBUTES: AttrDef[] = [
	str('organization', 'CTM:People Organization.'),
	str('department', 'CTM:People Department.'),
];

export const GROUP_ATTRIBUTES: AttrDef[] = [
	...COMMON,
	str('externalId', 'Accepted and echoed, not stored: the AR Group form has no field for it.', {
		caseExact: true,
	}),
	str('displayName', 'Group Name (Group form field 105).', {
		required: true,
		uniqueness: 'server',
	}),
	{
		name: 'members',
		type: 'complex',
		multiValued: true,
		description: "Users whose Group List (User form field 104) holds this group's ID.",
		subAttributes: [
			str('value', 'The user resource id.', { mutability: 'immutable', caseExact: true }),
			{
				name: '$ref',
				type: 'reference',
				referenceTypes: ['User'],
				mutability: 'immutable',
				description: 'The user resource URI.',
			},
			str('display', 'Login Name.', { mutability: 'readOnly' }),
			str('type', 'Always User: AR groups do not nest.', {
				mutability: 'immutable',
				canonicalValues: ['User'],
			}),
		],
	},
];

export type ResourceKind = 'User' | 'Group';

/** The definitions of a resource, keyed by schema URN. */
export function schemasOf(kind: ResourceKind): Record<string, AttrDef[]> {
	return kind === 'User'
		? { [USER_SCHEMA]: USER_ATTRIBUTES, [ENTERPRISE_SCHEMA]: ENTERPRISE_ATTRIBUTES }
		: { [GROUP_SCHEMA]: GROUP_ATTRIBUTES };
}

export function coreSchemaOf(kind: ResourceKind): string {
	return kind === 'User' ? USER_SCHEMA : GROUP_SCHEMA;
}

export interface ResolvedAttr {
	/** The schema URN the attribute belongs to. */
	schema: string;
	def: AttrDef;
	sub?: AttrDef;
}

/**
 * Finds an attribute (and sub-attribute) by name, ignoring case as RFC 7643 §2.1 says; `schema`
 * picks the extension, and without it core attributes win over extension ones.
 */
export function resolveAttr(
	kind: ResourceKind,
	path: { schema?: string; attr: string; sub?: string },
): ResolvedAttr | undefined {
	const schemas = schemasOf(kind);
	const candidates = path.schema
		? Object.entries(schemas).filter(([urn]) => urn.toLowerCase() === path.schema?.toLowerCase())
		: Object.entries(schemas);
	for (const [schema, defs] of candidates) {
		const def = defs.find((d) => d.name.toLowerCase() === path.attr.toLowerCase());
		if (!def) continue;
		if (path.sub === undefined) return { schema, def };
		const sub = def.subAttributes?.find((s) => s.name.toLowerCase() === path.sub?.toLowerCase());
		return sub ? { schema, def, sub } : undefined;
	}
	return undefined;
}

function schemaDocument(
	id: string,
	name: string,
	description: string,
	attributes: AttrDef[],
	location: (path: string) => string | undefined,
) {
	const withDefaults = (def: AttrDef): Record<string, unknown> => ({
		name: def.name,
		type: def.type,
		multiValued: def.multiValued ?? false,
		description: def.description,
		required: def.required ?? false,
		caseExact: def.caseExact ?? false,
		mutability: def.mutability ?? 'readWrite',
		returned: def.returned ?? 'default',
		uniqueness: def.uniqueness ?? 'none',
		...(def.canonicalValues ? { canonicalValues: def.canonicalValues } : {}),
		...(def.referenceTypes ? { referenceTypes: def.referenceTypes } : {}),
		...(def.subAttributes ? { subAttributes: def.subAttributes.map(withDefaults) } : {}),
	});
	return {
		schemas: [SCHEMA_SCHEMA],
		id,
		name,
		description,
		// id and meta are common attributes, not part of a schema's attribute list (RFC 7643 §7).
		attributes: attributes.filter((a) => a.name !== 'id' && a.name !== 'meta').map(withDefaults),
		meta: { resourceType: 'Schema', ...optionalLocation(location(`/Schemas/${id}`)) },
	};
}

function optionalLocation(location: string | undefined) {
	return location === undefined ? {} : { location };
}

/**
 * The schemas as this server keeps them: an attribute that is accepted but not stored is not
 * advertised (externalId of users unless Options → External ID Field names a field; externalId
 * of groups never), so an identity provider does not map data that would be dropped.
 */
export function schemaDocuments(location: (path: string) => string | undefined, keepsUserExternalId = false) {
	const kept = (attributes: AttrDef[], externalId: boolean) => attributes.filter((a) => externalId || a.name !== 'externalId');
	return [
		schemaDocument(USER_SCHEMA, 'User', 'User Account (AR System User form)', kept(USER_ATTRIBUTES, keepsUserExternalId), location),
		schemaDocument(
			ENTERPRISE_SCHEMA,
			'EnterpriseUser',
			'Enterprise User (from CTM:People)',
			ENTERPRISE_ATTRIBUTES,
			location,
		),
		schemaDocument(GROUP_SCHEMA, 'Group', 'Group (AR System Group form)', kept(GROUP_ATTRIBUTES, false), location),
	];
}

export function resourceTypeDocuments(location: (path: string) => string | undefined) {
	return [
		{
			schemas: [RESOURCE_TYPE_SCHEMA],
			id: 'User',
			name: 'User',
			endpoint: '/Users',
			description: 'AR System login (User form) with its CTM:People record',
			schema: USER_SCHEMA,
			schemaExtensions: [{ schema: ENTERPRISE_SCHEMA, required: false }],
			meta: { resourceType: 'ResourceType', ...optionalLocation(location('/ResourceTypes/User')) },
		},
		{
			schemas: [RESOURCE_TYPE_SCHEMA],
			id: 'Group',
			name: 'Group',
			endpoint: '/Groups',
			description: 'AR System group (Group form); members are Group Lists of users',
			schema: GROUP_SCHEMA,
			meta: { resourceType: 'ResourceType', ...optionalLocation(location('/ResourceTypes/Group')) },
		},
	];
}

export function serviceProviderConfig(
	location: (path: string) => string | undefined,
	maxResults: number,
) {
	return {
		schemas: [SPC_SCHEMA],
		documentationUri: 'https://github.com/n8n-nodes-ar-system/n8n-nodes-ar-system#scim-20-bridge',
		patch: { supported: true },
		bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
		filter: { supported: true, maxResults },
		changePassword: { supported: true },
		sort: { supported: false },
		etag: { supported: false },
		authenticationSchemes: [
			{
				type: 'oauthbearertoken',
				name: 'Bearer token',
				description: 'The token set on the AR System node, sent as Authorization: Bearer <token>',
				primary: true,
			},
		],
		meta: {
			resourceType: 'ServiceProviderConfig',
			...optionalLocation(location('/ServiceProviderConfig')),
		},
	};
}
