import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, userLocator } from '../common.descriptions';
import { setStatus, statusOptions } from './status';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'enable', [userLocator, statusOptions('enabled')]);

/** Lets a disabled user log in again by setting Status back to the active label. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await setStatus.call(this, i, 'enabled');
}

export const toolClass: ToolClass = 'change';
