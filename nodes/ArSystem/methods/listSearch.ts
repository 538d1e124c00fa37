import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listForms } from '../transport';

/** The form picker: the server's form list, filtered by what the user types. */
export async function searchForms(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const forms = await listForms.call(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = forms
		.filter((form) => needle === '' || form.toLowerCase().includes(needle))
		.sort((a, b) => a.localeCompare(b))
		.map((form) => ({ name: form, value: form }));
	return { results };
}
