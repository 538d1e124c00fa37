/**
 * ITSM Foundation `CTM:People` (reference §7). IDs up to 200 follow the recorded key order; the
 * 10000000xx / 2xxxxxxxx IDs of the ITSM fields are UNVERIFIED but plausible. A small filter fills
 * Full Name and the instance ID the way ITSM workflow does.
 */
import { char, coreFields, selection } from './spec';
import type { FormSpec } from './spec';
import type { EntryValues } from './types';

export const PEOPLE_FORM = 'CTM:People';

export const PeopleField = {
	PERSON_ID: 1,
	REMEDY_LOGIN_ID: 4,
	PROFILE_STATUS: 7,
	SHORT_DESCRIPTION: 8,
	PASSWORD: 102,
	DEFAULT_NOTIFY: 108,
	LICENSE_TYPE: 109,
	FULL_TEXT_LICENSE: 110,
	ASSIGNEE_GROUPS: 112,
	INSTANCE_ID: 179,
	COMPANY: 1000000001,
	ORGANIZATION: 1000000010,
	FULL_NAME: 1000000017,
	LAST_NAME: 1000000018,
	FIRST_NAME: 1000000019,
	MIDDLE_INITIAL: 1000000020,
	CLIENT_TYPE: 1000000022,
	SUPPORT_STAFF: 1000000025,
	VIP: 1000000027,
	CLIENT_SENSITIVITY: 1000000029,
	INTERNET_EMAIL: 1000000048,
	PHONE: 1000000056,
	UNRESTRICTED_ACCESS: 1000000346,
	ASSIGNMENT_AVAILABILITY: 1000000347,
	DEPARTMENT: 200000006,
	SITE_GROUP: 200000007,
	REGION: 200000012,
	SITE: 260000001,
} as const;

export const PROFILE_STATUSES = ['Proposed', 'Enabled', 'Offline', 'Obsolete', 'Archive', 'Delete'];
const YES_NO = ['Yes', 'No'];

export const CLIENT_TYPES = [
	'Office-Based Employee',
	'Field-Based Employee',
	'Home-Based Employee',
	'Contractor',
	'Customer',
	'Prospect',
	'Vendor',
];

/** A GUID-looking instance ID like the recorded `AG0050560C63F2E1pSRAl5svAA5h4A` (30 chars). */
export function instanceId(n: number): string {
	return `AG00505601${n.toString(36).toUpperCase().padStart(20, '0')}`;
}

export function peopleForm(): FormSpec {
	return {
		name: PEOPLE_FORM,
		type: 'REGULAR',
		idPrefix: 'PPL',
		uniqueIndexes: [[PeopleField.REMEDY_LOGIN_ID]],
		fields: [
			...coreFields({
				id: 'Person ID',
				submitter: 'Submitter',
				created: 'Submit Date',
				modified: 'Last Modified Date',
			}),
			char(PeopleField.REMEDY_LOGIN_ID, 'Remedy Login ID', 'OPTIONAL', 254),
			selection(PeopleField.PROFILE_STATUS, 'Profile Status', 'REQUIRED', PROFILE_STATUSES, 1),
			char(PeopleField.SHORT_DESCRIPTION, 'Short Description', 'REQUIRED', 254, {
				defaultValue: '.',
			}),
			char(PeopleField.PASSWORD, 'Password', 'OPTIONAL', 30, { password: true }),
			selection(
				PeopleField.DEFAULT_NOTIFY,
				'Default Notify Mechanism',
				'OPTIONAL',
				['None', 'Alert', 'E-mail'],
				2,
			),
			selection(
				PeopleField.LICENSE_TYPE,
				'License Type',
				'OPTIONAL',
				['Read', 'Fixed', 'Floating'],
				0,
			),
			selection(
				PeopleField.FULL_TEXT_LICENSE,
				'Full Text License Type',
				'OPTIONAL',
				['None', 'Fixed', 'Floating'],
				0,
			),
			char(PeopleField.ASSIGNEE_GROUPS, 'Assignee Groups', 'OPTIONAL', 4000),
			char(PeopleField.INSTANCE_ID, 'instanceId', 'SYSTEM', 38),
			char(PeopleField.COMPANY, 'Company', 'REQUIRED', 254),
			char(PeopleField.ORGANIZATION, 'Organization', 'OPTIONAL', 60),
			char(PeopleField.FULL_NAME, 'Full Name', 'OPTIONAL', 254),
			char(PeopleField.LAST_NAME, 'Last Name', 'REQUIRED', 60),
			char(PeopleField.FIRST_NAME, 'First Name', 'REQUIRED', 60),
			char(PeopleField.MIDDLE_INITIAL, 'Middle Initial', 'OPTIONAL', 60),
			selection(PeopleField.CLIENT_TYPE, 'Client Type', 'REQUIRED', CLIENT_TYPES, 0),
			selection(PeopleField.SUPPORT_STAFF, 'Support Staff', 'REQUIRED', YES_NO, 1),
			selection(PeopleField.VIP, 'VIP', 'REQUIRED', YES_NO, 1),
			selection(
				PeopleField.CLIENT_SENSITIVITY,
				'Client Sensitivity',
				'REQUIRED',
				['Sensitive', 'Standard'],
				1,
			),
			char(PeopleField.INTERNET_EMAIL, 'Internet E-mail', 'OPTIONAL', 255),
			char(PeopleField.PHONE, 'Phone Number Business', 'OPTIONAL', 50),
			selection(PeopleField.UNRESTRICTED_ACCESS, 'Unrestricted Access', 'OPTIONAL', YES_NO, 1),
			selection(
				PeopleField.ASSIGNMENT_AVAILABILITY,
				'Assignment Availability',
				'OPTIONAL',
				YES_NO,
				0,
			),
			char(PeopleField.DEPARTMENT, 'Department', 'OPTIONAL', 60),
			char(PeopleField.SITE_GROUP, 'Site Group', 'OPTIONAL', 60),
			char(PeopleField.REGION, 'Region', 'OPTIONAL', 60),
			char(PeopleField.SITE, 'Site', 'OPTIONAL', 60),
		],
		hooks: {
			beforeCreate(values, ctx) {
				fillFullName(values);
				values[PeopleField.INSTANCE_ID] ??= instanceId(ctx.nextNumber('people-instance'));
			},
			beforeModify(values) {
				fillFullName(values, true);
			},
		},
	};
}

function fillFullName(values: EntryValues, recompute = false): void {
	if (!recompute && values[PeopleField.FULL_NAME] != null) return;
	const parts = [values[PeopleField.FIRST_NAME], values[PeopleField.LAST_NAME]].filter(
		(p): p is string => typeof p === 'string' && p !== '',
	);
	if (parts.length > 0) values[PeopleField.FULL_NAME] = parts.join(' ');
}
