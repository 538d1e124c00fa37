/**
 * The AR emulator as `npm run test:queue` drives it: a URL the n8n processes talk to over real
 * HTTP, plus the few controls the test needs (login counter, expire every token, latency, writes
 * to the User form, the log of versions written).
 *
 * Today the emulator runs inside the test script (startEmulator from emulator/, loaded through
 * ts-node as scripts/e2e.mjs does); the n8n processes reach it over loopback like any AR server.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

import { REPO_DIR } from './n8n-runtime.mjs';

const require = createRequire(import.meta.url);
let registered = false;

/** Loads a TypeScript module of this repository (emulator/, test/queue/) through ts-node. */
export function requireTs(relative) {
	if (!registered) {
		require('ts-node').register({
			transpileOnly: true,
			project: path.join(REPO_DIR, 'tsconfig.json'),
			compilerOptions: { module: 'commonjs' },
		});
		registered = true;
	}
	return require(path.join(REPO_DIR, relative));
}

export async function startQueueEmulator({ users = 500, seed = 11 } = {}) {
	const { startEmulator } = requireTs('emulator/index.ts');
	const emulator = await startEmulator({ port: 0, users, seed, tickets: 20 });
	const { control } = emulator;
	return {
		url: emulator.url,
		mode: 'in-process',
		logins: () => control.counters().logins,
		/** GET requests for entries of `form` so far (a poll, a lookup). */
		entryReads: (form) => control.counters().byRoute[`GET /entry/${form}`] ?? 0,
		expireAllTokens: () => control.expireAllTokens(),
		setLatency: (ms) => control.setOptions({ latencyMs: ms }),
		now: () => control.now(),
		activeLogins(limit) {
			return control
				.findEntries('User', `'Status' = "Current"`)
				.map((e) => e.values['Login Name'])
				.filter((login) => typeof login === 'string' && /^[a-z][a-z0-9._-]*$/.test(login))
				.slice(0, limit);
		},
		createUser(values) {
			return control.insertEntry('User', values);
		},
		modifyUser(id, values) {
			control.modifyEntry('User', id, values);
		},
		userIds(limit) {
			return control.findEntries('User', `'Status' = "Current"`).slice(0, limit).map((e) => e.id);
		},
		versions: () => control.versionLog('User').map(({ id, modified }) => ({ id, modified })),
		stop: () => emulator.stop(),
	};
}
