import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getManyFields } from '../common.descriptions';
import { getMany } from '../entry/getAll.operation';
import { SUPPORT_GROUP_FORM } from '../../helpers/itsm/data';

export const description = updateDisplayOptions(
	{ show: { resource: ['supportGroup'], operation: ['getAll'] } },
	getManyFields(),
);

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await getMany.call(this, i, SUPPORT_GROUP_FORM);
}
