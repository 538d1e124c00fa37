import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { forOperation, groupLocator, userLocator } from '../common.descriptions';
import { editMembership } from './membership';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'addToGroup', [userLocator, groupLocator]);

/** Adds the user to a group (its Group List gains the group's ID); already a member: nothing is written. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await editMembership.call(this, i, 'add');
}

export const toolClass: ToolClass = 'change';
