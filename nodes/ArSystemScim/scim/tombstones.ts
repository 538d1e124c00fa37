/**
 * Users deleted through SCIM while Delete Means keeps them on AR (disabled). RFC 7644 §3.6: a
 * deleted resource answers 404 and is not listed, whatever the service keeps. The bridge
 * remembers the ids in this process (at once) and in the workflow's static data (saved by n8n
 * after the request, so they survive a restart). The process memory is what counts: the static
 * data only seeds it once per workflow after a start, because n8n saves it after the answer has
 * gone out and the identity provider's next request may read the workflow before that. A tombstone holds only while the user stays
 * disabled: an administrator who enables the login on AR brings it back to SCIM, and a POST of
 * the same userName re-creates (re-enables) it under its old id.
 */
import type { ScimContext } from './context';

/** Ids kept per credential; the oldest go first beyond this. */
const MAX_TOMBSTONES = 10_000;
const memory = new Map<string, Set<string>>();

interface StaticData {
	scimDeletedUsers?: string[];
}

function staticData(ctx: ScimContext): StaticData | undefined {
	const get = (ctx.fn as { getWorkflowStaticData?: (type: string) => object }).getWorkflowStaticData;
	if (typeof get !== 'function') return undefined;
	try {
		return get.call(ctx.fn, 'node') as StaticData;
	} catch {
		return undefined;
	}
}

/** Workflows whose static data has seeded the memory in this process. */
const seeded = new Set<string>();

function workflowIdOf(ctx: ScimContext): string {
	try {
		return String(ctx.fn.getWorkflow().id ?? '');
	} catch {
		return '';
	}
}

function setOf(ctx: ScimContext): Set<string> {
	let set = memory.get(ctx.cacheKey);
	if (!set) {
		set = new Set();
		memory.set(ctx.cacheKey, set);
	}
	const seedKey = `${ctx.cacheKey}|${workflowIdOf(ctx)}`;
	if (!seeded.has(seedKey)) {
		seeded.add(seedKey);
		for (const id of staticData(ctx)?.scimDeletedUsers ?? []) set.add(id);
	}
	return set;
}

function persist(ctx: ScimContext, set: Set<string>): void {
	while (set.size > MAX_TOMBSTONES) set.delete(set.values().next().value as string);
	const data = staticData(ctx);
	if (data) data.scimDeletedUsers = [...set];
}

export function isDeleted(ctx: ScimContext, id: string): boolean {
	return setOf(ctx).has(id);
}

/** The ids in `ids` that are deleted for SCIM. */
export function deletedAmong(ctx: ScimContext, ids: Iterable<string>): Set<string> {
	const set = setOf(ctx);
	return new Set([...ids].filter((id) => set.has(id)));
}

export function markDeleted(ctx: ScimContext, id: string): void {
	const set = setOf(ctx);
	set.delete(id);
	set.add(id);
	persist(ctx, set);
}

export function forgetDeleted(ctx: ScimContext, id: string): void {
	const set = setOf(ctx);
	set.delete(id);
	const data = staticData(ctx);
	if (data?.scimDeletedUsers?.includes(id)) persist(ctx, set);
}
