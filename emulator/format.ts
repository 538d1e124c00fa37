/**
 * The HTTP edge of the data model: internal native values (types.ts) to the REST JSON shapes of
 * reference §6, and REST request values back to internal ones with AR-style validation errors.
 */
import { ArErrorNumber, ArError, badDate, badValue, unknownField } from './errors';
import { enumTable, STATUS_HISTORY_ID } from './forms/spec';
import type { FormIndex } from './forms/spec';
import type { EntryValues, FieldDef } from './forms/types';

// ---------------------------------------------------------------------------------------------
// Internal shapes of the types the shared FormDef does not spell out.

/** Status History (field 15): status item number -> who set it and when (epoch seconds). */
export type StatusHistory = Record<number, { user: string; timestamp: number }>;

/** Currency: AR keeps the value, its currency code and the converted functional values. */
export interface CurrencyValue {
	decimal: number;
	currency: string;
	conversionDate: number | null;
	functionalValues: Record<string, number | null>;
}

/**
 * A diary value arriving from a client: AR diaries are append-only, so the text is added as a new
 * entry instead of replacing the field. The store turns it into the stored string.
 */
export class DiaryAppend {
	constructor(readonly text: string) {}
}

// AR's own diary encoding: entries end with \x03, and timestamp, user and text are split by \x04.
// Keeping it as one string lets LIKE qualifications search the whole diary as AR does.
const DIARY_END = '\u0003';
const DIARY_SEP = '\u0004';

export function appendDiary(previous: unknown, text: string, user: string, now: number): string {
	const prefix = typeof previous === 'string' ? previous : '';
	return `${prefix}${now}${DIARY_SEP}${user}${DIARY_SEP}${text}${DIARY_END}`;
}

/** Digits a DECIMAL or CURRENCY field keeps after the point (its metadata "precision"). */
export function scaleOf(field: FieldDef): number {
	return field.precision ?? 2;
}

/**
 * `n` rounded to `scale` decimals, half away from zero, on its decimal digits: 12.345 → 12.35
 * (binary arithmetic would give 12.34, because 12.345 * 100 is 1234.4999…). AR computes DECIMAL
 * values in decimal arithmetic, so the digits as written decide.
 */
export function roundToScale(n: number, scale: number): number {
	const [mantissa, exponent = '0'] = Math.abs(n).toString().split('e');
	const [intPart, fracPart = ''] = mantissa.split('.');
	// Shift the point by the exponent on the digit string, so no binary product is involved.
	let digits = intPart + fracPart;
	let point = intPart.length + Number(exponent);
	if (point < 0) {
		digits = '0'.repeat(-point) + digits;
		point = 0;
	}
	if (point > digits.length) digits += '0'.repeat(point - digits.length);
	const keep = point + scale;
	if (digits.length <= keep) return n;
	let kept = digits.slice(0, keep);
	if (Number(digits[keep]) >= 5) {
		// Add one unit in the last kept place, carrying through the digit string.
		const chars = kept.split('');
		let i = chars.length - 1;
		while (i >= 0 && chars[i] === '9') chars[i--] = '0';
		if (i < 0) {
			chars.unshift('1');
			point++;
		} else chars[i] = String(Number(chars[i]) + 1);
		kept = chars.join('');
	}
	const text = `${kept.slice(0, kept.length - scale) || '0'}.${kept.slice(kept.length - scale)}`;
	const rounded = Number(text);
	return n < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Fixed exchange rates for functional values (the emulator has no currency table). */
const FUNCTIONAL_RATES: Record<string, number> = { USD: 1, EUR: 0.92, GBP: 0.79 };

// ---------------------------------------------------------------------------------------------
// Internal -> REST

/** `2024-01-02T09:35:02.000+0000`: UTC with millis and no colon in the offset (reference §6). */
export function formatDateTime(epochSeconds: number): string {
	return `${new Date(epochSeconds * 1000).toISOString().slice(0, 23)}+0000`;
}

function pad2(n: number): string {
	return n < 10 ? `0${n}` : String(n);
}

export function formatTimeOfDay(seconds: number): string {
	const s = ((seconds % 86400) + 86400) % 86400;
	return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
}

function formatDiary(value: string): Array<{ timestamp: string; user: string; text: string }> {
	const out: Array<{ timestamp: string; user: string; text: string }> = [];
	for (const item of value.split(DIARY_END)) {
		if (item === '') continue;
		const [ts, user, ...text] = item.split(DIARY_SEP);
		out.push({
			timestamp: formatDateTime(Number(ts)),
			user: user ?? '',
			text: text.join(DIARY_SEP),
		});
	}
	return out;
}

export function formatStatusHistory(
	history: StatusHistory,
	statusField: FieldDef | undefined,
): Record<string, { user: string; timestamp: string }> {
	const out: Record<string, { user: string; timestamp: string }> = {};
	const indexes = Object.keys(history)
		.map(Number)
		.sort((a, b) => a - b);
	for (const i of indexes) {
		const label = (statusField && enumTable(statusField).labelById.get(i)) ?? String(i);
		out[label] = { user: history[i].user, timestamp: formatDateTime(history[i].timestamp) };
	}
	return out;
}

/** One internal value as the REST API shows it. */
export function formatValue(field: FieldDef, value: unknown, index?: FormIndex): unknown {
	if (value === null || value === undefined) return null;
	if (field.id === STATUS_HISTORY_ID && typeof value === 'object') {
		return formatStatusHistory(value as StatusHistory, index?.statusField);
	}
	if (field.password) return '***';
	switch (field.datatype) {
		case 'ENUM':
			return enumTable(field).labelById.get(value as number) ?? value;
		case 'TIME':
			return formatDateTime(value as number);
		case 'TIME_OF_DAY':
			return formatTimeOfDay(value as number);
		case 'DIARY':
			return formatDiary(String(value));
		case 'CURRENCY': {
			const c = value as CurrencyValue;
			return {
				decimal: c.decimal,
				currency: c.currency,
				conversionDate: c.conversionDate === null ? null : formatDateTime(c.conversionDate),
				functionalValues: c.functionalValues,
			};
		}
		default:
			return value;
	}
}

/**
 * The `values` object of an entry: keys are field names. Without a field list every stored field
 * appears in ascending ID order with null for empty ones; with a list, exactly those fields.
 */
export function formatEntryValues(
	index: FormIndex,
	values: EntryValues,
	fields: FieldDef[] = index.stored,
): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const f of fields) {
		// DISPLAY-only fields are never stored; asking for one explicitly yields null.
		out[f.name] = f.option === 'DISPLAY' ? null : formatValue(f, values[f.id], index);
	}
	return out;
}

// ---------------------------------------------------------------------------------------------
// REST -> internal

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_ONLY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function validDate(y: number, m: number, d: number): boolean {
	if (m < 1 || m > 12 || d < 1) return false;
	return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Parses the date/time text forms the emulator accepts; undefined when it is not one of them. */
export function parseDateTime(text: string): number | undefined {
	const trimmed = text.trim();
	if (INTEGER_TEXT.test(trimmed)) return Number(trimmed);
	const m = ISO_DATE_TIME.exec(trimmed);
	if (!m) return undefined;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
	if (!validDate(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined;
	let offset = 0;
	if (m[8] && m[8] !== 'Z') {
		const sign = m[8][0] === '-' ? -1 : 1;
		const digits = m[8].slice(1).replace(':', '');
		const oh = Number(digits.slice(0, 2));
		const om = Number(digits.slice(2, 4));
		if (oh > 23 || om > 59) return undefined;
		offset = sign * (oh * 3600 + om * 60);
	}
	return Date.UTC(y, mo - 1, d, h, mi, s) / 1000 - offset;
}

function parseNumber(field: FieldDef, raw: unknown): number {
	let n: number;
	if (typeof raw === 'number') n = raw;
	else if (typeof raw === 'string' && NUMBER_TEXT.test(raw.trim())) n = Number(raw.trim());
	else throw badValue(field.name, `expected a number, got ${describe(raw)}`);
	if (!Number.isFinite(n))
		throw badValue(field.name, `expected a finite number, got ${describe(raw)}`);
	return n;
}

function describe(raw: unknown): string {
	if (raw === null) return 'null';
	if (Array.isArray(raw)) return 'an array';
	if (typeof raw === 'object') return 'an object';
	if (typeof raw === 'string')
		return JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
	return `${typeof raw} ${String(raw)}`;
}

export interface ParseContext {
	now: number;
}

/** One REST value to its internal form; throws ArError 400 (BAD_VALUE) when it does not fit. */
export function parseValue(field: FieldDef, raw: unknown, ctx: ParseContext): unknown {
	if (raw === null || raw === undefined) return null;
	switch (field.datatype) {
		case 'CHAR': {
			if (typeof raw !== 'string' && typeof raw !== 'number') {
				throw badValue(field.name, `expected a string, got ${describe(raw)}`);
			}
			const text = String(raw);
			// AR stores an empty character value as NULL.
			if (text === '') return null;
			if (field.maxLength && [...text].length > field.maxLength) {
				throw badValue(field.name, `longer than the maximum length ${field.maxLength}`);
			}
			return text;
		}
		case 'DIARY':
			if (typeof raw !== 'string')
				throw badValue(field.name, `expected a string, got ${describe(raw)}`);
			return raw === '' ? null : new DiaryAppend(raw);
		case 'ENUM': {
			// AR accepts the label or the item number; the number is the custom id where there is one.
			const { ids, labels, idByLabel } = enumTable(field);
			if (typeof raw === 'number') {
				if (Number.isInteger(raw) && ids.includes(raw)) return raw;
				throw badValue(field.name, `selection value ${raw} is not one of ${ids.join(', ')}`);
			}
			if (typeof raw !== 'string')
				throw badValue(field.name, `expected a selection label, got ${describe(raw)}`);
			const exact = idByLabel.get(raw);
			if (exact !== undefined) return exact;
			const folded = labels.findIndex((l) => l.toLowerCase() === raw.toLowerCase());
			if (folded >= 0) return ids[folded];
			throw badValue(
				field.name,
				`${describe(raw)} is not one of ${labels.map((l) => `"${l}"`).join(', ')}`,
			);
		}
		case 'INTEGER': {
			const n = parseNumber(field, raw);
			if (!Number.isInteger(n) || n < INT32_MIN || n > INT32_MAX) {
				throw badValue(field.name, `expected a 32-bit integer, got ${describe(raw)}`);
			}
			return n;
		}
		case 'REAL':
			return parseNumber(field, raw);
		case 'DECIMAL':
			// The server keeps the field's scale: 12.345 is stored (and read back) as 12.35.
			return roundToScale(parseNumber(field, raw), scaleOf(field));
		case 'TIME': {
			let t: number | undefined;
			if (typeof raw === 'number' && Number.isInteger(raw)) t = raw;
			else if (typeof raw === 'string') t = parseDateTime(raw);
			if (t === undefined)
				throw badDate(field.name, `bad date/time ${describe(raw)}; use ISO 8601`);
			// AR date/time values start at the epoch.
			if (t < 0 || t > 253402300799)
				throw badValue(field.name, `date/time ${describe(raw)} is out of range`);
			return t;
		}
		case 'DATE': {
			const m = typeof raw === 'string' ? DATE_ONLY.exec(raw.trim()) : null;
			if (!m || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
				throw badDate(field.name, `bad date ${describe(raw)}; use YYYY-MM-DD`);
			}
			return raw.toString().trim();
		}
		case 'TIME_OF_DAY': {
			if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 0 && raw < 86400) return raw;
			const m = typeof raw === 'string' ? TIME_ONLY.exec(raw.trim()) : null;
			if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? 0) > 59) {
				throw badDate(field.name, `bad time of day ${describe(raw)}; use HH:mm:ss`);
			}
			return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3] ?? 0);
		}
		case 'CURRENCY': {
			if (typeof raw !== 'object' || Array.isArray(raw)) {
				throw badValue(
					field.name,
					`expected {"decimal": n, "currency": "USD"}, got ${describe(raw)}`,
				);
			}
			const obj = raw as Record<string, unknown>;
			// Amounts are kept to the field's precision, as DECIMAL values are.
			const decimal = roundToScale(parseNumber(field, obj.decimal), scaleOf(field));
			const currency = obj.currency;
			if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
				throw badValue(
					field.name,
					`currency code must be three capital letters, got ${describe(currency)}`,
				);
			}
			const rate = FUNCTIONAL_RATES[currency];
			const functionalValues: Record<string, number | null> = {};
			for (const [code, r] of Object.entries(FUNCTIONAL_RATES)) {
				functionalValues[code] =
					rate === undefined ? null : Math.round((decimal / rate) * r * 100) / 100;
			}
			return {
				decimal,
				currency,
				conversionDate: ctx.now,
				functionalValues,
			} satisfies CurrencyValue;
		}
		case 'ATTACH':
			throw badValue(
				field.name,
				'attachments can only be sent as multipart/form-data, which the emulator does not support',
			);
		default:
			throw new ArError(400, ArErrorNumber.BAD_VALUE, field.name);
	}
}

/** A REST `values` object (keyed by field name) to internal values keyed by field ID. */
export function parseValues(index: FormIndex, raw: unknown, ctx: ParseContext): EntryValues {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		throw new ArError(400, ArErrorNumber.MALFORMED_REQUEST, '"values" must be a JSON object');
	}
	const out: EntryValues = {};
	for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
		const field = index.byName.get(name);
		if (!field) throw unknownField(index.spec.name, name);
		out[field.id] = parseValue(field, value, ctx);
	}
	return out;
}
