/**
 * SCIM filter → AR qualification. Every value goes through the node's one qualification builder
 * (buildCondition: quotes doubled, LIKE wildcards escaped, dates as epoch seconds, labels checked),
 * so a filter value can never change the qualification's structure.
 *
 * Exactness: SCIM and SQL disagree on missing values. In SCIM `not (title eq "x")` and
 * `title ne "x"` match users without a title; in AR (SQL) `NOT ('f' = "x")` and `'f' != "x"` do
 * not. So negations are pushed down to the conditions (De Morgan) and a negated condition also
 * matches `$NULL$`. Attributes whose value is fixed by the mapping (an AR user has one email, of
 * type work, primary) are decided here, so the result is a qualification, or `true` (everything)
 * or `false` (nothing, no request needed). What AR cannot express is refused, never approximated.
 */
import type { QualField, QualOperator } from '../../ArSystem/helpers/qualification';
import { buildCondition, combine } from '../../ArSystem/helpers/qualification';
import { invalidFilter } from './errors';
import { matchesFilter } from './evaluate';
import type { AttrPath, CompareOp, Filter, Literal } from './filter';

export type Target =
	/** A field of the form. `text` types allow co/sw/ew; dateTime values are ISO timestamps. */
	| { kind: 'field'; field: QualField; type: 'string' | 'dateTime' }
	/** `active`: the Status field equals the enabled label. */
	| { kind: 'status'; field: QualField; enabledLabel: string }
	/** Decided by the mapping, e.g. emails.type is always "work". */
	| { kind: 'constant'; value: Literal }
	/** A multi-valued attribute AR keeps as one field: `emails[...]` looks at that one value. */
	| { kind: 'single'; presence: QualField }
	| { kind: 'refused'; reason: string };

/**
 * Maps an attribute path to its target. `within` is the multi-valued attribute of an enclosing
 * value filter (`emails` in `emails[type eq "work"]`), whose sub-attributes `path` then names.
 */
export type Resolver = (path: AttrPath, within?: string) => Target;

export type Qualification = string | boolean;

const OPERATOR: Record<Exclude<CompareOp, 'ne'>, QualOperator> = {
	eq: 'equals',
	co: 'contains',
	sw: 'startsWith',
	ew: 'endsWith',
	gt: 'gt',
	ge: 'gte',
	lt: 'lt',
	le: 'lte',
};

function pathText(path: AttrPath): string {
	return [path.schema, `${path.attr}${path.sub ? `.${path.sub}` : ''}`].filter(Boolean).join(':');
}

function all(parts: Qualification[], operator: 'AND' | 'OR'): Qualification {
	const absorbing = operator === 'OR';
	if (parts.some((p) => p === absorbing)) return absorbing;
	const texts = parts.filter((p): p is string => typeof p === 'string');
	if (texts.length === 0) return !absorbing;
	if (texts.length === 1) return texts[0];
	return combine(texts, operator);
}

function condition(field: QualField, operator: QualOperator, value?: unknown): string {
	return buildCondition({ field: String(field.id), operator, value }, field);
}

function isNull(field: QualField): string {
	return condition(field, 'isEmpty');
}

/** A negated condition also matches entries without a value (see the module comment). */
function negated(field: QualField, text: string): string {
	return combine([`NOT (${text})`, isNull(field)], 'OR');
}

function fieldLeaf(
	target: Extract<Target, { kind: 'field' }>,
	filter: Extract<Filter, { kind: 'compare' | 'present' }>,
	negate: boolean,
): Qualification {
	const { field } = target;
	const name = pathText(filter.path);
	if (filter.kind === 'present') {
		return condition(field, negate ? 'isEmpty' : 'isNotEmpty');
	}
	const { op, value } = filter;
	if (value === null) {
		if (op !== 'eq' && op !== 'ne') {
			throw invalidFilter(`"${name} ${op} null" is not a comparison; use "${name} pr" or "eq null".`);
		}
		return condition(field, (op === 'eq') !== negate ? 'isEmpty' : 'isNotEmpty');
	}
	if (typeof value !== 'string') {
		throw invalidFilter(
			`${name} holds text; compare it with a quoted string such as "${String(value)}".`,
		);
	}
	if (target.type === 'dateTime' && (op === 'co' || op === 'sw' || op === 'ew')) {
		throw invalidFilter(`"${op}" does not apply to the date ${name}; use eq, gt, ge, lt or le.`);
	}
	if (value === '' && (op === 'co' || op === 'sw' || op === 'ew')) {
		// Every text contains "", but AR's LIKE "%%" skips empty fields; say so instead of guessing.
		throw invalidFilter(`"${name} ${op} """ needs text to look for; use "${name} pr" for any value.`);
	}
	if (target.type === 'dateTime' && isNaN(Date.parse(value))) {
		throw invalidFilter(`${name} is a date; give it as an ISO 8601 time such as "2026-01-31T12:00:00Z".`);
	}
	if (op === 'ne') {
		const equal = condition(field, 'equals', value);
		return negate ? equal : negated(field, equal);
	}
	const text = condition(field, OPERATOR[op], value);
	return negate ? negated(field, text) : text;
}

function statusLeaf(
	target: Extract<Target, { kind: 'status' }>,
	filter: Extract<Filter, { kind: 'compare' | 'present' }>,
	negate: boolean,
): Qualification {
	const name = pathText(filter.path);
	// Status is a required field, so `active` always has a value.
	if (filter.kind === 'present') return !negate;
	let wanted: boolean;
	const { op, value } = filter;
	if (typeof value === 'boolean') wanted = value;
	else if (typeof value === 'string' && /^(true|false)$/i.test(value)) wanted = value.toLowerCase() === 'true';
	else throw invalidFilter(`${name} is true or false, got ${JSON.stringify(value)}.`);
	if (op !== 'eq' && op !== 'ne') {
		throw invalidFilter(`"${op}" does not apply to ${name}; use eq or ne with true or false.`);
	}
	const active = (op === 'eq') === wanted;
	const enabled = condition(target.field, 'equals', target.enabledLabel);
	return active !== negate ? enabled : negated(target.field, enabled);
}

function leaf(
	filter: Extract<Filter, { kind: 'compare' | 'present' }>,
	resolve: Resolver,
	negate: boolean,
	within?: string,
): Qualification {
	const target = resolve(filter.path, within);
	switch (target.kind) {
		case 'refused':
			throw invalidFilter(target.reason);
		case 'field':
			return fieldLeaf(target, filter, negate);
		case 'status':
			return statusLeaf(target, filter, negate);
		case 'constant': {
			const key = filter.path.sub ?? filter.path.attr;
			const probe = { ...filter, path: { attr: key } };
			return matchesFilter(probe, { [key]: target.value }) !== negate;
		}
		case 'single':
			// `emails co "x"` compares the value sub-attribute (RFC 7644 §3.4.2.2).
			return fieldLeaf({ kind: 'field', field: target.presence, type: 'string' }, filter, negate);
	}
}

function build(filter: Filter, resolve: Resolver, negate: boolean, within?: string): Qualification {
	switch (filter.kind) {
		case 'and':
		case 'or': {
			// De Morgan: not (a and b) = not a or not b.
			const operator = (filter.kind === 'and') !== negate ? 'AND' : 'OR';
			return all(
				[build(filter.left, resolve, negate, within), build(filter.right, resolve, negate, within)],
				operator,
			);
		}
		case 'not':
			return build(filter.filter, resolve, !negate, within);
		case 'compare':
		case 'present':
			return leaf(filter, resolve, negate, within);
		case 'valuePath': {
			const target = resolve({ ...filter.path, sub: undefined });
			if (target.kind === 'refused') throw invalidFilter(target.reason);
			if (target.kind !== 'single') {
				throw invalidFilter(`${pathText(filter.path)} is not a multi-valued attribute; drop the [...] filter.`);
			}
			// The one value must exist and match: `emails[...]` = (email present) AND (...).
			const present = condition(target.presence, negate ? 'isEmpty' : 'isNotEmpty');
			const inner = build(filter.filter, resolve, negate, filter.path.attr);
			return all([present, inner], negate ? 'OR' : 'AND');
		}
	}
}

/** The qualification for a parsed filter; `true` matches every entry, `false` none. */
export function filterToQualification(filter: Filter, resolve: Resolver): Qualification {
	return build(filter, resolve, false);
}
