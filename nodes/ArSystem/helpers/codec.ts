/**
 * One datatype codec, keyed by the field's datatype from the form metadata. Each entry says:
 *
 * - `write`: how a user's value becomes what the REST body needs (Create, Update, Upsert and every
 *   resource's named fields go through mapping.ts → here);
 * - `literal`: how a user's value becomes a qualification literal (the filter builder, Upsert's
 *   match, identity lookups and the trigger's window all go through qualification.ts → here); the
 *   escaping itself stays in qualification.ts, which hands its writers in;
 * - reading: AR's JSON forms are already what an item should hold (labels, numbers, UTC `+0000`
 *   date-times, `YYYY-MM-DD`, `HH:mm:ss`, diary arrays, currency objects), so Get Many converts
 *   nothing and its read path stays a plain copy. A datatype that ever needs a read conversion
 *   gets a `read` entry here, applied once per response to the fields that have one.
 * - `expected`: what a user may write, for messages and the README's datatype table.
 * - `compare`: does a value read back hold what a write sent, as the server stores it (DECIMAL
 *   and CURRENCY rounded to the field's scale from the metadata, enum numbers as labels, date-times
 *   as instants)? Read-back after a lost answer (transport/readBack.ts) asks this per field.
 *
 * Adding a datatype is one entry in CODECS. Errors are CodecError with a message that names the
 * field, shows the value (clipped) and says what is expected.
 */
import type { FieldType } from 'n8n-workflow';

import { brokenCharacter, clip } from './text';
import {
	ArValueError,
	parseIsoToMillis,
	toArDate,
	toArDateTime,
	toEpochSeconds,
	toSecondsOfDay,
} from './values';

export interface CodecField {
	id: number;
	name: string;
	datatype: string;
	/** ENUM: labels in item-number order. */
	enumLabels?: string[];
	/** ENUM with custom numbering (1000, 2000, ...): the number of each label. */
	enumIds?: number[];
	/** DECIMAL / CURRENCY: digits the server keeps after the point (metadata `limit.precision`). */
	precision?: number;
}

/** A field object as the metadata endpoint sends it (only what the codec reads). */
export interface FieldMetaLike {
	id: number | string;
	name: string;
	datatype?: string;
	limit?: unknown;
}

/** Whether a value read back holds what a write sent: proof either way, or no proof. */
export type FieldVerdict = 'same' | 'different' | 'unknown';

/** A value that does not fit its field; `description` says what to enter instead. */
export class CodecError extends Error {
	constructor(
		message: string,
		readonly description: string,
		readonly field: string,
	) {
		super(message);
		this.name = 'CodecError';
	}
}

/** Qualification writers with qualification.ts's escaping, bound to the field being compared. */
export interface LiteralWriters {
	/** A quoted string literal, `"` doubled, broken characters refused. */
	text(value: unknown): string;
	integer(value: unknown): string;
	decimal(value: unknown): string;
	selection(value: unknown): string;
	/** A bare whole number that the codec has already validated. */
	number(n: number): string;
	/** Runs a conversion; its ArValueError becomes an error naming the field. */
	converted<T>(convert: () => T, what: string): T;
}

export interface DatatypeCodec {
	/** The type in the words the editor shows ("Selection", "Date/Time"), not the API's ENUM / TIME. */
	word: string;
	expected(field: CodecField): string;
	write(value: unknown, field: CodecField): unknown;
	literal(value: unknown, field: CodecField, writers: LiteralWriters): string;
	/** `sent` is what write() produced, `read` AR's JSON form; neither is blank here. */
	compare(sent: unknown, read: unknown, field: CodecField): FieldVerdict;
	/** Writing appends instead of replacing (DIARY): read-back needs the entries from before. */
	appends?: boolean;
	/** The resource mapper's input type; none: the mapper hides the field (not writable there). */
	mapperType?: FieldType;
	/** Values are whole numbers (INTEGER): lookups by such a key take digits only. */
	whole?: boolean;
	/** AR allows LIKE on the field (character and diary fields only). */
	like?: boolean;
}

/** How a value is shown in a message: text clipped and quoted, other values by kind. */
export function showValue(value: unknown): string {
	if (typeof value === 'string') return `'${clip(value)}'`;
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return `'${String(value)}'`;
	}
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (Object.prototype.toString.call(value) === '[object Date]') return 'a date object';
	return 'an object';
}

function bad(field: CodecField, message: string, description: string): never {
	throw new CodecError(message, description, field.name);
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Plain decimal notation only: Number() would also take 0x10, 1e3, '' or ' ' as numbers. */
const PLAIN_NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * The numbers a write and a filter both take: a finite number, or text in plain decimal notation
 * ("42", "42.0", "-.5"; not "1e3" or "0x10"). qualification.ts asks this too, so a filter takes
 * what a write takes. Text with more digits than a double holds reads as ±Infinity (out of range).
 */
export function plainNumberOf(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value !== 'string' || !PLAIN_NUMBER.test(value.trim())) return undefined;
	return Number(value.trim());
}

export const INTEGER_RANGE = { min: INT32_MIN, max: INT32_MAX } as const;

function numberOf(value: unknown, field: CodecField, hint: string): number {
	const n = plainNumberOf(value) ?? NaN;
	if (!Number.isFinite(n)) {
		bad(field, `Field '${field.name}' needs a number, got ${showValue(value)}`, hint);
	}
	return n;
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value.trim())) {
		return Number(value);
	}
	return undefined;
}

function verdict(equal: boolean | undefined): FieldVerdict {
	return equal === undefined ? 'unknown' : equal ? 'same' : 'different';
}

function compareNumbers(sent: unknown, read: unknown): FieldVerdict {
	const a = asNumber(sent);
	const b = asNumber(read);
	if (a === undefined || b === undefined) return 'unknown';
	return verdict(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a)));
}

/** Digits after the point in a number as JSON writes it (12.35 → 2, 1e-7 → 7). */
function decimalsOf(n: number): number {
	const [mantissa, exponent = '0'] = String(Math.abs(n)).split('e');
	const fraction = mantissa.split('.')[1]?.length ?? 0;
	return Math.max(0, fraction - Number(exponent));
}

/**
 * A DECIMAL (or a currency amount) as the server stores it: rounded to the field's scale, so 12.345
 * sent reads back as 12.35 on a scale-2 field and that is the write, not another value. Either
 * rounding mode (half up, half even) is accepted. Without a scale in the metadata, a value that
 * could be a rounding of the one sent proves nothing.
 */
function compareScaled(sent: unknown, read: unknown, precision: number | undefined): FieldVerdict {
	const a = asNumber(sent);
	const b = asNumber(read);
	if (a === undefined || b === undefined) return 'unknown';
	const tiny = 1e-9 * Math.max(1, Math.abs(a));
	if (Math.abs(a - b) <= tiny) return 'same';
	const scale = precision ?? decimalsOf(b);
	const halfUnit = 0.5 * 10 ** -scale;
	const couldBeRounded = decimalsOf(b) <= scale && Math.abs(a - b) <= halfUnit + tiny;
	if (precision === undefined) return couldBeRounded ? 'unknown' : 'different';
	return couldBeRounded ? 'same' : 'different';
}

/**
 * Character values: equal, or equal but for trailing blanks (AR may drop them), are the same. Equal
 * once case and blanks are ignored proves nothing: sites rewrite values with filters (upper-case
 * codes, trimmed input), so that is what the server may have made of the write, or a value from
 * before it.
 */
function compareText(sent: unknown, read: unknown): FieldVerdict {
	if (typeof sent === 'object' || typeof read === 'object') {
		return JSON.stringify(sent) === JSON.stringify(read) ? 'same' : 'unknown';
	}
	const a = String(sent);
	const b = String(read);
	if (a === b || a.trimEnd() === b.trimEnd()) return 'same';
	const loose = (text: string) => text.replace(/\s+/g, ' ').trim().toLowerCase();
	return loose(a) === loose(b) ? 'unknown' : 'different';
}

const integerCodec: DatatypeCodec = {
	word: 'Whole Number',
	expected: () => `a whole number from ${INT32_MIN} to ${INT32_MAX}`,
	write(value, field) {
		const n = plainNumberOf(value);
		if (n === undefined) {
			bad(
				field,
				`Field '${field.name}' needs a number, got ${showValue(value)}`,
				'Enter a whole number such as 42.',
			);
		}
		// Too many digits for a double reads as ±Infinity: out of range, said below.
		if (Number.isFinite(n) && !Number.isInteger(n)) {
			bad(
				field,
				`Field '${field.name}' needs a whole number, got ${showValue(value)}`,
				'Round the value.',
			);
		}
		if (n < INT32_MIN || n > INT32_MAX) {
			bad(
				field,
				`Field '${field.name}' is out of range: ${showValue(value)}`,
				`AR integer fields hold ${INT32_MIN} to ${INT32_MAX}.`,
			);
		}
		return n;
	},
	literal: (value, _field, w) => w.integer(value),
	compare: compareNumbers,
	mapperType: 'number',
	whole: true,
};

/** REAL: stored as a double, never rounded (its metadata precision is only for display). */
const realCodec: DatatypeCodec = {
	word: 'Number',
	expected: () => 'a number in plain notation such as 12.5',
	write: (value, field) => numberOf(value, field, 'Enter a plain number such as 42 or 3.5.'),
	literal: (value, _field, w) => w.decimal(value),
	compare: compareNumbers,
	mapperType: 'number',
};

/** DECIMAL: the server rounds to the field's scale (`limit.precision`). */
const decimalCodec: DatatypeCodec = {
	...realCodec,
	word: 'Decimal',
	compare: (sent, read, field) => compareScaled(sent, read, field.precision),
};

const textCodec: DatatypeCodec = {
	word: 'Text',
	expected: () => 'text',
	write(value, field) {
		// Objects pass through for the server to judge (e.g. a value AR itself returned).
		if (typeof value === 'object' && value !== null) return value;
		const text = String(value);
		const problem = brokenCharacter(text);
		if (problem)
			bad(field, `Field '${field.name}' contains ${problem}`, 'Remove it from the value.');
		return text;
	},
	literal: (value, _field, w) => w.text(value),
	compare: compareText,
	mapperType: 'string',
	like: true,
};

/** Diary fields are append-only in AR: the text written becomes a new entry, never a replacement. */
const diaryCodec: DatatypeCodec = {
	word: 'Diary (Text)',
	expected: () => 'text, added to the diary as a new entry',
	write(value, field) {
		if (typeof value === 'object' && value !== null) {
			bad(
				field,
				`Field '${field.name}' needs the text of a new diary entry, got ${showValue(value)}`,
				'Map the text only; AR adds the time and the user to the entry itself.',
			);
		}
		return textCodec.write(value, field);
	},
	literal: (value, _field, w) => w.text(value),
	// A diary's proof is an entry added by the write; readBack.ts compares entries, not values.
	compare: () => 'unknown',
	appends: true,
	mapperType: 'string',
	like: true,
};

function dateTimeHint(): string {
	return 'Use ISO 8601 (2024-05-01T13:00:00Z), epoch seconds or milliseconds, or a DateTime expression such as {{ $now }}.';
}

const timeCodec: DatatypeCodec = {
	word: 'Date/Time',
	expected: () => 'a date and time: ISO 8601, epoch seconds or milliseconds, a JS or luxon date',
	write(value, field) {
		try {
			return toArDateTime(value);
		} catch {
			return bad(
				field,
				`Field '${field.name}' needs a date and time, got ${showValue(value)}`,
				dateTimeHint(),
			);
		}
	},
	literal: (value, _field, w) => w.number(w.converted(() => toEpochSeconds(value), 'a date')),
	compare: (sent, read) => verdict(sameOrUndefined(epochSecondsOf(sent), epochSecondsOf(read))),
	mapperType: 'dateTime',
};

function sameOrUndefined<T>(a: T | undefined, b: T | undefined): boolean | undefined {
	return a === undefined || b === undefined ? undefined : a === b;
}

/** Epoch seconds of a date/time value: a number of seconds, or a parseable date string. */
function epochSecondsOf(value: unknown): number | undefined {
	const n = asNumber(value);
	if (n !== undefined) return Math.floor(n);
	if (typeof value !== 'string') return undefined;
	const ms = parseIsoToMillis(value.trim());
	return ms === undefined ? undefined : Math.floor(ms / 1000);
}

/**
 * DATE (`YYYY-MM-DD`): the calendar date the user means. Text keeps the date it was written with
 * (`2024-05-01T23:30:00-05:00` is 1 May, not the UTC 2 May); a luxon DateTime gives its own date;
 * epoch numbers and JS Dates, which carry no zone, give the UTC date.
 */
function toDate(value: unknown): string {
	if (typeof value === 'string') {
		const text = value.trim();
		const m = /^(\d{4}-\d{2}-\d{2})(?:$|[T ])/.exec(text);
		if (m) {
			if (parseIsoToMillis(text) === undefined)
				throw new ArValueError(`${JSON.stringify(clip(text))} is not a valid date`);
			return m[1];
		}
	}
	return toArDate(value);
}

const dateCodec: DatatypeCodec = {
	word: 'Date',
	expected: () =>
		'a date: YYYY-MM-DD, an ISO date-time (its date is used), or a DateTime expression',
	write(value, field) {
		try {
			return toDate(value);
		} catch {
			return bad(
				field,
				`Field '${field.name}' needs a date (YYYY-MM-DD), got ${showValue(value)}`,
				'Use 2024-05-01, an ISO date-time, or a DateTime expression such as {{ $today }}.',
			);
		}
	},
	// AR keeps a DATE as a day count, not as epoch seconds (reference §6a), so the literal is the
	// documented form, a quoted date: "2024-05-01" (the same date as written, so an equals filter
	// matches what Create stored). An epoch-seconds literal compared with a DATE is not a date.
	literal: (value, _field, w) => w.text(w.converted(() => toDate(value), 'a date')),
	compare: (sent, read) =>
		typeof sent === 'string' && typeof read === 'string'
			? verdict(sent.trim().slice(0, 10) === read.trim().slice(0, 10))
			: 'unknown',
	mapperType: 'string',
};

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/**
 * TIME_OF_DAY (`HH:mm:ss`): `HH:mm[:ss]`, seconds since midnight, the time part of an ISO
 * date-time as written, a luxon DateTime's own wall-clock time, or a JS Date's UTC time.
 */
function toSeconds(value: unknown): number {
	if (typeof value === 'string') {
		const m = /^\d{4}-\d{2}-\d{2}[T ](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value.trim());
		if (m && parseIsoToMillis(value) !== undefined) {
			return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
		}
		return toSecondsOfDay(value);
	}
	if (typeof value === 'object' && value !== null) {
		const dt = value as { hour?: unknown; minute?: unknown; second?: unknown; isValid?: unknown };
		if (typeof dt.hour === 'number' && typeof dt.minute === 'number' && dt.isValid !== false) {
			return dt.hour * 3600 + dt.minute * 60 + (typeof dt.second === 'number' ? dt.second : 0);
		}
		if (Object.prototype.toString.call(value) === '[object Date]') {
			const d = value as Date;
			if (Number.isNaN(d.getTime())) throw new ArValueError('The date object is invalid');
			return d.getUTCHours() * 3600 + d.getUTCMinutes() * 60 + d.getUTCSeconds();
		}
	}
	return toSecondsOfDay(value);
}

const timeOfDayCodec: DatatypeCodec = {
	word: 'Time of Day',
	expected: () => 'a time of day: HH:mm:ss (24-hour), seconds since midnight, or a DateTime',
	write(value, field) {
		try {
			const s = toSeconds(value);
			return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
		} catch {
			return bad(
				field,
				`Field '${field.name}' needs a time of day (HH:mm:ss), got ${showValue(value)}`,
				'Use 13:15:59 (24-hour), seconds since midnight, or a DateTime expression.',
			);
		}
	},
	literal: (value, _field, w) => w.number(w.converted(() => toSeconds(value), 'a time of day')),
	compare(sent, read) {
		const seconds = (value: unknown): number | undefined => {
			try {
				return toSeconds(value);
			} catch {
				return undefined;
			}
		};
		return verdict(sameOrUndefined(seconds(sent), seconds(read)));
	},
	mapperType: 'string',
};

/** Selection items as (number, label) pairs; numbers are positions unless the field has ids. */
function selectionItems(field: CodecField): Array<{ id: number; label: string }> {
	const labels = field.enumLabels ?? [];
	const ids = field.enumIds?.length === labels.length ? field.enumIds : undefined;
	return labels.map((label, i) => ({ id: ids ? ids[i] : i, label }));
}

function optionList(field: CodecField): string {
	const items = selectionItems(field);
	const custom = field.enumIds !== undefined;
	return items.map((item) => (custom ? `${item.label} (${item.id})` : item.label)).join(', ');
}

const enumCodec: DatatypeCodec = {
	word: 'Selection',
	expected: (field) =>
		field.enumIds
			? `one of the option labels or their numbers: ${optionList(field)}`
			: 'one of the option labels, or its position (0, 1, ...)',
	write(value, field) {
		const items = selectionItems(field);
		// AR's JSON form of a selection is its label; the label is sent whichever way it was given.
		if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value.trim()))) {
			const n = Number(value);
			const byLabel =
				typeof value === 'string' ? items.find((item) => item.label === value.trim()) : undefined;
			if (byLabel) return byLabel.label;
			if (items.length === 0) return n;
			const item = items.find((candidate) => candidate.id === n);
			if (!item) {
				bad(
					field,
					`Field '${field.name}' has no option with index ${n}`,
					`Valid options: ${optionList(field)}.`,
				);
			}
			return item.label;
		}
		const text = String(value).trim();
		if (items.length === 0) return text;
		const problem = brokenCharacter(text);
		if (problem)
			bad(field, `Field '${field.name}' contains ${problem}`, 'Remove it from the value.');
		const folded = text.toLowerCase();
		const match =
			items.find((item) => item.label === text) ??
			items.find((item) => item.label.toLowerCase() === folded);
		if (!match) {
			bad(
				field,
				`'${clip(text)}' is not a valid option for field '${field.name}'`,
				`Valid options: ${optionList(field)}.`,
			);
		}
		return match.label;
	},
	literal: (value, _field, w) => w.selection(value),
	compare: (sent, read, field) =>
		verdict(sameOrUndefined(selectionLabel(field, sent), selectionLabel(field, read))),
	mapperType: 'options',
};

/** The label of a selection value given as its label or its number; undefined when unknown. */
function selectionLabel(field: CodecField, value: unknown): string | undefined {
	if (typeof value === 'string' && !/^\d+$/.test(value.trim())) return value;
	const n = asNumber(value);
	return n === undefined ? undefined : selectionItems(field).find((item) => item.id === n)?.label;
}

/**
 * CURRENCY: AR's JSON is `{"decimal": 12.5, "currency": "USD", ...}`; the node also takes
 * `"12.50 USD"` / `"USD 12.50"`. A filter compares the amount (`'Field' = 12.5` is its value part).
 */
function currencyOf(value: unknown): { decimal: number; currency: string } | undefined {
	if (typeof value === 'string') {
		const m =
			/^\s*(?:([A-Za-z]{3})\s*([-+]?\d+(?:\.\d+)?)|([-+]?\d+(?:\.\d+)?)\s*([A-Za-z]{3}))\s*$/.exec(
				value,
			);
		if (!m) return undefined;
		return { decimal: Number(m[2] ?? m[3]), currency: (m[1] ?? m[4]).toUpperCase() };
	}
	if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
		const obj = value as { decimal?: unknown; value?: unknown; currency?: unknown };
		const amount = obj.decimal ?? obj.value;
		const decimal =
			typeof amount === 'number'
				? amount
				: typeof amount === 'string' && plainNumberOf(amount) !== undefined
					? Number(amount)
					: NaN;
		if (
			!Number.isFinite(decimal) ||
			typeof obj.currency !== 'string' ||
			!/^[A-Za-z]{3}$/.test(obj.currency)
		) {
			return undefined;
		}
		return { decimal, currency: obj.currency.toUpperCase() };
	}
	return undefined;
}

const currencyCodec: DatatypeCodec = {
	word: 'Currency',
	expected: () =>
		'an amount with a currency code: {"decimal": 12.5, "currency": "USD"} or "12.50 USD"',
	write(value, field) {
		const currency = currencyOf(value);
		if (!currency) {
			bad(
				field,
				`Field '${field.name}' needs an amount with a currency code, got ${showValue(value)}`,
				'Use {"decimal": 12.5, "currency": "USD"} or "12.50 USD".',
			);
		}
		return currency;
	},
	literal(value, _field, w) {
		const currency = currencyOf(value);
		return w.decimal(currency ? currency.decimal : value);
	},
	// The amount as stored (rounded to the field's precision) and the currency code.
	compare(sent, read, field) {
		const a = currencyOf(sent);
		const b = currencyOf(read);
		if (!a || !b) return 'unknown';
		if (a.currency !== b.currency) return 'different';
		return compareScaled(a.decimal, b.decimal, field.precision);
	},
	// Typed as text: "12.50 USD" (an expression may give the object form).
	mapperType: 'string',
};

const attachmentCodec: DatatypeCodec = {
	word: 'Attachment',
	expected: () => 'not writable by this node (attachments need a multipart upload)',
	write: (_value, field) =>
		bad(
			field,
			`Field '${field.name}' is an attachment field, which this node cannot write`,
			'Leave the field out; upload attachments with an HTTP Request node (multipart/form-data).',
		),
	literal: (value, _field, w) => w.text(value),
	compare: () => 'unknown',
};

/** Every datatype the node knows. Unknown datatypes are treated as text. */
export const CODECS: Readonly<Record<string, DatatypeCodec>> = {
	CHAR: textCodec,
	DIARY: diaryCodec,
	ENUM: enumCodec,
	INTEGER: integerCodec,
	REAL: realCodec,
	DECIMAL: decimalCodec,
	TIME: timeCodec,
	DATE: dateCodec,
	TIME_OF_DAY: timeOfDayCodec,
	CURRENCY: currencyCodec,
	ATTACH: attachmentCodec,
};

export function codecFor(datatype: string | undefined): DatatypeCodec {
	return knownCodec(datatype) ?? textCodec;
}

/** A field type in the editor's words; an unknown type as the server names it. */
export function typeWord(datatype: string): string {
	return knownCodec(datatype)?.word ?? datatype;
}

/** The codec of a datatype the node knows, or undefined (then the mapper hides the field). */
export function knownCodec(datatype: string | undefined): DatatypeCodec | undefined {
	return CODECS[String(datatype ?? '').toUpperCase()];
}

/** The user's value for `field` as the REST body needs it (null stays null: clears the field). */
export function writeValue(field: CodecField, value: unknown): unknown {
	if (value === null) return null;
	return codecFor(field.datatype).write(value, field);
}

function isBlank(value: unknown): boolean {
	return value === null || value === undefined || value === '';
}

/**
 * Does the value read back hold the value a write sent, as the server stores it? Passwords read
 * back as `***` and prove nothing; an empty value equals only an empty one. A field the metadata
 * does not list as stored (a DISPLAY field such as z1D_Action, which reads back empty) proves
 * nothing either.
 */
export function compareStored(field: CodecField | undefined, sent: unknown, read: unknown): FieldVerdict {
	if (field === undefined || read === undefined || read === '***') return 'unknown';
	if (isBlank(sent) || isBlank(read)) return isBlank(sent) && isBlank(read) ? 'same' : 'different';
	return codecFor(field.datatype).compare(sent, read, field);
}

/** Whether writing `field` appends (a diary) rather than replaces. */
export function appendsOnWrite(field: CodecField | undefined): boolean {
	return field !== undefined && codecFor(field.datatype).appends === true;
}

/**
 * Enum labels hide in `limit` under names that vary by server version; accept the shapes seen in
 * the wild (arrays of strings, or of objects with a name/label and an id/number). Labels come back
 * in item-number order; `ids` is set only when the numbers are not simply 0..n-1 (custom selection
 * fields such as ITSM's Impact and Urgency, 1000, 2000, ...).
 */
function enumOf(limit: Record<string, unknown> | undefined): { labels: string[]; ids?: number[] } | undefined {
	if (!limit) return undefined;
	const raw = limit.selection_values ?? limit.enum_values ?? limit.values ?? limit.selections;
	if (!Array.isArray(raw)) return undefined;
	const items: Array<{ label: string; id: number }> = raw.map((item: unknown, position) => {
		if (typeof item === 'string') return { label: item, id: position };
		const entry = (item ?? {}) as Record<string, unknown>;
		const label = String(entry.name ?? entry.label ?? entry.value ?? '');
		const id = Number(entry.id ?? entry.number ?? entry.index ?? position);
		return { label, id: Number.isSafeInteger(id) ? id : position };
	});
	items.sort((a, b) => a.id - b.id);
	const labels = items.map((item) => item.label);
	const plain = items.every((item, i) => item.id === i);
	return plain ? { labels } : { labels, ids: items.map((item) => item.id) };
}

/** The codec's view of a field from the metadata endpoint: datatype, selection items, scale. */
export function codecFieldOf(meta: FieldMetaLike): CodecField {
	const limit =
		typeof meta.limit === 'object' && meta.limit !== null && !Array.isArray(meta.limit)
			? (meta.limit as Record<string, unknown>)
			: undefined;
	const datatype = String(meta.datatype ?? 'CHAR').toUpperCase();
	const selection = enumOf(limit);
	const precision = Number(limit?.precision);
	return {
		id: Number(meta.id),
		name: String(meta.name),
		datatype,
		enumLabels: selection?.labels,
		...(selection?.ids ? { enumIds: selection.ids } : {}),
		// REAL's precision is display only (and -1 for "as entered"): only stored scales count.
		...((datatype === 'DECIMAL' || datatype === 'CURRENCY') && Number.isInteger(precision) && precision >= 0
			? { precision }
			: {}),
	};
}
