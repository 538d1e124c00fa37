import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { formForItem } from '../../helpers/forms';
import { getFormMetadata } from '../../helpers/metadata';
import { entryToItem, fieldNamesFromParameter } from '../../helpers/query';
import { getEntry } from '../../transport';
import { fieldsToReturn, formLocator, forOperation, requestIdField, simplifyField } from '../common.descriptions';
import { requireId } from './requireId';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('entry', 'get', [formLocator, requestIdField, fieldsToReturn, simplifyField]);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const form = formForItem.call(this, i);
	const id = requireId.call(this, i);
	const metadata = await getFormMetadata.call(this, form);
	const fields = fieldNamesFromParameter.call(this, i, metadata);
	const entry = await getEntry.call(this, form, id, fields);
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	return [entryToItem(entry, metadata, simplify)];
}
