/**
 * PostgreSQL and Redis for `npm run test:queue`, each with a private data directory under the
 * run's temporary folder and a free loopback port, run as child processes of the test script so
 * that stopping the script (also with Ctrl-C) stops them.
 *
 * PostgreSQL refuses to run as root: when the script runs as root, initdb and postgres run as the
 * `postgres` system user (created when missing); otherwise as the current user. The binaries come
 * from the Debian packages (`postgresql`, `redis-server`), installed with apt-get when missing and
 * the script runs as root.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from './n8n-runtime.mjs';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

function commandExists(cmd) {
	return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function aptInstall(pkg, log) {
	if (!isRoot() || !commandExists('apt-get')) {
		throw new Error(
			`${pkg} is not installed and this script cannot install it (needs root and apt-get). ` +
				`Install it with: sudo apt-get install -y ${pkg}`,
		);
	}
	log(`Installing the Debian package ${pkg} (apt-get install -y ${pkg})…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env });
	if (result.status !== 0) {
		spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
		result = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { stdio: 'inherit', env });
	}
	if (result.status !== 0) throw new Error(`apt-get install -y ${pkg} failed (exit ${result.status})`);
}

/** The bin directory of the newest installed PostgreSQL (Debian layout first, then PATH). */
function findPostgresBin() {
	const base = '/usr/lib/postgresql';
	let versions = [];
	try {
		versions = fs
			.readdirSync(base)
			.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres')))
			.sort((a, b) => Number(b) - Number(a));
	} catch {
		/* not the Debian layout */
	}
	if (versions.length > 0) return path.join(base, versions[0], 'bin');
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (dir && fs.existsSync(path.join(dir, 'postgres')) && fs.existsSync(path.join(dir, 'initdb'))) return dir;
	}
	return undefined;
}

export function ensurePostgresInstalled(log) {
	let bin = findPostgresBin();
	if (!bin) {
		aptInstall('postgresql', log);
		bin = findPostgresBin();
	}
	if (!bin) throw new Error('PostgreSQL binaries (postgres, initdb) not found after installing postgresql');
	if (!commandExists('psql') && !fs.existsSync(path.join(bin, 'psql'))) {
		throw new Error('psql not found: install postgresql-client');
	}
	return bin;
}

export function ensureRedisInstalled(log) {
	if (!commandExists('redis-server')) aptInstall('redis-server', log);
	if (!commandExists('redis-server')) throw new Error('redis-server not found after installing redis-server');
	return 'redis-server';
}

/** uid/gid that PostgreSQL runs as: the `postgres` system user when we are root. */
function postgresIdentity(log) {
	if (!isRoot()) return {};
	const lookup = () => spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
	if (lookup().status !== 0) {
		log('Creating the postgres system user (PostgreSQL refuses to run as root)…');
		execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
	}
	const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
	const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
	return { uid, gid };
}

/** Lines of a child's stdout + stderr appended to `logFile`; `onLine` sees each one. */
export function pipeToLog(child, logFile, onLine = () => {}) {
	const out = fs.createWriteStream(logFile, { flags: 'a' });
	for (const stream of [child.stdout, child.stderr]) {
		if (!stream) continue;
		let buffer = '';
		stream.on('data', (chunk) => {
			out.write(chunk);
			buffer += chunk;
			let nl;
			while ((nl = buffer.indexOf('\n')) >= 0) {
				onLine(buffer.slice(0, nl).replace(/\r$/, ''));
				buffer = buffer.slice(nl + 1);
			}
		});
	}
	child.once('exit', () => out.end());
}

function exited(child) {
	return child.exitCode !== null || child.signalCode !== null;
}

/** Sends `signal`, then SIGKILL after `graceMs`; resolves when the child has exited. */
function stopProcess(child, signal, graceMs = 10_000) {
	if (!child || exited(child)) return Promise.resolve();
	return new Promise((resolve) => {
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			resolve();
		});
		child.kill(signal);
	});
}

async function waitUntil(check, { timeoutMs, what, child }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (child && exited(child)) throw new Error(`${what}: the process exited (code ${child.exitCode ?? child.signalCode})`);
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 250));
	}
}

/**
 * Starts PostgreSQL on a free loopback port with a fresh cluster in `<dir>/pgdata`, a database
 * `n8n` and a user `n8n` with a random password. Returns connection settings and `stop()`.
 */
export async function startPostgres(dir, { log = console.error } = {}) {
	const bin = ensurePostgresInstalled(log);
	const identity = postgresIdentity(log);
	const port = await freePort();
	const password = `pg-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
	const data = path.join(dir, 'pgdata');
	const socketDir = path.join(dir, 'pgsocket');
	const pwfile = path.join(dir, 'pgpass.txt');
	fs.mkdirSync(data, { mode: 0o700 });
	fs.mkdirSync(socketDir, { mode: 0o700 });
	fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
	if (identity.uid !== undefined) {
		// The run folder is private to us; let the postgres user reach (not list) its own parts.
		fs.chmodSync(dir, 0o711);
		for (const p of [data, socketDir, pwfile]) fs.chownSync(p, identity.uid, identity.gid);
	}
	const spawnOptions = { ...identity, cwd: dir, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } };

	const init = spawnSync(
		path.join(bin, 'initdb'),
		['-D', data, '-U', 'n8n', `--pwfile=${pwfile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-instructions'],
		{ ...spawnOptions, encoding: 'utf8' },
	);
	fs.rmSync(pwfile, { force: true });
	if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}):\n${init.stdout}\n${init.stderr}`);

	// A throwaway test cluster: durability settings off, so it costs the shared machine little.
	const child = spawn(
		path.join(bin, 'postgres'),
		[
			'-D', data,
			'-c', `port=${port}`,
			'-c', 'listen_addresses=127.0.0.1',
			'-c', `unix_socket_directories=${socketDir}`,
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=100',
			'-c', 'shared_buffers=64MB',
		],
		{ ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	pipeToLog(child, path.join(dir, 'postgres.log'));
	const settings = { host: '127.0.0.1', port, user: 'n8n', password, database: 'n8n' };
	const psqlEnv = { ...process.env, PGPASSWORD: password, PGCONNECT_TIMEOUT: '3' };
	const psqlArgs = (db) => ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', db, '-v', 'ON_ERROR_STOP=1', '-At'];
	await waitUntil(
		() => spawnSync('psql', [...psqlArgs('postgres'), '-c', 'select 1'], { env: psqlEnv, stdio: 'ignore' }).status === 0,
		{ timeoutMs: 60_000, what: 'PostgreSQL', child },
	);
	const created = spawnSync('psql', [...psqlArgs('postgres'), '-c', 'create database n8n'], { env: psqlEnv, encoding: 'utf8' });
	if (created.status !== 0) throw new Error(`create database n8n failed: ${created.stderr}`);

	return {
		...settings,
		child,
		/** Runs SQL in the n8n database; rows as arrays of strings ('|'-separated by psql -At). */
		query(sql) {
			const result = spawnSync('psql', [...psqlArgs('n8n'), '-F', '\t', '-c', sql], {
				env: psqlEnv,
				encoding: 'utf8',
				maxBuffer: 256 * 1024 * 1024,
			});
			if (result.status !== 0) throw new Error(`psql failed: ${result.stderr.trim()}\nSQL: ${sql}`);
			return result.stdout
				.split('\n')
				.filter((line) => line !== '')
				.map((line) => line.split('\t'));
		},
		/** The env variables n8n reads for this database. */
		n8nEnv() {
			return {
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: settings.host,
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: settings.database,
				DB_POSTGRESDB_USER: settings.user,
				DB_POSTGRESDB_PASSWORD: password,
			};
		},
		// SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, checkpoint, exit.
		stop: () => stopProcess(child, 'SIGINT', 15_000),
	};
}

/** Starts redis-server on a free loopback port, no persistence, data directory `<dir>/redis`. */
export async function startRedis(dir, { log = console.error } = {}) {
	const bin = ensureRedisInstalled(log);
	const port = await freePort();
	const data = path.join(dir, 'redis');
	fs.mkdirSync(data);
	const child = spawn(
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', data, '--save', '', '--appendonly', 'no', '--protected-mode', 'yes', '--daemonize', 'no'],
		{ cwd: data, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let ready = false;
	pipeToLog(child, path.join(dir, 'redis.log'), (line) => {
		if (/Ready to accept connections/.test(line)) ready = true;
	});
	await waitUntil(() => ready, { timeoutMs: 30_000, what: 'Redis', child });
	return {
		host: '127.0.0.1',
		port,
		child,
		n8nEnv: () => ({ QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) }),
		stop: () => stopProcess(child, 'SIGTERM', 10_000),
	};
}

/** A private run folder under the OS temp dir. */
export function makeRunDir(prefix = 'n8n-nodes-ar-system-queue-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
