/**
 * Filters evaluated in memory over SCIM JSON: the value filters of PATCH paths
 * (`members[value eq "…"]`, `emails[type eq "work"]`) and the attributes whose values are fixed
 * by the mapping (an AR user has one email, always `type: work`, `primary: true`).
 * Comparison rules of RFC 7644 §3.4.2.2: strings ignore case unless the attribute is caseExact,
 * `pr` is "has a non-empty value", ordering works on strings, numbers and dateTimes.
 */
import { invalidFilter } from './errors';
import type { CompareOp, Filter, Literal } from './filter';

/** Reads `key` of a JSON object ignoring case, as SCIM attribute names are case-insensitive. */
export function getIgnoringCase(object: unknown, key: string): unknown {
	if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
	const record = object as Record<string, unknown>;
	if (key in record) return record[key];
	const lower = key.toLowerCase();
	const found = Object.keys(record).find((k) => k.toLowerCase() === lower);
	return found === undefined ? undefined : record[found];
}

function isPresent(value: unknown): boolean {
	if (value === undefined || value === null || value === '') return false;
	if (Array.isArray(value)) return value.some(isPresent);
	if (typeof value === 'object') return Object.values(value).some(isPresent);
	return true;
}

function compareOne(actual: unknown, op: CompareOp, expected: Literal, caseExact: boolean): boolean {
	if (expected === null) {
		if (op === 'eq') return !isPresent(actual);
		if (op === 'ne') return isPresent(actual);
		throw invalidFilter(`"${op} null" is not a comparison; use "pr" or "eq null".`);
	}
	if (actual === undefined || actual === null) return op === 'ne';
	if (typeof expected === 'boolean' || typeof actual === 'boolean') {
		const a = typeof actual === 'string' ? actual.toLowerCase() === 'true' : actual === true;
		if (typeof expected !== 'boolean') return op === 'ne';
		if (op === 'eq') return a === expected;
		if (op === 'ne') return a !== expected;
		throw invalidFilter(`"${op}" does not apply to true/false values; use eq or ne.`);
	}
	if (typeof expected === 'number' && typeof actual === 'number') {
		return ordered(actual - expected, op, () => String(actual).includes(String(expected)));
	}
	let a = String(actual);
	let e = String(expected);
	if (!caseExact) {
		a = a.toLowerCase();
		e = e.toLowerCase();
	}
	switch (op) {
		case 'co':
			return a.includes(e);
		case 'sw':
			return a.startsWith(e);
		case 'ew':
			return a.endsWith(e);
		default: {
			const ta = Date.parse(a);
			const te = Date.parse(e);
			// Two timestamps compare as instants; anything else compares as text.
			const diff =
				/^\d{4}-\d\d-\d\d/.test(a) && /^\d{4}-\d\d-\d\d/.test(e) && !isNaN(ta) && !isNaN(te)
					? ta - te
					: a < e
						? -1
						: a > e
							? 1
							: 0;
			return ordered(diff, op, () => false);
		}
	}
}

function ordered(diff: number, op: CompareOp, contains: () => boolean): boolean {
	switch (op) {
		case 'eq':
			return diff === 0;
		case 'ne':
			return diff !== 0;
		case 'gt':
			return diff > 0;
		case 'ge':
			return diff >= 0;
		case 'lt':
			return diff < 0;
		case 'le':
			return diff <= 0;
		default:
			return contains();
	}
}

export interface EvalOptions {
	/** Whether `attr` (or `attr.sub`) compares case-sensitively. */
	caseExact?: (attr: string, sub?: string) => boolean;
}

/** Values at `attr.sub` of `object`; a multi-valued attribute gives each element's value. */
function valuesAt(object: unknown, attr: string, sub?: string): unknown[] {
	const top = getIgnoringCase(object, attr);
	const tops = Array.isArray(top) ? top : [top];
	if (sub === undefined) {
		// `emails eq "x"` means the value sub-attribute of a multi-valued complex attribute.
		return tops.map((t) =>
			typeof t === 'object' && t !== null && !Array.isArray(t) ? getIgnoringCase(t, 'value') : t,
		);
	}
	return tops.map((t) => getIgnoringCase(t, sub));
}

/** Whether the JSON object matches the filter. */
export function matchesFilter(filter: Filter, object: unknown, options: EvalOptions = {}): boolean {
	const exact = options.caseExact ?? (() => false);
	switch (filter.kind) {
		case 'and':
			return matchesFilter(filter.left, object, options) && matchesFilter(filter.right, object, options);
		case 'or':
			return matchesFilter(filter.left, object, options) || matchesFilter(filter.right, object, options);
		case 'not':
			return !matchesFilter(filter.filter, object, options);
		case 'present':
			return valuesAt(object, filter.path.attr, filter.path.sub).some(isPresent);
		case 'compare': {
			const values = valuesAt(object, filter.path.attr, filter.path.sub);
			const caseExact = exact(filter.path.attr, filter.path.sub);
			if (filter.op === 'ne') {
				return !values.some((v) => compareOne(v, 'eq', filter.value, caseExact));
			}
			return values.some((v) => compareOne(v, filter.op, filter.value, caseExact));
		}
		case 'valuePath': {
			const top = getIgnoringCase(object, filter.path.attr);
			const elements = Array.isArray(top) ? top : top === undefined ? [] : [top];
			return elements.some((element) =>
				matchesFilter(filter.filter, element, {
					caseExact: (attr) => exact(filter.path.attr, attr),
				}),
			);
		}
	}
}
