/**
 * List queries: the `fields`, `sort`, `offset` and `limit` parameters, and the filtered + sorted
 * entry list behind them. The last few lists of each form are cached by (q, sort, user, data
 * version), so paging through one query scans and sorts 100k entries once, not once per page.
 */
import { ArError, ArErrorNumber, malformed, unknownField } from './errors';
import type { FormIndex } from './forms/spec';
import type { ArDataType, FieldDef, QualificationContext } from './forms/types';
import { compareValues, compileQualification, QualificationError } from './qualification';
import type { QualificationOptions } from './qualification';
import type { Entry, Store } from './store';

/** Resolves a field named in a parameter: by name first, then by numeric ID. */
export function resolveField(index: FormIndex, ref: string): FieldDef {
	const byName = index.byName.get(ref);
	if (byName) return byName;
	if (/^\d+$/.test(ref)) {
		const byId = index.byId.get(Number(ref));
		if (byId) return byId;
	}
	throw unknownField(index.spec.name, ref);
}

/**
 * `fields=values(A,B,C)` (optionally with `,assoc...` parts, which are ignored). Names are trimmed,
 * so `values(a, b)` works; URL decoding has already happened, so raw and %-encoded `(`, `)`, `,`
 * and spaces are equivalent. Undefined when the parameter is absent.
 */
export function parseFieldsParam(
	index: FormIndex,
	param: string | null,
	/** Create's answer: a field that does not exist is left out instead of refused (§6a). */
	skipUnknown = false,
): FieldDef[] | undefined {
	if (param === null) return undefined;
	const start = param.indexOf('values(');
	if (start < 0) {
		// `fields=assoc(...)` alone asks for no values: treat as no field list.
		if (/^\s*assoc/.test(param)) return undefined;
		throw malformed(`fields must look like values(Field 1,Field 2), got "${param}"`);
	}
	const end = param.indexOf(')', start);
	if (end < 0) throw malformed(`fields: missing ")" in "${param}"`);
	const seen = new Set<number>();
	const fields: FieldDef[] = [];
	for (const raw of param.slice(start + 'values('.length, end).split(',')) {
		const name = raw.trim();
		if (name === '') continue;
		if (skipUnknown && !index.byName.has(name) && !index.byId.has(Number(name))) continue;
		const field = resolveField(index, name);
		if (!seen.has(field.id)) {
			seen.add(field.id);
			fields.push(field);
		}
	}
	return fields;
}

export interface SortKey {
	field: FieldDef;
	desc: boolean;
}

/** `sort=Field.asc,Other Field.desc`; a key without a direction sorts ascending. */
export function parseSortParam(index: FormIndex, param: string | null): SortKey[] {
	if (param === null || param.trim() === '') return [];
	return param.split(',').map((part) => {
		const item = part.trim();
		const m = /^(.*)\.(asc|desc)$/i.exec(item);
		const ref = m ? m[1].trim() : item;
		return { field: resolveField(index, ref), desc: m ? m[2].toLowerCase() === 'desc' : false };
	});
}

/** A non-negative integer parameter (offset / limit); undefined when absent. */
export function parseCount(name: string, param: string | null): number | undefined {
	if (param === null || param === '') return undefined;
	if (!/^\d+$/.test(param.trim()))
		throw malformed(`${name} must be a non-negative integer, got "${param}"`);
	return Number(param.trim());
}

const CACHE_PER_FORM = 8;

export class QueryEngine {
	private readonly cache = new Map<string, Map<string, readonly Entry[]>>();

	/** `flavour` is read per query: the DB-flavour switches may change while the emulator runs. */
	constructor(
		private readonly store: Store,
		private readonly flavour: () => QualificationOptions = () => ({}),
	) {}

	/** Entries matching `q`, in the requested order (ties and the default: Request ID order). */
	run(form: string, q: string, sort: SortKey[], ctx: QualificationContext): readonly Entry[] {
		const index = this.store.form(form);
		// $USER$ / $TIMESTAMP$ make a result depend on the caller and the clock.
		const clock = q.includes('$') ? ctx.now : '';
		const sortKey = sort.map((s) => `${s.field.id}${s.desc ? 'd' : 'a'}`).join(',');
		const flavour = this.flavour();
		const db = `${flavour.caseInsensitive ? 'i' : 's'}${flavour.likeBrackets === false ? 'o' : 'b'}`;
		const key = `${this.store.version(form)}\u0000${ctx.user}\u0000${clock}\u0000${db}\u0000${sortKey}\u0000${q}`;
		let perForm = this.cache.get(form);
		const hit = perForm?.get(key);
		if (hit) {
			// Refresh LRU position.
			perForm!.delete(key);
			perForm!.set(key, hit);
			return hit;
		}
		const result = this.sort(this.filter(index, form, q, ctx, flavour), sort, flavour);
		if (!perForm) {
			perForm = new Map();
			this.cache.set(form, perForm);
		}
		perForm.set(key, result);
		if (perForm.size > CACHE_PER_FORM) perForm.delete(perForm.keys().next().value as string);
		return result;
	}

	private filter(
		index: FormIndex,
		form: string,
		q: string,
		ctx: QualificationContext,
		flavour: QualificationOptions,
	): readonly Entry[] {
		const all = this.store.entries(form);
		if (q.trim() === '') return all;
		let match: (values: Entry['values']) => boolean;
		try {
			match = compileQualification(q, index.spec, ctx, flavour);
		} catch (error) {
			// The emulator is a server, not an n8n node: AR error arrays, not NodeApiError.
			if (error instanceof QualificationError) {
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
				throw new ArError(400, ArErrorNumber.BAD_QUALIFICATION, error.message);
			}
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
		const out: Entry[] = [];
		for (const e of all) if (match(e.values)) out.push(e);
		return out;
	}

	private sort(
		entries: readonly Entry[],
		keys: SortKey[],
		flavour: QualificationOptions,
	): readonly Entry[] {
		// Store order is Request ID order: sorting on field 1 alone needs no comparison.
		if (keys.length === 0 || (keys[0].field.id === 1 && !keys[0].desc)) return entries;
		if (keys[0].field.id === 1) return [...entries].reverse();
		const packed = packedSort(entries, keys);
		if (packed) return packed;
		// Decorate once (property reads on big-ID entries are hash lookups), sort positions, and
		// break ties by position so equal keys keep Request ID order.
		const n = entries.length;
		const columns = keys.map((k) => {
			const column: unknown[] = new Array(n);
			for (let i = 0; i < n; i++) column[i] = entries[i].values[k.field.id];
			return column;
		});
		const compare = keys.map((k) => comparatorFor(k.field, flavour));
		const order: number[] = new Array(n);
		for (let i = 0; i < n; i++) order[i] = i;
		order.sort((i, j) => {
			for (let k = 0; k < keys.length; k++) {
				const c = compare[k](columns[k][i], columns[k][j]);
				if (c !== 0) return keys[k].desc ? -c : c;
			}
			return i - j;
		});
		return order.map((i) => entries[i]);
	}
}

const TWO_31 = 2 ** 31;
const TWO_32 = 2 ** 32;
const INDEX_SPACE = 2 ** 20;

/**
 * Fast path for the common sorts `<integer-valued field>[, Request ID]` (e.g. `Modified Date.desc`
 * for polling): rank and position are packed into one exact double and sorted natively, which is
 * several times faster than a comparator over 100k entries. Undefined when it does not apply.
 * Order matches the comparator: NULL first ascending (last descending), ties by position.
 */
function packedSort(entries: readonly Entry[], keys: SortKey[]): Entry[] | undefined {
	const n = entries.length;
	const [first, second] = keys;
	if (!NUMERIC_TYPES.has(first.field.datatype) || n >= INDEX_SPACE) return undefined;
	if (keys.length > 2 || (second && second.field.id !== 1)) return undefined;
	const packed = new Float64Array(n);
	const id = first.field.id;
	for (let i = 0; i < n; i++) {
		const v = entries[i].values[id];
		let rank: number;
		if (v === null || v === undefined) rank = first.desc ? TWO_32 + 1 : 0;
		else if (typeof v === 'number' && Number.isInteger(v) && v >= -TWO_31 && v < TWO_31) {
			rank = first.desc ? TWO_31 - v : v + TWO_31 + 1;
		} else return undefined;
		packed[i] = rank * INDEX_SPACE + (second?.desc ? n - 1 - i : i);
	}
	packed.sort();
	const out: Entry[] = new Array(n);
	for (let k = 0; k < n; k++) {
		const slot = packed[k] % INDEX_SPACE;
		out[k] = entries[second?.desc ? n - 1 - slot : slot];
	}
	return out;
}

/** Types whose internal value is a number (or NULL): enum index, epoch seconds, numbers. */
const NUMERIC_TYPES: ReadonlySet<ArDataType> = new Set<ArDataType>([
	'INTEGER',
	'REAL',
	'DECIMAL',
	'ENUM',
	'TIME',
	'TIME_OF_DAY',
]);

/**
 * The engine's compareValues defines the order. For numeric internal values the same order
 * (NULL first, then numeric) is inlined, because a cold sort of 100k entries calls the comparator
 * about two million times; anything else goes to compareValues.
 */
function comparatorFor(
	field: FieldDef,
	flavour: QualificationOptions,
): (a: unknown, b: unknown) => number {
	if (!NUMERIC_TYPES.has(field.datatype)) return (a, b) => compareValues(a, b, field, flavour);
	return (a, b) => {
		const aNull = a === null || a === undefined;
		const bNull = b === null || b === undefined;
		if (aNull || bNull) return aNull ? (bNull ? 0 : -1) : 1;
		if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
		return compareValues(a, b, field);
	};
}
