/**
 * Every AR group's Request ID (the SCIM id), Group ID (what Group Lists hold) and name, read once
 * per credential and 30 seconds in this process (a write through the bridge forgets it at once):
 * a user's `groups` and a group's identity both need it, and one listing costs less than a lookup
 * per token. An import of 100 pages reads it a few times, not 100 times.
 */
import { GROUP_FIELDS, GROUP_FORM, fieldName } from '../../ArSystem/helpers/identity';
import type { FormMetadata } from '../../ArSystem/helpers/metadata';
import { entryId } from '../../ArSystem/helpers/query';
import { arRequestAllPages } from '../../ArSystem/transport/pagination';
import type { ScimContext } from './context';
import { BoundedCache, cachedForm, remembered } from './memory';

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
	const metadata = await cachedForm(ctx, GROUP_FORM);
	return {
		metadata,
		name: fieldName(metadata, GROUP_FIELDS.name),
		id: fieldName(metadata, GROUP_FIELDS.id),
		type: fieldName(metadata, GROUP_FIELDS.type),
	};
}

/** Groups change rarely and a stale directory only mislabels a group for a moment: 30 s. */
export const DIRECTORY_TTL_MS = 30_000;
const cache = new BoundedCache<Promise<GroupDirectory>>(16, DIRECTORY_TTL_MS);

export async function groupDirectory(ctx: ScimContext): Promise<GroupDirectory> {
	return await remembered(cache, `${ctx.cacheKey}|groups`, async () => {
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
	});
}

/** Forgets the directory after a group is created, renamed or deleted through the bridge. */
export function forgetGroupDirectory(ctx: ScimContext): void {
	cache.delete(`${ctx.cacheKey}|groups`);
}
