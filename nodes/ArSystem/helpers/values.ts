/**
 * Conversions at the REST edge: date inputs from n8n (ISO text, epoch numbers, Date objects,
 * luxon DateTime) to what AR expects, and AR's `+0000` timestamps back to epoch milliseconds.
 *
 * Everything is computed in UTC with explicit arithmetic, so the result never depends on the
 * machine's time zone or on how a JS engine happens to parse a non-standard date string.
 */

import { clip } from './text';

/** A value that could not be converted; callers add the field name before showing it. */
export class ArValueError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ArValueError';
	}
}

/**
 * Epoch numbers at or above this magnitude are milliseconds. 1e11 s is the year 5138, while 1e11 ms
 * is March 1973, so every realistic timestamp lands on the right side of the line.
 */
const MS_THRESHOLD = 1e11;

/** The range of a JS Date; anything beyond cannot be formatted. */
const MAX_EPOCH_MS = 8.64e15;

const HINT = 'Use an ISO 8601 date such as 2024-01-31T12:00:00Z, or epoch seconds / milliseconds';

/**
 * ISO 8601 and the AR response form. The offset may be `Z`, `+hh:mm`, `+hhmm` (AR writes `+0000`,
 * which strict ISO parsers reject) or `+hh`. A space is accepted instead of `T`.
 */
const ISO_RE = new RegExp(
	'^(\\d{4})-(\\d{2})-(\\d{2})' + // date
		'(?:[T ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?' + // optional time, fraction
		'\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?$', // optional offset
	'i',
);

function describe(value: unknown): string {
	if (typeof value === 'string') return JSON.stringify(clip(value));
	if (value === null) return 'null';
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
		return String(value);
	}
	if (Array.isArray(value)) return 'a list';
	return `a value of type ${typeof value}`;
}

function daysInMonth(year: number, month: number): number {
	// Computed by hand because Date.UTC maps the years 0-99 to 1900-1999.
	if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
	return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * Parses ISO 8601 / AR date-time text to epoch ms, or undefined when the text is not in that form
 * or names an impossible date (2024-02-30, 25:00). Text without an offset is taken as UTC: AR sends
 * UTC, and guessing the machine's zone would make results differ between hosts.
 */
export function parseIsoToMillis(text: string): number | undefined {
	const m = ISO_RE.exec(text.trim());
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s, frac, zone] = m;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	const hour = h === undefined ? 0 : Number(h);
	const minute = mi === undefined ? 0 : Number(mi);
	const second = s === undefined ? 0 : Number(s);
	if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
	if (hour > 23 || minute > 59 || second > 59) return undefined;
	// Only milliseconds are representable; extra digits are truncated, not rounded, so a value never
	// moves into the next second.
	const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
	let offsetMinutes = 0;
	if (zone !== undefined && zone.toUpperCase() !== 'Z') {
		// Normalise +0000 / +00 / +00:00 to sign, hours, minutes explicitly.
		const digits = zone.slice(1).replace(':', '');
		const oh = Number(digits.slice(0, 2));
		const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
		if (oh > 23 || om > 59) return undefined;
		offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
	}
	const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
	// Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear puts them back.
	const fixed = year < 100 ? new Date(utc).setUTCFullYear(year) : utc;
	return fixed - offsetMinutes * 60000;
}

function epochNumberToMillis(n: number, original: unknown): number {
	if (!Number.isFinite(n)) {
		throw new ArValueError(`${describe(original)} is not a valid date. ${HINT}.`);
	}
	const ms = Math.abs(n) >= MS_THRESHOLD ? n : n * 1000;
	if (Math.abs(ms) > MAX_EPOCH_MS) {
		throw new ArValueError(`${describe(original)} is out of the supported date range. ${HINT}.`);
	}
	return Math.floor(ms);
}

function isDateObject(value: unknown): value is Date {
	// instanceof fails for Dates created in another realm (n8n evaluates expressions in a sandbox),
	// so check the internal tag instead.
	return Object.prototype.toString.call(value) === '[object Date]';
}

/**
 * Any accepted date input to epoch milliseconds (integer). Accepts: ISO text (including AR's
 * `+0000` form), numeric text and numbers as epoch seconds or milliseconds (detected by magnitude),
 * Date objects, luxon DateTime (duck-typed via toMillis / toISO) and moment-like objects
 * (toISOString). Throws ArValueError otherwise.
 */
export function toEpochMillis(value: unknown): number {
	if (typeof value === 'number') return epochNumberToMillis(value, value);
	if (typeof value === 'bigint') return epochNumberToMillis(Number(value), value);
	if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') throw new ArValueError(`An empty text is not a date. ${HINT}.`);
		if (/^[+-]?\d+(\.\d+)?$/.test(text)) return epochNumberToMillis(Number(text), value);
		const ms = parseIsoToMillis(text);
		if (ms === undefined)
			throw new ArValueError(`${describe(value)} is not a valid date. ${HINT}.`);
		if (Math.abs(ms) > MAX_EPOCH_MS) {
			throw new ArValueError(`${describe(value)} is out of the supported date range. ${HINT}.`);
		}
		return ms;
	}
	if (isDateObject(value)) {
		const ms = value.getTime();
		if (Number.isNaN(ms)) throw new ArValueError(`The date object is invalid. ${HINT}.`);
		return ms;
	}
	if (typeof value === 'object' && value !== null) {
		const obj = value as {
			toMillis?: unknown;
			toISO?: unknown;
			toISOString?: unknown;
			isValid?: unknown;
		};
		// luxon DateTime: an invalid one reports isValid false and NaN millis.
		if (obj.isValid === false) {
			throw new ArValueError(`The date/time object is invalid. ${HINT}.`);
		}
		if (typeof obj.toMillis === 'function') {
			const ms = Number((obj.toMillis as () => unknown).call(value));
			if (!Number.isFinite(ms)) throw new ArValueError(`The date/time object is invalid. ${HINT}.`);
			return Math.floor(ms);
		}
		for (const method of [obj.toISO, obj.toISOString]) {
			if (typeof method === 'function') {
				const iso = (method as () => unknown).call(value);
				if (typeof iso === 'string') return toEpochMillis(iso);
			}
		}
	}
	throw new ArValueError(`${describe(value)} is not a valid date. ${HINT}.`);
}

/** Any accepted date input to whole epoch seconds (rounded down), as used in qualifications. */
export function toEpochSeconds(value: unknown): number {
	return Math.floor(toEpochMillis(value) / 1000);
}

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/**
 * Any accepted date input to AR's request-body form `YYYY-MM-DDTHH:mm:ss.000+0000` (UTC). AR keeps
 * whole seconds, so milliseconds are dropped rather than sent and silently truncated by the server.
 */
export function toArDateTime(value: unknown): string {
	const d = new Date(toEpochSeconds(value) * 1000);
	const year = d.getUTCFullYear();
	if (year < 0 || year > 9999) {
		throw new ArValueError(`${describe(value)} is outside the years 0000-9999. ${HINT}.`);
	}
	return (
		`${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
		`T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.000+0000`
	);
}

/**
 * An AR date-time from a response (`2023-01-02T09:35:02.000+0000`, other ISO forms, epoch numbers)
 * to epoch ms. Empty values (null, undefined, '') and text that is not a date give undefined: a
 * response value that cannot be read should not abort a whole run.
 */
export function parseArDateTime(value: unknown): number | undefined {
	if (value === null || value === undefined) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	try {
		return toEpochMillis(value);
	} catch {
		return undefined;
	}
}

/**
 * A time of day (`HH:mm`, `HH:mm:ss`, or seconds since midnight as a number) to seconds since
 * midnight, the form AR uses for TIME_OF_DAY fields.
 */
export function toSecondsOfDay(value: unknown): number {
	if (typeof value === 'number') {
		if (Number.isInteger(value) && value >= 0 && value < 86400) return value;
		throw new ArValueError(
			`${describe(value)} is not a time of day. Use HH:mm:ss or seconds since midnight (0-86399).`,
		);
	}
	if (typeof value === 'string') {
		const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
		if (m) {
			const [h, mi, s] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 0 : Number(m[3])];
			if (h <= 23 && mi <= 59 && s <= 59) return h * 3600 + mi * 60 + s;
		}
		if (/^\d+$/.test(value.trim())) return toSecondsOfDay(Number(value.trim()));
	}
	throw new ArValueError(
		`${describe(value)} is not a time of day. Use HH:mm:ss (24-hour) or seconds since midnight.`,
	);
}

/**
 * A date for a DATE field, `YYYY-MM-DD`. Date-only text is kept as written (no zone can shift it);
 * a luxon DateTime gives its own calendar date (the day the user sees in that zone); any other
 * instant gives its UTC date, matching how AR writes date-times.
 */
export function toArDate(value: unknown): string {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
		if (parseIsoToMillis(value) === undefined) {
			throw new ArValueError(`${describe(value)} is not a valid date. ${HINT}.`);
		}
		return value.trim();
	}
	if (typeof value === 'object' && value !== null) {
		const toISODate = (value as { toISODate?: unknown; isValid?: unknown }).toISODate;
		if (typeof toISODate === 'function' && (value as { isValid?: unknown }).isValid !== false) {
			const text = (toISODate as () => unknown).call(value);
			if (typeof text === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(text)) return text;
		}
	}
	return toArDateTime(value).slice(0, 10);
}
