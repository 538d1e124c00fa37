import type { IDataObject } from 'n8n-workflow';

import { buildFormMetadata, findField, toFormField } from '../../../nodes/ArSystem/helpers/metadata';
import { entryId, entryToItem } from '../../../nodes/ArSystem/helpers/query';

describe('form metadata', () => {
	const metadata = buildFormMetadata('CTM:People', [
		{ id: 1, name: 'Person ID', datatype: 'CHAR', field_option: 'SYSTEM' },
		{ id: 7, name: 'Profile Status', datatype: 'ENUM', field_option: 'REQUIRED', limit: { selection_values: [{ name: 'Proposed', id: 0 }, { name: 'Enabled', id: 1 }] } },
		{ id: 102, name: 'Password', datatype: 'CHAR', field_option: 'OPTIONAL' },
		{ id: 536870999, name: 'Button', datatype: 'CHAR', field_option: 'DISPLAY' },
		{ id: 4, name: 'Remedy Login ID', datatype: 'CHAR' },
	]);

	it('orders fields by ID, drops display-only fields and finds field 1 by ID', () => {
		expect(metadata.fields.map((field) => field.id)).toEqual([1, 4, 7, 102]);
		expect(metadata.idField.name).toBe('Person ID');
		expect(findField(metadata, '7')?.name).toBe('Profile Status');
		expect(findField(metadata, 'Remedy Login ID')?.id).toBe(4);
		expect(findField(metadata, 'remedy login id')).toBeUndefined();
	});

	it('reads enum labels from the shapes servers use', () => {
		expect(metadata.byId.get(7)?.enumLabels).toEqual(['Proposed', 'Enabled']);
		expect(metadata.byId.get(7)?.required).toBe(true);
		expect(toFormField({ id: 9, name: 'E', datatype: 'ENUM', limit: { enum_values: ['A', 'B'] } }).enumLabels).toEqual(['A', 'B']);
		// Custom item numbers (ITSM's 1000, 2000, ...): labels in number order plus the numbers.
		const custom = toFormField({
			id: 9,
			name: 'E',
			datatype: 'ENUM',
			limit: { selection_values: [{ name: 'Low', id: 1000 }, { name: 'High', id: 0 }] },
		});
		expect(custom.enumLabels).toEqual(['High', 'Low']);
		expect(custom.enumIds).toEqual([0, 1000]);
		// 0..n-1 in any order is plain numbering: no ids.
		const plain = toFormField({
			id: 9,
			name: 'E',
			datatype: 'ENUM',
			limit: { selection_values: [{ name: 'B', id: 1 }, { name: 'A', id: 0 }] },
		});
		expect(plain.enumLabels).toEqual(['A', 'B']);
		expect(plain.enumIds).toBeUndefined();
	});

	it('builds output items without secrets, with the entry ID from values or the self link', () => {
		const fresh = () => ({
			values: { 'Remedy Login ID': 'zoe', Password: '***' } as IDataObject,
			_links: { self: [{ href: 'https://ar/api/arsys/v1/entry/CTM:People/PPL000000000005' }] },
		});
		const entry = fresh();
		expect(entryId(entry, 'Person ID')).toBe('PPL000000000005');
		const item = entryToItem(entry, metadata, true);
		expect(item).toEqual({ _requestId: 'PPL000000000005', 'Remedy Login ID': 'zoe' });
		// The item is the response's own values object: no copy per entry.
		expect(item).toBe(entry.values);
		const rawEntry = fresh();
		const raw = entryToItem(rawEntry, metadata, false);
		expect(raw.values).toEqual({ 'Remedy Login ID': 'zoe' });
		expect(raw._links).toBe(rawEntry._links);
		expect(entryId({ values: { 'Person ID': 'PPL1' } }, 'Person ID')).toBe('PPL1');
		expect(entryId({ values: {} }, 'Person ID')).toBeUndefined();
	});
});
