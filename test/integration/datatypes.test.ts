/**
 * Datatype round trip through n8n-core's engine (issue 9, node item 1): every datatype of the
 * emulator's Data Types form goes through Create, Update, Create or Update (mergeEntry, matched on
 * fields of several datatypes) and an equals filter, with values as users give them (text, numbers,
 * labels or numbers for selections, ISO text, luxon DateTimes from expressions, currency text or
 * objects). Each value reads back as AR's JSON form, or fails with an error naming the field, the
 * value and the expected format, before anything is sent.
 */
import type { IDataObject } from 'n8n-workflow';

import { DATA_TYPES_FORM } from '../../emulator/forms';
import { arSystemNode, runNode, runWorkflow } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const form = { __rl: true, mode: 'name', value: DATA_TYPES_FORM };
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/;

/** What a user maps, and what AR then holds (in its JSON form). */
interface Value {
	given: unknown;
	stored: unknown;
}

type ValueSet = Record<string, Value>;

const v = (given: unknown, stored: unknown): Value => ({ given, stored });
const currency = (decimal: number, code: string) =>
	expect.objectContaining({
		decimal,
		currency: code,
		conversionDate: expect.stringMatching(ISO_UTC),
	});

/** First write: plain text and numbers as users type them. */
const FIRST: ValueSet = {
	'Character Field': v('Zoë "1"', 'Zoë "1"'),
	'Integer Field': v('41', 41),
	'Real Field': v('0.25', 0.25),
	'Decimal Field': v(25.99, 25.99),
	'Date/Time Field': v('2024-03-05T14:30:00+01:00', '2024-03-05T13:30:00.000+0000'),
	// The date as written, not the UTC date of that instant (which is 2 May).
	'Date Field': v('2024-05-01T23:30:00-05:00', '2024-05-01'),
	'Time Field': v('7:05', '07:05:00'),
	'Currency Field': v('12.50 USD', currency(12.5, 'USD')),
	'Selection Field': v(2, 'High'),
	'Custom Selection Field': v(20, 'Silver'),
	'Severity Field': v('2-high', '2-High'),
	Status: v('Assigned', 'Assigned'),
};

/** Second write: luxon DateTimes from n8n expressions, labels in other case, currency objects. */
const SECOND: ValueSet = {
	'Character Field': v("O'B [%_]", "O'B [%_]"),
	'Integer Field': v(-7, -7),
	'Real Field': v(-1.5, -1.5),
	'Decimal Field': v('0.10', 0.1),
	'Date/Time Field': v(
		'={{ DateTime.fromISO("2025-01-02T03:04:05Z") }}',
		'2025-01-02T03:04:05.000+0000',
	),
	'Date Field': v(
		'={{ DateTime.fromISO("2025-06-30T22:00:00-04:00", { setZone: true }) }}',
		'2025-06-30',
	),
	'Time Field': v(
		'={{ DateTime.fromISO("2025-06-30T22:15:30-04:00", { setZone: true }) }}',
		'22:15:30',
	),
	'Currency Field': v({ decimal: 3, currency: 'EUR' }, currency(3, 'EUR')),
	'Selection Field': v('low', 'Low'),
	'Custom Selection Field': v('gold', 'Gold'),
	'Severity Field': v(4000, '4-Low'),
	Status: v(4, 'Closed'),
};

/** Third write (Create or Update): epoch numbers, seconds since midnight, ITSM-style ids. */
const THIRD: ValueSet = {
	'Character Field': v(12345, '12345'),
	'Real Field': v(1e-3, 0.001),
	'Decimal Field': v('-3.5', -3.5),
	'Date/Time Field': v(1735689600, '2025-01-01T00:00:00.000+0000'),
	'Date Field': v('2026-02-28', '2026-02-28'),
	'Time Field': v(45296, '12:34:56'),
	'Currency Field': v('GBP 7', currency(7, 'GBP')),
	'Selection Field': v('Medium', 'Medium'),
	'Custom Selection Field': v('10', 'Bronze'),
	'Severity Field': v('1000', '1-Critical'),
};

function given(set: ValueSet): IDataObject {
	return Object.fromEntries(Object.entries(set).map(([k, x]) => [k, x.given])) as IDataObject;
}

describe('datatype round trip through the n8n engine', () => {
	let h: Harness;
	let id: string;

	withHarness({ users: 20 }, (started) => {
		h = started;
	});

	const read = () => h.emulator.control.getEntry(DATA_TYPES_FORM, id) as Record<string, unknown>;

	function expectStored(set: ValueSet): void {
		const entry = read();
		for (const [field, value] of Object.entries(set)) {
			expect({ field, value: entry[field] }).toEqual({ field, value: value.stored });
		}
	}

	const write = (operation: string, values: IDataObject, extra: IDataObject = {}) =>
		runNode(h.env, {
			resource: 'entry',
			operation,
			form,
			inputMode: 'mapper',
			columns: {
				mappingMode: 'defineBelow',
				value: { 'Short Description': 'round trip', ...values },
			},
			...extra,
		});

	/** Get Many with an equals condition on each field (the value exactly as given): all find `id`. */
	async function expectEqualsFinds(set: ValueSet): Promise<void> {
		for (const [field, value] of Object.entries(set)) {
			const items = await runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form,
				returnAll: true,
				filters: { conditions: [{ field, operator: 'equals', value: value.given }] },
			});
			const found = items.map((item) => item.json._requestId);
			expect({ field, found }).toEqual({ field, found: expect.arrayContaining([id]) });
			// Everything found holds the value.
			for (const item of items)
				expect({ field, value: item.json[field] }).toEqual({ field, value: value.stored });
		}
	}

	it('Create writes every datatype from what users type; each reads back in AR form and an equals filter finds it', async () => {
		const [created] = await write('create', { ...given(FIRST), 'Diary Field': 'first note' });
		id = created.json._requestId as string;
		expect(id).toMatch(/^\d{15}$/);
		expectStored(FIRST);
		expect(read()['Diary Field']).toEqual([
			expect.objectContaining({
				text: 'first note',
				user: 'Demo',
				timestamp: expect.stringMatching(ISO_UTC),
			}),
		]);
		await expectEqualsFinds(FIRST);
		// The node's own Get returns the same values.
		const [got] = await runNode(h.env, {
			resource: 'entry',
			operation: 'get',
			form,
			requestId: id,
		});
		for (const [field, value] of Object.entries(FIRST))
			expect(got.json[field]).toEqual(value.stored);
	});

	it('Update takes luxon DateTimes from expressions and appends to the diary', async () => {
		const [updated] = await write(
			'update',
			{ ...given(SECOND), 'Diary Field': 'second note' },
			{ requestId: id },
		);
		expect(updated.json).toMatchObject({ _requestId: id, updated: true });
		expectStored(SECOND);
		const diary = read()['Diary Field'] as Array<{ text: string }>;
		expect(diary.map((d) => d.text)).toEqual(['first note', 'second note']);
		await expectEqualsFinds(SECOND);
		// A diary is searched with contains (AR allows only LIKE on diaries).
		const hits = await runNode(h.env, {
			resource: 'entry',
			operation: 'getAll',
			form,
			returnAll: true,
			filters: { conditions: [{ field: 'Diary Field', operator: 'contains', value: 'second' }] },
		});
		expect(hits.map((item) => item.json._requestId)).toEqual([id]);
	});

	it.each([
		['Integer Field', -7],
		['Date Field', '={{ DateTime.fromISO("2025-06-30T22:00:00-04:00", { setZone: true }) }}'],
		['Date/Time Field', '2025-01-02T04:04:05+01:00'],
		['Time Field', '22:15:30'],
		['Custom Selection Field', 30],
		['Severity Field', '4-Low'],
		['Currency Field', '3 EUR'],
	])(
		'Create or Update matched on %s (a typed match literal) updates the same entry',
		async (matchField, matchValue) => {
			// The entry holds the SECOND values; the match value is another spelling of the same value.
			await write('update', given(SECOND), { requestId: id });
			const [merged] = await write(
				'upsert',
				{ ...given(THIRD), [matchField]: matchValue, 'Integer Field': -7 },
				{ matchField, mergeType: 'DUP_MERGE' },
			);
			expect(merged.json).toMatchObject({ action: 'updated', _requestId: id });
			const rest = Object.fromEntries(Object.entries(THIRD).filter(([field]) => field !== matchField));
			expectStored(rest);
		},
	);

	it('Create or Update with a new match value creates, and the equals filter finds the new entry', async () => {
		const [merged] = await write(
			'upsert',
			{ ...given(THIRD), 'Integer Field': 2024 },
			{ matchField: 'Integer Field' },
		);
		expect(merged.json.action).toBe('created');
		const created = merged.json._requestId as string;
		expect(created).not.toBe(id);
		const entry = h.emulator.control.getEntry(DATA_TYPES_FORM, created) as Record<string, unknown>;
		for (const [field, value] of Object.entries(THIRD))
			expect({ field, value: entry[field] }).toEqual({ field, value: value.stored });
		const previous = id;
		id = created;
		await expectEqualsFinds({ ...THIRD, 'Integer Field': v(2024, 2024) });
		id = previous;
	});

	it('a bad value for any datatype fails the item, naming the field, the value and the format; nothing is sent', async () => {
		const bad: Array<[string, unknown, RegExp]> = [
			['Integer Field', '12abc', /Field 'Integer Field' needs a number, got '12abc'/],
			['Integer Field', 2.5, /'Integer Field' needs a whole number, got '2.5'/],
			['Integer Field', 2147483648, /'Integer Field' is out of range/],
			['Real Field', '1e400', /'Real Field' needs a number/],
			['Decimal Field', '1,5', /'Decimal Field' needs a number, got '1,5'/],
			[
				'Date/Time Field',
				'next tuesday',
				/'Date\/Time Field' needs a date and time, got 'next tuesday'/,
			],
			['Date Field', '2024-02-30', /'Date Field' needs a date \(YYYY-MM-DD\), got '2024-02-30'/],
			['Date Field', 'yesterday', /'Date Field' needs a date/],
			['Time Field', '25:00', /'Time Field' needs a time of day \(HH:mm:ss\), got '25:00'/],
			['Time Field', '7pm', /'Time Field' needs a time of day/],
			['Currency Field', 12, /'Currency Field' needs an amount with a currency code, got '12'/],
			['Currency Field', { decimal: 'x', currency: 'USD' }, /'Currency Field' needs an amount/],
			['Selection Field', 'Huge', /'Huge' is not a valid option for field 'Selection Field'/],
			['Custom Selection Field', 1, /'Custom Selection Field' has no option with index 1/],
			[
				'Custom Selection Field',
				'Platinum',
				/Valid options: Bronze \(10\), Silver \(20\), Gold \(30\)/,
			],
			['Severity Field', 5000, /'Severity Field' has no option with index 5000/],
			['Diary Field', { text: 'x' }, /'Diary Field' needs the text of a new diary entry/],
			['Character Field', 'x\u0000y', /'Character Field' contains a NUL/],
			[
				'Date/Time Field',
				`${'9'.repeat(300)}`,
				/'Date\/Time Field' needs a date and time, got '9{20,}…/,
			],
		];
		const before = h.emulator.control.count(DATA_TYPES_FORM);
		h.reset();
		const node = arSystemNode(
			{
				resource: 'entry',
				operation: 'create',
				form,
				inputMode: 'mapper',
				columns: { mappingMode: 'defineBelow', value: '={{ $json.values }}' },
			},
			'AR System',
			{ onError: 'continueRegularOutput' },
		);
		const result = await runWorkflow(h.env, {
			nodes: [node],
			items: bad.map(([field, value]) => ({
				values: { 'Short Description': 'bad', [field]: value } as IDataObject,
			})),
		});
		expect(result.error).toBeUndefined();
		const out = result.output('AR System');
		expect(out).toHaveLength(bad.length);
		out.forEach((item, k) => {
			// The message names the field and the value; the description says what to enter.
			const text = `${String(item.json.error)} | ${String(item.json.description ?? '')}`;
			expect({ case: bad[k][0], text }).toEqual({
				case: bad[k][0],
				text: expect.stringMatching(bad[k][2]),
			});
			expect(String(item.json.description ?? '')).not.toBe('');
			// Long values are clipped in the message.
			expect(String(item.json.error).length).toBeLessThan(400);
		});
		expect(h.emulator.control.count(DATA_TYPES_FORM)).toBe(before);
		expect(h.requests(`POST /entry/${DATA_TYPES_FORM}`)).toBe(0);
	});
});
