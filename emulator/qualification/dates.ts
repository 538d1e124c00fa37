/**
 * Date parsing for qualification literals and stored values. Everything is UTC: the emulator has no
 * user locale or time zone, and every date/time captured from real servers is +0000.
 */

export const SECONDS_PER_DAY = 86400;

/** Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
	const y = month <= 2 ? year - 1 : year;
	const era = Math.floor(y / 400);
	const yoe = y - era * 400;
	const mp = (month + 9) % 12;
	const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
	const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
	return era * 146097 + doe - 719468;
}

function isLeap(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
	if (month < 1 || month > 12 || day < 1) return false;
	const max = month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1];
	return day <= max;
}

/** Start of the UTC day containing `epochSeconds`. */
export function floorToDay(epochSeconds: number): number {
	return Math.floor(epochSeconds / SECONDS_PER_DAY) * SECONDS_PER_DAY;
}

/** Seconds since midnight for any epoch value (also correct for negative epochs). */
export function timeOfDay(epochSeconds: number): number {
	const r = Math.floor(epochSeconds) % SECONDS_PER_DAY;
	return r < 0 ? r + SECONDS_PER_DAY : r;
}

/**
 * Clock part to seconds; null when out of range. With AM/PM the hour is 1-12 (12 AM = 00),
 * without it 0-23.
 */
function clockSeconds(
	hour: string | undefined,
	minute: string | undefined,
	second: string | undefined,
	meridiem: string | undefined,
): number | null {
	if (hour === undefined) return 0;
	let h = Number(hour);
	const m = Number(minute);
	const s = second === undefined ? 0 : Number(second);
	if (m > 59 || s > 59) return null;
	if (meridiem !== undefined) {
		if (h < 1 || h > 12) return null;
		const pm = meridiem.toUpperCase() === 'PM';
		h = (h % 12) + (pm ? 12 : 0);
	} else if (h > 23) {
		return null;
	}
	return h * 3600 + m * 60 + s;
}

// ISO-ish: 2024-01-01, 2024-01-01 00:00[:00[.000]], 2024-01-01T00:00:00Z, ...+0000, ...+00:00
const ISO =
	/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
// US: M/D/YYYY, M/D/YY, optional h:mm[:ss] [AM|PM]
const US =
	/^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP]M))?)?$/i;
// Long form from the AR docs: July 5, 2020 [h:mm[:ss] [AM|PM]]
const LONG =
	/^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP]M))?)?$/i;

const MONTHS = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december',
];

function monthFromName(name: string): number | null {
	const lower = name.toLowerCase();
	for (let i = 0; i < MONTHS.length; i++) {
		if (lower === MONTHS[i] || lower === MONTHS[i].slice(0, 3)) return i + 1;
	}
	if (lower === 'sept') return 9;
	return null;
}

/**
 * Two-digit years follow the POSIX strptime pivot (69-99 → 19xx, 00-68 → 20xx). AR's own cutoff
 * is a server setting; a fixed, well-known rule keeps tests predictable.
 */
function expandYear(text: string): number {
	const y = Number(text);
	if (text.length > 2) return y;
	return y >= 69 ? 1900 + y : 2000 + y;
}

function build(
	year: number,
	month: number,
	day: number,
	clock: number | null,
	offsetSeconds = 0,
): number | null {
	if (clock === null || !validDate(year, month, day)) return null;
	return daysFromCivil(year, month, day) * SECONDS_PER_DAY + clock - offsetSeconds;
}

function parseOffset(zone: string | undefined): number | null {
	if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
	const sign = zone[0] === '-' ? -1 : 1;
	const digits = zone.slice(1).replace(':', '');
	const h = Number(digits.slice(0, 2));
	const m = Number(digits.slice(2, 4));
	if (h > 23 || m > 59) return null;
	return sign * (h * 3600 + m * 60);
}

/**
 * Parses a date or date-time string to epoch seconds (UTC unless the string carries an offset;
 * missing time = 00:00:00; fractions of a second are dropped). Null when not understood.
 */
export function parseDateTime(input: string): number | null {
	const text = input.trim();
	let m = ISO.exec(text);
	if (m) {
		const offset = parseOffset(m[7]);
		if (offset === null) return null;
		const clock = clockSeconds(m[4], m[5], m[6], undefined);
		return build(Number(m[1]), Number(m[2]), Number(m[3]), clock, offset);
	}
	m = US.exec(text);
	if (m) {
		const clock = clockSeconds(m[4], m[5], m[6], m[7]);
		return build(expandYear(m[3]), Number(m[1]), Number(m[2]), clock);
	}
	m = LONG.exec(text);
	if (m) {
		const month = monthFromName(m[1]);
		if (month === null) return null;
		const clock = clockSeconds(m[4], m[5], m[6], m[7]);
		return build(Number(m[3]), month, Number(m[2]), clock);
	}
	return null;
}

const CLOCK = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AP]M))?$/i;

/** `13:15:59`, `1:15 PM`, ... to seconds since midnight; null when not understood. */
export function parseTimeOfDay(input: string): number | null {
	const m = CLOCK.exec(input.trim());
	if (!m) return null;
	return clockSeconds(m[1], m[2], m[3], m[4]);
}

/**
 * Stored DATE values are 'YYYY-MM-DD'; this reads them without allocating, because it runs once per
 * entry during a scan. Returns the epoch seconds of that midnight, or null if malformed.
 */
export function isoDateToEpoch(s: string): number | null {
	if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) {
		const parsed = parseDateTime(s);
		return parsed === null ? null : floorToDay(parsed);
	}
	let year = 0;
	for (let i = 0; i < 4; i++) {
		const d = s.charCodeAt(i) - 48;
		if (d < 0 || d > 9) return null;
		year = year * 10 + d;
	}
	const m1 = s.charCodeAt(5) - 48;
	const m2 = s.charCodeAt(6) - 48;
	const d1 = s.charCodeAt(8) - 48;
	const d2 = s.charCodeAt(9) - 48;
	if (m1 < 0 || m1 > 9 || m2 < 0 || m2 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
	const month = m1 * 10 + m2;
	const day = d1 * 10 + d2;
	if (!validDate(year, month, day)) return null;
	return daysFromCivil(year, month, day) * SECONDS_PER_DAY;
}

/**
 * AR stores a DATE as "the number of days from the beginning of its range", 1 January 4713 BCE
 * (BMC AR System 19.08, "Date and time fields"; reference §6a): the Julian Day Number, whose day 0
 * is 24 November 4714 BCE in the proleptic Gregorian calendar. The range ends on 31 December 9999.
 */
export const JULIAN_DAY_OF_EPOCH = 2440588;
export const MAX_JULIAN_DAY = JULIAN_DAY_OF_EPOCH + daysFromCivil(9999, 12, 31);

/** Epoch seconds of the midnight starting Julian day `day`; null outside AR's DATE range. */
export function julianDayToEpoch(day: number): number | null {
	if (!Number.isInteger(day) || day < 0 || day > MAX_JULIAN_DAY) return null;
	return (day - JULIAN_DAY_OF_EPOCH) * SECONDS_PER_DAY;
}
