/**
 * Entry and metadata operations. Callers speak in forms, entry IDs, qualifications and field
 * names; this module turns them into requests and checks the shape of what comes back.
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { isHtmlBody } from './arMessages';
import { buildNodeApiError } from './errors';
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

/** `POST /entry/{form}`; never retried, so a create cannot happen twice. */
export async function createEntry(
	this: ArFunctions,
	form: string,
	values: IDataObject,
): Promise<{ requestId?: string }> {
	const response = await arRequest.call(this, {
		method: 'POST',
		path: entryPath(form),
		body: { values },
		context: { form },
	});
	return { requestId: createdId(response, form) };
}

/** `PUT /entry/{form}/{id}`: only the fields sent change. */
export async function updateEntry(
	this: ArFunctions,
	form: string,
	id: string,
	values: IDataObject,
): Promise<void> {
	await arRequest.call(this, {
		method: 'PUT',
		path: entryPath(form, id),
		body: { values },
		context: { form, id },
	});
}

export async function deleteEntry(this: ArFunctions, form: string, id: string): Promise<void> {
	await arRequest.call(this, {
		method: 'DELETE',
		path: entryPath(form, id),
		context: { form, id },
	});
}

/** `POST /mergeEntry/{form}` with the merge options AR documents; never retried. */
export async function mergeEntry(
	this: ArFunctions,
	form: string,
	values: IDataObject,
	options: ArMergeOptions,
): Promise<{ requestId?: string }> {
	const mergeOptions: IDataObject = { mergeType: options.mergeType };
	if (options.ignoreRequired !== undefined) mergeOptions.ignoreRequired = options.ignoreRequired;
	if (options.ignorePatterns !== undefined) mergeOptions.ignorePatterns = options.ignorePatterns;
	if (options.workflowEnabled !== undefined) mergeOptions.workflowEnabled = options.workflowEnabled;
	if (options.multimatchOption !== undefined) {
		mergeOptions.multimatchOption = options.multimatchOption;
	}
	const body: IDataObject = { values, mergeOptions };
	const qualification = options.qualification?.trim();
	if (qualification) body.qualification = qualification;
	const response = await arRequest.call(this, {
		method: 'POST',
		path: mergePath(form),
		body,
		context: { form, qualification },
	});
	return { requestId: createdId(response, form) };
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
