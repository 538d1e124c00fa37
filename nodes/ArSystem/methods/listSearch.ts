import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { serverCollation } from '../helpers/collation';
import { GROUP_FIELDS, PEOPLE_FIELDS, USER_FIELDS } from '../helpers/identity';
import { buildFormMetadata } from '../helpers/metadata';
import { buildCondition, combine } from '../helpers/qualification';
import type { ArEntry } from '../transport';
import { getFormFields, listEntries, listForms } from '../transport';
import { requireCredential } from './credential';

/** The form picker: the server's form list, filtered by what the user types. */
export async function searchForms(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	requireCredential.call(this);
	const forms = await listForms.call(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = forms
		.filter((form) => needle === '' || form.toLowerCase().includes(needle))
		.sort((a, b) => a.localeCompare(b))
		.map((form) => ({ name: form, value: form }));
	return { results };
}

const PAGE = 100;
/**
 * Rows one picker request reads at most on a case-sensitive server, where the node filters: the
 * list stays bounded, and the next page (pagination token) continues the scan where it stopped.
 */
const SCAN_LIMIT = 1000;

interface EntryPicker {
	form: string;
	/** Fields the typed text is looked for in. */
	searchIds: number[];
	/** Fields shown, joined with " — " (the first also sorts the list). */
	labelIds: number[];
	/** The field whose value the locator takes; rows without one are not offered. */
	valueId: number;
}

/**
 * A searchable list of entries. The typed text matches any search field ignoring case, whatever
 * the database: a case-insensitive server compares it itself (LIKE, escaped); on a case-sensitive
 * one the node reads the rows in label order and filters them, at most SCAN_LIMIT per request.
 */
async function searchEntries(
	this: ILoadOptionsFunctions,
	picker: EntryPicker,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	requireCredential.call(this);
	const { form, searchIds, labelIds, valueId } = picker;
	const metadata = buildFormMetadata(form, await getFormFields.call(this, form));
	const name = (id: number) => metadata.byId.get(id)?.name ?? String(id);
	const text = (filter ?? '').trim();
	const inNode = text !== '' && (await serverCollation.call(this)) === 'caseSensitive';
	const q =
		text && !inNode
			? combine(
					searchIds.map((id) =>
						buildCondition({ field: name(id), operator: 'contains', value: text }, metadata.byId.get(id)),
					),
					'OR',
				)
			: undefined;
	const needle = text.toLowerCase();
	const matches = (entry: ArEntry) =>
		!inNode || searchIds.some((id) => String(entry.values[name(id)] ?? '').toLowerCase().includes(needle));
	const fields = [...new Set([valueId, ...labelIds, ...(inNode ? searchIds : [])].map(name))];
	const sort = [{ field: name(labelIds[0]), direction: 'asc' as const }];
	let offset = Number(paginationToken ?? 0) || 0;
	const start = offset;
	const found: ArEntry[] = [];
	let more = true;
	while (more && found.length < PAGE && offset - start < (inNode ? SCAN_LIMIT : PAGE)) {
		const page = await listEntries.call(this, form, { q, fields, sort, offset, limit: PAGE });
		offset += page.entries.length;
		more = page.entries.length === PAGE;
		found.push(...page.entries.filter(matches));
	}
	const results = found
		.map((entry) => {
			const value = String(entry.values[name(valueId)] ?? '');
			const labels = labelIds.map((id) => entry.values[name(id)]).filter((v) => v !== null && v !== undefined && v !== '');
			return { name: labels.map(String).join(' — ') || value, value };
		})
		// A row without the value (a People record with no login) cannot be picked: no blank rows.
		.filter((result) => result.value !== '');
	return { results, paginationToken: more ? String(offset) : undefined };
}

export async function searchUsers(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const { login, fullName } = USER_FIELDS;
	const picker = { form: 'User', searchIds: [login, fullName], labelIds: [login, fullName], valueId: login };
	return await searchEntries.call(this, picker, filter, token);
}

export async function searchGroups(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const { name, id } = GROUP_FIELDS;
	return await searchEntries.call(this, { form: 'Group', searchIds: [name], labelIds: [name, id], valueId: id }, filter, token);
}

export async function searchPeople(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	// "login — Full Name", as the User picker shows people.
	const { loginId, fullName } = PEOPLE_FIELDS;
	const picker = { form: 'CTM:People', searchIds: [loginId, fullName], labelIds: [loginId, fullName], valueId: loginId };
	return await searchEntries.call(this, picker, filter, token);
}

/** Support groups by name; the value is the Support Group ID other forms store. */
export async function searchSupportGroups(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const [id, name, organization, company] = [1, 1000000015, 1000000014, 1000000001];
	const picker = { form: 'CTM:Support Group', searchIds: [name], labelIds: [name, organization, company], valueId: id };
	return await searchEntries.call(this, picker, filter, token);
}
