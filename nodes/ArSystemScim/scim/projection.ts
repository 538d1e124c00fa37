/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9): which attributes a response
 * carries. `id` and `schemas` (returned: always) are always kept; `userName` too (RFC 7643 §4.1).
 */
import { parseAttrPath } from './filter';
import { badRequest } from './errors';
import type { ResourceKind } from './schemas';
import { coreSchemaOf, resolveAttr } from './schemas';

export interface Projection {
	include?: Set<string>;
	exclude: Set<string>;
}

/** Keys are `schema|attr` or `schema|attr.sub`, lower case. */
function keysOf(kind: ResourceKind, text: unknown, parameter: string): Set<string> | undefined {
	if (text === undefined || text === null || text === '') return undefined;
	const keys = new Set<string>();
	for (const part of String(Array.isArray(text) ? text.join(',') : text).split(',')) {
		const trimmed = part.trim();
		if (trimmed === '') continue;
		const path = parseAttrPath(trimmed, (detail) => badRequest(`${parameter}: ${detail}`, 'invalidValue'));
		const resolved = resolveAttr(kind, path);
		// Unknown names select nothing (RFC 7644 does not make them an error).
		if (!resolved) continue;
		const attr = resolved.def.name.toLowerCase();
		keys.add(`${resolved.schema.toLowerCase()}|${attr}${resolved.sub ? `.${resolved.sub.name.toLowerCase()}` : ''}`);
	}
	return keys;
}

export function projectionFrom(kind: ResourceKind, query: Record<string, unknown>): Projection {
	return {
		include: keysOf(kind, query.attributes, 'attributes'),
		exclude: keysOf(kind, query.excludedAttributes, 'excludedAttributes') ?? new Set(),
	};
}

const ALWAYS = new Set(['id', 'schemas', 'username']);

/** Whether the response needs this top-level attribute (so costly ones, members, can be skipped). */
export function wants(kind: ResourceKind, projection: Projection, attr: string): boolean {
	const key = `${coreSchemaOf(kind).toLowerCase()}|${attr.toLowerCase()}`;
	if (projection.exclude.has(key)) return false;
	if (!projection.include) return true;
	return [...projection.include].some((k) => k === key || k.startsWith(`${key}.`));
}

function projectObject(
	object: Record<string, unknown>,
	schema: string,
	projection: Projection,
	top: boolean,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const prefix = schema.toLowerCase();
	for (const [key, value] of Object.entries(object)) {
		if (top && ALWAYS.has(key.toLowerCase())) {
			out[key] = value;
			continue;
		}
		if (top && key.toLowerCase().startsWith('urn:') && typeof value === 'object' && value !== null) {
			const inner = projectObject(value as Record<string, unknown>, key, projection, false);
			if (Object.keys(inner).length > 0) out[key] = inner;
			continue;
		}
		const attrKey = `${prefix}|${key.toLowerCase()}`;
		if (projection.exclude.has(attrKey)) continue;
		const subExcluded = [...projection.exclude].filter((k) => k.startsWith(`${attrKey}.`)).map((k) => k.slice(attrKey.length + 1));
		let included = true;
		let subIncluded: string[] | undefined;
		if (projection.include) {
			const subs = [...projection.include].filter((k) => k.startsWith(`${attrKey}.`)).map((k) => k.slice(attrKey.length + 1));
			included = projection.include.has(attrKey) || subs.length > 0;
			if (!projection.include.has(attrKey) && subs.length > 0) subIncluded = subs;
		}
		// meta is returned by default; with `attributes` it comes only when asked for.
		if (!included) continue;
		out[key] = pickSubs(value, subIncluded, subExcluded);
	}
	return out;
}

function pickSubs(value: unknown, include: string[] | undefined, exclude: string[]): unknown {
	if (!include && exclude.length === 0) return value;
	const pick = (element: unknown) => {
		if (typeof element !== 'object' || element === null) return element;
		return Object.fromEntries(
			Object.entries(element).filter(([k]) => {
				const lower = k.toLowerCase();
				return (!include || include.includes(lower)) && !exclude.includes(lower);
			}),
		);
	};
	return Array.isArray(value) ? value.map(pick) : pick(value);
}

/** The resource with only the attributes the request asked for. */
export function project(
	kind: ResourceKind,
	resource: Record<string, unknown>,
	projection: Projection,
): Record<string, unknown> {
	if (!projection.include && projection.exclude.size === 0) return resource;
	return projectObject(resource, coreSchemaOf(kind), projection, true);
}
