import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { entryToItem } from '../../helpers/query';
import { forOperation, personLocator, simplifyField } from '../common.descriptions';
import { locatePerson } from './people.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('person', 'get', [personLocator, simplifyField]);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { entry, metadata } = await locatePerson.call(this, i);
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
