#!/usr/bin/env node
/**
 * `npm run dev`: the package in a real n8n, with an AR System to talk to.
 *
 * - builds the package (npm run build);
 * - installs the pinned n8n into the cache on first use (progress shown; later runs skip it);
 * - starts the AR emulator (seeded, port 8008, 500 users) and a Slack webhook stub (port 8009)
 *   that prints what the examples post;
 * - prepares the n8n user folder .n8n-dev/ (kept between runs, git-ignored) with this repository
 *   linked in as an installed community package;
 * - imports the credential "AR System (local emulator)" and the workflows in examples/ (again only
 *   when they changed, so edits made in the editor survive restarts; --reimport forces it);
 * - starts `n8n start` on http://localhost:5678 and creates the owner login shown below.
 *
 * Ctrl-C stops everything; if the emulator or n8n dies, the other is stopped too.
 *
 * Options: --port N (n8n, 5678), --emulator-port N (8008), --slack-port N (8009), --users N (500),
 *          --no-build, --reimport, --fresh (delete .n8n-dev first).
 * Environment: N8N_* variables you set (e.g. N8N_LOG_LEVEL=debug) are passed on to n8n.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { assertPortFree, buildPackage, cliLogTail, CREDENTIAL_NAME, credentialFor, ensureN8n, formatDuration, freePort, localizeWorkflow, N8N_VERSION, PACKAGE_NAME, prepareUserFolder, readExamples, REPO_DIR, runN8nCli, SCIM_CREDENTIAL_NAME, scimCredentialFor, startN8nServer, startSlackStub, stopAllChildren, stopChild, waitForHttp } from './n8n-runtime.mjs';

/** The bearer secret of the SCIM example in the local dev n8n (never a real one). */
const DEV_SCIM_TOKEN = 'local-dev-scim-bearer-not-for-production';

const HELP = `npm run dev -- [options]
  --port N            n8n editor port (default 5678)
  --emulator-port N   AR emulator port (default 8008)
  --slack-port N      Slack webhook stub port (default 8009)
  --users N           seeded AR users (default 500)
  --no-build          skip npm run build
  --reimport          import the credential and examples/ again (overwrites edits to them)
  --fresh             delete .n8n-dev/ first (all workflows, executions and logins)`;

function parseArgs(argv) {
	const o = { port: 5678, emulatorPort: 8008, slackPort: 8009, users: 500, build: true, reimport: false, fresh: false };
	const numbers = { '--port': 'port', '--emulator-port': 'emulatorPort', '--slack-port': 'slackPort', '--users': 'users' };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		if (flag === '--help' || flag === '-h') {
			console.log(HELP);
			process.exit(0);
		} else if (numbers[flag]) {
			const value = Number(inline ?? argv[++i]);
			if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a whole number`);
			o[numbers[flag]] = value;
		} else if (flag === '--no-build') o.build = false;
		else if (flag === '--reimport') o.reimport = true;
		else if (flag === '--fresh') o.fresh = true;
		else throw new Error(`Unknown option ${argv[i]}\n${HELP}`);
	}
	return o;
}

const OWNER = { email: 'dev@n8n-nodes-ar-system.local', password: 'ArSystemDev1', firstName: 'Dev', lastName: 'Owner' };
const ENCRYPTION_KEY = 'n8n-nodes-ar-system-dev';
const USER_FOLDER = path.join(REPO_DIR, '.n8n-dev');
const STATE_FILE = path.join(USER_FOLDER, 'dev-imports.json');

const say = (line) => console.log(line);
const prefixed = (prefix) => (line) => line.trim() && console.log(`${prefix} ${line}`);

let emulatorChild;
let n8nChild;
let slack;
let stopping;

async function stopAll(code, reason) {
	if (stopping) return stopping;
	stopping = (async () => {
		if (reason) say(`\n${reason}`);
		say('Stopping n8n and the emulator…');
		await Promise.all([
			stopChild(n8nChild, { graceMs: 15_000 }),
			stopChild(emulatorChild, { graceMs: 5_000 }),
			stopAllChildren(),
			slack?.close(),
		]);
		say('Stopped.');
		process.exit(code);
	})();
	return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => void stopAll(0, `${signal} received.`));
}

/** The emulator's CLI (ts-node) as a child in its own process group; resolves with its URL. */
function startEmulator({ port, users }) {
	const tsNode = path.join(REPO_DIR, 'node_modules', 'ts-node', 'dist', 'bin.js');
	const child = spawn(
		process.execPath,
		[tsNode, '--transpile-only', path.join(REPO_DIR, 'emulator', 'cli.ts'), '--port', String(port), '--users', String(users)],
		{ cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' },
	);
	emulatorChild = child;
	return new Promise((resolve, reject) => {
		let buffer = '';
		let url;
		const onData = (chunk) => {
			buffer += chunk;
			let nl;
			while ((nl = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, nl);
				buffer = buffer.slice(nl + 1);
				prefixed('[emulator]')(line);
				const match = /listening on (\S+)/.exec(line);
				if (match && !url) {
					url = match[1];
					resolve(url);
				}
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			if (!url) reject(new Error(`the emulator exited before listening (${signal ?? `exit ${code}`})`));
			else void stopAll(1, `The AR emulator exited (${signal ?? `exit ${code}`}).`);
		});
	});
}

function hash(value) {
	return crypto.createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

async function importIfChanged(rt, { emulatorUrl, slackUrl, reimport, brokerPort }) {
	const state = (() => {
		try {
			return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
		} catch {
			return {};
		}
	})();
	const credential = credentialFor(emulatorUrl);
	const workflows = readExamples().map(({ file, workflow }) => ({
		file,
		workflow: localizeWorkflow(workflow, { slackBaseUrl: `${slackUrl}/slack` }),
	}));
	const work = path.join(USER_FOLDER, 'import');
	fs.mkdirSync(work, { recursive: true });
	const cli = async (args) => {
		const result = await runN8nCli(rt, USER_FOLDER, args, {
			encryptionKey: ENCRYPTION_KEY,
			env: { N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
		});
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} failed:\n${result.errors.join('\n')}\n${cliLogTail(USER_FOLDER, 20)}`);
		}
	};
	if (reimport || state.credential !== hash(credential)) {
		const file = path.join(work, 'credentials.json');
		// The SCIM example's bearer credential: a fixed secret, for this local n8n only.
		fs.writeFileSync(file, JSON.stringify([credential, scimCredentialFor(DEV_SCIM_TOKEN)], null, 2));
		await cli(['import:credentials', `--input=${file}`]);
		fs.rmSync(file);
		state.credential = hash(credential);
		say(`Imported the credential "${CREDENTIAL_NAME}" (${emulatorUrl}, Demo / demo) and "${SCIM_CREDENTIAL_NAME}" (bearer ${DEV_SCIM_TOKEN})`);
	}
	if (reimport || state.workflows !== hash(workflows)) {
		const dir = path.join(work, 'workflows');
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir);
		for (const { file, workflow } of workflows) fs.writeFileSync(path.join(dir, file), JSON.stringify(workflow, null, 2));
		await cli(['import:workflow', '--separate', `--input=${dir}`]);
		state.workflows = hash(workflows);
		say(`Imported ${workflows.length} example workflows from examples/`);
	}
	fs.writeFileSync(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
	return workflows.map(({ workflow }) => workflow);
}

/** Creates the owner account on a fresh instance so the editor opens straight to the login. */
async function ensureOwner(baseUrl) {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	if (response.ok) return 'created';
	const text = await response.text();
	return /already/i.test(text) ? 'existing' : `not created (HTTP ${response.status}: ${text.slice(0, 200)})`;
}

async function main() {
	const o = parseArgs(process.argv.slice(2));
	const started = Date.now();
	say(`${PACKAGE_NAME} dev: real n8n ${N8N_VERSION} + AR emulator`);
	await assertPortFree(o.port, 'n8n');
	await assertPortFree(o.emulatorPort, 'AR emulator');
	await assertPortFree(o.slackPort, 'Slack stub');

	if (o.build) await buildPackage({ log: say });
	const rt = await ensureN8n({ log: say });

	if (o.fresh && fs.existsSync(USER_FOLDER)) {
		fs.rmSync(path.join(USER_FOLDER, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME), { force: true });
		fs.rmSync(USER_FOLDER, { recursive: true, force: true });
		say('Deleted .n8n-dev/');
	}
	prepareUserFolder(USER_FOLDER);

	const emulatorUrl = await startEmulator({ port: o.emulatorPort, users: o.users });
	slack = await startSlackStub({
		port: o.slackPort,
		onMessage: (m) => say(`[slack] ${m.path}: ${m.text}`),
	});
	const brokerPort = await freePort();
	const workflows = await importIfChanged(rt, { emulatorUrl, slackUrl: slack.url, reimport: o.reimport, brokerPort });

	// Your own N8N_* settings win over ours (but not the folder and key this instance was made with).
	const passThrough = Object.fromEntries(
		Object.entries(process.env).filter(
			([key]) => key.startsWith('N8N_') && !['N8N_USER_FOLDER', 'N8N_ENCRYPTION_KEY'].includes(key),
		),
	);
	n8nChild = startN8nServer(rt, USER_FOLDER, {
		port: o.port,
		encryptionKey: ENCRYPTION_KEY,
		env: { N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...passThrough },
		onLine: prefixed('[n8n]'),
	});
	n8nChild.on('exit', (code, signal) => void stopAll(1, `n8n exited (${signal ?? `exit ${code}`}).`));
	const editor = `http://localhost:${o.port}`;
	await waitForHttp(`http://127.0.0.1:${o.port}/healthz/readiness`, {
		timeoutMs: 180_000,
		isAlive: () => n8nChild.exitCode === null && n8nChild.signalCode === null,
	});
	const owner = await ensureOwner(`http://127.0.0.1:${o.port}`).catch((error) => `not created (${error.message})`);

	const line = '─'.repeat(78);
	say(`
${line}
 n8n ${N8N_VERSION} with ${PACKAGE_NAME} (community package)   ready in ${formatDuration(Date.now() - started)}

 Open            ${editor}
 n8n login       ${OWNER.email} / ${OWNER.password}${owner === 'created' ? '   (just created)' : owner === 'existing' ? '' : `   (${owner})`}
 Credential      "${CREDENTIAL_NAME}" → ${emulatorUrl}
 Workflows       ${workflows.map((w) => `${editor}/workflow/${w.id}`).join('\n                 ')}

 AR emulator     ${emulatorUrl}   (${o.users} seeded users)
   admin         Demo / demo
   non-admin     appuser / appuser
   seeded users  password "password" (e.g. zoe.muller, rsmith, li.na)
 Slack stub      ${slack.url}/slack/<workflow>  (the examples post here; messages are printed as [slack])

 Data: .n8n-dev/ (delete with --fresh). Rebuild after code changes: stop, npm run dev again.
 Ctrl-C stops n8n and the emulator.
${line}`);
}

main().catch((error) => {
	console.error(`\n${error?.message ?? error}`);
	void stopAll(1);
});
