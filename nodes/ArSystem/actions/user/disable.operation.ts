import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { userLocator } from '../common.descriptions';
import { setStatus, statusOptions } from './status';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [userLocator, statusOptions('disabled')];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['disable'] } },
	properties,
);

/** Stops the user logging in by setting Status to the server's disabled label (not Delete). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await setStatus.call(this, i, 'disabled');
}

export const toolClass: ToolClass = 'destructive';
