import fc from 'fast-check';
import { DateTime } from 'luxon';

import { writeValue } from '../../../nodes/ArSystem/helpers/codec';
import type { QualCondition, QualField } from '../../../nodes/ArSystem/helpers/qualification';
import {
	QualificationInputError,
	anyOfQualification,
	buildCondition,
	buildQualification,
	chunkValuesForUrl,
	combine,
	equalsQualification,
	escapeLike,
	fieldRef,
	literalFor,
	quoteString,
} from '../../../nodes/ArSystem/helpers/qualification';

const JAN_1_2024 = 1704067200;

const loginName: QualField = { id: 101, name: 'Login Name', datatype: 'CHAR' };
const fullName: QualField = { id: 8, name: 'Full Name', datatype: 'CHAR' };
const worklog: QualField = { id: 536870920, name: 'Work Log', datatype: 'DIARY' };
const status: QualField = {
	id: 7,
	name: 'Status',
	datatype: 'ENUM',
	enumLabels: ['Current', 'Disabled'],
};
const licenseType: QualField = {
	id: 109,
	name: 'License Type',
	datatype: 'ENUM',
	enumLabels: ['Read', 'Fixed', 'Floating', 'Restricted Read'],
};
const priority: QualField = {
	id: 536870930,
	name: 'Priority',
	datatype: 'ENUM',
	enumLabels: ['Low', 'Medium', 'High'],
	enumIds: [1000, 2000, 3000],
};
const modified: QualField = { id: 6, name: 'Modified Date', datatype: 'TIME' };
const birthday: QualField = { id: 536870931, name: 'Birthday', datatype: 'DATE' };
const opens: QualField = { id: 536870932, name: 'Opens At', datatype: 'TIME_OF_DAY' };
const loginCount: QualField = { id: 536870913, name: 'Login Count', datatype: 'INTEGER' };
const dougs: QualField = { id: 536870914, name: "Doug's Requests", datatype: 'INTEGER' };
const score: QualField = { id: 536870915, name: 'Score', datatype: 'REAL' };
const cost: QualField = { id: 536870916, name: 'Cost', datatype: 'DECIMAL' };
const rate: QualField = { id: 536870917, name: 'Hourly Rate', datatype: 'CURRENCY' };
const attachment: QualField = { id: 536870918, name: 'Attachment', datatype: 'ATTACH' };
const groupList: QualField = { id: 104, name: 'Group List', datatype: 'CHAR' };

const userFields: QualField[] = [
	loginName,
	fullName,
	worklog,
	status,
	licenseType,
	modified,
	loginCount,
	dougs,
	groupList,
];

/** Runs fn, expects a QualificationInputError, and returns it for further checks. */
/** Whether `fn` takes the value: 'taken' or 'refused' (any error). */
function attempt(fn: () => unknown): 'taken' | 'refused' {
	try {
		fn();
		return 'taken';
	} catch {
		return 'refused';
	}
}

function inputError(fn: () => unknown): QualificationInputError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(QualificationInputError);
		return error as QualificationInputError;
	}
	throw new Error('expected a QualificationInputError, but nothing was thrown');
}

/**
 * An independent reader for AR quoted text (`"..."` with `""`, or `'...'` with `''`): returns the
 * content and how many characters were read, so a test can check a literal ends where it should.
 */
function readQuoted(text: string, quote: '"' | "'"): { content: string; length: number } {
	expect(text[0]).toBe(quote);
	let content = '';
	for (let i = 1; i < text.length; i++) {
		if (text[i] === quote) {
			if (text[i + 1] === quote) {
				content += quote;
				i++;
				continue;
			}
			return { content, length: i + 1 };
		}
		content += text[i];
	}
	throw new Error(`unterminated ${quote} literal: ${text}`);
}

/** An independent SQL Server-style LIKE matcher: % any run, _ one char, [x] one char from a set. */
function likeToRegExp(pattern: string): RegExp {
	let source = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '%') source += '[\\s\\S]*';
		else if (c === '_') source += '[\\s\\S]';
		else if (c === '[') {
			const end = pattern.indexOf(']', i + 2);
			if (end < 0) throw new Error(`unclosed [ in ${pattern}`);
			const set = pattern.slice(i + 1, end);
			source += `[${set.replace(/[\\\]^-]/g, '\\$&')}]`;
			i = end;
		} else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
	}
	return new RegExp(`^${source}$`, 'u');
}

describe('fieldRef', () => {
	it.each([
		['Login Name', "'Login Name'"],
		["Doug's Requests", "'Doug''s Requests'"],
		["''", "''''''"],
		['Short "Quoted" Description', `'Short "Quoted" Description'`],
		['  Login Name  ', "'Login Name'"],
		['李 Name', "'李 Name'"],
		['536870913', "'536870913'"],
		['7', "'7'"],
	])('%p → %p', (input, expected) => {
		expect(fieldRef(input)).toBe(expected);
	});

	it('writes numeric IDs quoted', () => {
		expect(fieldRef(7)).toBe("'7'");
		expect(fieldRef(536870913)).toBe("'536870913'");
	});

	it.each([[''], ['   '], ['\t\n']])('refuses the empty field name %p', (input) => {
		const error = inputError(() => fieldRef(input));
		expect(error.message).toMatch(/empty field name/);
	});

	it.each([[0], [-1], [1.5], [NaN], [Infinity]])('refuses the field ID %p', (input) => {
		const error = inputError(() => fieldRef(input));
		expect(error.message).toMatch(/not a field ID/);
	});

	it('refuses a NUL character in a field name', () => {
		expect(inputError(() => fieldRef('Login\u0000Name')).message).toMatch(/NUL/);
	});

	it('reads back to the same name for any name (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', minLength: 1 }), (raw) => {
				const name = raw.split('\u0000').join('').trim();
				fc.pre(name !== '');
				const ref = fieldRef(name);
				expect(readQuoted(ref, "'")).toEqual({ content: name, length: ref.length });
			}),
		);
	});
});

describe('quoteString', () => {
	it.each([
		["O'Brien", `"O'Brien"`],
		['Robert "Bobby" Smith', '"Robert ""Bobby"" Smith"'],
		['"', '""""'],
		['', '""'],
		['C:\\temp\\', '"C:\\temp\\"'],
		['ends with backslash-quote \\"', '"ends with backslash-quote \\"""'],
		['李小龙', '"李小龙"'],
		['Zoë', '"Zoë"'],
		['🎉 party 👩‍💻', '"🎉 party 👩‍💻"'],
		['line 1\nline 2\r\n', '"line 1\nline 2\r\n"'],
		['$NULL$', '"$NULL$"'],
		['$USER$', '"$USER$"'],
		['100%_[x]', '"100%_[x]"'],
		["' OR '1'='1", `"' OR '1'='1"`],
		['" OR 1=1 OR "', '""" OR 1=1 OR """'],
	])('%p → %p', (input, expected) => {
		expect(quoteString(input)).toBe(expected);
	});

	it('keeps extremely long values whole', () => {
		const long = 'x"'.repeat(5000);
		expect(quoteString(long)).toBe(`"${'x""'.repeat(5000)}"`);
	});

	it('refuses a NUL character', () => {
		expect(inputError(() => quoteString('a\u0000b')).message).toMatch(/NUL character/);
	});

	it('reads back to the same text and ends exactly at the closing quote (property)', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (raw) => {
				const value = raw.split('\u0000').join('');
				const quoted = quoteString(value);
				expect(readQuoted(quoted, '"')).toEqual({ content: value, length: quoted.length });
			}),
		);
	});
});

describe('escapeLike', () => {
	it.each([
		['100%_[x]', '100[%][_][[]x]'],
		['plain', 'plain'],
		['%%', '[%][%]'],
		['a_b', 'a[_]b'],
		['[abc]', '[[]abc]'],
		['^ and ] and - stay', '^ and ] and - stay'],
		['', ''],
		['"quoted"', '"quoted"'],
	])('%p → %p', (input, expected) => {
		expect(escapeLike(input)).toBe(expected);
	});

	it('makes "contains" match exactly the texts that contain the value (property)', () => {
		const alphabet = fc.constantFrom('a', 'b', '%', '_', '[', ']', '^', '-', ' ');
		const text = fc.array(alphabet, { maxLength: 8 }).map((a) => a.join(''));
		fc.assert(
			fc.property(text, text, (needle, haystack) => {
				const re = likeToRegExp(`%${escapeLike(needle)}%`);
				expect(re.test(haystack)).toBe(haystack.includes(needle));
			}),
		);
	});
});

describe('literalFor', () => {
	describe('without field metadata', () => {
		it.each([
			['text', 'abc', '"abc"'],
			['text with quotes', 'say "hi"', '"say ""hi"""'],
			['a number', 42, '"42"'],
			['a boolean', true, '"true"'],
			['a Date (as epoch seconds)', new Date(JAN_1_2024 * 1000), `"${JAN_1_2024}"`],
			['null', null, '$NULL$'],
		])('%s', (_label, value, expected) => {
			expect(literalFor(undefined, value)).toBe(expected);
		});

		it('refuses undefined, objects, lists and NaN', () => {
			expect(inputError(() => literalFor(undefined, undefined)).message).toMatch(/is empty/);
			expect(inputError(() => literalFor(undefined, { a: 1 })).message).toMatch(/single value/);
			expect(inputError(() => literalFor(undefined, ['a'])).message).toMatch(/single value/);
			expect(inputError(() => literalFor(undefined, NaN)).message).toMatch(/not a valid number/);
		});
	});

	describe('CHAR and DIARY', () => {
		it.each([
			["O'Brien", `"O'Brien"`],
			['Robert "Bobby" Smith', '"Robert ""Bobby"" Smith"'],
			['', '""'],
			['  spaced  ', '"  spaced  "'],
			[42, '"42"'],
			[-1.5, '"-1.5"'],
			[1e21, '"1000000000000000000000"'],
			[1e-7, '"0.0000001"'],
			[false, '"false"'],
			[null, '$NULL$'],
		])('%p → %p', (value, expected) => {
			expect(literalFor(loginName, value)).toBe(expected);
			expect(literalFor(worklog, value)).toBe(expected);
		});

		it('accepts lower-case datatypes from metadata', () => {
			expect(literalFor({ id: 8, name: 'Full Name', datatype: 'char' }, 'x')).toBe('"x"');
		});

		it('treats types without a literal form of their own (ATTACH) as text', () => {
			expect(literalFor(attachment, 'report.pdf')).toBe('"report.pdf"');
		});

		it('names the field when refusing NUL, NaN, lists and undefined', () => {
			for (const bad of ['a\u0000', NaN, Infinity, ['a'], undefined]) {
				const error = inputError(() => literalFor(loginName, bad));
				expect(error.message).toContain("'Login Name'");
				expect(error.field).toBe('Login Name');
			}
		});
	});

	describe('agrees with the codec: a literal is taken exactly when a write takes the value', () => {
		const inputs: unknown[] = ['42', '42.0', '9'.repeat(400), ' -7 ', '+5', '.5', '5.', '1e3', '2.5E-3', '0x10', '12,5', '', 'abc', 1.5, 42, NaN];
		it.each([loginCount, score, cost])('%p', (field) => {
			for (const value of inputs) {
				const written = attempt(() => writeValue(field, value));
				const filtered = attempt(() => literalFor(field, value));
				expect({ value, filtered }).toEqual({ value, filtered: written });
			}
		});
	});

	describe('INTEGER', () => {
		it.each([
			[42, '42'],
			[-7, '-7'],
			[0, '0'],
			['42', '42'],
			[' -7 ', '-7'],
			['+5', '5'],
			['007', '7'],
			// The codec's rule: a write stores "42.0" as 42, so a filter finds it by "42.0" too.
			['42.0', '42'],
			[BigInt(12), '12'],
			[2147483647, '2147483647'],
			[-2147483648, '-2147483648'],
			[null, '$NULL$'],
		])('%p → %p', (value, expected) => {
			expect(literalFor(loginCount, value)).toBe(expected);
		});

		it.each([['abc'], ['1.5'], [1.5], [NaN], [Infinity], [''], ['1e3'], ['12 34'], [true], [{}]])(
			'refuses %p with a message naming the field and the fix',
			(value) => {
				const error = inputError(() => literalFor(loginCount, value));
				expect(error.message).toContain("field 'Login Count'");
				expect(error.message).toMatch(/whole number.*such as 42/);
				expect(error.field).toBe('Login Count');
			},
		);

		it('refuses values outside the 32-bit range', () => {
			const error = inputError(() => literalFor(loginCount, 2147483648));
			expect(error.message).toMatch(/out of range/);
			expect(error.message).toContain("'Login Count'");
		});
	});

	describe('REAL, DECIMAL and CURRENCY', () => {
		it.each([
			[12.5, '12.5'],
			[-0.25, '-0.25'],
			[-0, '0'],
			[3, '3'],
			[1e-7, '0.0000001'],
			[1.5e21, '1500000000000000000000'],
			[-1.2246e-2, '-0.012246'],
			['12.50', '12.50'],
			['.5', '0.5'],
			['5.', '5'],
			['-0012.3', '-12.3'],
			[' 7 ', '7'],
			['123456789012345678901234.5678', '123456789012345678901234.5678'],
		])('%p → %p', (value, expected) => {
			expect(literalFor(score, value)).toBe(expected);
			expect(literalFor(cost, value)).toBe(expected);
			expect(literalFor(rate, value)).toBe(expected);
		});

		// Exponents are refused as on a write (codec): "1e3" is not written as 1000, so it filters as nothing.
		it.each([['12,5'], ['1.2.3'], ['.'], ['-'], [''], ['abc'], ['1e3'], ['2.5E-3'], [NaN], [-Infinity], [false]])(
			'refuses %p naming the field',
			(value) => {
				const error = inputError(() => literalFor(cost, value));
				expect(error.message).toContain("field 'Cost'");
				expect(error.message).toMatch(/must be a number/);
			},
		);
	});

	describe('TIME and DATE', () => {
		it.each([
			['ISO with Z', '2024-01-01T00:00:00Z'],
			['AR response form', '2024-01-01T00:00:00.000+0000'],
			['another offset', '2024-01-01T01:00:00+01:00'],
			['date only', '2024-01-01'],
			['epoch seconds', JAN_1_2024],
			['epoch milliseconds', JAN_1_2024 * 1000],
			['epoch seconds as text', String(JAN_1_2024)],
			['Date', new Date(JAN_1_2024 * 1000)],
			['luxon DateTime', DateTime.fromISO('2024-01-01T09:00:00', { zone: 'Asia/Tokyo' })],
			['luxon-like object', { toMillis: () => JAN_1_2024 * 1000, toISO: () => 'ignored' }],
		])('%s → bare epoch seconds on a Date/Time field, the quoted date on a DATE field', (_label, value) => {
			expect(literalFor(modified, value)).toBe(String(JAN_1_2024));
			// AR keeps a DATE as a day count: epoch seconds are no date there (reference §6a).
			expect(literalFor(birthday, value)).toBe('"2024-01-01"');
		});

		it('a DATE keeps the date as written, whatever the offset', () => {
			expect(literalFor(birthday, '2024-05-01T23:30:00-05:00')).toBe('"2024-05-01"');
			expect(literalFor(birthday, DateTime.fromISO('2025-06-30T22:00:00-04:00', { setZone: true }))).toBe(
				'"2025-06-30"',
			);
			const error = inputError(() => literalFor(birthday, '2024-02-30'));
			expect(error.message).toContain("'Birthday'");
			expect(error.field).toBe('Birthday');
		});

		it('refuses text that is not a date, naming the field', () => {
			const error = inputError(() => literalFor(modified, 'last tuesday'));
			expect(error.message).toContain("field 'Modified Date'");
			expect(error.message).toMatch(/ISO 8601/);
			expect(error.field).toBe('Modified Date');
			expect(inputError(() => literalFor(modified, NaN)).field).toBe('Modified Date');
		});
	});

	describe('TIME_OF_DAY', () => {
		it('writes seconds since midnight', () => {
			expect(literalFor(opens, '13:15:59')).toBe('47759');
			expect(literalFor(opens, 3600)).toBe('3600');
		});

		it('refuses an impossible time, naming the field', () => {
			const error = inputError(() => literalFor(opens, '25:00'));
			expect(error.message).toContain("'Opens At'");
		});
	});

	describe('ENUM', () => {
		it.each([
			['Disabled', '"Disabled"'],
			['disabled', '"Disabled"'],
			[' DISABLED ', '"Disabled"'],
			['Current', '"Current"'],
			[0, '0'],
			[1, '1'],
			['1', '1'],
			[null, '$NULL$'],
		])('%p → %p', (value, expected) => {
			expect(literalFor(status, value)).toBe(expected);
		});

		it('lists the valid labels for an unknown label', () => {
			const error = inputError(() => literalFor(status, 'Gone'));
			expect(error.message).toBe(
				`Field 'Status' has no option "Gone". Valid options: "Current", "Disabled" (or their ` +
					'index 0-1).',
			);
			expect(error.field).toBe('Status');
		});

		it.each([[2], [-1], ['5'], [1.5]])('refuses the out-of-range index %p', (value) => {
			const error = inputError(() => literalFor(status, value));
			expect(error.message).toContain("Field 'Status' has no option");
			expect(error.message).toContain('"Current", "Disabled"');
		});

		it('uses custom enum values when the metadata gives them', () => {
			expect(literalFor(priority, 2000)).toBe('2000');
			expect(literalFor(priority, 'high')).toBe('"High"');
			const error = inputError(() => literalFor(priority, 1));
			expect(error.message).toContain('values 1000, 2000, 3000');
		});

		it('prefers a label over an index when the label is numeric', () => {
			const numeric: QualField = {
				id: 9,
				name: 'Level',
				datatype: 'ENUM',
				enumLabels: ['10', '20'],
			};
			expect(literalFor(numeric, '10')).toBe('"10"');
			expect(literalFor(numeric, '1')).toBe('1');
		});

		it('passes labels through when the metadata has none', () => {
			const bare: QualField = { id: 7, name: 'Status', datatype: 'ENUM' };
			expect(literalFor(bare, 'Assigned')).toBe('"Assigned"');
			expect(literalFor(bare, 4)).toBe('4');
			expect(literalFor(bare, '4')).toBe('4');
		});

		it('refuses objects and empty text', () => {
			expect(inputError(() => literalFor(status, {})).message).toContain('option label or index');
			expect(inputError(() => literalFor(status, '')).message).toContain('no option ""');
		});
	});
});

describe('buildCondition', () => {
	const c = (operator: QualCondition['operator'], value?: unknown, field = 'Login Name') => ({
		field,
		operator,
		value,
	});

	describe('every operator on a CHAR field', () => {
		it.each([
			[c('equals', "O'Brien"), `'Login Name' = "O'Brien"`],
			[c('notEquals', 'Robert "Bobby" Smith'), `'Login Name' != "Robert ""Bobby"" Smith"`],
			[c('lt', 'm'), `'Login Name' < "m"`],
			[c('lte', 'm'), `'Login Name' <= "m"`],
			[c('gt', 'm'), `'Login Name' > "m"`],
			[c('gte', 'm'), `'Login Name' >= "m"`],
			[c('contains', '100%_[x]'), `'Login Name' LIKE "%100[%][_][[]x]%"`],
			[c('startsWith', 'adm_'), `'Login Name' LIKE "adm[_]%"`],
			[c('endsWith', '@example.com'), `'Login Name' LIKE "%@example.com"`],
			[c('contains', 'say "hi"'), `'Login Name' LIKE "%say ""hi""%"`],
			[c('isEmpty'), `'Login Name' = $NULL$`],
			[c('isNotEmpty'), `'Login Name' != $NULL$`],
			[c('isEmpty', 'ignored'), `'Login Name' = $NULL$`],
			[c('isOneOf', ['a', 'b']), `('Login Name' = "a" OR 'Login Name' = "b")`],
			[c('isOneOf', 'a, b ,c'), `('Login Name' = "a" OR 'Login Name' = "b" OR 'Login Name' = "c")`],
			[c('isOneOf', ['only']), `('Login Name' = "only")`],
			[c('isOneOf', [' a ', 'x,y']), `('Login Name' = " a " OR 'Login Name' = "x,y")`],
			[c('equals', null), `'Login Name' = $NULL$`],
			[c('equals', ''), `'Login Name' = ""`],
		])('%p', (condition, expected) => {
			expect(buildCondition(condition, loginName)).toBe(expected);
		});
	});

	describe('values that need care', () => {
		it.each([
			['李', `'Login Name' = "李"`],
			['Zoë', `'Login Name' = "Zoë"`],
			['🦄✨', `'Login Name' = "🦄✨"`],
			['two\nlines', `'Login Name' = "two\nlines"`],
			['back\\slash\\', `'Login Name' = "back\\slash\\"`],
			['$NULL$', `'Login Name' = "$NULL$"`],
			['100%_[x]', `'Login Name' = "100%_[x]"`],
			['x'.repeat(300), `'Login Name' = "${'x'.repeat(300)}"`],
		])('equals %p', (value, expected) => {
			expect(buildCondition(c('equals', value), loginName)).toBe(expected);
		});

		it('contains with unicode, emoji and newline', () => {
			expect(buildCondition(c('contains', 'Zoë 🎉\n'), loginName)).toBe(
				`'Login Name' LIKE "%Zoë 🎉\n%"`,
			);
		});

		it("quotes a field name with ' in it", () => {
			expect(buildCondition({ field: "Doug's Requests", operator: 'gt', value: '5' }, dougs)).toBe(
				`'Doug''s Requests' > 5`,
			);
		});

		it('refuses a NUL character, naming the field', () => {
			for (const operator of ['equals', 'contains', 'isOneOf'] as const) {
				const error = inputError(() => buildCondition(c(operator, 'a\u0000b'), loginName));
				expect(error.message).toMatch(/NUL character/);
				expect(error.message).toContain("'Login Name'");
				expect(error.field).toBe('Login Name');
			}
		});
	});

	describe('per datatype', () => {
		it.each([
			[{ field: 'Login Count', operator: 'gt', value: '5' }, loginCount, `'Login Count' > 5`],
			[
				{ field: 'Login Count', operator: 'isOneOf', value: '1,2' },
				loginCount,
				`('Login Count' = 1 OR 'Login Count' = 2)`,
			],
			[{ field: 'Score', operator: 'lte', value: 2.5 }, score, `'Score' <= 2.5`],
			[{ field: 'Cost', operator: 'equals', value: '19.99' }, cost, `'Cost' = 19.99`],
			[{ field: 'Status', operator: 'equals', value: 'current' }, status, `'Status' = "Current"`],
			[{ field: 'Status', operator: 'lt', value: 'Disabled' }, status, `'Status' < "Disabled"`],
			[
				{ field: 'Status', operator: 'isOneOf', value: ['Current', 1] },
				status,
				`('Status' = "Current" OR 'Status' = 1)`,
			],
			[{ field: '7', operator: 'notEquals', value: 0 }, status, `'7' != 0`],
			[
				{ field: 'Modified Date', operator: 'gte', value: '2024-01-01T00:00:00.000+0000' },
				modified,
				`'Modified Date' >= ${JAN_1_2024}`,
			],
			[
				{ field: '6', operator: 'lt', value: new Date(JAN_1_2024 * 1000) },
				modified,
				`'6' < ${JAN_1_2024}`,
			],
			[
				{ field: 'Birthday', operator: 'equals', value: '2024-01-01' },
				birthday,
				`'Birthday' = "2024-01-01"`,
			],
			[{ field: 'Opens At', operator: 'gt', value: '08:30' }, opens, `'Opens At' > 30600`],
			[
				{ field: 'Work Log', operator: 'contains', value: 'reboot' },
				worklog,
				`'Work Log' LIKE "%reboot%"`,
			],
			[{ field: 'Modified Date', operator: 'isEmpty' }, modified, `'Modified Date' = $NULL$`],
			[{ field: 'Status', operator: 'isNotEmpty' }, status, `'Status' != $NULL$`],
		] as Array<[QualCondition, QualField, string]>)('%p', (condition, field, expected) => {
			expect(buildCondition(condition, field)).toBe(expected);
		});

		it('allows LIKE when the field type is unknown, and quotes everything', () => {
			expect(buildCondition({ field: '536870999', operator: 'contains', value: 'a_b' })).toBe(
				`'536870999' LIKE "%a[_]b%"`,
			);
			expect(buildCondition({ field: 'Anything', operator: 'equals', value: 5 })).toBe(
				`'Anything' = "5"`,
			);
		});
	});

	describe('errors name the field and the fix', () => {
		it.each([
			['ENUM', status],
			['INTEGER', loginCount],
			['TIME', modified],
			['ATTACH', attachment],
		])('contains on %s is refused', (type, field) => {
			const error = inputError(() =>
				buildCondition({ field: field.name, operator: 'contains', value: 'x' }, field),
			);
			expect(error.message).toBe(
				`"contains" works only on text fields, and field '${field.name}' is ${type}. ` +
					'Use "equals" or "isOneOf" instead.',
			);
			expect(error.field).toBe(field.name);
		});

		it('startsWith / endsWith on an ENUM are refused too', () => {
			for (const operator of ['startsWith', 'endsWith'] as const) {
				expect(
					inputError(() => buildCondition({ field: 'Status', operator, value: 'C' }, status))
						.message,
				).toContain('works only on text fields');
			}
		});

		it('shows the ID and the name when the field was given by ID', () => {
			const error = inputError(() =>
				buildCondition({ field: '7', operator: 'contains', value: 'x' }, status),
			);
			expect(error.message).toContain(`field '7' ('Status') is ENUM`);
			expect(error.field).toBe('Status');
		});

		it.each([[[]], [''], [' , , '], [undefined], [null]])('isOneOf with %p is refused', (value) => {
			const error = inputError(() => buildCondition(c('isOneOf', value), loginName));
			expect(error.message).toBe(
				`The "isOneOf" condition on field 'Login Name' has no values. Enter at least one value ` +
					'(a list, or text separated by commas).',
			);
			expect(error.field).toBe('Login Name');
		});

		it('isOneOf validates every value against the type', () => {
			const error = inputError(() =>
				buildCondition(
					{ field: 'Status', operator: 'isOneOf', value: ['Current', 'Nope'] },
					status,
				),
			);
			expect(error.message).toContain('no option "Nope"');
			expect(error.message).toContain('"Current", "Disabled"');
		});

		it('non-numeric text on an INTEGER field', () => {
			const error = inputError(() =>
				buildCondition({ field: 'Login Count', operator: 'equals', value: 'lots' }, loginCount),
			);
			expect(error.message).toBe(
				`The value for field 'Login Count' must be a whole number, got "lots". ` +
					'Enter a number such as 42.',
			);
			expect(error.field).toBe('Login Count');
		});

		it.each([['contains'], ['startsWith'], ['endsWith']] as const)(
			'%s with no text is refused',
			(operator) => {
				for (const value of ['', undefined, null]) {
					expect(inputError(() => buildCondition(c(operator, value), loginName)).message).toContain(
						'needs text to search for',
					);
				}
			},
		);

		it.each([['lt'], ['lte'], ['gt'], ['gte']] as const)(
			'%s with no value is refused',
			(operator) => {
				for (const value of ['', undefined, null]) {
					expect(inputError(() => buildCondition(c(operator, value), loginName)).message).toContain(
						"field 'Login Name' needs a value to compare with",
					);
				}
			},
		);

		it('equals with no value suggests "is empty"', () => {
			const error = inputError(() => buildCondition(c('equals', undefined), loginName));
			expect(error.message).toContain("field 'Login Name' is missing");
			expect(error.message).toContain('"is empty"');
		});

		it('an unknown operator is refused with the list of operators', () => {
			const error = inputError(() =>
				buildCondition({ field: 'Login Name', operator: 'like' as never, value: 'x' }, loginName),
			);
			expect(error.message).toContain(`Unknown operator "like" for field 'Login Name'`);
			expect(error.message).toContain('isOneOf');
		});

		it('an empty field name is refused', () => {
			const error = inputError(() =>
				buildCondition({ field: ' ', operator: 'equals', value: 'x' }),
			);
			expect(error.message).toMatch(/empty field name/);
		});
	});
});

describe('combine', () => {
	it.each([
		[['a', 'b'], 'AND', '(a) AND (b)'],
		[['a', 'b', 'c'], 'OR', '(a) OR (b) OR (c)'],
		[['a'], 'AND', '(a)'],
		[[' ', '', ' x '], 'AND', '(x)'],
		[[], 'OR', ''],
		[['', '  '], 'AND', ''],
	] as Array<[string[], 'AND' | 'OR', string]>)('%p with %s → %p', (parts, operator, expected) => {
		expect(combine(parts, operator)).toBe(expected);
	});

	it('keeps the meaning of OR parts inside AND', () => {
		expect(combine(["'a' = 1 OR 'b' = 2", "'c' = 3"], 'AND')).toBe(
			"('a' = 1 OR 'b' = 2) AND ('c' = 3)",
		);
	});

	it('refuses an unknown operator', () => {
		expect(inputError(() => combine(['a'], 'XOR' as never)).message).toContain('AND or OR');
	});
});

describe('buildQualification', () => {
	const byLogin: QualCondition = { field: 'Login Name', operator: 'equals', value: "O'Brien" };
	const current: QualCondition = { field: 'Status', operator: 'equals', value: 'current' };

	it('combines conditions with AND by default', () => {
		expect(buildQualification({ conditions: [byLogin, current], fields: userFields })).toBe(
			`('Login Name' = "O'Brien") AND ('Status' = "Current")`,
		);
	});

	it('combines conditions with OR', () => {
		expect(
			buildQualification({ conditions: [byLogin, current], combineWith: 'OR', fields: userFields }),
		).toBe(`('Login Name' = "O'Brien") OR ('Status' = "Current")`);
	});

	it('ANDs raw text in front of the built part', () => {
		expect(
			buildQualification({
				conditions: [byLogin, current],
				combineWith: 'OR',
				raw: '  \'License Type\' = "Fixed"  ',
				fields: userFields,
			}),
		).toBe(`('License Type' = "Fixed") AND (('Login Name' = "O'Brien") OR ('Status' = "Current"))`);
		expect(buildQualification({ conditions: [byLogin], raw: "'7' = 0 OR '7' = 1" })).toBe(
			`('7' = 0 OR '7' = 1) AND (('Login Name' = "O'Brien"))`,
		);
	});

	it('returns raw text alone, trimmed, when there are no conditions', () => {
		expect(buildQualification({ raw: "  '1' != $NULL$ \n" })).toBe("'1' != $NULL$");
		expect(buildQualification({ conditions: [], raw: "'1' != $NULL$" })).toBe("'1' != $NULL$");
	});

	it('returns the built part alone when the raw text is blank', () => {
		expect(buildQualification({ conditions: [byLogin], raw: '   ', fields: userFields })).toBe(
			`('Login Name' = "O'Brien")`,
		);
	});

	it("returns '' when there is nothing to filter on", () => {
		expect(buildQualification({})).toBe('');
		expect(buildQualification({ conditions: [], raw: '' })).toBe('');
	});

	it('looks fields up by numeric ID and validates with their type', () => {
		expect(
			buildQualification({
				conditions: [
					{ field: '7', operator: 'equals', value: 'DISABLED' },
					{ field: '6', operator: 'gte', value: '2024-01-01T00:00:00Z' },
				],
				fields: userFields,
			}),
		).toBe(`('7' = "Disabled") AND ('6' >= ${JAN_1_2024})`);
	});

	it('accepts an ID missing from the metadata and quotes its value', () => {
		expect(
			buildQualification({
				conditions: [{ field: '536870999', operator: 'equals', value: 5 }],
				fields: userFields,
			}),
		).toBe(`('536870999' = "5")`);
	});

	it('quotes field names with an apostrophe', () => {
		expect(
			buildQualification({
				conditions: [{ field: "Doug's Requests", operator: 'gte', value: 3 }],
				fields: userFields,
			}),
		).toBe(`('Doug''s Requests' >= 3)`);
	});

	it('without metadata builds quoted values for every field', () => {
		expect(
			buildQualification({
				conditions: [
					{ field: 'Login Name', operator: 'contains', value: '50%' },
					{ field: 'Whatever', operator: 'isOneOf', value: [1, 'two'] },
				],
			}),
		).toBe(`('Login Name' LIKE "%50[%]%") AND (('Whatever' = "1" OR 'Whatever' = "two"))`);
	});

	it('refuses an unknown field name, suggesting the picker', () => {
		const error = inputError(() =>
			buildQualification({
				conditions: [{ field: 'Loginname', operator: 'equals', value: 'x' }],
				fields: userFields,
			}),
		);
		expect(error.message).toBe(
			"Field 'Loginname' does not exist on this form. Pick the field from the list, or enter its " +
				'exact database name or numeric ID.',
		);
		expect(error.field).toBe('Loginname');
	});

	it('matches names case-sensitively and suggests the right spelling', () => {
		const error = inputError(() =>
			buildQualification({
				conditions: [{ field: 'login name', operator: 'equals', value: 'x' }],
				fields: userFields,
			}),
		);
		expect(error.message).toContain("Did you mean 'Login Name'?");
		expect(error.message).toContain('Pick the field from the list');
	});

	it('passes errors from a condition through with the field', () => {
		const error = inputError(() =>
			buildQualification({
				conditions: [{ field: 'Status', operator: 'equals', value: 'Gone' }],
				fields: userFields,
			}),
		);
		expect(error.field).toBe('Status');
		expect(error.message).toContain('Valid options: "Current", "Disabled"');
	});

	it('refuses a NUL character in raw text and non-text raw values', () => {
		expect(inputError(() => buildQualification({ raw: '\'1\' = "a\u0000"' })).message).toContain(
			'raw qualification contains a NUL character',
		);
		expect(inputError(() => buildQualification({ raw: 5 as never })).message).toContain(
			'must be text',
		);
	});

	it('refuses an empty field name in a condition', () => {
		const error = inputError(() =>
			buildQualification({
				conditions: [{ field: '', operator: 'equals', value: 'x' }],
				fields: userFields,
			}),
		);
		expect(error.message).toMatch(/empty field name/);
	});
});

describe('equalsQualification', () => {
	it.each([
		['Login Name', "O'Brien", `'Login Name' = "O'Brien"`],
		['Login Name', 'Robert "Bobby" Smith', `'Login Name' = "Robert ""Bobby"" Smith"`],
		["Doug's Requests", 'x', `'Doug''s Requests' = "x"`],
		[4, 'appadmin', `'4' = "appadmin"`],
		['Group ID', 400002, `'Group ID' = 400002`],
		['Remedy Login ID', '李', `'Remedy Login ID' = "李"`],
		['Remedy Login ID', '100%', `'Remedy Login ID' = "100%"`],
	])('(%p, %p) → %p', (field, value, expected) => {
		expect(equalsQualification(field, value)).toBe(expected);
	});

	it('refuses NUL, NaN and an empty field', () => {
		expect(inputError(() => equalsQualification('Login Name', 'a\u0000')).message).toContain(
			"field 'Login Name' contains a NUL character",
		);
		expect(inputError(() => equalsQualification('Group ID', NaN)).field).toBe('Group ID');
		expect(inputError(() => equalsQualification('', 'x')).message).toMatch(/empty field name/);
	});
});

describe('anyOfQualification', () => {
	it.each([
		[[], ''],
		[['a'], `('Remedy Login ID' = "a")`],
		[
			['a', "O'Brien", 'say "hi"'],
			`('Remedy Login ID' = "a" OR 'Remedy Login ID' = "O'Brien" OR ` +
				`'Remedy Login ID' = "say ""hi""")`,
		],
		[[1, 'b'], `('Remedy Login ID' = 1 OR 'Remedy Login ID' = "b")`],
	] as Array<[Array<string | number>, string]>)('%p → %p', (values, expected) => {
		expect(anyOfQualification('Remedy Login ID', values)).toBe(expected);
	});

	it('takes a numeric field ID', () => {
		expect(anyOfQualification(4, ['x', 'y'])).toBe(`('4' = "x" OR '4' = "y")`);
	});
});

describe('chunkValuesForUrl', () => {
	const field = 'Remedy Login ID';

	function checkChunks(values: string[], limit: number, chunks: string[][]): void {
		expect(chunks.flat()).toEqual(values);
		for (const [i, chunk] of chunks.entries()) {
			expect(chunk.length).toBeGreaterThan(0);
			const length = anyOfQualification(field, chunk).length;
			// Only a single value too long on its own may exceed the limit.
			if (length > limit) expect(chunk).toHaveLength(1);
			// Greedy: the next value would not have fitted.
			if (i < chunks.length - 1) {
				const withNext = anyOfQualification(field, [...chunk, chunks[i + 1][0]]).length;
				expect(withNext).toBeGreaterThan(limit);
			}
		}
	}

	it('returns no chunks for no values', () => {
		expect(chunkValuesForUrl(field, [])).toEqual([]);
	});

	it('keeps a short list in one chunk under the default limit of 1500', () => {
		const values = ['appadmin', 'allen', "O'Brien"];
		expect(chunkValuesForUrl(field, values)).toEqual([values]);
	});

	it('splits 500 logins under the default limit, keeping all values in order', () => {
		const values = Array.from({ length: 500 }, (_, i) => `user.${String(i).padStart(4, '0')}`);
		const chunks = chunkValuesForUrl(field, values);
		expect(chunks.length).toBeGreaterThan(1);
		for (const chunk of chunks) {
			expect(anyOfQualification(field, chunk).length).toBeLessThanOrEqual(1500);
		}
		checkChunks(values, 1500, chunks);
	});

	it('fits exactly at the limit and splits one character below it', () => {
		const values = ['a', 'b'];
		const exact = anyOfQualification(field, values).length;
		expect(chunkValuesForUrl(field, values, exact)).toEqual([['a', 'b']]);
		expect(chunkValuesForUrl(field, values, exact - 1)).toEqual([['a'], ['b']]);
	});

	it('counts doubled quotes in the length', () => {
		const values = ['""', '""'];
		const exact = anyOfQualification(field, values).length;
		expect(exact).toBe(2 + 2 * `'${field}' = """"""`.length + 4);
		expect(chunkValuesForUrl(field, values, exact)).toHaveLength(1);
		expect(chunkValuesForUrl(field, values, exact - 1)).toHaveLength(2);
	});

	it('gives a value longer than the limit a chunk of its own', () => {
		const long = 'x'.repeat(2000);
		expect(chunkValuesForUrl(field, ['a', long, 'b', 'c'], 100)).toEqual([
			['a'],
			[long],
			['b', 'c'],
		]);
	});

	it('refuses a limit that is not a positive number', () => {
		expect(() => chunkValuesForUrl(field, ['a'], 0)).toThrow(RangeError);
		expect(() => chunkValuesForUrl(field, ['a'], NaN)).toThrow(RangeError);
	});

	it('keeps every chunk under the limit and every value in order (property)', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => s.split('\u0000').join('')),
					{ maxLength: 60 },
				),
				fc.integer({ min: 20, max: 600 }),
				(values, limit) => {
					checkChunks(values, limit, chunkValuesForUrl(field, values, limit));
				},
			),
		);
	});
});
