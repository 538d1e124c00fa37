/**
 * SCIM Group ↔ AR System Group form (RFC 7643 §4.2).
 *
 * `id` is the Group entry's Request ID, `displayName` its Group Name. AR keeps membership on the
 * user, not the group: `members` are the users whose Group List holds the group's Group ID, and
 * adding or removing a member edits that user's Group List exactly as User → Add to Group /
 * Remove From Group do (other groups and the list's format kept, group 1 never confused with 10,
 * nothing written when already in the wanted state). Every member is checked before any write.
 */
import type { IDataObject } from 'n8n-workflow';

import { addGroup, hasGroup, removeGroup } from '../groupList';
import { GROUP_FORM, USER_FIELDS, USER_FORM, fieldName, findOne, groupMembershipQualification } from '../identity';
import { convertValues } from '../mapping';
import type { FormMetadata } from '../metadata';
import { getFormMetadata } from '../metadata';
import { equalsQualification } from '../qualification';
import { entryId } from '../query';
import { parseArDateTime } from '../values';
import type { ArEntry } from '../../transport';
import { createEntry, deleteEntry, updateEntry } from '../../transport';
import { arRequestAllPages } from '../../transport/pagination';
import type { ScimContext } from './context';
import { arNumbers, locationOf, toScimError } from './context';
import type { GroupFields } from './directory';
import { forgetGroupDirectory, groupDirectory, groupFields } from './directory';
import { badRequest, notFound, ScimError } from './errors';
import { getIgnoringCase } from './evaluate';
import type { Filter } from './filter';
import { entriesByIds, listResponse, listSlice, pageFrom, plausibleId } from './list';
import type { PatchOperation } from './patch';
import { applyPatch } from './patch';
import type { Projection } from './projection';
import { project, wants } from './projection';
import type { Qualification, Resolver } from './toQualification';
import { filterToQualification } from './toQualification';
import { GROUP_SCHEMA } from './schemas';

type Json = Record<string, unknown>;

/** The lowest Group ID the bridge gives a new group (AR reserves the low IDs for its own groups). */
const FIRST_NEW_GROUP_ID = 1000;
/** Attempts when two creates pick the same next Group ID at once. */
const CREATE_ATTEMPTS = 3;

function groupResolver(fields: GroupFields): Resolver {
	const field = (id: number) => {
		const found = fields.metadata.byId.get(id);
		if (!found) throw new ScimError(500, `The Group form of this server has no field ${id}.`);
		return found;
	};
	return (path, within) => {
		if (within) return { kind: 'refused', reason: 'Value filters on group attributes are not supported.' };
		if (path.schema && path.schema.toLowerCase() !== GROUP_SCHEMA.toLowerCase()) {
			return { kind: 'refused', reason: `Groups have no schema ${path.schema}.` };
		}
		const attr = path.attr.toLowerCase();
		const sub = path.sub?.toLowerCase();
		if (attr === 'id' && !sub) return { kind: 'field', field: field(1), type: 'string' };
		if (attr === 'displayname' && !sub) return { kind: 'field', field: field(105), type: 'string' };
		if (attr === 'meta' && sub === 'created') return { kind: 'field', field: field(3), type: 'dateTime' };
		if (attr === 'meta' && sub === 'lastmodified') return { kind: 'field', field: field(6), type: 'dateTime' };
		if (attr === 'meta' && sub === 'resourcetype') return { kind: 'constant', value: 'Group' };
		if (attr === 'externalid') {
			return { kind: 'refused', reason: 'externalId of groups is not kept (the Group form has no field for it), so it cannot be filtered on. Filter on displayName.' };
		}
		if (attr === 'members') {
			return { kind: 'refused', reason: "Filtering groups by members is not supported: AR keeps membership in each user's Group List. Read the user's groups with GET /Users/{id}." };
		}
		return { kind: 'refused', reason: `Groups have no attribute ${path.attr}${path.sub ? `.${path.sub}` : ''} on this server.` };
	};
}

interface UserRefs {
	metadata: FormMetadata;
	id: string;
	login: string;
	groupList: string;
}

async function userRefs(ctx: ScimContext): Promise<UserRefs> {
	const metadata = await getFormMetadata.call(ctx.fn, USER_FORM);
	return {
		metadata,
		id: metadata.idField.name,
		login: fieldName(metadata, USER_FIELDS.login),
		groupList: fieldName(metadata, USER_FIELDS.groupList),
	};
}

/** Users whose Group List holds exactly this Group ID. */
async function memberEntries(ctx: ScimContext, refs: UserRefs, groupId: number): Promise<ArEntry[]> {
	const entries = await arRequestAllPages.call(
		ctx.fn,
		USER_FORM,
		{ q: groupMembershipQualification(refs.groupList, groupId), fields: [refs.id, refs.login, refs.groupList] },
		{ idField: refs.id },
	);
	// The LIKE patterns are exact for ID lists; this guards lists that hold names.
	return entries.filter((entry) => hasGroup(entry.values[refs.groupList], groupId));
}

function memberOf(ctx: ScimContext, refs: UserRefs, entry: ArEntry): Json {
	const id = entryId(entry, refs.id) ?? '';
	const member: Json = { value: id, display: String(entry.values[refs.login] ?? ''), type: 'User' };
	const ref = locationOf(ctx, `/Users/${encodeURIComponent(id)}`);
	if (ref) member.$ref = ref;
	return member;
}

function iso(value: unknown): string | undefined {
	const millis = parseArDateTime(value);
	return millis === undefined ? undefined : new Date(millis).toISOString();
}

async function groupToScim(ctx: ScimContext, fields: GroupFields, entry: ArEntry, projection: Projection): Promise<Json> {
	const id = entryId(entry, fields.metadata.idField.name) ?? '';
	const resource: Json = { schemas: [GROUP_SCHEMA], id, displayName: String(entry.values[fields.name] ?? '') };
	if (wants('Group', projection, 'members')) {
		const refs = await userRefs(ctx);
		const members = await memberEntries(ctx, refs, Number(entry.values[fields.id]));
		resource.members = members.map((m) => memberOf(ctx, refs, m));
	}
	const meta: Json = { resourceType: 'Group' };
	const created = iso(entry.values[fieldName(fields.metadata, 3)]);
	const modified = iso(entry.values[fieldName(fields.metadata, 6)]);
	if (created) meta.created = created;
	if (modified) meta.lastModified = modified;
	const location = locationOf(ctx, `/Groups/${encodeURIComponent(id)}`);
	if (location) meta.location = location;
	resource.meta = meta;
	return project('Group', resource, projection);
}

function readFields(fields: GroupFields): string[] {
	return [fields.metadata.idField.name, fields.name, fields.id, fieldName(fields.metadata, 3), fieldName(fields.metadata, 6)];
}

async function findGroupEntry(ctx: ScimContext, fields: GroupFields, id: string): Promise<ArEntry> {
	const entry = plausibleId(id) ? await findOne.call(ctx.fn, GROUP_FORM, equalsQualification(1, id), readFields(fields)) : undefined;
	if (!entry) throw notFound(`No group with id ${JSON.stringify(id.slice(0, 40))}.`);
	return entry;
}

export async function getGroup(ctx: ScimContext, id: string, projection: Projection): Promise<Json> {
	const fields = await groupFields(ctx);
	return await groupToScim(ctx, fields, await findGroupEntry(ctx, fields, id), projection);
}

export async function listGroups(ctx: ScimContext, filter: Filter | undefined, query: Json, projection: Projection): Promise<Json> {
	const fields = await groupFields(ctx);
	const q: Qualification = filter ? filterToQualification(filter, groupResolver(fields)) : true;
	const page = pageFrom(query, ctx.settings.maxResults);
	const { total, entries } = await listSlice(ctx, fields.metadata, q, page, readFields(fields));
	const resources: Json[] = [];
	for (const entry of entries) resources.push(await groupToScim(ctx, fields, entry, projection));
	return listResponse(resources, total, page);
}

// ---- writing ----------------------------------------------------------------------------------

function displayNameOf(resource: Json): string {
	const value = getIgnoringCase(resource, 'displayName');
	if (typeof value !== 'string' || value.trim() === '') {
		throw badRequest('displayName is required: it becomes the AR Group Name.');
	}
	return value;
}

/** The member IDs a resource lists; nested groups are refused (AR groups do not nest). */
function memberIdsOf(resource: Json): string[] {
	const members = getIgnoringCase(resource, 'members');
	if (members === undefined || members === null) return [];
	if (!Array.isArray(members)) throw badRequest('members must be a list of {"value": "<user id>"}.');
	const ids: string[] = [];
	for (const member of members) {
		const value = typeof member === 'object' && member !== null ? getIgnoringCase(member, 'value') : member;
		const type = typeof member === 'object' && member !== null ? getIgnoringCase(member, 'type') : undefined;
		if (typeof value !== 'string' || value === '') throw badRequest('Each member needs a "value": the user id.');
		if (typeof type === 'string' && type.toLowerCase() === 'group') {
			throw badRequest(`Member ${JSON.stringify(value)} is a group; AR System groups cannot contain groups.`);
		}
		if (!ids.includes(value)) ids.push(value);
	}
	return ids;
}

async function assertNameFree(ctx: ScimContext, fields: GroupFields, name: string, exceptId?: string): Promise<void> {
	const existing = await findOne.call(ctx.fn, GROUP_FORM, equalsQualification(fields.name, name), [fields.metadata.idField.name]);
	const existingId = existing && entryId(existing, fields.metadata.idField.name);
	if (existing && existingId !== exceptId) {
		throw new ScimError(409, `A group with displayName ${JSON.stringify(name)} already exists (id ${existingId}).`, 'uniqueness');
	}
}

/**
 * Adds and removes the group on each user's Group List. All users are read (and checked to
 * exist) before the first write, so an unknown member fails the request without a partial change.
 */
async function changeMembers(ctx: ScimContext, groupId: number, add: string[], remove: string[]): Promise<void> {
	if (add.length === 0 && remove.length === 0) return;
	const refs = await userRefs(ctx);
	const ids = [...add, ...remove];
	const entries = await entriesByIds(ctx, refs.metadata, ids, [refs.login, refs.groupList]);
	const found = new Map(entries.map((e) => [entryId(e, refs.id) ?? '', e]));
	const missing = add.filter((id) => !found.has(id));
	if (missing.length > 0) {
		throw badRequest(`No user with id ${missing.slice(0, 5).map((m) => JSON.stringify(m)).join(', ')}; members must be ids of /Users.`);
	}
	for (const id of ids) {
		const entry = found.get(id);
		// Removing someone who no longer exists is already done.
		if (!entry) continue;
		const edit = add.includes(id) ? addGroup : removeGroup;
		const { value, changed } = edit(entry.values[refs.groupList], groupId);
		if (changed) await updateEntry.call(ctx.fn, USER_FORM, id, { [refs.groupList]: value });
	}
}

export async function createGroup(ctx: ScimContext, body: unknown, projection: Projection): Promise<Json> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a SCIM Group object.', 'invalidSyntax');
	const fields = await groupFields(ctx);
	const name = displayNameOf(body as Json);
	const members = memberIdsOf(body as Json);
	await assertNameFree(ctx, fields, name);
	const refs = await userRefs(ctx);
	const known = await entriesByIds(ctx, refs.metadata, members, [refs.login]);
	if (known.length !== members.length) {
		const have = new Set(known.map((e) => entryId(e, refs.id)));
		throw badRequest(`No user with id ${members.filter((m) => !have.has(m)).slice(0, 5).map((m) => JSON.stringify(m)).join(', ')}; members must be ids of /Users.`);
	}
	let requestId: string | undefined;
	let groupId = 0;
	for (let attempt = 1; ; attempt++) {
		forgetGroupDirectory(ctx);
		const directory = await groupDirectory(ctx);
		groupId = Math.max(FIRST_NEW_GROUP_ID - 1, ...[...directory.byGroupId.values()].map((g) => g.groupId).filter(Number.isFinite)) + 1;
		const values: IDataObject = { [fields.name]: name, [fields.id]: groupId };
		if (ctx.settings.groupType.trim() !== '') values[fields.type] = ctx.settings.groupType.trim();
		try {
			({ requestId } = await createEntry.call(ctx.fn, GROUP_FORM, convertValues.call(ctx.fn, ctx.itemIndex, fields.metadata, values, 'create')));
			break;
		} catch (error) {
			// Another create took the same Group ID: pick the next one, unless the name is the clash.
			const duplicate = arNumbers(error).includes(382);
			if (!duplicate || attempt >= CREATE_ATTEMPTS) throw toScimError(error);
			await assertNameFree(ctx, fields, name);
		}
	}
	forgetGroupDirectory(ctx);
	const entry = requestId
		? await findGroupEntry(ctx, fields, requestId)
		: await findOne.call(ctx.fn, GROUP_FORM, equalsQualification(fields.name, name), readFields(fields));
	if (!entry) throw new ScimError(502, `AR System accepted the group ${JSON.stringify(name)} but it cannot be read back.`);
	await changeMembers(ctx, groupId, members, []);
	return await groupToScim(ctx, fields, entry, projection);
}

async function currentGroup(ctx: ScimContext, fields: GroupFields, entry: ArEntry): Promise<Json> {
	return await groupToScim(ctx, fields, entry, { exclude: new Set() });
}

async function writeGroup(ctx: ScimContext, fields: GroupFields, entry: ArEntry, before: Json, after: Json): Promise<void> {
	const id = entryId(entry, fields.metadata.idField.name) ?? '';
	const name = displayNameOf(after);
	const wantedMembers = memberIdsOf(after);
	const currentMembers = memberIdsOf(before);
	const add = wantedMembers.filter((m) => !currentMembers.includes(m));
	const remove = currentMembers.filter((m) => !wantedMembers.includes(m));
	if (name !== before.displayName) {
		await assertNameFree(ctx, fields, name, id);
	}
	// Members first: an unknown member then fails before the rename is written.
	await changeMembers(ctx, Number(entry.values[fields.id]), add, remove);
	if (name !== before.displayName) {
		await updateEntry.call(ctx.fn, GROUP_FORM, id, { [fields.name]: name });
		forgetGroupDirectory(ctx);
	}
}

export async function replaceGroup(ctx: ScimContext, id: string, body: unknown, projection: Projection): Promise<Json> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a SCIM Group object.', 'invalidSyntax');
	const fields = await groupFields(ctx);
	const entry = await findGroupEntry(ctx, fields, id);
	const before = await currentGroup(ctx, fields, entry);
	await writeGroup(ctx, fields, entry, before, { ...(body as Json), members: getIgnoringCase(body, 'members') ?? [] });
	return await getGroup(ctx, id, projection);
}

export async function patchGroup(ctx: ScimContext, id: string, operations: PatchOperation[], projection: Projection): Promise<Json> {
	const fields = await groupFields(ctx);
	const entry = await findGroupEntry(ctx, fields, id);
	const before = await currentGroup(ctx, fields, entry);
	const { resource } = applyPatch(before, operations, 'Group');
	await writeGroup(ctx, fields, entry, before, resource);
	return await getGroup(ctx, id, projection);
}

/** Removes the group from its members' Group Lists, then deletes the Group entry. */
export async function deleteGroup(ctx: ScimContext, id: string): Promise<void> {
	const fields = await groupFields(ctx);
	const entry = await findGroupEntry(ctx, fields, id);
	const groupId = Number(entry.values[fields.id]);
	const refs = await userRefs(ctx);
	const members = await memberEntries(ctx, refs, groupId);
	await changeMembers(ctx, groupId, [], members.map((m) => entryId(m, refs.id) ?? ''));
	await deleteEntry.call(ctx.fn, GROUP_FORM, id);
	forgetGroupDirectory(ctx);
}
