import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { CodecField } from '../helpers/codec';

/** Every n8n context the nodes, their pickers, the trigger and the SCIM webhook call the transport from. */
export type ArFunctions = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IWebhookFunctions;

/** One entry as the REST API returns it: values keyed by field name, plus HAL-like links. */
export interface ArEntry {
	values: IDataObject;
	_links?: IDataObject;
}

export interface ArSort {
	field: string;
	direction: 'asc' | 'desc';
}

export interface ArListQuery {
	/** AR qualification, sent fully URL-encoded. */
	q?: string;
	/** Field names for `fields=values(...)`; all readable fields when omitted. */
	fields?: string[];
	sort?: ArSort[];
	offset?: number;
	limit?: number;
}

export interface ArListPage {
	entries: ArEntry[];
	/** The response carried `_links.next`. */
	hasNext: boolean;
	/** The response had a top-level `_links` object: a server that sends links sends `next` when more rows exist. */
	sawLinks: boolean;
}

/** A field object from `GET /api/arsys/v1.0/fields/{form}`. */
export interface ArFieldMeta {
	id: number;
	name: string;
	datatype: string;
	field_option?: string;
	limit?: IDataObject;
	[k: string]: unknown;
}

export interface ArMergeOptions {
	mergeType: 'DUP_ERROR' | 'DUP_NEW_ID' | 'DUP_OVERWRITE' | 'DUP_MERGE' | 'GEN_NEW_ID';
	qualification?: string;
	ignoreRequired?: boolean;
	ignorePatterns?: boolean;
	/** false: the form's filters (numbering, assignment, audit, site rules) do not run. */
	workflowEnabled?: boolean;
	multimatchOption?: number;
	/** The form's fields as the codec sees them (read-back), when the caller has them. */
	fields?: CodecField[];
	/**
	 * The matching entry's diaries as read before the merge (null = empty, or no match), so that
	 * a lost answer's read-back can tell the entry the merge appends from earlier text.
	 */
	before?: IDataObject;
}

/** What an error message may name about the request that failed. */
export interface ArErrorContext {
	form?: string;
	id?: string;
	itemIndex?: number;
	/** The qualification sent as `q`, shown when the server rejects it. */
	qualification?: string;
	/** The credential's Server URL, named in connection errors. */
	serverUrl?: string;
	/** Length of the request URL: a long filter can exceed the server's URL limit. */
	urlLength?: number;
	/** The request failed again after a fresh login: the session itself is refused. */
	refusedAfterLogin?: boolean;
}
