import type {
	INodeProperties,
	INodePropertyCollection,
	INodePropertyOptions,
	INodeType,
} from 'n8n-workflow';

/** The kinds of `methods` an n8n node description can name. */
export type MethodKind =
	| 'loadOptions'
	| 'listSearch'
	| 'resourceMapping'
	| 'localResourceMapping'
	| 'credentialTest';

export interface MethodReference {
	kind: MethodKind;
	method: string;
	/** Where it is referenced, e.g. `filters.conditions.field` or `form[list]`. */
	path: string;
}

type Option = INodeProperties | INodePropertyCollection | INodePropertyOptions;

const isProperty = (option: Option): option is INodeProperties =>
	typeof (option as INodeProperties).type === 'string' && 'default' in option;
const isCollection = (option: Option): option is INodePropertyCollection =>
	Array.isArray((option as INodePropertyCollection).values);

/**
 * Every method a property list references, at any depth: collection options, fixed-collection
 * values, resource-locator modes and resource mappers. Properties are walked whatever their
 * `displayOptions` say, because the editor can show any of them.
 */
export function referencedMethods(properties: INodeProperties[], prefix = ''): MethodReference[] {
	const found: MethodReference[] = [];
	for (const property of properties) {
		const path = `${prefix}${property.name}`;
		const typeOptions = property.typeOptions ?? {};
		if (typeOptions.loadOptionsMethod) {
			found.push({ kind: 'loadOptions', method: typeOptions.loadOptionsMethod, path });
		}
		const mapper = typeOptions.resourceMapper;
		if (mapper && 'resourceMapperMethod' in mapper && mapper.resourceMapperMethod) {
			found.push({ kind: 'resourceMapping', method: mapper.resourceMapperMethod, path });
		}
		if (mapper && 'localResourceMapperMethod' in mapper && mapper.localResourceMapperMethod) {
			found.push({ kind: 'localResourceMapping', method: mapper.localResourceMapperMethod, path });
		}
		for (const mode of property.modes ?? []) {
			const method = mode.typeOptions?.searchListMethod;
			if (method) found.push({ kind: 'listSearch', method, path: `${path}[${mode.name}]` });
		}
		for (const option of (property.options ?? []) as Option[]) {
			if (isCollection(option)) found.push(...referencedMethods(option.values, `${path}.${option.name}.`));
			else if (isProperty(option)) found.push(...referencedMethods([option], `${path}.`));
		}
	}
	return found;
}

/** Every reference in a node's description, its credential tests included. */
export function nodeReferences(node: INodeType): MethodReference[] {
	const references = referencedMethods(node.description.properties);
	for (const credential of node.description.credentials ?? []) {
		if (credential.testedBy && typeof credential.testedBy === 'string') {
			references.push({ kind: 'credentialTest', method: credential.testedBy, path: `credentials.${credential.name}` });
		}
	}
	return references;
}

/** References whose method the node does not declare: what the editor would fail to load. */
export function missingMethods(node: INodeType): MethodReference[] {
	const methods = (node.methods ?? {}) as Record<string, Record<string, unknown> | undefined>;
	return nodeReferences(node).filter((ref) => typeof methods[ref.kind]?.[ref.method] !== 'function');
}

/** Declared methods no property references (dead code, or a reference that was renamed). */
export function unreferencedMethods(node: INodeType): string[] {
	const used = new Set(nodeReferences(node).map((ref) => `${ref.kind}.${ref.method}`));
	const declared = Object.entries((node.methods ?? {}) as Record<string, Record<string, unknown>>).flatMap(
		([kind, group]) => Object.keys(group).map((method) => `${kind}.${method}`),
	);
	return declared.filter((name) => !used.has(name));
}

/**
 * `displayOptions` keys that name no parameter: a key `/x` must be a top-level parameter, a plain
 * key a sibling at the same level (n8n resolves them that way), `@version` is the node version.
 * A wrong key silently hides (or shows) the parameter for ever.
 */
export function danglingDisplayOptions(properties: INodeProperties[], root = properties, prefix = ''): string[] {
	const problems: string[] = [];
	const siblings = new Set(properties.map((p) => p.name));
	const top = new Set(root.map((p) => p.name));
	for (const property of properties) {
		const path = `${prefix}${property.name}`;
		for (const rule of ['show', 'hide'] as const) {
			for (const key of Object.keys(property.displayOptions?.[rule] ?? {})) {
				if (key.startsWith('@')) continue;
				const ok = key.startsWith('/') ? top.has(key.slice(1)) : siblings.has(key);
				if (!ok) problems.push(`${path}: displayOptions.${rule}.${key}`);
			}
		}
		const options = (property.options ?? []) as Option[];
		// A collection's options are siblings of each other; a fixed collection's values likewise.
		const nested = options.filter(isProperty);
		if (nested.length > 0) problems.push(...danglingDisplayOptions(nested, root, `${path}.`));
		for (const option of options) {
			if (isCollection(option)) {
				problems.push(...danglingDisplayOptions(option.values, root, `${path}.${option.name}.`));
			}
		}
	}
	return problems;
}
