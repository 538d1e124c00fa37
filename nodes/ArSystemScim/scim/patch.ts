/**
 * PATCH (RFC 7644 §3.5.2) applied to a resource's SCIM JSON in memory. The caller reads the
 * resource, applies the operations here, and writes only what changed, so a PATCH is all or
 * nothing: an invalid operation anywhere fails the request before any write.
 *
 * Written here rather than taken from a library for the same reasons as the filter parser (no
 * runtime dependencies; errors that are SCIM errors). It accepts the dialects identity providers
 * really send:
 * - `op` in any case ("Replace", "Add", "Remove": Entra ID);
 * - booleans as strings ("True", "False": Entra ID);
 * - no `path` and an object `value` ({"active": false}: Okta; with `id` included for groups);
 * - members removed with `path: "members"` and a value array (Entra ID) as well as with
 *   `members[value eq "…"]` (Okta, Entra ID);
 * - add or replace of `emails[type eq "work"].value` on a user without such an email creates it.
 */
import { badRequest, invalidPath, ScimError } from './errors';
import { getIgnoringCase, matchesFilter } from './evaluate';
import type { Filter, PatchPath } from './filter';
import { parsePatchPath } from './filter';
import type { AttrDef, ResourceKind } from './schemas';
import { PATCH_SCHEMA, resolveAttr, schemasOf } from './schemas';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
	op: PatchOpName;
	path?: PatchPath;
	/** The path as sent, for messages. */
	pathText?: string;
	value?: unknown;
}

type Json = Record<string, unknown>;

const noTarget = (detail: string) => new ScimError(400, detail, 'noTarget');
const mutability = (detail: string) => new ScimError(400, detail, 'mutability');

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and checks a PatchOp request body. */
export function parsePatchRequest(body: unknown): PatchOperation[] {
	if (!isObject(body)) throw badRequest('The PATCH body must be a JSON object.', 'invalidSyntax');
	const schemas = getIgnoringCase(body, 'schemas');
	if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(PATCH_SCHEMA))) {
		throw badRequest(`A PATCH body lists the schema ${PATCH_SCHEMA}.`, 'invalidSyntax');
	}
	const operations = getIgnoringCase(body, 'Operations');
	if (!Array.isArray(operations) || operations.length === 0) {
		throw badRequest('The PATCH body needs an "Operations" array with at least one operation.', 'invalidSyntax');
	}
	return operations.map((raw, index) => {
		if (!isObject(raw)) throw badRequest(`Operation ${index + 1} is not an object.`, 'invalidSyntax');
		const op = String(getIgnoringCase(raw, 'op') ?? '').toLowerCase();
		if (op !== 'add' && op !== 'replace' && op !== 'remove') {
			throw badRequest(
				`Operation ${index + 1} has op ${JSON.stringify(getIgnoringCase(raw, 'op') ?? null)}; use add, replace or remove.`,
				'invalidSyntax',
			);
		}
		const pathText = getIgnoringCase(raw, 'path');
		const value = getIgnoringCase(raw, 'value');
		const path =
			pathText === undefined || pathText === null || pathText === ''
				? undefined
				: parsePatchPath(pathText);
		if (!path && op === 'remove') throw noTarget(`Operation ${index + 1} (remove) needs a path.`);
		if (!path && !isObject(value)) {
			throw badRequest(
				`Operation ${index + 1} (${op}) has no path, so its value must be an object of attributes.`,
			);
		}
		if (op !== 'remove' && value === undefined) {
			throw badRequest(`Operation ${index + 1} (${op}) needs a value.`);
		}
		return { op, path, pathText: path ? String(pathText) : undefined, value };
	});
}

/** Coerces a value to an attribute's type; Entra ID sends booleans as "True"/"False". */
function coerce(def: AttrDef, value: unknown, where: string): unknown {
	if (value === null) return null;
	switch (def.type) {
		case 'boolean':
			if (typeof value === 'boolean') return value;
			if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) {
				return value.trim().toLowerCase() === 'true';
			}
			throw badRequest(`${where} is true or false, got ${JSON.stringify(value)}.`);
		case 'complex': {
			if (!isObject(value)) throw badRequest(`${where} must be an object, got ${JSON.stringify(value)}.`);
			const out: Json = {};
			for (const [key, sub] of Object.entries(value)) {
				const subDef = def.subAttributes?.find((s) => s.name.toLowerCase() === key.toLowerCase());
				// Unknown sub-attributes are not stored anywhere, so they are dropped.
				if (subDef) out[subDef.name] = coerce(subDef, sub, `${where}.${subDef.name}`);
			}
			return out;
		}
		default:
			if (typeof value === 'string') return value;
			if (typeof value === 'number' || typeof value === 'boolean') return String(value);
			throw badRequest(`${where} must be text, got ${Array.isArray(value) ? 'a list' : 'an object'}.`);
	}
}

function coerceMulti(def: AttrDef, value: unknown, where: string): unknown[] {
	const list = Array.isArray(value) ? value : [value];
	return list.map((element) => coerce(def, element, where));
}

/** Elements count as equal when their `value` is equal (how SCIM identifies multi-valued values). */
function sameValue(a: unknown, b: unknown): boolean {
	const va = isObject(a) ? a.value : a;
	const vb = isObject(b) ? b.value : b;
	return va !== undefined && va === vb;
}

/** `emails[type eq "work"]` → { type: "work" }: the element a filter describes, when it is plain equalities. */
function elementFromFilter(filter: Filter, def: AttrDef): Json | undefined {
	if (filter.kind === 'and') {
		const left = elementFromFilter(filter.left, def);
		const right = elementFromFilter(filter.right, def);
		return left && right ? { ...left, ...right } : undefined;
	}
	if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.path.sub || filter.value === null) {
		return undefined;
	}
	const sub = def.subAttributes?.find((s) => s.name.toLowerCase() === filter.path.attr.toLowerCase());
	return sub ? { [sub.name]: filter.value } : undefined;
}

interface Location {
	container: Json;
	def: AttrDef;
	sub?: AttrDef;
	name: string;
}

function locate(resource: Json, kind: ResourceKind, path: PatchPath, text: string): Location | undefined {
	const resolved = resolveAttr(kind, path.path);
	if (!resolved) return undefined;
	const core = Object.keys(schemasOf(kind))[0];
	let container = resource;
	if (resolved.schema !== core) {
		if (!isObject(resource[resolved.schema])) resource[resolved.schema] = {};
		container = resource[resolved.schema] as Json;
	}
	const name = resolved.sub ? `${resolved.def.name}.${resolved.sub.name}` : resolved.def.name;
	if (path.subAfterFilter !== undefined) {
		const sub = resolved.def.subAttributes?.find(
			(s) => s.name.toLowerCase() === path.subAfterFilter?.toLowerCase(),
		);
		if (!sub) throw invalidPath(`${text}: ${resolved.def.name} has no sub-attribute ${path.subAfterFilter}.`);
		return { container, def: resolved.def, sub, name: `${resolved.def.name}.${sub.name}` };
	}
	return { container, def: resolved.def, sub: resolved.sub, name };
}

function checkWritable(def: AttrDef, current: unknown, next: unknown, name: string): boolean {
	if (def.mutability !== 'readOnly') return true;
	// Okta sends the group's own id back in a replace; an unchanged read-only value is fine.
	if (JSON.stringify(current) === JSON.stringify(next)) return false;
	throw mutability(`${name} is read-only and cannot be changed by PATCH.`);
}

function applyOne(resource: Json, kind: ResourceKind, operation: PatchOperation, ignored: string[]): void {
	const { op, path } = operation;
	if (!path) {
		// No path: the value is a set of attributes (or extension objects) to add or replace.
		for (const [key, value] of Object.entries(operation.value as Json)) {
			const schemaKey = Object.keys(schemasOf(kind)).find((urn) => urn.toLowerCase() === key.toLowerCase());
			if (schemaKey && isObject(value)) {
				for (const [attr, sub] of Object.entries(value)) {
					applyOne(resource, kind, { op, path: { path: { schema: schemaKey, attr } }, pathText: `${key}:${attr}`, value: sub }, ignored);
				}
				continue;
			}
			if (key.toLowerCase() === 'schemas' || key.includes(':')) {
				if (key.toLowerCase() !== 'schemas') ignored.push(key);
				continue;
			}
			applyOne(resource, kind, { op, path: { path: { attr: key } }, pathText: key, value }, ignored);
		}
		return;
	}
	const text = operation.pathText ?? path.path.attr;
	const location = locate(resource, kind, path, text);
	if (!location) {
		// Attributes this server does not keep (title, phoneNumbers, custom extensions...) are
		// ignored, as for POST and PUT; the response shows what was stored.
		ignored.push(text);
		return;
	}
	const { container, def, sub, name } = location;
	const key = def.name;
	const current = container[key];

	if (path.filter) {
		if (!def.multiValued) throw invalidPath(`${text}: ${def.name} is not multi-valued, so it takes no [filter].`);
		const elements = Array.isArray(current) ? [...current] : [];
		const matches = (element: unknown) =>
			matchesFilter(path.filter as Filter, element, {
				caseExact: (attr) => Boolean(def.subAttributes?.find((s) => s.name.toLowerCase() === attr.toLowerCase())?.caseExact),
			});
		const hit = elements.map(matches);
		if (def.mutability === 'readOnly') throw mutability(`${def.name} is read-only and cannot be changed by PATCH.`);
		if (op === 'remove') {
			container[key] = sub
				? elements.map((e, i) => (hit[i] && isObject(e) ? omit(e, sub.name) : e))
				: elements.filter((_, i) => !hit[i]);
			return;
		}
		if (!hit.some(Boolean)) {
			const seed = elementFromFilter(path.filter, def);
			if (!seed) throw noTarget(`${text} matches no value of ${def.name}.`);
			const created = sub ? { ...seed, [sub.name]: coerce(sub, operation.value, name) } : { ...seed, ...(coerce(def, operation.value, name) as Json) };
			container[key] = [...elements, created];
			return;
		}
		container[key] = elements.map((e, i) => {
			if (!hit[i]) return e;
			if (sub) return { ...(isObject(e) ? e : {}), [sub.name]: coerce(sub, operation.value, name) };
			return op === 'add' ? { ...(isObject(e) ? e : {}), ...(coerce(def, operation.value, name) as Json) } : coerce(def, operation.value, name);
		});
		return;
	}

	if (sub) {
		// name.givenName, or emails.value (every element of a multi-valued attribute).
		if (def.mutability === 'readOnly' || sub.mutability === 'readOnly') {
			throw mutability(`${name} is read-only and cannot be changed by PATCH.`);
		}
		if (def.multiValued) {
			const elements = Array.isArray(current) && current.length > 0 ? current : [{}];
			container[key] = elements.map((e) =>
				op === 'remove' ? omit(isObject(e) ? e : {}, sub.name) : { ...(isObject(e) ? e : {}), [sub.name]: coerce(sub, operation.value, name) },
			);
			return;
		}
		const object = isObject(current) ? { ...current } : {};
		if (op === 'remove') delete object[sub.name];
		else object[sub.name] = coerce(sub, operation.value, name);
		container[key] = object;
		return;
	}

	if (op === 'remove') {
		if (def.required) throw mutability(`${def.name} is required and cannot be removed.`);
		if (def.mutability === 'readOnly') throw mutability(`${def.name} is read-only and cannot be changed by PATCH.`);
		if (def.multiValued && operation.value !== undefined && operation.value !== null) {
			// Entra ID: {"op":"Remove","path":"members","value":[{"value":"…"}]} removes those values.
			const gone = coerceMulti(def, operation.value, name);
			container[key] = (Array.isArray(current) ? current : []).filter((e) => !gone.some((g) => sameValue(e, g)));
			return;
		}
		delete container[key];
		return;
	}

	if (def.multiValued) {
		const values = coerceMulti(def, operation.value, name);
		if (!checkWritable(def, current, values, def.name)) return;
		if (op === 'replace') {
			container[key] = values;
			return;
		}
		const list = Array.isArray(current) ? [...current] : [];
		for (const value of values) {
			const at = list.findIndex((e) => sameValue(e, value));
			if (at < 0) list.push(value);
			else if (isObject(list[at]) && isObject(value)) list[at] = { ...(list[at] as Json), ...value };
		}
		container[key] = list;
		return;
	}
	const value = coerce(def, operation.value, def.name);
	if (!checkWritable(def, current, value, def.name)) return;
	// A complex attribute keeps the sub-attributes the value does not mention (RFC 7644 §3.5.2.1, .3).
	container[key] = def.type === 'complex' && isObject(current) && isObject(value) ? { ...current, ...value } : value;
}

function omit(object: Json, key: string): Json {
	const copy = { ...object };
	delete copy[key];
	return copy;
}

/**
 * Applies the operations in order to a copy of the resource. Returns the new resource and the
 * paths of attributes the server does not keep (ignored).
 */
export function applyPatch(
	resource: Json,
	operations: PatchOperation[],
	kind: ResourceKind,
): { resource: Json; ignored: string[] } {
	const copy = JSON.parse(JSON.stringify(resource)) as Json;
	const ignored: string[] = [];
	for (const operation of operations) applyOne(copy, kind, operation, ignored);
	return { resource: copy, ignored };
}
