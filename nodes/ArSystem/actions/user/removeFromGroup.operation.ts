import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, groupLocator, userLocator } from '../common.descriptions';
import { editMembership } from './membership';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'removeFromGroup', [userLocator, groupLocator]);

/** Removes the user from a group (its Group List loses the group); not a member: nothing is written. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await editMembership.call(this, i, 'remove');
}

export const toolClass: ToolClass = 'destructive';
