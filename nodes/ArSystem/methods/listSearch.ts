import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { GROUP_FIELDS, PEOPLE_FIELDS, USER_FIELDS } from '../helpers/identity';
import { buildFormMetadata } from '../helpers/metadata';
import { buildCondition, combine } from '../helpers/qualification';
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
 * A searchable list of entries: the typed text matches any of `searchIds` (LIKE, escaped),
 * `valueId` becomes the locator's value and `labelIds` its display name.
 */
async function searchEntries(
	this: ILoadOptionsFunctions,
	form: string,
	searchIds: number[],
	labelIds: number[],
	valueId: number,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	requireCredential.call(this);
	const metadata = buildFormMetadata(form, await getFormFields.call(this, form));
	const name = (id: number) => metadata.byId.get(id)?.name ?? String(id);
	const text = (filter ?? '').trim();
	const q = text
		? combine(
				searchIds.map((id) =>
					buildCondition({ field: name(id), operator: 'contains', value: text }, metadata.byId.get(id)),
				),
				'OR',
			)
		: undefined;
	const offset = Number(paginationToken ?? 0) || 0;
	const page = await listEntries.call(this, form, {
		q,
		fields: [...new Set([valueId, ...labelIds].map(name))],
		sort: [{ field: name(labelIds[0]), direction: 'asc' }],
		offset,
		limit: PAGE,
	});
	const results = page.entries.map((entry) => {
		const labels = labelIds.map((id) => entry.values[name(id)]).filter((v) => v !== null && v !== '');
		return { name: labels.map(String).join(' — '), value: String(entry.values[name(valueId)] ?? '') };
	});
	return {
		results,
		paginationToken: page.entries.length === PAGE ? String(offset + PAGE) : undefined,
	};
}

export async function searchUsers(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const { login, fullName } = USER_FIELDS;
	return await searchEntries.call(this, 'User', [login, fullName], [login, fullName], login, filter, token);
}

export async function searchGroups(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const { name, id } = GROUP_FIELDS;
	return await searchEntries.call(this, 'Group', [name], [name, id], id, filter, token);
}

export async function searchPeople(this: ILoadOptionsFunctions, filter?: string, token?: string) {
	const { loginId } = PEOPLE_FIELDS;
	return await searchEntries.call(this, 'CTM:People', [loginId], [loginId], loginId, filter, token);
}
