import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { GROUP_FORM } from '../../helpers/identity';
import { forOperation, getManyFields } from '../common.descriptions';
import { getMany } from '../entry/getAll.operation';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('group', 'getAll', getManyFields());

export const toolClass: ToolClass = 'read';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await getMany.call(this, i, GROUP_FORM);
}
