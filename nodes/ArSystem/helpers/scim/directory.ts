/**
 * Every AR group's Request ID (the SCIM id), Group ID (what Group Lists hold) and name, read once
 * per execution: a user's `groups` and a group's identity both need it, and one listing costs
 * less than a lookup per token.
 */
import { GROUP_FIELDS, GROUP_FORM, fieldName } from '../identity';
import type { FormMetadata } from '../metadata';
import { getFormMetadata } from '../metadata';
import { entryId } from '../query';
import { arRequestAllPages } from '../../transport/pagination';
import type { ScimContext } from './context';

export interface DirectoryGroup {
	requestId: string;
	groupId: number;
	name: string;
}

export interface GroupDirectory {
	byGroupId: Map<string, DirectoryGroup>;
	byRequestId: Map<string, DirectoryGroup>;
	byName: Map<string, DirectoryGroup>;
}

export interface GroupFields {
	metadata: FormMetadata;
	name: string;
	id: string;
	type: string;
}

export async function groupFields(ctx: ScimContext): Promise<GroupFields> {
	const metadata = await getFormMetadata.call(ctx.fn, GROUP_FORM);
	return {
		metadata,
		name: fieldName(metadata, GROUP_FIELDS.name),
		id: fieldName(metadata, GROUP_FIELDS.id),
		type: fieldName(metadata, GROUP_FIELDS.type),
	};
}

const cache = new WeakMap<object, Promise<GroupDirectory>>();

export async function groupDirectory(ctx: ScimContext): Promise<GroupDirectory> {
	let pending = cache.get(ctx.fn);
	if (!pending) {
		pending = (async () => {
			const fields = await groupFields(ctx);
			const idName = fields.metadata.idField.name;
			const entries = await arRequestAllPages.call(
				ctx.fn,
				GROUP_FORM,
				{ fields: [idName, fields.id, fields.name] },
				{ idField: idName },
			);
			const directory: GroupDirectory = { byGroupId: new Map(), byRequestId: new Map(), byName: new Map() };
			for (const entry of entries) {
				const group: DirectoryGroup = {
					requestId: entryId(entry, idName) ?? '',
					groupId: Number(entry.values[fields.id]),
					name: String(entry.values[fields.name] ?? ''),
				};
				directory.byGroupId.set(String(group.groupId), group);
				directory.byRequestId.set(group.requestId, group);
				directory.byName.set(group.name, group);
			}
			return directory;
		})();
		pending.catch(() => cache.delete(ctx.fn));
		cache.set(ctx.fn, pending);
	}
	return await pending;
}

/** Forgets the directory after a group is created, renamed or deleted in this execution. */
export function forgetGroupDirectory(ctx: ScimContext): void {
	cache.delete(ctx.fn);
}
