/**
 * The AR System `User` form (reference §7). Field IDs are the core reserved IDs from `arstruct.h`;
 * names follow what clients send. Status labels are UNVERIFIED, hence a parameter.
 */
import { char, coreFields, selection } from './spec';
import type { FormSpec } from './spec';

export const USER_FORM = 'User';

export const UserField = {
	REQUEST_ID: 1,
	CREATOR: 2,
	CREATE_DATE: 3,
	LAST_MODIFIED_BY: 5,
	MODIFIED_DATE: 6,
	STATUS: 7,
	FULL_NAME: 8,
	STATUS_HISTORY: 15,
	LOGIN_NAME: 101,
	PASSWORD: 102,
	EMAIL: 103,
	GROUP_LIST: 104,
	DEFAULT_NOTIFY: 108,
	LICENSE_TYPE: 109,
	FULL_TEXT_LICENSE: 110,
	COMPUTED_GROUP_LIST: 119,
	APPLICATION_LICENSE: 122,
} as const;

export const LICENSE_TYPES = ['Read', 'Fixed', 'Floating', 'Restricted Read'];

export function userForm(statusLabels: string[]): FormSpec {
	return {
		name: USER_FORM,
		type: 'REGULAR',
		uniqueIndexes: [[UserField.LOGIN_NAME]],
		uniqueFields: [UserField.LOGIN_NAME],
		fields: [
			...coreFields({
				id: 'Request ID',
				submitter: 'Creator',
				created: 'Create Date',
				modified: 'Modified Date',
			}),
			// Index 0 is the normal, active state (AREasy hint); other indexes block login.
			selection(UserField.STATUS, 'Status', 'REQUIRED', statusLabels, 0),
			char(UserField.FULL_NAME, 'Full Name', 'REQUIRED', 254),
			char(UserField.LOGIN_NAME, 'Login Name', 'REQUIRED', 254),
			char(UserField.PASSWORD, 'Password', 'OPTIONAL', 30, { password: true }),
			char(UserField.EMAIL, 'Email Address', 'OPTIONAL', 255),
			char(UserField.GROUP_LIST, 'Group List', 'OPTIONAL', 4000),
			selection(
				UserField.DEFAULT_NOTIFY,
				'Default Notify Mechanism',
				'REQUIRED',
				['None', 'Alert', 'Email'],
				2,
			),
			selection(UserField.LICENSE_TYPE, 'License Type', 'REQUIRED', LICENSE_TYPES, 0),
			selection(
				UserField.FULL_TEXT_LICENSE,
				'Full Text License Type',
				'REQUIRED',
				['None', 'Fixed', 'Floating'],
				0,
			),
			char(UserField.COMPUTED_GROUP_LIST, 'Computed Group List', 'OPTIONAL', 4000),
			char(UserField.APPLICATION_LICENSE, 'Application License', 'OPTIONAL', 4000),
		],
	};
}
