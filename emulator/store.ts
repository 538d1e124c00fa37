/**
 * In-memory entries of every form. Entries of a form are kept sorted by Request ID (field 1), which
 * for generated IDs is insertion order, so the default sort and `Request ID.asc` cost nothing and
 * offsets are stable. Each form has a data version that list caches key on.
 */
import { ArError, ArErrorNumber, ArErrorText, entryNotFound, formNotFound } from './errors';
import { appendDiary, DiaryAppend } from './format';
import type { StatusHistory } from './format';
import { SERVER_SET_FIELDS, STATUS_HISTORY_ID } from './forms/spec';
import type { FormIndex, HookContext } from './forms/spec';
import type { EntryValues } from './forms/types';

export interface Entry {
	id: string;
	values: EntryValues;
}

export interface WriteContext {
	/** Login of the caller: Submitter / Last Modified By / Status History user. */
	user: string;
	/** Emulator clock, epoch seconds. */
	now: number;
	/** Overrides for tests that need history (control API). */
	createDate?: number;
	modifiedDate?: number;
	/** Use this field-1 ID instead of generating one (merge with a Request ID, control API). */
	explicitId?: string;
	/** Merge with `ignoreRequired`, and the control API: skip the required-field check. */
	skipRequired?: boolean;
	/**
	 * Site workflow run last, with the values the write would commit (internal, by field ID) and
	 * the name of the form they are stored on; throwing rejects the write with nothing changed.
	 */
	beforeCommit?: (form: string, operation: 'create' | 'modify', values: EntryValues) => void;
	/**
	 * Merge with `workflowEnabled: false`: no filter fires, neither the forms' own (numbering,
	 * Priority, the interface form's ticket) nor the site's (beforeCommit).
	 */
	noWorkflow?: boolean;
}

export interface VersionLogItem {
	form: string;
	id: string;
	modified: number;
	seq: number;
}

class FormData {
	entries: Entry[] = [];
	byId = new Map<string, Entry>();
	version = 0;
	nextId = 1;
	/** One map per unique index: composite key -> entry ID. */
	unique: Array<Map<string, string>>;
	/**
	 * The same indexes with character values case-folded (key -> entry IDs), for a
	 * case-insensitive database; built on the first check that needs it, then kept up to date.
	 */
	folded?: Array<Map<string, Set<string>>>;

	constructor(readonly index: FormIndex) {
		this.unique = index.spec.uniqueIndexes.map(() => new Map());
	}
}

function uniqueKey(values: EntryValues, fieldIds: number[]): string | undefined {
	// Single-field indexes (all seeded ones) skip JSON: typeof keeps 1 and "1" apart.
	if (fieldIds.length === 1) {
		const v = values[fieldIds[0]];
		if (v === null || v === undefined) return undefined;
		return typeof v === 'string' ? `s${v}` : `${typeof v}:${JSON.stringify(v)}`;
	}
	const parts: unknown[] = [];
	for (const id of fieldIds) {
		const v = values[id];
		// NULL never clashes, as in SQL unique indexes.
		if (v === null || v === undefined) return undefined;
		parts.push(v);
	}
	return JSON.stringify(parts);
}

/** The unique key with character values folded, as a case-insensitive collation compares them. */
function foldedKey(values: EntryValues, fieldIds: number[]): string | undefined {
	const folded: EntryValues = {};
	for (const id of fieldIds) {
		const v = values[id];
		folded[id] = typeof v === 'string' ? v.toLowerCase() : v;
	}
	return uniqueKey(folded, fieldIds);
}

/** Binary search over entries sorted by ID: the index of `id` or where it would be inserted. */
function searchId(entries: Entry[], id: string): number {
	let lo = 0;
	let hi = entries.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (entries[mid].id < id) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

const JOIN_SEPARATOR = '|';

export class Store {
	private readonly data = new Map<string, FormData>();
	private readonly counters = new Map<string, number>();
	private readonly joinCache = new Map<string, { version: number; entries: Entry[] }>();
	private log: VersionLogItem[] = [];
	private seq = 0;
	/** Newest Modified Date committed per form, to tell an out-of-order commit. */
	private readonly newestCommitted = new Map<string, number>();
	/**
	 * Writes committed with a Modified Date older than one already committed on the same form
	 * (commit delay, or a control write stamped in the past): a poll past that second misses them
	 * unless it re-reads a settle window.
	 */
	outOfOrderCommits = 0;
	/** Off while seeding: the version log is for writes that happen during a test. */
	logging = false;

	constructor(
		readonly forms: Map<string, FormIndex>,
		private readonly requiredErrorNumber: () => number = () => ArErrorNumber.REQUIRED_FIELD,
		/** The DB flavour: a case-insensitive collation makes unique indexes fold case too. */
		private readonly caseInsensitive: () => boolean = () => false,
	) {
		for (const [name, index] of forms) {
			if (index.spec.type !== 'JOIN') this.data.set(name, new FormData(index));
		}
	}

	/** The form's field index; 404/303 when there is no such form. */
	form(name: string): FormIndex {
		const index = this.forms.get(name);
		if (!index) throw formNotFound(name);
		return index;
	}

	private base(name: string): FormData {
		const index = this.form(name);
		const data = this.data.get(index.spec.joinOf ?? name);
		if (!data) throw formNotFound(name);
		return data;
	}

	version(form: string): number {
		return this.base(form).version;
	}

	/** All entries of a form in Request ID order. Callers must not mutate the array. */
	entries(form: string): readonly Entry[] {
		const index = this.form(form);
		const data = this.base(form);
		if (!index.spec.joinOf) return data.entries;
		const cached = this.joinCache.get(form);
		if (cached && cached.version === data.version) return cached.entries;
		const entries = data.entries.map((e) => this.joinEntry(index, e));
		this.joinCache.set(form, { version: data.version, entries });
		return entries;
	}

	count(form: string): number {
		return this.base(form).entries.length;
	}

	private joinEntry(index: FormIndex, base: Entry): Entry {
		const id = `${base.id}${JOIN_SEPARATOR}${base.id}`;
		const values: EntryValues = {};
		for (const f of index.stored) values[f.id] = base.values[f.id] ?? null;
		values[1] = id;
		return { id, values };
	}

	/** The member-form ID behind a join ID, or undefined when the ID cannot exist. */
	private joinBaseId(id: string): string | undefined {
		const parts = id.split(JOIN_SEPARATOR);
		return parts.length === 2 && parts[0] === parts[1] ? parts[0] : undefined;
	}

	get(form: string, id: string): Entry | undefined {
		const index = this.form(form);
		const data = this.base(form);
		if (!index.spec.joinOf) return data.byId.get(id);
		const baseId = this.joinBaseId(id);
		const base = baseId === undefined ? undefined : data.byId.get(baseId);
		return base && this.joinEntry(index, base);
	}

	nextNumber(counter: string): number {
		const n = (this.counters.get(counter) ?? 0) + 1;
		this.counters.set(counter, n);
		return n;
	}

	versionLog(form?: string): VersionLogItem[] {
		return form === undefined ? [...this.log] : this.log.filter((l) => l.form === form);
	}

	private record(form: string, id: string, modified: number): void {
		if (!this.logging) return;
		this.log.push({ form, id, modified, seq: ++this.seq });
		const newest = this.newestCommitted.get(form);
		if (newest !== undefined && modified < newest) this.outOfOrderCommits++;
		if (newest === undefined || modified > newest) this.newestCommitted.set(form, modified);
	}

	private newId(data: FormData): string {
		const prefix = data.index.spec.idPrefix ?? '';
		for (;;) {
			const id = `${prefix}${String(data.nextId++).padStart(15 - prefix.length, '0')}`;
			if (!data.byId.has(id)) return id;
		}
	}

	/** Keeps generated IDs ahead of an explicit ID that looks like a generated one. */
	private noteExplicitId(data: FormData, id: string): void {
		const prefix = data.index.spec.idPrefix ?? '';
		if (id.length === 15 && id.startsWith(prefix) && /^\d+$/.test(id.slice(prefix.length))) {
			data.nextId = Math.max(data.nextId, Number(id.slice(prefix.length)) + 1);
		}
	}

	private insertSorted(data: FormData, entry: Entry): void {
		const list = data.entries;
		if (list.length === 0 || list[list.length - 1].id < entry.id) list.push(entry);
		else list.splice(searchId(list, entry.id), 0, entry);
		data.byId.set(entry.id, entry);
		this.addUnique(data, entry);
	}

	private addUnique(data: FormData, entry: Entry): void {
		const indexes = data.index.spec.uniqueIndexes;
		for (let i = 0; i < indexes.length; i++) {
			const key = uniqueKey(entry.values, indexes[i]);
			if (key !== undefined) data.unique[i].set(key, entry.id);
			if (data.folded) {
				const folded = foldedKey(entry.values, indexes[i]);
				if (folded === undefined) continue;
				const owners = data.folded[i].get(folded);
				if (owners) owners.add(entry.id);
				else data.folded[i].set(folded, new Set([entry.id]));
			}
		}
	}

	private foldedIndexes(data: FormData): Array<Map<string, Set<string>>> {
		if (!data.folded) {
			const entries = data.entries;
			data.folded = data.index.spec.uniqueIndexes.map((fields) => {
				const map = new Map<string, Set<string>>();
				for (const entry of entries) {
					const key = foldedKey(entry.values, fields);
					if (key === undefined) continue;
					const owners = map.get(key);
					if (owners) owners.add(entry.id);
					else map.set(key, new Set([entry.id]));
				}
				return map;
			});
		}
		return data.folded;
	}

	/**
	 * Seeding fast path: trusted internal values, no checks, no hooks. Values must carry every
	 * core field except field 1, which is assigned here.
	 */
	bulkInsert(form: string, rows: EntryValues[]): string[] {
		const data = this.base(form);
		const ids: string[] = [];
		const prefix = data.index.spec.idPrefix ?? '';
		// Only an empty form is guaranteed collision-free without a lookup per ID.
		const fresh = data.byId.size === 0;
		for (const values of rows) {
			const id = fresh
				? `${prefix}${String(data.nextId++).padStart(15 - prefix.length, '0')}`
				: this.newId(data);
			values[1] = id;
			this.insertSorted(data, { id, values });
			ids.push(id);
		}
		data.version++;
		return ids;
	}

	private hookContext(ctx: WriteContext): HookContext {
		return {
			user: ctx.user,
			now: ctx.now,
			nextNumber: (counter) => this.nextNumber(counter),
			createEntry: (form, values) => this.create(form, values, { user: ctx.user, now: ctx.now }),
			readEntry: (form, id) => this.get(form, id)?.values,
		};
	}

	private assign(
		index: FormIndex,
		target: EntryValues,
		values: EntryValues,
		ctx: WriteContext,
	): void {
		for (const [key, value] of Object.entries(values)) {
			const id = Number(key);
			const field = index.byId.get(id);
			if (!field) continue;
			if (value instanceof DiaryAppend) {
				target[id] = appendDiary(target[id], value.text, ctx.user, ctx.now);
			} else {
				target[id] = value;
			}
		}
	}

	private checkRequired(index: FormIndex, values: EntryValues, only?: Set<number>): void {
		for (const f of index.stored) {
			if (f.option !== 'REQUIRED') continue;
			if (only && !only.has(f.id)) continue;
			const v = values[f.id];
			if (v === null || v === undefined) {
				const number = this.requiredErrorNumber();
				throw new ArError(
					400,
					number,
					f.name,
					ArErrorText[number] ?? 'Required field cannot be blank.',
				);
			}
		}
	}

	private checkUnique(data: FormData, values: EntryValues, selfId?: string): void {
		data.index.spec.uniqueIndexes.forEach((fields, i) => {
			const key = uniqueKey(values, fields);
			if (key === undefined) return;
			const owner = data.unique[i].get(key);
			let clash = owner !== undefined && owner !== selfId;
			if (!clash && this.caseInsensitive()) {
				// `JSMITH` and `jsmith` are one key under a case-insensitive collation.
				const owners = this.foldedIndexes(data)[i].get(foldedKey(values, fields) ?? '');
				clash = owners !== undefined && [...owners].some((id) => id !== selfId);
			}
			if (clash) {
				const names = fields.map((id) => data.index.byId.get(id)?.name ?? String(id));
				throw new ArError(400, ArErrorNumber.UNIQUE_INDEX, names.join(', '));
			}
		});
	}

	/** Drops values the server never stores: DISPLAY-only fields and unknown IDs. */
	private stripUnstored(index: FormIndex, values: EntryValues): void {
		for (const key of Object.keys(values)) {
			const f = index.byId.get(Number(key));
			if (!f || f.option === 'DISPLAY') delete values[Number(key)];
		}
	}

	/**
	 * Creates an entry from internal values (server-set fields in `values` are ignored unless the
	 * caller is the control API, which passes them through `ctx`). Returns the new field-1 ID; for
	 * a join form, the join ID of the member entry it created.
	 */
	create(form: string, values: EntryValues, ctx: WriteContext): string {
		const index = this.form(form);
		if (index.spec.joinOf) {
			const baseValues = { ...values };
			delete baseValues[1];
			const baseId = this.create(index.spec.joinOf, baseValues, ctx);
			return `${baseId}${JOIN_SEPARATOR}${baseId}`;
		}
		const data = this.base(form);
		const next: EntryValues = {};
		this.assign(index, next, values, ctx);
		for (const id of SERVER_SET_FIELDS) delete next[id];
		for (const f of index.stored) {
			if (next[f.id] === undefined) next[f.id] = f.defaultValue ?? null;
		}
		const created = ctx.createDate ?? ctx.now;
		const modified = ctx.modifiedDate ?? created;
		next[2] ??= ctx.user;
		next[3] = created;
		next[5] = ctx.user;
		next[6] = modified;
		if (!ctx.skipRequired) this.checkRequired(index, next);
		this.checkUnique(data, next);
		if (!ctx.noWorkflow) index.spec.hooks?.beforeCreate?.(next, this.hookContext(ctx));
		this.checkUnique(data, next);
		if (index.byId.has(STATUS_HISTORY_ID) && index.statusField) {
			const status = next[index.statusField.id];
			next[STATUS_HISTORY_ID] =
				typeof status === 'number'
					? ({ [status]: { user: ctx.user, timestamp: created } } satisfies StatusHistory)
					: null;
		}
		this.stripUnstored(index, next);
		if (!ctx.noWorkflow) ctx.beforeCommit?.(form, 'create', next);
		let id: string;
		if (ctx.explicitId !== undefined) {
			if (data.byId.has(ctx.explicitId)) {
				throw new ArError(400, ArErrorNumber.UNIQUE_INDEX, index.byId.get(1)?.name ?? 'Request ID');
			}
			id = ctx.explicitId;
			this.noteExplicitId(data, id);
		} else {
			id = this.newId(data);
		}
		next[1] = id;
		this.insertSorted(data, { id, values: next });
		data.version++;
		this.record(form, id, modified);
		return id;
	}

	/** Sets the given fields only; bumps Modified Date / Last Modified By; logs status changes. */
	modify(form: string, id: string, values: EntryValues, ctx: WriteContext): void {
		const index = this.form(form);
		if (index.spec.joinOf) {
			const baseId = this.joinBaseId(id);
			if (baseId === undefined) throw entryNotFound(id);
			const baseValues = { ...values };
			delete baseValues[1];
			this.modify(index.spec.joinOf, baseId, baseValues, ctx);
			return;
		}
		const data = this.base(form);
		const entry = data.byId.get(id);
		if (!entry) throw entryNotFound(id);
		const previous = entry.values;
		const next: EntryValues = { ...previous };
		const changes: EntryValues = { ...values };
		for (const fid of SERVER_SET_FIELDS) delete changes[fid];
		this.assign(index, next, changes, ctx);
		const modified = ctx.modifiedDate ?? ctx.now;
		next[5] = ctx.user;
		next[6] = modified;
		if (!ctx.skipRequired) {
			this.checkRequired(index, next, new Set(Object.keys(changes).map(Number)));
		}
		this.checkUnique(data, next, id);
		if (!ctx.noWorkflow) index.spec.hooks?.beforeModify?.(next, previous, this.hookContext(ctx));
		const statusField = index.statusField;
		if (statusField && index.byId.has(STATUS_HISTORY_ID)) {
			const status = next[statusField.id];
			if (typeof status === 'number' && status !== previous[statusField.id]) {
				const history = { ...((previous[STATUS_HISTORY_ID] as StatusHistory | null) ?? {}) };
				history[status] = { user: ctx.user, timestamp: modified };
				next[STATUS_HISTORY_ID] = history;
			}
		}
		this.stripUnstored(index, next);
		if (!ctx.noWorkflow) ctx.beforeCommit?.(form, 'modify', next);
		this.removeUnique(data, entry);
		entry.values = next;
		this.addUnique(data, entry);
		data.version++;
		this.record(form, id, modified);
	}

	private removeUnique(data: FormData, entry: Entry): void {
		data.index.spec.uniqueIndexes.forEach((fields, i) => {
			const key = uniqueKey(entry.values, fields);
			if (key !== undefined && data.unique[i].get(key) === entry.id) data.unique[i].delete(key);
			const folded = data.folded && foldedKey(entry.values, fields);
			if (folded !== undefined) {
				const owners = data.folded?.[i].get(folded);
				owners?.delete(entry.id);
				if (owners?.size === 0) data.folded?.[i].delete(folded);
			}
		});
	}

	delete(form: string, id: string): void {
		const index = this.form(form);
		if (index.spec.joinOf) {
			const baseId = this.joinBaseId(id);
			if (baseId === undefined) throw entryNotFound(id);
			this.delete(index.spec.joinOf, baseId);
			return;
		}
		const data = this.base(form);
		const entry = data.byId.get(id);
		if (!entry) throw entryNotFound(id);
		this.removeUnique(data, entry);
		data.byId.delete(id);
		const at = searchId(data.entries, id);
		if (data.entries[at]?.id === id) data.entries.splice(at, 1);
		data.version++;
	}

	/**
	 * Merge DUP_OVERWRITE: the entry is deleted and created again under the same ID with only the
	 * given values. If the new values are rejected, the old entry is put back untouched.
	 */
	overwrite(form: string, id: string, values: EntryValues, ctx: WriteContext): void {
		const data = this.base(form);
		const old = data.byId.get(id);
		if (!old) throw entryNotFound(id);
		this.delete(form, id);
		try {
			this.create(form, values, { ...ctx, explicitId: id });
		} catch (error) {
			this.insertSorted(data, old);
			data.version++;
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
	}

	/** The ID of the entry holding `values` in the unique index made of `fieldIds`, if any. */
	findUnique(form: string, fieldIds: number[], values: EntryValues): string | undefined {
		const data = this.base(form);
		const i = data.index.spec.uniqueIndexes.findIndex(
			(f) => f.length === fieldIds.length && f.every((id, k) => id === fieldIds[k]),
		);
		const key = uniqueKey(values, fieldIds);
		if (i < 0 || key === undefined) return undefined;
		return data.unique[i].get(key);
	}
}
