/**
 * Programmatic entry point: `startEmulator()` for tests and benchmarks, with a control API that
 * reads and writes the data directly (bypassing HTTP, permissions and required-field checks, but
 * not value parsing or unique indexes) and steers faults, options and the clock.
 */
import { randomBytes } from 'node:crypto';

import { TokenService } from './auth';
import type { Counters, EmulatorState, RequestHook } from './context';
import { formatEntryValues, parseValues } from './format';
import type { FaultKind } from './faults';
import { Faults } from './faults';
import { buildForms } from './forms';
import { resolveOptions } from './options';
import type { EmulatorOptions, ResolvedOptions } from './options';
import { QueryEngine } from './query';
import { seedData } from './seed';
import { EmulatorServer } from './server';
import { Store } from './store';
import type { VersionLogItem } from './store';

export type { EmulatorOptions } from './options';
export type { FaultKind } from './faults';
export type { RequestHook, RequestInfo } from './context';
export { ArErrorNumber } from './errors';
export { SEEDED_PASSWORD } from './seed';

export interface EmulatorControl {
	/** Values by field name, REST-style (enum labels, ISO dates). Returns the new ID. */
	insertEntry(
		form: string,
		values: Record<string, unknown>,
		opts?: { createDate?: number; modifiedDate?: number; user?: string },
	): string;
	modifyEntry(
		form: string,
		id: string,
		values: Record<string, unknown>,
		opts?: { modifiedDate?: number; user?: string },
	): void;
	deleteEntry(form: string, id: string): void;
	/** REST-formatted values by field name, or undefined. */
	getEntry(form: string, id: string): Record<string, unknown> | undefined;
	findEntries(
		form: string,
		qualification?: string,
	): Array<{ id: string; values: Record<string, unknown> }>;
	count(form: string): number;
	expireAllTokens(): void;
	resetCounters(): void;
	counters(): Counters;
	/** Runtime-changeable options only; others throw. */
	setOptions(patch: Partial<EmulatorOptions>): void;
	failNext(n: number, kind: FaultKind): void;
	/** Emulator clock: floor((frozenClock ?? Date.now() / 1000) + clockOffsetSeconds). */
	now(): number;
	/** Every create / modify after seeding, in order. */
	versionLog(form?: string): VersionLogItem[];
	/**
	 * Emulator extension: run `hook` synchronously for every request (after its body arrived,
	 * before latency, faults and routing), e.g. to write entries while a client is paging.
	 * `undefined` removes it.
	 */
	onRequest(hook: RequestHook | undefined): void;
}

export interface Emulator {
	/** e.g. http://127.0.0.1:PORT (no trailing slash). */
	url: string;
	stop(): Promise<void>;
	control: EmulatorControl;
}

/** Options that may change while the emulator runs (the rest shape the seed or the socket). */
const RUNTIME_OPTIONS: ReadonlySet<keyof EmulatorOptions> = new Set([
	'tokenTtl',
	'maxEntries',
	'latencyMs',
	'faultRate',
	'nextLinks',
	'rsso',
	'emptyCreateBody',
	'httpForbidden',
	'requiredFieldErrorNumber',
	'clockOffsetSeconds',
	'frozenClock',
	'noDateHeader',
	'unauthorizedBody',
	'caseInsensitive',
	'oracleLike',
]);

function createControl(state: EmulatorState): EmulatorControl {
	const { store, options } = state;
	return {
		insertEntry(form, values, opts = {}) {
			const index = store.form(form);
			const now = state.now();
			const internal = parseValues(index, values, { now });
			const id = internal[1];
			const created = internal[3];
			const modified = internal[6];
			return store.create(form, internal, {
				user: opts.user ?? options.adminUser,
				now,
				createDate: opts.createDate ?? (typeof created === 'number' ? created : undefined),
				modifiedDate: opts.modifiedDate ?? (typeof modified === 'number' ? modified : undefined),
				explicitId: typeof id === 'string' ? id : undefined,
				skipRequired: true,
			});
		},
		modifyEntry(form, id, values, opts = {}) {
			const index = store.form(form);
			const now = state.now();
			store.modify(form, id, parseValues(index, values, { now }), {
				user: opts.user ?? options.adminUser,
				now,
				modifiedDate: opts.modifiedDate,
				skipRequired: true,
			});
		},
		deleteEntry(form, id) {
			store.delete(form, id);
		},
		getEntry(form, id) {
			const entry = store.get(form, id);
			return entry && formatEntryValues(store.form(form), entry.values);
		},
		findEntries(form, qualification = '') {
			const index = store.form(form);
			return state.queries
				.run(form, qualification, [], { user: options.adminUser, now: state.now() })
				.map((e) => ({ id: e.id, values: formatEntryValues(index, e.values) }));
		},
		count(form) {
			return store.count(form);
		},
		expireAllTokens() {
			state.tokens.revokeAll();
		},
		resetCounters() {
			state.counters.total = 0;
			state.counters.logins = 0;
			state.counters.byRoute = {};
		},
		counters() {
			return { ...state.counters, byRoute: { ...state.counters.byRoute } };
		},
		setOptions(patch) {
			for (const key of Object.keys(patch) as Array<keyof EmulatorOptions>) {
				if (!RUNTIME_OPTIONS.has(key))
					throw new Error(`Option ${key} cannot change while the emulator runs`);
			}
			const defaults = resolveOptions();
			for (const [key, value] of Object.entries(patch) as Array<[keyof ResolvedOptions, unknown]>) {
				// undefined resets an option to its default (and clears maxEntries).
				(options as unknown as Record<string, unknown>)[key] = value ?? defaults[key];
			}
		},
		failNext(n, kind) {
			state.faults.failNext(n, kind);
		},
		now() {
			return state.now();
		},
		versionLog(form) {
			return store.versionLog(form);
		},
		onRequest(hook) {
			state.onRequest = hook;
		},
	};
}

export async function startEmulator(emulatorOptions: EmulatorOptions = {}): Promise<Emulator> {
	const options = resolveOptions(emulatorOptions);
	const forms = buildForms({ userStatusLabels: options.userStatusLabels });
	const store = new Store(forms, () => options.requiredFieldErrorNumber);
	seedData(store, {
		users: options.users,
		seed: options.seed,
		tickets: options.tickets,
		adminUser: options.adminUser,
		adminPassword: options.adminPassword,
		basicUser: options.basicUser,
		basicPassword: options.basicPassword,
		userStatusCount: options.userStatusLabels.length,
		dataVariants: options.dataVariants,
	});
	store.logging = true;
	const state: EmulatorState = {
		options,
		store,
		queries: new QueryEngine(store, () => ({
			caseInsensitive: options.caseInsensitive,
			likeBrackets: !options.oracleLike,
		})),
		tokens: new TokenService(randomBytes(32), 'ar-emulator'),
		faults: new Faults(options.seed),
		counters: { total: 0, logins: 0, byRoute: {} },
		now: () =>
			Math.floor((options.frozenClock ?? Date.now() / 1000) + options.clockOffsetSeconds),
	};
	const server = new EmulatorServer(state);
	const port = await server.listen(options.host, options.port);
	const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
	const shownHost = host.includes(':') ? `[${host}]` : host;
	return {
		url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
		stop: () => server.stop(),
		control: createControl(state),
	};
}
