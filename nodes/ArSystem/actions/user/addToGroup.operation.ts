import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { groupLocator, userLocator } from '../common.descriptions';
import { editMembership } from './membership';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [userLocator, groupLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['user'], operation: ['addToGroup'] } },
	properties,
);

/** Adds the user to a group (its Group List gains the group's ID); already a member: nothing is written. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	return await editMembership.call(this, i, 'add');
}

export const toolClass: ToolClass = 'change';
