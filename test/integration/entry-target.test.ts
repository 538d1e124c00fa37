/**
 * Entry → Update and Delete name their entry one way: by Request ID, or by a field value that
 * finds exactly one entry. Nothing is written when the value finds none or several.
 */
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const FORM = 'HPD:Help Desk';

describe('Entry → Update / Delete: one way to name the entry', () => {
	let h: Harness;

	beforeAll(async () => void (h = await startHarness({ users: 150 })));
	afterAll(async () => await h.emulator.stop());

	const c = () => h.emulator.control;
	const form = { __rl: true, mode: 'list', value: FORM };
	const byField = (field: string, value: string, extra: IDataObject = {}) => ({
		resource: 'entry',
		form,
		findBy: 'field',
		matchField: field,
		matchValue: value,
		...extra,
	});
	const update = (extra: IDataObject) => ({
		operation: 'update',
		inputMode: 'mapper',
		columns: { mappingMode: 'defineBelow', value: { Urgency: '1-Critical' } },
		...extra,
	});

	it('updates the one entry whose Incident Number matches, with the mapper values only', async () => {
		const [ticket] = c().findEntries(FORM, `'Incident Number' != $NULL$`);
		const number = String(ticket.values['Incident Number']);
		const [out] = await runNode(h.env, update(byField('Incident Number', number)));
		expect(out.json).toMatchObject({ _requestId: ticket.id, updated: true, Urgency: '1-Critical' });
		expect(c().getEntry(FORM, ticket.id)).toMatchObject({ Urgency: '1-Critical', 'Incident Number': number });
	});

	it('a value no entry has, or several share, is refused and nothing is written', async () => {
		const writes = c().versionLog().length;
		await expect(runNode(h.env, update(byField('Incident Number', 'INC-NO-SUCH')))).rejects.toMatchObject({
			message: `No entry on form '${FORM}' where 'Incident Number' = 'INC-NO-SUCH'`,
		});
		const shared = c().findEntries(FORM, `'Status' = "Assigned"`);
		expect(shared.length).toBeGreaterThan(1);
		await expect(runNode(h.env, update(byField('Status', 'Assigned')))).rejects.toMatchObject({
			message: `More than one entry on form '${FORM}' where 'Status' = 'Assigned'`,
			description: expect.stringContaining('Find Entry By → Request ID'),
		});
		await expect(runNode(h.env, update(byField('No Such Field', 'x')))).rejects.toMatchObject({
			message: `Match Field 'No Such Field' is not a field of form '${FORM}'`,
		});
		expect(c().versionLog().length).toBe(writes);
	});

	it('Delete by field value removes exactly that entry; by Request ID still works as before', async () => {
		const [first, second] = c().findEntries(FORM, `'Incident Number' != $NULL$`).slice(-2);
		const [gone] = await runNode(h.env, {
			...byField('Incident Number', String(first.values['Incident Number'])),
			operation: 'delete',
		});
		expect(gone.json).toEqual({ _requestId: first.id, deleted: true });
		expect(c().getEntry(FORM, first.id)).toBeUndefined();
		const [byId] = await runNode(h.env, { resource: 'entry', operation: 'delete', form, requestId: second.id });
		expect(byId.json).toEqual({ _requestId: second.id, deleted: true });
	});
});
