/**
 * SCIM `userName` is `caseExact: false` (RFC 7643 §4.1.1): `JSmith` and `jsmith` are the same
 * user. Every login comparison of the bridge goes through `sameLogin`, and every lookup of a
 * login on AR through `findByLogin`, so the rule lives here only.
 *
 * On a case-insensitive database (SQL Server's default) `'Login Name' = "jsmith"` already finds
 * `JSmith`. On a case-sensitive one (Oracle's default) it does not, and AR qualifications have no
 * lower-case function, so the lookup also asks for every login that starts with the first three
 * characters in any case (at most 8 LIKE patterns, one request) and compares here, ignoring case.
 */
import { buildCondition, equalsQualification } from '../../ArSystem/helpers/qualification';
import type { ArEntry } from '../../ArSystem/transport';
import { listEntries } from '../../ArSystem/transport';
import type { ScimContext } from './context';

/** Comparison key of a login: Unicode-normalised, lower case. */
export function loginKey(login: string): string {
	return login.normalize('NFC').toLowerCase();
}

/** Whether two logins are the same SCIM userName. */
export function sameLogin(a: unknown, b: unknown): boolean {
	return loginKey(String(a ?? '')) === loginKey(String(b ?? ''));
}

/** The prefixes `js`, `jS`, `Js`, `JS`… of the first `length` characters in every case. */
export function casePrefixes(login: string, length = 3): string[] {
	let prefixes = [''];
	for (const ch of [...login].slice(0, length)) {
		const variants = [...new Set([ch.toLowerCase(), ch.toUpperCase()])].filter((v) => [...v].length === 1);
		prefixes = prefixes.flatMap((p) => (variants.length > 0 ? variants : [ch]).map((v) => p + v));
	}
	return prefixes;
}

/** Qualification matching `login` exactly or any login sharing its first characters in any case. */
export function loginCandidatesQualification(field: string, login: string): string {
	const parts = [equalsQualification(field, login)];
	for (const prefix of casePrefixes(login)) {
		// 'local' escaping: LIKE special characters become `_` (any one character), which every
		// database flavour reads the same way; the comparison below decides.
		parts.push(buildCondition({ field, operator: 'startsWith', value: prefix }, undefined, 'local'));
	}
	return parts.join(' OR ');
}

/** Candidates read per lookup: logins sharing three leading characters are few on any server. */
const CANDIDATE_LIMIT = 2000;

/** Entries of `form` whose `field` is `login` ignoring case (usually none or one). */
export async function findByLogin(
	ctx: ScimContext,
	form: string,
	field: string,
	login: string,
	fields: string[],
): Promise<ArEntry[]> {
	const page = await listEntries.call(ctx.fn, form, {
		q: loginCandidatesQualification(field, login),
		fields: fields.includes(field) ? fields : [...fields, field],
		limit: CANDIDATE_LIMIT,
	});
	return page.entries.filter((entry) => sameLogin(entry.values[field], login));
}
