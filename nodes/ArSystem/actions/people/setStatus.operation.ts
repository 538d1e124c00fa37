import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { PEOPLE_FIELDS, PEOPLE_FORM, fieldName } from '../../helpers/identity';
import { convertValues } from '../../helpers/mapping';
import { updateEntry } from '../../transport';
import { forOperation, personLocator } from '../common.descriptions';
import { STATUS_NOTE, locatePerson, profileStatusField } from './people.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('person', 'setStatus', [
	{ displayName: STATUS_NOTE, name: 'statusNotice', type: 'notice', default: '' },
	personLocator,
	{ ...profileStatusField, required: true },
]);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { requestId, entry, metadata } = await locatePerson.call(this, i);
	const statusName = fieldName(metadata, PEOPLE_FIELDS.status);
	const wanted = convertValues.call(
		this,
		i,
		metadata,
		{ [statusName]: this.getNodeParameter('profileStatus', i) as string },
		'update',
	)[statusName];
	const previous = entry.values[statusName] ?? null;
	const changed = previous !== wanted;
	if (changed) await updateEntry.call(this, PEOPLE_FORM, requestId, { [statusName]: wanted });
	return [
		{
			_requestId: requestId,
			loginName: entry.values[fieldName(metadata, PEOPLE_FIELDS.loginId)] ?? null,
			profileStatus: wanted,
			previousStatus: previous,
			changed,
		},
	];
}
