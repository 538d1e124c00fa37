/**
 * A tier that runs the package in one real n8n started from the cache, built on the shared
 * harness (scripts/harness.mjs: options, checks and their tally, cleanup once also on signals,
 * the throwaway user folder): adds the n8n user folder with the package linked in, n8n CLI
 * commands that must succeed, and `n8n start` until it is ready. Used by scripts/mcp.mjs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { createRun, parseOptions, removeUserFolder } from './harness.mjs';
import { cliLogTail, formatDuration, PACKAGE_NAME, prepareUserFolder, runN8nCli, startN8nReady, stopChild } from './n8n-runtime.mjs';

export { loadEmulator } from './harness.mjs';

/** --no-build (use the existing dist/), --keep (keep the n8n user folder), --verbose. */
export const tierOptions = () => parseOptions();

/**
 * One run of a tier: its checks and results, its n8n user folder and server, and a cleanup that
 * stops everything it started (on a signal too) and prints the summary line last.
 */
export function createTier({ name, options, encryptionKey, summary, onCleanup = async () => {} }) {
	const run = createRun(name, options, { summary });
	const { log, debug } = run;
	let userFolder;
	let server;
	run.onCleanup(async () => {
		await onCleanup().catch(() => {});
		await stopChild(server, { graceMs: 10_000 }).catch(() => {});
		removeUserFolder(userFolder, { keep: options.keep || run.failed(), log });
	});

	const tier = {
		started: run.started,
		log,
		debug,
		results: run.results,
		get userFolder() {
			return userFolder;
		},
		/** Runs one named check; a failure is recorded and printed, never thrown. */
		check: run.check,
		fail(title, error) {
			run.record({ name: title, ok: false, error });
			log(`${title} failed: ${error?.stack ?? error}`);
		},
		passed: () => run.tally().passed,
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
			const started = await startN8nReady(rt, userFolder, { encryptionKey, debug, onStart: (child) => (server = child) });
			return { port: started.port, alive: started.alive };
		},
		cleanup: run.cleanup,
		/** Cleans up, prints the totals and the summary line, and exits (1 unless everything passed). */
		async finish(ok = true) {
			if (!ok) run.record({ name: `${name}: overall verdict`, ok: false });
			if (run.results.length === 0) run.record({ name: `${name}: no check ran`, ok: false });
			await run.main(async () => {});
		},
	};
	return tier;
}
