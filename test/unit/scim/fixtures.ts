/**
 * A User form as the emulator defines it (fields by ID, as the store keeps values) and the same
 * form as the node's metadata sees it, so a filter can be translated by the node and evaluated by
 * the emulator's independent qualification engine.
 */
import type { EntryValues, FieldDef, FormDef } from '../../../emulator/forms/types';
import { compileQualification } from '../../../emulator/qualification';
import { buildFormMetadata } from '../../../nodes/ArSystem/helpers/metadata';
import type { UserForms } from '../../../nodes/ArSystemScim/scim/users';
import type { ArFieldMeta } from '../../../nodes/ArSystem/transport';

export const STATUS_LABELS = ['Current', 'Disabled'];

export const USER_FORM_DEF: FormDef = {
	name: 'User',
	type: 'REGULAR',
	fields: [
		{ id: 1, name: 'Request ID', datatype: 'CHAR', option: 'SYSTEM' },
		{ id: 3, name: 'Create Date', datatype: 'TIME', option: 'SYSTEM' },
		{ id: 6, name: 'Modified Date', datatype: 'TIME', option: 'SYSTEM' },
		{ id: 7, name: 'Status', datatype: 'ENUM', option: 'REQUIRED', enumLabels: STATUS_LABELS },
		{ id: 8, name: 'Full Name', datatype: 'CHAR', option: 'REQUIRED' },
		{ id: 101, name: 'Login Name', datatype: 'CHAR', option: 'REQUIRED' },
		{ id: 102, name: 'Password', datatype: 'CHAR', option: 'OPTIONAL', password: true },
		{ id: 103, name: 'Email Address', datatype: 'CHAR', option: 'OPTIONAL' },
		{ id: 104, name: 'Group List', datatype: 'CHAR', option: 'OPTIONAL' },
		{ id: 536870920, name: 'Employee Number', datatype: 'CHAR', option: 'OPTIONAL' },
	] satisfies FieldDef[],
};

export function userForms(options: { externalId?: boolean } = {}): UserForms {
	const metas: ArFieldMeta[] = USER_FORM_DEF.fields.map((f) => ({
		id: f.id,
		name: f.name,
		datatype: f.datatype,
		field_option: f.option,
		limit: f.enumLabels ? { selection_values: f.enumLabels } : undefined,
	}));
	const user = buildFormMetadata('User', metas);
	return {
		user,
		names: {
			id: 'Request ID',
			login: 'Login Name',
			fullName: 'Full Name',
			email: 'Email Address',
			status: 'Status',
			groupList: 'Group List',
			password: 'Password',
			created: 'Create Date',
			modified: 'Modified Date',
		},
		externalId: options.externalId ? user.byId.get(536870920) : undefined,
		enabled: 'Current',
		disabled: 'Disabled',
	};
}

export interface TestUser {
	id: string;
	login: string;
	fullName?: string;
	email?: string | null;
	status?: number;
	modified?: number;
	employee?: string;
}

export function entryValues(user: TestUser): EntryValues {
	const values: EntryValues = {
		1: user.id,
		3: 1700000000,
		6: user.modified ?? 1700000000,
		7: user.status ?? 0,
		8: user.fullName ?? user.login,
		101: user.login,
	};
	if (user.email !== undefined && user.email !== null) values[103] = user.email;
	if (user.employee !== undefined) values[536870920] = user.employee;
	return values;
}

const CTX = { user: 'Demo', now: 1704067200 };

/** IDs of the users the qualification matches, evaluated by the emulator's engine. */
export function matchingIds(q: string | boolean, users: TestUser[]): string[] {
	if (q === false) return [];
	if (q === true) return users.map((u) => u.id);
	const predicate = compileQualification(q, USER_FORM_DEF, CTX);
	return users.filter((u) => predicate(entryValues(u))).map((u) => u.id);
}
