/**
 * The plumbing of a test tier that runs the package in a real n8n started from the cache
 * (scripts/n8n-runtime.mjs): command-line options, the emulator loaded from source, a throwaway
 * n8n user folder, n8n CLI commands that must succeed, `n8n start` until it is ready, named
 * checks with one line each, and a cleanup that runs once whatever happens. Used by
 * scripts/mcp.mjs; the older tiers (e2e, scim, ui, queue) still carry their own copies.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import {
	PACKAGE_NAME,
	REPO_DIR,
	cliLogTail,
	formatDuration,
	freePort,
	prepareUserFolder,
	runN8nCli,
	startN8nServer,
	stopAllChildren,
	stopChild,
	waitForHttp,
} from './n8n-runtime.mjs';

const FLAGS = ['--no-build', '--keep', '--verbose'];

/** --no-build (use the existing dist/), --keep (keep the n8n user folder), --verbose. */
export function tierOptions(args = process.argv.slice(2)) {
	for (const arg of args) {
		if (!FLAGS.includes(arg)) {
			console.error(`Unknown option ${arg}. Options: ${FLAGS.join(', ')}`);
			process.exit(2);
		}
	}
	const set = new Set(args);
	return { build: !set.has('--no-build'), keep: set.has('--keep'), verbose: set.has('--verbose') };
}

/** The emulator's programmatic API, compiled from emulator/ on the fly. */
export function loadEmulator() {
	const require = createRequire(import.meta.url);
	require('ts-node').register({
		transpileOnly: true,
		project: path.join(REPO_DIR, 'tsconfig.json'),
		compilerOptions: { module: 'commonjs' },
	});
	return require(path.join(REPO_DIR, 'emulator', 'index.ts'));
}

/**
 * One run of a tier: its checks and results, its n8n user folder and server, and a cleanup that
 * stops everything it started (on a signal too) and prints the summary line last.
 */
export function createTier({ name, options, encryptionKey, summary, onCleanup = async () => {} }) {
	const started = Date.now();
	const log = (line) => console.log(line);
	const debug = (line) => options.verbose && console.log(`    ${line}`);
	const results = [];
	let userFolder;
	let server;
	let cleaning;

	const tier = {
		started,
		log,
		debug,
		results,
		get userFolder() {
			return userFolder;
		},
		/** Runs one named check; a failure is recorded and printed, never thrown. */
		async check(title, fn) {
			const t = Date.now();
			try {
				await fn();
				results.push({ name: title, ok: true });
				log(`  ✓ ${title} (${formatDuration(Date.now() - t)})`);
			} catch (error) {
				results.push({ name: title, ok: false, error });
				log(`  ✗ ${title} (${formatDuration(Date.now() - t)})\n      ${String(error?.stack ?? error).split('\n').slice(0, 6).join('\n      ')}`);
			}
		},
		fail(title, error) {
			results.push({ name: title, ok: false, error });
			log(`${title} failed: ${error?.stack ?? error}`);
		},
		passed: () => results.filter((r) => r.ok).length,
		/** A fresh n8n user folder with this repository linked in as an installed community package. */
		newUserFolder() {
			userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `${PACKAGE_NAME}-${name}-`));
			prepareUserFolder(userFolder);
			return userFolder;
		},
		/** An n8n CLI command that has to succeed (import, publish, …). */
		async cli(rt, args, brokerPort) {
			const result = await runN8nCli(rt, userFolder, args, { encryptionKey, env: { N8N_RUNNERS_BROKER_PORT: String(brokerPort) } });
			debug(`n8n ${args.join(' ')} → exit ${result.code} in ${formatDuration(result.ms)}`);
			if (result.code !== 0) {
				throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${result.errors.join('\n').slice(-3000)}\n--- n8n-cli.log ---\n${cliLogTail(userFolder, 15)}`);
			}
			return result;
		},
		/** `n8n start` on a free port, logged to n8n-start.log, until /healthz/readiness answers. */
		async startServer(rt) {
			const port = await freePort();
			const startLog = fs.createWriteStream(path.join(userFolder, 'n8n-start.log'));
			server = startN8nServer(rt, userFolder, {
				port,
				encryptionKey,
				env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
				onLine: (line) => {
					startLog.write(`${line}\n`);
					debug(`n8n: ${line}`);
				},
			});
			server.once('exit', () => startLog.end());
			const alive = () => server.exitCode === null && server.signalCode === null;
			await waitForHttp(`http://127.0.0.1:${port}/healthz/readiness`, { timeoutMs: 180_000, isAlive: alive });
			return { port, alive };
		},
		cleanup() {
			cleaning ??= (async () => {
				await onCleanup().catch(() => {});
				await stopChild(server, { graceMs: 10_000 }).catch(() => {});
				await stopAllChildren().catch(() => {});
				const failed = results.some((r) => !r.ok);
				if (userFolder && fs.existsSync(userFolder)) {
					if (options.keep || failed) {
						log(`n8n user folder kept for inspection: ${userFolder} (logs: n8n-cli.log, n8n-start.log)`);
					} else {
						// Unlink the package symlink first so nothing can ever recurse into the repository.
						fs.rmSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME), { force: true });
						fs.rmSync(userFolder, { recursive: true, force: true });
					}
				}
			})();
			return cleaning;
		},
		/** Cleans up, prints the totals and the summary line, and sets the exit code. */
		async finish(ok = true) {
			await tier.cleanup();
			const passed = tier.passed();
			log(`${passed} passed, ${results.length - passed} failed in ${formatDuration(Date.now() - started)}`);
			log(summary());
			process.exitCode = ok && results.length > 0 && passed === results.length ? 0 : 1;
		},
	};

	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			log(`\n${signal}: stopping…`);
			tier.cleanup().finally(() => {
				log(summary());
				process.exit(130);
			});
		});
	}
	return tier;
}
