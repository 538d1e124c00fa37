/**
 * A person's whole access as Offboard and Copy Access see it: the User entry (login, status,
 * permission groups), the CTM:People record, support group memberships and functional roles.
 * Read once, before anything is planned, so Dry Run and the real run plan from the same state.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { parseGroupList } from '../../helpers/groupList';
import type { LocatedEntry } from '../../helpers/identity';
import {
	PEOPLE_FIELDS,
	PEOPLE_FORM,
	USER_FIELDS,
	USER_FORM,
	fieldName,
	groupNames,
	groupsFromTokens,
	groupDirectory,
	locateEntry,
} from '../../helpers/identity';
import type { FormMetadata } from '../../helpers/metadata';
import { getFormMetadata } from '../../helpers/metadata';
import { entryId } from '../../helpers/query';
import type { ArEntry } from '../../transport';
import type { PlannedChange } from '../supportGroup/changes';
import type { FunctionalRole, Membership, SupportGroupInfo } from '../supportGroup/itsm';
import { entriesForKeys, functionalRolesOf, membershipsOf, supportGroupDirectory } from '../supportGroup/itsm';
import type { PersonRef } from '../supportGroup/supportGroup.common';
import { loginOf } from './user.common';

const PEOPLE_FULL_NAME = 1000000017;

export interface Access {
	user: LocatedEntry;
	login: string;
	/** The Group List as stored, and its tokens. */
	groupList: unknown;
	groupTokens: string[];
	people?: { entry: ArEntry; metadata: FormMetadata; ref: PersonRef };
	memberships: Membership[];
	roles: FunctionalRole[];
}

/** Reads the user of locator `parameter` and everything they hold. */
export async function readAccess(this: IExecuteFunctions, i: number, parameter: string): Promise<Access> {
	const metadata = await getFormMetadata.call(this, USER_FORM);
	const user = await locateEntry.call(this, i, {
		parameter,
		form: USER_FORM,
		keys: { list: USER_FIELDS.login, login: USER_FIELDS.login },
		noun: 'user',
	});
	const login = loginOf(metadata, user.entry.values);
	const groupList = user.entry.values[fieldName(metadata, USER_FIELDS.groupList)] ?? null;
	const peopleMetadata = await getFormMetadata.call(this, PEOPLE_FORM);
	const loginField = fieldName(peopleMetadata, PEOPLE_FIELDS.loginId);
	const [people, memberships, roles] = await Promise.all([
		entriesForKeys.call(this, PEOPLE_FORM, PEOPLE_FIELDS.loginId, [login]),
		membershipsOf.call(this, [login]),
		functionalRolesOf.call(this, [login]),
	]);
	// The same login as the server compares it: `JSMITH` is jsmith on a case-insensitive server.
	const person = people.entries.find((entry) => people.rule.same(entry.values[loginField], login));
	const fullNameField = peopleMetadata.byId.get(PEOPLE_FULL_NAME)?.name;
	return {
		user,
		login,
		groupList,
		groupTokens: parseGroupList(groupList),
		people: person && {
			entry: person,
			metadata: peopleMetadata,
			ref: {
				personId: entryId(person, peopleMetadata.idField.name) ?? '',
				loginId: login,
				fullName: fullNameField ? String(person.values[fullNameField] ?? '') : '',
			},
		},
		memberships: memberships.get(login) ?? [],
		roles: roles.get(login) ?? [],
	};
}

export interface Directories {
	groups: ReturnType<typeof groupDirectory>;
	supportGroups: Map<string, SupportGroupInfo>;
}

export async function directories(this: IExecuteFunctions): Promise<Directories> {
	const [names, supportGroups] = await Promise.all([groupNames.call(this), supportGroupDirectory.call(this)]);
	return { groups: groupDirectory(names), supportGroups };
}

/** The change that sets a user's Group List, with the groups named on both sides. */
export function groupListChange(
	access: Access,
	tokens: string[],
	value: string,
	dirs: Directories,
): PlannedChange {
	const { metadata, requestId } = access.user;
	return {
		step: 'permissionGroups',
		action: 'update',
		form: USER_FORM,
		entryId: requestId,
		target: `permission groups of ${access.login}`,
		before: { groupList: access.groupList ?? null, groups: groupsFromTokens(access.groupTokens, dirs.groups) },
		after: { groupList: value === '' ? null : value, groups: groupsFromTokens(tokens, dirs.groups) },
		write: { [fieldName(metadata, USER_FIELDS.groupList)]: value === '' ? null : value },
	};
}

/** Output fields shared by both reports. */
export function reportHeader(access: Access): IDataObject {
	return {
		_requestId: access.user.requestId,
		loginName: access.login,
		personId: access.people?.ref.personId ?? null,
	};
}
