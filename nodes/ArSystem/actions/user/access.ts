/**
 * A person's whole access as Offboard and Copy Access see it: the User entry (login, status,
 * permission groups), the CTM:People record, support group memberships and functional roles.
 * Read once, before anything is planned, so Dry Run and the real run plan from the same state.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { GroupListIntent } from '../../helpers/groupList';
import { applyIntent, intentHolds, parseGroupList } from '../../helpers/groupList';
import { editGroupList } from '../../helpers/groupListEdit';
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
import { getEntry } from '../../transport';
import type { PlannedChange } from '../../helpers/itsm/changes';
import type { FunctionalRole, Membership, PersonRef, SupportGroupInfo } from '../../helpers/itsm/data';
import { entriesForKeys, functionalRolesOf, membershipsOf, supportGroupDirectory } from '../../helpers/itsm/data';
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

const editRetries = new WeakMap<PlannedChange, number>();

/** Group List writes repeated because another writer's change replaced ours (for the report). */
export function groupListRetries(plan: PlannedChange[]): number {
	return plan.reduce((sum, change) => sum + (editRetries.get(change) ?? 0), 0);
}

/**
 * The change to a user's Group List, as an intent (see helpers/groupList.ts): planned on the list
 * as read, applied by re-reading it and verified under concurrent writers, so a group another
 * writer adds or removes meanwhile is neither lost nor undone. Undefined when the list already
 * shows the intent.
 */
export function groupListChange(
	this: IExecuteFunctions,
	access: Access,
	intent: GroupListIntent,
	dirs: Directories,
): PlannedChange | undefined {
	const { metadata, requestId } = access.user;
	const planned = applyIntent(access.groupList, intent);
	if (!planned.changed) return undefined;
	const field = fieldName(metadata, USER_FIELDS.groupList);
	const target = { form: USER_FORM, entryId: requestId, field, label: `user ${access.login}` };
	const view = (list: string) => ({
		groupList: list === '' ? null : list,
		groups: groupsFromTokens(parseGroupList(list), dirs.groups),
	});
	const change: PlannedChange = {
		step: 'permissionGroups',
		action: 'update',
		form: USER_FORM,
		entryId: requestId,
		target: `permission groups of ${access.login}`,
		before: { groupList: access.groupList ?? null, groups: groupsFromTokens(access.groupTokens, dirs.groups) },
		after: view(planned.value),
		write: { [field]: planned.value === '' ? null : planned.value },
		apply: async () => {
			const edit = await editGroupList.call(this, target, intent);
			// What the server shows, which may include other writers' groups.
			change.after = view(edit.after ?? '');
			editRetries.set(change, edit.retries);
		},
		check: async () => {
			const entry = await getEntry.call(this, USER_FORM, requestId, [field]);
			return intentHolds(entry.values[field], intent);
		},
	};
	return change;
}

/** Output fields shared by both reports. */
export function reportHeader(access: Access): IDataObject {
	return {
		_requestId: access.user.requestId,
		loginName: access.login,
		personId: access.people?.ref.personId ?? null,
	};
}
