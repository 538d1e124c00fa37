/**
 * What AR holds for the identities a Reconcile manages: the users of the scope (paged like
 * Identity Get Many) joined per page with their People records, support group memberships and
 * functional roles, plus the desired logins the scope did not return (looked up once, in
 * OR-chunks, so a new hire who already exists outside the scope is updated, never created twice).
 * Requests grow with pages of the scope, not with users.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { KeyedMap } from '../../../helpers/collation';
import type { KeyRule } from '../../../helpers/collation';
import { hasGroup } from '../../../helpers/groupList';
import { USER_FIELDS, USER_FORM, fieldName, groupMembershipQualification } from '../../../helpers/identity';
import type { FormMetadata } from '../../../helpers/metadata';
import { entryId } from '../../../helpers/query';
import type { ArEntry } from '../../../transport';
import { pages } from '../../../transport/pagination';
import type { FunctionalRole, Membership } from '../../../helpers/itsm/data';
import { entriesForKeys, functionalRolesOf, membershipsOf } from '../../../helpers/itsm/data';
import type { JoinContext } from '../join';
import { loginOfUser, peopleFor } from '../join';

export interface CurrentIdentity {
	user: ArEntry;
	requestId: string;
	login: string;
	person?: ArEntry;
	memberships: Membership[];
	roles: FunctionalRole[];
	/** Returned by the scope (a leaver when the input lacks it). */
	inScope: boolean;
}

export type Scope =
	| { kind: 'input' }
	| { kind: 'filter'; q: string }
	| { kind: 'group'; groupId: string; groupName?: string };

const PAGE_SIZE = 1000;

async function joinBatch(
	this: IExecuteFunctions,
	ctx: JoinContext,
	users: ArEntry[],
	contiguous: boolean,
	inScope: boolean,
	into: KeyedMap<CurrentIdentity>,
): Promise<void> {
	if (users.length === 0) return;
	const logins = users.map((user) => loginOfUser(ctx, user));
	const itsm = ctx.supportGroups !== undefined;
	const [people, memberships, roles] = await Promise.all([
		peopleFor.call(this, ctx, logins, contiguous),
		itsm ? membershipsOf.call(this, logins, { contiguous }) : undefined,
		itsm ? functionalRolesOf.call(this, logins, { contiguous }) : undefined,
	]);
	for (const user of users) {
		const login = loginOfUser(ctx, user);
		into.set(login, {
			user,
			requestId: entryId(user, ctx.user.idField.name) ?? '',
			login,
			person: people.get(login),
			memberships: memberships?.get(login) ?? [],
			roles: roles?.get(login) ?? [],
			inScope,
		});
	}
}

/** Users of the scope, then the desired logins it did not return, each joined in batches. */
export async function readCurrent(
	this: IExecuteFunctions,
	ctx: JoinContext,
	scope: Scope,
	desiredLogins: string[],
	rule: KeyRule,
): Promise<KeyedMap<CurrentIdentity>> {
	const current = new KeyedMap<CurrentIdentity>(rule);
	const user: FormMetadata = ctx.user;
	const loginField = fieldName(user, USER_FIELDS.login);
	const idField = user.idField.name;
	if (scope.kind !== 'input') {
		const groupListField = fieldName(user, USER_FIELDS.groupList);
		const q =
			scope.kind === 'filter'
				? scope.q
				: groupMembershipQualification(groupListField, Number(scope.groupId), scope.groupName);
		const batches = pages.call(
			this,
			USER_FORM,
			{ q: q || undefined, sort: [{ field: loginField, direction: 'asc' }] },
			{ idField, pageSize: PAGE_SIZE },
		);
		for await (const page of batches) {
			// The group qualification is a superset (name and ID spellings): keep real holders only.
			const users =
				scope.kind === 'group'
					? page.filter((u) => hasGroup(u.values[groupListField], scope.groupId, scope.groupName))
					: page;
			// An unfiltered page is one run of logins in the server's order: one range query each.
			await joinBatch.call(this, ctx, users, !q, true, current);
		}
	}
	const missing = desiredLogins.filter((login) => !current.has(login));
	if (missing.length > 0) {
		const { entries } = await entriesForKeys.call(this, USER_FORM, USER_FIELDS.login, missing);
		await joinBatch.call(this, ctx, entries, false, scope.kind === 'input', current);
	}
	return current;
}

/** The values of a user or person record as plain data, for before/after. */
export function valueOf(entry: ArEntry | undefined, field: string): IDataObject[string] {
	return (entry?.values[field] ?? null) as IDataObject[string];
}
