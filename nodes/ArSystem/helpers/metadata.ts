import type { ArFieldMeta, ArFunctions } from '../transport';
import { getFormFields } from '../transport';
import { codecFieldOf } from './codec';
import type { QualField } from './qualification';

export interface FormField extends QualField {
	/** DECIMAL / CURRENCY: digits the server keeps after the point. */
	precision?: number;
	/** REQUIRED, OPTIONAL, SYSTEM or DISPLAY, as the server reports it. */
	option: string;
	required: boolean;
	/** Core fields the server fills in itself (Request ID, dates, Submitter...). */
	system: boolean;
}

export interface FormMetadata {
	form: string;
	fields: FormField[];
	byName: Map<string, FormField>;
	byId: Map<number, FormField>;
	/** Field 1: its name differs per form (Request ID, Person ID, Entry ID). */
	idField: FormField;
}

/** Core fields the server maintains; never offered for writing. */
const SYSTEM_FIELD_IDS = new Set([1, 2, 3, 5, 6, 15, 179]);

export function toFormField(meta: ArFieldMeta): FormField {
	const option = String(meta.field_option ?? 'OPTIONAL').toUpperCase();
	return {
		// Datatype, selection items and scale, read by the codec (the one place that knows them).
		...codecFieldOf(meta),
		option,
		required: option === 'REQUIRED',
		system: option === 'SYSTEM' || SYSTEM_FIELD_IDS.has(Number(meta.id)),
	};
}

export function buildFormMetadata(form: string, metas: ArFieldMeta[]): FormMetadata {
	const fields = metas
		.map(toFormField)
		.filter((field) => field.option !== 'DISPLAY')
		.sort((a, b) => a.id - b.id);
	const byName = new Map(fields.map((field) => [field.name, field]));
	const byId = new Map(fields.map((field) => [field.id, field]));
	const idField = byId.get(1) ?? {
		id: 1,
		name: 'Request ID',
		datatype: 'CHAR',
		option: 'SYSTEM',
		required: false,
		system: true,
	};
	return { form, fields, byName, byId, idField };
}

/** One metadata request per form per node execution: the context object is the cache key. */
const cache = new WeakMap<object, Map<string, Promise<FormMetadata>>>();

export async function getFormMetadata(this: ArFunctions, form: string): Promise<FormMetadata> {
	let perContext = cache.get(this);
	if (!perContext) {
		perContext = new Map();
		cache.set(this, perContext);
	}
	let pending = perContext.get(form);
	if (!pending) {
		pending = getFormFields.call(this, form).then((metas) => buildFormMetadata(form, metas));
		// A failed lookup must not poison later items of the same execution.
		pending.catch(() => perContext?.delete(form));
		perContext.set(form, pending);
	}
	return await pending;
}

/** Finds a field by exact name or numeric ID. */
export function findField(metadata: FormMetadata, nameOrId: string | number): FormField | undefined {
	const text = String(nameOrId).trim();
	if (/^\d+$/.test(text)) return metadata.byId.get(Number(text));
	return metadata.byName.get(text);
}
