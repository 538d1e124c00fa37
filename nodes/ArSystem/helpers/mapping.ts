import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, jsonParse } from 'n8n-workflow';

import type { FormField, FormMetadata } from './metadata';
import { findField } from './metadata';
import { CodecError, writeValue } from './codec';
import { clip } from './text';
import type { ArFunctions } from '../transport';

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

function fail(this: ArFunctions, i: number, message: string, description: string): never {
	throw new NodeOperationError(this.getNode(), message, { itemIndex: i, description });
}

/** Converts one user value through the datatype codec; a bad value fails the item, naming the field. */
function convertValue(this: ArFunctions, i: number, field: FormField, value: unknown): unknown {
	try {
		return writeValue(field, value);
	} catch (error) {
		if (error instanceof CodecError) return fail.call(this, i, error.message, error.description);
		return fail.call(this, i, `Field '${field.name}': ${(error as Error).message}`, 'Check the value.');
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
	this: ArFunctions,
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
