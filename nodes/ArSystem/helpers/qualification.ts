/**
 * The one place where user input becomes AR qualification text (the `q` parameter). Filters, the
 * identity joins and the trigger all go through here, so escaping is decided once:
 *
 * - field references: `'Name'` or `'123'`, a `'` inside a name doubled (`'Doug''s Requests'`);
 * - strings: `"..."`, a `"` inside doubled (`"Robert ""Bobby"" Smith"`); AR has no backslash
 *   escapes, so backslashes, newlines and unicode pass through untouched;
 * - LIKE patterns: the user's `%`, `_` and `[` are bracket-escaped (`[%]`, `[_]`, `[[]`) so a
 *   "contains" search matches them literally;
 * - numbers are validated and written in plain decimal notation;
 * - Date/Time values become epoch seconds, bare integers, so the server's locale cannot misread
 *   them; DATE (date-only) values become a quoted date, `"2024-01-31"`: AR keeps a DATE as a day
 *   count, so epoch seconds are not a date there (reference §6a; the codec decides per datatype);
 * - enums become the canonical label (quoted) or the integer index (bare);
 * - empty checks use the `$NULL$` keyword, never user text.
 *
 * NUL characters are refused: AR cannot store them, and some servers cut the text at the NUL.
 */
import { INTEGER_RANGE, codecFor, knownCodec, plainNumberOf } from './codec';
import type { LiteralWriters } from './codec';
import { brokenCharacter, clip } from './text';
import { ArValueError, toEpochSeconds } from './values';

export interface QualField {
	id: number;
	name: string;
	/**
	 * 'CHAR' | 'DIARY' | 'ENUM' | 'INTEGER' | 'REAL' | 'DECIMAL' | 'TIME' | 'DATE' | 'TIME_OF_DAY' |
	 * 'CURRENCY' | 'ATTACH' | ... (as the metadata endpoint reports it)
	 */
	datatype: string;
	/** ENUM: labels in index order. */
	enumLabels?: string[];
	/**
	 * ENUM with custom numbering: the integer value of each label, in the order of enumLabels.
	 * Without it the index of a label is its position.
	 */
	enumIds?: number[];
}

export type QualOperator =
	| 'equals'
	| 'notEquals'
	| 'lt'
	| 'lte'
	| 'gt'
	| 'gte'
	| 'contains'
	| 'startsWith'
	| 'endsWith'
	| 'isEmpty'
	| 'isNotEmpty'
	| 'isOneOf';

export interface QualCondition {
	/** Field name, or a numeric field ID as a string. */
	field: string;
	operator: QualOperator;
	/** string | number | boolean | Date-like; for isOneOf an array or a comma-separated string. */
	value?: unknown;
}

/** Input that cannot become a qualification. The message names the field and says how to fix it. */
export class QualificationInputError extends Error {
	readonly field?: string;

	constructor(message: string, field?: string) {
		super(message);
		this.name = 'QualificationInputError';
		this.field = field;
	}
}

const DEFAULT_MAX_QUALIFICATION_LENGTH = 1500;

const COMPARISON: Record<string, string> = {
	equals: '=',
	notEquals: '!=',
	lt: '<',
	lte: '<=',
	gt: '>',
	gte: '>=',
};

const { min: INT32_MIN, max: INT32_MAX } = INTEGER_RANGE;

function fail(message: string, field?: string): never {
	throw new QualificationInputError(message, field);
}

/**
 * Who a message is about: `who` is the field as shown to the user (`'Status'`, or `'7' ('Status')`
 * when it was given by ID), `key` the plain name stored on the error.
 */
interface Ctx {
	who?: string;
	key?: string;
}

function ctxFor(field: QualField | undefined): Ctx {
	return field === undefined ? {} : { who: `'${field.name}'`, key: field.name };
}

/** "the value for field 'X'" for messages, or "the value" when the field is unknown. */
function subject(ctx: Ctx): string {
	return ctx.who === undefined ? 'the value' : `the value for field ${ctx.who}`;
}

function show(value: unknown): string {
	if (typeof value === 'string')
		return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
	if (value === null) return 'null';
	if (value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	return String(value);
}

function assertStorable(text: string, ctx: Ctx, what: string): void {
	const problem = brokenCharacter(text);
	if (problem) {
		fail(
			`The ${what}${ctx.who === undefined ? '' : ` for field ${ctx.who}`} contains ${problem}. ` +
				'Remove it from the input.',
			ctx.key,
		);
	}
}

/** A field reference: `'Name'` with `'` doubled, or `'123'` for a field ID. */
export function fieldRef(nameOrId: string | number): string {
	if (typeof nameOrId === 'number') {
		if (!Number.isSafeInteger(nameOrId) || nameOrId <= 0) {
			fail(
				`${nameOrId} is not a field ID. Field IDs are positive whole numbers such as 536870913.`,
			);
		}
		return `'${nameOrId}'`;
	}
	if (typeof nameOrId !== 'string') {
		fail(`A field must be given by name or numeric ID, got ${show(nameOrId)}.`);
	}
	// AR field names never start or end with spaces; stray ones come from copy and paste.
	const name = nameOrId.trim();
	if (name === '') {
		fail(
			'A condition has an empty field name. Choose a field from the list or enter its name or ID.',
		);
	}
	assertStorable(name, {}, 'field name');
	return `'${name.replace(/'/g, "''")}'`;
}

/** A string literal: `"..."` with `"` doubled. Nothing else needs escaping in AR. */
export function quoteString(value: string): string {
	assertStorable(value, {}, 'value');
	return `"${value.replace(/"/g, '""')}"`;
}

/** Makes LIKE wildcards literal by bracket escaping: `%` → `[%]`, `_` → `[_]`, `[` → `[[]`. */
export function escapeLike(value: string): string {
	return value.replace(/[%_[]/g, (c) => `[${c}]`);
}

/** A number in plain decimal notation: AR's parser does not read `1e-7` or `1e+21`. */
function plainNumber(n: number): string {
	if (Object.is(n, -0)) return '0';
	const text = String(n);
	const e = text.search(/e/i);
	if (e < 0) return text;
	const exponent = Number(text.slice(e + 1));
	let mantissa = text.slice(0, e);
	const negative = mantissa.startsWith('-');
	if (negative) mantissa = mantissa.slice(1);
	const [intPart, fracPart = ''] = mantissa.split('.');
	const digits = intPart + fracPart;
	const point = intPart.length + exponent;
	let out: string;
	if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
	else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
	else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
	return (negative ? '-' : '') + out;
}

function integerLiteral(value: unknown, ctx: Ctx): string {
	// The codec's rule, so a filter takes what a write takes: "42.0" is 42, "1e3" and "0x10" are not numbers.
	const n = typeof value === 'bigint' ? Number(value) : plainNumberOf(value);
	// Too many digits for a double reads as ±Infinity: out of range, said below.
	if (n === undefined || (Number.isFinite(n) && !Number.isInteger(n))) {
		fail(
			`${capitalise(subject(ctx))} must be a whole number, got ${show(value)}. ` +
				'Enter a number such as 42.',
			ctx.key,
		);
	}
	if (n < INT32_MIN || n > INT32_MAX) {
		fail(
			`${capitalise(subject(ctx))} is out of range (${show(value)}). AR integer fields hold ` +
				`${INT32_MIN} to ${INT32_MAX}.`,
			ctx.key,
		);
	}
	return plainNumber(n);
}

function decimalLiteral(value: unknown, ctx: Ctx): string {
	if (typeof value === 'number' && Number.isFinite(value)) return plainNumber(value);
	if (typeof value === 'bigint') return value.toString();
	// The codec's rule (plain notation within a double's range, as writes take it): "1e3" is refused
	// here as on a write.
	if (typeof value === 'string' && Number.isFinite(plainNumberOf(value))) {
		const [, sign, intPart, fracPart] = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(value.trim()) ?? [];
		// Keep the user's digits rather than going through a double, so long DECIMAL values keep
		// their precision.
		const int = (intPart ?? '').replace(/^0+(?=\d)/, '') || '0';
		const frac = fracPart ?? '';
		return `${sign === '-' ? '-' : ''}${int}${frac === '' ? '' : `.${frac}`}`;
	}
	return fail(
		`${capitalise(subject(ctx))} must be a number, got ${show(value)}. ` +
			'Enter a number such as 12.5.',
		ctx.key,
	);
}

function capitalise(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

function isDateLike(value: unknown): boolean {
	if (typeof value !== 'object' || value === null) return false;
	if (Object.prototype.toString.call(value) === '[object Date]') return true;
	const obj = value as Record<string, unknown>;
	return (
		typeof obj.toMillis === 'function' ||
		typeof obj.toISO === 'function' ||
		typeof obj.toISOString === 'function'
	);
}

/** Runs a values.ts conversion and turns its error into one that names the field. */
function converted<T>(convert: () => T, ctx: Ctx, what: string): T {
	try {
		return convert();
	} catch (error) {
		// values.ts throws only ArValueError; anything else is wrapped too, so that every error
		// leaving this module is a QualificationInputError.
		const reason = error instanceof ArValueError ? error.message : String(error);
		return fail(`${capitalise(subject(ctx))} is not ${what}: ${reason}`, ctx.key);
	}
}

function enumLiteral(field: QualField, value: unknown, ctx: Ctx): string {
	const labels = field.enumLabels ?? [];
	const ids =
		field.enumIds !== undefined && field.enumIds.length === labels.length
			? field.enumIds
			: undefined;
	let listing = '';
	if (labels.length > 0) {
		listing =
			` Valid options: ${labels.map((l) => JSON.stringify(l)).join(', ')}` +
			(ids ? ` (or their values ${ids.join(', ')}).` : ` (or their index 0-${labels.length - 1}).`);
	}
	const index = (n: number): string => {
		const valid =
			Number.isSafeInteger(n) &&
			(ids ? ids.includes(n) : n >= 0 && (labels.length === 0 || n < labels.length));
		if (!valid) fail(`Field ${ctx.who} has no option with index ${n}.${listing}`, ctx.key);
		return String(n);
	};

	if (typeof value === 'number' || typeof value === 'bigint') return index(Number(value));
	if (typeof value === 'string') {
		assertStorable(value, ctx, 'value');
		const text = value.trim();
		// A label wins over an index, so a label that happens to be numeric still matches as a label.
		const exact = labels.find((l) => l === text);
		if (exact !== undefined) return quoteString(exact);
		const folded = text.toLowerCase();
		const loose = labels.find((l) => l.trim().toLowerCase() === folded);
		if (loose !== undefined) return quoteString(loose);
		if (/^\d+$/.test(text)) return index(Number(text));
		if (labels.length === 0 && text !== '') return quoteString(text);
		return fail(
			`Field ${ctx.who} has no option ${JSON.stringify(clip(text))}.` +
				(listing || ' Enter one of its option labels.'),
			ctx.key,
		);
	}
	return fail(
		`${capitalise(subject(ctx))} must be an option label or index, got ${show(value)}.${listing}`,
		ctx.key,
	);
}

function textOf(value: unknown, ctx: Ctx): string {
	if (typeof value === 'string') {
		assertStorable(value, ctx, 'value');
		return value;
	}
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			fail(`${capitalise(subject(ctx))} is not a valid number (${String(value)}).`, ctx.key);
		}
		return plainNumber(value);
	}
	if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	return fail(
		`${capitalise(subject(ctx))} must be text or a number, got ${show(value)}. Map a single ` +
			'value, not a list or object.',
		ctx.key,
	);
}

function typedLiteral(field: QualField | undefined, value: unknown, ctx: Ctx): string {
	if (value === null) return '$NULL$';
	if (value === undefined) {
		fail(
			`${capitalise(subject(ctx))} is missing. Enter a value, or use "is empty" to match ` +
				'empty fields.',
			ctx.key,
		);
	}
	if (field === undefined) {
		// Without metadata the type is unknown; AR converts a quoted literal to the field's type, so a
		// quoted string is the one form that is valid for every field. Dates go as epoch seconds.
		if (isDateLike(value)) {
			return quoteString(converted(() => String(toEpochSeconds(value)), ctx, 'a date'));
		}
		return quoteString(textOf(value, ctx));
	}
	return codecFor(field.datatype).literal(value, field, writersFor(field, ctx));
}

/** This module's escaping, handed to the datatype codec, which picks the literal form per type. */
function writersFor(field: QualField, ctx: Ctx): LiteralWriters {
	return {
		text: (v) => quoteString(textOf(v, ctx)),
		integer: (v) => integerLiteral(v, ctx),
		decimal: (v) => decimalLiteral(v, ctx),
		selection: (v) => enumLiteral(field, v, ctx),
		number: (n) => plainNumber(Math.trunc(n)),
		converted: (convert, what) => converted(convert, ctx, what),
	};
}

/**
 * A typed literal for a value compared with `field` (see the module comment for the forms). null
 * gives `$NULL$`; undefined is refused.
 */
export function literalFor(field: QualField | undefined, value: unknown): string {
	return typedLiteral(field, value, ctxFor(field));
}

function splitOneOf(value: unknown, ctx: Ctx): unknown[] {
	if (Array.isArray(value)) return value;
	if (typeof value === 'string') {
		// Comma-separated text comes from a single UI box; spaces around commas are not meant as part
		// of the values. Values that contain commas must be passed as a list.
		return value
			.split(',')
			.map((v) => v.trim())
			.filter((v) => v !== '');
	}
	if (value === undefined || value === null) return [];
	if (typeof value === 'object' && !isDateLike(value)) {
		return fail(`The values for field ${ctx.who} must be a list or comma-separated text.`, ctx.key);
	}
	return [value];
}

/**
 * How a user's `%`, `_`, `[` in contains / starts with / ends with are made literal:
 * - 'brackets' (default): `[%]`, `[_]`, `[[]`, exact on SQL Server and Sybase;
 * - 'local': each becomes `_` (one character on every database, so the server returns a superset)
 *   and the caller keeps only the entries that hold the literal text (`localLikeChecks`). For
 *   Oracle-backed servers, where `[` is not special and a literal `%` cannot be written at all.
 */
export type LikeEscaping = 'brackets' | 'local';

const LIKE_SPECIAL = /[%_[]/;

/** One condition as qualification text, e.g. `'Login Name' = "O'Brien"`. */
export function buildCondition(
	condition: QualCondition,
	field?: QualField,
	likeEscaping: LikeEscaping = 'brackets',
): string {
	if (condition === null || typeof condition !== 'object') {
		fail('A filter condition is missing. Remove the empty condition or fill it in.');
	}
	const ref = fieldRef(condition.field);
	const given = String(condition.field).trim();
	// Messages show the field as the user wrote it, plus its name when it was given by ID.
	const ctx: Ctx = {
		who: field && field.name !== given ? `'${clip(given)}' ('${field.name}')` : `'${clip(given)}'`,
		key: field?.name ?? given,
	};
	const type = field ? String(field.datatype).toUpperCase() : undefined;
	const { operator, value } = condition;
	const literal = (v: unknown): string => typedLiteral(field, v, ctx);

	switch (operator) {
		case 'isEmpty':
			return `${ref} = $NULL$`;
		case 'isNotEmpty':
			return `${ref} != $NULL$`;
		case 'equals':
		case 'notEquals':
			return `${ref} ${COMPARISON[operator]} ${literal(value)}`;
		case 'lt':
		case 'lte':
		case 'gt':
		case 'gte':
			// Ordering against NULL matches nothing in AR; an empty box is a mistake, not a filter.
			if (value === null || value === undefined || value === '') {
				fail(
					`The "${operator}" condition on field ${ctx.who} needs a value to compare with.`,
					ctx.key,
				);
			}
			return `${ref} ${COMPARISON[operator]} ${literal(value)}`;
		case 'contains':
		case 'startsWith':
		case 'endsWith': {
			// AR allows LIKE only on character and diary fields.
			if (type !== undefined && knownCodec(type)?.like !== true) {
				fail(
					`"${operator}" works only on text fields, and field ${ctx.who} is ${type}. ` +
						'Use "equals" or "isOneOf" instead.',
					ctx.key,
				);
			}
			// An empty pattern would match every non-empty entry, which is never what was meant.
			if (value === null || value === undefined || value === '') {
				fail(`The "${operator}" condition on field ${ctx.who} needs text to search for.`, ctx.key);
			}
			const text = textOf(value, ctx);
			const escaped =
				likeEscaping === 'local' ? text.replace(/[%_[]/g, '_') : escapeLike(text);
			const pattern =
				operator === 'contains'
					? `%${escaped}%`
					: operator === 'startsWith'
						? `${escaped}%`
						: `%${escaped}`;
			return `${ref} LIKE ${quoteString(pattern)}`;
		}
		case 'isOneOf': {
			const values = splitOneOf(value, ctx);
			if (values.length === 0) {
				fail(
					`The "isOneOf" condition on field ${ctx.who} has no values. Enter at least one value ` +
						'(a list, or text separated by commas).',
					ctx.key,
				);
			}
			return `(${values.map((v) => `${ref} = ${literal(v)}`).join(' OR ')})`;
		}
		default:
			return fail(
				`Unknown operator ${show(operator)} for field ${ctx.who}. Use one of: equals, notEquals, ` +
					'lt, lte, gt, gte, contains, startsWith, endsWith, isEmpty, isNotEmpty, isOneOf.',
				ctx.key,
			);
	}
}

/** Parts joined by AND / OR, each in parentheses so precedence never changes their meaning. */
export function combine(parts: string[], operator: 'AND' | 'OR'): string {
	if (operator !== 'AND' && operator !== 'OR') {
		fail(`Conditions can be combined with AND or OR, not ${show(operator)}.`);
	}
	return parts
		.map((p) => (typeof p === 'string' ? p.trim() : ''))
		.filter((p) => p !== '')
		.map((p) => `(${p})`)
		.join(` ${operator} `);
}

function resolveField(given: string, fields: QualField[]): QualField | undefined {
	const key = String(given).trim();
	const byName = fields.find((f) => f.name === key);
	if (byName) return byName;
	if (/^\d+$/.test(key)) {
		// An ID missing from the metadata may still be valid (fields hidden from the metadata call);
		// the server is the judge.
		return fields.find((f) => f.id === Number(key));
	}
	if (key === '') return undefined; // fieldRef reports the empty name
	const similar = fields.find((f) => f.name.toLowerCase() === key.toLowerCase());
	return fail(
		`Field '${clip(key)}' does not exist on this form.` +
			(similar ? ` Did you mean '${similar.name}'? Field names are case-sensitive.` : '') +
			' Pick the field from the list, or enter its exact database name or numeric ID.',
		key,
	);
}

/**
 * The whole qualification: the built conditions combined, and the raw text (if any) ANDed in front
 * as `(raw) AND (built)`. '' when there is nothing to filter on.
 */
export function buildQualification(input: {
	conditions?: QualCondition[];
	combineWith?: 'AND' | 'OR';
	raw?: string;
	fields?: QualField[];
	likeEscaping?: LikeEscaping;
}): string {
	const { conditions = [], combineWith = 'AND', raw, fields, likeEscaping } = input;
	if (!Array.isArray(conditions)) fail('The filter conditions must be a list.');
	const parts = conditions.map((c) => {
		const field = fields && c && typeof c === 'object' ? resolveField(c.field, fields) : undefined;
		return buildCondition(c, field, likeEscaping);
	});
	const built = combine(parts, combineWith);
	if (raw !== undefined && raw !== null && typeof raw !== 'string') {
		fail('The raw qualification must be text.');
	}
	const rawText = typeof raw === 'string' ? raw.trim() : '';
	assertStorable(rawText, {}, 'raw qualification');
	if (rawText === '') return built;
	if (built === '') return rawText;
	return `(${rawText}) AND (${built})`;
}

function scalarLiteral(value: string | number, field: string | number): string {
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) {
			fail(
				`The value for field '${field}' is not a valid number (${String(value)}).`,
				String(field),
			);
		}
		return plainNumber(value);
	}
	if (typeof value !== 'string') {
		fail(
			`The value for field '${field}' must be text or a number, got ${show(value)}.`,
			String(field),
		);
	}
	assertStorable(value, { who: `'${field}'`, key: String(field) }, 'value');
	return quoteString(value);
}

/** `'f' = "v"` for lookups; numbers are written bare. */
export function equalsQualification(field: string | number, value: string | number): string {
	return `${fieldRef(field)} = ${scalarLiteral(value, field)}`;
}

/** `('f' = "a" OR 'f' = "b")` for identity joins; '' for no values. */
export function anyOfQualification(field: string | number, values: Array<string | number>): string {
	if (values.length === 0) return '';
	const ref = fieldRef(field);
	return `(${values.map((v) => `${ref} = ${scalarLiteral(v, field)}`).join(' OR ')})`;
}

/**
 * Splits values so that anyOfQualification of each chunk is at most maxQualificationLength
 * characters (the URL has to stay short). Order is kept and a value is never split; a value too
 * long on its own gets a chunk of its own.
 */
export function chunkValuesForUrl(
	field: string | number,
	values: string[],
	maxQualificationLength: number = DEFAULT_MAX_QUALIFICATION_LENGTH,
): string[][] {
	if (!Number.isFinite(maxQualificationLength) || maxQualificationLength <= 0) {
		throw new RangeError(
			`maxQualificationLength must be a positive number, got ${maxQualificationLength}.`,
		);
	}
	const ref = fieldRef(field);
	const chunks: string[][] = [];
	let current: string[] = [];
	let length = 0;
	for (const value of values) {
		const term = ref.length + 3 + scalarLiteral(value, field).length; // `'f' = "v"`
		// Parentheses around the chunk, ' OR ' between terms.
		const next = current.length === 0 ? 2 + term : length + 4 + term;
		if (current.length > 0 && next > maxQualificationLength) {
			chunks.push(current);
			current = [value];
			length = 2 + term;
		} else {
			current.push(value);
			length = next;
		}
	}
	if (current.length > 0) chunks.push(current);
	return chunks;
}

/** A text test the node applies to returned entries (LikeEscaping 'local'). */
export interface LocalLikeCheck {
	/** The field's name as the REST API keys values. */
	field: string;
	operator: 'contains' | 'startsWith' | 'endsWith';
	text: string;
}

/**
 * The conditions that 'local' escaping widened on the server (their text holds `%`, `_` or `[`):
 * the caller keeps only entries whose value holds the literal text. Only sound when every
 * condition must hold, so Combine Conditions OR with such a condition is refused.
 */
export function localLikeChecks(input: {
	conditions?: QualCondition[];
	combineWith?: 'AND' | 'OR';
	fields?: QualField[];
}): LocalLikeCheck[] {
	const { conditions = [], combineWith = 'AND', fields } = input;
	const checks: LocalLikeCheck[] = [];
	for (const c of conditions) {
		if (!c || typeof c !== 'object') continue;
		if (c.operator !== 'contains' && c.operator !== 'startsWith' && c.operator !== 'endsWith') {
			continue;
		}
		const text = typeof c.value === 'number' ? plainNumber(c.value) : String(c.value ?? '');
		if (!LIKE_SPECIAL.test(text)) continue;
		const field = fields ? resolveField(c.field, fields) : undefined;
		checks.push({ field: field?.name ?? String(c.field).trim(), operator: c.operator, text });
	}
	if (checks.length > 0 && combineWith === 'OR' && conditions.length > 1) {
		fail(
			`Literal Wildcards = Check After Reading needs Combine Conditions = AND: the condition on field ` +
				`'${clip(checks[0].field)}' contains ${JSON.stringify(clip(checks[0].text))}, which is checked ` +
				'in n8n after the server answers. Use AND, or split the OR into separate nodes.',
			checks[0].field,
		);
	}
	return checks;
}

/** Whether a returned value passes a local check; diaries are searched across their entries. */
export function passesLocalLikeCheck(value: unknown, check: LocalLikeCheck): boolean {
	let text: string;
	if (typeof value === 'string') text = value;
	else if (typeof value === 'number') text = String(value);
	else if (Array.isArray(value)) {
		text = value
			.map((entry) => (typeof entry === 'string' ? entry : String((entry as { text?: unknown })?.text ?? '')))
			.join('\n');
	} else return false;
	if (check.operator === 'contains') return text.includes(check.text);
	if (check.operator === 'startsWith') return text.startsWith(check.text);
	return text.endsWith(check.text);
}
