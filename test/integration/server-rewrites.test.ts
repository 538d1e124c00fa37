/**
 * Truthful writes when the server rewrites or appends (issue 16, node items 4, 6, 7 and 9), through
 * n8n-core's engine against the emulator on loopback:
 * - read-back after a lost answer compares as the server stores: a DECIMAL it rounded is the write
 *   (applied, sent once); a value a site filter rewrote proves nothing by itself;
 * - a diary append whose text cannot be told apart from text already in the diary is reported
 *   unknown and never re-sent; one that can (the diary read before it) is decided exactly;
 * - Create or Update runs the form's workflow unless Run Workflow is turned off;
 * - DATE filters built by the node find the right rows under the emulator's strict DATE rules;
 * - Entry → Create on an interface form returns the ticket number in one request.
 */
import type { IDataObject } from 'n8n-workflow';

import { CODE_NORMALISER, RESOLUTION_FILTER } from '../../emulator';
import { DATA_TYPES_FORM } from '../../emulator/forms';
import { arSystemNode, runNode, runWorkflow } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const form = (name: string) => ({ __rl: true, mode: 'name', value: name });
const HELP_DESK = 'HPD:Help Desk';
const CREATE_FORM = 'HPD:IncidentInterface_Create';
const UNKNOWN = /may or may not have been applied/;

describe('writes the server rewrites or appends to', () => {
	let h: Harness;

	withHarness({ users: 30, siteFilters: [CODE_NORMALISER, RESOLUTION_FILTER] }, (started) => {
		h = started;
	});

	beforeEach(() => {
		h.emulator.control.clearFaults();
		h.emulator.control.onRequest(undefined);
		h.reset();
	});

	const control = () => h.emulator.control;
	const newEntry = (values: IDataObject = {}) =>
		control().insertEntry(DATA_TYPES_FORM, { 'Short Description': 'rewrites', Status: 'New', ...values });
	const stored = (id: string) => control().getEntry(DATA_TYPES_FORM, id) ?? {};
	const diary = (id: string) => ((stored(id)['Diary Field'] as Array<{ text: string }> | null) ?? []).map((e) => e.text);

	/** Entry → Update through the engine with Continue On Fail, so an error is the item's. */
	const update = async (id: string, values: IDataObject) => {
		const node = arSystemNode(
			{
				resource: 'entry',
				operation: 'update',
				form: form(DATA_TYPES_FORM),
				requestId: id,
				inputMode: 'json',
				jsonValues: JSON.stringify(values),
			},
			'AR System',
			{ onError: 'continueRegularOutput' },
		);
		const result = await runWorkflow(h.env, { nodes: [node] });
		expect(result.error).toBeUndefined();
		return result.output('AR System')[0].json;
	};
	const puts = () => h.requests(`PUT /entry/${DATA_TYPES_FORM}`);

	describe('read-back compares as the server stores', () => {
		it('a DECIMAL the server rounded (12.345 → 12.35), answer lost after commit: applied, sent once', async () => {
			const id = newEntry();
			control().failAfterCommit(1, 'reset', { method: 'PUT', form: DATA_TYPES_FORM });
			const item = await update(id, { 'Decimal Field': 12.345, 'Precise Decimal Field': 1.23456 });
			expect(item.error).toBeUndefined();
			expect(item.updated).toBe(true);
			expect(puts()).toBe(1);
			expect(control().counters().faults['after-commit:reset']).toBeGreaterThanOrEqual(1);
			expect(stored(id)).toMatchObject({ 'Decimal Field': 12.35, 'Precise Decimal Field': 1.235 });
		});

		it('a CURRENCY amount the server rounded, answer lost behind a 504 page: applied, sent once', async () => {
			const id = newEntry();
			control().failAfterCommit(1, '504-html', { method: 'PUT', form: DATA_TYPES_FORM });
			const item = await update(id, { 'Currency Field': { decimal: 10.005, currency: 'EUR' } });
			expect(item.error).toBeUndefined();
			expect(puts()).toBe(1);
			expect(stored(id)['Currency Field']).toMatchObject({ decimal: 10.01, currency: 'EUR' });
		});

		it('a DECIMAL lost before the server saw it: read-back shows the old value, re-sent once', async () => {
			const id = newEntry({ 'Decimal Field': 1 });
			let armed = true;
			control().onRequest((request) => {
				if (armed && request.route === `PUT /entry/${DATA_TYPES_FORM}`) {
					armed = false;
					control().failNext(1, 'reset');
				}
			});
			const item = await update(id, { 'Decimal Field': 12.345 });
			expect(item.error).toBeUndefined();
			expect(puts()).toBe(2);
			expect(stored(id)['Decimal Field']).toBe(12.35);
		});

		it('a value a site filter rewrote proves nothing alone: unknown, never re-sent', async () => {
			const id = newEntry();
			control().failAfterCommit(1, 'reset', { method: 'PUT', form: DATA_TYPES_FORM });
			const item = await update(id, { 'Code Field': 'ab-1' });
			expect(String(item.error)).toMatch(UNKNOWN);
			expect(puts()).toBe(1);
			expect(stored(id)['Code Field']).toBe('AB-1');
		});

		it('beside a field that does prove it, the rewritten value does not stand in the way: applied', async () => {
			const id = newEntry();
			control().failAfterCommit(1, 'reset', { method: 'PUT', form: DATA_TYPES_FORM });
			const item = await update(id, { 'Code Field': 'ab-2', 'Integer Field': 77 });
			expect(item.error).toBeUndefined();
			expect(puts()).toBe(1);
			expect(stored(id)).toMatchObject({ 'Code Field': 'AB-2', 'Integer Field': 77 });
		});
	});

	describe('diary appends', () => {
		const TEXT = 'Called the user back';

		it('text already in the diary, lost before the server saw it: told apart, re-sent once, one new entry', async () => {
			const id = newEntry({ 'Diary Field': TEXT });
			let armed = true;
			control().onRequest((request) => {
				if (armed && request.route === `PUT /entry/${DATA_TYPES_FORM}`) {
					armed = false;
					control().failNext(1, 'reset');
				}
			});
			const item = await update(id, { 'Diary Field': TEXT });
			expect(item.error).toBeUndefined();
			expect(puts()).toBe(2);
			expect(diary(id)).toEqual([TEXT, TEXT]);
		});

		it('text already in the diary, applied, answer lost: told apart, applied, sent once', async () => {
			const id = newEntry({ 'Diary Field': TEXT });
			control().failAfterCommit(1, 'reset', { method: 'PUT', form: DATA_TYPES_FORM });
			const item = await update(id, { 'Diary Field': TEXT });
			expect(item.error).toBeUndefined();
			expect(puts()).toBe(1);
			expect(diary(id)).toEqual([TEXT, TEXT]);
		});

		it('another writer appends the same text meanwhile and the answer is lost: unknown, never re-sent', async () => {
			const id = newEntry({ 'Diary Field': 'first line' });
			let armed = true;
			control().onRequest((request) => {
				if (armed && request.route === `PUT /entry/${DATA_TYPES_FORM}`) {
					armed = false;
					// A second writer, a moment earlier, with the very same text.
					control().modifyEntry(DATA_TYPES_FORM, id, { 'Diary Field': TEXT });
				}
			});
			control().failAfterCommit(1, 'reset', { method: 'PUT', form: DATA_TYPES_FORM });
			const item = await update(id, { 'Diary Field': TEXT, 'Integer Field': 5 });
			expect(String(item.error)).toMatch(UNKNOWN);
			expect(puts()).toBe(1);
			expect(diary(id)).toEqual(['first line', TEXT, TEXT]);
		});

		it('Create or Update: the diary read with the match tells its own entry apart (applied, sent once)', async () => {
			const key = `upsert-diary-${Date.now()}`;
			const id = newEntry({ 'Short Description': key, 'Diary Field': TEXT });
			control().failAfterCommit(1, 'reset', { method: 'POST', form: DATA_TYPES_FORM });
			const node = arSystemNode(
				{
					resource: 'entry',
					operation: 'upsert',
					form: form(DATA_TYPES_FORM),
					matchField: 'Short Description',
					inputMode: 'json',
					jsonValues: JSON.stringify({ 'Short Description': key, 'Diary Field': TEXT }),
				},
				'AR System',
				{ onError: 'continueRegularOutput' },
			);
			const result = await runWorkflow(h.env, { nodes: [node] });
			const item = result.output('AR System')[0].json;
			expect(item.error).toBeUndefined();
			expect(item).toMatchObject({ _requestId: id, action: 'updated' });
			expect(h.requests(`POST /mergeEntry/${DATA_TYPES_FORM}`)).toBe(1);
			expect(diary(id)).toEqual([TEXT, TEXT]);
		});
	});

	describe('Create or Update and the form\'s workflow', () => {
		const upsert = async (values: IDataObject, options: IDataObject = {}) =>
			await runNode(h.env, {
				resource: 'entry',
				operation: 'upsert',
				form: form(HELP_DESK),
				matchField: 'Description',
				inputMode: 'json',
				jsonValues: JSON.stringify(values),
				mergeOptions: options,
			});
		const ticket = (description: string) => ({
			Description: description,
			Impact: '4-Minor/Localized',
			Urgency: '4-Low',
			'Reported Source': 'Email',
			'Service Type': 'User Service Request',
		});
		const byDescription = (description: string) =>
			control().findEntries(HELP_DESK, `'Description' = "${description}"`)[0]?.values ?? {};

		it('by default the workflow runs: numbering and Priority are filled, site validation applies', async () => {
			const [item] = await upsert(ticket('upsert with workflow'));
			expect(item.json.action).toBe('created');
			expect(byDescription('upsert with workflow')).toMatchObject({
				'Incident Number': expect.stringMatching(/^INC\d{12}$/),
				Priority: 'Low',
			});
			await expect(upsert({ ...ticket('resolved without resolution'), Status: 'Resolved' })).rejects.toThrow(
				RESOLUTION_FILTER.message,
			);
			expect(byDescription('resolved without resolution')).toEqual({});
		});

		it('Run Workflow off: none of it runs (no Incident Number, no Priority, no validation)', async () => {
			const [item] = await upsert({ ...ticket('upsert without workflow'), Status: 'Resolved' }, { workflowEnabled: false });
			expect(item.json.action).toBe('created');
			expect(byDescription('upsert without workflow')).toMatchObject({
				'Incident Number': null,
				Priority: null,
				Status: 'Resolved',
			});
		});
	});

	describe('DATE filters', () => {
		let ids: string[];

		beforeAll(() => {
			ids = ['2024-01-30', '2024-01-31', '2024-02-01'].map((date) =>
				newEntry({ 'Short Description': `date-filter ${date}`, 'Date Field': date }),
			);
		});

		const find = async (conditions: IDataObject[]) => {
			const items = await runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form: form(DATA_TYPES_FORM),
				returnAll: true,
				filters: {
					conditions: [{ field: 'Short Description', operator: 'startsWith', value: 'date-filter ' }, ...conditions],
				},
			});
			return items.map((item) => item.json._requestId).sort();
		};

		it.each([
			['equals a date', 'equals', '2024-01-31', [1]],
			['equals an ISO date-time (its date as written)', 'equals', '2024-01-31T23:30:00-05:00', [1]],
			['after a date', 'gt', '2024-01-31', [2]],
			['on or before a luxon DateTime', 'lte', '={{ DateTime.fromISO("2024-01-31T08:00:00", { zone: "Asia/Tokyo" }) }}', [0, 1]],
			['one of two dates', 'isOneOf', '2024-01-30, 2024-02-01', [0, 2]],
		])('%s: the right rows on the strict DATE rules', async (_label, operator, value, expected) => {
			expect(await find([{ field: 'Date Field', operator, value }])).toEqual(expected.map((k) => ids[k]).sort());
		});

		it('the qualification sent is a quoted date, never epoch seconds', async () => {
			const node = arSystemNode({
				resource: 'entry',
				operation: 'getAll',
				form: form(DATA_TYPES_FORM),
				returnAll: true,
				filters: { conditions: [{ field: 'Date Field', operator: 'equals', value: '2024-01-31' }] },
			});
			const result = await runWorkflow(h.env, { nodes: [node] });
			expect(result.error).toBeUndefined();
			const hints = JSON.stringify(result.run.data.resultData.runData['AR System'][0]);
			expect(hints).toContain(`'Date Field' = \\"2024-01-31\\"`);
		});
	});

	describe('Entry → Create returns what the server assigned', () => {
		const createTicket = async (returnFields: string[]) =>
			await runNode(h.env, {
				resource: 'entry',
				operation: 'create',
				form: form(CREATE_FORM),
				inputMode: 'json',
				jsonValues: JSON.stringify({
					Description: 'Printer on fire',
					Impact: '4-Minor/Localized',
					Urgency: '4-Low',
					'Reported Source': 'Email',
					Service_Type: 'User Service Restoration',
					Login_ID: 'appuser',
				}),
				options: { returnFields },
			});
		const entryRequests = () =>
			Object.entries(control().counters().byRoute)
				.filter(([route]) => / \/entry\//.test(route))
				.reduce((sum, [, n]) => sum + n, 0);

		it(`on ${CREATE_FORM}: the Incident Number in ONE request, beside the staging entry's ID`, async () => {
			await createTicket(['Incident Number']);
			h.reset();
			const [item] = await createTicket(['Incident Number']);
			expect(item.json._requestId).toMatch(/^\d{15}$/);
			expect(item.json['Incident Number']).toMatch(/^INC\d{12}$/);
			expect(entryRequests()).toBe(1);
			expect(h.requests(`POST /entry/${CREATE_FORM}`)).toBe(1);
			const [ticket] = control().findEntries(HELP_DESK, `'Incident Number' = "${item.json['Incident Number'] as string}"`);
			expect(ticket.values).toMatchObject({ Description: 'Printer on fire', 'Customer Login ID': 'appuser' });
		});

		it('a server that answers 201 with an empty body anyway (25.2+): one GET of the new entry fills them in', async () => {
			control().setOptions({ emptyCreateBody: true });
			try {
				h.reset();
				const [item] = await createTicket(['Incident Number']);
				expect(item.json['Incident Number']).toMatch(/^INC\d{12}$/);
				expect(entryRequests()).toBe(2);
			} finally {
				control().setOptions({ emptyCreateBody: undefined });
			}
		});

		it('the stored form of a rewritten value, from the answer (Code Field upper-cased)', async () => {
			const [item] = await runNode(h.env, {
				resource: 'entry',
				operation: 'create',
				form: form(DATA_TYPES_FORM),
				inputMode: 'json',
				jsonValues: JSON.stringify({ 'Short Description': 'create answer', 'Code Field': ' ab-9 ', 'Decimal Field': 2.675 }),
				options: { returnFields: ['Code Field', 'Decimal Field', 'Request ID'] },
			});
			expect(item.json).toMatchObject({ 'Code Field': 'AB-9', 'Decimal Field': 2.68 });
			expect(item.json['Request ID']).toBe(item.json._requestId);
		});

		it('a field to return that the form does not have is refused before anything is sent', async () => {
			h.reset();
			await expect(createTicket(['No Such Field'])).rejects.toThrow(
				`Field 'No Such Field' does not exist on form '${CREATE_FORM}'`,
			);
			expect(h.requests(`POST /entry/${CREATE_FORM}`)).toBe(0);
		});
	});
});
