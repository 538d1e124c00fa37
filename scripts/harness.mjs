/**
 * What every script tier that starts n8n shares (test:e2e, test:ui, test:scim, test:queue,
 * test:mcp, test:publish, dev): option parsing, the pass/fail tally with its closing
 * `N passed, N failed` line, cleanup that runs once (also on Ctrl-C / SIGTERM), the throwaway
 * n8n user folder, and loading the TypeScript emulator into a plain-Node script.
 * scripts/n8n-runtime.mjs installs and starts n8n; this file runs the tier around it.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { PACKAGE_NAME, REPO_DIR, formatDuration, stopAllChildren } from './n8n-runtime.mjs';

export class AssertionError extends Error {}

export function assert(condition, message) {
	if (!condition) throw new AssertionError(message);
}

export function assertEqual(actual, expected, what) {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	assert(a === e, `${what}: expected ${e}, got ${a}`);
}

/**
 * `--no-build`, `--keep`, `--verbose` plus the tier's own flags (`extra`: names → defaults, a
 * flag `--name=value` or `--name` sets it). Unknown options end the script with exit code 2.
 */
export function parseOptions(extra = {}, argv = process.argv.slice(2)) {
	const options = { build: true, keep: false, verbose: false, ...extra };
	const known = ['--no-build', '--keep', '--verbose', ...Object.keys(extra).map((k) => `--${k}`)];
	for (const arg of argv) {
		const [flag, value] = arg.split(/=(.*)/s, 2);
		if (!known.includes(flag)) {
			console.error(`Unknown option ${arg}. Options: ${known.join(', ')}`);
			process.exit(2);
		}
		if (flag === '--no-build') options.build = false;
		else if (flag === '--keep') options.keep = true;
		else if (flag === '--verbose') options.verbose = true;
		else options[flag.slice(2)] = value ?? true;
	}
	return options;
}

/** The emulator (TypeScript) loaded into this script through ts-node. */
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
 * Removes a throwaway n8n user folder, or keeps it (and says where) when asked or when a check
 * failed. The package symlink is unlinked first so nothing can ever recurse into the repository.
 */
export function removeUserFolder(userFolder, { keep, log = console.log, logs = 'n8n-cli.log, n8n-start.log' }) {
	if (!userFolder || !fs.existsSync(userFolder)) return;
	if (keep) {
		log(`n8n user folder kept for inspection: ${userFolder} (logs: ${logs})`);
		return;
	}
	fs.rmSync(path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME), { force: true });
	fs.rmSync(userFolder, { recursive: true, force: true });
}

/**
 * One tier's run: checks with a tally, cleanup steps that run once in reverse order (also on a
 * signal), and the closing lines. `summary()` (optional) returns an extra last line, e.g. the
 * tier's JSON figures.
 */
export function createRun(tier, options, { summary } = {}) {
	const started = Date.now();
	const results = [];
	const cleanups = [];
	let cleaning;
	const log = (line) => console.log(line);
	const debug = (line) => options.verbose && console.log(`    ${line}`);
	const failed = () => results.some((r) => !r.ok);

	function report(error) {
		for (const line of String(options.verbose && error?.stack ? error.stack : (error?.message ?? error)).split('\n')) {
			log(`      ${line}`);
		}
	}

	/** Runs one named check; a failure is recorded and reported, never thrown. Returns ok. */
	async function check(name, fn, { after } = {}) {
		const t = Date.now();
		try {
			await fn();
			results.push({ name, ok: true });
			log(`  ✓ ${name} (${formatDuration(Date.now() - t)})`);
		} catch (error) {
			results.push({ name, ok: false, error });
			log(`  ✗ ${name} (${formatDuration(Date.now() - t)})`);
			report(error);
		}
		const ok = results.at(-1).ok;
		if (after) await after(ok).catch(() => {});
		return ok;
	}

	/** Records a result that is not a check of its own (a replayed request, a phase). */
	function record(result) {
		results.push(result);
	}

	/** Registers a cleanup step; steps run once, last registered first. */
	function onCleanup(fn) {
		cleanups.push(fn);
	}

	async function cleanup() {
		cleaning ??= (async () => {
			for (const fn of [...cleanups].reverse()) await Promise.resolve().then(fn).catch(() => {});
			await stopAllChildren().catch(() => {});
		})();
		return cleaning;
	}

	function tally() {
		const passed = results.filter((r) => r.ok).length;
		return { passed, failed: results.length - passed };
	}

	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			log(`\n${signal}: stopping…`);
			void cleanup().finally(() => {
				const { passed, failed: failures } = tally();
				log(`interrupted: ${passed} passed, ${failures} failed`);
				if (summary) log(summary());
				process.exit(130);
			});
		});
	}

	/**
	 * Runs the tier's body, then cleans up and prints `<tier> finished in …`, `N passed, N failed`
	 * and the summary; exits 1 on any failure. A throw from the body is a failed "setup".
	 */
	async function main(body, { onSetupFailure } = {}) {
		try {
			await body();
		} catch (error) {
			results.push({ name: 'setup', ok: false, error });
			log(`✗ setup failed: ${error?.message ?? error}`);
			if (options.verbose && error?.stack) log(error.stack);
			if (onSetupFailure) await Promise.resolve().then(onSetupFailure).catch(() => {});
		}
		await cleanup();
		const { passed, failed: failures } = tally();
		log(`${tier} finished in ${formatDuration(Date.now() - started)}`);
		log(`${passed} passed, ${failures} failed`);
		if (summary) log(summary());
		process.exit(failures > 0 ? 1 : 0);
	}

	return { options, results, log, debug, check, record, onCleanup, cleanup, failed, tally, main, started };
}
