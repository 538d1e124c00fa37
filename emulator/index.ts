/**
 * Programmatic entry point: `startEmulator()` for tests and benchmarks, with a control API that
 * reads and writes the data directly (bypassing HTTP, permissions and required-field checks, but
 * not value parsing or unique indexes) and steers faults, options and the clock.
 */
import { randomBytes } from 'node:crypto';

import { TokenService } from './auth';
import { startControlServer } from './control';
import type { EmulatorControl } from './controlApi';
import type { EmulatorState } from './context';
import { formatEntryValues, parseValues } from './format';
import { Faults } from './faults';
import { buildForms } from './forms';
import { resolveOptions } from './options';
import { withProfile } from './profiles';
import type { EmulatorOptions, ResolvedOptions } from './options';
import { QueryEngine } from './query';
import { mulberry32 } from './prng';
import { seedData } from './seed';
import { EmulatorServer } from './server';
import { validateSiteFilters } from './siteFilters';
import { Store } from './store';

export type { EmulatorControl } from './controlApi';
export type { EmulatorOptions, PageLinks, ProfileName } from './options';
export type { AfterCommitFaultKind, FaultKind, FaultQueues, LoginFaultKind, WriteMatch } from './faults';
export type { SiteFilter, SiteFilterOperation } from './siteFilters';
export { CODE_NORMALISER, REALISTIC_PROFILE, RESOLUTION_FILTER } from './profiles';
export type { RequestHook, RequestInfo } from './context';
export { ArErrorNumber } from './errors';
export { SEEDED_PASSWORD } from './seed';

export interface Emulator {
	/** e.g. http://127.0.0.1:PORT (no trailing slash). */
	url: string;
	/** The control endpoint (loopback only) when `controlPort` was given. */
	controlUrl?: string;
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
	'pageLinks',
	'processingErrors500',
	'siteFilters',
	'afterCommitFaultRate',
	'loginFaultRate',
	'commitDelayMs',
	'commitDelayMinMs',
	'proxyDateSkewSeconds',
	'gateway403',
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
	'rebuiltLinks',
	'encodedJoinIds',
	'numMatchesNull',
]);

function createControl(state: EmulatorState, initial: ResolvedOptions): EmulatorControl {
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
			state.counters.faults = {};
			store.outOfOrderCommits = 0;
		},
		counters() {
			return {
				...state.counters,
				byRoute: { ...state.counters.byRoute },
				faults: { ...state.counters.faults },
				outOfOrderCommits: store.outOfOrderCommits,
			};
		},
		setOptions(patch) {
			for (const key of Object.keys(patch) as Array<keyof EmulatorOptions>) {
				if (!RUNTIME_OPTIONS.has(key))
					throw new Error(`Option ${key} cannot change while the emulator runs`);
			}
			if (patch.siteFilters) validateSiteFilters(patch.siteFilters, store.forms);
			const target = options as unknown as Record<string, unknown>;
			for (const [key, value] of Object.entries(patch) as Array<[keyof ResolvedOptions, unknown]>) {
				if (key === 'nextLinks') {
					// The old boolean switch is an alias of pageLinks full / none.
					target.pageLinks = value === undefined ? initial.pageLinks : value ? 'full' : 'none';
					continue;
				}
				// undefined restores the value the emulator started with (profile included).
				target[key] = value ?? initial[key];
			}
		},
		failNext(n, kind) {
			state.faults.failNext(n, kind);
		},
		failAfterCommit(n, kind, match = {}) {
			state.faults.failAfterCommit(n, { ...match, kind });
		},
		failNextLogin(n, kind) {
			state.faults.failNextLogin(n, kind);
		},
		faultQueues() {
			return state.faults.queues();
		},
		clearFaults() {
			state.faults.clear();
		},
		runtimeOptions() {
			const out: Record<string, unknown> = {};
			for (const key of RUNTIME_OPTIONS) {
				if (key === 'nextLinks') continue;
				out[key] = (options as unknown as Record<string, unknown>)[key];
			}
			return out as Partial<EmulatorOptions>;
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
	const options = resolveOptions(emulatorOptions, withProfile(emulatorOptions));
	// A copy of the start options: setOptions(key: undefined) restores these.
	const initial: ResolvedOptions = { ...options, siteFilters: [...options.siteFilters] };
	const forms = buildForms({ userStatusLabels: options.userStatusLabels });
	validateSiteFilters(options.siteFilters, forms);
	const store = new Store(
		forms,
		() => options.requiredFieldErrorNumber,
		() => options.caseInsensitive,
	);
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
		caseVariants: options.caseVariants,
		duplicateSupportGroupNames: options.duplicateSupportGroupNames,
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
		counters: { total: 0, logins: 0, byRoute: {}, faults: {}, outOfOrderCommits: 0 },
		commitRng: mulberry32(options.seed ^ 0xc0_4417),
		now: () =>
			Math.floor((options.frozenClock ?? Date.now() / 1000) + options.clockOffsetSeconds),
	};
	const server = new EmulatorServer(state);
	const port = await server.listen(options.host, options.port);
	const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
	const shownHost = host.includes(':') ? `[${host}]` : host;
	const control = createControl(state, initial);
	let controlServer: Awaited<ReturnType<typeof startControlServer>> | undefined;
	if (options.controlPort !== undefined) {
		try {
			controlServer = await startControlServer(control, options.controlPort);
		} catch (error) {
			await server.stop();
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw error;
		}
	}
	return {
		url: `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`,
		controlUrl: controlServer?.url,
		stop: async () => {
			await Promise.all([server.stop(), controlServer?.stop()]);
		},
		control,
	};
}
