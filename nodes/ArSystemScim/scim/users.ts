/**
 * SCIM User ↔ AR System User form + CTM:People (RFC 7643 §4.1, §4.3).
 *
 * | SCIM | AR |
 * | --- | --- |
 * | id | User Request ID (field 1) |
 * | userName | Login Name (101) |
 * | displayName | Full Name (8) |
 * | emails (one, type work, primary) | Email Address (103) |
 * | active | Status (7): the server's enabled label, or its disabled label |
 * | password (write only) | Password (102) |
 * | externalId | the User form field set under Options (not kept when empty) |
 * | name.givenName / familyName / middleName | CTM:People First Name / Last Name / Middle Initial |
 * | enterprise organization / department | CTM:People Organization / Department |
 * | groups (read only) | Group List (104), resolved against the Group form |
 * | meta.created / lastModified | Create Date (3) / Modified Date (6) |
 *
 * Writes compare the wanted AR values with the current ones and send only the differences, so a
 * PATCH that changes nothing writes nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { statusLabelFor } from '../../ArSystem/helpers/statusLabels';
import { anyOfQualification, buildCondition, chunkValuesForUrl, combine, equalsQualification } from '../../ArSystem/helpers/qualification';
import { parseGroupList } from '../../ArSystem/helpers/groupList';
import { PEOPLE_FIELDS, PEOPLE_FORM, USER_FIELDS, USER_FORM, fieldName, findOne } from '../../ArSystem/helpers/identity';
import { convertValues } from '../../ArSystem/helpers/mapping';
import type { FormField, FormMetadata } from '../../ArSystem/helpers/metadata';
import { findField, getFormMetadata } from '../../ArSystem/helpers/metadata';
import { entryId } from '../../ArSystem/helpers/query';
import type { ArEntry } from '../../ArSystem/transport';
import { createEntry, deleteEntry, listEntries, updateEntry } from '../../ArSystem/transport';
import { scimDateTime } from './dates';
import type { ScimContext } from './context';
import { locationOf, toScimError } from './context';
import { BoundedCache, cachedForm, FORM_TTL_MS, remembered } from './memory';
import { groupDirectory } from './directory';
import { badRequest, notFound, ScimError } from './errors';
import { getIgnoringCase } from './evaluate';
import type { Filter } from './filter';
import type { ListSpec } from './list';
import { forgetListings, listResponse, listSlice, pageFrom, plausibleId } from './list';
import { findByLogin, loginKey, sameLogin } from './logins';
import { deletedAmong, forgetDeleted, isDeleted, markDeleted } from './tombstones';
import type { PatchOperation } from './patch';
import { applyPatch } from './patch';
import type { Projection } from './projection';
import { project, wants } from './projection';
import type { Qualification, Resolver } from './toQualification';
import { filterToQualification } from './toQualification';
import { ENTERPRISE_SCHEMA, USER_SCHEMA } from './schemas';

type Json = Record<string, unknown>;

/** CTM:People field IDs of the ITSM data model (names are looked up on the server). */
const PEOPLE = {
	firstName: 1000000019,
	lastName: 1000000018,
	middleInitial: 1000000020,
	company: 1000000001,
	organization: 1000000010,
	department: 200000006,
} as const;

export interface UserForms {
	user: FormMetadata;
	people?: FormMetadata;
	names: { id: string; login: string; fullName: string; email: string; status: string; groupList: string; password: string; created: string; modified: string };
	externalId?: FormField;
	enabled: string;
	disabled: string;
}

function optionalName(metadata: FormMetadata | undefined, id: number): string | undefined {
	return metadata?.byId.get(id)?.name;
}

const formsCache = new BoundedCache<Promise<UserForms>>(16, FORM_TTL_MS);

/** The User (and CTM:People) form as SCIM sees it; per credential and options, for FORM_TTL_MS. */
export async function userForms(ctx: ScimContext): Promise<UserForms> {
	const s = ctx.settings;
	const key = `${ctx.cacheKey}|userForms|${JSON.stringify([s.enabledLabel, s.disabledLabel, s.externalIdField])}`;
	return await remembered(formsCache, key, async () => {
		{
			const user = await cachedForm(ctx, USER_FORM);
			// CTM:People exists on ITSM servers only; without it, names are not kept (and the
			// failed lookup is remembered with the rest, not repeated per request).
			const people = await getFormMetadata.call(ctx.fn, PEOPLE_FORM).catch(() => undefined);
			const name = (id: number) => fieldName(user, id);
			let externalId: FormField | undefined;
			const wantedField = ctx.settings.externalIdField.trim();
			if (wantedField !== '') {
				externalId = findField(user, wantedField);
				if (!externalId) {
					throw new ScimError(
						500,
						`Options → External ID Field: the User form has no field '${wantedField}'. Enter a field name or ID of the User form.`,
					);
				}
			}
			return {
				user,
				people,
				names: {
					id: user.idField.name,
					login: name(USER_FIELDS.login),
					fullName: name(USER_FIELDS.fullName),
					email: name(USER_FIELDS.email),
					status: name(USER_FIELDS.status),
					groupList: name(USER_FIELDS.groupList),
					password: name(USER_FIELDS.password),
					created: name(3),
					modified: name(6),
				},
				externalId,
				enabled: statusLabelFor(user, 'enabled', ctx.settings.enabledLabel),
				disabled: statusLabelFor(user, 'disabled', ctx.settings.disabledLabel),
			};
		}
	});
}

// ---- filters ----------------------------------------------------------------------------------

function field(metadata: FormMetadata, id: number): FormField {
	const found = metadata.byId.get(id);
	if (!found) throw new ScimError(500, `The ${metadata.form} form of this server has no field ${id}.`);
	return found;
}

export function userResolver(forms: UserForms): Resolver {
	return (path, within) => {
		const attr = path.attr.toLowerCase();
		const sub = path.sub?.toLowerCase();
		if (path.schema && path.schema.toLowerCase() === ENTERPRISE_SCHEMA.toLowerCase()) {
			return { kind: 'refused', reason: `Filtering on ${path.attr} is not supported: it lives on CTM:People, not the User form.` };
		}
		if (path.schema && path.schema.toLowerCase() !== USER_SCHEMA.toLowerCase()) {
			return { kind: 'refused', reason: `This server has no schema ${path.schema}.` };
		}
		if (within === 'emails' || within?.toLowerCase() === 'emails') {
			if (attr === 'value') return { kind: 'field', field: field(forms.user, USER_FIELDS.email), type: 'string' };
			if (attr === 'type') return { kind: 'constant', value: 'work' };
			if (attr === 'primary') return { kind: 'constant', value: true };
			return { kind: 'refused', reason: `emails has no sub-attribute ${path.attr}.` };
		}
		if (within) return { kind: 'refused', reason: `Value filters are supported on emails only, not ${within}.` };
		switch (attr) {
			case 'id':
				return sub ? refusedSub(path) : { kind: 'field', field: field(forms.user, 1), type: 'string' };
			case 'username':
				return sub ? refusedSub(path) : { kind: 'field', field: field(forms.user, USER_FIELDS.login), type: 'string' };
			case 'displayname':
				return sub ? refusedSub(path) : { kind: 'field', field: field(forms.user, USER_FIELDS.fullName), type: 'string' };
			case 'active':
				return sub ? refusedSub(path) : { kind: 'status', field: field(forms.user, USER_FIELDS.status), enabledLabel: forms.enabled };
			case 'externalid':
				if (sub) return refusedSub(path);
				return forms.externalId
					? { kind: 'field', field: forms.externalId, type: 'string' }
					: { kind: 'refused', reason: 'externalId is not kept on this server, so it cannot be filtered on. Set Options → External ID Field on the SCIM node.' };
			case 'emails':
				if (sub === undefined) return { kind: 'single', presence: field(forms.user, USER_FIELDS.email) };
				if (sub === 'value') return { kind: 'field', field: field(forms.user, USER_FIELDS.email), type: 'string' };
				if (sub === 'type') return { kind: 'constant', value: 'work' };
				if (sub === 'primary') return { kind: 'constant', value: true };
				return refusedSub(path);
			case 'meta':
				if (sub === 'created') return { kind: 'field', field: field(forms.user, 3), type: 'dateTime' };
				if (sub === 'lastmodified') return { kind: 'field', field: field(forms.user, 6), type: 'dateTime' };
				if (sub === 'resourcetype') return { kind: 'constant', value: 'User' };
				return refusedSub(path);
			case 'name':
				return { kind: 'refused', reason: `Filtering on name.${path.sub ?? ''} is not supported: names live on CTM:People, not the User form. Filter on userName or displayName.` };
			case 'groups':
				return { kind: 'refused', reason: 'Filtering users by groups is not supported; read the group with GET /Groups/{id} instead.' };
			case 'password':
				return { kind: 'refused', reason: 'password cannot be filtered on.' };
			default:
				return { kind: 'refused', reason: `Users have no attribute ${path.attr} on this server.` };
		}
	};
}

function refusedSub(path: { attr: string; sub?: string }) {
	return { kind: 'refused' as const, reason: `${path.attr} has no sub-attribute ${path.sub ?? ''}.` };
}

// ---- reading ----------------------------------------------------------------------------------

function text(value: unknown): string | undefined {
	return value === null || value === undefined || value === '' ? undefined : String(value);
}

function peopleFields(people: FormMetadata): string[] {
	const loginField = fieldName(people, PEOPLE_FIELDS.loginId);
	return [people.idField.name, loginField, ...Object.values(PEOPLE).map((id) => optionalName(people, id)).filter((n): n is string => n !== undefined)];
}

async function peopleByLogin(ctx: ScimContext, forms: UserForms, logins: string[]): Promise<Map<string, ArEntry>> {
	const result = new Map<string, ArEntry>();
	const people = forms.people;
	if (!people || logins.length === 0) return result;
	const loginField = fieldName(people, PEOPLE_FIELDS.loginId);
	const fields = peopleFields(people);
	for (const chunk of chunkValuesForUrl(PEOPLE_FIELDS.loginId, logins)) {
		const page = await listEntries.call(ctx.fn, PEOPLE_FORM, { q: anyOfQualification(PEOPLE_FIELDS.loginId, chunk), fields, limit: chunk.length * 2 });
		for (const entry of page.entries) result.set(loginKey(String(entry.values[loginField])), entry);
	}
	return result;
}

/**
 * CTM:People of a listing window in one request: the window's logins are one range in the order
 * AR sorted them, so `'Remedy Login ID'` between the first and the last finds them all (and some
 * people without a login in the window, which are skipped).
 */
async function peopleOfWindow(ctx: ScimContext, forms: UserForms, entries: ArEntry[]): Promise<Map<string, ArEntry>> {
	const people = forms.people;
	const logins = entries.map((e) => String(e.values[forms.names.login] ?? '')).filter((l) => l !== '');
	if (!people || logins.length === 0) return new Map();
	const loginField = fieldName(people, PEOPLE_FIELDS.loginId);
	const wanted = new Set(logins.map(loginKey));
	const range = combine(
		[
			buildCondition({ field: loginField, operator: 'gte', value: logins[0] }, people.byName.get(loginField)),
			buildCondition({ field: loginField, operator: 'lte', value: logins[logins.length - 1] }, people.byName.get(loginField)),
		],
		'AND',
	);
	const limit = logins.length * 2 + 50;
	const page = await listEntries.call(ctx.fn, PEOPLE_FORM, { q: range, fields: peopleFields(people), limit });
	const result = new Map<string, ArEntry>();
	for (const entry of page.entries) {
		const key = loginKey(String(entry.values[loginField] ?? ''));
		if (wanted.has(key)) result.set(key, entry);
	}
	// A truncated range: the rest by login.
	if (page.entries.length >= limit) {
		const rest = logins.filter((l) => !result.has(loginKey(l)));
		for (const [key, entry] of await peopleByLogin(ctx, forms, rest)) result.set(key, entry);
	}
	return result;
}

/** The SCIM User for an AR User entry (and its CTM:People entry, if any). */
export function userToScim(
	ctx: ScimContext,
	forms: UserForms,
	entry: ArEntry,
	person: ArEntry | undefined,
	groups: Json[] | undefined,
): Json {
	const v = entry.values;
	const id = entryId(entry, forms.names.id) ?? '';
	const resource: Json = { schemas: [USER_SCHEMA], id };
	if (forms.externalId) {
		const external = text(v[forms.externalId.name]);
		if (external !== undefined) resource.externalId = external;
	}
	resource.userName = String(v[forms.names.login] ?? '');
	const people = forms.people;
	if (person && people) {
		const pv = person.values;
		const get = (fieldId: number) => {
			const name = optionalName(people, fieldId);
			return name === undefined ? undefined : text(pv[name]);
		};
		const name: Json = {};
		const given = get(PEOPLE.firstName);
		const family = get(PEOPLE.lastName);
		const middle = get(PEOPLE.middleInitial);
		const formatted = [given, middle, family].filter(Boolean).join(' ');
		if (formatted) name.formatted = formatted;
		if (family !== undefined) name.familyName = family;
		if (given !== undefined) name.givenName = given;
		if (middle !== undefined) name.middleName = middle;
		if (Object.keys(name).length > 0) resource.name = name;
		const enterprise: Json = {};
		const organization = get(PEOPLE.organization);
		const department = get(PEOPLE.department);
		if (organization !== undefined) enterprise.organization = organization;
		if (department !== undefined) enterprise.department = department;
		if (Object.keys(enterprise).length > 0) {
			resource[ENTERPRISE_SCHEMA] = enterprise;
			resource.schemas = [USER_SCHEMA, ENTERPRISE_SCHEMA];
		}
	}
	const displayName = text(v[forms.names.fullName]);
	if (displayName !== undefined) resource.displayName = displayName;
	const email = text(v[forms.names.email]);
	if (email !== undefined) resource.emails = [{ value: email, type: 'work', primary: true }];
	resource.active = v[forms.names.status] === forms.enabled;
	if (groups !== undefined && groups.length > 0) resource.groups = groups;
	const meta: Json = { resourceType: 'User' };
	const created = scimDateTime(v[forms.names.created]);
	const modified = scimDateTime(v[forms.names.modified]);
	if (created) meta.created = created;
	if (modified) meta.lastModified = modified;
	const location = locationOf(ctx, `/Users/${encodeURIComponent(id)}`);
	if (location) meta.location = location;
	resource.meta = meta;
	return resource;
}

function readFields(forms: UserForms): string[] {
	const n = forms.names;
	const names = [n.id, n.login, n.fullName, n.email, n.status, n.groupList, n.created, n.modified];
	if (forms.externalId) names.push(forms.externalId.name);
	return names;
}

function needsPeople(projection: Projection): boolean {
	const enterprise = ENTERPRISE_SCHEMA.toLowerCase();
	return (
		wants('User', projection, 'name') ||
		(projection.include
			? [...projection.include].some((k) => k.startsWith(`${enterprise}|`))
			: ['organization', 'department'].some((a) => !projection.exclude.has(`${enterprise}|${a}`)))
	);
}

async function usersToScim(
	ctx: ScimContext,
	forms: UserForms,
	entries: ArEntry[],
	projection: Projection,
	preloaded?: Map<string, ArEntry>,
): Promise<Json[]> {
	const people = !needsPeople(projection)
		? new Map<string, ArEntry>()
		: (preloaded ??
			(await peopleByLogin(ctx, forms, entries.map((e) => String(e.values[forms.names.login] ?? '')).filter((l) => l !== ''))));
	const directory = wants('User', projection, 'groups') ? await groupDirectory(ctx) : undefined;
	return entries.map((entry) => {
		let groups: Json[] | undefined;
		if (directory) {
			groups = parseGroupList(entry.values[forms.names.groupList]).map((token) => {
				const group = directory.byGroupId.get(token) ?? directory.byName.get(token);
				const item: Json = { value: group?.requestId ?? token, display: group?.name ?? token, type: 'direct' };
				const ref = group && locationOf(ctx, `/Groups/${encodeURIComponent(group.requestId)}`);
				if (ref) item.$ref = ref;
				return item;
			});
		}
		const resource = userToScim(ctx, forms, entry, people.get(loginKey(String(entry.values[forms.names.login] ?? ''))), groups);
		return project('User', resource, projection);
	});
}

/** Whether a user deleted through SCIM is still deleted: tombstoned and still disabled on AR. */
function deletedForScim(ctx: ScimContext, forms: UserForms, entry: ArEntry): boolean {
	const id = entryId(entry, forms.names.id) ?? '';
	if (!isDeleted(ctx, id)) return false;
	if (entry.values[forms.names.status] === forms.disabled) return true;
	// Enabled again on AR by an administrator: a SCIM user again.
	forgetDeleted(ctx, id);
	return false;
}

async function findUserEntry(ctx: ScimContext, forms: UserForms, id: string): Promise<ArEntry> {
	const entry = plausibleId(id)
		? await findOne.call(ctx.fn, USER_FORM, equalsQualification(1, id), readFields(forms))
		: undefined;
	if (!entry || deletedForScim(ctx, forms, entry)) throw notFound(`No user with id ${JSON.stringify(id.slice(0, 40))}.`);
	return entry;
}

/** `userName eq "x"`, the lookup every identity provider makes before a create. */
function userNameEquals(filter: Filter | undefined): string | undefined {
	if (filter?.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
	const { schema, attr, sub } = filter.path;
	if (sub !== undefined || attr.toLowerCase() !== 'username') return undefined;
	if (schema !== undefined && schema.toLowerCase() !== USER_SCHEMA.toLowerCase()) return undefined;
	return filter.value;
}

/** Users whose login is `login` ignoring case (RFC 7643: userName is caseExact false). */
async function usersByLogin(ctx: ScimContext, forms: UserForms, login: string): Promise<ArEntry[]> {
	const found = await findByLogin(ctx, USER_FORM, forms.names.login, login, readFields(forms));
	return found.filter((entry) => !deletedForScim(ctx, forms, entry));
}

export async function getUser(ctx: ScimContext, id: string, projection: Projection): Promise<Json> {
	const forms = await userForms(ctx);
	const entry = await findUserEntry(ctx, forms, id);
	return (await usersToScim(ctx, forms, [entry], projection))[0];
}

export async function listUsers(
	ctx: ScimContext,
	filter: Filter | undefined,
	query: Json,
	projection: Projection,
): Promise<Json> {
	const forms = await userForms(ctx);
	const page = pageFrom(query, ctx.settings.maxResults);
	const login = userNameEquals(filter);
	if (login !== undefined) {
		const found = await usersByLogin(ctx, forms, login);
		const slice = found.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
		return listResponse(await usersToScim(ctx, forms, slice, projection), found.length, page);
	}
	const q: Qualification = filter ? filterToQualification(filter, userResolver(forms)) : true;
	const spec: ListSpec = {
		metadata: forms.user,
		q,
		fields: readFields(forms),
		// By login, so a page's CTM:People records are one range of logins too.
		sortField: forms.names.login,
		hidden: (ids) => deletedAmong(ctx, ids),
	};
	const people = needsPeople(projection) && forms.people ? async (window: ArEntry[]) => await peopleOfWindow(ctx, forms, window) : undefined;
	const { total, entries, extra } = await listSlice(ctx, spec, page, people);
	return listResponse(await usersToScim(ctx, forms, entries, projection, extra), total, page);
}

// ---- writing ----------------------------------------------------------------------------------

interface Wanted {
	user: IDataObject;
	people: IDataObject;
}

function primaryEmail(emails: unknown): string | null {
	if (emails === undefined || emails === null) return null;
	const list = (Array.isArray(emails) ? emails : [emails]).filter((e) => e !== null && e !== undefined);
	const valueOf = (e: unknown) => (typeof e === 'object' ? text(getIgnoringCase(e, 'value')) : text(e));
	const primary = list.find((e) => typeof e === 'object' && getIgnoringCase(e, 'primary') === true);
	const work = list.find((e) => typeof e === 'object' && String(getIgnoringCase(e, 'type') ?? '').toLowerCase() === 'work');
	const chosen = primary ?? work ?? list[0];
	return chosen === undefined ? null : (valueOf(chosen) ?? null);
}

function textAttr(resource: Json, name: string, where: string): string | undefined {
	const value = getIgnoringCase(resource, name);
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw badRequest(`${where} must be text, got ${JSON.stringify(value)}.`);
	return value;
}

function booleanAttr(resource: Json, name: string): boolean | undefined {
	const value = getIgnoringCase(resource, name);
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
	throw badRequest(`${name} must be true or false, got ${JSON.stringify(value)}.`);
}

/**
 * The AR values a SCIM User stands for. Values absent from the resource: for `replace` (PUT and
 * PATCH) the optional ones are cleared (null), for `create` left out; Status and Password are
 * only written when given, and Full Name falls back to the name or the login (it is required).
 */
function wantedValues(forms: UserForms, resource: Json): Wanted {
	const n = forms.names;
	const user: IDataObject = {};
	const people: IDataObject = {};
	const userName = textAttr(resource, 'userName', 'userName');
	if (userName === undefined || userName.trim() === '') {
		throw badRequest('userName is required: it becomes the AR Login Name.');
	}
	user[n.login] = userName;
	const name = getIgnoringCase(resource, 'name');
	const nameObject = typeof name === 'object' && name !== null ? (name as Json) : {};
	const given = textAttr(nameObject, 'givenName', 'name.givenName');
	const family = textAttr(nameObject, 'familyName', 'name.familyName');
	const middle = textAttr(nameObject, 'middleName', 'name.middleName');
	const formatted = textAttr(nameObject, 'formatted', 'name.formatted');
	const displayName = textAttr(resource, 'displayName', 'displayName');
	user[n.fullName] = displayName || formatted || [given, family].filter(Boolean).join(' ') || userName;
	user[n.email] = primaryEmail(getIgnoringCase(resource, 'emails'));
	const active = booleanAttr(resource, 'active');
	if (active !== undefined) user[n.status] = active ? forms.enabled : forms.disabled;
	const password = textAttr(resource, 'password', 'password');
	if (password !== undefined && password !== '') user[n.password] = password;
	if (forms.externalId) user[forms.externalId.name] = textAttr(resource, 'externalId', 'externalId') ?? null;
	const p = forms.people;
	if (p) {
		const set = (fieldId: number, value: string | undefined) => {
			const fieldNameOf = optionalName(p, fieldId);
			if (fieldNameOf !== undefined) people[fieldNameOf] = value ?? null;
		};
		set(PEOPLE.firstName, given);
		set(PEOPLE.lastName, family);
		set(PEOPLE.middleInitial, middle);
		const enterprise = getIgnoringCase(resource, ENTERPRISE_SCHEMA);
		const ext = typeof enterprise === 'object' && enterprise !== null ? (enterprise as Json) : {};
		set(PEOPLE.organization, textAttr(ext, 'organization', 'organization'));
		set(PEOPLE.department, textAttr(ext, 'department', 'department'));
	}
	return { user, people };
}

function changed(wanted: IDataObject, current: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(wanted)) {
		const now = current[key] === undefined || current[key] === '' ? null : current[key];
		if ((value ?? null) !== now) out[key] = value;
	}
	return out;
}

/** The user holding `login` (ignoring case) other than `exceptId`, if any. */
async function otherHolderOf(ctx: ScimContext, forms: UserForms, login: string, exceptId?: string): Promise<ArEntry | undefined> {
	const holders = await findByLogin(ctx, USER_FORM, forms.names.login, login, readFields(forms));
	return holders.find((entry) => entryId(entry, forms.names.id) !== exceptId);
}

function conflict(forms: UserForms, login: string, holder: ArEntry): ScimError {
	const holderLogin = String(holder.values[forms.names.login] ?? '');
	const spelled = holderLogin === login ? '' : ` as ${JSON.stringify(holderLogin)} (userName ignores case)`;
	return new ScimError(409, `A user with userName ${JSON.stringify(login)} already exists${spelled} (id ${entryId(holder, forms.names.id)}).`, 'uniqueness');
}

function convert(ctx: ScimContext, metadata: FormMetadata, values: IDataObject, mode: 'create' | 'update'): IDataObject {
	return convertValues.call(ctx.fn, ctx.itemIndex, metadata, values, mode);
}

/** Creates, updates or leaves the CTM:People record of `login` so it holds `wanted`. */
async function writePeople(ctx: ScimContext, forms: UserForms, login: string, previousLogin: string, wanted: IDataObject): Promise<void> {
	const people = forms.people;
	if (!people) return;
	const loginField = fieldName(people, PEOPLE_FIELDS.loginId);
	const [existing] = await findByLogin(ctx, PEOPLE_FORM, loginField, previousLogin, [people.idField.name, loginField, ...Object.keys(wanted)]);
	if (existing) {
		const delta = changed(wanted, existing.values);
		// The People record follows a login change, not a change of case alone.
		if (!sameLogin(existing.values[loginField], login)) delta[loginField] = login;
		// A required name cannot be cleared; keep what the record has.
		for (const [key, value] of Object.entries(delta)) {
			if (value === null && people.byName.get(key)?.required) delete delta[key];
		}
		if (Object.keys(delta).length > 0) {
			await updateEntry.call(ctx.fn, PEOPLE_FORM, entryId(existing, people.idField.name) ?? '', convert(ctx, people, delta, 'update'));
		}
		return;
	}
	const company = ctx.settings.peopleCompany.trim();
	const hasName = Object.values(wanted).some((v) => v !== null && v !== undefined);
	if (company === '' || !hasName) return;
	const companyField = optionalName(people, PEOPLE.company);
	const values: IDataObject = { [loginField]: login, ...wanted };
	if (companyField) values[companyField] = company;
	for (const key of Object.keys(values)) if (values[key] === null) delete values[key];
	await createEntry.call(ctx.fn, PEOPLE_FORM, convert(ctx, people, values, 'create'));
}

/** SCIM attribute names of the AR fields in `delta`, for the execution's item. */
function attributesOf(forms: UserForms, userDelta: IDataObject, peopleDelta: IDataObject): string[] {
	const n = forms.names;
	const byField: Record<string, string> = {
		[n.login]: 'userName',
		[n.fullName]: 'displayName',
		[n.email]: 'emails',
		[n.status]: 'active',
		[n.password]: 'password',
	};
	if (forms.externalId) byField[forms.externalId.name] = 'externalId';
	const people = forms.people;
	const peopleNames: Record<string, string> = {};
	if (people) {
		const names: Array<[number, string]> = [
			[PEOPLE.firstName, 'name.givenName'],
			[PEOPLE.lastName, 'name.familyName'],
			[PEOPLE.middleInitial, 'name.middleName'],
			[PEOPLE.organization, `${ENTERPRISE_SCHEMA}:organization`],
			[PEOPLE.department, `${ENTERPRISE_SCHEMA}:department`],
		];
		for (const [id, attr] of names) {
			const name = optionalName(people, id);
			if (name !== undefined) peopleNames[name] = attr;
		}
	}
	return [
		...Object.keys(userDelta).map((k) => byField[k] ?? k),
		...Object.keys(peopleDelta).map((k) => peopleNames[k] ?? k),
	].filter((attr, k, all) => all.indexOf(attr) === k);
}

function recordUserChange(ctx: ScimContext, forms: UserForms, id: string, login: string, userDelta: IDataObject, peopleDelta: IDataObject, created = false): void {
	const attributes = attributesOf(forms, userDelta, peopleDelta);
	if (!created && attributes.length === 0) return;
	const status = userDelta[forms.names.status];
	const event = created
		? 'userCreated'
		: status === forms.disabled
			? 'userDeactivated'
			: status === forms.enabled
				? 'userReactivated'
				: 'userUpdated';
	ctx.changes.push({ event, resourceType: 'User', id, name: login, attributes });
	forgetListings(ctx);
}

/**
 * POST /Users. The User entry is written first, then CTM:People; if People refuses (a required
 * ITSM field, say), the new User entry is deleted again, so the identity provider's retry
 * creates the user cleanly instead of meeting a 409 for a half user. A userName deleted through
 * SCIM earlier (kept disabled on AR) is re-created under its old id.
 */
export async function createUser(ctx: ScimContext, body: unknown, projection: Projection): Promise<Json> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a SCIM User object.', 'invalidSyntax');
	const forms = await userForms(ctx);
	const wanted = wantedValues(forms, body as Json);
	const login = String(wanted.user[forms.names.login]);
	const holder = await otherHolderOf(ctx, forms, login);
	if (holder) {
		const holderId = entryId(holder, forms.names.id) ?? '';
		if (!deletedForScim(ctx, forms, holder)) throw conflict(forms, login, holder);
		return await recreateUser(ctx, forms, holder, holderId, wanted, projection);
	}
	const values: IDataObject = {};
	for (const [key, value] of Object.entries(wanted.user)) if (value !== null) values[key] = value;
	if (values[forms.names.status] === undefined) values[forms.names.status] = forms.enabled;
	const { requestId } = await createEntry.call(ctx.fn, USER_FORM, convert(ctx, forms.user, values, 'create'));
	const entry = requestId
		? await findUserEntry(ctx, forms, requestId)
		: await findOne.call(ctx.fn, USER_FORM, equalsQualification(forms.names.login, login), readFields(forms));
	if (!entry) throw new ScimError(502, `AR System accepted the user ${JSON.stringify(login)} but it cannot be read back.`);
	const id = entryId(entry, forms.names.id) ?? '';
	try {
		await writePeople(ctx, forms, login, login, wanted.people);
	} catch (error) {
		await undoCreate(ctx, id, login);
		throw toScimError(error, (text) => ctx.fn.logger?.warn(text));
	}
	recordUserChange(ctx, forms, id, login, values, wanted.people, true);
	return (await usersToScim(ctx, forms, [entry], projection))[0];
}

/** Deletes the User entry a failed create wrote; if that fails too, the log says what is left. */
async function undoCreate(ctx: ScimContext, id: string, login: string): Promise<void> {
	try {
		await deleteEntry.call(ctx.fn, USER_FORM, id);
		forgetListings(ctx);
	} catch (error) {
		ctx.fn.logger?.warn(
			`AR System SCIM: CTM:People refused user ${login}, and the User entry ${id} written before could not be removed (${(error as Error).message}). The identity provider's retry will update it.`,
		);
	}
}

/** A POST of a userName deleted through SCIM: the old entry gets the new values and is enabled. */
async function recreateUser(ctx: ScimContext, forms: UserForms, entry: ArEntry, id: string, wanted: Wanted, projection: Projection): Promise<Json> {
	const user = { ...wanted.user };
	if (user[forms.names.status] === undefined) user[forms.names.status] = forms.enabled;
	const before = (await usersToScim(ctx, forms, [entry], { exclude: new Set() }))[0];
	await writeUser(ctx, forms, entry, { user, people: wanted.people }, wantedValues(forms, before), true);
	forgetDeleted(ctx, id);
	return await getUser(ctx, id, projection);
}

async function writeUser(ctx: ScimContext, forms: UserForms, entry: ArEntry, wanted: Wanted, current: Wanted | undefined, recreated = false): Promise<void> {
	const id = entryId(entry, forms.names.id) ?? '';
	const previousLogin = String(entry.values[forms.names.login] ?? '');
	const login = String(wanted.user[forms.names.login]);
	if (login !== previousLogin) {
		const holder = await otherHolderOf(ctx, forms, login, id);
		if (holder) throw conflict(forms, login, holder);
	}
	// Against the entry itself for User fields; for People against the SCIM view it came from.
	const delta = changed(wanted.user, entry.values);
	if (wanted.user[forms.names.password] !== undefined) delta[forms.names.password] = wanted.user[forms.names.password];
	else delete delta[forms.names.password];
	if (Object.keys(delta).length > 0) {
		await updateEntry.call(ctx.fn, USER_FORM, id, convert(ctx, forms.user, delta, 'update'));
	}
	const peopleDelta = current ? changed(wanted.people, current.people) : wanted.people;
	if (Object.keys(peopleDelta).length > 0 || login !== previousLogin) {
		await writePeople(ctx, forms, login, previousLogin, current ? peopleDelta : wanted.people);
	}
	recordUserChange(ctx, forms, id, login, delta, peopleDelta, recreated);
}

export async function replaceUser(ctx: ScimContext, id: string, body: unknown, projection: Projection): Promise<Json> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a SCIM User object.', 'invalidSyntax');
	const forms = await userForms(ctx);
	const entry = await findUserEntry(ctx, forms, id);
	const before = (await usersToScim(ctx, forms, [entry], { exclude: new Set() }))[0];
	await writeUser(ctx, forms, entry, wantedValues(forms, body as Json), wantedValues(forms, before));
	return await getUser(ctx, id, projection);
}

export async function patchUser(ctx: ScimContext, id: string, operations: PatchOperation[], projection: Projection): Promise<Json> {
	const forms = await userForms(ctx);
	const entry = await findUserEntry(ctx, forms, id);
	const before = (await usersToScim(ctx, forms, [entry], { exclude: new Set() }))[0];
	const { resource } = applyPatch(before, operations, 'User');
	await writeUser(ctx, forms, entry, wantedValues(forms, resource), wantedValues(forms, before));
	return await getUser(ctx, id, projection);
}

/**
 * DELETE: disables the login (default) or deletes the User entry; CTM:People is left alone.
 * Either way the user answers 404 from now on (RFC 7644 §3.6).
 */
export async function deleteUser(ctx: ScimContext, id: string): Promise<void> {
	const forms = await userForms(ctx);
	const entry = await findUserEntry(ctx, forms, id);
	const login = String(entry.values[forms.names.login] ?? '');
	if (ctx.settings.deleteMode === 'delete') {
		await deleteEntry.call(ctx.fn, USER_FORM, id);
	} else {
		if (entry.values[forms.names.status] !== forms.disabled) {
			await updateEntry.call(ctx.fn, USER_FORM, id, { [forms.names.status]: forms.disabled });
		}
		markDeleted(ctx, id);
	}
	ctx.changes.push({ event: 'userDeleted', resourceType: 'User', id, name: login, attributes: [ctx.settings.deleteMode === 'delete' ? 'entryDeleted' : 'active'] });
	forgetListings(ctx);
}
