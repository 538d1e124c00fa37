/**
 * The one place where the SCIM bridge changes a user's Group List. Every add and remove of a
 * membership (group PATCH, PUT, POST with members, group DELETE) comes through `editGroupList`,
 * so it can be pointed at a converging, concurrency-safe editor in one line.
 *
 * A token matches the group by its Group ID or by its name (some servers hold names, e.g.
 * `Incident Master;`), so removing a member takes the group away whatever form the list has.
 *
 * Identity providers push memberships in parallel and n8n answers webhooks concurrently, so two
 * requests may change one user's list at once. Within this process the edits of one user are
 * serialised and each re-reads the list before changing it, so none is lost. Across processes
 * (several webhook processors) this is not enough; see the README's concurrency section.
 */
import { addGroup, removeGroup } from '../../ArSystem/helpers/groupList';
import { USER_FORM, findOne } from '../../ArSystem/helpers/identity';
import { equalsQualification } from '../../ArSystem/helpers/qualification';
import { updateEntry } from '../../ArSystem/transport';
import type { ScimContext } from './context';

/** The tail of the queue of edits per user: each edit starts when the previous one settled. */
const queues = new Map<string, Promise<unknown>>();

async function serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = queues.get(key) ?? Promise.resolve();
	const run = previous.then(work, work);
	const tail = run.catch(() => undefined);
	queues.set(key, tail);
	try {
		return await run;
	} finally {
		// The last edit in the queue removes it, so the map holds only users being edited.
		if (queues.get(key) === tail) queues.delete(key);
	}
}

export interface GroupRef {
	groupId: number;
	name: string;
}

/**
 * Adds or removes `group` on the Group List of user `userId`, read afresh inside the user's queue;
 * writes only when that changes the list. Returns whether it wrote.
 */
export async function editGroupList(
	ctx: ScimContext,
	userId: string,
	groupListField: string,
	group: GroupRef,
	action: 'add' | 'remove',
): Promise<boolean> {
	return await serialised(`${ctx.cacheKey}|${userId}`, async () => {
		const entry = await findOne.call(ctx.fn, USER_FORM, equalsQualification(1, userId), [groupListField]);
		// A user deleted meanwhile: nothing to add to, nothing left to remove.
		if (!entry) return false;
		const edit = action === 'add' ? addGroup : removeGroup;
		const { value, changed } = edit(entry.values[groupListField], group.groupId, group.name);
		if (!changed) return false;
		await updateEntry.call(ctx.fn, USER_FORM, userId, { [groupListField]: value });
		return true;
	});
}
