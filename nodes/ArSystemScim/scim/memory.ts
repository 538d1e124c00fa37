/**
 * What one n8n process remembers between SCIM requests. n8n gives a webhook node a new context
 * per request, so the per-execution caches of the action node would re-read the form definitions
 * and the Group form for every request; an identity provider's import sends hundreds.
 *
 * Every entry is keyed by the AR credential's identity (`ScimContext.cacheKey`), expires after a
 * fixed time and the number of entries is bounded, oldest used first out. A write through the
 * bridge forgets what it makes stale (lists, the group directory) at once; changes made on AR by
 * others are seen when an entry expires (see the TTLs).
 */
import type { FormMetadata } from '../../ArSystem/helpers/metadata';
import { getFormMetadata } from '../../ArSystem/helpers/metadata';
import type { ScimContext } from './context';

interface Slot<V> {
	value: V;
	expires: number;
	ttlMs: number;
}

export class BoundedCache<V> {
	private readonly slots = new Map<string, Slot<V>>();

	constructor(
		private readonly maxEntries: number,
		private readonly ttlMs: number,
		/** Sliding: every read extends the entry's life by its TTL. */
		private readonly sliding = false,
	) {}

	get(key: string): V | undefined {
		const slot = this.slots.get(key);
		if (!slot) return undefined;
		const now = Date.now();
		if (slot.expires <= now) {
			this.slots.delete(key);
			return undefined;
		}
		// Re-inserted so the Map's order is the order of use.
		this.slots.delete(key);
		if (this.sliding) slot.expires = now + slot.ttlMs;
		this.slots.set(key, slot);
		return slot.value;
	}

	set(key: string, value: V, ttlMs = this.ttlMs): void {
		this.slots.delete(key);
		this.slots.set(key, { value, expires: Date.now() + ttlMs, ttlMs });
		while (this.slots.size > this.maxEntries) {
			const oldest = this.slots.keys().next().value as string;
			this.slots.delete(oldest);
		}
	}

	delete(key: string): void {
		this.slots.delete(key);
	}

	/** Forgets every entry whose key starts with `prefix` (one credential's lists, say). */
	deletePrefix(prefix: string): void {
		for (const key of [...this.slots.keys()]) if (key.startsWith(prefix)) this.slots.delete(key);
	}

	values(): V[] {
		return [...this.slots.values()].map((slot) => slot.value);
	}
}

/** The value under `key`, loading it once even when requests ask at the same time. */
export async function remembered<V>(cache: BoundedCache<Promise<V>>, key: string, load: () => Promise<V>): Promise<V> {
	let pending = cache.get(key);
	if (!pending) {
		pending = load();
		cache.set(key, pending);
		// A failure is not remembered: the next request tries again.
		pending.catch(() => cache.delete(key));
	}
	return await pending;
}

/** Form definitions change when an administrator edits a form: 5 minutes. */
export const FORM_TTL_MS = 5 * 60_000;
const forms = new BoundedCache<Promise<FormMetadata>>(64, FORM_TTL_MS);

/** A form's metadata, read once per credential and TTL instead of once per request. */
export async function cachedForm(ctx: ScimContext, form: string): Promise<FormMetadata> {
	return await remembered(forms, `${ctx.cacheKey}|${form}`, async () => await getFormMetadata.call(ctx.fn, form));
}
