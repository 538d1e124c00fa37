import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { setStatus, statusOptions } from './status';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [userLocator, statusOptions('enabled')];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['enable'] } },
	properties,
);

/** Lets a disabled user log in again by setting Status back to the active label. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await setStatus.call(this, i, 'enabled');
}

export const toolClass: ToolClass = 'change';
