/**
 * The AR System `Group` form (reference §7). Group ID and Group Name are each a unique index.
 * Field 8's name (Long Group Name) and field 7's labels are UNVERIFIED.
 */
import { char, coreFields, integer, selection } from './spec';
import type { FormSpec } from './spec';

export const GROUP_FORM = 'Group';

export const GroupField = {
	STATUS: 7,
	LONG_NAME: 8,
	GROUP_NAME: 105,
	GROUP_ID: 106,
	GROUP_TYPE: 107,
	GROUP_CATEGORY: 120,
	COMPUTED_QUALIFICATION: 121,
} as const;

export function groupForm(): FormSpec {
	return {
		name: GROUP_FORM,
		type: 'REGULAR',
		uniqueIndexes: [[GroupField.GROUP_ID], [GroupField.GROUP_NAME]],
		fields: [
			...coreFields({
				id: 'Request ID',
				submitter: 'Creator',
				created: 'Create Date',
				modified: 'Modified Date',
			}),
			selection(GroupField.STATUS, 'Status', 'OPTIONAL', ['Current'], 0),
			char(GroupField.LONG_NAME, 'Long Group Name', 'OPTIONAL', 255),
			char(GroupField.GROUP_NAME, 'Group Name', 'REQUIRED', 254),
			integer(GroupField.GROUP_ID, 'Group ID', 'REQUIRED'),
			selection(GroupField.GROUP_TYPE, 'Group Type', 'REQUIRED', ['None', 'View', 'Change'], 1),
			selection(
				GroupField.GROUP_CATEGORY,
				'Group Category',
				'REQUIRED',
				['Regular', 'Dynamic', 'Computed'],
				0,
			),
			char(GroupField.COMPUTED_QUALIFICATION, 'Computed Group Qualification', 'OPTIONAL', 0),
		],
	};
}
