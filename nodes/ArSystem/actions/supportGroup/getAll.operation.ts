import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, getManyFields } from '../common.descriptions';
import { getMany } from '../entry/getAll.operation';
import { SUPPORT_GROUP_FORM } from '../../helpers/itsm/data';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('supportGroup', 'getAll', getManyFields());

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await getMany.call(this, i, SUPPORT_GROUP_FORM);
}
