import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { hasGroup } from '../../helpers/groupList';
import {
	USER_FIELDS,
	USER_FORM,
	fieldName,
	groupMembershipQualification,
	resolveGroup,
} from '../../helpers/identity';
import { getFormMetadata } from '../../helpers/metadata';
import { entryToItem, outputShape } from '../../helpers/query';
import { arRequestAllPages } from '../../transport/pagination';
import { groupLocator, limitField, returnAllField, simplifyField } from '../common.descriptions';
import type { ToolClass } from '../toolSafety';

const properties: INodeProperties[] = [groupLocator, returnAllField, limitField, simplifyField];

export const description = updateDisplayOptions(
	{ show: { resource: ['group'], operation: ['getMembers'] } },
	properties,
);

export const toolClass: ToolClass = 'read';

/** Users whose Group List holds exactly this group's ID (1 never matches 10 or 100). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const group = await resolveGroup.call(this, i);
	const metadata = await getFormMetadata.call(this, USER_FORM);
	const groupList = fieldName(metadata, USER_FIELDS.groupList);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const entries = await arRequestAllPages.call(
		this,
		USER_FORM,
		{ q: groupMembershipQualification(groupList, group.groupId, group.name) },
		{
			idField: metadata.idField.name,
			limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
		},
	);
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	const shape = outputShape(metadata);
	// The qualification is a superset (spaces, names, LIKE wildcards in names); the parsed list
	// decides, with the same ID-or-exact-name rule as User → Get Groups.
	return entries
		.filter((entry) => hasGroup(entry.values[groupList], group.groupId, group.name))
		.map((entry) => ({ ...entryToItem(entry, shape, simplify), groupId: group.groupId }));
}
