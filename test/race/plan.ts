/**
 * The race tier's workload and its judge. Writers edit the Group Lists of the SAME users at the
 * same time, but each (user, group) pair belongs to exactly one writer, whose operations on it
 * run in order. So the expected final state of every pair is known without guessing an order
 * between writers: the owner's last operation (or the seeded state when the owner never touched
 * it), and every group nobody owns must keep its seeded state. Anything else is a lost update.
 *
 * The judge normalises lists on its own (ID or exact name, spaces, trailing `;`), not with the
 * node's code, so a shared bug cannot pass.
 */
import { mulberry32, pick as pickWith } from '../../emulator/prng';

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
