/**
 * The desired identities of a Reconcile: one per input item, read from the node's parameters
 * (expressions on the item), checked and resolved against the server's directories before
 * anything is planned, so a bad roster row fails with its field named and nothing written.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { KeyRule } from '../../../helpers/collation';
import type { GroupRef } from '../../../helpers/groupList';
import { groupIdsFrom } from '../../../helpers/groupDirectory';
import { convertValues } from '../../../helpers/mapping';
import type { FormMetadata } from '../../../helpers/metadata';
import { clip } from '../../../helpers/text';
import type { SupportGroupInfo } from '../../../helpers/itsm/data';

export interface DesiredRole {
	groupId: string;
	role: string;
}

export interface DesiredIdentity {
	/** The input item it came from. */
	index: number;
	login: string;
	fullName?: string;
	email?: string;
	active?: boolean;
	licenseType?: string;
	/** Permission groups; undefined = left alone. */
	groups?: GroupRef[];
	/** Support group IDs; undefined = left alone. */
	supportGroups?: string[];
	roles?: DesiredRole[];
	/** CTM:People values by field name, converted like any write. */
	people?: IDataObject;
}

/** Absent, null and '' all mean "not given": a field not given is left alone. */
const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

function list(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	return String(value)
		.split(/[,;\n]/)
		.map((part) => part.trim())
		.filter((part) => part !== '');
}

function fail(this: IExecuteFunctions, i: number, message: string, description: string): never {
	throw new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
}

function activeFrom(this: IExecuteFunctions, i: number, value: unknown): boolean {
	if (typeof value === 'boolean') return value;
	const text = String(value).trim().toLowerCase();
	if (['true', 'active', 'enabled', 'yes', '1'].includes(text)) return true;
	if (['false', 'inactive', 'disabled', 'no', '0'].includes(text)) return false;
	return fail.call(
		this,
		i,
		`Active: '${clip(String(value))}' is neither active nor inactive`,
		'Use true / false, or active / inactive.',
	);
}

/** A support group by ID, or by a name only one group has (names repeat across companies). */
export function supportGroupIdFrom(
	this: IExecuteFunctions,
	i: number,
	token: string,
	groups: Map<string, SupportGroupInfo>,
): string {
	if (groups.has(token)) return token;
	const named = [...groups.values()].filter((group) => group.name === token);
	if (named.length === 1) return named[0].id;
	if (named.length > 1) {
		return fail.call(
			this,
			i,
			`Support Groups: ${named.length} support groups are named '${clip(token)}'`,
			`Candidates: ${named.map((g) => `${g.id} (${g.company} / ${g.organization})`).join('; ')}. Give the Support Group ID instead.`,
		);
	}
	return fail.call(
		this,
		i,
		`Support Groups: no support group with ID or name '${clip(token)}'`,
		'Use an existing Support Group ID or name; see Support Group → Get Many.',
	);
}

/** "Service Desk / Approver" or `{ supportGroup, role }`: the group before the last `/`. */
function roleFrom(
	this: IExecuteFunctions,
	i: number,
	value: unknown,
	groups: Map<string, SupportGroupInfo>,
): DesiredRole {
	let group: unknown;
	let role: unknown;
	if (value && typeof value === 'object') {
		const row = value as IDataObject;
		group = row.supportGroup ?? row.supportGroupId;
		role = row.role ?? row.functionalRole;
	} else {
		const text = String(value);
		const cut = text.lastIndexOf('/');
		if (cut > 0) [group, role] = [text.slice(0, cut).trim(), text.slice(cut + 1).trim()];
	}
	if (!given(group) || !given(role)) {
		return fail.call(
			this,
			i,
			`Functional Roles: '${clip(JSON.stringify(value))}' names no support group and role`,
			"Write each role as 'Support Group / Role' or as { supportGroup, role }.",
		);
	}
	return { groupId: supportGroupIdFrom.call(this, i, String(group).trim(), groups), role: String(role).trim() };
}

/** People Fields: an object of field name → value (JSON text is parsed). */
function peopleObject(this: IExecuteFunctions, i: number, value: unknown): IDataObject {
	if (!given(value)) return {};
	let parsed = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
		return fail.call(
			this,
			i,
			'People Fields is not an object of CTM:People field names and values',
			'Give e.g. { "Company": "Calbro Services", "Department": "Sales" }.',
		);
	}
	const out: IDataObject = {};
	for (const [name, field] of Object.entries(parsed as IDataObject)) if (given(field)) out[name] = field;
	return out;
}

export interface DesiredContext {
	rule: KeyRule;
	people: FormMetadata;
	groupNames: Map<string, string>;
	/** Undefined on a server without ITSM Foundation forms. */
	supportGroups?: Map<string, SupportGroupInfo>;
}

function itsmGroups(this: IExecuteFunctions, i: number, ctx: DesiredContext, field: string) {
	if (ctx.supportGroups) return ctx.supportGroups;
	return fail.call(
		this,
		i,
		`${field}: this server has no ITSM Foundation forms (CTM:Support Group)`,
		`Leave ${field} empty on a server without BMC Helix ITSM.`,
	);
}

/** Reads item `i`'s desired identity from the node's parameters. */
export async function desiredIdentity(
	this: IExecuteFunctions,
	i: number,
	ctx: DesiredContext,
): Promise<DesiredIdentity> {
	const param = (name: string): unknown => this.getNodeParameter(name, i, undefined);
	const login = String(param('loginName') ?? '').trim();
	if (login === '') {
		fail.call(this, i, 'Login Name is empty', 'Every desired identity needs its Login Name, the key Reconcile matches on.');
	}
	const out: DesiredIdentity = { index: i, login };
	const text = (name: string) => (given(param(name)) ? String(param(name)).trim() : undefined);
	out.fullName = text('fullName');
	out.email = text('email');
	out.licenseType = text('licenseType');
	if (given(param('active'))) out.active = activeFrom.call(this, i, param('active'));
	const groups = param('permissionGroups');
	if (given(groups)) {
		const ids = await groupIdsFrom.call(this, i, list(groups).map(String));
		out.groups = ids.map((id) => ({ id, name: ctx.groupNames.get(id) }));
	}
	const supportGroups = param('supportGroups');
	if (given(supportGroups)) {
		const directory = itsmGroups.call(this, i, ctx, 'Support Groups');
		out.supportGroups = [...new Set(list(supportGroups).map((t) => supportGroupIdFrom.call(this, i, String(t).trim(), directory)))];
	}
	const roles = param('functionalRoles');
	if (given(roles)) {
		const directory = itsmGroups.call(this, i, ctx, 'Functional Roles');
		out.roles = list(roles).map((value) => roleFrom.call(this, i, value, directory));
	}
	const people = peopleObject.call(this, i, param('peopleValues'));
	if (Object.keys(people).length > 0) out.people = convertValues.call(this, i, ctx.people, people, 'update');
	return out;
}

/** Two rows for one login (under the server's collation) would fight: refused, both named. */
export function refuseDuplicates(this: IExecuteFunctions, desired: DesiredIdentity[], rule: KeyRule): void {
	const seen = new Map<string, DesiredIdentity>();
	for (const identity of desired) {
		const first = seen.get(rule.key(identity.login));
		if (first) {
			fail.call(
				this,
				identity.index,
				`Login Name '${clip(identity.login)}' is in the input twice (items ${first.index} and ${identity.index})`,
				`The server compares logins ${rule.collation === 'caseInsensitive' ? 'ignoring case' : 'case-sensitively'}; keep one row per person.`,
			);
		}
		seen.set(rule.key(identity.login), identity);
	}
}
