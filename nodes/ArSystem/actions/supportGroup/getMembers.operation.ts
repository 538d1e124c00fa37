import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fieldName } from '../../helpers/identity';
import { entryId } from '../../helpers/query';
import { ASSOCIATION_FORM, MEMBER_FIELDS, entriesForKeys, functionalRolesOf } from '../../helpers/itsm/data';
import { groupSummary, resolveSupportGroup, supportGroupLocator } from './supportGroup.common';
import { forOperation } from '../common.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('supportGroup', 'getMembers', [supportGroupLocator]);

export const toolClass: ToolClass = 'read';

/** One item per member: login, name, association role, default flag and roles in this group. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const group = await resolveSupportGroup.call(this, i);
	const { metadata, entries } = await entriesForKeys.call(this, ASSOCIATION_FORM, MEMBER_FIELDS.groupId, [group.id]);
	const F = MEMBER_FIELDS;
	const value = (entry: (typeof entries)[number], id: number) => {
		const name = metadata.byId.get(id)?.name;
		return name ? (entry.values[name] ?? null) : null;
	};
	const logins = entries.map((entry) => String(entry.values[fieldName(metadata, F.loginId)] ?? ''));
	const roles = await functionalRolesOf.call(this, logins);
	return entries.map((entry, k) => ({
		loginName: logins[k],
		fullName: value(entry, F.fullName),
		personId: value(entry, F.personId),
		role: value(entry, F.role),
		default: value(entry, F.defaultGroup) === (metadata.byId.get(F.defaultGroup)?.enumLabels?.[0] ?? 'Yes'),
		functionalRoles: (roles.get(logins[k]) ?? [])
			.filter((role) => role.groupId === group.id)
			.map((role) => role.functionalRole),
		_requestId: entryId(entry, metadata.idField.name),
		...groupSummary(group),
	}));
}
