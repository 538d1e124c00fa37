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

import { hasGroup } from '../../ArSystem/helpers/groupList';
import { GROUP_FORM, USER_FORM, fieldName, findOne, groupMembershipQualification } from '../../ArSystem/helpers/identity';
import { convertValues } from '../../ArSystem/helpers/mapping';
import type { FormMetadata } from '../../ArSystem/helpers/metadata';
import { equalsQualification } from '../../ArSystem/helpers/qualification';
import { entryId } from '../../ArSystem/helpers/query';
import type { ArEntry } from '../../ArSystem/transport';
import { createEntry, deleteEntry, updateEntry } from '../../ArSystem/transport';
import { arRequestAllPages } from '../../ArSystem/transport/pagination';
import type { ScimChange, ScimContext } from './context';
import { scimDateTime } from './dates';
import { arNumbers, locationOf, toScimError } from './context';
import type { GroupFields } from './directory';
import { forgetGroupDirectory, groupDirectory, groupFields } from './directory';
import { badRequest, notFound, ScimError } from './errors';
import { getIgnoringCase } from './evaluate';
import type { Filter } from './filter';
import type { GroupRef } from './groupEdits';
import { editGroupList } from './groupEdits';
import type { ListSpec } from './list';
import { entriesByIds, forgetListings, listResponse, listSlice, pageFrom, plausibleId } from './list';
import { deletedAmong } from './tombstones';
import { userForms } from './users';
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
	status: string;
	disabled: string;
}

async function userRefs(ctx: ScimContext): Promise<UserRefs> {
	const forms = await userForms(ctx);
	return {
		metadata: forms.user,
		id: forms.names.id,
		login: forms.names.login,
		groupList: forms.names.groupList,
		status: forms.names.status,
		disabled: forms.disabled,
	};
}

/** The group as Group Lists may hold it: by Group ID or by name. */
function groupRefOf(fields: GroupFields, entry: ArEntry): GroupRef {
	return { groupId: Number(entry.values[fields.id]), name: String(entry.values[fields.name] ?? '') };
}

/** Users whose Group List holds the group, by Group ID or by name; users deleted for SCIM left out. */
async function memberEntries(ctx: ScimContext, refs: UserRefs, group: GroupRef): Promise<ArEntry[]> {
	const entries = await arRequestAllPages.call(
		ctx.fn,
		USER_FORM,
		{ q: groupMembershipQualification(refs.groupList, group.groupId, group.name), fields: [refs.id, refs.login, refs.groupList, refs.status] },
		{ idField: refs.id },
	);
	// LIKE patterns find candidates; the parsed list decides (group 1 is not 10).
	const members = entries.filter((entry) => hasGroup(entry.values[refs.groupList], group.groupId, group.name));
	const deleted = deletedAmong(ctx, members.map((m) => entryId(m, refs.id) ?? ''));
	return members.filter((m) => !(deleted.has(entryId(m, refs.id) ?? '') && m.values[refs.status] === refs.disabled));
}

function memberOf(ctx: ScimContext, refs: UserRefs, entry: ArEntry): Json {
	const id = entryId(entry, refs.id) ?? '';
	const member: Json = { value: id, display: String(entry.values[refs.login] ?? ''), type: 'User' };
	const ref = locationOf(ctx, `/Users/${encodeURIComponent(id)}`);
	if (ref) member.$ref = ref;
	return member;
}

async function groupToScim(ctx: ScimContext, fields: GroupFields, entry: ArEntry, projection: Projection): Promise<Json> {
	const id = entryId(entry, fields.metadata.idField.name) ?? '';
	const resource: Json = { schemas: [GROUP_SCHEMA], id, displayName: String(entry.values[fields.name] ?? '') };
	if (wants('Group', projection, 'members')) {
		const refs = await userRefs(ctx);
		const members = await memberEntries(ctx, refs, groupRefOf(fields, entry));
		resource.members = members.map((m) => memberOf(ctx, refs, m));
	}
	const meta: Json = { resourceType: 'Group' };
	const created = scimDateTime(entry.values[fieldName(fields.metadata, 3)]);
	const modified = scimDateTime(entry.values[fieldName(fields.metadata, 6)]);
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
	const spec: ListSpec = { metadata: fields.metadata, q, fields: readFields(fields), sortField: fields.metadata.idField.name };
	const { total, entries } = await listSlice(ctx, spec, page);
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
 * Adds and removes the group on each user's Group List, reading only those users. All of them
 * are read (and checked to exist) before the first write, so an unknown member fails the request
 * without a partial change. Returns the ids whose list really changed.
 */
async function changeMembers(
	ctx: ScimContext,
	group: GroupRef,
	add: string[],
	remove: string[],
): Promise<{ added: string[]; removed: string[] }> {
	const done = { added: [] as string[], removed: [] as string[] };
	if (add.length === 0 && remove.length === 0) return done;
	const refs = await userRefs(ctx);
	const entries = await entriesByIds(ctx, refs.metadata, [...add, ...remove], [refs.login, refs.status]);
	const found = new Map(entries.map((e) => [entryId(e, refs.id) ?? '', e]));
	const deleted = deletedAmong(ctx, add);
	const missing = add.filter((id) => !found.has(id) || (deleted.has(id) && found.get(id)?.values[refs.status] === refs.disabled));
	if (missing.length > 0) {
		throw badRequest(`No user with id ${missing.slice(0, 5).map((m) => JSON.stringify(m)).join(', ')}; members must be ids of /Users.`);
	}
	for (const id of add) {
		if (await editGroupList(ctx, id, refs.groupList, group, 'add')) done.added.push(id);
	}
	for (const id of remove) {
		// Removing someone who no longer exists is already done.
		if (!found.has(id)) continue;
		if (await editGroupList(ctx, id, refs.groupList, group, 'remove')) done.removed.push(id);
	}
	return done;
}

function recordGroupChange(ctx: ScimContext, event: ScimChange['event'], id: string, name: string, extra: Partial<ScimChange> = {}): void {
	ctx.changes.push({ event, resourceType: 'Group', id, name, ...extra });
	forgetListings(ctx);
}

function recordMembership(ctx: ScimContext, id: string, name: string, done: { added: string[]; removed: string[] }): void {
	if (done.added.length === 0 && done.removed.length === 0) return;
	recordGroupChange(ctx, 'groupMembershipChanged', id, name, { membersAdded: done.added, membersRemoved: done.removed });
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
	const id = entryId(entry, fields.metadata.idField.name) ?? '';
	recordGroupChange(ctx, 'groupCreated', id, name);
	recordMembership(ctx, id, name, await changeMembers(ctx, groupRefOf(fields, entry), members, []));
	return await groupToScim(ctx, fields, entry, projection);
}

async function currentGroup(ctx: ScimContext, fields: GroupFields, entry: ArEntry): Promise<Json> {
	return await groupToScim(ctx, fields, entry, { exclude: new Set() });
}

/** Renames (when asked) and changes members; members first, so an unknown member fails before the rename. */
async function writeGroup(ctx: ScimContext, fields: GroupFields, entry: ArEntry, name: string, add: string[], remove: string[]): Promise<void> {
	const id = entryId(entry, fields.metadata.idField.name) ?? '';
	const previousName = String(entry.values[fields.name] ?? '');
	if (name !== previousName) await assertNameFree(ctx, fields, name, id);
	recordMembership(ctx, id, name, await changeMembers(ctx, groupRefOf(fields, entry), add, remove));
	if (name !== previousName) {
		await updateEntry.call(ctx.fn, GROUP_FORM, id, { [fields.name]: name });
		forgetGroupDirectory(ctx);
		recordGroupChange(ctx, 'groupUpdated', id, name, { attributes: ['displayName'] });
	}
}

function difference(wanted: string[], current: string[]): { add: string[]; remove: string[] } {
	return { add: wanted.filter((m) => !current.includes(m)), remove: current.filter((m) => !wanted.includes(m)) };
}

export async function replaceGroup(ctx: ScimContext, id: string, body: unknown, projection: Projection): Promise<Json> {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The body must be a SCIM Group object.', 'invalidSyntax');
	const fields = await groupFields(ctx);
	const entry = await findGroupEntry(ctx, fields, id);
	const before = await currentGroup(ctx, fields, entry);
	const { add, remove } = difference(memberIdsOf({ members: getIgnoringCase(body, 'members') ?? [] }), memberIdsOf(before));
	await writeGroup(ctx, fields, entry, displayNameOf(body as Json), add, remove);
	return await getGroup(ctx, id, projection);
}

/** `value eq "id"` (or several joined by `or`): the member ids a filtered remove names. */
function idsOfValueFilter(filter: Filter): string[] | undefined {
	if (filter.kind === 'or') {
		const left = idsOfValueFilter(filter.left);
		const right = idsOfValueFilter(filter.right);
		return left && right ? [...left, ...right] : undefined;
	}
	if (filter.kind !== 'compare' || filter.op !== 'eq' || typeof filter.value !== 'string') return undefined;
	return filter.path.attr.toLowerCase() === 'value' && filter.path.sub === undefined ? [filter.value] : undefined;
}

/**
 * The members a PATCH adds and removes and the new name, when its operations say so explicitly
 * (what identity providers send: add members [...], remove members[value eq "…"], remove members
 * with a value list, replace displayName). Then only those users are read. Undefined when an
 * operation needs the current member list (replace members, remove all members).
 */
function explicitMemberChanges(operations: PatchOperation[], name: string): { name: string; add: string[]; remove: string[] } | undefined {
	const add = new Set<string>();
	const remove = new Set<string>();
	let newName = name;
	const adding = (ids: string[]) => ids.forEach((m) => (remove.delete(m), add.add(m)));
	const removing = (ids: string[]) => ids.forEach((m) => (add.delete(m), remove.add(m)));
	for (const operation of operations) {
		const attr = operation.path?.path.attr.toLowerCase();
		const plain = operation.path && !operation.path.path.sub && !operation.path.path.schema && !operation.path.filter;
		if (!operation.path) {
			if (operation.op === 'remove') return undefined;
			const value = operation.value as Json;
			for (const key of Object.keys(value)) {
				const k = key.toLowerCase();
				if (k === 'displayname') newName = displayNameOf(value);
				else if (k === 'members' && operation.op === 'add') adding(memberIdsOf(value));
				else if (k !== 'id' && k !== 'externalid' && k !== 'schemas') return undefined;
			}
			continue;
		}
		if (attr === 'displayname' && plain && operation.op !== 'remove') {
			newName = displayNameOf({ displayName: operation.value });
			continue;
		}
		if (attr !== 'members' || operation.path.path.sub) return undefined;
		if (operation.path.filter) {
			const ids = operation.op === 'remove' && !operation.path.subAfterFilter ? idsOfValueFilter(operation.path.filter) : undefined;
			if (!ids) return undefined;
			removing(ids);
			continue;
		}
		if (operation.op === 'add') adding(memberIdsOf({ members: operation.value }));
		else if (operation.op === 'remove' && Array.isArray(operation.value) && operation.value.length > 0) removing(memberIdsOf({ members: operation.value }));
		else return undefined;
	}
	return { name: newName, add: [...add], remove: [...remove] };
}

/**
 * PATCH /Groups/{id}. Answers 204 No Content (RFC 7644 §3.5.2 allows it; Entra ID and Okta expect
 * it for groups) unless `attributes` or `excludedAttributes` ask for the resource, so a PATCH of a
 * group with thousands of members reads only the members it changes.
 */
export async function patchGroup(ctx: ScimContext, id: string, operations: PatchOperation[], projection: Projection, wantsBody: boolean): Promise<Json | undefined> {
	const fields = await groupFields(ctx);
	const entry = await findGroupEntry(ctx, fields, id);
	const explicit = explicitMemberChanges(operations, String(entry.values[fields.name] ?? ''));
	if (explicit) {
		// The operations are checked the same way as on the whole resource, without reading members.
		applyPatch({ schemas: [GROUP_SCHEMA], id, displayName: explicit.name, members: [] }, operations.filter((o) => o.op !== 'remove'), 'Group');
		await writeGroup(ctx, fields, entry, explicit.name, explicit.add, explicit.remove);
	} else {
		const before = await currentGroup(ctx, fields, entry);
		const { resource } = applyPatch(before, operations, 'Group');
		const { add, remove } = difference(memberIdsOf(resource), memberIdsOf(before));
		await writeGroup(ctx, fields, entry, displayNameOf(resource), add, remove);
	}
	return wantsBody ? await getGroup(ctx, id, projection) : undefined;
}

/** Removes the group from its members' Group Lists (by ID or name), then deletes the Group entry. */
export async function deleteGroup(ctx: ScimContext, id: string): Promise<void> {
	const fields = await groupFields(ctx);
	const entry = await findGroupEntry(ctx, fields, id);
	const group = groupRefOf(fields, entry);
	const refs = await userRefs(ctx);
	const members = await memberEntries(ctx, refs, group);
	const done = await changeMembers(ctx, group, [], members.map((m) => entryId(m, refs.id) ?? ''));
	await deleteEntry.call(ctx.fn, GROUP_FORM, id);
	forgetGroupDirectory(ctx);
	recordGroupChange(ctx, 'groupDeleted', id, group.name, { membersRemoved: done.removed });
}
