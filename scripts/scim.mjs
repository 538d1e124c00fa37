#!/usr/bin/env node
/**
 * `npm run test:scim`: the AR System SCIM node in a real n8n, called the way identity providers
 * call it.
 *
 * 1. Builds the package, makes sure the pinned n8n is in the cache (scripts/n8n-runtime.mjs).
 * 2. Starts the AR emulator in this process (random port), creates a throwaway n8n user folder with
 *    the repository linked in as an installed community package, imports the AR credential, a SCIM
 *    bearer credential with a random secret, examples/scim-bridge.json as shipped and a second
 *    bridge (a copy on another Base Path: two bridges side by side), publishes both and starts
 *    `n8n start` on free ports.
 * 3. Replays the request sequences Microsoft Entra ID (first bridge) and Okta (second bridge)
 *    publish (test/scim/sequences.mjs) over HTTP, checking every response and the emulator's data,
 *    plus the 401s for a missing and a wrong token; the Okta part ends with an import in pages of
 *    100, DELETE → 404, userName in another case, and a concurrent group push.
 * 4. Stops n8n and reads its database, every file of its user folder (binary data included) and
 *    the exported workflows: the secret and every password sent must appear nowhere, while the
 *    executions of the changes must be there.
 * 5. Prints one line per request and last `{"scim":{"requests":N,"passed":N,"failed":N}}`; exit
 *    code 1 on any failure.
 *
 * Options: --no-build (use the existing dist/), --keep (keep the n8n user folder), --verbose.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { buildPackage, cliLogTail, credentialFor, ensureN8n, formatDuration, freePort, N8N_VERSION, PACKAGE_NAME, prepareUserFolder, readExamples, runN8nCli, scimCredentialFor, startN8nReady, stopChild } from './n8n-runtime.mjs';
import { createRun, loadEmulator, parseOptions, removeUserFolder } from './harness.mjs';
import { CheckError, entraSequence, oktaSequence } from '../test/scim/sequences.mjs';

const options = parseOptions();

const WORKFLOW_ID = 'ArSysExScimBrdg1';
const SECOND_ID = 'ArSysTestScim002';
const SECOND_PATH = 'scim/okta';
const ENCRYPTION_KEY = 'n8n-nodes-ar-system-scim';
let emulator;
let server;
let userFolder;
/** Every password a request carried, for the secrecy check. */
const passwordsSent = new Set();
/** Ids of users deleted through SCIM (and not re-created): they are not listed. */
const deletedUsers = new Set();

function summary() {
	const passed = results.filter((r) => r.ok).length;
	return JSON.stringify({ scim: { requests: results.filter((r) => r.request).length, passed, failed: results.length - passed } });
}

const tier = createRun('test:scim', options, { summary });
const { log, debug, results, started } = tier;
tier.onCleanup(async () => {
	await stopChild(server, { graceMs: 10_000 }).catch(() => {});
	await emulator?.stop().catch(() => {});
	removeUserFolder(userFolder, { keep: options.keep || tier.failed(), log });
});

/** What the checks read from AR, straight from the emulator's store. */
function arView() {
	const q = (value) => `"${String(value).replace(/"/g, '""')}"`;
	const find = (form, qualification) => emulator.control.findEntries(form, qualification);
	return {
		users: (login) => find('User', `'Login Name' = ${q(login)}`),
		user: (login) => find('User', `'Login Name' = ${q(login)}`)[0],
		userCount: () => emulator.control.count('User'),
		usersLike: (login) => find('User').filter((e) => String(e.values['Login Name']).toLowerCase() === String(login).toLowerCase()),
		deletedCount: () => deletedUsers.size,
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
	const credentialsFile = path.join(work, 'credentials.json');
	fs.writeFileSync(credentialsFile, JSON.stringify([credentialFor(emulator.url), scimCredentialFor(token)], null, 2));
	const example = readExamples().find((e) => e.workflow.id === WORKFLOW_ID);
	if (!example) throw new Error(`examples/ has no workflow ${WORKFLOW_ID}`);
	// The example as shipped, and a second bridge on another Base Path (same webhook ID, as when
	// the example is imported twice): both must activate and answer.
	const workflow = structuredClone(example.workflow);
	const second = structuredClone(example.workflow);
	second.id = SECOND_ID;
	second.name = `${example.workflow.name} (second bridge)`;
	second.nodes.find((n) => n.type === `${PACKAGE_NAME}.arSystemScim`).parameters.path = SECOND_PATH;
	fs.writeFileSync(path.join(work, 'scim-bridge.json'), JSON.stringify(workflow, null, 2));
	fs.writeFileSync(path.join(work, 'scim-second.json'), JSON.stringify(second, null, 2));
	const brokerPort = await freePort();
	await cli(rt, ['import:credentials', `--input=${credentialsFile}`], brokerPort);
	// The import file is the one place the secret was written in clear: gone before n8n starts.
	fs.rmSync(credentialsFile);
	await cli(rt, ['import:workflow', `--input=${path.join(work, 'scim-bridge.json')}`], brokerPort);
	await cli(rt, ['import:workflow', `--input=${path.join(work, 'scim-second.json')}`], brokerPort);
	await cli(rt, ['publish:workflow', `--id=${WORKFLOW_ID}`], brokerPort);
	await cli(rt, ['publish:workflow', `--id=${SECOND_ID}`], brokerPort);

	const { port, alive } = await startN8nReady(rt, userFolder, { encryptionKey: ENCRYPTION_KEY, debug, onStart: (child) => (server = child) });
	const webhookId = workflow.nodes.find((n) => n.type === `${PACKAGE_NAME}.arSystemScim`).webhookId;
	const base = `http://127.0.0.1:${port}/webhook/${webhookId}/scim/v2`;
	const secondBase = `http://127.0.0.1:${port}/webhook/${webhookId}/${SECOND_PATH}`;
	await waitForWebhooks(base, alive);
	await waitForWebhooks(secondBase, alive);
	log(`n8n ${port} ready after ${formatDuration(Date.now() - started)}; SCIM base URLs ${base} and ${secondBase}`);
	return { base, secondBase, brokerPort, rt };
}

/**
 * n8n answers /healthz/readiness before it has registered the published workflow's webhooks, and
 * registers them one method at a time: wait until every method on both paths reaches the workflow
 * (an unauthenticated probe gets the bridge's 401, not n8n's 404).
 */
async function waitForWebhooks(base, alive, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	const probes = [
		...['GET', 'POST'].map((method) => [method, `${base}/Users`]),
		...['DELETE', 'GET', 'PATCH', 'PUT'].map((method) => [method, `${base}/Users/probe`]),
		...['GET', 'POST'].map((method) => [method, `${base}/Groups`]),
		...['DELETE', 'GET', 'PATCH', 'PUT'].map((method) => [method, `${base}/Groups/probe`]),
	];
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

function collectPasswords(value) {
	if (Array.isArray(value)) value.forEach(collectPasswords);
	else if (value && typeof value === 'object') {
		for (const [key, inner] of Object.entries(value)) {
			if (key.toLowerCase() === 'password' && typeof inner === 'string') passwordsSent.add(inner);
			else collectPasswords(inner);
		}
	}
}

/** Keeps the set of users deleted through SCIM (the lists must not count them). */
function trackDeletes(step, response) {
	const target = String(resolve(step.path));
	if (step.method === 'DELETE' && /^\/Users\//.test(target) && response.status === 204) deletedUsers.add(target.slice('/Users/'.length));
	if (step.method === 'POST' && target === '/Users' && response.status === 201) deletedUsers.delete(response.body?.id);
}

async function send(base, token, step) {
	const query = resolve(step.query);
	const url = new URL(`${base}${resolve(step.path)}`);
	for (const [key, value] of Object.entries(query ?? {})) url.searchParams.set(key, value);
	const body = resolve(step.body);
	collectPasswords(body);
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
		trackDeletes(step, response);
		step.check(response);
		results.push({ name, ok: true, request: true });
		log(`  ✓ ${name} (${formatDuration(Date.now() - t)})`);
	} catch (error) {
		results.push({ name, ok: false, request: true, error });
		log(`  ✗ ${name} (${formatDuration(Date.now() - t)})\n      ${String(error?.message ?? error).split('\n').join('\n      ')}`);
	}
}

/** Several requests sent at once (a concurrent group push); each is one request and one result. */
async function runParallel(base, token, provider, step) {
	log(`  ${step.name}:`);
	await Promise.all(step.parallel().map((sub) => run(base, token, provider, sub)));
}

/** Every file below `dir` (symlinks not followed: the package link points at this repository). */
function filesBelow(dir) {
	const out = [];
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isSymbolicLink()) continue;
		if (entry.isDirectory()) out.push(...filesBelow(full));
		else if (entry.isFile()) out.push(full);
	}
	return out;
}

/**
 * After n8n stopped: the secret and every password sent appear in no file of the user folder
 * (database and its WAL, binary data storage, logs, settings) nor in the exported workflows; and
 * the executions of the changes are in the database, so the check looked in the right place.
 */
async function secrecyCheck(rt, brokerPort, token) {
	const name = 'secrecy: the secret and the passwords are in no n8n file, database or exported workflow';
	try {
		const exported = path.join(userFolder, 'exported-workflows.json');
		await cli(rt, ['export:workflow', '--all', `--output=${exported}`], brokerPort);
		const secrets = [token, ...passwordsSent];
		if (passwordsSent.size < 3) throw new CheckError(`only ${passwordsSent.size} passwords were sent; the check needs the sequences' passwords`);
		const files = filesBelow(userFolder);
		const found = [];
		let executionsSeen = false;
		for (const file of files) {
			const bytes = fs.readFileSync(file);
			for (const secret of secrets) {
				if (bytes.includes(Buffer.from(secret, 'utf8'))) found.push(`${path.relative(userFolder, file)} holds ${secret === token ? 'the bearer secret' : 'a password'}`);
			}
			if (/database\.sqlite/.test(file) && bytes.includes(Buffer.from('userCreated'))) executionsSeen = true;
		}
		if (!fs.existsSync(exported)) throw new CheckError('n8n exported no workflows');
		if (found.length > 0) throw new CheckError(found.join('; '));
		if (!executionsSeen) throw new CheckError("n8n's database holds no execution with a userCreated item: the check did not see the executions");
		results.push({ name, ok: true });
		log(`  ✓ ${name} (${files.length} files read)`);
	} catch (error) {
		results.push({ name, ok: false, error });
		log(`  ✗ ${name}\n      ${String(error?.message ?? error)}`);
	}
}

async function main() {
	const token = randomBytes(24).toString('base64url');
	let base;
	let secondBase;
	let rt;
	let brokerPort;
	try {
		({ base, secondBase, rt, brokerPort } = await setup(token));
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
	log(`Microsoft Entra ID sequence (first bridge, ${base}):`);
	for (const step of entraSequence(env)) await run(base, token, 'Entra ID', step);
	log(`Okta sequence (second bridge, ${secondBase}):`);
	const okta = oktaSequence(env);
	// Okta's duplicate create is sent as application/json: both content types reach the node.
	okta.find((s) => s.status === 409).contentType = 'application/json';
	for (const step of okta) {
		if (step.parallel) await runParallel(secondBase, token, 'Okta', step);
		else await run(secondBase, token, 'Okta', step);
	}
	// Executions are written after the answers: let n8n finish them before it stops.
	await new Promise((r) => setTimeout(r, 3000));
	await stopChild(server, { graceMs: 20_000 }).catch(() => {});
	log('After the run:');
	await secrecyCheck(rt, brokerPort, token);
}

await tier.main(main);
