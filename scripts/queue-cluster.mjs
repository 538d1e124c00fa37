/**
 * n8n in queue mode for `npm run test:queue`: one main (`n8n start`: editor, webhooks, triggers)
 * and N workers (`n8n worker`), sharing PostgreSQL, Redis and one encryption key, each with its
 * own user folder in which this package is installed the way n8n installs a community package:
 * the `npm pack` tarball extracted into `<userFolder>/.n8n/nodes/node_modules/<name>` and listed
 * in `<userFolder>/.n8n/nodes/package.json`.
 *
 * The n8n runtime and its environment come from scripts/n8n-runtime.mjs (ensureN8n, n8nEnv).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { PACKAGE_NAME, REPO_DIR, freePort, n8nEnv, stopChild, waitForHttp } from './n8n-runtime.mjs';
import { pipeToLog } from './queue-services.mjs';

/** npm's own environment from an outer `npm run`, which must not steer the inner npm pack. */
function cleanNpmEnv() {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_(package|lifecycle|config_(local_prefix|prefix|global|dry_run|workspaces?))/i.test(key)) continue;
		env[key] = value;
	}
	return env;
}

/** `npm pack` of the built package into `dir`; returns the tarball's path. */
export function packPackage(dir) {
	if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', dir, '--loglevel=error'], {
		cwd: REPO_DIR,
		env: cleanNpmEnv(),
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`npm pack failed (exit ${result.status}):\n${result.stderr}`);
	const [info] = JSON.parse(result.stdout);
	const tarball = path.join(dir, info.filename);
	if (!fs.existsSync(tarball)) throw new Error(`npm pack did not write ${tarball}`);
	return { tarball, version: info.version, files: info.entryCount };
}

/** What n8n's community-package install leaves in a user folder, from the packed tarball. */
export function installPackage(userFolder, { tarball, version }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.mkdirSync(target, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`extracting ${tarball} failed: ${untar.stderr}`);
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: version } }, null, 2)}\n`,
	);
	return target;
}

/** Whether `unshare -u` can give a process its own hostname here (root, util-linux). */
function canUnshareHostname() {
	return spawnSync('unshare', ['-u', 'true'], { stdio: 'ignore' }).status === 0;
}

/**
 * Starts one n8n process (`start` or `worker …`). Inside a container n8n derives its hostId from
 * the hostname, so processes on one machine would share one; each gets a hostname of its own
 * (`unshare -u`) when that is possible.
 */
function spawnN8n(rt, { name, args, userFolder, env, encryptionKey, logFile, onLine }) {
	const nodeArgs = [rt.n8nBin, ...args];
	const useUnshare = canUnshareHostname();
	const [cmd, cmdArgs] = useUnshare
		? ['unshare', ['-u', 'sh', '-c', 'hostname "$1" && shift && exec "$@"', 'sh', name, rt.nodeBin, ...nodeArgs]]
		: [rt.nodeBin, nodeArgs];
	const child = spawn(cmd, cmdArgs, {
		cwd: userFolder,
		env: n8nEnv(rt, userFolder, { encryptionKey, extra: env }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true, // its own process group: its task runner is stopped (or killed) with it
	});
	pipeToLog(child, logFile, onLine);
	return child;
}

const alive = (child) => child && child.exitCode === null && child.signalCode === null;

/**
 * Starts main and workers; resolves once every one answers its readiness check.
 * `baseEnv` holds what all of them share (queue mode, database, Redis).
 */
export async function startCluster(rt, {
	runDir,
	packed,
	workers = 2,
	concurrency = 5,
	baseEnv,
	encryptionKey,
	onLine = () => {},
	log = console.error,
}) {
	const processes = [];
	const mainPort = await freePort();
	const specs = [
		{
			name: 'n8n-main',
			role: 'main',
			args: ['start'],
			port: mainPort,
			env: {
				N8N_PORT: String(mainPort),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `http://localhost:${mainPort}`,
				WEBHOOK_URL: `http://localhost:${mainPort}/`,
			},
		},
	];
	for (let i = 1; i <= workers; i++) {
		specs.push({ name: `n8n-worker-${i}`, role: 'worker', args: ['worker', `--concurrency=${concurrency}`], env: {} });
	}
	for (const spec of specs) {
		const userFolder = path.join(runDir, spec.name);
		fs.mkdirSync(userFolder, { recursive: true });
		installPackage(userFolder, packed);
		const healthPort = await freePort();
		const env = {
			...baseEnv,
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(healthPort),
			N8N_PORT: String(spec.port ?? (await freePort())),
			// Workers stop within 10 s at cleanup instead of n8n's 30 s default.
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			...spec.env,
		};
		const logFile = path.join(runDir, `${spec.name}.log`);
		const child = spawnN8n(rt, {
			name: spec.name,
			args: spec.args,
			userFolder,
			env,
			encryptionKey,
			logFile,
			onLine: (line) => onLine(spec.name, line),
		});
		const readiness =
			spec.role === 'main'
				? `http://127.0.0.1:${mainPort}/healthz/readiness`
				: `http://127.0.0.1:${healthPort}/healthz/readiness`;
		processes.push({ ...spec, userFolder, child, logFile, readiness, healthPort });
	}
	await Promise.all(
		processes.map(async (p) => {
			const started = Date.now();
			await waitForHttp(p.readiness, { timeoutMs: 180_000, isAlive: () => alive(p.child) }).catch((error) => {
				throw new Error(`${p.name} did not become ready: ${error.message} (log: ${p.logFile})`);
			});
			log(`  ${p.name} ready in ${Math.round((Date.now() - started) / 1000)} s`);
		}),
	);
	return {
		main: processes[0],
		workers: processes.slice(1),
		processes,
		baseUrl: `http://127.0.0.1:${mainPort}`,
		/** SIGKILL to the whole process group of one process (n8n and its task runner). */
		kill(processInfo) {
			try {
				process.kill(-processInfo.child.pid, 'SIGKILL');
			} catch {
				processInfo.child.kill('SIGKILL');
			}
		},
		async stop() {
			// Workers first (they finish or give up their jobs), then main.
			await Promise.all(processes.slice(1).map((p) => stopChild(p.child, { graceMs: 20_000 })));
			await stopChild(processes[0].child, { graceMs: 20_000 });
		},
	};
}
