/**
 * ITSM Foundation data behind a person's working access: support groups (CTM:Support Group),
 * memberships (CTM:Support Group Association), functional roles (CTM:SupportGroupFunctionalRole)
 * and the open incidents assigned to them (HPD:Help Desk). Field IDs are the ones public
 * integrations use (emulator/README.md, "ITSM support groups"); names always come from metadata.
 * Every lookup for many logins is batched into OR-chunks, so requests grow with batches, not people.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { KeyRule, KeyedMap } from '../collation';
import { groupByKey, serverKeyRule } from '../collation';
import { fieldName } from '../identity';
import type { FormMetadata } from '../metadata';
import { getFormMetadata } from '../metadata';
import { entryId } from '../query';
import {
	anyOfQualification,
	buildCondition,
	chunkValuesForUrl,
	combine,
	equalsQualification,
} from '../qualification';
import type { ArEntry } from '../../transport';
import { arRequestAllPages } from '../../transport/pagination';

export const SUPPORT_GROUP_FORM = 'CTM:Support Group';
export const ASSOCIATION_FORM = 'CTM:Support Group Association';
export const FUNCTIONAL_ROLE_FORM = 'CTM:SupportGroupFunctionalRole';
export const HELP_DESK_FORM = 'HPD:Help Desk';

export const SUPPORT_GROUP_FIELDS = {
	id: 1,
	status: 7,
	description: 1000000000,
	company: 1000000001,
	organization: 1000000014,
	name: 1000000015,
	role: 1000000570,
} as const;

/** Shared by the association and functional-role forms. */
export const MEMBER_FIELDS = {
	loginId: 4,
	fullName: 1000000017,
	defaultGroup: 1000000075,
	groupId: 1000000079,
	personId: 1000000080,
	role: 1000000401,
	functionalRole: 1000000171,
} as const;

export const TICKET_FIELDS = {
	id: 1,
	assigneeLoginId: 4,
	status: 7,
	description: 1000000000,
	organization: 1000000014,
	groupId: 1000000079,
	incidentNumber: 1000000161,
	group: 1000000217,
	assignee: 1000000218,
	company: 1000000251,
} as const;

/** A person as memberships name them: ITSM copies the Login ID and Full Name onto each row. */
export interface PersonRef {
	personId: string;
	loginId: string;
	fullName: string;
}

export interface SupportGroupInfo {
	id: string;
	name: string;
	company: string;
	organization: string;
}

export interface Membership {
	requestId: string;
	loginId: string;
	groupId: string;
	role: string | null;
	isDefault: boolean;
}

export interface FunctionalRole {
	requestId: string;
	loginId: string;
	groupId: string;
	functionalRole: string;
}

export interface OpenTicket {
	requestId: string;
	incidentNumber: string | null;
	status: string | null;
	description: string | null;
	assigneeLoginId: string;
	assignedGroup: string | null;
	assignedGroupId: string | null;
}

const str = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const orNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

export function supportGroupFromEntry(metadata: FormMetadata, entry: ArEntry): SupportGroupInfo {
	const F = SUPPORT_GROUP_FIELDS;
	const v = entry.values;
	return {
		id: entryId(entry, metadata.idField.name) ?? '',
		name: str(v[fieldName(metadata, F.name)]),
		company: str(v[fieldName(metadata, F.company)]),
		organization: str(v[fieldName(metadata, F.organization)]),
	};
}

/** Every support group by ID, one listing per execution (cached on the context). */
const directoryCache = new WeakMap<object, Promise<Map<string, SupportGroupInfo>>>();

export async function supportGroupDirectory(
	this: IExecuteFunctions,
): Promise<Map<string, SupportGroupInfo>> {
	let pending = directoryCache.get(this);
	if (!pending) {
		pending = (async () => {
			const metadata = await getFormMetadata.call(this, SUPPORT_GROUP_FORM);
			const F = SUPPORT_GROUP_FIELDS;
			const fields = [F.id, F.name, F.company, F.organization].map((id) => fieldName(metadata, id));
			const entries = await arRequestAllPages.call(
				this,
				SUPPORT_GROUP_FORM,
				{ fields },
				{ idField: metadata.idField.name },
			);
			const groups = entries.map((entry) => supportGroupFromEntry(metadata, entry));
			return new Map(groups.map((group) => [group.id, group]));
		})();
		pending.catch(() => directoryCache.delete(this));
		directoryCache.set(this, pending);
	}
	return await pending;
}

export interface KeyLookup {
	/** ANDed with the key condition. */
	extra?: string;
	fields?: string[];
	/**
	 * The values are one contiguous run in the server's own sort order (a page of users read sorted
	 * by login): one range query between its ends covers them, instead of OR-chunks.
	 */
	contiguous?: boolean;
}

/**
 * Entries of `form` whose `keyId` field is one of `values`: a range query for a contiguous run,
 * otherwise OR-chunks short enough for the URL, each paged in full. Entries outside `values`
 * (a range also covers keys nobody asked for) are dropped. "One of" is the server's collation:
 * on a case-insensitive server a row spelled `JSMITH` is kept for `jsmith` (helpers/collation.ts).
 */
export async function entriesForKeys(
	this: IExecuteFunctions,
	form: string,
	keyId: number,
	values: string[],
	lookup: KeyLookup = {},
): Promise<{ metadata: FormMetadata; entries: ArEntry[]; rule: KeyRule }> {
	const [metadata, rule] = await Promise.all([getFormMetadata.call(this, form), serverKeyRule.call(this)]);
	const key = fieldName(metadata, keyId);
	const wanted = values.filter((value) => value !== '');
	if (wanted.length === 0) return { metadata, entries: [], rule };
	const queries: string[] = [];
	if (lookup.contiguous && wanted.length > 1) {
		const field = metadata.byId.get(keyId);
		queries.push(
			combine(
				[
					buildCondition({ field: key, operator: 'gte', value: wanted[0] }, field),
					buildCondition({ field: key, operator: 'lte', value: wanted[wanted.length - 1] }, field),
				],
				'AND',
			),
		);
	} else {
		const distinct = [...new Map(wanted.map((value) => [rule.key(value), value])).values()];
		for (const chunk of chunkValuesForUrl(key, distinct)) queries.push(anyOfQualification(key, chunk));
	}
	const wantedSet = new Set(wanted.map(rule.key));
	const entries: ArEntry[] = [];
	for (const keyQ of queries) {
		const q = lookup.extra ? combine([keyQ, lookup.extra], 'AND') : keyQ;
		const page = await arRequestAllPages.call(
			this,
			form,
			{ q, fields: lookup.fields && [...new Set([...lookup.fields, key])] },
			{ idField: metadata.idField.name },
		);
		for (const entry of page) if (wantedSet.has(rule.key(entry.values[key]))) entries.push(entry);
	}
	return { metadata, entries, rule };
}

function defaultFlag(metadata: FormMetadata, value: unknown): boolean {
	// Selection "Yes"/"No"; some servers send the index (0 = Yes).
	if (value === 0 || value === '0') return true;
	const labels = metadata.byId.get(MEMBER_FIELDS.defaultGroup)?.enumLabels ?? [];
	return typeof value === 'string' && (value.toLowerCase() === 'yes' || labels.indexOf(value) === 0);
}

/** Support group memberships of many logins, by login (under the server's collation). */
export async function membershipsOf(
	this: IExecuteFunctions,
	logins: string[],
	lookup: KeyLookup = {},
): Promise<KeyedMap<Membership[]>> {
	const { metadata, entries, rule } = await entriesForKeys.call(this, ASSOCIATION_FORM, MEMBER_FIELDS.loginId, logins, lookup);
	const F = MEMBER_FIELDS;
	const name = (id: number) => fieldName(metadata, id);
	const roleName = metadata.byId.get(F.role)?.name;
	return groupByKey(
		rule,
		entries.map((entry) => ({
			requestId: entryId(entry, metadata.idField.name) ?? '',
			loginId: str(entry.values[name(F.loginId)]),
			groupId: str(entry.values[name(F.groupId)]),
			role: roleName ? orNull(entry.values[roleName]) : null,
			isDefault: defaultFlag(metadata, entry.values[name(F.defaultGroup)]),
		})),
		(row) => row.loginId,
	);
}

/** Functional roles of many logins, by login (under the server's collation). */
export async function functionalRolesOf(
	this: IExecuteFunctions,
	logins: string[],
	lookup: KeyLookup = {},
): Promise<KeyedMap<FunctionalRole[]>> {
	const { metadata, entries, rule } = await entriesForKeys.call(this, FUNCTIONAL_ROLE_FORM, MEMBER_FIELDS.loginId, logins, lookup);
	const F = MEMBER_FIELDS;
	const name = (id: number) => fieldName(metadata, id);
	return groupByKey(
		rule,
		entries.map((entry) => ({
			requestId: entryId(entry, metadata.idField.name) ?? '',
			loginId: str(entry.values[name(F.loginId)]),
			groupId: str(entry.values[name(F.groupId)]),
			functionalRole: str(entry.values[name(F.functionalRole)]),
		})),
		(row) => row.loginId,
	);
}

/**
 * Incident statuses that count as open: every label before Resolved (New, Assigned, In Progress,
 * Pending on ITSM). A server without a Resolved label counts all but Resolved/Closed/Cancelled.
 */
export function openStatuses(metadata: FormMetadata): string[] {
	const labels = (metadata.byId.get(TICKET_FIELDS.status)?.enumLabels ?? []).filter((l) => l !== '');
	const resolved = labels.findIndex((label) => /^resolved$/i.test(label));
	if (resolved > 0) return labels.slice(0, resolved);
	return labels.filter((label) => !/^(resolved|closed|cancell?ed|rejected)$/i.test(label));
}

/** Open incidents assigned to any of `logins`, by assignee login (under the server's collation). */
export async function openTicketsOf(
	this: IExecuteFunctions,
	logins: string[],
	contiguous = false,
): Promise<KeyedMap<OpenTicket[]>> {
	const metadata = await getFormMetadata.call(this, HELP_DESK_FORM);
	const F = TICKET_FIELDS;
	const name = (id: number) => fieldName(metadata, id);
	const statuses = openStatuses(metadata);
	const fields = [F.id, F.assigneeLoginId, F.status, F.description, F.incidentNumber, F.group, F.groupId]
		.filter((id) => metadata.byId.has(id))
		.map(name);
	const { entries, rule } = await entriesForKeys.call(this, HELP_DESK_FORM, F.assigneeLoginId, logins, {
		extra: anyOfQualification(name(F.status), statuses),
		fields,
		contiguous,
	});
	const optional = (id: number, entry: ArEntry) =>
		metadata.byId.has(id) ? orNull(entry.values[name(id)]) : null;
	return groupByKey(
		rule,
		entries.map(
			(entry): OpenTicket => ({
				requestId: entryId(entry, metadata.idField.name) ?? '',
				incidentNumber: optional(F.incidentNumber, entry),
				status: optional(F.status, entry),
				description: optional(F.description, entry),
				assigneeLoginId: str(entry.values[name(F.assigneeLoginId)]),
				assignedGroup: optional(F.group, entry),
				assignedGroupId: optional(F.groupId, entry),
			}),
		),
		(ticket) => ticket.assigneeLoginId,
	);
}

/** A membership as an identity shows it: the group's name, company and organization joined in. */
export function membershipItem(membership: Membership, groups: Map<string, SupportGroupInfo>): IDataObject {
	const group = groups.get(membership.groupId);
	return {
		id: membership.groupId,
		name: group?.name ?? null,
		company: group?.company ?? null,
		organization: group?.organization ?? null,
		role: membership.role,
		default: membership.isDefault,
	};
}

export function functionalRoleItem(role: FunctionalRole, groups: Map<string, SupportGroupInfo>): IDataObject {
	return {
		functionalRole: role.functionalRole,
		supportGroupId: role.groupId,
		supportGroupName: groups.get(role.groupId)?.name ?? null,
	};
}

/** `'Login ID' = "x" AND 'Support Group ID' = "y"` on a membership form. */
export function memberQualification(metadata: FormMetadata, loginId: string, groupId: string): string {
	return combine(
		[
			equalsQualification(fieldName(metadata, MEMBER_FIELDS.loginId), loginId),
			equalsQualification(fieldName(metadata, MEMBER_FIELDS.groupId), groupId),
		],
		'AND',
	);
}
