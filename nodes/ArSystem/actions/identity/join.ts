import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { KeyedMap } from '../../helpers/collation';
import { parseGroupList } from '../../helpers/groupList';
import {
	PEOPLE_FIELDS,
	PEOPLE_FORM,
	USER_FIELDS,
	USER_FORM,
	fieldName,
	groupDirectory,
	groupNames,
	groupsFromTokens,
} from '../../helpers/identity';
import type { GroupDirectory } from '../../helpers/identity';
import type { FormMetadata } from '../../helpers/metadata';
import { getFormMetadata } from '../../helpers/metadata';
import type { OutputShape } from '../../helpers/query';
import { entryToItem, outputShape } from '../../helpers/query';
import type { ArEntry } from '../../transport';
import type { FunctionalRole, Membership, OpenTicket, SupportGroupInfo } from '../../helpers/itsm/data';
import {
	entriesForKeys,
	functionalRoleItem,
	functionalRolesOf,
	membershipItem,
	membershipsOf,
	openTicketsOf,
	supportGroupDirectory,
} from '../../helpers/itsm/data';
import { statusLabelFor } from '../user/status';

/**
 * The People fields an identity carries by default: who the person is and how to reach them.
 * CTM:People has hundreds of fields on real servers; Person → Get returns all of them.
 */
const MAIN_PEOPLE_FIELDS = [
	'Person ID',
	'Remedy Login ID',
	'First Name',
	'Last Name',
	'Full Name',
	'Internet E-mail',
	'Phone Number Business',
	'Company',
	'Organization',
	'Department',
	'Site',
	'Profile Status',
	'Support Staff',
	'VIP',
	'Client Type',
];

/** AR answers ARERR 303 (HTTP 404 on most servers) for a form the server does not have. */
function isMissingForm(error: unknown): boolean {
	const e = error as { httpCode?: string; message?: string; description?: string; messages?: unknown };
	const text = `${e?.message ?? ''} ${e?.description ?? ''}`;
	return /\b303\b|form does not exist/i.test(text);
}

/** Identity's Options → Open Tickets: incidents assigned to the person and not yet resolved. */
export const openTicketsOption: INodeProperties = {
	displayName: 'Open Tickets',
	name: 'openTickets',
	type: 'options',
	options: [
		{ name: 'None', value: 'none', description: 'Do not look up tickets' },
		{ name: 'Count', value: 'count', description: 'Add openTicketCount' },
		{ name: 'List', value: 'list', description: 'Add openTicketCount and openTickets (number, status, group)' },
	],
	default: 'none',
	description: 'Open HPD:Help Desk incidents assigned to the person (Assignee Login ID), status before Resolved',
};

export const peopleFieldsField: INodeProperties = {
	displayName: 'People Fields',
	name: 'peopleFields',
	type: 'options',
	options: [
		{
			name: 'Main Fields',
			value: 'main',
			description: 'Name, e-mail, phone, company, organization, department, site, status and flags',
		},
		{ name: 'All Fields', value: 'all', description: 'Every field of the CTM:People record' },
	],
	default: 'main',
	description: 'Which fields of the CTM:People record each identity carries',
};

export interface JoinContext {
	user: FormMetadata;
	people: FormMetadata;
	userShape: OutputShape;
	peopleShape: OutputShape;
	groups: GroupDirectory;
	disabledLabel?: string;
	/** People fields to request; undefined = all. */
	peopleFieldNames?: string[];
	/** Support groups by ID; undefined on a server without ITSM Foundation forms. */
	supportGroups?: Map<string, SupportGroupInfo>;
	openTickets: 'none' | 'count' | 'list';
}

export async function joinContext(this: IExecuteFunctions, i: number): Promise<JoinContext> {
	const [user, people, groups, supportGroups] = await Promise.all([
		getFormMetadata.call(this, USER_FORM),
		getFormMetadata.call(this, PEOPLE_FORM),
		groupNames.call(this),
		supportGroupDirectory.call(this).catch((error: unknown) => {
			if (isMissingForm(error)) return undefined;
			throw error;
		}),
	]);
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	let disabledLabel: string | undefined;
	try {
		disabledLabel = statusLabelFor(user, 'disabled', '');
	} catch {
		// A site with unrecognisable labels: `disabled` then means "not the first (active) label".
		disabledLabel = undefined;
	}
	const main = this.getNodeParameter('peopleFields', i, 'main') === 'main';
	return {
		user,
		people,
		peopleFieldNames: main
			? MAIN_PEOPLE_FIELDS.filter((name) => people.byName.has(name)).concat(
					fieldName(people, PEOPLE_FIELDS.loginId),
				)
			: undefined,
		userShape: outputShape(user),
		peopleShape: outputShape(people),
		groups: groupDirectory(groups),
		disabledLabel,
		supportGroups,
		openTickets: (['count', 'list'].includes(options.openTickets as string) ? options.openTickets : 'none') as
			| 'none'
			| 'count'
			| 'list',
	};
}

/**
 * People records for a batch of users. When the batch is a contiguous run of Login Names (users
 * read sorted by login, no filter) one range query covers it; otherwise the logins are looked up
 * in OR-chunks sized to keep URLs short. Either way requests grow with batches, not users.
 */
export async function peopleFor(
	this: IExecuteFunctions,
	ctx: JoinContext,
	logins: string[],
	contiguous: boolean,
): Promise<KeyedMap<ArEntry>> {
	const loginField = fieldName(ctx.people, PEOPLE_FIELDS.loginId);
	const { entries, rule } = await entriesForKeys.call(this, PEOPLE_FORM, PEOPLE_FIELDS.loginId, logins, {
		contiguous,
		fields: ctx.peopleFieldNames,
	});
	// Keyed under the server's collation: `JSMITH`'s People row is jsmith's where the server says so.
	const byLogin = new KeyedMap<ArEntry>(rule);
	for (const entry of entries) byLogin.set(entry.values[loginField], entry);
	return byLogin;
}

export interface ItsmAccess {
	memberships: KeyedMap<Membership[]>;
	roles: KeyedMap<FunctionalRole[]>;
	tickets?: KeyedMap<OpenTicket[]>;
}

/** Support groups, functional roles and (if asked) open tickets of a batch, batched like People. */
export async function itsmFor(
	this: IExecuteFunctions,
	ctx: JoinContext,
	logins: string[],
	contiguous: boolean,
): Promise<ItsmAccess | undefined> {
	if (!ctx.supportGroups) return undefined;
	const [memberships, roles, tickets] = await Promise.all([
		membershipsOf.call(this, logins, { contiguous }),
		functionalRolesOf.call(this, logins, { contiguous }),
		ctx.openTickets === 'none' ? undefined : openTicketsOf.call(this, logins, contiguous),
	]);
	return { memberships, roles, tickets };
}

/** The joined identity: the user's fields, groups with names, the People record and flags. */
export function identityItem(
	ctx: JoinContext,
	user: ArEntry,
	person: ArEntry | undefined,
	itsm?: ItsmAccess,
): IDataObject {
	const item = entryToItem(user, ctx.userShape, true);
	const status = user.values[fieldName(ctx.user, USER_FIELDS.status)];
	const firstLabel = ctx.user.byId.get(USER_FIELDS.status)?.enumLabels?.[0];
	const disabled = ctx.disabledLabel !== undefined ? status === ctx.disabledLabel : status !== firstLabel;
	const tokens = parseGroupList(user.values[fieldName(ctx.user, USER_FIELDS.groupList)]);
	const login = loginOfUser(ctx, user);
	const out: IDataObject = {
		...item,
		groups: groupsFromTokens(tokens, ctx.groups),
		people: person ? entryToItem(person, ctx.peopleShape, true) : null,
		disabled,
		hasPeopleRecord: person !== undefined,
	};
	// Null (not []) on a server without ITSM Foundation: "no support groups" would be a claim.
	const groups = ctx.supportGroups;
	out.supportGroups = itsm && groups ? (itsm.memberships.get(login) ?? []).map((m) => membershipItem(m, groups)) : null;
	out.functionalRoles = itsm && groups ? (itsm.roles.get(login) ?? []).map((r) => functionalRoleItem(r, groups)) : null;
	if (itsm?.tickets) {
		const tickets = itsm.tickets.get(login) ?? [];
		out.openTicketCount = tickets.length;
		if (ctx.openTickets === 'list') out.openTickets = tickets as unknown as IDataObject[];
	}
	return out;
}

export function loginOfUser(ctx: JoinContext, user: ArEntry): string {
	return String(user.values[fieldName(ctx.user, USER_FIELDS.login)] ?? '');
}
