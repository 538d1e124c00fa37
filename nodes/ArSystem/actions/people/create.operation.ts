import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { PEOPLE_FORM } from '../../helpers/identity';
import { withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { createEntry } from '../../transport';
import { peopleOptionalFields, peopleValues } from './people.common';
import { forOperation } from '../common.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('person', 'create', [
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '', required: true },
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '', required: true },
	{
		displayName: 'Company',
		name: 'company',
		type: 'string',
		default: '',
		required: true,
		description: 'The company the person belongs to, as defined in ITSM Foundation',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: peopleOptionalFields,
	},
]);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, PEOPLE_FORM);
	const named: IDataObject = {
		firstName: this.getNodeParameter('firstName', i),
		lastName: this.getNodeParameter('lastName', i),
		company: this.getNodeParameter('company', i),
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
	};
	const values = peopleValues.call(this, i, metadata, named, 'create');
	const { requestId } = await createEntry.call(this, PEOPLE_FORM, values);
	return [{ _requestId: requestId ?? null, ...withoutSecrets(values, metadata) }];
}
