/**
 * One way to name the entry an Update or Delete acts on: by its Request ID, or by a field value
 * that finds exactly one entry. Two ways in one form (a Request ID parameter plus the mapper's own
 * match field) confused users, so the mapper only carries the values to write.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FormMetadata } from '../../helpers/metadata';
import { findField } from '../../helpers/metadata';
import { entryId } from '../../helpers/query';
import { QualificationInputError, buildCondition } from '../../helpers/qualification';
import { clip } from '../../helpers/text';
import { listEntries } from '../../transport';
import { requestIdField } from '../common.descriptions';
import { requireId } from './requireId';

export const entryTargetFields: INodeProperties[] = [
	{
		displayName: 'Find Entry By',
		name: 'findBy',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Request ID', value: 'requestId', description: 'The entry ID (field 1)' },
			{
				name: 'Field Value',
				value: 'field',
				description: 'A field value that exactly one entry has, such as an Incident Number',
			},
		],
		default: 'requestId',
	},
	{ ...requestIdField, displayOptions: { show: { findBy: ['requestId'] } } },
	{
		displayName: 'Match Field Name or ID',
		name: 'matchField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['form.value'] },
		default: '',
		required: true,
		description:
			'The field whose value finds the entry. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show: { findBy: ['field'] } },
	},
	{
		displayName: 'Match Value',
		name: 'matchValue',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. INC000000000123',
		description: 'Exactly one entry must have this value in the match field',
		displayOptions: { show: { findBy: ['field'] } },
	},
];

/** The Request ID of the entry item `i` names; a field value must find exactly one entry. */
export async function entryTarget(this: IExecuteFunctions, i: number, metadata: FormMetadata): Promise<string> {
	const findBy = this.getNodeParameter('findBy', i, 'requestId') as string;
	if (findBy !== 'field') return requireId.call(this, i);
	const fail = (message: string, description: string): never => {
		throw new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
	};
	const fieldKey = String(this.getNodeParameter('matchField', i, '') ?? '').trim();
	const value = String(this.getNodeParameter('matchValue', i, '') ?? '').trim();
	const field = fieldKey === '' ? undefined : findField(metadata, fieldKey);
	if (!field) {
		return fail(
			fieldKey === '' ? 'Match Field is empty' : `Match Field '${clip(fieldKey)}' is not a field of form '${metadata.form}'`,
			'Pick the field whose value finds the entry, or set Find Entry By to Request ID.',
		);
	}
	if (value === '') return fail('Match Value is empty', `Give the value of '${field.name}' that finds the entry.`);
	let q: string;
	try {
		q = buildCondition({ field: field.name, operator: 'equals', value }, field);
	} catch (error) {
		const message = error instanceof QualificationInputError ? error.message : (error as Error).message;
		return fail(message, `Give a value '${field.name}' can hold.`);
	}
	// Two rows are enough to tell "exactly one" from "several".
	const page = await listEntries.call(this, metadata.form, { q, fields: [metadata.idField.name], limit: 2 });
	const where = `'${field.name}' = '${clip(value)}'`;
	if (page.entries.length === 0) {
		return fail(`No entry on form '${metadata.form}' where ${where}`, 'Check the value; nothing was changed.');
	}
	if (page.entries.length > 1) {
		return fail(
			`More than one entry on form '${metadata.form}' where ${where}`,
			'Nothing was changed. Match on a field whose values are unique (such as the ticket number), or use Find Entry By → Request ID.',
		);
	}
	return entryId(page.entries[0], metadata.idField.name) ?? fail(`The entry found has no ID`, 'Use Find Entry By → Request ID.');
}
