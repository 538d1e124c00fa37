/**
 * The server's groups: one Group listing (listGroups) that every node reads them through. The
 * action node keeps it once per execution (groupDirectory: Group ID → name, name → Group ID, as
 * Group List tokens need, and each group's Request ID); the SCIM node keeps the same listing per
 * credential for a few seconds (ArSystemScim/scim/directory.ts), since a webhook has no execution
 * to hang it on.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ArFunctions } from '../transport';
import { arRequestAllPages } from '../transport/pagination';
import type { GroupDirectory } from './groupList';
import { groupKey } from './groupList';
import { GROUP_FIELDS, GROUP_FORM, fieldName } from './identity';
import type { FormMetadata } from './metadata';
import { getFormMetadata } from './metadata';
import { entryId } from './query';
import { clip } from './text';

export type { GroupDirectory };

export interface DirectoryGroup {
	requestId: string;
	groupId: number;
	name: string;
}

/** Every group on the server, from one listing of the Group form (`metadata` is its metadata). */
export async function listGroups(this: ArFunctions, metadata: FormMetadata): Promise<DirectoryGroup[]> {
	const requestIdName = metadata.idField.name;
	const idName = fieldName(metadata, GROUP_FIELDS.id);
	const nameName = fieldName(metadata, GROUP_FIELDS.name);
	const entries = await arRequestAllPages.call(
		this,
		GROUP_FORM,
		{ fields: [requestIdName, idName, nameName] },
		{ idField: requestIdName },
	);
	return entries.map((entry) => ({
		requestId: entryId(entry, requestIdName) ?? '',
		groupId: Number(entry.values[idName]),
		name: String(entry.values[nameName] ?? ''),
	}));
}

const cache = new WeakMap<object, Promise<GroupDirectory>>();

/** The directory of this execution's groups (one Group listing, shared by every item). */
export async function groupDirectory(this: IExecuteFunctions): Promise<GroupDirectory> {
	let pending = cache.get(this);
	if (!pending) {
		pending = (async () => {
			const groups = await listGroups.call(this, await getFormMetadata.call(this, GROUP_FORM));
			const directory: GroupDirectory = { names: new Map(), ids: new Map(), requestIds: new Map() };
			for (const { groupId, name, requestId } of groups) {
				directory.names.set(String(groupId), name);
				directory.ids.set(name, String(groupId));
				directory.requestIds.set(String(groupId), requestId);
			}
			return directory;
		})();
		// A failed listing is not kept: the next item tries again.
		pending.catch(() => cache.delete(this));
		cache.set(this, pending);
	}
	return await pending;
}

/**
 * `[{ id, name }]` for the tokens of a Group List; names stored in place of IDs are kept. A group
 * written twice (by ID and by name, or repeated) is listed once (groupList.ts's groupKey).
 */
export function groupsFromTokens(tokens: string[], directory: GroupDirectory): IDataObject[] {
	const seen = new Set<string>();
	const once = tokens.filter((token) => {
		const key = groupKey(token, directory);
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
	return once.map((token) => {
		const name = directory.names.get(token);
		if (name !== undefined) return { id: Number(token), name };
		const id = directory.ids.get(token);
		if (id !== undefined) return { id: Number(id), name: token };
		return { id: /^\d+$/.test(token) ? Number(token) : null, name: null, unknown: token };
	});
}

/** Turns "Administrator, 400002" (names or IDs) into Group List IDs, one Group listing per run. */
export async function groupIdsFrom(
	this: IExecuteFunctions,
	i: number,
	value: unknown,
): Promise<string[]> {
	const tokens = (Array.isArray(value) ? value : String(value ?? '').split(/[,;]/))
		.map((token) => String(token).trim())
		.filter((token) => token !== '');
	if (tokens.length === 0) return [];
	const { names } = await groupDirectory.call(this);
	return tokens.map((token) => {
		if (/^\d+$/.test(token) && names.has(token)) return token;
		// The exact name first; otherwise any case, but only when one group answers to it (a
		// case-sensitive server may hold both "Sales" and "SALES").
		const exact = [...names].filter(([, name]) => name === token);
		const folded = exact.length ? exact : [...names].filter(([, name]) => name.toLowerCase() === token.toLowerCase());
		if (folded.length === 1) return folded[0][0];
		if (folded.length > 1) {
			throw new NodeOperationError(this.getNode(), `${folded.length} groups are named '${clip(token)}' in some case`, {
				itemIndex: i,
				description: `Candidates: ${folded.map(([id, name]) => `'${name}' (Group ID ${id})`).join('; ')}. Enter the Group ID of the one you mean.`,
			});
		}
		throw new NodeOperationError(this.getNode(), `No group with name or ID '${clip(token)}'`, {
			itemIndex: i,
			description: 'Use an existing Group Name or Group ID; see Group → Get Many.',
		});
	});
}
