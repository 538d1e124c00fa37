import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ArEntry, ArFunctions } from '../transport';
import { listEntries } from '../transport';
import { arRequestAllPages } from '../transport/pagination';
import { groupKey } from './groupList';
import type { WriteMode } from './mapping';
import { convertValues } from './mapping';
import type { FormMetadata } from './metadata';
import { getFormMetadata } from './metadata';
import { entryId } from './query';
import { buildCondition, equalsQualification, fieldRef, quoteString } from './qualification';
import { clip } from './text';

/**
 * Field IDs of the identity forms. IDs are stable across servers while names are not (the
 * reference lists several names as inferred), so names are always looked up from metadata.
 */
export const USER_FIELDS = {
	status: 7,
	fullName: 8,
	login: 101,
	password: 102,
	email: 103,
	groupList: 104,
	notify: 108,
	license: 109,
} as const;

export const GROUP_FIELDS = { name: 105, id: 106, type: 107, category: 120, longName: 8 } as const;

export const PEOPLE_FIELDS = { loginId: 4, status: 7 } as const;

export const USER_FORM = 'User';
export const GROUP_FORM = 'Group';
export const PEOPLE_FORM = 'CTM:People';

/** The name of field `id` on a form, or a clear error when the server's form lacks it. */
export function fieldName(metadata: FormMetadata, id: number): string {
	const field = metadata.byId.get(id);
	if (!field) {
		throw new Error(
			`Form '${metadata.form}' has no field with ID ${id}; this server's ${metadata.form} form differs from the standard one`,
		);
	}
	return field.name;
}

/** First entry matching a qualification, or undefined. */
export async function findOne(
	this: ArFunctions,
	form: string,
	q: string,
	fields?: string[],
): Promise<ArEntry | undefined> {
	const page = await listEntries.call(this, form, { q, fields, limit: 1 });
	return page.entries[0];
}

export interface LocatedEntry {
	requestId: string;
	entry: ArEntry;
	metadata: FormMetadata;
}

/** How many entries sharing a key an ambiguity error lists. */
const CANDIDATES_SHOWN = 10;

/**
 * Reads an entry located by a resource locator whose modes are list/ID/a key field. A key that
 * more than one entry holds (support group names repeat across companies) is refused with the
 * candidates listed, never resolved to whichever comes first.
 */
export async function locateEntry(
	this: IExecuteFunctions,
	i: number,
	options: {
		parameter: string;
		form: string;
		/** Mode name → field ID it looks up by (the list mode's value uses the first key). */
		keys: Record<string, number>;
		noun: string;
		fields?: string[];
		/** One candidate of an ambiguous key, e.g. "Service Desk (Calbro Services, ID SGP…)". */
		describe?: (entry: ArEntry) => string;
		/** How to pick one of several, e.g. "Pick it by Support Group ID or from the list". */
		howToPick?: string;
	},
): Promise<LocatedEntry> {
	const locator = this.getNodeParameter(options.parameter, i) as { mode?: string; value?: unknown };
	const value = String(locator?.value ?? '').trim();
	const mode = locator?.mode ?? 'list';
	const metadata = await getFormMetadata.call(this, options.form);
	if (value === '') {
		throw new NodeOperationError(this.getNode(), `No ${options.noun} given`, {
			itemIndex: i,
			description: `Pick a ${options.noun} from the list or enter one.`,
		});
	}
	if (mode === 'id') {
		// A lookup rather than GET /entry/{id}: a missing ID then reads as "not found" for this
		// resource instead of a generic ARERR 302, and IDs over 15 characters are not sent as paths.
		const entry = await findOne.call(this, options.form, equalsQualification(1, value), options.fields);
		if (!entry) {
			throw new NodeOperationError(this.getNode(), `No ${options.noun} with Request ID '${clip(value)}'`, {
				itemIndex: i,
				description: 'Check the ID; the entry may have been deleted.',
			});
		}
		return { requestId: value, entry, metadata };
	}
	const keyId = options.keys[mode] ?? Object.values(options.keys)[0];
	const key = fieldName(metadata, keyId);
	const isInteger = metadata.byId.get(keyId)?.datatype === 'INTEGER';
	// Digits only: Number() would also read 0x1 or 1e3 and find group 1 or 1000.
	if (isInteger && !/^\d{1,10}$/.test(value)) {
		throw new NodeOperationError(this.getNode(), `'${clip(value)}' is not a valid ${key}`, {
			itemIndex: i,
			description: `${key} is a whole number such as 400002.`,
		});
	}
	const keyValue = isInteger ? Number(value) : value;
	// Through the datatype codec, like every other qualification literal.
	const q = buildCondition({ field: key, operator: 'equals', value: keyValue }, metadata.byName.get(key));
	const { entries } = await listEntries.call(this, options.form, {
		q,
		fields: options.fields,
		limit: CANDIDATES_SHOWN + 1,
	});
	const entry = entries[0];
	if (entries.length > 1) {
		const describe =
			options.describe ?? ((candidate: ArEntry) => `Request ID ${entryId(candidate, metadata.idField.name) ?? '?'}`);
		const shown = entries.slice(0, CANDIDATES_SHOWN).map(describe);
		const more = entries.length > CANDIDATES_SHOWN ? ` and more` : '';
		throw new NodeOperationError(
			this.getNode(),
			`${entries.length > CANDIDATES_SHOWN ? `More than ${CANDIDATES_SHOWN}` : entries.length} ${options.noun}s have ${key} '${clip(value)}'`,
			{
				itemIndex: i,
				description: `Candidates: ${shown.join('; ')}${more}. ${options.howToPick ?? `Pick the ${options.noun} by ID or from the list`}.`,
			},
		);
	}
	if (!entry) {
		throw new NodeOperationError(this.getNode(), `No ${options.noun} with ${key} '${clip(value)}'`, {
			itemIndex: i,
			description: `Check the ${key}; whether case matters depends on the server's database (Oracle: yes, SQL Server: usually not).`,
		});
	}
	return { requestId: entryId(entry, metadata.idField.name) ?? '', entry, metadata };
}

/** Group ID → name for every group, one listing per execution (cached on the context). */
const groupNameCache = new WeakMap<object, Promise<Map<string, string>>>();

export async function groupNames(this: IExecuteFunctions): Promise<Map<string, string>> {
	let pending = groupNameCache.get(this);
	if (!pending) {
		pending = (async () => {
			const metadata = await getFormMetadata.call(this, GROUP_FORM);
			const idName = fieldName(metadata, GROUP_FIELDS.id);
			const nameName = fieldName(metadata, GROUP_FIELDS.name);
			const entries = await arRequestAllPages.call(
				this,
				GROUP_FORM,
				{ fields: [idName, nameName] },
				{ idField: metadata.idField.name },
			);
			return new Map(
				entries.map((entry) => [String(entry.values[idName]), String(entry.values[nameName] ?? '')]),
			);
		})();
		pending.catch(() => groupNameCache.delete(this));
		groupNameCache.set(this, pending);
	}
	return await pending;
}

/** Group ID → name, and name → ID, for resolving Group List tokens. */
export interface GroupDirectory {
	names: Map<string, string>;
	ids: Map<string, string>;
}

export function groupDirectory(names: Map<string, string>): GroupDirectory {
	return { names, ids: new Map([...names].map(([id, name]) => [name, id])) };
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

/**
 * Builds write values from named parameters keyed by field ID plus the Other Fields collection,
 * then validates and converts them like every other write (enum labels checked before sending).
 */
export function valuesFromNamedFields(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	byId: Record<number, unknown>,
	otherFields: IDataObject | undefined,
	mode: WriteMode,
): IDataObject {
	const raw: IDataObject = {};
	for (const [id, value] of Object.entries(byId)) {
		if (value === undefined) continue;
		raw[fieldName(metadata, Number(id))] = value as IDataObject[string];
	}
	const rows = (Array.isArray(otherFields?.field) ? otherFields?.field : []) as IDataObject[];
	for (const row of rows) {
		if (!row.name) continue;
		raw[String(row.name)] = row.value as IDataObject[string];
	}
	return convertValues.call(this, i, metadata, raw, mode);
}

export interface ResolvedGroup {
	groupId: number;
	name: string;
	requestId: string;
}

/** Resolves the group locator (list value = Group ID) to its ID and name. */
export async function resolveGroup(
	this: IExecuteFunctions,
	i: number,
	parameter = 'group',
): Promise<ResolvedGroup> {
	const metadata = await getFormMetadata.call(this, GROUP_FORM);
	const located = await locateEntry.call(this, i, {
		parameter,
		form: GROUP_FORM,
		keys: { list: GROUP_FIELDS.id, groupId: GROUP_FIELDS.id, name: GROUP_FIELDS.name },
		noun: 'group',
		fields: [metadata.idField.name, fieldName(metadata, GROUP_FIELDS.id), fieldName(metadata, GROUP_FIELDS.name)],
	});
	return {
		groupId: Number(located.entry.values[fieldName(metadata, GROUP_FIELDS.id)]),
		name: String(located.entry.values[fieldName(metadata, GROUP_FIELDS.name)] ?? ''),
		requestId: located.requestId,
	};
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
	const names = await groupNames.call(this);
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

/**
 * Users whose Group List may hold the group, as a qualification that is a superset of the exact
 * answer, for any list spelling seen on servers: `1;400002;`, `1; 400002;` (spaces), no trailing
 * `;`, and the group's name in place of its ID (`Incident Master;`). A token must stand at the
 * start, after `;` or after a space, and end at `;`, a space or the end of the value, so group 1
 * never matches 10 or 100. In a name, LIKE's special characters (`%`, `_`, `[`) become `_`: a
 * literal match is impossible on Oracle-style servers and `_` matches the character everywhere.
 * Callers keep only the entries whose parsed list really holds the group (`hasGroup`).
 */
export function groupMembershipQualification(
	groupListField: string,
	groupId: number,
	groupName?: string,
): string {
	const field = fieldRef(groupListField);
	const tokens = [String(Math.trunc(groupId))];
	const name = groupName?.trim();
	if (name && !name.includes(';') && name !== tokens[0]) tokens.push(name.replace(/[%_[]/g, '_'));
	const parts: string[] = [];
	for (const token of tokens) {
		for (const left of ['', '%;', '% ']) {
			for (const right of ['', ';%', ' %']) {
				const pattern = `${left}${token}${right}`;
				const exact = left === '' && right === '';
				parts.push(`${field} ${exact ? '=' : 'LIKE'} ${quoteString(pattern)}`);
			}
		}
	}
	return parts.join(' OR ');
}
