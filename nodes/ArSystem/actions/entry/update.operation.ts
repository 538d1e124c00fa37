import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { requireChanges, valuesFromParameters, withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { updateEntry } from '../../transport';
import { formLocator, forOperation } from '../common.descriptions';
import { entryTarget, entryTargetFields } from './entryTarget';
import { writeValueFields } from './write.descriptions';
import type { ToolClass } from '../toolSafety';

// The mapper only carries values ('add' mode): the entry is named above it, one way.

export const description = forOperation('entry', 'update', [formLocator, ...entryTargetFields, ...writeValueFields('add')]);

export const toolClass: ToolClass = 'entryWrite';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const metadata = await getFormMetadata.call(this, form);
	const values = valuesFromParameters.call(this, i, metadata, 'update');
	delete values[metadata.idField.name];
	requireChanges.call(this, i, values, 'Fields (or in the JSON)');
	const id = await entryTarget.call(this, i, metadata);
	// The form's fields let the transport read a diary before appending to it (truthful read-back).
	await updateEntry.call(this, form, id, values, { fields: metadata.fields });
	return [{ _requestId: id, updated: true, ...withoutSecrets(values, metadata) }];
}
