import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ArEntry, ArListQuery, ArSort, PaginationOptions } from '../transport';
import type { FormMetadata } from './metadata';
import { findField } from './metadata';
import type { QualCondition, QualOperator } from './qualification';
import { QualificationInputError, buildQualification } from './qualification';

interface ConditionParameter {
	field?: string;
	operator?: string;
	value?: unknown;
}

/** Turns the Filters / Raw Qualification parameters of item `i` into one qualification. */
export function qualificationFromParameters(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	extra: string[] = [],
): string {
	const filters = (this.getNodeParameter('filters', i, {}) ?? {}) as IDataObject;
	// Guard every fixedCollection read: an emptied collection arrives as {} (n8n #36224).
	const rows = (Array.isArray(filters.conditions) ? filters.conditions : []) as ConditionParameter[];
	const conditions: QualCondition[] = rows.map((row, index) => {
		if (!row.field) {
			throw new NodeOperationError(this.getNode(), `Filter condition ${index + 1} has no field`, {
				itemIndex: i,
				description: 'Pick a field in Filters → Conditions, or remove the empty condition.',
			});
		}
		return {
			field: String(row.field),
			operator: (row.operator ?? 'equals') as QualOperator,
			value: row.value,
		};
	});
	const combineWith = this.getNodeParameter('combineWith', i, 'AND') as 'AND' | 'OR';
	const raw = this.getNodeParameter('rawQualification', i, '') as string;
	try {
		const built = buildQualification({ conditions, combineWith, raw, fields: metadata.fields });
		const parts = [built, ...extra].filter((part) => part.trim() !== '');
		if (parts.length <= 1) return parts[0] ?? '';
		return parts.map((part) => `(${part})`).join(' AND ');
	} catch (error) {
		if (error instanceof QualificationInputError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				itemIndex: i,
				description: 'Fix the value in Filters, or use Raw Qualification.',
			});
		}
		throw error;
	}
}

/** Resolves picked field names or IDs to the names the REST API keys values by. */
export function fieldNamesFromParameter(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	parameter = 'fields',
): string[] | undefined {
	const raw = this.getNodeParameter(parameter, i, []) as string[] | string;
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
	const q = qualificationFromParameters.call(this, i, metadata, extraQualifications);
	return {
		query: {
			q: q || undefined,
			fields: fieldNamesFromParameter.call(this, i, metadata),
			sort: sortFromParameters.call(this, i, metadata),
		},
		pagination: {
			limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
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

/** Output shape: flattened values plus _requestId (Simplify), or the raw entry plus _requestId. */
export function entryToItem(entry: ArEntry, idField: string, simplify: boolean): IDataObject {
	const _requestId = entryId(entry, idField);
	if (simplify) return { _requestId, ...entry.values };
	return { _requestId, values: entry.values, _links: entry._links };
}
