/* eslint-disable @n8n/community-nodes/no-restricted-globals */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Emulator, EmulatorOptions } from '../../emulator';
import { startEmulator } from '../../emulator';
import type { TestEnvironment } from './n8n';
import { CREDENTIAL_TYPE, createEnvironment } from './n8n';

/**
 * Which emulator profile the integration suites run against: `AR_EMULATOR_PROFILE=realistic`
 * (npm run test:realistic) or the default. `npm test` runs the suites under both.
 */
export const PROFILE = harnessProfile(process.env.AR_EMULATOR_PROFILE);

function harnessProfile(value: string | undefined): 'default' | 'realistic' {
	if (value === undefined || value === '' || value === 'default') return 'default';
	if (value === 'realistic') return 'realistic';
	throw new Error(`AR_EMULATOR_PROFILE must be "default" or "realistic", not "${value}"`);
}

/**
 * The realistic profile as the integration suites run it: every realism switch on, but the
 * rate-based faults (after-commit faults, transient login failures) at 0 and a commit delay of a
 * few tens of ms, so request counts stay exact and runs repeat; dedicated tests turn rates on. The
 * proxy's Date skew stays on: the node must never trust it.
 */
export function profileOptions(profile = PROFILE): EmulatorOptions {
	if (profile === 'default') return {};
	return {
		profile: 'realistic',
		afterCommitFaultRate: 0,
		loginFaultRate: 0,
		commitDelayMinMs: 0,
		commitDelayMs: 30,
		proxyDateSkewSeconds: 3600,
		// The DB flavours change what a correct answer is (equals finds other case; [%] is no
		// escape), and the property and bad-input suites assert SQL Server-style, case-sensitive
		// answers. They have their own tests: test/integration/db-flavours.test.ts,
		// test/integration/collation.test.ts and test/emulator/dataVariants.test.ts. Data variants
		// stay on, the case variants included: every suite then runs against a case-sensitive
		// server holding rows spelled in another case (`JSMITH` for `jsmith`), which must not be
		// taken for the user's; duplicate support-group names stay on too.
		caseInsensitive: false,
		oracleLike: false,
	};
}

export const ADMIN = { username: 'Demo', password: 'demo' };
export const APP_USER = { username: 'appuser', password: 'appuser' };

export interface Harness {
	emulator: Emulator;
	env: TestEnvironment;
	/** Logins the emulator saw since the last reset. */
	logins(): number;
	/** Requests to a route ('GET /entry/User') since the last reset, or all requests. */
	requests(route?: string): number;
	reset(): void;
}

/** An emulator on loopback plus an n8n environment whose credential points at it. */
export async function startHarness(
	options: EmulatorOptions = {},
	credential: ICredentialDataDecryptedObject = {},
): Promise<Harness> {
	const emulator = await startEmulator({ users: 200, ...profileOptions(), ...options });
	const env = await createEnvironment({
		baseUrl: emulator.url,
		...ADMIN,
		authString: '',
		ignoreSslIssues: false,
		...credential,
	});
	return {
		emulator,
		env,
		logins: () => emulator.control.counters().logins,
		requests: (route) => {
			const counters = emulator.control.counters();
			return route ? (counters.byRoute[route] ?? 0) : counters.total;
		},
		reset: () => emulator.control.resetCounters(),
	};
}

/**
 * A harness for one describe block: started before its tests, its emulator stopped after them.
 * `started` hands it to the block's variable.
 */
export function withHarness(options: EmulatorOptions, started: (h: Harness) => void): void {
	let harness: Harness | undefined;
	beforeAll(async () => {
		harness = await startHarness(options);
		started(harness);
	});
	afterAll(async () => {
		await harness?.emulator.stop();
	});
}

/** The stored token, for checks that a token never leaks. */
export function storedToken(harness: Harness): string {
	return String(harness.env.credentials.store[CREDENTIAL_TYPE]?.token ?? '');
}

/** The Request IDs of every entry of `form` as the emulator holds them, sorted. */
export function storedIds(h: Harness, form: string): string[] {
	return h.emulator.control
		.findEntries(form)
		.map((entry) => entry.id)
		.sort();
}

/** The `_requestId` of each output item, sorted (to compare with storedIds). */
export function itemIds(items: Array<{ json: Record<string, unknown> }>): string[] {
	return items.map((item) => item.json._requestId as string).sort();
}
