/**
 * Group List edits that converge under concurrent writers.
 *
 * The REST API has no ETag or compare-and-swap: a Group List change is read, modify, write, and
 * two writers that read the same list both succeed while the second write drops the first one's
 * change. So an edit is an intent (groups to add, to remove, to keep only), applied like this:
 * 1. Within one process, edits of one entry run one at a time (an async lock per server, form and
 *    entry, which removes itself when idle). n8n runs concurrent webhook executions in one process,
 *    so a single main process is exact.
 * 2. Across processes: read the list right before writing, write the intent applied to it, read it
 *    back. If the intent is not there (another writer's PUT replaced ours), apply it to the fresh
 *    list and write again, with backoff and jitter, at most MAX_WRITES writes.
 * 3. A stale writer of another process (it read before our write) can still land its PUT after
 *    our read-back. To shrink that window the edit waits a settle delay (a few times its own
 *    read-write-read time, at least SETTLE_MIN_MS) and verifies once more before reporting.
 *    What remains is measured by the race tier (`npm run test:race`); see the README.
 * Success is never reported for an intent the last read does not show: the edit throws instead.
 * A write whose answer was lost is not re-sent blindly (its value may be stale by then): the
 * loop re-reads and re-applies the intent.
 */
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ArFunctions } from '../transport';
import { CREDENTIAL_TYPE, getEntry, toNodeApiError, updateEntry, writeInDoubtOutcome } from '../transport';
import { normaliseBaseUrl } from '../transport/urls';
import type { GroupListIntent, GroupRef } from './groupList';
import { applyIntent, intentHolds } from './groupList';

/** Writes one edit may make before it gives up (the first one included). */
export const MAX_WRITES = 5;
/** Bounds of the wait before the last verification. */
export const SETTLE_MIN_MS = 150;
export const SETTLE_MAX_MS = 2000;
/** The settle wait is this many times the edit's own read, write and read-back. */
const SETTLE_FACTOR = 3;
const BACKOFF_BASE_MS = 40;
const BACKOFF_MAX_MS = 1000;

export interface GroupListTarget {
	form: string;
	entryId: string;
	/** Name of the Group List field on that form. */
	field: string;
	/** Names the entry in messages, e.g. "user jsmith". */
	label: string;
}

export interface GroupListEditResult {
	/** The list when the edit started (the first read inside the lock). */
	before: string | null;
	/** The list as the last verification read it: it shows the intent. */
	after: string | null;
	/** Whether a write was needed: false when the list already showed the intent. */
	changed: boolean;
	/** Always true: the result is only returned once a read-back shows the intent. */
	verified: true;
	/** Writes after the first one, made because another writer's change replaced ours. */
	retries: number;
}

export interface GroupListEditOptions {
	/** Overrides for tests and the race tier; the defaults are the constants above. */
	maxWrites?: number;
	settleMinMs?: number;
}

// ---- the in-process lock --------------------------------------------------------------------

const tails = new Map<string, Promise<void>>();

/** Runs `task` after every earlier task of `key` finished; the key is forgotten when idle. */
export async function withEntryLock<T>(key: string, task: () => Promise<T>): Promise<T> {
	const previous = tails.get(key) ?? Promise.resolve();
	let release!: () => void;
	const mine = new Promise<void>((resolve) => (release = resolve));
	const tail = previous.then(async () => await mine);
	tails.set(key, tail);
	await previous;
	try {
		return await task();
	} finally {
		release();
		if (tails.get(key) === tail) tails.delete(key);
	}
}

/** Keys currently locked or waited for (for tests: the map must empty itself). */
export function lockedKeys(): number {
	return tails.size;
}

// ---- the converging edit --------------------------------------------------------------------

function listOrNull(value: unknown): string | null {
	if (value === null || value === undefined || value === '') return null;
	return typeof value === 'string' ? value : String(value);
}

const describe = (refs: GroupRef[] | undefined) =>
	(refs ?? []).map((ref) => (ref.name ? `${ref.name} (${ref.id})` : String(ref.id))).join(', ');

function intentText(intent: GroupListIntent): string {
	const parts: string[] = [];
	if (intent.add?.length) parts.push(`add ${describe(intent.add)}`);
	if (intent.remove?.length) parts.push(`remove ${describe(intent.remove)}`);
	if (intent.keepOnly) parts.push(`keep only ${describe(intent.keepOnly) || 'no groups'}`);
	return parts.join('; ') || 'no change';
}

async function backoff(attempt: number): Promise<void> {
	const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
	await sleep(base + Math.floor(Math.random() * BACKOFF_BASE_MS));
}

async function serverOf(fn: ArFunctions): Promise<string> {
	const credentials = await fn.getCredentials(CREDENTIAL_TYPE);
	return normaliseBaseUrl(credentials.baseUrl).toLowerCase();
}

/**
 * Applies `intent` to the Group List of one entry and returns once a read-back shows it (see the
 * module comment). Throws when it cannot be made to hold in MAX_WRITES writes, or when a write
 * fails with the server's own answer; never reports an intent the server does not show.
 *
 * SCIM and the User operations call it the same way:
 *   await editGroupList.call(this, { form: 'User', entryId, field: 'Group List', label: 'user jsmith' },
 *     { add: [{ id: 10, name: 'Incident Master' }] });
 */
export async function editGroupList(
	this: ArFunctions,
	target: GroupListTarget,
	intent: GroupListIntent,
	options: GroupListEditOptions = {},
): Promise<GroupListEditResult> {
	const maxWrites = options.maxWrites ?? MAX_WRITES;
	const settleMin = options.settleMinMs ?? SETTLE_MIN_MS;
	const key = [await serverOf(this), target.form, target.entryId].join('\u0000');
	const read = async () =>
		listOrNull((await getEntry.call(this, target.form, target.entryId, [target.field])).values[target.field]);
	const write = async (value: string) =>
		await updateEntry.call(
			this,
			target.form,
			target.entryId,
			{ [target.field]: value === '' ? null : value },
			// A lost answer is settled by the loop below, never by re-sending a possibly stale list.
			{ readBack: (values) => (intentHolds(values[target.field], intent) ? 'present' : 'unknown') },
		);

	return await withEntryLock(key, async () => {
		let before: string | null | undefined;
		let writes = 0;
		let last: string | null = null;
		for (let round = 1; round <= maxWrites * 3; round++) {
			const started = Date.now();
			const current = await read();
			last = current;
			before ??= current;
			const next = applyIntent(current, intent);
			if (next.changed) {
				if (writes >= maxWrites) break;
				writes++;
				try {
					await write(next.value);
				} catch (error) {
					// The server's own answer (a refusal, a filter): passed on as transport mapped it.
					if (writeInDoubtOutcome(error) === undefined) throw toNodeApiError(this.getNode(), error);
					await backoff(writes);
					continue;
				}
				last = await read();
				if (!intentHolds(last, intent)) {
					await backoff(writes);
					continue;
				}
			} else if (writes === 0) {
				return { before, after: current, changed: false, verified: true, retries: 0 };
			}
			// A PUT of another process that read before our write may still be on its way.
			const settle = Math.min(SETTLE_MAX_MS, Math.max(settleMin, SETTLE_FACTOR * (Date.now() - started)));
			await sleep(settle);
			last = await read();
			if (intentHolds(last, intent)) {
				return { before, after: last, changed: true, verified: true, retries: writes - 1 };
			}
			await backoff(writes);
		}
		throw new NodeOperationError(
			this.getNode(),
			`The Group List of ${target.label} kept changing under other writers: this change (${intentText(intent)}) is not on the server`,
			{
				description:
					`Made ${writes} writes; each time another writer's change replaced it. The list now reads ` +
					`"${last ?? ''}". Nothing is reported as done; run the item again once the other writers have finished.`,
			},
		);
	});
}
