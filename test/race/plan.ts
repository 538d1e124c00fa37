/**
 * The race tier's workload and its judge. Writers edit the Group Lists of the SAME users at the
 * same time, but each (user, group) pair belongs to exactly one writer, whose operations on it
 * run in order. So the expected final state of every pair is known without guessing an order
 * between writers: the owner's last operation (or the seeded state when the owner never touched
 * it), and every group nobody owns must keep its seeded state. Anything else is a lost update.
 *
 * The judge normalises lists on its own (ID or exact name, spaces, trailing `;`), not with the
 * node's code, so a shared bug cannot pass. Plain TypeScript on the emulator's PRNG only, so
 * `npm run test:queue` runs the same workload and judge against n8n's queue-mode workers.
 */
import { mulberry32, pick as pickWith } from '../../emulator/prng';

/** Users with every Group List spelling the realistic seed has: IDs, spaces, names. */
export const USERS = ["siobhan.o'brien", 'zoe.muller', 'rsmith', 'li.na'];
/** Groups whose IDs are prefixes of each other, plus names with spaces. */
export const GROUP_IDS = [10, 12, 100, 101, 1000, 10000, 400002, 400003];

export interface GroupInfo {
	id: number;
	name: string;
}

export interface RaceUser {
	id: string;
	login: string;
}

export interface Operation {
	writer: number;
	seq: number;
	userId: string;
	login: string;
	group: GroupInfo;
	action: 'add' | 'remove';
	/** How the group locator names the group: by ID or by name. */
	by: 'groupId' | 'name';
}

/** What one writer saw: counts plus the last confirmed state of each pair it owns. */
export interface WriterReport {
	writer: number;
	operations: number;
	/** Operations the node reported done whose effect the server did not show right after. */
	false_success: number;
	/** Operations that failed even after the writer ran them again (honest errors, not success). */
	failed: number;
	/** Sum of the `retries` the node reported (writes repeated because of other writers). */
	retries: number;
	/** `${userId}|${groupId}` → member after the owner's last operation; null = it failed (unknown). */
	last: Record<string, boolean | null>;
	/** First problems, for the log. */
	problems: string[];
}

/** Each writer owns an equal share of the groups and makes `perWriter` operations on them. */
export function planOperations(
	users: RaceUser[],
	groups: GroupInfo[],
	writers: number,
	perWriter: number,
	seed: number,
): Operation[][] {
	const random = mulberry32(seed);
	const pick = <T>(list: T[]) => pickWith(random, list);
	return Array.from({ length: writers }, (_, writer) => {
		const owned = groups.filter((_, index) => index % writers === writer);
		return Array.from({ length: perWriter }, (__, seq) => {
			const user = pick(users);
			return {
				writer,
				seq,
				userId: user.id,
				login: user.login,
				group: pick(owned),
				action: random() < 0.5 ? 'add' : 'remove',
				by: random() < 0.5 ? 'groupId' : 'name',
			} satisfies Operation;
		});
	});
}

export const pairKey = (userId: string, groupId: number | string) => `${userId}|${groupId}`;

/** The group IDs a stored list holds: tokens are IDs or exact names, with spaces, any `;` style. */
export function heldIds(list: unknown, groups: GroupInfo[]): Set<string> {
	const byName = new Map(groups.map((g) => [g.name, String(g.id)]));
	const held = new Set<string>();
	for (const raw of String(list ?? '').split(';')) {
		const token = raw.trim();
		if (token === '') continue;
		held.add(byName.get(token) ?? token);
	}
	return held;
}

export interface Verdict {
	lostUpdates: number;
	details: string[];
}

/**
 * Compares every user's final list with the expected one: owned pairs as their owner last left
 * them, every other group as seeded.
 */
export function judge(
	users: RaceUser[],
	allGroups: GroupInfo[],
	owned: GroupInfo[],
	initial: Map<string, unknown>,
	final: Map<string, unknown>,
	last: Record<string, boolean | null>,
): Verdict {
	const ownedIds = new Set(owned.map((g) => String(g.id)));
	const details: string[] = [];
	let lostUpdates = 0;
	for (const user of users) {
		const before = heldIds(initial.get(user.id), allGroups);
		const after = heldIds(final.get(user.id), allGroups);
		const expected = new Set([...before].filter((id) => !ownedIds.has(id)));
		const unknown = new Set<string>();
		for (const id of ownedIds) {
			const state = last[pairKey(user.id, id)];
			if (state === null) unknown.add(id);
			else if (state ?? before.has(id)) expected.add(id);
		}
		for (const id of new Set([...expected, ...after])) {
			if (unknown.has(id)) continue;
			if (expected.has(id) !== after.has(id)) {
				lostUpdates++;
				if (details.length < 10) {
					details.push(
						`${user.login}: group ${id} ${expected.has(id) ? 'missing' : 'present'} (list "${String(final.get(user.id) ?? '')}")`,
					);
				}
			}
		}
	}
	return { lostUpdates, details };
}

/** Reads a user's stored Group List (the emulator's own view, not through the node). */
export type ListReader = (userId: string) => Promise<unknown>;

/** The outcome one operation reported: member afterwards, and the retries it made. */
export interface Applied {
	member: boolean;
	retries: number;
}

/** What Add to / Remove from Group must answer for `op`: its result, verified; throws otherwise. */
export function appliedFrom(op: Operation, json: Record<string, unknown>): Applied {
	const expected = op.action === 'add' ? ['added', 'alreadyMember'] : ['removed', 'notMember'];
	if (!expected.includes(String(json.result)) || json.verified !== true) {
		throw new Error(`unexpected output ${JSON.stringify(json)}`);
	}
	return { member: op.action === 'add', retries: Number(json.retries ?? 0) };
}

/** Runs again an operation that failed (it is idempotent), as a user would. */
const ATTEMPTS_PER_OPERATION = 3;

/**
 * One writer: runs its operations in order through `apply` (a workflow execution of some kind),
 * and checks each reported outcome against the server right after it returned.
 */
export async function runOperations(
	apply: (op: Operation) => Promise<Applied>,
	operations: Operation[],
	groups: GroupInfo[],
	readList: ListReader,
): Promise<WriterReport> {
	const report: WriterReport = {
		writer: operations[0]?.writer ?? 0,
		operations: 0,
		false_success: 0,
		failed: 0,
		retries: 0,
		last: {},
		problems: [],
	};
	const note = (text: string) => {
		if (report.problems.length < 10) report.problems.push(text);
	};
	for (const op of operations) {
		let applied: Applied | undefined;
		for (let attempt = 1; attempt <= ATTEMPTS_PER_OPERATION && !applied; attempt++) {
			try {
				applied = await apply(op);
			} catch (error) {
				if (attempt === ATTEMPTS_PER_OPERATION) {
					note(`${op.action} ${op.group.id} for ${op.login}: ${(error as Error).message}`);
				}
			}
		}
		report.operations++;
		const key = pairKey(op.userId, op.group.id);
		if (!applied) {
			report.failed++;
			// The pair's state is unknown now: the judge expects neither state from it.
			report.last[key] = null;
			continue;
		}
		report.retries += applied.retries;
		report.last[key] = applied.member;
		const member = heldIds(await readList(op.userId), groups).has(String(op.group.id));
		if (member !== applied.member) {
			report.false_success++;
			note(`${op.action} ${op.group.id} for ${op.login} reported done, the server shows ${member ? 'member' : 'not member'}`);
		}
	}
	return report;
}

/** Committed writes the emulator answered with a fault (its `faults` counters). */
export function afterCommitFaults(faults: Record<string, number>): number {
	return Object.entries(faults)
		.filter(([key]) => key.startsWith('after-commit:'))
		.reduce((n, [, count]) => n + count, 0);
}
