import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupLocator, userLocator } from '../common.descriptions';
import { editMembership } from './membership';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [userLocator, groupLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['removeFromGroup'] } },
	properties,
);

/** Removes the user from a group (its Group List loses the group); not a member: nothing is written. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await editMembership.call(this, i, 'remove');
}

export const toolClass: ToolClass = 'destructive';
