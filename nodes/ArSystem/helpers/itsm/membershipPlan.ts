/**
 * Plans for support group membership and functional role changes: each returns the changes
 * needed to reach the wanted state from the current one (none when it already holds).
 */
import type { IDataObject } from 'n8n-workflow';

import { fieldName } from '../identity';
import type { FormMetadata } from '../metadata';
import { combine, equalsQualification } from '../qualification';
import type { PlannedChange } from './changes';
import type { FunctionalRole, Membership, PersonRef, SupportGroupInfo } from './data';
import { ASSOCIATION_FORM, FUNCTIONAL_ROLE_FORM, MEMBER_FIELDS, memberQualification } from './data';

export function groupLabel(groupId: string, groups: Map<string, SupportGroupInfo>): string {
	const name = groups.get(groupId)?.name;
	return name ? `support group '${name}' (${groupId})` : `support group ${groupId}`;
}

export function membershipView(m: Membership): IDataObject {
	return { supportGroupId: m.groupId, role: m.role, default: m.isDefault };
}

/** The values every membership-form entry of a person in a group carries. */
function memberWrite(metadata: FormMetadata, person: PersonRef, groupId: string): IDataObject {
	const F = MEMBER_FIELDS;
	const name = (id: number) => fieldName(metadata, id);
	const write: IDataObject = {
		[name(F.loginId)]: person.loginId,
		[name(F.groupId)]: groupId,
		[name(F.personId)]: person.personId,
	};
	if (person.fullName && metadata.byId.has(F.fullName)) write[name(F.fullName)] = person.fullName;
	return write;
}

export function addMembershipChange(
	metadata: FormMetadata,
	person: PersonRef,
	groupId: string,
	options: { role?: string | null; makeDefault: boolean },
	groups: Map<string, SupportGroupInfo>,
): PlannedChange {
	const F = MEMBER_FIELDS;
	const name = (id: number) => fieldName(metadata, id);
	const write = memberWrite(metadata, person, groupId);
	if (options.role && metadata.byId.has(F.role)) write[name(F.role)] = options.role;
	const labels = metadata.byId.get(F.defaultGroup)?.enumLabels;
	if (labels && labels.length >= 2) write[name(F.defaultGroup)] = options.makeDefault ? labels[0] : labels[1];
	return {
		step: 'supportGroup',
		action: 'create',
		form: ASSOCIATION_FORM,
		entryId: null,
		target: `${person.loginId} in ${groupLabel(groupId, groups)}`,
		before: null,
		after: { supportGroupId: groupId, role: options.role ?? null, default: options.makeDefault },
		write,
		match: memberQualification(metadata, person.loginId, groupId),
	};
}

export function removeMembershipChange(
	membership: Membership,
	groups: Map<string, SupportGroupInfo>,
): PlannedChange {
	return {
		step: 'supportGroup',
		action: 'delete',
		form: ASSOCIATION_FORM,
		entryId: membership.requestId,
		target: `${membership.loginId} in ${groupLabel(membership.groupId, groups)}`,
		before: membershipView(membership),
		after: null,
	};
}

export function addRoleChange(
	metadata: FormMetadata,
	person: PersonRef,
	groupId: string,
	functionalRole: string,
	groups: Map<string, SupportGroupInfo>,
): PlannedChange {
	const F = MEMBER_FIELDS;
	const name = (id: number) => fieldName(metadata, id);
	const write = { ...memberWrite(metadata, person, groupId), [name(F.functionalRole)]: functionalRole };
	return {
		step: 'functionalRole',
		action: 'create',
		form: FUNCTIONAL_ROLE_FORM,
		entryId: null,
		target: `${functionalRole} for ${person.loginId} in ${groupLabel(groupId, groups)}`,
		before: null,
		after: { functionalRole, supportGroupId: groupId },
		write,
		match: combine(
			[memberQualification(metadata, person.loginId, groupId), equalsQualification(name(F.functionalRole), functionalRole)],
			'AND',
		),
	};
}

export function removeRoleChange(role: FunctionalRole, groups: Map<string, SupportGroupInfo>): PlannedChange {
	return {
		step: 'functionalRole',
		action: 'delete',
		form: FUNCTIONAL_ROLE_FORM,
		entryId: role.requestId,
		target: `${role.functionalRole} for ${role.loginId} in ${groupLabel(role.groupId, groups)}`,
		before: { functionalRole: role.functionalRole, supportGroupId: role.groupId },
		after: null,
	};
}

/** The person's other default membership loses its flag when a new default is added. */
export function unsetDefaultChange(
	metadata: FormMetadata,
	membership: Membership,
	groups: Map<string, SupportGroupInfo>,
): PlannedChange {
	const labels = metadata.byId.get(MEMBER_FIELDS.defaultGroup)?.enumLabels ?? ['Yes', 'No'];
	return {
		step: 'supportGroup',
		action: 'update',
		form: ASSOCIATION_FORM,
		entryId: membership.requestId,
		target: `${membership.loginId} in ${groupLabel(membership.groupId, groups)}`,
		before: membershipView(membership),
		after: { ...membershipView(membership), default: false },
		write: { [fieldName(metadata, MEMBER_FIELDS.defaultGroup)]: labels[1] },
	};
}
