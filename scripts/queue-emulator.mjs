/**
 * The AR emulator as `npm run test:queue` drives it: a URL the n8n processes talk to over real
 * HTTP, plus the few controls the test needs (login counter, expire every token, latency and other
 * runtime options, writes to the User form, the log of versions written, entries as stored). Every control is async, whichever way the
 * emulator runs:
 *
 * - `process` (the default when the emulator has its control endpoint): the emulator CLI in a
 *   process of its own, as a real AR server would be, driven through its loopback control
 *   endpoint (`--control-port`).
 * - `in-process`: startEmulator from emulator/ inside the test script (loaded through ts-node as
 *   scripts/e2e.mjs does), for an emulator without the control endpoint.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { REPO_DIR } from './n8n-runtime.mjs';
import { pipeToLog } from './queue-services.mjs';

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

const hasControlEndpoint = () => fs.existsSync(path.join(REPO_DIR, 'emulator', 'control.ts'));
const ACTIVE = `'Status' = "Current"`;
const plainLogin = (login) => typeof login === 'string' && /^[a-z][a-z0-9._-]*$/.test(login);

/**
 * Starts the emulator (`users` seeded User entries) and returns its driver. `logDir` receives
 * emulator.log when it runs as a process.
 */
export async function startQueueEmulator({ users = 500, seed = 11, logDir } = {}) {
	return hasControlEndpoint() ? await startProcess({ users, seed, logDir }) : await startInProcess({ users, seed });
}

async function startInProcess({ users, seed }) {
	const { startEmulator } = requireTs('emulator/index.ts');
	const emulator = await startEmulator({ port: 0, users, seed, tickets: 20 });
	const { control } = emulator;
	return {
		url: emulator.url,
		mode: 'in-process',
		logins: async () => control.counters().logins,
		entryReads: async (form) => control.counters().byRoute[`GET /entry/${form}`] ?? 0,
		expireAllTokens: async () => control.expireAllTokens(),
		setLatency: async (ms) => control.setOptions({ latencyMs: ms }),
		now: async () => control.now(),
		activeLogins: async (limit) =>
			control
				.findEntries('User', ACTIVE)
				.map((e) => e.values['Login Name'])
				.filter(plainLogin)
				.slice(0, limit),
		userIds: async (limit) => control.findEntries('User', ACTIVE).slice(0, limit).map((e) => e.id),
		/** Applies [{op: 'insert'|'modify', values, id?}] to the User form in one go; returns the IDs. */
		changeUsers: async (changes) =>
			changes.map((c) => {
				if (c.op === 'insert') return control.insertEntry('User', c.values);
				control.modifyEntry('User', c.id, c.values);
				return c.id;
			}),
		versions: async () => control.versionLog('User').map(({ id, modified }) => ({ id, modified })),
		setOptions: async (patch) => control.setOptions(patch),
		findEntries: async (form, q = '') => control.findEntries(form, q),
		getEntry: async (form, id) => control.getEntry(form, id),
		faults: async () => control.counters().faults,
		stop: () => emulator.stop(),
	};
}

async function startProcess({ users, seed, logDir }) {
	const child = spawn(
		process.execPath,
		[
			require.resolve('ts-node/dist/bin.js'),
			'--transpile-only',
			path.join(REPO_DIR, 'emulator', 'cli.ts'),
			'--port', '0',
			'--control-port', '0',
			'--users', String(users),
			'--seed', String(seed),
			'--tickets', '20',
		],
		{ cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const urls = await new Promise((resolve, reject) => {
		let output = '';
		const found = {};
		const timer = setTimeout(() => reject(new Error(`emulator did not start in 120 s:\n${output}`)), 120_000);
		const onLine = (line) => {
			output += `${line}\n`;
			const api = /listening on (\S+)/.exec(line);
			if (api) found.url = api[1];
			const control = /control endpoint: (\S+)/.exec(line);
			if (control) found.control = control[1];
			if (found.url && found.control) {
				clearTimeout(timer);
				resolve(found);
			}
		};
		pipeToLog(child, path.join(logDir ?? REPO_DIR, 'emulator.log'), onLine);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`emulator exited (${code}) before it was ready:\n${output}`));
		});
	});

	async function call(method, route, body) {
		const response = await fetch(`${urls.control}${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`emulator control ${method} ${route}: HTTP ${response.status} ${text}`);
		return text === '' ? undefined : JSON.parse(text);
	}
	const findUsers = async () => await call('GET', `/entries/User?q=${encodeURIComponent(ACTIVE)}`);

	return {
		url: urls.url,
		mode: 'process',
		logins: async () => (await call('GET', '/counters')).logins,
		entryReads: async (form) => (await call('GET', '/counters')).byRoute[`GET /entry/${form}`] ?? 0,
		expireAllTokens: async () => void (await call('POST', '/tokens/expire')),
		setLatency: async (ms) => void (await call('POST', '/options', { latencyMs: ms })),
		now: async () => (await call('GET', '/now')).now,
		activeLogins: async (limit) =>
			(await findUsers())
				.map((e) => e.values['Login Name'])
				.filter(plainLogin)
				.slice(0, limit),
		userIds: async (limit) => (await findUsers()).slice(0, limit).map((e) => e.id),
		changeUsers: async (changes) =>
			(await call('POST', '/changes', changes.map((c) => ({ ...c, form: 'User' })))).map((r) => r.id),
		versions: async () => (await call('GET', '/version-log?form=User')).map(({ id, modified }) => ({ id, modified })),
		setOptions: async (patch) => void (await call('POST', '/options', patch)),
		findEntries: async (form, q = '') => await call('GET', `/entries/${encodeURIComponent(form)}?q=${encodeURIComponent(q)}`),
		getEntry: async (form, id) => (await call('GET', `/entries/${encodeURIComponent(form)}/${encodeURIComponent(id)}`)).values,
		faults: async () => (await call('GET', '/counters')).faults,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				child.once('exit', () => {
					clearTimeout(timer);
					resolve();
				});
				child.kill('SIGTERM');
			}),
	};
}
