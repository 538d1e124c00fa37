/**
 * ITSM Foundation support groups: the groups (`CTM:Support Group`), who belongs to them
 * (`CTM:Support Group Association`) and the functional roles a member holds in a group
 * (`CTM:SupportGroupFunctionalRole`). Field IDs follow public integrations (see emulator/README.md
 * "ITSM support groups"): AREasy's ARDictionary and its membership / functional-role actions.
 * Names and selection labels marked UNVERIFIED below are plausible, not confirmed.
 */
import { char, coreFields, integer, selection } from './spec';
import type { FormSpec } from './spec';

export const SUPPORT_GROUP_FORM = 'CTM:Support Group';
export const SUPPORT_GROUP_ASSOCIATION_FORM = 'CTM:Support Group Association';
export const FUNCTIONAL_ROLE_FORM = 'CTM:SupportGroupFunctionalRole';

export const SupportGroupField = {
	/** Field 1 is the Support Group ID that other forms store (SGP000000000011). */
	SUPPORT_GROUP_ID: 1,
	STATUS: 7,
	DESCRIPTION: 1000000000,
	COMPANY: 1000000001,
	SUPPORT_ORGANIZATION: 1000000014,
	SUPPORT_GROUP_NAME: 1000000015,
	SUPPORT_GROUP_ROLE: 1000000570,
} as const;

export const SupportGroupAssociationField = {
	LOGIN_ID: 4,
	STATUS: 7,
	FULL_NAME: 1000000017,
	DEFAULT_GROUP: 1000000075,
	SUPPORT_GROUP_ID: 1000000079,
	PERSON_ID: 1000000080,
	ROLE: 1000000401,
} as const;

export const FunctionalRoleField = {
	LOGIN_ID: 4,
	STATUS: 7,
	FULL_NAME: 1000000017,
	SUPPORT_GROUP_ID: 1000000079,
	PERSON_ID: 1000000080,
	FUNCTIONAL_ROLE: 1000000171,
	ASSIGNMENT_AVAILABILITY: 1000000346,
	FUNCTIONAL_ROLE_ID: 1000001859,
} as const;

/** The CTM status set People and support groups share. */
export const FOUNDATION_STATUSES = ['Proposed', 'Enabled', 'Offline', 'Obsolete', 'Archive', 'Delete'];
/** UNVERIFIED labels. */
export const SUPPORT_GROUP_ROLES = ['Line of Business', 'Help Desk', 'Tier 1', 'Tier 2', 'Tier 3'];
/** UNVERIFIED labels; AREasy writes "Member" (its default) into field 1000000401. */
export const ASSOCIATION_ROLES = ['Member', 'Associate Member'];
/** Index 0 = Yes: AREasy writes 0 for "default group". */
export const YES_NO = ['Yes', 'No'];

/**
 * Functional roles by the numeric ID ITSM keeps in SYS:Menu Items. The names are ITSM's
 * documented roles; the numbers are UNVERIFIED.
 */
export const FUNCTIONAL_ROLES: Array<[number, string]> = [
	[1000, 'Incident Master'],
	[2000, 'Problem Coordinator'],
	[3000, 'Change Coordinator'],
	[4000, 'Change Manager'],
	[5000, 'Support Group Admin'],
	[6000, 'Broadcast Submitter'],
];

function foundationCore(id: string) {
	return coreFields({
		id,
		submitter: 'Submitter',
		created: 'Submit Date',
		modified: 'Last Modified Date',
	});
}

export function supportGroupForm(): FormSpec {
	const F = SupportGroupField;
	return {
		name: SUPPORT_GROUP_FORM,
		type: 'REGULAR',
		idPrefix: 'SGP',
		// ITSM refuses a second group of the same name in one company and organization.
		uniqueIndexes: [[F.COMPANY, F.SUPPORT_ORGANIZATION, F.SUPPORT_GROUP_NAME]],
		fields: [
			...foundationCore('Support Group ID'),
			selection(F.STATUS, 'Status', 'REQUIRED', FOUNDATION_STATUSES, 1),
			char(F.DESCRIPTION, 'Description', 'OPTIONAL', 255),
			char(F.COMPANY, 'Company', 'REQUIRED', 254),
			char(F.SUPPORT_ORGANIZATION, 'Support Organization', 'REQUIRED', 60),
			char(F.SUPPORT_GROUP_NAME, 'Support Group Name', 'REQUIRED', 60),
			selection(F.SUPPORT_GROUP_ROLE, 'Support Group Role', 'OPTIONAL', SUPPORT_GROUP_ROLES, 2),
		],
	};
}

export function supportGroupAssociationForm(): FormSpec {
	const F = SupportGroupAssociationField;
	return {
		name: SUPPORT_GROUP_ASSOCIATION_FORM,
		type: 'REGULAR',
		idPrefix: 'SGA',
		// One membership per person and group: a second create is ARERR 382, like ITSM's check.
		uniqueIndexes: [[F.LOGIN_ID, F.SUPPORT_GROUP_ID]],
		fields: [
			...foundationCore('Request ID'),
			char(F.LOGIN_ID, 'Login ID', 'REQUIRED', 254),
			selection(F.STATUS, 'Status', 'OPTIONAL', FOUNDATION_STATUSES, 1),
			char(F.FULL_NAME, 'Full Name', 'OPTIONAL', 254),
			selection(F.DEFAULT_GROUP, 'Default Group (Yes/No)', 'OPTIONAL', YES_NO, 1),
			char(F.SUPPORT_GROUP_ID, 'Support Group ID', 'REQUIRED', 15),
			char(F.PERSON_ID, 'Person ID', 'OPTIONAL', 15),
			selection(F.ROLE, 'Support Group Association Role', 'OPTIONAL', ASSOCIATION_ROLES, 0),
		],
	};
}

export function functionalRoleForm(): FormSpec {
	const F = FunctionalRoleField;
	return {
		name: FUNCTIONAL_ROLE_FORM,
		type: 'REGULAR',
		idPrefix: 'SFR',
		uniqueIndexes: [[F.LOGIN_ID, F.SUPPORT_GROUP_ID, F.FUNCTIONAL_ROLE]],
		fields: [
			...foundationCore('Request ID'),
			char(F.LOGIN_ID, 'Login ID', 'REQUIRED', 254),
			selection(F.STATUS, 'Status', 'OPTIONAL', FOUNDATION_STATUSES, 1),
			char(F.FULL_NAME, 'Full Name', 'OPTIONAL', 254),
			char(F.SUPPORT_GROUP_ID, 'Support Group ID', 'REQUIRED', 15),
			char(F.PERSON_ID, 'Person ID', 'OPTIONAL', 15),
			char(F.FUNCTIONAL_ROLE, 'Functional Role', 'REQUIRED', 60),
			selection(F.ASSIGNMENT_AVAILABILITY, 'Assignment Availability', 'OPTIONAL', YES_NO, 0),
			integer(F.FUNCTIONAL_ROLE_ID, 'Functional Role ID', 'OPTIONAL'),
		],
		hooks: {
			// ITSM fills the role's number from the menu of roles; unknown names keep no number.
			beforeCreate(values) {
				const name = values[F.FUNCTIONAL_ROLE];
				const known = FUNCTIONAL_ROLES.find(([, label]) => label === name);
				if (known) values[F.FUNCTIONAL_ROLE_ID] ??= known[0];
			},
		},
	};
}
