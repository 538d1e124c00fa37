/**
 * The one place where the SCIM bridge changes a user's Group List. Every add and remove of a
 * membership (group PATCH, PUT, POST with members, group DELETE) comes through `editGroupList`,
 * which is the action node's converging editor (helpers/groupListEdit.ts): edits of one user are
 * serialised in this process, and across processes each edit re-reads, writes, reads back and
 * re-applies only its own change until the list shows it (README: "Concurrent Group List changes
 * converge").
 *
 * A token matches the group by its Group ID or by its name (some servers hold names, e.g.
 * `Incident Master;`), so removing a member takes the group away whatever form the list has.
 */
import { NodeOperationError } from 'n8n-workflow';

import { USER_FORM } from '../../ArSystem/helpers/identity';
import { editGroupList as convergingEdit } from '../../ArSystem/helpers/groupListEdit';
import { toNodeApiError } from '../../ArSystem/transport';
import type { ScimContext } from './context';

export interface GroupRef {
	groupId: number;
	name: string;
}

/** AR's "no such entry" as the transport reports it (HTTP 404, not a missing form's 303). */
function isMissingEntry(error: unknown): boolean {
	const e = error as { httpCode?: unknown; message?: unknown };
	return String(e?.httpCode) === '404' && !/\b303\b/.test(String(e?.message ?? ''));
}

/**
 * Adds or removes `group` on the Group List of user `userId`; writes only when that changes the
 * list. Returns whether it wrote. A user deleted meanwhile has nothing to add to and nothing left
 * to remove: false.
 */
export async function editGroupList(
	ctx: ScimContext,
	userId: string,
	groupListField: string,
	group: GroupRef,
	action: 'add' | 'remove',
): Promise<boolean> {
	const ref = { id: group.groupId, name: group.name };
	try {
		const result = await convergingEdit.call(
			ctx.fn,
			{ form: USER_FORM, entryId: userId, field: groupListField, label: `user ${userId}` },
			action === 'add' ? { add: [ref] } : { remove: [ref] },
		);
		return result.changed;
	} catch (error) {
		if (isMissingEntry(error)) return false;
		// The transport's own NodeApiError comes back unchanged; the editor's "kept changing"
		// NodeOperationError is kept as it is. The SCIM error mapping answers the identity provider.
		throw error instanceof NodeOperationError ? error : toNodeApiError(ctx.fn.getNode(), error);
	}
}

/** Edits of different users run side by side (each user's own edits stay serialised), a few at a time. */
export async function editEach(
	ids: string[],
	edit: (id: string) => Promise<boolean>,
	concurrency = 8,
): Promise<string[]> {
	const changed: string[] = [];
	let next = 0;
	const worker = async () => {
		while (next < ids.length) {
			const id = ids[next++];
			if (await edit(id)) changed.push(id);
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
	// Reported in the order the identity provider sent them.
	const order = new Map(ids.map((id, i) => [id, i]));
	return changed.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}
