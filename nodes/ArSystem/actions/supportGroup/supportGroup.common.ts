import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { LocatedEntry } from '../../helpers/identity';
import { PEOPLE_FIELDS, fieldName, locateEntry } from '../../helpers/identity';
import { getFormMetadata } from '../../helpers/metadata';
import { personLabel } from '../../helpers/report';
import { locatePerson } from '../people/people.common';
import type { PersonRef, SupportGroupInfo } from '../../helpers/itsm/data';
import { SUPPORT_GROUP_FIELDS, SUPPORT_GROUP_FORM, supportGroupFromEntry } from '../../helpers/itsm/data';

/** A support group by name (searchable list), Support Group ID, or name typed. */
export const supportGroupLocator: INodeProperties = {
	displayName: 'Support Group',
	name: 'supportGroup',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The ITSM support group (CTM:Support Group form)',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchSupportGroups', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. SGP000000000011',
			hint: 'The Support Group ID',
		},
		{
			displayName: 'Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. Service Desk',
			hint: 'Names repeat across companies: a name several groups have is refused with their IDs',
		},
	],
};

/**
 * Reads the support group locator of item `i`. ITSM names repeat across companies: a name that
 * several groups have is refused, listing each with its company, organization and ID.
 */
export async function locateSupportGroup(
	this: IExecuteFunctions,
	i: number,
	parameter = 'supportGroup',
): Promise<LocatedEntry> {
	const metadata = await getFormMetadata.call(this, SUPPORT_GROUP_FORM);
	return await locateEntry.call(this, i, {
		parameter,
		form: SUPPORT_GROUP_FORM,
		keys: { list: SUPPORT_GROUP_FIELDS.id, name: SUPPORT_GROUP_FIELDS.name },
		noun: 'support group',
		describe: (entry) => {
			const group = supportGroupFromEntry(metadata, entry);
			return `'${group.name}' of ${group.company} / ${group.organization} (ID ${group.id})`;
		},
		howToPick:
			'Pick the one you mean from the list, or enter its Support Group ID (mode By Support Group ID); Support Group → Get Many lists every group with its company',
	});
}

/** The support group of item `i` (see locateSupportGroup). */
export async function resolveSupportGroup(
	this: IExecuteFunctions,
	i: number,
	parameter = 'supportGroup',
): Promise<SupportGroupInfo> {
	const metadata = await getFormMetadata.call(this, SUPPORT_GROUP_FORM);
	const located = await locateSupportGroup.call(this, i, parameter);
	const group = supportGroupFromEntry(metadata, located.entry);
	return { ...group, id: located.requestId || group.id };
}

/** CTM:People Full Name; copied onto memberships as ITSM does. */
const PEOPLE_FULL_NAME = 1000000017;

/**
 * Who and which group a membership report is about, named as every report names them
 * (helpers/report.ts): loginName, fullName, personId, then the group.
 */
export function membershipSubject(person: PersonRef, group: SupportGroupInfo): IDataObject {
	return {
		loginName: person.loginId,
		fullName: person.fullName || null,
		personId: person.personId,
		...groupSummary(group),
	};
}

/** "'Jane Smith' (jsmith) in support group 'Service Desk' (SGP…)", for a report's summary. */
export function membershipWho(person: PersonRef, group: SupportGroupInfo): string {
	return `${personLabel(person.loginId, person.fullName)} in support group '${group.name}' (${group.id})`;
}

/** The person of item `i`; support group membership needs a Remedy Login ID. */
export async function resolvePerson(this: IExecuteFunctions, i: number): Promise<PersonRef> {
	const { requestId, entry, metadata } = await locatePerson.call(this, i);
	const loginId = String(entry.values[fieldName(metadata, PEOPLE_FIELDS.loginId)] ?? '');
	if (loginId === '') {
		throw new NodeOperationError(this.getNode(), `Person ${requestId} has no Remedy Login ID`, {
			itemIndex: i,
			description: 'Support groups and functional roles belong to people who log in. Set Remedy Login ID first (Person → Update).',
		});
	}
	const fullNameField = metadata.byId.get(PEOPLE_FULL_NAME)?.name;
	const fullName = fullNameField ? String(entry.values[fullNameField] ?? '') : '';
	return { personId: requestId, loginId, fullName };
}

export const functionalRoleField: INodeProperties = {
	displayName: 'Functional Role',
	name: 'functionalRole',
	type: 'options',
	// ITSM's documented functional roles; the list is open, so an expression can name any other.
	options: [
		{ name: 'Broadcast Submitter', value: 'Broadcast Submitter' },
		{ name: 'Change Coordinator', value: 'Change Coordinator' },
		{ name: 'Change Manager', value: 'Change Manager' },
		{ name: 'Incident Master', value: 'Incident Master' },
		{ name: 'Problem Coordinator', value: 'Problem Coordinator' },
		{ name: 'Support Group Admin', value: 'Support Group Admin' },
	],
	default: 'Incident Master',
	required: true,
	description: 'The functional role the person holds in this support group',
};

export function groupSummary(group: SupportGroupInfo): IDataObject {
	return {
		supportGroupId: group.id,
		supportGroupName: group.name,
		company: group.company,
		organization: group.organization,
	};
}

/** Group, person and role of a functional-role operation, checked. */
export async function roleTarget(this: IExecuteFunctions, i: number) {
	const group = await resolveSupportGroup.call(this, i);
	const person = await resolvePerson.call(this, i);
	const functionalRole = String(this.getNodeParameter('functionalRole', i) ?? '').trim();
	if (functionalRole === '') {
		throw new NodeOperationError(this.getNode(), 'No Functional Role given', {
			itemIndex: i,
			description: 'Pick a functional role such as Incident Master.',
		});
	}
	const base = { ...membershipSubject(person, group), functionalRole };
	const sameRole = (role: { groupId: string; functionalRole: string }) =>
		role.groupId === group.id && role.functionalRole.toLowerCase() === functionalRole.toLowerCase();
	return { group, person, functionalRole, base, sameRole };
}
