import fc from 'fast-check';
import { DateTime } from 'luxon';
// Test-only: a Date from another realm, as n8n's expression sandbox produces.
// eslint-disable-next-line @n8n/community-nodes/no-restricted-imports
import { runInNewContext } from 'node:vm';

import {
	ArValueError,
	parseArDateTime,
	parseIsoToMillis,
	toArDate,
	toArDateTime,
	toEpochMillis,
	toEpochSeconds,
	toSecondsOfDay,
} from '../../../nodes/ArSystem/helpers/values';
import { writeValue } from '../../../nodes/ArSystem/helpers/codec';

const JAN_1_2024 = 1704067200; // 2024-01-01T00:00:00Z in epoch seconds

describe('toEpochSeconds', () => {
	it.each([
		['ISO with Z', '2024-01-01T00:00:00Z', JAN_1_2024],
		['AR form with +0000', '2024-01-01T00:00:00.000+0000', JAN_1_2024],
		['offset +00:00', '2024-01-01T00:00:00+00:00', JAN_1_2024],
		['offset +01:00 (one hour earlier in UTC)', '2024-01-01T01:00:00+01:00', JAN_1_2024],
		['offset -0500', '2023-12-31T19:00:00-0500', JAN_1_2024],
		['offset +0530', '2024-01-01T05:30:00+0530', JAN_1_2024],
		['offset +01 (hours only)', '2024-01-01T01:00:00+01', JAN_1_2024],
		['lower-case z', '2024-01-01t00:00:00z', JAN_1_2024],
		['space instead of T', '2024-01-01 00:00:00', JAN_1_2024],
		['no seconds', '2024-01-01T00:00Z', JAN_1_2024],
		['date only is UTC midnight', '2024-01-01', JAN_1_2024],
		['no offset is UTC', '2024-01-01T00:00:00', JAN_1_2024],
		['surrounding spaces', '  2024-01-01T00:00:00Z  ', JAN_1_2024],
		['fraction is dropped, never rounded up', '2024-01-01T00:00:00.999Z', JAN_1_2024],
		['microseconds', '2024-01-01T00:00:00.999999+0000', JAN_1_2024],
		['epoch seconds', JAN_1_2024, JAN_1_2024],
		['epoch milliseconds', JAN_1_2024 * 1000, JAN_1_2024],
		['epoch milliseconds with a fraction of a second', JAN_1_2024 * 1000 + 999, JAN_1_2024],
		['epoch seconds as text', '1704067200', JAN_1_2024],
		['epoch milliseconds as text', '1704067200000', JAN_1_2024],
		['fractional epoch seconds', JAN_1_2024 + 0.75, JAN_1_2024],
		['epoch 0', 0, 0],
		['before 1970 rounds down', -1.5, -2],
		['bigint seconds', BigInt(JAN_1_2024), JAN_1_2024],
	])('%s', (_label, input, expected) => {
		expect(toEpochSeconds(input)).toBe(expected);
	});

	it('detects milliseconds by magnitude: 1e11 and above are milliseconds', () => {
		expect(toEpochSeconds(99_999_999_999)).toBe(99_999_999_999); // year 5138 in seconds
		expect(toEpochSeconds(100_000_000_000)).toBe(100_000_000); // March 1973 in milliseconds
	});

	it('accepts Date objects', () => {
		expect(toEpochSeconds(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 500)))).toBe(JAN_1_2024);
	});

	it('accepts a Date from another realm (n8n runs expressions in a sandbox)', () => {
		const foreign: unknown = runInNewContext('new Date(Date.UTC(2024, 0, 1))');
		expect(foreign instanceof Date).toBe(false);
		expect(toEpochSeconds(foreign)).toBe(JAN_1_2024);
	});

	it('accepts a real luxon DateTime in any zone', () => {
		const dt = DateTime.fromISO('2024-01-01T09:00:00', { zone: 'Asia/Tokyo' });
		expect(toEpochSeconds(dt)).toBe(JAN_1_2024);
	});

	it('accepts duck-typed date objects (toMillis, toISO, toISOString)', () => {
		expect(toEpochSeconds({ toMillis: () => JAN_1_2024 * 1000 })).toBe(JAN_1_2024);
		expect(toEpochSeconds({ toISO: () => '2024-01-01T00:00:00.000+00:00' })).toBe(JAN_1_2024);
		expect(toEpochSeconds({ toISOString: () => '2024-01-01T00:00:00.000Z' })).toBe(JAN_1_2024);
	});

	it.each([
		['garbage text', 'yesterday'],
		['empty text', ''],
		['blank text', '   '],
		['impossible day', '2024-02-30'],
		['not a leap year', '2023-02-29'],
		['1900 is not a leap year', '1900-02-29T00:00:00Z'],
		['month 13', '2024-13-01'],
		['hour 24', '2024-01-01T24:00:00Z'],
		['minute 60', '2024-01-01T00:60:00Z'],
		['second 60', '2024-01-01T00:00:60Z'],
		['offset hour 24', '2024-01-01T00:00:00+2400'],
		['US locale text (ambiguous, refused)', '01/02/2024'],
		['NaN', NaN],
		['Infinity', Infinity],
		['out of the Date range', 1e20],
		['boolean', true],
		['null', null],
		['undefined', undefined],
		['plain object', { year: 2024 }],
		['array', [JAN_1_2024]],
		['invalid Date', new Date('nope')],
		['invalid luxon DateTime', DateTime.fromISO('nope')],
		['toMillis returning NaN', { toMillis: () => NaN }],
	])('refuses %s with an ArValueError that shows the fix', (_label, input) => {
		expect(() => toEpochSeconds(input)).toThrow(ArValueError);
		expect(() => toEpochSeconds(input)).toThrow(/ISO 8601/);
	});

	it('accepts 29 February in leap years, including 2000', () => {
		expect(toEpochSeconds('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 1000);
		expect(toEpochSeconds('2000-02-29')).toBe(Date.UTC(2000, 1, 29) / 1000);
	});
});

describe('toEpochMillis', () => {
	it('keeps milliseconds', () => {
		expect(toEpochMillis('2024-01-01T00:00:00.123Z')).toBe(JAN_1_2024 * 1000 + 123);
		expect(toEpochMillis('2024-01-01T00:00:00.1Z')).toBe(JAN_1_2024 * 1000 + 100);
		expect(toEpochMillis(JAN_1_2024)).toBe(JAN_1_2024 * 1000);
	});
});

describe('parseIsoToMillis', () => {
	it('handles years below 100 without mapping them to the 1900s', () => {
		const exact = new Date(0);
		exact.setUTCFullYear(99, 0, 1);
		expect(parseIsoToMillis('0099-01-01T00:00:00Z')).toBe(exact.getTime());
		expect(toArDateTime('0099-01-01T00:00:00Z')).toBe('0099-01-01T00:00:00.000+0000');
	});

	it('gives undefined for text that is not ISO', () => {
		expect(parseIsoToMillis('Jan 1 2024')).toBeUndefined();
		expect(parseIsoToMillis('2024-1-1')).toBeUndefined();
	});
});

describe('toArDateTime', () => {
	it.each([
		['ISO with Z', '2024-01-31T12:34:56Z', '2024-01-31T12:34:56.000+0000'],
		['milliseconds are dropped', '2024-01-31T12:34:56.789Z', '2024-01-31T12:34:56.000+0000'],
		['offset converted to UTC', '2024-01-31T18:04:56+05:30', '2024-01-31T12:34:56.000+0000'],
		[
			'negative offset crossing midnight',
			'2024-01-31T20:00:00-0500',
			'2024-02-01T01:00:00.000+0000',
		],
		['AR form round trip', '2023-01-02T09:35:02.000+0000', '2023-01-02T09:35:02.000+0000'],
		['date only', '2024-07-28', '2024-07-28T00:00:00.000+0000'],
		['epoch seconds', JAN_1_2024, '2024-01-01T00:00:00.000+0000'],
		['epoch milliseconds', JAN_1_2024 * 1000 + 1500, '2024-01-01T00:00:01.000+0000'],
		['epoch 0', 0, '1970-01-01T00:00:00.000+0000'],
		['before 1970', -1, '1969-12-31T23:59:59.000+0000'],
		['end of the 4-digit range', '9999-12-31T23:59:59Z', '9999-12-31T23:59:59.000+0000'],
		['start of the 4-digit range', '0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000+0000'],
	])('%s', (_label, input, expected) => {
		expect(toArDateTime(input)).toBe(expected);
	});

	it('formats Date and luxon inputs', () => {
		expect(toArDateTime(new Date(Date.UTC(2024, 11, 24, 18, 5, 9)))).toBe(
			'2024-12-24T18:05:09.000+0000',
		);
		expect(toArDateTime(DateTime.fromISO('2024-12-24T19:05:09', { zone: 'Europe/Paris' }))).toBe(
			'2024-12-24T18:05:09.000+0000',
		);
	});

	it('refuses invalid input and years beyond 9999', () => {
		expect(() => toArDateTime('not a date')).toThrow(ArValueError);
		expect(() => toArDateTime(null)).toThrow(ArValueError);
		expect(() => toArDateTime(Date.UTC(10000, 0, 1))).toThrow(/0000-9999/);
	});

	it('agrees with Date#toISOString for any instant in years 0-9999 (property)', () => {
		const year0 = -62167219200000; // 0000-01-01T00:00:00Z
		const year9999 = 253402300799999; // 9999-12-31T23:59:59.999Z
		fc.assert(
			fc.property(fc.integer({ min: year0, max: year9999 }), (ms) => {
				const whole = Math.floor(ms / 1000) * 1000;
				// Magnitudes below 1e11 would be read as seconds, so pass a Date to keep the meaning.
				const expected = new Date(whole).toISOString().replace(/\.\d{3}Z$/, '.000+0000');
				expect(toArDateTime(new Date(ms))).toBe(expected);
			}),
		);
	});
});

describe('parseArDateTime', () => {
	it.each([
		['AR form', '2023-01-02T09:35:02.000+0000', Date.UTC(2023, 0, 2, 9, 35, 2)],
		[
			'AR form with milliseconds',
			'2023-01-02T09:35:02.123+0000',
			Date.UTC(2023, 0, 2, 9, 35, 2, 123),
		],
		['colon offset', '2023-01-02T09:35:02.000+00:00', Date.UTC(2023, 0, 2, 9, 35, 2)],
		['Z', '2023-01-02T09:35:02Z', Date.UTC(2023, 0, 2, 9, 35, 2)],
		['non-UTC offset', '2023-01-02T10:35:02.000+0100', Date.UTC(2023, 0, 2, 9, 35, 2)],
		['negative offset', '2023-01-02T04:35:02.000-0500', Date.UTC(2023, 0, 2, 9, 35, 2)],
		['date only', '2014-07-28', Date.UTC(2014, 6, 28)],
		['no offset is UTC', '2023-01-02T09:35:02', Date.UTC(2023, 0, 2, 9, 35, 2)],
		['epoch seconds', 1672652102, Date.UTC(2023, 0, 2, 9, 35, 2)],
		['epoch milliseconds', 1672652102000, Date.UTC(2023, 0, 2, 9, 35, 2)],
	])('%s', (_label, input, expected) => {
		expect(parseArDateTime(input)).toBe(expected);
	});

	it.each([
		['null', null],
		['undefined', undefined],
		['empty text', ''],
		['blank text', '  '],
		['garbage', 'not a date'],
		['time of day only', '13:15:59'],
		['impossible date', '2023-02-30T00:00:00.000+0000'],
		['an object', { a: 1 }],
	])('gives undefined for %s', (_label, input) => {
		expect(parseArDateTime(input)).toBeUndefined();
	});

	it('round-trips with toArDateTime to the second (property)', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 4102444800000 }), (ms) => {
				const text = toArDateTime(new Date(ms));
				expect(text).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/);
				expect(parseArDateTime(text)).toBe(Math.floor(ms / 1000) * 1000);
			}),
		);
	});
});

describe('toSecondsOfDay', () => {
	it.each([
		['13:15:59', 47759],
		['00:00', 0],
		['9:05', 32700],
		['23:59:59', 86399],
		[' 12:00:00 ', 43200],
		[3600, 3600],
		['3600', 3600],
	])('%s → %d', (input, expected) => {
		expect(toSecondsOfDay(input)).toBe(expected);
	});

	it.each([['24:00'], ['12:60'], ['12:00:60'], [86400], [-1], [1.5], ['noon'], [null]])(
		'refuses %p',
		(input) => {
			expect(() => toSecondsOfDay(input)).toThrow(ArValueError);
			expect(() => toSecondsOfDay(input)).toThrow(/HH:mm:ss/);
		},
	);
});

describe('toArDate', () => {
	it.each([
		['date-only text, kept as written', '2024-07-28', '2024-07-28'],
		['surrounding spaces', ' 2024-07-28 ', '2024-07-28'],
		['an instant, as its UTC date', '2024-07-28T23:30:00-0200', '2024-07-29'],
		['AR form', '2023-01-02T09:35:02.000+0000', '2023-01-02'],
		['epoch seconds', JAN_1_2024, '2024-01-01'],
		['a Date', new Date(Date.UTC(2024, 1, 29, 12)), '2024-02-29'],
	])('%s', (_label, input, expected) => {
		expect(toArDate(input)).toBe(expected);
	});

	it('gives a luxon DateTime its own calendar date, not the UTC one', () => {
		const tokyoMorning = DateTime.fromISO('2024-01-01T05:00:00', { zone: 'Asia/Tokyo' });
		expect(toArDate(tokyoMorning)).toBe('2024-01-01'); // UTC is still 2023-12-31
	});

	it('refuses impossible and invalid dates', () => {
		expect(() => toArDate('2023-02-29')).toThrow(ArValueError);
		expect(() => toArDate('someday')).toThrow(ArValueError);
		expect(() => toArDate(DateTime.fromISO('nope'))).toThrow(ArValueError);
	});
});

describe('TIME_OF_DAY through the codec (the one place that formats it)', () => {
	const field = { id: 536870913, name: 'Start Time', datatype: 'TIME_OF_DAY' };
	it.each([
		['13:15:59', '13:15:59'],
		['9:05', '09:05:00'],
		[0, '00:00:00'],
		[86399, '23:59:59'],
		[47759, '13:15:59'],
	])('%p → %p', (input, expected) => {
		expect(writeValue(field, input)).toBe(expected);
	});

	it('refuses an impossible time, naming the field', () => {
		expect(() => writeValue(field, '24:00')).toThrow(/Start Time/);
	});
});
