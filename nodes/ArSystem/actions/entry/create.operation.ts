import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { valuesFromParameters, withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { fieldNamesFromParameter } from '../../helpers/query';
import { createEntry } from '../../transport';
import { formLocator, forOperation, optionsCollection } from '../common.descriptions';
import { writeValueFields } from './write.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('entry', 'create', [
	formLocator,
	...writeValueFields('add'),
	optionsCollection([
		{
			displayName: 'Return Field Names or IDs',
			name: 'returnFields',
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: 'getFields', loadOptionsDependsOn: ['form.value'] },
			default: [],
			description:
				'Fields whose stored values the server sends back in the same request: what its workflow assigned, such as the Incident Number an interface form like HPD:IncidentInterface_Create creates. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
	]),
]);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const metadata = await getFormMetadata.call(this, form);
	const values = valuesFromParameters.call(this, i, metadata, 'create');
	const returnFields = fieldNamesFromParameter.call(this, i, metadata, 'options.returnFields') ?? [];
	const { requestId, returned } = await createEntry.call(this, form, values, returnFields);
	// What the server stored and assigned wins over what was sent (numbering, rewritten values).
	return [
		{
			_requestId: requestId ?? null,
			...withoutSecrets(values, metadata),
			...withoutSecrets(returned ?? {}, metadata),
		},
	];
}
