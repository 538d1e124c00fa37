/**
 * Entry and metadata operations. Callers speak in forms, entry IDs, qualifications and field
 * names; this module turns them into requests and checks the shape of what comes back.
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { appendsOnWrite, codecFieldOf } from '../helpers/codec';
import type { CodecField } from '../helpers/codec';
import { isHtmlBody } from './arMessages';
import { buildNodeApiError, toNodeApiError } from './errors';
import { readBackVerdict } from './readBack';
import type { ReadBackVerdict } from './readBack';
import { arRequest } from './request';
import type { ArResponse } from './request';
import type {
	ArEntry,
	ArErrorContext,
	ArFieldMeta,
	ArFunctions,
	ArListPage,
	ArListQuery,
	ArMergeOptions,
} from './types';
import {
	entryIdFromLocation,
	entryPath,
	fieldsParam,
	fieldsPath,
	FORMS_API,
	joinQuery,
	listQueryString,
	mergePath,
} from './urls';
import { safeWrite } from './writes';
import type { WriteResult } from './writes';

/** Rows asked for when a list call names no limit. */
export const DEFAULT_LIST_LIMIT = 1000;

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A 2xx answer that is not what the REST API sends (an HTML page, a wrong shape). */
function unexpectedResponse(
	this: ArFunctions,
	response: ArResponse,
	expected: string,
	context: ArErrorContext,
): NodeApiError {
	const html = isHtmlBody(response.body);
	const message = html
		? `The server answered with a web page instead of ${expected}`
		: `Unexpected answer from the AR System server: expected ${expected}`;
	const description = html
		? 'The Server URL in the AR System API credential may point at the Mid-Tier, Smart IT or a ' +
			'single sign-on page. Use the AR System REST API address, e.g. https://ar.example.com:8443 ' +
			'or https://<tenant>-restapi.onbmc.com.'
		: `HTTP status ${response.statusCode}${context.form ? `, form '${context.form}'` : ''}.`;
	// No httpCode: the request did not fail at the HTTP level.
	return buildNodeApiError(this.getNode(), { message, description });
}

function toEntry(raw: unknown): ArEntry | undefined {
	if (!isObject(raw) || !isObject(raw.values)) return undefined;
	const entry: ArEntry = { values: raw.values };
	if (isObject(raw._links)) entry._links = raw._links;
	return entry;
}

function hasLink(links: IDataObject, relation: string): boolean {
	const link = links[relation];
	if (Array.isArray(link)) return link.length > 0;
	return isObject(link) && typeof link.href === 'string';
}

/** One page of `GET /entry/{form}`. `limit` is always sent. */
export async function listEntries(
	this: ArFunctions,
	form: string,
	query: ArListQuery,
): Promise<ArListPage> {
	const context: ArErrorContext = { form, qualification: query.q?.trim() || undefined };
	const response = await arRequest.call(this, {
		method: 'GET',
		path: entryPath(form),
		query: listQueryString(query, DEFAULT_LIST_LIMIT),
		context,
	});
	const body = response.body;
	if (!isObject(body) || !Array.isArray(body.entries)) {
		throw unexpectedResponse.call(this, response, 'a list of entries', context);
	}
	const entries = body.entries.map(toEntry);
	if (entries.some((entry) => entry === undefined)) {
		throw unexpectedResponse.call(this, response, 'entries with values', context);
	}
	const links = isObject(body._links) ? body._links : undefined;
	return {
		entries: entries as ArEntry[],
		hasNext: links !== undefined && hasLink(links, 'next'),
		sawLinks: links !== undefined,
	};
}

/** `GET /entry/{form}/{id}`, optionally limited to some fields. */
export async function getEntry(
	this: ArFunctions,
	form: string,
	id: string,
	fields?: string[],
): Promise<ArEntry> {
	const context: ArErrorContext = { form, id };
	const response = await arRequest.call(this, {
		method: 'GET',
		path: entryPath(form, id),
		query: fields?.length ? joinQuery([['fields', fieldsParam(fields)]]) : undefined,
		context,
	});
	const entry = toEntry(response.body);
	if (!entry) throw unexpectedResponse.call(this, response, 'an entry', context);
	return entry;
}

/** The new entry's ID from `Location`; undefined for a 204 (join and display-only forms). */
function createdId(response: ArResponse, form: string): string | undefined {
	if (response.statusCode === 204) return undefined;
	return entryIdFromLocation(response.headers.location ?? response.headers.Location, form);
}

/**
 * `POST /entry/{form}`. Never re-sent: without a match key a lost answer cannot be verified.
 * `returnFields` asks the server for the values it stored and assigned, in the same request
 * (`?fields=values(...)`, answered `{values, _links}`); a field that does not exist is simply
 * absent from the answer. A server that answers 201 with an empty body anyway (AR 25.2+) is asked
 * for them with a GET of the new entry.
 */
export async function createEntry(
	this: ArFunctions,
	form: string,
	values: IDataObject,
	returnFields: string[] = [],
): Promise<{ requestId?: string; returned?: IDataObject }> {
	const result = await safeWrite.call(this, {
		what: `Creation of an entry on form '${form}'`,
		send: async () =>
			await arRequest.call(this, {
				method: 'POST',
				path: entryPath(form),
				query: returnFields.length ? joinQuery([['fields', fieldsParam(returnFields)]]) : undefined,
				body: { values },
				context: { form },
			}),
		presentMeans: 'the entry is there',
		checkHint:
			`Search form '${form}' for the entry before running this item again, or use Entry → ` +
			'Create or Update with a match field, whose lost answers can be verified.',
		context: { form },
	});
	const requestId = result.response ? createdId(result.response, form) : undefined;
	if (!returnFields.length || !result.response) return { requestId };
	const answered = toEntry(result.response.body);
	if (answered) return { requestId, returned: answered.values };
	if (requestId === undefined) return { requestId };
	return { requestId, returned: (await getEntry.call(this, form, requestId, returnFields)).values };
}

/**
 * The codec's view of the form's stored fields, for read-back (one metadata request). DISPLAY
 * fields are never stored (they read back empty), so they are left out: they prove nothing.
 */
async function codecFields(this: ArFunctions, form: string): Promise<CodecField[]> {
	const metas = await getFormFields.call(this, form);
	return metas.filter((meta) => String(meta.field_option).toUpperCase() !== 'DISPLAY').map(codecFieldOf);
}

/** The fields of `values` whose writes append (diaries): read-back needs them from before. */
function appendedNames(values: IDataObject, fields: CodecField[] | undefined): string[] {
	if (!fields) return [];
	const byName = new Map(fields.map((field) => [field.name, field]));
	return Object.keys(values).filter((name) => appendsOnWrite(byName.get(name)));
}

/** Whether an error is AR's "no such entry" (302 / 404), as opposed to a missing form or a failure. */
function isMissingEntry(error: unknown): boolean {
	const e = error as { httpCode?: unknown; message?: unknown };
	return String(e?.httpCode) === '404' && !/\b303\b/.test(String(e?.message ?? ''));
}

export interface UpdateOptions {
	/**
	 * The form's fields (the caller's metadata). With them, a write that appends to a diary first
	 * reads that diary, so that reading back can tell the entry it adds from the same text written
	 * before; without them such a write is verified without that proof (see readBack.ts).
	 */
	fields?: CodecField[];
	/**
	 * Judges a lost answer from the values read back instead of comparing them with the values
	 * sent. A value computed from an earlier read (a Group List edit) passes one that never says
	 * 'absent': another writer may have changed the field since, and re-sending the stale value
	 * would undo that change; the caller re-reads and re-applies its own change instead.
	 */
	readBack?: (read: IDataObject) => ReadBackVerdict;
}

/** `PUT /entry/{form}/{id}`: only the fields sent change. A lost answer is verified by reading back. */
export async function updateEntry(
	this: ArFunctions,
	form: string,
	id: string,
	values: IDataObject,
	options: UpdateOptions = {},
): Promise<WriteResult> {
	const { fields } = options;
	const appends = appendedNames(values, fields);
	const before = appends.length ? (await getEntry.call(this, form, id, appends)).values : {};
	return await safeWrite.call(this, {
		what: `Update of entry '${id}' on form '${form}'`,
		send: async () =>
			await arRequest.call(this, {
				method: 'PUT',
				path: entryPath(form, id),
				body: { values },
				context: { form, id },
			}),
		verify: async (): Promise<ReadBackVerdict> => {
			if (options.readBack) {
				return options.readBack((await getEntry.call(this, form, id, Object.keys(values))).values);
			}
			const known = fields ?? (await codecFields.call(this, form));
			const entry = await getEntry.call(this, form, id, Object.keys(values));
			return readBackVerdict(values, entry.values, known, before);
		},
		presentMeans: 'the entry holds the values sent',
		checkHint: `Check the fields this item sets on entry '${id}' of form '${form}' before running it again.`,
		context: { form, id },
	});
}

/** `DELETE /entry/{form}/{id}`. A lost answer is verified by reading back: is the entry gone? */
export async function deleteEntry(this: ArFunctions, form: string, id: string): Promise<WriteResult> {
	return await safeWrite.call(this, {
		what: `Deletion of entry '${id}' on form '${form}'`,
		send: async () =>
			await arRequest.call(this, {
				method: 'DELETE',
				path: entryPath(form, id),
				context: { form, id },
			}),
		verify: async (): Promise<ReadBackVerdict> => {
			try {
				await getEntry.call(this, form, id);
				return 'absent';
			} catch (error) {
				if (isMissingEntry(error)) return 'present';
				throw toNodeApiError(this.getNode(), error, { form, id });
			}
		},
		presentMeans: 'the entry is gone',
		checkHint: `Check whether entry '${id}' still exists on form '${form}' before running this item again.`,
		context: { form, id },
	});
}

/** Merge types whose end state "an entry matching the qualification holds these values" can be checked. */
const VERIFIABLE_MERGES = new Set<ArMergeOptions['mergeType']>(['DUP_MERGE', 'DUP_OVERWRITE']);

/**
 * `POST /mergeEntry/{form}` with the merge options AR documents. A lost answer is verified where
 * a match key exists (the match qualification, or the Request ID among the values) and the merge
 * type updates the match (DUP_MERGE, DUP_OVERWRITE); otherwise it is reported as unknown.
 */
export async function mergeEntry(
	this: ArFunctions,
	form: string,
	values: IDataObject,
	options: ArMergeOptions,
): Promise<{ requestId?: string }> {
	const mergeOptions: IDataObject = { mergeType: options.mergeType };
	if (options.ignoreRequired !== undefined) mergeOptions.ignoreRequired = options.ignoreRequired;
	if (options.ignorePatterns !== undefined) mergeOptions.ignorePatterns = options.ignorePatterns;
	// AR runs the form's filters unless told not to; the node always says which.
	if (options.workflowEnabled !== undefined) mergeOptions.workflowEnabled = options.workflowEnabled;
	if (options.multimatchOption !== undefined) {
		mergeOptions.multimatchOption = options.multimatchOption;
	}
	const body: IDataObject = { values, mergeOptions };
	const qualification = options.qualification?.trim();
	if (qualification) body.qualification = qualification;
	let matchedId: string | undefined;
	let matchedBy = qualification;
	const result = await safeWrite.call(this, {
		what: `Create or update (merge) on form '${form}'`,
		send: async () =>
			await arRequest.call(this, {
				method: 'POST',
				path: mergePath(form),
				body,
				context: { form, qualification },
			}),
		verify: VERIFIABLE_MERGES.has(options.mergeType)
			? async (): Promise<ReadBackVerdict> => {
					const fields = options.fields ?? (await codecFields.call(this, form));
					const idName = fields.find((field) => field.id === 1)?.name;
					const id = idName === undefined ? undefined : values[idName];
					if (!matchedBy) {
						// No qualification: AR merged on the Request ID, so the entry is read by its ID
						// (transport builds no qualifications; that language is the domain's).
						if (typeof id !== 'string' || id === '') return 'unknown';
						let entry: ArEntry;
						try {
							entry = await getEntry.call(this, form, id, Object.keys(values));
						} catch (error) {
							if (isMissingEntry(error)) return 'absent';
							throw error;
						}
						matchedId = id;
						return readBackVerdict(values, entry.values, fields, options.before);
					}
					const page = await listEntries.call(this, form, {
						q: matchedBy,
						fields: [...new Set([...(idName ? [idName] : []), ...Object.keys(values)])],
						limit: 2,
					});
					if (page.entries.length === 0) return 'absent';
					if (page.entries.length > 1) return 'unknown';
					const found = page.entries[0].values;
					matchedId = idName && typeof found[idName] === 'string' ? found[idName] : undefined;
					// The diaries as they were, when the caller read the match before merging.
					return readBackVerdict(values, found, fields, options.before);
				}
			: undefined,
		presentMeans: 'the matching entry holds the values sent',
		checkHint:
			`Search form '${form}' for the entry${matchedBy ? ` (match: ${matchedBy})` : ''} before ` +
			'running this item again.',
		context: { form, qualification },
	});
	return { requestId: result.response ? createdId(result.response, form) : matchedId };
}

/** `GET /api/arsys/v1.0/fields/{form}`: every field with its ID, name, datatype and limits. */
export async function getFormFields(this: ArFunctions, form: string): Promise<ArFieldMeta[]> {
	const context: ArErrorContext = { form };
	const response = await arRequest.call(this, { method: 'GET', path: fieldsPath(form), context });
	const body = response.body;
	if (!Array.isArray(body)) throw unexpectedResponse.call(this, response, 'a field list', context);
	const fields: ArFieldMeta[] = [];
	for (const field of body) {
		// Some servers send IDs as numeric strings; anything without an ID and a name is not a field.
		if (!isObject(field) || typeof field.name !== 'string') continue;
		const id = Number(field.id);
		if (!Number.isFinite(id)) continue;
		fields.push({ ...field, id, name: field.name, datatype: String(field.datatype ?? '') });
	}
	return fields;
}

/** `GET /api/arsys/v1.0/form`: the names of the forms the account can see. */
export async function listForms(this: ArFunctions): Promise<string[]> {
	const response = await arRequest.call(this, { method: 'GET', path: FORMS_API });
	const body = response.body;
	if (!Array.isArray(body)) throw unexpectedResponse.call(this, response, 'a form list', {});
	return body
		.map((form) => (isObject(form) ? form.name : form))
		.filter((name): name is string => typeof name === 'string' && name !== '');
}
