/**
 * The User form's Group List (field 104): group IDs separated by `;` with a trailing `;`, e.g.
 * `"1;400002;400003;"`.
 *
 * Reading is tolerant of what real servers hold: no trailing `;`, spaces around tokens (`1; 400002;`),
 * empty segments, null or '' for no groups, and group names instead of IDs (kept as written).
 * Membership is an exact token match on the group's ID or, when given, its exact name, so group 1
 * never matches 10 or 100, and `Incident Master;` counts as membership of group 10.
 *
 * Changing keeps the stored text as it was apart from the one token added or removed, so an update
 * never rewrites the other memberships (a minimal diff is also what an audit log should show).
 */

function groupToken(groupId: string | number): string {
	if (typeof groupId === 'number') {
		if (!Number.isSafeInteger(groupId) || groupId < 0) {
			throw new Error(`${groupId} is not a group ID. Group IDs are whole numbers such as 400002.`);
		}
		return String(groupId);
	}
	const token = typeof groupId === 'string' ? groupId.trim() : '';
	if (token === '') {
		throw new Error('The group is empty. Enter a group ID such as 400002, or pick the group.');
	}
	if (token.includes(';')) {
		throw new Error(
			`The group "${token}" contains ";", which separates groups in the Group List. ` +
				'Enter a single group ID.',
		);
	}
	return token;
}

/** The stored text, or '' for no groups. Arrays (already split lists) are joined back. */
function groupListText(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	if (Array.isArray(value)) {
		return formatGroupList(value.map((v) => (v === null || v === undefined ? '' : String(v))));
	}
	throw new Error(
		'The Group List must be text such as "1;400002;", a list of group IDs, or empty; ' +
			`got a value of type ${typeof value}.`,
	);
}

/** The tokens as written, trimmed, without empty segments. */
export function parseGroupList(value: unknown): string[] {
	return groupListText(value)
		.split(';')
		.map((token) => token.trim())
		.filter((token) => token !== '');
}

/** `'a;b;'` (trailing `;`, the form AR writes), '' for none. */
export function formatGroupList(tokens: string[]): string {
	const clean = tokens.map((token) => String(token).trim()).filter((token) => token !== '');
	for (const token of clean) groupToken(token); // refuses tokens with ';'
	return clean.map((token) => `${token};`).join('');
}

/** A token names the group: its ID, or its exact (trimmed) name when one is given. */
function matcher(groupId: string | number, groupName?: string): (token: string) => boolean {
	const id = groupToken(groupId);
	const name = groupName?.trim();
	return (token) => token === id || (name !== undefined && name !== '' && token === name);
}

/** Whether the Group List holds the group, by ID or by name. */
export function hasGroup(value: unknown, groupId: string | number, groupName?: string): boolean {
	return parseGroupList(value).some(matcher(groupId, groupName));
}

/**
 * Appends the group; when it is already there (by ID or name) the original text comes back
 * untouched. The list's own style is followed: a trailing `;` stays trailing, `; ` separators get
 * a space, and a list that holds only names gets the name.
 */
export function addGroup(
	value: unknown,
	groupId: string | number,
	groupName?: string,
): { value: string; changed: boolean } {
	const token = groupToken(groupId);
	const text = groupListText(value);
	const tokens = parseGroupList(text);
	if (tokens.some(matcher(groupId, groupName))) return { value: text, changed: false };
	const kept = text.trimEnd();
	if (tokens.length === 0) return { value: `${token};`, changed: true };
	const name = groupName?.trim();
	const byName = name && !name.includes(';') && tokens.every((t) => !/^\d+$/.test(t)) ? name : token;
	const space = /;\s+\S/.test(kept) ? ' ' : '';
	if (kept.endsWith(';')) return { value: `${kept}${space}${byName};`, changed: true };
	return { value: `${kept};${space}${byName}`, changed: true };
}

/** Removes every occurrence of the group (ID or name); other segments stay exactly as written. */
export function removeGroup(
	value: unknown,
	groupId: string | number,
	groupName?: string,
): { value: string; changed: boolean } {
	const matches = matcher(groupId, groupName);
	const text = groupListText(value);
	if (!parseGroupList(text).some(matches)) return { value: text, changed: false };
	const rest = text
		.split(';')
		.filter((segment) => !matches(segment.trim()))
		.join(';');
	// Left with only separators or spaces (";", " ; "): that is no groups, stored as ''.
	return { value: parseGroupList(rest).length === 0 ? '' : rest, changed: true };
}

// ---------------------------------------------------------------------------------------------
// One normalisation for every path (Add / Remove, Copy Access, Offboard, SCIM): a token is an ID
// or a name, so two lists are compared by the groups they name, never by their raw tokens.

/** A group as an edit names it: its ID and, when known, its exact name (lists may hold either). */
export interface GroupRef {
	id: string | number;
	name?: string;
}

/**
 * The server's groups (groupDirectory.ts reads them): Group ID → name, name → Group ID, and
 * Group ID → Request ID. Names are matched exactly, as the Group List stores them.
 */
export interface GroupDirectory {
	names: Map<string, string>;
	ids: Map<string, string>;
	requestIds: Map<string, string>;
}

/**
 * The group a token names: the group ID for a known ID or a known exact name, and the trimmed
 * token itself for anything the directory does not know (kept, so it can still be removed).
 */
export function groupKey(token: string, directory?: Pick<GroupDirectory, 'names' | 'ids'>): string {
	const trimmed = String(token).trim();
	if (!directory || directory.names.has(trimmed)) return trimmed;
	return directory.ids.get(trimmed) ?? trimmed;
}

/**
 * The groups a Group List holds, once each, in the order first written: `10;Incident Master; 10;`
 * is one group (10, "Incident Master") when the directory says that is its name. Tokens the
 * directory does not know come back as `{ id: token }`.
 */
export function groupsHeld(value: unknown, directory?: Pick<GroupDirectory, 'names' | 'ids'>): GroupRef[] {
	const seen = new Map<string, GroupRef>();
	for (const token of parseGroupList(value)) {
		const id = groupKey(token, directory);
		if (seen.has(id)) continue;
		const name = directory?.names.get(id);
		seen.set(id, name === undefined ? { id } : { id, name });
	}
	return [...seen.values()];
}

/**
 * A change to a Group List expressed as what it wants, never as a whole list computed earlier, so
 * it can be re-applied to whatever the list holds by then without undoing another writer's edit.
 * - add: groups that must be in the list;
 * - remove: groups that must not be;
 * - keepOnly: when given, every token naming none of these groups goes (Offboard's "remove all
 *   but the groups to keep", Copy Access's "match the template exactly").
 */
export interface GroupListIntent {
	add?: GroupRef[];
	remove?: GroupRef[];
	keepOnly?: GroupRef[];
}

const matchesAny = (refs: GroupRef[]) => {
	const tests = refs.map((ref) => matcher(ref.id, ref.name));
	return (token: string) => tests.some((test) => test(token));
};

/** Whether the list shows the intent: every added group held, no removed or unkept group left. */
export function intentHolds(value: unknown, intent: GroupListIntent): boolean {
	const tokens = parseGroupList(value);
	for (const ref of intent.add ?? []) {
		if (!tokens.some(matcher(ref.id, ref.name))) return false;
	}
	const removed = matchesAny(intent.remove ?? []);
	if (tokens.some(removed)) return false;
	if (intent.keepOnly) {
		const kept = matchesAny(intent.keepOnly);
		if (tokens.some((token) => !kept(token))) return false;
	}
	return true;
}

/**
 * The intent applied to a list, in the list's own style (see addGroup / removeGroup): removals
 * first, then tokens outside keepOnly, then additions. `changed` is false when the list already
 * shows the intent, and then `value` is the text as it was.
 */
export function applyIntent(value: unknown, intent: GroupListIntent): { value: string; changed: boolean } {
	let text = groupListText(value);
	let changed = false;
	for (const ref of intent.remove ?? []) {
		const result = removeGroup(text, ref.id, ref.name);
		changed ||= result.changed;
		text = result.value;
	}
	if (intent.keepOnly) {
		const kept = matchesAny(intent.keepOnly);
		if (parseGroupList(text).some((token) => !kept(token))) {
			const rest = text
				.split(';')
				.filter((segment) => segment.trim() === '' || kept(segment.trim()))
				.join(';');
			text = parseGroupList(rest).length === 0 ? '' : rest;
			changed = true;
		}
	}
	for (const ref of intent.add ?? []) {
		const result = addGroup(text, ref.id, ref.name);
		changed ||= result.changed;
		text = result.value;
	}
	return changed ? { value: text, changed } : { value: groupListText(value), changed: false };
}
