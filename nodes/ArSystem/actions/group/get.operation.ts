import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { entryToItem } from '../../helpers/query';
import { forOperation, groupLocator, simplifyField } from '../common.descriptions';
import { locateGroup } from './group.common';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('group', 'get', [groupLocator, simplifyField]);

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const { entry, metadata } = await locateGroup.call(this, i);
	return [entryToItem(entry, metadata, this.getNodeParameter('simplify', i, true) as boolean)];
}
