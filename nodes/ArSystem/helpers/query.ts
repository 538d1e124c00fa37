import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ArEntry, ArListQuery, ArSort, PaginationOptions } from '../transport';
import type { FormMetadata } from './metadata';
import { isSecretField } from './mapping';
import { findField } from './metadata';
import { isToolUse } from './toolUse';
import type { LikeEscaping, LocalLikeCheck, QualCondition, QualOperator } from './qualification';
import {
	QualificationInputError,
	buildQualification,
	combine,
	localLikeChecks,
	passesLocalLikeCheck,
} from './qualification';

interface ConditionParameter {
	field?: string;
	operator?: string;
	value?: unknown;
	/** A selection field's label picked from the server's list; used instead of `value`. */
	selectionValue?: unknown;
}

const isBlank = (value: unknown) => value === undefined || value === null || String(value).trim() === '';

/** The raw Filters / Combine Conditions / Raw Qualification parameters, however they were read. */
export interface FilterParameters {
	filters?: IDataObject;
	combineWith?: 'AND' | 'OR';
	rawQualification?: string;
	/** Options → Literal Wildcards ('brackets' unless set). */
	likeEscaping?: LikeEscaping;
}

/**
 * Turns the filter parameters into one qualification; `extra` parts (a resource's fixed
 * conditions) are ANDed in. Shared by the node and the trigger, which read parameters differently.
 */
export function qualificationFrom(
	node: INode,
	parameters: FilterParameters,
	metadata: FormMetadata,
	extra: string[] = [],
	itemIndex?: number,
): string {
	return filterFrom(node, parameters, metadata, extra, itemIndex).q;
}

/** The qualification plus the text checks 'local' wildcard escaping leaves to the node. */
export function filterFrom(
	node: INode,
	parameters: FilterParameters,
	metadata: FormMetadata,
	extra: string[] = [],
	itemIndex?: number,
): { q: string; checks: LocalLikeCheck[] } {
	// Guard every fixedCollection read: an emptied collection arrives as {} (n8n #36224).
	const filters = parameters.filters ?? {};
	const rows = (Array.isArray(filters.conditions) ? filters.conditions : []) as ConditionParameter[];
	const conditions: QualCondition[] = rows.map((row, index) => {
		if (!row.field) {
			throw new NodeOperationError(node, `Filter condition ${index + 1} has no field`, {
				itemIndex,
				description: 'Pick a field in Filters → Conditions, or remove the empty condition.',
			});
		}
		const picked = !isBlank(row.selectionValue);
		if (picked && !isBlank(row.value) && String(row.value) !== String(row.selectionValue)) {
			throw new NodeOperationError(node, `Filter condition ${index + 1} has both a Value and a Selection Value`, {
				itemIndex,
				description: 'Clear one of them in Filters → Conditions: the Selection Value is used instead of Value.',
			});
		}
		return {
			field: String(row.field),
			operator: (row.operator ?? 'equals') as QualOperator,
			value: picked ? row.selectionValue : row.value,
		};
	});
	try {
		const likeEscaping = parameters.likeEscaping ?? 'brackets';
		const combineWith = parameters.combineWith ?? 'AND';
		const built = buildQualification({
			conditions,
			combineWith,
			raw: parameters.rawQualification ?? '',
			fields: metadata.fields,
			likeEscaping,
		});
		const checks =
			likeEscaping === 'local'
				? localLikeChecks({ conditions, combineWith, fields: metadata.fields })
				: [];
		const parts = [built, ...extra].filter((part) => part.trim() !== '');
		// One part is already parenthesised as needed; wrapping it again only adds noise.
		return { q: parts.length === 1 ? parts[0] : combine(parts, 'AND'), checks };
	} catch (error) {
		const known = error instanceof QualificationInputError;
		throw new NodeOperationError(node, known ? error.message : (error as Error), {
			itemIndex,
			description: 'Fix the value in Filters, or use Raw Qualification.',
		});
	}
}

/** Reads the filter parameters of item `i` and builds the qualification. */
export function qualificationFromParameters(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	extra: string[] = [],
	likeEscaping?: LikeEscaping,
): { q: string; checks: LocalLikeCheck[] } {
	const parameters: FilterParameters = {
		filters: (this.getNodeParameter('filters', i, {}) ?? {}) as IDataObject,
		combineWith: this.getNodeParameter('combineWith', i, 'AND') as 'AND' | 'OR',
		rawQualification: this.getNodeParameter('rawQualification', i, '') as string,
		likeEscaping,
	};
	return filterFrom(this.getNode(), parameters, metadata, extra, i);
}

/** Resolves picked field names or IDs to the names the REST API keys values by. */
export function fieldNamesFromParameter(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	parameter = 'fields',
): string[] | undefined {
	// A tool has Field Names under Fields to Return (toolProperties), where its list loads late.
	const name = parameter === 'fields' && isToolUse.call(this) ? 'toolFields.fields' : parameter;
	const raw = this.getNodeParameter(name, i, []) as string[] | string;
	const picked = (Array.isArray(raw) ? raw : String(raw).split(','))
		.map((value) => String(value).trim())
		.filter((value) => value !== '');
	if (picked.length === 0) return undefined;
	return picked.map((value) => {
		const field = findField(metadata, value);
		if (!field) {
			throw new NodeOperationError(
				this.getNode(),
				`Field '${value}' does not exist on form '${metadata.form}'`,
				{ itemIndex: i, description: 'Pick the field from the list; names are case-sensitive.' },
			);
		}
		return field.name;
	});
}

export function sortFromParameters(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
): ArSort[] {
	const sort = (this.getNodeParameter('sort', i, {}) ?? {}) as IDataObject;
	const rules = (Array.isArray(sort.rules) ? sort.rules : []) as IDataObject[];
	return rules
		.filter((rule) => rule.field)
		.map((rule) => {
			const field = findField(metadata, String(rule.field));
			if (!field) {
				throw new NodeOperationError(
					this.getNode(),
					`Sort field '${String(rule.field)}' does not exist on form '${metadata.form}'`,
					{ itemIndex: i, description: 'Pick the sort field from the list.' },
				);
			}
			return { field: field.name, direction: rule.direction === 'desc' ? 'desc' : 'asc' };
		});
}

export interface GetManyRequest {
	query: Omit<ArListQuery, 'offset' | 'limit'>;
	pagination: PaginationOptions;
	simplify: boolean;
	/**
	 * Options → Literal Wildcards = Check After Reading: entries must pass these before they count; the
	 * server is then read without a limit and `limit` applies to the entries that pass.
	 */
	local?: { checks: LocalLikeCheck[]; limit?: number; addedFields: string[] };
}

/** Whether an entry passes every local check. */
export function passesLocalChecks(values: IDataObject, checks: LocalLikeCheck[]): boolean {
	return checks.every((check) => passesLocalLikeCheck(values[check.field], check));
}

/** Everything a Get Many needs from the node's parameters, validated. */
export function getManyRequestFromParameters(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	extraQualifications: string[] = [],
): GetManyRequest {
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const likeEscaping = options.likeEscaping === 'local' ? 'local' : 'brackets';
	const { q, checks } = qualificationFromParameters.call(
		this,
		i,
		metadata,
		extraQualifications,
		likeEscaping,
	);
	const limit = returnAll ? undefined : Number(this.getNodeParameter('limit', i, 50));
	if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
		throw new NodeOperationError(this.getNode(), `Limit must be a whole number of 1 or more`, {
			itemIndex: i,
			description: 'Set Limit to how many entries to return, or turn on Return All.',
		});
	}
	let fields = fieldNamesFromParameter.call(this, i, metadata);
	let local: GetManyRequest['local'];
	if (checks.length > 0) {
		// The checked fields must come back; ones the user did not pick are dropped again.
		const addedFields = fields
			? [...new Set(checks.map((c) => c.field))].filter((f) => !fields?.includes(f))
			: [];
		if (fields) fields = [...fields, ...addedFields];
		local = { checks, limit, addedFields };
	}
	return {
		local,
		query: {
			q: q || undefined,
			fields,
			sort: sortFromParameters.call(this, i, metadata),
		},
		pagination: {
			limit: local ? undefined : limit,
			pageSize: (options.pageSize as number) || undefined,
			concurrency: (options.concurrency as number) || undefined,
			idField: metadata.idField.name,
		},
		simplify: this.getNodeParameter('simplify', i, true) as boolean,
	};
}

/** The entry ID: field 1 when returned, otherwise the last segment of the self link. */
export function entryId(entry: ArEntry, idField: string): string | undefined {
	const fromValues = entry.values?.[idField];
	if (typeof fromValues === 'string' && fromValues !== '') return fromValues;
	const self = (entry._links?.self as Array<{ href?: string }> | undefined)?.[0]?.href;
	if (!self) return undefined;
	const last = self.split('?')[0].split('/').pop() ?? '';
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

/** What shaping an output item needs to know about a form. */
export interface OutputShape {
	idField: string;
	/** Password-type fields: their values ("***") never reach an output item. */
	secretFields: string[];
}

export function outputShape(metadata: FormMetadata): OutputShape {
	return {
		idField: metadata.idField.name,
		secretFields: metadata.fields.filter(isSecretField).map((field) => field.name),
	};
}

/**
 * Output shape: flattened values plus _requestId (Simplify), or the raw entry plus _requestId.
 * With Simplify the entry's own values object becomes the item instead of a copy: entries come
 * fresh from the response, and a Get Many may turn 100,000 of them into items. Secret fields are
 * set to undefined rather than deleted: `delete` turns each object into a slow dictionary-mode
 * object (measured: 12% of a 100,000-entry export), and undefined keys vanish when n8n
 * serialises the item for storage or the editor.
 */
export function entryToItem(
	entry: ArEntry,
	form: FormMetadata | OutputShape,
	simplify: boolean,
): IDataObject {
	const shape = 'secretFields' in form ? form : outputShape(form);
	const _requestId = entryId(entry, shape.idField);
	const values: IDataObject = entry.values ?? {};
	for (const secret of shape.secretFields) if (secret in values) values[secret] = undefined;
	if (!simplify) return { _requestId, values, _links: entry._links };
	values._requestId = _requestId;
	return values;
}
