/**
 * Metadata for dynamic UIs (reference §8): `GET /fields/{form}[/{ids}]`, `GET /form`,
 * `OPTIONS /entry/{form}`, and the unauthenticated `/api/about` and `/api/version`.
 *
 * Field object shape (DOC-FIELDMETA plus emulator choices for the parts no source shows):
 *   { id, name, help_text, last_update_time, owner, last_changed_by, field_option, audit,
 *     create_mode, field_mapping: { mapping_type }, datatype, default_value, limit }
 * `limit` by data type:
 *   CHAR / DIARY  { max_length (0 = unlimited), char_menu, qbe_match, pattern, length_unit }
 *   ENUM          { selection_values: [{ name, id }] }   id = the item number used in qualifications
 *                 and ordering (a custom id such as 1000 where the field has them). INFERRED:
 *                 NOICE (SupaFuzz/noice2 lib/noiceARSRow.js) reads `limit.selection_values` as
 *                 `{ id, name }` objects and orders them by parseInt(id).
 *   INTEGER       { min_value, max_value }
 *   REAL/DECIMAL  { min_value, max_value, precision }
 *   CURRENCY      { precision, allowable_types: [{ code, precision }], functional_types: [...] }
 *   others        {}
 * `?field_criteria=NAME,DATATYPE,OPTIONS,LIMIT,...` keeps `id` plus the listed parts.
 */
import { sendJson } from '../context';
import type { RequestContext } from '../context';
import { ArError, ArErrorNumber, malformed } from '../errors';
import { formatValue, scaleOf } from '../format';
import { enumTable } from '../forms/spec';
import type { FormIndex } from '../forms/spec';
import type { FieldDef } from '../forms/types';

/** When the emulator's forms were "last changed" in metadata (fixed for determinism). */
const DEFINED_AT = '2024-01-01T00:00:00.000+0000';

function limitOf(field: FieldDef): Record<string, unknown> {
	switch (field.datatype) {
		case 'CHAR':
		case 'DIARY':
			return {
				max_length: field.maxLength ?? 0,
				char_menu: '',
				qbe_match: 'ANYWHERE',
				pattern: '',
				length_unit: 'CHAR',
			};
		case 'ENUM': {
			const { ids, labels } = enumTable(field);
			return { selection_values: labels.map((name, i) => ({ name, id: ids[i] })) };
		}
		case 'INTEGER':
			return { min_value: -2147483648, max_value: 2147483647 };
		case 'REAL':
			return { min_value: -1e308, max_value: 1e308, precision: -1 };
		case 'DECIMAL':
			return {
				min_value: -99999999999999,
				max_value: 99999999999999,
				precision: scaleOf(field),
			};
		case 'CURRENCY':
			return {
				precision: scaleOf(field),
				allowable_types: [
					{ code: 'USD', precision: 2 },
					{ code: 'EUR', precision: 2 },
					{ code: 'GBP', precision: 2 },
				],
				functional_types: [
					{ code: 'USD', precision: 2 },
					{ code: 'EUR', precision: 2 },
					{ code: 'GBP', precision: 2 },
				],
			};
		default:
			return {};
	}
}

/** Parts of the field object by `field_criteria` keyword. */
const CRITERIA: Record<string, string[]> = {
	NAME: ['name'],
	DATATYPE: ['datatype'],
	OPTIONS: ['field_option'],
	LIMIT: ['limit'],
	DEFAULT_VALUE: ['default_value'],
	FIELD_MAP: ['field_mapping'],
	OWNER: ['owner'],
	LAST_MODIFIED_BY: ['last_changed_by'],
	TIME_STAMP: ['last_update_time'],
	HELP_TEXT: ['help_text'],
	CREATE_MODE: ['create_mode'],
	AUDIT: ['audit'],
};

export function fieldMetadata(
	index: FormIndex,
	field: FieldDef,
	criteria?: string[],
): Record<string, unknown> {
	const full: Record<string, unknown> = {
		id: field.id,
		name: field.name,
		help_text: '',
		last_update_time: DEFINED_AT,
		owner: 'Demo',
		last_changed_by: 'Demo',
		field_option: field.option,
		audit: 'NONE',
		create_mode: field.option === 'SYSTEM' ? 'PROTECTED_AT_CREATE' : 'OPEN_AT_CREATE',
		field_mapping: { mapping_type: index.spec.type === 'JOIN' ? 'JOIN' : 'REGULAR' },
		datatype: field.datatype,
		default_value: field.defaultValue === undefined ? null : formatValue(field, field.defaultValue),
		limit: limitOf(field),
	};
	if (!criteria) return full;
	const out: Record<string, unknown> = { id: field.id };
	for (const c of criteria) for (const key of CRITERIA[c] ?? []) out[key] = full[key];
	return out;
}

function criteriaParam(ctx: RequestContext): string[] | undefined {
	const raw = ctx.query.get('field_criteria');
	if (raw === null || raw.trim() === '') return undefined;
	return raw.split(',').map((c) => c.trim().toUpperCase());
}

/** `GET /fields/{form}` (array) and `/fields/{form}/{id}` (object; a comma list gives an array). */
export function getFields(ctx: RequestContext, form: string, ids?: string): void {
	const index = ctx.state.store.form(form);
	const criteria = criteriaParam(ctx);
	if (ids === undefined) {
		const all = [...index.byId.values()].map((f) => fieldMetadata(index, f, criteria));
		sendJson(ctx.res, 200, all);
		return;
	}
	const parts = ids.split(',').map((s) => s.trim());
	const fields = parts.map((p) => {
		if (!/^\d+$/.test(p)) throw malformed(`field ID must be a number, got "${p}"`);
		const f = index.byId.get(Number(p));
		if (!f) throw new ArError(404, ArErrorNumber.UNKNOWN_FIELD, `${p} (form ${form})`);
		return fieldMetadata(index, f, criteria);
	});
	sendJson(ctx.res, 200, parts.length === 1 ? fields[0] : fields);
}

export function listForms(ctx: RequestContext): void {
	sendJson(ctx.res, 200, [...ctx.state.store.forms.keys()]);
}

/** `OPTIONS /entry/{form}`: the form's schema (shape is an emulator choice; reference: "schema information"). */
export function formSchema(ctx: RequestContext, form: string): void {
	const index = ctx.state.store.form(form);
	sendJson(
		ctx.res,
		200,
		{
			name: index.spec.name,
			type: index.spec.type,
			fields: [...index.byId.values()].map((f) => fieldMetadata(index, f)),
		},
		{ Allow: 'GET, POST, OPTIONS' },
	);
}

/** Server information. The real bodies are not documented; these are plausible stand-ins. */
export function about(ctx: RequestContext): void {
	sendJson(ctx.res, 200, {
		name: 'AR System REST API',
		product: 'BMC AR System Server (emulator)',
		version: '25.1.00',
		build: 'emulator',
		serverName: 'ar-emulator',
	});
}

export function version(ctx: RequestContext): void {
	sendJson(ctx.res, 200, { version: '25.1.00' });
}
