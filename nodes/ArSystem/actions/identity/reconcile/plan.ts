/**
 * The plan of one identity: the changes that bring AR from what it holds (state.ts) to what the
 * input wants (desired.ts), each one write with its before and after, in an order that never
 * strands a dependent record (People before memberships, memberships before roles; roles go
 * before the membership they belong to). Fields not given are left alone, so re-planning after
 * an apply finds nothing to do.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { GroupListIntent } from '../../../helpers/groupList';
import { formatGroupList, parseGroupList } from '../../../helpers/groupList';
import { groupsFromTokens } from '../../../helpers/groupDirectory';
import { PEOPLE_FIELDS, PEOPLE_FORM, USER_FIELDS, USER_FORM, fieldName } from '../../../helpers/identity';
import { equalsQualification } from '../../../helpers/qualification';
import type { PlannedChange } from '../../../helpers/itsm/changes';
import type { PersonRef, SupportGroupInfo } from '../../../helpers/itsm/data';
import { ASSOCIATION_FORM, FUNCTIONAL_ROLE_FORM, MEMBER_FIELDS } from '../../../helpers/itsm/data';
import {
	addMembershipChange,
	addRoleChange,
	removeMembershipChange,
	removeRoleChange,
} from '../../../helpers/itsm/membershipPlan';
import { getFormMetadata } from '../../../helpers/metadata';
import { entryId } from '../../../helpers/query';
import { createEntry } from '../../../transport';
import type { Access, Directories } from '../../user/access';
import { groupListChange } from '../../user/access';
import type { JoinContext } from '../join';
import type { DesiredIdentity } from './desired';
import type { CurrentIdentity } from './state';

export type ReconcileAction = 'create' | 'update' | 'disable' | 'none';

export interface ListRules {
	/** "exact" removes what is not listed; "atLeast" only adds. */
	lists: 'exact' | 'atLeast';
	enabledLabel: string;
	disabledLabel: string;
}

export interface IdentityPlan {
	login: string;
	action: ReconcileAction;
	leaver: boolean;
	index?: number;
	changes: PlannedChange[];
	/** Why something wanted cannot be planned (e.g. support groups without a People record). */
	notes: string[];
}

/** Full Name on CTM:People (and on the membership forms). */
export const PEOPLE_FULL_NAME = 1000000017;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Equal as AR shows them: a value read back is compared as text with the value written. */
const same = (a: unknown, b: unknown) => text(a) === text(b);

/** The user fields the input gives and AR holds differently, as one update (one write). */
function userFieldChanges(
	ctx: JoinContext,
	desired: DesiredIdentity,
	current: CurrentIdentity | undefined,
	rules: ListRules,
): { write: IDataObject; before: IDataObject; after: IDataObject } {
	const wanted: Array<[number, unknown]> = [
		[USER_FIELDS.fullName, desired.fullName],
		[USER_FIELDS.email, desired.email],
		[USER_FIELDS.license, desired.licenseType],
		[USER_FIELDS.status, desired.active === undefined ? undefined : desired.active ? rules.enabledLabel : rules.disabledLabel],
	];
	const write: IDataObject = {};
	const before: IDataObject = {};
	const after: IDataObject = {};
	for (const [id, value] of wanted) {
		if (value === undefined) continue;
		const field = fieldName(ctx.user, id);
		const from = current?.user.values[field] ?? null;
		if (current && same(from, value)) continue;
		write[field] = value as IDataObject[string];
		before[field] = from as IDataObject[string];
		after[field] = value as IDataObject[string];
	}
	return { write, before, after };
}

function listIntent(groups: DesiredIdentity['groups'], rules: ListRules): GroupListIntent {
	return rules.lists === 'exact' ? { add: groups, keepOnly: groups } : { add: groups };
}

function createUserChange(
	ctx: JoinContext,
	desired: DesiredIdentity,
	rules: ListRules,
): PlannedChange {
	const { write, after } = userFieldChanges(ctx, desired, undefined, rules);
	const loginField = fieldName(ctx.user, USER_FIELDS.login);
	const fullName = fieldName(ctx.user, USER_FIELDS.fullName);
	// Full Name is required on the User form; the login stands in until HR sends one.
	write[loginField] = desired.login;
	if (write[fullName] === undefined) write[fullName] = desired.login;
	if (desired.groups?.length) {
		write[fieldName(ctx.user, USER_FIELDS.groupList)] = formatGroupList(desired.groups.map((g) => String(g.id)));
	}
	return {
		step: 'createUser',
		action: 'create',
		form: USER_FORM,
		entryId: null,
		target: `user ${desired.login}`,
		before: null,
		after: {
			...after,
			[loginField]: desired.login,
			[fullName]: write[fullName],
			...(desired.groups?.length ? { groups: groupsFromTokens(desired.groups.map((g) => String(g.id)), ctx.groups) } : {}),
		},
		write,
		match: equalsQualification(loginField, desired.login),
	};
}

/** A People record to create for a new person, when the input gives its fields. */
function createPersonChange(ctx: JoinContext, desired: DesiredIdentity): PlannedChange {
	const write: IDataObject = { ...desired.people, [fieldName(ctx.people, PEOPLE_FIELDS.loginId)]: desired.login };
	const fullName = ctx.people.byId.get(PEOPLE_FULL_NAME)?.name;
	if (fullName && write[fullName] === undefined && desired.fullName) write[fullName] = desired.fullName;
	const change: PlannedChange = {
		step: 'createPerson',
		action: 'create',
		form: PEOPLE_FORM,
		entryId: null,
		target: `person ${desired.login}`,
		before: null,
		after: { ...write },
		write,
		match: equalsQualification(fieldName(ctx.people, PEOPLE_FIELDS.loginId), desired.login),
	};
	return change;
}

function peopleFieldChange(ctx: JoinContext, desired: DesiredIdentity, current: CurrentIdentity): PlannedChange | undefined {
	const person = current.person;
	if (!person || !desired.people) return undefined;
	const write: IDataObject = {};
	const before: IDataObject = {};
	for (const [field, value] of Object.entries(desired.people)) {
		if (same(person.values[field], value)) continue;
		write[field] = value;
		before[field] = (person.values[field] ?? null) as IDataObject[string];
	}
	if (Object.keys(write).length === 0) return undefined;
	return {
		step: 'peopleFields',
		action: 'update',
		form: PEOPLE_FORM,
		entryId: entryId(person, ctx.people.idField.name) ?? '',
		target: `person ${current.login}`,
		before,
		after: { ...write },
		write,
	};
}

/** Memberships and roles to reach the wanted ones; roles of a group that goes, go first. */
function itsmChanges(
	memberForm: Parameters<typeof addMembershipChange>[0],
	roleForm: Parameters<typeof addRoleChange>[0],
	desired: DesiredIdentity,
	current: CurrentIdentity | undefined,
	person: PersonRef,
	groups: Map<string, SupportGroupInfo>,
	rules: ListRules,
): PlannedChange[] {
	const changes: PlannedChange[] = [];
	const memberships = current?.memberships ?? [];
	const roles = current?.roles ?? [];
	const held = new Set(memberships.map((m) => m.groupId));
	const wantedGroups = desired.supportGroups;
	const leaving = new Set(
		wantedGroups && rules.lists === 'exact' ? [...held].filter((id) => !wantedGroups.includes(id)) : [],
	);
	const wantedRoles = desired.roles;
	const roleKey = (groupId: string, role: string) => `${groupId}\u0000${role}`;
	const wantedRoleKeys = new Set((wantedRoles ?? []).map((r) => roleKey(r.groupId, r.role)));
	for (const role of roles) {
		const unlisted = wantedRoles !== undefined && rules.lists === 'exact' && !wantedRoleKeys.has(roleKey(role.groupId, role.functionalRole));
		if (leaving.has(role.groupId) || unlisted) changes.push(removeRoleChange(role, groups));
	}
	for (const membership of memberships) {
		if (leaving.has(membership.groupId)) changes.push(removeMembershipChange(membership, groups));
	}
	let hasDefault = memberships.some((m) => m.isDefault && !leaving.has(m.groupId));
	const member = new Set([...held].filter((id) => !leaving.has(id)));
	// A role needs its membership: a role's group is joined even when Support Groups is not given.
	const toJoin = [...(wantedGroups ?? []), ...(wantedRoles ?? []).map((r) => r.groupId)];
	for (const groupId of toJoin) {
		if (member.has(groupId)) continue;
		member.add(groupId);
		changes.push(addMembershipChange(memberForm, person, groupId, { makeDefault: !hasDefault }, groups));
		hasDefault = true;
	}
	const heldRoles = new Set(roles.map((r) => roleKey(r.groupId, r.functionalRole)));
	for (const role of wantedRoles ?? []) {
		if (heldRoles.has(roleKey(role.groupId, role.role))) continue;
		heldRoles.add(roleKey(role.groupId, role.role));
		changes.push(addRoleChange(roleForm, person, role.groupId, role.role, groups));
	}
	return changes;
}

/** A membership or role of a person created in the same run takes the new Person ID when sent. */
function awaitPersonId(change: PlannedChange, person: PersonRef, personIdField: string): void {
	const planned = { ...change.write };
	Object.defineProperty(change, 'write', {
		enumerable: true,
		get: () => ({ ...planned, [personIdField]: person.personId }),
	});
}

export async function planIdentity(
	this: IExecuteFunctions,
	ctx: JoinContext,
	dirs: Directories,
	desired: DesiredIdentity,
	current: CurrentIdentity | undefined,
	rules: ListRules,
): Promise<IdentityPlan> {
	const changes: PlannedChange[] = [];
	const notes: string[] = [];
	let action: ReconcileAction;
	if (!current) {
		action = 'create';
		changes.push(createUserChange(ctx, desired, rules));
	} else {
		const { write, before, after } = userFieldChanges(ctx, desired, current, rules);
		if (Object.keys(write).length > 0) {
			changes.push({
				step: 'userFields',
				action: 'update',
				form: USER_FORM,
				entryId: current.requestId,
				target: `user ${current.login}`,
				before,
				after,
				write,
			});
		}
		if (desired.groups) {
			const groupList = current.user.values[fieldName(ctx.user, USER_FIELDS.groupList)] ?? null;
			const access = {
				user: { requestId: current.requestId, entry: current.user, metadata: ctx.user },
				login: current.login,
				groupList,
				groupTokens: parseGroupList(groupList),
				memberships: current.memberships,
				roles: current.roles,
			} as Access;
			const change = groupListChange.call(this, access, listIntent(desired.groups, rules), dirs);
			if (change) changes.push(change);
		}
		const statusField = fieldName(ctx.user, USER_FIELDS.status);
		action = changes.length === 0 ? 'none' : 'update';
		if (desired.active === false && current.user.values[statusField] !== rules.disabledLabel) action = 'disable';
	}

	// The People record: updated when it exists, created for a person the input describes.
	let person: PersonRef | undefined;
	let created: PlannedChange | undefined;
	if (current?.person) {
		const change = peopleFieldChange(ctx, desired, current);
		if (change) changes.push(change);
		const fullName = ctx.people.byId.get(PEOPLE_FULL_NAME)?.name;
		person = {
			personId: entryId(current.person, ctx.people.idField.name) ?? '',
			loginId: current.login,
			fullName: fullName ? text(current.person.values[fullName]) : '',
		};
	} else if (desired.people) {
		person = { personId: '', loginId: desired.login, fullName: desired.fullName ?? '' };
		created = createPersonChange(ctx, desired);
		const personRef = person;
		const createdChange = created;
		createdChange.apply = async () => {
			const { requestId } = await createEntry.call(this, PEOPLE_FORM, createdChange.write ?? {});
			createdChange.entryId = requestId ?? null;
			personRef.personId = requestId ?? '';
		};
		changes.push(created);
	}

	const wantsItsm = desired.supportGroups !== undefined || desired.roles !== undefined;
	if (wantsItsm && dirs.supportGroups) {
		if (!person) {
			notes.push(
				'Support Groups and Functional Roles need a CTM:People record: give People Fields (e.g. Company, First Name, Last Name) to create one.',
			);
		} else {
			const [memberForm, roleForm] = await Promise.all([
				getFormMetadata.call(this, ASSOCIATION_FORM),
				getFormMetadata.call(this, FUNCTIONAL_ROLE_FORM),
			]);
			const itsm = itsmChanges(memberForm, roleForm, desired, current, person, dirs.supportGroups, rules);
			const personIdField = fieldName(memberForm, MEMBER_FIELDS.personId);
			if (created) for (const change of itsm) if (change.action === 'create') awaitPersonId(change, person, personIdField);
			changes.push(...itsm);
		}
	}
	if (current && action === 'none' && changes.length > 0) action = 'update';
	return { login: current?.login ?? desired.login, action, leaver: false, index: desired.index, changes, notes };
}

/** A user in scope the input does not list: reported, or disabled when the option says so. */
export function planLeaver(
	ctx: JoinContext,
	current: CurrentIdentity,
	disable: boolean,
	rules: ListRules,
): IdentityPlan {
	const statusField = fieldName(ctx.user, USER_FIELDS.status);
	const status = current.user.values[statusField] ?? null;
	const changes: PlannedChange[] = [];
	if (disable && status !== rules.disabledLabel) {
		changes.push({
			step: 'disableLogin',
			action: 'update',
			form: USER_FORM,
			entryId: current.requestId,
			target: `login ${current.login}`,
			before: { [statusField]: status },
			after: { [statusField]: rules.disabledLabel },
			write: { [statusField]: rules.disabledLabel },
		});
	}
	return {
		login: current.login,
		action: changes.length > 0 ? 'disable' : 'none',
		leaver: true,
		changes,
		notes: disable || status === rules.disabledLabel ? [] : ['Not in the input: reported only (Leavers → Report Only).'],
	};
}
