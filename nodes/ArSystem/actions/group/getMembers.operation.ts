import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

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
import { DEFAULT_PAGE_SIZE, pages } from '../../transport/pagination';
import { forOperation, groupLocator, limitField, returnAllField, simplifyField } from '../common.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('group', 'getMembers', [groupLocator, returnAllField, limitField, simplifyField]);

export const toolClass: ToolClass = 'read';

/**
 * Users whose Group List holds exactly this group's ID (1 never matches 10 or 100). The server
 * query is a superset (spaces, names, LIKE wildcards in names) and the parsed list decides, so
 * Limit counts members: pages are read until Limit members are found or the rows run out.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const group = await resolveGroup.call(this, i);
	const metadata = await getFormMetadata.call(this, USER_FORM);
	const groupList = fieldName(metadata, USER_FIELDS.groupList);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
	const simplify = this.getNodeParameter('simplify', i, true) as boolean;
	const shape = outputShape(metadata);
	const members: IDataObject[] = [];
	const rows = pages.call(
		this,
		USER_FORM,
		{ q: groupMembershipQualification(groupList, group.groupId, group.name) },
		// Pages a bit larger than Limit: some rows of the superset are not members.
		{ idField: metadata.idField.name, pageSize: returnAll ? undefined : Math.min(DEFAULT_PAGE_SIZE, Math.max(2 * limit, 100)) },
	);
	for await (const page of rows) {
		for (const entry of page) {
			// The same ID-or-exact-name rule as User → Get Groups.
			if (!hasGroup(entry.values[groupList], group.groupId, group.name)) continue;
			members.push({ ...entryToItem(entry, shape, simplify), groupId: group.groupId });
			if (members.length >= limit) return members;
		}
	}
	return members;
}
