import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { PEOPLE_FORM } from '../../helpers/identity';
import { deleteEntry } from '../../transport';
import { forOperation, personLocator } from '../common.descriptions';
import { locatePerson } from './people.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('person', 'delete', [personLocator]);

export const toolClass: ToolClass = 'destructive';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { requestId } = await locatePerson.call(this, i);
	await deleteEntry.call(this, PEOPLE_FORM, requestId);
	return [{ _requestId: requestId, deleted: true }];
}
