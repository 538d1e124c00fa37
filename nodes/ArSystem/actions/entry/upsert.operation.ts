import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { appendsOnWrite } from '../../helpers/codec';
import { formForItem } from '../../helpers/forms';
import { valuesFromParameters, withoutSecrets } from '../../helpers/mapping';
import type { FormMetadata } from '../../helpers/metadata';
import { findField, getFormMetadata } from '../../helpers/metadata';
import { entryId } from '../../helpers/query';
import { buildCondition, equalsQualification } from '../../helpers/qualification';
import type { ArMergeOptions } from '../../transport';
import { listEntries, mergeEntry } from '../../transport';
import { formLocator, forOperation } from '../common.descriptions';
import { writeValueFields } from './write.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('entry', 'upsert', [
	formLocator,
	{
		displayName: 'Match On Field Name or ID',
		name: 'matchField',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['form.value'] },
		default: '',
		description:
			'An existing entry whose value in this field equals the mapped value is updated; otherwise a new entry is created. Leave empty to match on the Request ID in the values. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...writeValueFields('add'),
	{
		displayName: 'Merge Type',
		name: 'mergeType',
		type: 'options',
		options: [
			{
				name: 'Always New ID (GEN_NEW_ID)',
				value: 'GEN_NEW_ID',
				description: 'Always create a new entry with a new ID',
			},
			{
				name: 'Error on Match (DUP_ERROR)',
				value: 'DUP_ERROR',
				description: 'Create the entry; fail if a match exists',
			},
			{
				name: 'New ID on Match (DUP_NEW_ID)',
				value: 'DUP_NEW_ID',
				description: 'Create the entry, with a new ID if its ID is taken',
			},
			{
				name: 'Replace Matching Entry (DUP_OVERWRITE)',
				value: 'DUP_OVERWRITE',
				description: 'Replace the matching entry with these values, or create one',
			},
			{
				name: 'Update Matching Entry (DUP_MERGE)',
				value: 'DUP_MERGE',
				description: 'Update the given fields of the matching entry, or create one',
			},
		],
		default: 'DUP_MERGE',
	},
	{
		displayName: 'Options',
		name: 'mergeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Extra Match Qualification',
				name: 'qualification',
				type: 'string',
				default: '',
				description: 'A raw qualification ANDed with Match On Field, to narrow the match',
			},
			{
				displayName: 'Ignore Required Fields',
				name: 'ignoreRequired',
				type: 'boolean',
				default: false,
				description: 'Whether to skip the server\'s required-field check',
			},
			{
				displayName: 'Multiple Matches',
				name: 'multimatchOption',
				type: 'options',
				options: [
					{ name: 'Fail', value: 0 },
					{ name: 'Use First Match', value: 1 },
				],
				default: 0,
				description: 'What the server does when more than one entry matches',
			},
			{
				displayName: 'Run Workflow',
				name: 'workflowEnabled',
				type: 'boolean',
				default: true,
				description:
					"Whether the form's filters run for this merge, as they do for every other write. Turned off, none of the site's workflow runs: no ticket numbering, no assignment, no audit entries and none of its validation, so the entry may end up unlike any the application itself creates.",
			},
		],
	},
]);

export const toolClass: ToolClass = 'entryWrite';

/**
 * The entry the merge will hit, looked up first so the output can say created or updated, with
 * the diaries the merge appends to as they are now (null: no match, so nothing there yet): a lost
 * answer's read-back tells the merge's own diary entry from earlier text by them.
 */
async function findExisting(
	this: IExecuteFunctions,
	form: string,
	metadata: FormMetadata,
	values: IDataObject,
	qualification: string,
): Promise<{ id?: string; before: IDataObject }> {
	const appends = Object.keys(values).filter((name) => appendsOnWrite(metadata.byName.get(name)));
	const id = values[metadata.idField.name];
	const q = qualification || (typeof id === 'string' && id !== '' ? equalsQualification(1, id) : '');
	if (!q) return { before: {} };
	const page = await listEntries.call(this, form, {
		q,
		fields: [metadata.idField.name, ...appends],
		limit: 1,
	});
	const first = page.entries[0];
	const before: IDataObject = {};
	for (const name of appends) before[name] = first ? (first.values[name] ?? null) : null;
	return { id: first ? entryId(first, metadata.idField.name) : undefined, before };
}

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const metadata = await getFormMetadata.call(this, form);
	const values = valuesFromParameters.call(this, i, metadata, 'update');
	const mergeType = this.getNodeParameter('mergeType', i, 'DUP_MERGE') as ArMergeOptions['mergeType'];
	const options = this.getNodeParameter('mergeOptions', i, {}) as IDataObject;

	const parts: string[] = [];
	const matchFieldParameter = String(this.getNodeParameter('matchField', i, '') ?? '').trim();
	if (matchFieldParameter) {
		const field = findField(metadata, matchFieldParameter);
		if (!field) {
			throw new NodeOperationError(this.getNode(), `Match field '${matchFieldParameter}' does not exist on form '${form}'`, {
				itemIndex: i,
				description: 'Pick Match On Field from the list.',
			});
		}
		const matchValue = values[field.name];
		if (matchValue === undefined || matchValue === null || matchValue === '') {
			throw new NodeOperationError(this.getNode(), `No value for match field '${field.name}'`, {
				itemIndex: i,
				description: `Map a value for '${field.name}': it decides which entry is updated.`,
			});
		}
		// The typed literal of the match field's datatype (codec): dates as epoch seconds, selections
		// by label, numbers bare, so the match finds what a Create with the same value stored.
		parts.push(buildCondition({ field: field.name, operator: 'equals', value: matchValue }, field));
	}
	const extra = String(options.qualification ?? '').trim();
	if (extra) parts.push(extra);
	const qualification = parts.length > 1 ? parts.map((p) => `(${p})`).join(' AND ') : (parts[0] ?? '');

	const found =
		mergeType === 'GEN_NEW_ID'
			? { before: {} }
			: await findExisting.call(this, form, metadata, values, qualification);
	const existing = found.id;
	const { requestId } = await mergeEntry.call(this, form, values, {
		mergeType,
		qualification: qualification || undefined,
		ignoreRequired: options.ignoreRequired === true,
		// Workflow runs unless the user turned it off explicitly (see Run Workflow).
		workflowEnabled: options.workflowEnabled !== false,
		multimatchOption: Number(options.multimatchOption ?? 0),
		fields: metadata.fields,
		before: found.before,
	});
	const action = existing !== undefined && (requestId === undefined || requestId === existing) ? 'updated' : 'created';
	return [{ _requestId: requestId ?? existing ?? null, action, ...withoutSecrets(values, metadata) }];
}
