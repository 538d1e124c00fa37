import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { deleteEntry } from '../../transport';
import { getFormMetadata } from '../../helpers/metadata';
import { formLocator, forOperation } from '../common.descriptions';
import { entryTarget, entryTargetFields } from './entryTarget';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('entry', 'delete', [formLocator, ...entryTargetFields]);

export const toolClass: ToolClass = 'destructive';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const id = await entryTarget.call(this, i, await getFormMetadata.call(this, form));
	await deleteEntry.call(this, form, id);
	return [{ _requestId: id, deleted: true }];
}
