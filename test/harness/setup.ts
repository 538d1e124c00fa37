import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Emulator, EmulatorOptions } from '../../emulator';
import { startEmulator } from '../../emulator';
import type { TestEnvironment } from './n8n';
import { CREDENTIAL_TYPE, createEnvironment } from './n8n';

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
	const emulator = await startEmulator({ users: 200, ...options });
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

/** The stored token, for checks that a token never leaks. */
export function storedToken(harness: Harness): string {
	return String(harness.env.credentials.store[CREDENTIAL_TYPE]?.token ?? '');
}
