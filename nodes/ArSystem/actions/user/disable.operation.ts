import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, userLocator } from '../common.descriptions';
import { setStatus, statusOptions } from './status';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'disable', [userLocator, statusOptions('disabled')]);

/** Stops the user logging in by setting Status to the server's disabled label (not Delete). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await setStatus.call(this, i, 'disabled');
}

export const toolClass: ToolClass = 'destructive';
