#!/usr/bin/env node
/**
 * `npm run test:scim`: the SCIM bridge in a real n8n, called the way identity providers call it.
 *
 * 1. Builds the package, makes sure the pinned n8n is in the cache (scripts/n8n-runtime.mjs).
 * 2. Starts the AR emulator in this process (random port), creates a throwaway n8n user folder with
 *    the repository linked in as an installed community package, imports the credential and
 *    examples/scim-bridge.json (a copy with a random bearer token), publishes the workflow and
 *    starts `n8n start` on free ports.
 * 3. Replays the request sequences Microsoft Entra ID and Okta publish (test/scim/sequences.mjs)
 *    against the production webhook URL over HTTP, checking every response and the emulator's data,
 *    plus the 401s for a missing and a wrong token.
 * 4. Prints one line per request and last `{"scim":{"requests":N,"passed":N,"failed":N}}`; exit
 *    code 1 on any failure.
 *
 * Options: --no-build (use the existing dist/), --keep (keep the n8n user folder), --verbose.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import {
	N8N_VERSION,
	PACKAGE_NAME,
	REPO_DIR,
	buildPackage,
	cliLogTail,
	credentialFor,
	ensureN8n,
	formatDuration,
	freePort,
	prepareUserFolder,
	readExamples,
	runN8nCli,
	startN8nServer,
	stopAllChildren,
	stopChild,
	waitForHttp,
} from './n8n-runtime.mjs';
import { CheckError, entraSequence, oktaSequence } from '../test/scim/sequences.mjs';

const argv = new Set(process.argv.slice(2));
const options = { build: !argv.has('--no-build'), keep: argv.has('--keep'), verbose: argv.has('--verbose') };
for (const arg of argv) {
	if (!['--no-build', '--keep', '--verbose'].includes(arg)) {
		console.error(`Unknown option ${arg}. Options: --no-build, --keep, --verbose`);
		process.exit(2);
	}
}

const WORKFLOW_ID = 'ArSysExScimBrdg1';
const ENCRYPTION_KEY = 'n8n-nodes-ar-system-scim';
const started = Date.now();
const log = (line) => console.log(line);
const debug = (line) => options.verbose && console.log(`    ${line}`);

const results = [];
let emulator;
let server;
let userFolder;
let cleaning;

async function cleanup() {
	cleaning ??= (async () => {
		await stopChild(server, { graceMs: 10_000 }).catch(() => {});
		await stopAllChildren().catch(() => {});
		await emulator?.stop().catch(() => {});
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
}

function summary() {
	const passed = results.filter((r) => r.ok).length;
	return JSON.stringify({ scim: { requests: results.filter((r) => r.request).length, passed, failed: results.length - passed } });
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, () => {
		log(`\n${signal}: stopping…`);
		cleanup().finally(() => {
			log(summary());
			process.exit(130);
		});
	});
}

function loadEmulator() {
	const require = createRequire(import.meta.url);
	require('ts-node').register({
		transpileOnly: true,
		project: path.join(REPO_DIR, 'tsconfig.json'),
		compilerOptions: { module: 'commonjs' },
	});
	return require(path.join(REPO_DIR, 'emulator', 'index.ts'));
}

/** What the checks read from AR, straight from the emulator's store. */
function arView() {
	const q = (value) => `"${String(value).replace(/"/g, '""')}"`;
	const find = (form, qualification) => emulator.control.findEntries(form, qualification);
	return {
		users: (login) => find('User', `'Login Name' = ${q(login)}`),
		user: (login) => find('User', `'Login Name' = ${q(login)}`)[0],
		userCount: () => emulator.control.count('User'),
		person: (login) => find('CTM:People', `'Remedy Login ID' = ${q(login)}`)[0],
		group: (name) => find('Group', `'Group Name' = ${q(name)}`)[0],
		groupById: (id) => find('Group', `'Request ID' = ${q(id)}`)[0],
		groupIdsOf: (login) =>
			String(find('User', `'Login Name' = ${q(login)}`)[0]?.values['Group List'] ?? '')
				.split(';')
				.map((s) => s.trim())
				.filter(Boolean),
	};
}

async function cli(rt, args, brokerPort) {
	const result = await runN8nCli(rt, userFolder, args, { encryptionKey: ENCRYPTION_KEY, env: { N8N_RUNNERS_BROKER_PORT: String(brokerPort) } });
	debug(`n8n ${args.join(' ')} → exit ${result.code} in ${formatDuration(result.ms)}`);
	if (result.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited ${result.code}\n${result.errors.join('\n').slice(-3000)}\n--- n8n-cli.log ---\n${cliLogTail(userFolder, 15)}`);
	}
	return result;
}

async function setup(token) {
	log(`test:scim: ${PACKAGE_NAME} in a real n8n ${N8N_VERSION}`);
	if (options.build) await buildPackage({ log });
	const rt = await ensureN8n({ log });
	const { startEmulator } = loadEmulator();
	emulator = await startEmulator({ port: 0, users: 200 });
	log(`AR emulator ${emulator.url}`);

	userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-ar-system-scim-'));
	prepareUserFolder(userFolder);
	const work = path.join(userFolder, 'import');
	fs.mkdirSync(work);
	fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify([credentialFor(emulator.url)], null, 2));
	const example = readExamples().find((e) => e.workflow.id === WORKFLOW_ID);
	if (!example) throw new Error(`examples/ has no workflow ${WORKFLOW_ID}`);
	const workflow = structuredClone(example.workflow);
	// The one change to the example as shipped: its placeholder token becomes a random one.
	const scimNode = workflow.nodes.find((n) => n.parameters?.resource === 'scim');
	scimNode.parameters.token = token;
	fs.writeFileSync(path.join(work, 'scim-bridge.json'), JSON.stringify(workflow, null, 2));
	const brokerPort = await freePort();
	await cli(rt, ['import:credentials', `--input=${path.join(work, 'credentials.json')}`], brokerPort);
	await cli(rt, ['import:workflow', `--input=${path.join(work, 'scim-bridge.json')}`], brokerPort);
	await cli(rt, ['publish:workflow', `--id=${WORKFLOW_ID}`], brokerPort);

	const port = await freePort();
	const startLog = fs.createWriteStream(path.join(userFolder, 'n8n-start.log'));
	server = startN8nServer(rt, userFolder, {
		port,
		encryptionKey: ENCRYPTION_KEY,
		env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		onLine: (line) => {
			startLog.write(`${line}\n`);
			debug(`n8n: ${line}`);
		},
	});
	server.once('exit', () => startLog.end());
	const alive = () => server.exitCode === null && server.signalCode === null;
	await waitForHttp(`http://127.0.0.1:${port}/healthz/readiness`, { timeoutMs: 180_000, isAlive: alive });
	const webhookId = workflow.nodes.find((n) => n.type === 'n8n-nodes-base.webhook').webhookId;
	const base = `http://127.0.0.1:${port}/webhook/${webhookId}/scim/v2`;
	await waitForWebhooks(base, alive);
	log(`n8n ${port} ready after ${formatDuration(Date.now() - started)}; SCIM base URL ${base}`);
	return base;
}

/**
 * n8n answers /healthz/readiness before it has registered the published workflow's webhooks, and
 * registers them one method at a time: wait until every method on both paths reaches the workflow
 * (an unauthenticated probe gets the bridge's 401, not n8n's 404).
 */
async function waitForWebhooks(base, alive, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	const probes = ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].flatMap((method) => [
		[method, `${base}/Users`],
		[method, `${base}/Users/probe`],
	]);
	let pending = probes;
	while (pending.length > 0) {
		if (!alive()) throw new Error('n8n exited while its webhooks were being registered');
		if (Date.now() > deadline) throw new Error(`webhooks not registered after ${timeoutMs} ms: ${pending.map((p) => p.join(' ')).join(', ')}`);
		const statuses = await Promise.all(
			pending.map(async ([method, url]) => (await fetch(url, { method, signal: AbortSignal.timeout(30_000) }).catch(() => ({ status: 0 }))).status),
		);
		pending = pending.filter((_, i) => statuses[i] !== 401);
		if (pending.length > 0) await new Promise((r) => setTimeout(r, 1000));
	}
}

const resolve = (value) => (typeof value === 'function' ? value() : value);

async function send(base, token, step) {
	const query = resolve(step.query);
	const url = new URL(`${base}${resolve(step.path)}`);
	for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
	const body = resolve(step.body);
	const headers = { Accept: 'application/scim+json' };
	if (token !== null) headers.Authorization = `Bearer ${token}`;
	if (body !== undefined) headers['Content-Type'] = step.contentType ?? 'application/scim+json';
	// The webhook may need a moment to register after start; every step is sent once.
	const response = await fetch(url, { method: step.method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
	const text = await response.text();
	let parsed;
	try {
		parsed = text === '' ? undefined : JSON.parse(text);
	} catch {
		parsed = text;
	}
	return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: parsed, text };
}

async function run(base, token, provider, step) {
	const t = Date.now();
	const name = `${provider}: ${step.name}`;
	try {
		const response = await send(base, step.token === undefined ? token : step.token, step);
		debug(`${step.method} ${resolve(step.path)} → ${response.status} ${response.text.slice(0, 300)}`);
		if (response.status !== step.status) {
			throw new CheckError(`HTTP ${response.status}, expected ${step.status}: ${response.text.slice(0, 400)}`);
		}
		if (response.status !== 204 && !/^application\/scim\+json/.test(response.contentType)) {
			throw new CheckError(`Content-Type ${response.contentType}, expected application/scim+json`);
		}
		if (response.text.includes(token)) throw new CheckError('the bearer token appears in the response');
		step.check(response);
		results.push({ name, ok: true, request: true });
		log(`  ✓ ${name} (${formatDuration(Date.now() - t)})`);
	} catch (error) {
		results.push({ name, ok: false, request: true, error });
		log(`  ✗ ${name} (${formatDuration(Date.now() - t)})\n      ${String(error?.message ?? error).split('\n').join('\n      ')}`);
	}
}

async function main() {
	const token = randomBytes(24).toString('base64url');
	let base;
	try {
		base = await setup(token);
	} catch (error) {
		results.push({ name: 'setup', ok: false, error });
		log(`setup failed: ${error?.stack ?? error}`);
		return;
	}
	const env = { ar: arView() };
	const authSteps = [
		{ name: 'no Authorization header → 401', method: 'GET', path: '/Users', token: null, status: 401, check: (r) => { if (r.body?.status !== '401') throw new CheckError('no SCIM error body'); } },
		{ name: 'wrong bearer token → 401', method: 'GET', path: '/ServiceProviderConfig', token: `${token}x`, status: 401, check: () => {} },
		{ name: 'GET /ServiceProviderConfig', method: 'GET', path: '/ServiceProviderConfig', status: 200, check: (r) => { if (r.body?.patch?.supported !== true) throw new CheckError('patch.supported is not true'); } },
		{ name: 'GET /ResourceTypes', method: 'GET', path: '/ResourceTypes', status: 200, check: (r) => { if (r.body?.totalResults !== 2) throw new CheckError('expected 2 resource types'); } },
		{ name: 'GET /Schemas', method: 'GET', path: '/Schemas', status: 200, check: (r) => { if (r.body?.totalResults !== 3) throw new CheckError('expected 3 schemas'); } },
	];
	log('Discovery and authentication:');
	for (const step of authSteps) await run(base, token, 'both', step);
	log('Microsoft Entra ID sequence:');
	for (const step of entraSequence(env)) await run(base, token, 'Entra ID', step);
	log('Okta sequence:');
	const okta = oktaSequence(env);
	// Okta's duplicate create is sent as application/json: both content types reach the node.
	okta.find((s) => s.status === 409).contentType = 'application/json';
	for (const step of okta) await run(base, token, 'Okta', step);
}

try {
	await main();
} finally {
	await cleanup();
	const passed = results.filter((r) => r.ok).length;
	log(`${passed} passed, ${results.length - passed} failed in ${formatDuration(Date.now() - started)}`);
	log(summary());
	process.exitCode = results.length > 0 && passed === results.length ? 0 : 1;
}
