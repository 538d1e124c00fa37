/**
 * "Same login" as the AR server means it. AR hands every comparison of a qualification to its
 * database, so whether a row spelled `JSMITH` belongs to the user `jsmith` is the database's
 * collation: SQL Server's default collations ignore case, Oracle compares exactly unless the site
 * made it case-insensitive. ITSM's own workflow joins logins through such queries, so on a
 * case-insensitive server `JSMITH` rows ARE jsmith's access, and on a case-sensitive one they are
 * another login's (or nobody's). Code that matches rows to logins after a query must use the same
 * rule, or it drops access the server counts (Offboard then reports "nothing to change") or
 * merges two logins the server keeps apart.
 *
 * The collation is asked of the server once per credential identity (Server URL, user, password,
 * authentication string; see transport/sessions.ts) and process, and cached for an hour: two
 * reads of the Group form, which every user may read and every server fills (group 1 is
 * Administrator on every AR server).
 */
import type { ArFunctions } from '../transport';
import { CREDENTIAL_TYPE, listEntries } from '../transport';
import { identityFingerprint } from '../transport/sessions';
import { getFormMetadata } from './metadata';
import { combine, equalsQualification } from './qualification';

export type Collation = 'caseInsensitive' | 'caseSensitive';

/** How keys are compared under one collation. */
export interface KeyRule {
	collation: Collation;
	/** The form of a value two values share exactly when the server calls them equal. */
	key(value: unknown): string;
	same(a: unknown, b: unknown): boolean;
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

/**
 * Case-insensitive keys fold with toLowerCase: SQL Server's `_CI_AS` collations ignore case but
 * not accents, and so does this (`Zoë` ≠ `Zoe`).
 */
export function keyRule(collation: Collation): KeyRule {
	const key = collation === 'caseInsensitive' ? (value: unknown) => text(value).toLowerCase() : text;
	return { collation, key, same: (a, b) => key(a) === key(b) };
}

/** A Map whose keys are compared under a collation: `get('JSMITH')` finds what `set('jsmith')` put. */
export class KeyedMap<V> {
	private readonly map = new Map<string, V>();

	constructor(readonly rule: KeyRule) {}

	get(key: unknown): V | undefined {
		return this.map.get(this.rule.key(key));
	}

	has(key: unknown): boolean {
		return this.map.has(this.rule.key(key));
	}

	set(key: unknown, value: V): this {
		this.map.set(this.rule.key(key), value);
		return this;
	}

	values(): IterableIterator<V> {
		return this.map.values();
	}

	get size(): number {
		return this.map.size;
	}
}

/** Rows grouped by a key under the collation (for example memberships by login). */
export function groupByKey<T>(rule: KeyRule, rows: T[], key: (row: T) => unknown): KeyedMap<T[]> {
	const out = new KeyedMap<T[]>(rule);
	for (const row of rows) {
		const list = out.get(key(row));
		if (list) list.push(row);
		else out.set(key(row), [row]);
	}
	return out;
}

const CACHE_MS = 60 * 60 * 1000;
const detected = new Map<string, { at: number; collation: Promise<Collation> }>();

/** Swaps the case of every cased letter: `Administrator` → `aDMINISTRATOR`. */
function swapCase(value: string): string {
	return [...value].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
}

const hasCase = (value: string) => value.toLowerCase() !== value.toUpperCase();

/**
 * Asks the server: a group's name in swapped case, ANDed with its Group ID, finds that group only
 * under a case-insensitive collation. undefined when the Group form holds no name with letters.
 */
async function probe(this: ArFunctions): Promise<Collation | undefined> {
	// Group form, fields 106 Group ID and 105 Group Name (helpers/identity.ts, which imports this).
	const metadata = await getFormMetadata.call(this, 'Group');
	const idField = metadata.byId.get(106)?.name;
	const nameField = metadata.byId.get(105)?.name;
	if (!idField || !nameField) return undefined;
	const page = await listEntries.call(this, 'Group', { fields: [idField, nameField], limit: 50 });
	const sample = page.entries
		.map((entry) => ({ id: entry.values[idField], name: text(entry.values[nameField]) }))
		.find((group) => typeof group.id === 'number' && hasCase(group.name));
	if (!sample) return undefined;
	const q = combine(
		[equalsQualification(idField, sample.id as number), equalsQualification(nameField, swapCase(sample.name))],
		'AND',
	);
	const found = await listEntries.call(this, 'Group', { q, fields: [idField], limit: 1 });
	return found.entries.length > 0 ? 'caseInsensitive' : 'caseSensitive';
}

/**
 * The server's collation, detected once per credential identity and cached. When the server
 * cannot tell (no group name with letters, or the Group form cannot be read), logins are compared case-insensitively and the answer
 * is not cached: rows come from the server's own `=` queries, so folding case never adds a row
 * the server did not match, while comparing exactly on a case-insensitive server loses access.
 */
export async function serverCollation(this: ArFunctions): Promise<Collation> {
	const identity = identityFingerprint(await this.getCredentials(CREDENTIAL_TYPE));
	const cached = detected.get(identity);
	if (cached && Date.now() - cached.at < CACHE_MS) return await cached.collation;
	const collation = (async () => {
		// A login that may not read the Group form must not lose the operation over this.
		const answer = await probe.call(this).catch(() => undefined);
		if (answer === undefined) detected.delete(identity);
		return answer ?? 'caseInsensitive';
	})();
	detected.set(identity, { at: Date.now(), collation });
	return await collation;
}

/** The key rule of the server behind this execution's credential. */
export async function serverKeyRule(this: ArFunctions): Promise<KeyRule> {
	return keyRule(await serverCollation.call(this));
}

/** Forgets every detected collation (tests that switch the emulator's collation at runtime). */
export function forgetCollations(): void {
	detected.clear();
}
