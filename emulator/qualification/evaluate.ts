import type {
	ArDataType,
	EntryValues,
	FieldDef,
	FormDef,
	QualificationContext,
} from '../forms/types';
import { enumTable } from '../forms/spec';
import {
	floorToDay,
	isoDateToEpoch,
	julianDayToEpoch,
	MAX_JULIAN_DAY,
	parseDateTime,
	parseTimeOfDay,
	timeOfDay,
} from './dates';
import { QualificationError, describeText } from './errors';
import { likeToRegExp } from './like';
import { parseQualification } from './parser';
import type { ArithOp, FieldNode, QualNode, RelOp } from './parser';

/*
 * NULL semantics. AR hands searches to the database, so a qualification follows SQL's three-valued
 * logic (BMC docs, "Relational algebra and qualifications involving NULL values"): any comparison
 * with a NULL operand is UNKNOWN, NOT UNKNOWN is UNKNOWN, AND/OR combine as in SQL, and an entry
 * matches only when the whole qualification is TRUE. So with a NULL 'Field X', both
 * `'Field X' = "Yes"` and `'Field X' != "Yes"` (and `NOT ('Field X' = "Yes")`) leave it out; the
 * only tests that see NULLs are `= $NULL$` (TRUE) and `!= $NULL$` (FALSE). Ordering operators
 * against $NULL$ are always UNKNOWN. AR stores no empty strings, so a stored '' and a "" literal
 * both count as NULL (`'F' = ""` is `'F' = $NULL$`).
 *
 * Case: character comparisons and LIKE are case-sensitive by default, like AR on Oracle; the
 * `caseInsensitive` option imitates SQL Server / MS SQL default collations.
 */

const FALSE = 0;
const TRUE = 1;
const UNKNOWN = 2;
type Truth = 0 | 1 | 2;
type Cond = (values: EntryValues) => Truth;
type Getter<T> = (values: EntryValues) => T | null;
type Scalar = string | number;

export interface QualificationOptions {
	/** Compare characters ignoring case (=, <, LIKE, ... and sorting). Default: false. */
	caseInsensitive?: boolean;
	/**
	 * LIKE bracket classes (`[abc]`, `[%]`) as on SQL Server / Sybase. false = Oracle, where `[` is
	 * an ordinary character and a literal `%` or `_` cannot be expressed. Default: true.
	 */
	likeBrackets?: boolean;
}

let defaultCaseInsensitive = false;

/** Changes the process-wide default used when a call passes no options. */
export function configureQualification(options: QualificationOptions): void {
	if (options.caseInsensitive !== undefined) defaultCaseInsensitive = options.caseInsensitive;
}

type Domain = 'string' | 'number' | 'attach';

/** Turns one stored value into the form comparisons use; null means NULL. */
type Normalizer = (raw: unknown) => Scalar | null;

interface ResolvedField {
	def: FieldDef;
	/** Datatype that governs literal conversion (currency parts act as DECIMAL, CHAR or TIME). */
	datatype: ArDataType;
	domain: Domain;
	/** For messages: `'Name'` as written in the qualification. */
	label: string;
	integral: boolean;
	get: Getter<Scalar>;
}

type Operand =
	| {
			kind: 'const';
			value: Scalar | null;
			/** Spelling of a number literal, kept for comparisons with character fields. */
			raw?: string;
			integral: boolean;
			pos: number;
	  }
	| { kind: 'field'; field: ResolvedField; pos: number }
	| { kind: 'computed'; get: Getter<number>; integral: boolean; pos: number };

const INTEGRAL_TYPES: ReadonlySet<ArDataType> = new Set<ArDataType>([
	'INTEGER',
	'ENUM',
	'TIME',
	'DATE',
	'TIME_OF_DAY',
]);

const DATE_STRING_HINT = 'write the date as a quoted string such as "2024-01-31"';
const DAY_NUMBER_HINT =
	`is not a day number: a number compared with a DATE field counts days from 1 January 4713 BCE ` +
	`(0 to ${MAX_JULIAN_DAY}, 31 December 9999), so epoch seconds are not a date; ${DATE_STRING_HINT}`;

const NUMERIC_STRING = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const EPOCH_STRING = /^-?\d+$/;

function domainOf(datatype: ArDataType): Domain {
	if (datatype === 'CHAR' || datatype === 'DIARY') return 'string';
	if (datatype === 'ATTACH') return 'attach';
	return 'number';
}

function finiteOrNull(n: number): number | null {
	return Number.isFinite(n) ? n : null;
}

function numberFromUnknown(raw: unknown): number | null {
	if (typeof raw === 'number') return finiteOrNull(raw);
	if (typeof raw === 'string') {
		const t = raw.trim();
		return NUMERIC_STRING.test(t) ? finiteOrNull(Number(t)) : null;
	}
	return null;
}

function charNormalizer(raw: unknown): Scalar | null {
	if (typeof raw === 'string') return raw === '' ? null : raw;
	if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
	return null;
}

/** Diaries may be kept as one string or as an entry list; LIKE then searches all of the text. */
function diaryNormalizer(raw: unknown): Scalar | null {
	if (Array.isArray(raw)) {
		const text = raw
			.map((e) => {
				if (typeof e === 'string') return e;
				const t = (e as { text?: unknown } | null)?.text;
				return typeof t === 'string' ? t : '';
			})
			.join('\n');
		return text === '' ? null : text;
	}
	return charNormalizer(raw);
}

/** Stored enum values are item numbers (custom ids where the field has them); labels map to them. */
function enumNormalizer(field: FieldDef): Normalizer {
	const index = enumTable(field).idByLabel;
	return (raw) => {
		if (typeof raw === 'number') return finiteOrNull(raw);
		if (typeof raw === 'string') {
			if (raw === '') return null;
			const i = index.get(raw);
			if (i !== undefined) return i;
			return EPOCH_STRING.test(raw) ? Number(raw) : null;
		}
		return null;
	};
}

function timeNormalizer(raw: unknown): Scalar | null {
	if (typeof raw === 'number') return finiteOrNull(raw);
	if (typeof raw === 'string') {
		if (raw === '') return null;
		if (EPOCH_STRING.test(raw)) return Number(raw);
		return parseDateTime(raw);
	}
	if (raw instanceof Date) return finiteOrNull(Math.floor(raw.getTime() / 1000));
	return null;
}

function dateNormalizer(raw: unknown): Scalar | null {
	if (typeof raw === 'string') return raw === '' ? null : isoDateToEpoch(raw);
	if (typeof raw === 'number') return Number.isFinite(raw) ? floorToDay(raw) : null;
	return null;
}

function timeOfDayNormalizer(raw: unknown): Scalar | null {
	if (typeof raw === 'number') return finiteOrNull(raw);
	if (typeof raw === 'string') {
		if (raw === '') return null;
		if (EPOCH_STRING.test(raw)) return Number(raw);
		return parseTimeOfDay(raw);
	}
	return null;
}

function currencyValueNormalizer(raw: unknown): Scalar | null {
	if (raw !== null && typeof raw === 'object') {
		const o = raw as { decimal?: unknown; value?: unknown };
		return numberFromUnknown(o.decimal !== undefined ? o.decimal : o.value);
	}
	return numberFromUnknown(raw);
}

function currencyTypeNormalizer(raw: unknown): Scalar | null {
	if (raw !== null && typeof raw === 'object') {
		const o = raw as { currency?: unknown; type?: unknown };
		return charNormalizer(o.currency !== undefined ? o.currency : o.type);
	}
	return null;
}

function attachNormalizer(raw: unknown): Scalar | null {
	return raw === null || raw === undefined || raw === '' ? null : 1;
}

type CurrencyPart = 'VALUE' | 'TYPE' | 'DATE';

function currencyDateNormalizer(raw: unknown): Scalar | null {
	if (raw !== null && typeof raw === 'object') {
		return timeNormalizer((raw as { conversionDate?: unknown }).conversionDate);
	}
	return null;
}

function normalizerFor(field: FieldDef, part?: CurrencyPart): Normalizer {
	switch (field.datatype) {
		case 'CHAR':
			return charNormalizer;
		case 'DIARY':
			return diaryNormalizer;
		case 'ENUM':
			return enumNormalizer(field);
		case 'INTEGER':
		case 'REAL':
		case 'DECIMAL':
			return numberFromUnknown;
		case 'TIME':
			return timeNormalizer;
		case 'DATE':
			return dateNormalizer;
		case 'TIME_OF_DAY':
			return timeOfDayNormalizer;
		case 'CURRENCY':
			if (part === 'TYPE') return currencyTypeNormalizer;
			return part === 'DATE' ? currencyDateNormalizer : currencyValueNormalizer;
		case 'ATTACH':
		default:
			return attachNormalizer;
	}
}

const sortNormalizers = new WeakMap<FieldDef, Normalizer>();

function compareStrings(a: string, b: string, caseInsensitive: boolean): number {
	if (caseInsensitive) {
		const la = a.toLowerCase();
		const lb = b.toLowerCase();
		if (la !== lb) return la < lb ? -1 : 1;
	}
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders two stored values of `field` the way comparisons do: NULL (null, undefined, '') first,
 * enums by index, dates and times chronologically, characters by code unit (case-sensitive unless
 * `caseInsensitive`; ties between case variants still break by code unit so sorting is stable).
 */
export function compareValues(
	a: unknown,
	b: unknown,
	field: FieldDef,
	options?: QualificationOptions,
): number {
	let normalize = sortNormalizers.get(field);
	if (!normalize) {
		normalize = normalizerFor(field);
		sortNormalizers.set(field, normalize);
	}
	const x = normalize(a);
	const y = normalize(b);
	if (x === null) return y === null ? 0 : -1;
	if (y === null) return 1;
	if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : x > y ? 1 : 0;
	const ci = options?.caseInsensitive ?? defaultCaseInsensitive;
	return compareStrings(String(x), String(y), ci);
}

function mirror(op: RelOp): RelOp {
	switch (op) {
		case '<':
			return '>';
		case '<=':
			return '>=';
		case '>':
			return '<';
		case '>=':
			return '<=';
		default:
			return op;
	}
}

function relation(op: RelOp): (a: Scalar, b: Scalar) => boolean {
	switch (op) {
		case '=':
			return (a, b) => a === b;
		case '!=':
			return (a, b) => a !== b;
		case '<':
			return (a, b) => a < b;
		case '<=':
			return (a, b) => a <= b;
		case '>':
			return (a, b) => a > b;
		case '>=':
			return (a, b) => a >= b;
		default:
			throw new QualificationError(`Operator ${op} is not a relational comparison`, 'syntax');
	}
}

/**
 * Field against a constant: the hot path of every scan, so each operator gets its own closure and
 * the constant is captured already converted.
 */
function compareWithConstant(get: Getter<Scalar>, op: RelOp, c: Scalar): Cond {
	switch (op) {
		case '=':
			return (v) => {
				const x = get(v);
				return x === null ? UNKNOWN : x === c ? TRUE : FALSE;
			};
		case '!=':
			return (v) => {
				const x = get(v);
				return x === null ? UNKNOWN : x !== c ? TRUE : FALSE;
			};
		case '<':
			return (v) => {
				const x = get(v);
				return x === null ? UNKNOWN : x < c ? TRUE : FALSE;
			};
		case '<=':
			return (v) => {
				const x = get(v);
				return x === null ? UNKNOWN : x <= c ? TRUE : FALSE;
			};
		case '>':
			return (v) => {
				const x = get(v);
				return x === null ? UNKNOWN : x > c ? TRUE : FALSE;
			};
		case '>=':
			return (v) => {
				const x = get(v);
				return x === null ? UNKNOWN : x >= c ? TRUE : FALSE;
			};
		default:
			throw new QualificationError(`Operator ${op} is not a relational comparison`, 'syntax');
	}
}

function compareDynamic(a: Getter<Scalar>, op: RelOp, b: Getter<Scalar>): Cond {
	const rel = relation(op);
	return (v) => {
		const x = a(v);
		if (x === null) return UNKNOWN;
		const y = b(v);
		if (y === null) return UNKNOWN;
		return rel(x, y) ? TRUE : FALSE;
	};
}

function lowerGetter(get: Getter<Scalar>): Getter<Scalar> {
	return (v) => {
		const x = get(v);
		return typeof x === 'string' ? x.toLowerCase() : x;
	};
}

function constantCond(t: Truth): Cond {
	return () => t;
}

function isNullConst(op: Operand): boolean {
	return op.kind === 'const' && (op.value === null || op.value === '');
}

function describeConst(op: Operand & { kind: 'const' }): string {
	if (op.value === null) return '$NULL$';
	if (typeof op.value === 'number') return op.raw ?? String(op.value);
	return `"${describeText(op.value)}"`;
}

class Compiler {
	private readonly byId = new Map<number, FieldDef>();
	private readonly byName = new Map<string, FieldDef>();
	private readonly resolved = new Map<string, ResolvedField>();

	constructor(
		private readonly form: FormDef,
		private readonly ctx: QualificationContext,
		private readonly caseInsensitive: boolean,
		private readonly likeBrackets: boolean = true,
	) {
		for (const field of form.fields) {
			if (!this.byId.has(field.id)) this.byId.set(field.id, field);
			if (!this.byName.has(field.name)) this.byName.set(field.name, field);
		}
	}

	compile(node: QualNode): Cond {
		switch (node.kind) {
			case 'all':
				return constantCond(TRUE);
			case 'and':
				return this.compileAnd(node.operands.map((o) => this.compile(o)));
			case 'or':
				return this.compileOr(node.operands.map((o) => this.compile(o)));
			case 'not': {
				const inner = this.compile(node.operand);
				// TRUE (1) <-> FALSE (0); UNKNOWN stays UNKNOWN.
				return (v) => {
					const r = inner(v);
					return r === UNKNOWN ? UNKNOWN : ((1 - r) as Truth);
				};
			}
			case 'compare':
				return this.compileCompare(node.op, node.left, node.right);
			default:
				return this.compileTruthiness(this.value(node));
		}
	}

	private compileAnd(parts: Cond[]): Cond {
		if (parts.length === 2) {
			const [a, b] = parts;
			return (v) => {
				const x = a(v);
				if (x === FALSE) return FALSE;
				const y = b(v);
				if (y === FALSE) return FALSE;
				return x === TRUE && y === TRUE ? TRUE : UNKNOWN;
			};
		}
		const n = parts.length;
		return (v) => {
			let result: Truth = TRUE;
			for (let i = 0; i < n; i++) {
				const r = parts[i](v);
				if (r === FALSE) return FALSE;
				if (r === UNKNOWN) result = UNKNOWN;
			}
			return result;
		};
	}

	private compileOr(parts: Cond[]): Cond {
		if (parts.length === 2) {
			const [a, b] = parts;
			return (v) => {
				const x = a(v);
				if (x === TRUE) return TRUE;
				const y = b(v);
				if (y === TRUE) return TRUE;
				return x === FALSE && y === FALSE ? FALSE : UNKNOWN;
			};
		}
		const n = parts.length;
		return (v) => {
			let result: Truth = FALSE;
			for (let i = 0; i < n; i++) {
				const r = parts[i](v);
				if (r === TRUE) return TRUE;
				if (r === UNKNOWN) result = UNKNOWN;
			}
			return result;
		};
	}

	/** A bare value used as a condition: NULL, 0 and '' are false, anything else true. */
	private compileTruthiness(op: Operand): Cond {
		if (op.kind === 'const') {
			return constantCond(op.value === null || op.value === 0 || op.value === '' ? FALSE : TRUE);
		}
		const get: Getter<Scalar> = op.kind === 'field' ? op.field.get : op.get;
		return (v) => {
			const x = get(v);
			return x === null || x === 0 ? FALSE : TRUE;
		};
	}

	// ---- values -------------------------------------------------------------------------------

	private value(node: QualNode): Operand {
		switch (node.kind) {
			case 'field':
				return { kind: 'field', field: this.resolve(node), pos: node.pos };
			case 'string':
				return { kind: 'const', value: node.value, integral: false, pos: node.pos };
			case 'number':
				return {
					kind: 'const',
					value: node.value,
					raw: node.raw,
					integral: !node.raw.includes('.'),
					pos: node.pos,
				};
			case 'keyword':
				return this.keyword(node.name, node.pos);
			case 'negate':
				return this.negate(this.value(node.operand), node.pos);
			case 'arith':
				return this.arithmetic(node.op, this.value(node.left), this.value(node.right), node.opPos);
			default:
				throw new QualificationError(
					'A condition cannot be used as a value',
					'syntax',
					(node as QualNode).pos,
				);
		}
	}

	private now(pos: number): number {
		const now = this.ctx.now;
		if (typeof now !== 'number' || !Number.isFinite(now)) {
			throw new QualificationError('The server clock (ctx.now) is not a number', 'value', pos);
		}
		return Math.floor(now);
	}

	/**
	 * $TIME$ is the current time; like $TIMESTAMP$ it yields epoch seconds, and compared with a
	 * time-of-day field it is reduced to the time of day (as AR does for that field type).
	 */
	private keyword(name: string, pos: number): Operand {
		switch (name) {
			case 'NULL':
				return { kind: 'const', value: null, integral: true, pos };
			case 'USER':
				return { kind: 'const', value: String(this.ctx.user ?? ''), integral: false, pos };
			case 'DATE':
				return { kind: 'const', value: floorToDay(this.now(pos)), integral: true, pos };
			case 'TIMESTAMP':
			case 'TIME':
				return { kind: 'const', value: this.now(pos), integral: true, pos };
			default:
				throw new QualificationError(`Unknown keyword '$${name}$'`, 'syntax', pos);
		}
	}

	private numericGetter(op: Operand, what: string): Getter<number> {
		if (op.kind === 'computed') return op.get;
		if (op.kind === 'field') {
			if (op.field.domain !== 'number') {
				throw new QualificationError(
					`${what} needs numbers, but field ${op.field.label} is ${op.field.def.datatype}`,
					'value',
					op.pos,
				);
			}
			return op.field.get as Getter<number>;
		}
		const c = this.constNumber(op, what);
		return () => c;
	}

	private constNumber(op: Operand & { kind: 'const' }, what: string): number {
		if (typeof op.value === 'number') return op.value;
		throw new QualificationError(
			`${what} needs numbers, but got ${describeConst(op)}`,
			'value',
			op.pos,
		);
	}

	private negate(op: Operand, pos: number): Operand {
		if (op.kind === 'const') {
			const n = this.constNumber(op, 'Unary minus');
			const raw =
				op.raw === undefined ? undefined : op.raw[0] === '-' ? op.raw.slice(1) : `-${op.raw}`;
			return { kind: 'const', value: n === 0 ? 0 : -n, raw, integral: op.integral, pos };
		}
		const get = this.numericGetter(op, 'Unary minus');
		return {
			kind: 'computed',
			get: (v) => {
				const x = get(v);
				return x === null ? null : -x;
			},
			integral: this.isIntegral(op),
			pos,
		};
	}

	private isIntegral(op: Operand): boolean {
		return op.kind === 'field' ? op.field.integral : op.integral;
	}

	/**
	 * Arithmetic follows AR's typing: integer op integer stays integral (so `/` truncates), anything
	 * with a real/decimal operand is real. Division by a constant zero is an error; by a field that
	 * holds zero it yields NULL (so UNKNOWN) for that entry rather than failing the whole search.
	 */
	private arithmetic(op: ArithOp, left: Operand, right: Operand, pos: number): Operand {
		const what = `Arithmetic operator '${op}'`;
		const integral = this.isIntegral(left) && this.isIntegral(right);
		const apply = (a: number, b: number): number | null => {
			switch (op) {
				case '+':
					return a + b;
				case '-':
					return a - b;
				case '*':
					return a * b;
				case '/':
					if (b === 0) return null;
					return integral ? Math.trunc(a / b) : a / b;
				case '%':
					return b === 0 ? null : a % b;
			}
		};
		if (left.kind === 'const' && right.kind === 'const') {
			const result = apply(this.constNumber(left, what), this.constNumber(right, what));
			if (result === null || !Number.isFinite(result)) {
				throw new QualificationError(
					result === null ? 'Division by zero' : 'Arithmetic overflow',
					'value',
					pos,
				);
			}
			return { kind: 'const', value: result === 0 ? 0 : result, integral, pos: left.pos };
		}
		const a = this.numericGetter(left, what);
		const b = this.numericGetter(right, what);
		let get: Getter<number>;
		switch (op) {
			case '+':
				get = (v) => {
					const x = a(v);
					if (x === null) return null;
					const y = b(v);
					return y === null ? null : x + y;
				};
				break;
			case '-':
				get = (v) => {
					const x = a(v);
					if (x === null) return null;
					const y = b(v);
					return y === null ? null : x - y;
				};
				break;
			case '*':
				get = (v) => {
					const x = a(v);
					if (x === null) return null;
					const y = b(v);
					return y === null ? null : x * y;
				};
				break;
			default:
				get = (v) => {
					const x = a(v);
					if (x === null) return null;
					const y = b(v);
					return y === null ? null : finiteOrNull(apply(x, y) ?? NaN);
				};
		}
		return { kind: 'computed', get, integral, pos: left.pos };
	}

	// ---- fields -------------------------------------------------------------------------------

	private resolve(node: FieldNode): ResolvedField {
		const cached = this.resolved.get(node.name);
		if (cached) return cached;
		let def = node.id !== undefined ? this.byId.get(node.id) : this.byName.get(node.name);
		let part: CurrencyPart | undefined;
		if (!def) {
			// 'Field.VALUE' / '.TYPE' / '.DATE' address one part of a currency field.
			const m = /^(.+)\.([A-Z]+)$/s.exec(node.name);
			const base = m ? this.lookup(m[1]) : undefined;
			if (m && base && base.datatype === 'CURRENCY') {
				if (m[2] !== 'VALUE' && m[2] !== 'TYPE' && m[2] !== 'DATE') {
					throw new QualificationError(
						`Currency part '${m[2]}' of field '${describeText(base.name)}' is not supported ` +
							'(use .VALUE, .TYPE or .DATE)',
						'field',
						node.pos,
					);
				}
				def = base;
				part = m[2];
			}
		}
		if (!def) {
			const message =
				node.id !== undefined
					? `Field ID ${node.id} does not exist on form '${this.form.name}'`
					: `Field '${describeText(node.name, 80)}' does not exist on form '${this.form.name}'`;
			throw new QualificationError(message, 'field', node.pos);
		}
		const datatype: ArDataType =
			def.datatype !== 'CURRENCY'
				? def.datatype
				: part === 'TYPE'
					? 'CHAR'
					: part === 'DATE'
						? 'TIME'
						: 'DECIMAL';
		const shown = part ? `${def.name}.${part}` : def.name;
		const label = `'${describeText(shown, 80)}'${node.id !== undefined ? ` (ID ${def.id})` : ''}`;
		const normalize = normalizerFor(def, part);
		const id = def.id;
		const field: ResolvedField = {
			def,
			datatype,
			domain: domainOf(datatype),
			label,
			integral: INTEGRAL_TYPES.has(datatype),
			get: (v) => normalize(v[id]),
		};
		this.resolved.set(node.name, field);
		return field;
	}

	private lookup(ref: string): FieldDef | undefined {
		return /^[0-9]+$/.test(ref) ? this.byId.get(Number(ref)) : this.byName.get(ref);
	}

	/**
	 * Converts a non-NULL constant to the stored representation of `field`'s type, so the per-entry
	 * work is a plain comparison. All user-facing conversion errors come from here.
	 */
	private convert(op: Operand & { kind: 'const' }, field: ResolvedField): Scalar {
		const value = op.value as Scalar;
		const fail = (why: string): never => {
			throw new QualificationError(
				`${describeConst(op)} ${why} for ${field.def.datatype} field ${field.label}`,
				'value',
				op.pos,
			);
		};
		switch (field.datatype) {
			case 'CHAR':
			case 'DIARY':
				return typeof value === 'string' ? value : (op.raw ?? String(value));
			case 'ENUM': {
				// A number is an item number (the custom id, where the field has custom ids).
				if (typeof value === 'number') return value;
				const table = enumTable(field.def);
				const id = table.idByLabel.get(value);
				if (id === undefined) {
					const valid = table.labels.map((l) => `"${l}"`).join(', ');
					return fail(`is not a valid selection value (valid: ${valid || 'none'})`);
				}
				return id;
			}
			case 'INTEGER':
			case 'REAL':
			case 'DECIMAL':
			case 'CURRENCY': {
				if (typeof value === 'number') return value;
				const t = value.trim();
				if (!NUMERIC_STRING.test(t)) return fail('is not a number');
				return Number(t);
			}
			case 'TIME': {
				if (typeof value === 'number') return value;
				const t = value.trim();
				if (EPOCH_STRING.test(t)) return Number(t);
				const parsed = parseDateTime(t);
				return parsed === null ? fail('is not a valid date/time') : parsed;
			}
			case 'DATE': {
				// AR keeps a DATE as a day count (reference §6a), so a number literal is a Julian day
				// number, and an epoch-seconds literal (1706659200) is no date at all: refused, as the
				// strict side. $DATE$ / $TIMESTAMP$ (and arithmetic on them) are instants: their day.
				if (typeof value === 'number') {
					if (op.raw === undefined) return floorToDay(value);
					const day = julianDayToEpoch(value);
					return day === null ? fail(DAY_NUMBER_HINT) : day;
				}
				const t = value.trim();
				// Quoted digits are not a date in any documented input format.
				if (EPOCH_STRING.test(t)) return fail(`is not a date; ${DATE_STRING_HINT}`);
				const parsed = parseDateTime(t);
				return parsed === null
					? fail(`is not a valid date; ${DATE_STRING_HINT}`)
					: floorToDay(parsed);
			}
			case 'TIME_OF_DAY': {
				// A number that cannot be a time of day is taken as an epoch ($TIME$, $TIMESTAMP$).
				if (typeof value === 'number') {
					return value >= 0 && value < 86400 ? value : timeOfDay(value);
				}
				const t = value.trim();
				if (EPOCH_STRING.test(t)) {
					const n = Number(t);
					return n >= 0 && n < 86400 ? n : timeOfDay(n);
				}
				const clock = parseTimeOfDay(t);
				if (clock !== null) return clock;
				const parsed = parseDateTime(t);
				return parsed === null ? fail('is not a valid time of day') : timeOfDay(parsed);
			}
			default:
				return fail('cannot be compared');
		}
	}

	// ---- comparisons --------------------------------------------------------------------------

	private compileCompare(op: RelOp, leftNode: QualNode, rightNode: QualNode): Cond {
		const left = this.value(leftNode);
		const right = this.value(rightNode);
		if (op === 'LIKE') return this.compileLike(left, right);
		if (left.kind === 'field') return this.compareField(left.field, op, right);
		if (right.kind === 'field') return this.compareField(right.field, mirror(op), left);
		if (left.kind === 'const' && right.kind === 'const') {
			return constantCond(this.compareConstants(left, op, right));
		}
		// At least one side is arithmetic over fields: compare as numbers.
		const a = left.kind === 'computed' ? left.get : null;
		if (a && right.kind === 'const') return this.computedVsConst(a, op, right);
		if (!a && left.kind === 'const') {
			return this.computedVsConst((right as { get: Getter<number> }).get, mirror(op), left);
		}
		const what = `Comparison '${op}'`;
		return compareDynamic(this.numericGetter(left, what), op, this.numericGetter(right, what));
	}

	private computedVsConst(get: Getter<number>, op: RelOp, c: Operand & { kind: 'const' }): Cond {
		if (isNullConst(c)) return this.nullTest(get, op);
		let n: number;
		if (typeof c.value === 'number') n = c.value;
		else {
			const t = (c.value as string).trim();
			if (!NUMERIC_STRING.test(t)) {
				throw new QualificationError(
					`${describeConst(c)} is not a number (compared with an arithmetic expression)`,
					'value',
					c.pos,
				);
			}
			n = Number(t);
		}
		return compareWithConstant(get, op, n);
	}

	/** `= $NULL$` / `!= $NULL$` are the only comparisons that can be TRUE for a NULL value. */
	private nullTest(get: Getter<Scalar>, op: RelOp): Cond {
		if (op === '=') return (v) => (get(v) === null ? TRUE : FALSE);
		if (op === '!=') return (v) => (get(v) === null ? FALSE : TRUE);
		return constantCond(UNKNOWN);
	}

	private compareField(field: ResolvedField, op: RelOp, other: Operand): Cond {
		if (other.kind === 'const' && isNullConst(other)) return this.nullTest(field.get, op);
		if (field.domain === 'attach') {
			throw new QualificationError(
				`Attachment field ${field.label} can only be compared with $NULL$`,
				'value',
				other.pos,
			);
		}
		const ci = this.caseInsensitive && field.domain === 'string';
		const get = ci ? lowerGetter(field.get) : field.get;
		if (other.kind === 'const') {
			let c = this.convert(other, field);
			if (ci && typeof c === 'string') c = c.toLowerCase();
			return compareWithConstant(get, op, c);
		}
		if (other.kind === 'field') {
			const g = other.field;
			if (g.domain !== field.domain) {
				throw new QualificationError(
					`Cannot compare ${field.def.datatype} field ${field.label} with ` +
						`${g.def.datatype} field ${g.label}`,
					'value',
					other.pos,
				);
			}
			return compareDynamic(get, op, ci ? lowerGetter(g.get) : g.get);
		}
		if (field.domain !== 'number') {
			throw new QualificationError(
				`Cannot compare ${field.def.datatype} field ${field.label} with an arithmetic expression`,
				'value',
				other.pos,
			);
		}
		return compareDynamic(get, op, other.get);
	}

	private compareConstants(
		left: Operand & { kind: 'const' },
		op: RelOp,
		right: Operand & { kind: 'const' },
	): Truth {
		const ln = isNullConst(left);
		const rn = isNullConst(right);
		if (ln || rn) {
			if (op === '=') return ln && rn ? TRUE : FALSE;
			if (op === '!=') return ln && rn ? FALSE : TRUE;
			return UNKNOWN;
		}
		let a = left.value as Scalar;
		let b = right.value as Scalar;
		if (typeof a !== typeof b) {
			// Mixed number/string: numerically when the string is a number, else as text.
			const s = (typeof a === 'string' ? a : b) as string;
			if (NUMERIC_STRING.test(s.trim())) {
				a = typeof a === 'string' ? Number(a.trim()) : a;
				b = typeof b === 'string' ? Number(b.trim()) : b;
			} else {
				a = typeof a === 'number' ? (left.raw ?? String(a)) : a;
				b = typeof b === 'number' ? (right.raw ?? String(b)) : b;
			}
		}
		if (this.caseInsensitive && typeof a === 'string' && typeof b === 'string') {
			a = a.toLowerCase();
			b = b.toLowerCase();
		}
		return relation(op)(a, b) ? TRUE : FALSE;
	}

	private compileLike(subject: Operand, pattern: Operand): Cond {
		for (const side of [subject, pattern]) {
			if (side.kind === 'field' && side.field.domain !== 'string') {
				throw new QualificationError(
					`LIKE can only be used with character fields; ${side.field.label} is ` +
						side.field.def.datatype,
					'value',
					side.pos,
				);
			}
			if (side.kind === 'computed') {
				throw new QualificationError(
					'LIKE cannot be used with an arithmetic expression',
					'value',
					side.pos,
				);
			}
		}
		if (isNullConst(subject) || isNullConst(pattern)) return constantCond(UNKNOWN);
		const text = (op: Operand & { kind: 'const' }): string =>
			typeof op.value === 'string' ? op.value : (op.raw ?? String(op.value));
		const ci = this.caseInsensitive;
		if (pattern.kind === 'const') {
			const re = likeToRegExp(text(pattern), ci, pattern.pos, this.likeBrackets);
			if (subject.kind === 'const') return constantCond(re.test(text(subject)) ? TRUE : FALSE);
			const get = (subject as { field: ResolvedField }).field.get;
			return (v) => {
				const s = get(v);
				return s === null ? UNKNOWN : re.test(s as string) ? TRUE : FALSE;
			};
		}
		// Pattern read from a field: rebuild the RegExp only when the pattern text changes.
		const patternGet = (pattern as { field: ResolvedField }).field.get;
		const subjectGet: Getter<Scalar> =
			subject.kind === 'const'
				? (() => {
						const s = text(subject);
						return () => s;
					})()
				: (subject as { field: ResolvedField }).field.get;
		let lastPattern: string | null = null;
		let lastRe: RegExp | null = null;
		return (v) => {
			const s = subjectGet(v);
			if (s === null) return UNKNOWN;
			const p = patternGet(v);
			if (p === null) return UNKNOWN;
			if (p !== lastPattern) {
				lastPattern = p as string;
				try {
					lastRe = likeToRegExp(lastPattern, ci, pattern.pos, this.likeBrackets);
				} catch {
					// A stored value that is not a valid pattern matches nothing.
					lastRe = null;
				}
			}
			return lastRe !== null && lastRe.test(s as string) ? TRUE : FALSE;
		};
	}
}

/**
 * Compiles a qualification against a form into a predicate over stored entries. Field references,
 * literal conversions and LIKE patterns are resolved here, once; the predicate only reads values.
 */
export function compileQualification(
	text: string,
	form: FormDef,
	ctx: QualificationContext,
	options?: QualificationOptions,
): (values: EntryValues) => boolean {
	const root = parseQualification(text);
	if (root.kind === 'all') return () => true;
	const caseInsensitive = options?.caseInsensitive ?? defaultCaseInsensitive;
	const likeBrackets = options?.likeBrackets ?? true;
	const cond = new Compiler(form, ctx, caseInsensitive, likeBrackets).compile(root);
	return (values) => cond(values) === TRUE;
}
