import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { entryToItem } from '../../helpers/query';
import { forOperation, simplifyField } from '../common.descriptions';
import { locateSupportGroup, supportGroupLocator } from './supportGroup.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('supportGroup', 'get', [supportGroupLocator, simplifyField]);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { entry, metadata } = await locateSupportGroup.call(this, i);
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
