import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { PEOPLE_FORM } from '../../helpers/identity';
import { requireChanges, withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { updateEntry } from '../../transport';
import { forOperation, personLocator } from '../common.descriptions';
import { locatePerson, peopleOptionalFields, peopleValues } from './people.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('person', 'update', [
	personLocator,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{ displayName: 'Company', name: 'company', type: 'string', default: '' },
			{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
			{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
			...peopleOptionalFields,
		],
	},
]);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, PEOPLE_FORM);
	const named = this.getNodeParameter('updateFields', i, {}) as IDataObject;
	const values = peopleValues.call(this, i, metadata, named, 'update');
	requireChanges.call(this, i, values, 'Update Fields');
	const { requestId } = await locatePerson.call(this, i);
	await updateEntry.call(this, PEOPLE_FORM, requestId, values);
	return [{ _requestId: requestId, updated: true, ...withoutSecrets(values, metadata) }];
}
