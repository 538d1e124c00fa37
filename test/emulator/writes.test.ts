/**
 * What the server makes of a write (issue 16, emulator items 2-4 and node item 9's server side):
 * DECIMAL and CURRENCY kept at their scale, a site filter that rewrites a character value,
 * `workflowEnabled: false` on a merge running no filter at all, DATE fields in `q=` taking dates and
 * day numbers but refusing epoch seconds, and the interface create form answering with the ticket
 * number in the create's own answer.
 */
import { ArErrorNumber, CODE_NORMALISER, RESOLUTION_FILTER } from '../../emulator';
import { DATA_TYPES_FORM } from '../../emulator/forms';
import { enc, expectArError, q, withEmulator, V1, V10 } from './helpers';
import type { Harness } from './helpers';

const HD = 'HPD:Help Desk';
const CREATE = 'HPD:IncidentInterface_Create';

describe('emulator: values the server rewrites, workflow on merge, DATE in q=', () => {
	let h: Harness;
	let admin: string;

	withEmulator({ users: 20, siteFilters: [CODE_NORMALISER, RESOLUTION_FILTER] }, (started, token) => {
		h = started;
		admin = token;
	});

	const create = async (form: string, values: Record<string, unknown>, query = '') =>
		await h.http.post(`${V1}/entry/${enc(form)}${query}`, { values }, h.as(admin));
	const idOf = (location: unknown) => String(location).split('/').pop()!;
	const stored = (form: string, id: string) => h.emulator.control.getEntry(form, id) ?? {};

	describe('scale', () => {
		it('DECIMAL is kept at each field\'s scale, on its decimal digits (12.345 → 12.35, not 12.34)', async () => {
			const res = await create(DATA_TYPES_FORM, {
				'Short Description': 'scale',
				'Decimal Field': 12.345,
				'Precise Decimal Field': '1.23456',
				'Real Field': 12.345,
			});
			expect(res.status).toBe(201);
			const values = stored(DATA_TYPES_FORM, idOf(res.headers.location));
			expect(values['Decimal Field']).toBe(12.35);
			expect(values['Precise Decimal Field']).toBe(1.235);
			// REAL is a double: never rounded.
			expect(values['Real Field']).toBe(12.345);
			const id = idOf(res.headers.location);
			const put = await h.http.put(
				`${V1}/entry/${enc(DATA_TYPES_FORM)}/${id}`,
				{ values: { 'Decimal Field': -0.005, 'Precise Decimal Field': 99.9995 } },
				h.as(admin),
			);
			expect(put.status).toBe(204);
			expect(stored(DATA_TYPES_FORM, id)).toMatchObject({ 'Decimal Field': -0.01, 'Precise Decimal Field': 100 });
		});

		it('CURRENCY amounts are kept to 2 places; the metadata says each field\'s precision', async () => {
			const res = await create(DATA_TYPES_FORM, {
				'Short Description': 'currency',
				'Currency Field': { decimal: 19.999, currency: 'USD' },
			});
			expect(stored(DATA_TYPES_FORM, idOf(res.headers.location))['Currency Field']).toMatchObject({
				decimal: 20,
				currency: 'USD',
			});
			const fields = (await h.http.get(`${V10}/fields/${enc(DATA_TYPES_FORM)}`, h.as(admin))).data as Array<{
				name: string;
				limit: { precision?: number };
			}>;
			const precision = (name: string) => fields.find((f) => f.name === name)?.limit.precision;
			expect([precision('Decimal Field'), precision('Precise Decimal Field'), precision('Currency Field')]).toEqual([
				2, 3, 2,
			]);
		});
	});

	describe('a site filter that rewrites a character value', () => {
		it('trims and upper-cases the Code Field on create and modify; what reads back is not what was sent', async () => {
			const res = await create(
				DATA_TYPES_FORM,
				{ 'Short Description': 'code', 'Code Field': '  ab-1 ' },
				'?fields=values(Code Field)',
			);
			expect(res.status).toBe(201);
			// The create's own answer already shows the stored form.
			expect((res.data as { values: Record<string, unknown> }).values).toEqual({ 'Code Field': 'AB-1' });
			const id = idOf(res.headers.location);
			await h.http.put(`${V1}/entry/${enc(DATA_TYPES_FORM)}/${id}`, { values: { 'Code Field': 'x 2' } }, h.as(admin));
			expect(stored(DATA_TYPES_FORM, id)['Code Field']).toBe('X 2');
			// Other character fields are left alone.
			expect(stored(DATA_TYPES_FORM, id)['Short Description']).toBe('code');
		});

		it('off without the filter; bad normalising filters are refused at start', async () => {
			const c = h.emulator.control;
			c.setOptions({ siteFilters: [] });
			try {
				const res = await create(DATA_TYPES_FORM, { 'Short Description': 'plain', 'Code Field': 'ab-1' });
				expect(stored(DATA_TYPES_FORM, idOf(res.headers.location))['Code Field']).toBe('ab-1');
			} finally {
				c.setOptions({ siteFilters: [CODE_NORMALISER, RESOLUTION_FILTER] });
			}
			const bad = (normalise: { fields: string[]; rules: string[] }, on?: string[]) => () =>
				c.setOptions({
					siteFilters: [{ form: DATA_TYPES_FORM, normalise, ...(on ? { on } : {}) } as never],
				});
			expect(bad({ fields: ['Integer Field'], rules: ['upper'] })).toThrow(/"Integer Field" is not a character field/);
			expect(bad({ fields: ['Code Field'], rules: ['shout'] })).toThrow(/unknown rule "shout"/);
			expect(bad({ fields: ['Code Field'], rules: ['upper'] }, ['delete'])).toThrow(/cannot run on delete/);
			expect(() => c.setOptions({ siteFilters: [{ form: DATA_TYPES_FORM } as never] })).toThrow(
				/needs a message or a normalise action/,
			);
		});
	});

	describe('mergeEntry workflowEnabled', () => {
		const merge = async (values: Record<string, unknown>, mergeOptions: Record<string, unknown>) =>
			await h.http.post(
				`${V1}/mergeEntry/${enc(HD)}`,
				{ values, mergeOptions: { mergeType: 'DUP_MERGE', ...mergeOptions } },
				h.as(admin),
			);
		const ticket = (description: string) => ({
			Description: description,
			Impact: '4-Minor/Localized',
			Urgency: '4-Low',
		});

		it('absent or true: the form\'s workflow and the site\'s filters run', async () => {
			for (const workflow of [{}, { workflowEnabled: true }]) {
				const res = await merge(ticket('with workflow'), workflow);
				expect(res.status).toBe(201);
				const values = stored(HD, idOf(res.headers.location));
				expect(values['Incident Number']).toMatch(/^INC\d{12}$/);
				expect(values.Priority).toBe('Low');
			}
			const refused = await merge({ ...ticket('resolved, no resolution'), Status: 'Resolved' }, { workflowEnabled: true });
			expectArError(refused, 400, RESOLUTION_FILTER.messageNumber);
		});

		it('false: no filter fires, neither the form\'s (numbering, Priority) nor the site\'s', async () => {
			const res = await merge({ ...ticket('no workflow'), Status: 'Resolved' }, { workflowEnabled: false });
			expect(res.status).toBe(201);
			const values = stored(HD, idOf(res.headers.location));
			expect(values['Incident Number']).toBeNull();
			expect(values.Priority).toBeNull();
			expect(values.Status).toBe('Resolved');
			// On a match too: the site's normalising filter does not rewrite the value.
			const id = h.emulator.control.insertEntry(DATA_TYPES_FORM, { 'Short Description': 'merge-code', Status: 'New' });
			const merged = await h.http.post(
				`${V1}/mergeEntry/${enc(DATA_TYPES_FORM)}`,
				{
					values: { 'Request ID': id, 'Code Field': 'lower' },
					mergeOptions: { mergeType: 'DUP_MERGE', workflowEnabled: false },
				},
				h.as(admin),
			);
			expect(merged.status).toBe(201);
			expect(stored(DATA_TYPES_FORM, id)['Code Field']).toBe('lower');
		});

		it('a workflowEnabled that is not a boolean is refused, nothing written', async () => {
			const count = h.emulator.control.count(HD);
			const res = await merge(ticket('bad flag'), { workflowEnabled: 'no' });
			expectArError(res, 400, ArErrorNumber.MALFORMED_REQUEST);
			expect(h.emulator.control.count(HD)).toBe(count);
		});
	});

	describe('DATE fields in q=', () => {
		let jan31: string;
		let feb1: string;

		beforeAll(() => {
			const c = h.emulator.control;
			jan31 = c.insertEntry(DATA_TYPES_FORM, { 'Short Description': 'date-a', Status: 'New', 'Date Field': '2024-01-31' });
			feb1 = c.insertEntry(DATA_TYPES_FORM, { 'Short Description': 'date-b', Status: 'New', 'Date Field': '2024-02-01' });
		});

		const list = async (qualification: string) =>
			await h.http.get(
				`${V1}/entry/${enc(DATA_TYPES_FORM)}?q=${q(`'Short Description' LIKE "date-%" AND ${qualification}`)}&fields=values(Request ID)`,
				h.as(admin),
			);
		const ids = async (qualification: string) => {
			const res = await list(qualification);
			expect(res.status).toBe(200);
			return (res.data as { entries: Array<{ values: Record<string, string> }> }).entries.map((e) => e.values['Request ID']);
		};

		it('a quoted date (ISO, US, long form) and a day number (Julian day) find the right rows', async () => {
			expect(await ids(`'Date Field' = "2024-01-31"`)).toEqual([jan31]);
			expect(await ids(`'Date Field' > "1/31/2024"`)).toEqual([feb1]);
			expect(await ids(`'Date Field' >= "January 31, 2024"`)).toEqual([jan31, feb1]);
			// 2024-01-31 is Julian day 2460341.
			expect(await ids(`'Date Field' = 2460341`)).toEqual([jan31]);
		});

		it.each([
			['epoch seconds', '1706659200'],
			['quoted epoch seconds', '"1706659200"'],
		])('%s are refused with a bad-qualification error naming the field', async (_label, literal) => {
			const res = await list(`'Date Field' = ${literal}`);
			const m = expectArError(res, 400, ArErrorNumber.BAD_QUALIFICATION);
			expect(m.messageAppendedText).toContain("'Date Field'");
			expect(m.messageAppendedText).toContain('"2024-01-31"');
		});
	});

	describe('create answering with what the server assigned', () => {
		it(`${CREATE}: a 15-digit numeric staging ID, and the ticket's Incident Number in the create's answer`, async () => {
			h.emulator.control.resetCounters();
			const res = await create(
				CREATE,
				{ Description: 'printer on fire', Impact: '4-Minor/Localized', Urgency: '4-Low', Login_ID: 'appuser' },
				'?fields=values(Request ID,Incident Number,No Such Field)',
			);
			expect(res.status).toBe(201);
			const staging = idOf(res.headers.location);
			expect(staging).toMatch(/^\d{15}$/);
			const values = (res.data as { values: Record<string, string> }).values;
			// The unknown field is silently absent, as recorded servers answer.
			expect(Object.keys(values).sort()).toEqual(['Incident Number', 'Request ID']);
			expect(values['Request ID']).toBe(staging);
			expect(values['Incident Number']).toMatch(/^INC\d{12}$/);
			expect(values['Incident Number']).not.toBe(staging);
			const [ticket] = h.emulator.control.findEntries(HD, `'Incident Number' = "${values['Incident Number']}"`);
			expect(ticket.values['Customer Login ID']).toBe('appuser');
			expect(h.emulator.control.counters().total).toBe(1);
		});
	});
});
