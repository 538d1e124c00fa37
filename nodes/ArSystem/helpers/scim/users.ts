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

import { statusLabelFor } from '../../actions/user/status';
import { chunkValuesForUrl, anyOfQualification, equalsQualification } from '../qualification';
import { parseGroupList } from '../groupList';
import { PEOPLE_FIELDS, PEOPLE_FORM, USER_FIELDS, USER_FORM, fieldName, findOne } from '../identity';
import { convertValues } from '../mapping';
import type { FormField, FormMetadata } from '../metadata';
import { findField, getFormMetadata } from '../metadata';
import { entryId } from '../query';
import { parseArDateTime } from '../values';
import type { ArEntry } from '../../transport';
import { createEntry, deleteEntry, listEntries, updateEntry } from '../../transport';
import type { ScimContext } from './context';
import { locationOf } from './context';
import { groupDirectory } from './directory';
import { badRequest, notFound, ScimError } from './errors';
import { getIgnoringCase } from './evaluate';
import type { Filter } from './filter';
import { listResponse, listSlice, pageFrom, plausibleId } from './list';
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

const formsCache = new WeakMap<object, Promise<UserForms>>();

export async function userForms(ctx: ScimContext): Promise<UserForms> {
	let pending = formsCache.get(ctx.fn);
	if (!pending) {
		pending = (async () => {
			const user = await getFormMetadata.call(ctx.fn, USER_FORM);
			// CTM:People exists on ITSM servers only; without it, names are not kept.
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
		})();
		pending.catch(() => formsCache.delete(ctx.fn));
		formsCache.set(ctx.fn, pending);
	}
	return await pending;
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

function iso(value: unknown): string | undefined {
	const millis = parseArDateTime(value);
	return millis === undefined ? undefined : new Date(millis).toISOString();
}

function text(value: unknown): string | undefined {
	return value === null || value === undefined || value === '' ? undefined : String(value);
}

async function peopleByLogin(ctx: ScimContext, forms: UserForms, logins: string[]): Promise<Map<string, ArEntry>> {
	const result = new Map<string, ArEntry>();
	const people = forms.people;
	if (!people || logins.length === 0) return result;
	const loginField = fieldName(people, PEOPLE_FIELDS.loginId);
	const fields = [people.idField.name, loginField, ...Object.values(PEOPLE).map((id) => optionalName(people, id)).filter((n): n is string => n !== undefined)];
	for (const chunk of chunkValuesForUrl(PEOPLE_FIELDS.loginId, logins)) {
		const page = await listEntries.call(ctx.fn, PEOPLE_FORM, { q: anyOfQualification(PEOPLE_FIELDS.loginId, chunk), fields, limit: chunk.length * 2 });
		for (const entry of page.entries) result.set(String(entry.values[loginField]), entry);
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
	const created = iso(v[forms.names.created]);
	const modified = iso(v[forms.names.modified]);
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

async function usersToScim(ctx: ScimContext, forms: UserForms, entries: ArEntry[], projection: Projection): Promise<Json[]> {
	const enterprise = ENTERPRISE_SCHEMA.toLowerCase();
	const needPeople =
		wants('User', projection, 'name') ||
		(projection.include
			? [...projection.include].some((k) => k.startsWith(`${enterprise}|`))
			: ['organization', 'department'].some((a) => !projection.exclude.has(`${enterprise}|${a}`)));
	const people = needPeople
		? await peopleByLogin(ctx, forms, entries.map((e) => String(e.values[forms.names.login] ?? '')).filter((l) => l !== ''))
		: new Map<string, ArEntry>();
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
		const resource = userToScim(ctx, forms, entry, people.get(String(entry.values[forms.names.login] ?? '')), groups);
		return project('User', resource, projection);
	});
}

async function findUserEntry(ctx: ScimContext, forms: UserForms, id: string): Promise<ArEntry> {
	const entry = plausibleId(id)
		? await findOne.call(ctx.fn, USER_FORM, equalsQualification(1, id), readFields(forms))
		: undefined;
	if (!entry) throw notFound(`No user with id ${JSON.stringify(id.slice(0, 40))}.`);
	return entry;
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
	const q: Qualification = filter ? filterToQualification(filter, userResolver(forms)) : true;
	const page = pageFrom(query, ctx.settings.maxResults);
	const { total, entries } = await listSlice(ctx, forms.user, q, page, readFields(forms));
	return listResponse(await usersToScim(ctx, forms, entries, projection), total, page);
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

async function assertLoginFree(ctx: ScimContext, forms: UserForms, login: string, exceptId?: string): Promise<void> {
	const existing = await findOne.call(ctx.fn, USER_FORM, equalsQualification(forms.names.login, login), [forms.names.id]);
	const existingId = existing && entryId(existing, forms.names.id);
	if (existing && existingId !== exceptId) {
		throw new ScimError(409, `A user with userName ${JSON.stringify(login)} already exists (id ${existingId}).`, 'uniqueness');
	}
}

function convert(ctx: ScimContext, metadata: FormMetadata, values: IDataObject, mode: 'create' | 'update'): IDataObject {
	return convertValues.call(ctx.fn, ctx.itemIndex, metadata, values, mode);
}

/** Creates, updates or leaves the CTM:People record of `login` so it holds `wanted`. */
async function writePeople(ctx: ScimContext, forms: UserForms, login: string, previousLogin: string, wanted: IDataObject): Promise<void> {
	const people = forms.people;
	if (!people) return;
	const loginField = fieldName(people, PEOPLE_FIELDS.loginId);
	const existing = await findOne.call(ctx.fn, PEOPLE_FORM, equalsQualification(PEOPLE_FIELDS.loginId, previousLogin), [people.idField.name, loginField, ...Object.keys(wanted)]);
	if (existing) {
		const delta = changed({ ...wanted, [loginField]: login }, existing.values);
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

export async function createUser(ctx: ScimContext, body: unknown, projection: Projection): Promise<Json> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a SCIM User object.', 'invalidSyntax');
	const forms = await userForms(ctx);
	const wanted = wantedValues(forms, body as Json);
	const login = String(wanted.user[forms.names.login]);
	await assertLoginFree(ctx, forms, login);
	const values: IDataObject = {};
	for (const [key, value] of Object.entries(wanted.user)) if (value !== null) values[key] = value;
	if (values[forms.names.status] === undefined) values[forms.names.status] = forms.enabled;
	const { requestId } = await createEntry.call(ctx.fn, USER_FORM, convert(ctx, forms.user, values, 'create'));
	const entry = requestId
		? await findUserEntry(ctx, forms, requestId)
		: await findOne.call(ctx.fn, USER_FORM, equalsQualification(forms.names.login, login), readFields(forms));
	if (!entry) throw new ScimError(502, `AR System accepted the user ${JSON.stringify(login)} but it cannot be read back.`);
	await writePeople(ctx, forms, login, login, wanted.people);
	return (await usersToScim(ctx, forms, [entry], projection))[0];
}

async function writeUser(ctx: ScimContext, forms: UserForms, entry: ArEntry, wanted: Wanted, current: Wanted | undefined): Promise<void> {
	const id = entryId(entry, forms.names.id) ?? '';
	const previousLogin = String(entry.values[forms.names.login] ?? '');
	const login = String(wanted.user[forms.names.login]);
	if (login !== previousLogin) await assertLoginFree(ctx, forms, login, id);
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

/** DELETE: disables the login (default) or deletes the User entry; CTM:People is left alone. */
export async function deleteUser(ctx: ScimContext, id: string): Promise<void> {
	const forms = await userForms(ctx);
	const entry = await findUserEntry(ctx, forms, id);
	if (ctx.settings.deleteMode === 'delete') {
		await deleteEntry.call(ctx.fn, USER_FORM, id);
		return;
	}
	if (entry.values[forms.names.status] !== forms.disabled) {
		await updateEntry.call(ctx.fn, USER_FORM, id, { [forms.names.status]: forms.disabled });
	}
}
