/**
 * What the emulator knows about a form beyond the shared FormDef: unique indexes, join membership,
 * and the small pieces of "workflow" (filters) that real ITSM forms run on create and modify.
 */
import type { EntryValues, FieldDef, FieldOption, FormDef } from './types';

export interface HookContext {
	user: string;
	now: number;
	/** Next value of a named counter of the store (e.g. Incident Numbers), starting at 1. */
	nextNumber(counter: string): number;
	/** Creates an entry on another form as `user`, with REST-free internal values; returns its ID. */
	createEntry(form: string, values: EntryValues): string;
	/** Reads the internal values of an entry on another form. */
	readEntry(form: string, id: string): EntryValues | undefined;
}

export interface FormHooks {
	/** Filter run on create after defaults, required and unique checks, before the entry is stored. */
	beforeCreate?(values: EntryValues, ctx: HookContext): void;
	/** Filter run on modify with the merged new values and the previous ones. */
	beforeModify?(values: EntryValues, previous: EntryValues, ctx: HookContext): void;
}

export interface FormSpec extends FormDef {
	/** Each inner list is one unique index (ARERR 382 on a clash); NULL keys never clash. */
	uniqueIndexes: number[][];
	/**
	 * JOIN forms only: the member form the entries come from. The emulator models a self-join, so
	 * the entry ID is `A|A` like the recorded `INC000000000026|INC000000000026`.
	 */
	joinOf?: string;
	hooks?: FormHooks;
}

/** Field IDs the server sets itself; values sent for them in a create/update body are ignored. */
export const SERVER_SET_FIELDS: ReadonlySet<number> = new Set([1, 3, 5, 6, 15]);

export const STATUS_HISTORY_ID = 15;

/** Field sets and lookups derived once per form. */
export interface FormIndex {
	spec: FormSpec;
	byId: Map<number, FieldDef>;
	byName: Map<string, FieldDef>;
	/** Fields in ascending ID order, DISPLAY-only fields excluded: the full-entry key order. */
	stored: FieldDef[];
	statusField?: FieldDef;
}

export function indexForm(spec: FormSpec): FormIndex {
	const sorted = [...spec.fields].sort((a, b) => a.id - b.id);
	const byId = new Map<number, FieldDef>();
	const byName = new Map<string, FieldDef>();
	for (const f of sorted) {
		if (byId.has(f.id) || byName.has(f.name)) {
			throw new Error(`Form ${spec.name}: duplicate field ${f.id} ${f.name}`);
		}
		byId.set(f.id, f);
		byName.set(f.name, f);
	}
	const status = byId.get(7);
	return {
		spec,
		byId,
		byName,
		stored: sorted.filter((f) => f.option !== 'DISPLAY'),
		statusField: status?.datatype === 'ENUM' ? status : undefined,
	};
}

// Small builders keep the form files readable as tables.

export function char(
	id: number,
	name: string,
	option: FieldOption,
	maxLength = 255,
	extra: Partial<FieldDef> = {},
): FieldDef {
	return { id, name, datatype: 'CHAR', option, maxLength, ...extra };
}

/**
 * A selection field. `ids` gives custom item numbers (same order as `labels`); `defaultValue` is an
 * item number, not a position.
 */
export function selection(
	id: number,
	name: string,
	option: FieldOption,
	labels: string[],
	defaultValue?: number,
	ids?: number[],
): FieldDef {
	const f: FieldDef = { id, name, datatype: 'ENUM', option, enumLabels: labels };
	if (ids !== undefined) {
		if (ids.length !== labels.length || new Set(ids).size !== ids.length) {
			throw new Error(`Field ${name}: custom enum ids must be unique, one per label`);
		}
		f.enumIds = ids;
	}
	if (defaultValue !== undefined) f.defaultValue = defaultValue;
	return f;
}

/** Number <-> label tables of one selection field, built once per field definition. */
export interface EnumTable {
	/** Item numbers in display order. */
	ids: number[];
	labels: string[];
	labelById: Map<number, string>;
	idByLabel: Map<string, number>;
}

const enumTables = new WeakMap<FieldDef, EnumTable>();

export function enumTable(field: FieldDef): EnumTable {
	let table = enumTables.get(field);
	if (!table) {
		const labels = field.enumLabels ?? [];
		const ids = field.enumIds ?? labels.map((_, i) => i);
		const labelById = new Map<number, string>();
		const idByLabel = new Map<string, number>();
		labels.forEach((label, i) => {
			labelById.set(ids[i], label);
			if (!idByLabel.has(label)) idByLabel.set(label, ids[i]);
		});
		table = { ids, labels, labelById, idByLabel };
		enumTables.set(field, table);
	}
	return table;
}

export function time(id: number, name: string, option: FieldOption): FieldDef {
	return { id, name, datatype: 'TIME', option };
}

export function integer(
	id: number,
	name: string,
	option: FieldOption,
	defaultValue?: number,
): FieldDef {
	const f: FieldDef = { id, name, datatype: 'INTEGER', option };
	if (defaultValue !== undefined) f.defaultValue = defaultValue;
	return f;
}

/** The core fields every regular form has: 1, 2, 3, 5, 6 and Status History (15). */
export function coreFields(names: {
	id: string;
	submitter: string;
	created: string;
	modifiedBy?: string;
	modified: string;
	idLength?: number;
}): FieldDef[] {
	return [
		char(1, names.id, 'SYSTEM', names.idLength ?? 15),
		// Submitter is REQUIRED in AR; the server fills it with the caller when it is not sent.
		char(2, names.submitter, 'REQUIRED', 254),
		time(3, names.created, 'SYSTEM'),
		char(5, names.modifiedBy ?? 'Last Modified By', 'SYSTEM', 254),
		time(6, names.modified, 'SYSTEM'),
		// Status History has no data type of its own in the shared types; it is formatted specially.
		char(STATUS_HISTORY_ID, 'Status History', 'SYSTEM', 0),
	];
}
