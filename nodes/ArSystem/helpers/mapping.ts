import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import type { FormField, FormMetadata } from './metadata';
import { findField } from './metadata';
import { brokenCharacter, clip } from './text';
import { toArDateTime } from './values';

export type WriteMode = 'create' | 'update';

/** Password-type fields: never echoed into output items. */
export function isSecretField(field: Pick<FormField, 'id' | 'name'>): boolean {
	return field.id === 102 || /password/i.test(field.name);
}

/** Drops secret fields from values that go into an output item. */
export function withoutSecrets(values: IDataObject, metadata: FormMetadata): IDataObject {
	const out: IDataObject = {};
	for (const [key, value] of Object.entries(values)) {
		const field = metadata.byName.get(key);
		if (field ? isSecretField(field) : /password/i.test(key)) continue;
		out[key] = value;
	}
	return out;
}

function fail(this: IExecuteFunctions, i: number, message: string, description: string): never {
	throw new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
}

/** Converts one user value to the JSON the REST API expects for the field's datatype. */
function convertValue(
	this: IExecuteFunctions,
	i: number,
	field: FormField,
	value: unknown,
): unknown {
	if (value === null) return null;
	switch (field.datatype) {
		case 'INTEGER':
		case 'REAL':
		case 'DECIMAL': {
			const text = String(value).trim();
			const number = typeof value === 'number' ? value : Number(text);
			// Plain decimal notation only: Number() would also take 0x10 or 1e3 for 16 and 1000.
			if (!Number.isFinite(number) || (typeof value !== 'number' && !/^[-+]?\d+(\.\d+)?$/.test(text))) {
				fail.call(
					this,
					i,
					`Field '${field.name}' needs a number, got '${clip(String(value))}'`,
					'Enter a plain number such as 42 or 3.5.',
				);
			}
			if (field.datatype === 'INTEGER' && !Number.isInteger(number)) {
				fail.call(this, i, `Field '${field.name}' needs a whole number, got '${clip(String(value))}'`, 'Round the value.');
			}
			return number;
		}
		case 'TIME':
			try {
				return toArDateTime(value);
			} catch {
				return fail.call(
					this,
					i,
					`Field '${field.name}' needs a date and time, got '${clip(String(value))}'`,
					'Use ISO 8601 (2024-05-01T13:00:00Z) or epoch seconds.',
				);
			}
		case 'ENUM': {
			const labels = (field.enumLabels ?? []).filter((label) => label !== '');
			if (typeof value === 'number' || /^\d+$/.test(String(value).trim())) {
				const index = Number(value);
				const label = field.enumLabels?.[index];
				if (labels.length > 0 && !label) {
					fail.call(
						this,
						i,
						`Field '${field.name}' has no option with index ${index}`,
						`Valid options: ${labels.join(', ')}.`,
					);
				}
				return label ?? index;
			}
			const text = String(value).trim();
			if (labels.length === 0) return text;
			const match = labels.find((label) => label.toLowerCase() === text.toLowerCase());
			if (!match) {
				fail.call(
					this,
					i,
					`'${clip(text)}' is not a valid option for field '${field.name}'`,
					`Valid options: ${labels.join(', ')}.`,
				);
			}
			return match;
		}
		default: {
			if (typeof value === 'object') return value;
			const problem = brokenCharacter(String(value));
			if (problem) {
				fail.call(this, i, `Field '${field.name}' contains ${problem}`, 'Remove it from the value.');
			}
			return String(value);
		}
	}
}

/** Reads the values to write (resource mapper or JSON) for item `i`, converted and validated. */
export function valuesFromParameters(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	mode: WriteMode,
	parameterPrefix = '',
): IDataObject {
	const inputMode = this.getNodeParameter(`${parameterPrefix}inputMode`, i, 'mapper') as string;
	let raw: IDataObject;
	if (inputMode === 'json') {
		const json = this.getNodeParameter(`${parameterPrefix}jsonValues`, i, '{}') as string | IDataObject;
		raw =
			typeof json === 'string'
				? jsonParse<IDataObject>(json, {
						errorMessage: 'Field Values (JSON) is not valid JSON',
					})
				: json;
		if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
			fail.call(this, i, 'Field Values (JSON) must be an object', 'Example: {"Short Description": "Printer down"}');
		}
	} else {
		const mappingMode = this.getNodeParameter(`${parameterPrefix}columns.mappingMode`, i, 'defineBelow');
		raw =
			mappingMode === 'autoMapInputData'
				? { ...this.getInputData()[i].json }
				: ((this.getNodeParameter(`${parameterPrefix}columns.value`, i, {}) ?? {}) as IDataObject);
	}
	return convertValues.call(this, i, metadata, raw, mode, inputMode === 'mapper');
}

/** Validates field names and converts values; shared by every write operation. */
export function convertValues(
	this: IExecuteFunctions,
	i: number,
	metadata: FormMetadata,
	raw: IDataObject,
	mode: WriteMode,
	ignoreUnknown = false,
): IDataObject {
	const values: IDataObject = {};
	for (const [key, value] of Object.entries(raw)) {
		if (value === undefined) continue;
		const field = findField(metadata, key);
		if (!field) {
			// Auto-mapped input items carry keys such as _requestId that are not fields.
			if (ignoreUnknown) continue;
			return fail.call(
				this,
				i,
				`Field '${clip(key)}' does not exist on form '${metadata.form}'`,
				'Field names are case-sensitive; pick fields in the mapper to see the valid names.',
			);
		}
		if (value === '' && mode === 'create') continue;
		values[field.name] = (value === '' ? null : convertValue.call(this, i, field, value)) as IDataObject[string];
	}
	return values;
}

/** An update with nothing to change is a mistake in the workflow, not a no-op to hide. */
export function requireChanges(this: IExecuteFunctions, i: number, values: IDataObject, where: string): void {
	if (Object.keys(values).length > 0) return;
	throw new NodeOperationError(this.getNode(), 'No fields to update', {
		itemIndex: i,
		description: `Add at least one field under ${where}.`,
	});
}
