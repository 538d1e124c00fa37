#!/usr/bin/env node
/**
 * `npm run test:e2e`: the package inside a real n8n, headless.
 *
 * 1. Builds the package and makes sure the pinned n8n is in the cache (first run: a few minutes).
 * 2. Starts the AR emulator in this process (random port) and a Slack Incoming Webhook stub.
 * 3. Creates a throwaway n8n user folder with the repository linked in as an installed community
 *    package, imports the "AR System (local emulator)" credential and the examples/ workflows
 *    (temporary copies whose Slack URLs point at the stub).
 * 4. Checks, each reported on its own line:
 *    - n8n lists both node types under the package name and the credential and workflows exist;
 *    - `n8n execute` of HR offboarding and license audit, asserted against the emulator's data
 *      and the Slack stub;
 *    - the welcome workflow published and run by `n8n start`: a user created over the REST API
 *      reaches Slack through the real polling trigger;
 *    - every picker method of both nodes through the editor's dynamic-parameter endpoints;
 *    - the reconcile example: a roster POSTed to its webhook is planned, approved through the
 *      execution's resume URL (as a Slack reader would click it) and applied; AR then equals it.
 * 5. Stops everything it started and prints `N passed, N failed`; exit code 1 on any failure.
 *
 * Options: --no-build (use the existing dist/), --keep (keep the n8n user folder), --verbose.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { buildPackage, cliLogTail, CREDENTIAL_ID, CREDENTIAL_NAME, credentialFor, ensureN8n, formatDuration, freePort, localizeWorkflow, N8N_VERSION, NODE_TYPES, nodeOutput, PACKAGE_NAME, parseRunOutput, prepareUserFolder, readExamples, REPO_DIR, runN8nCli, scimCredentialFor, startN8nReady, startSlackStub, stopAllChildren, stopChild } from './n8n-runtime.mjs';
import { AssertionError, assert, assertEqual, createRun, loadEmulator, parseOptions, removeUserFolder } from './harness.mjs';

const options = parseOptions();

const OFFBOARD_ID = 'ArSysExOffboard1';
const AUDIT_ID = 'ArSysExLicAudit1';
const WELCOME_ID = 'ArSysExWelcome01';
const COPY_ID = 'ArSysExCopyAcc01';
const RECONCILE_ID = 'ArSysExReconcil1';
/** The e2e roster manages its own users only (the example's scope is every calbro.com address). */
const RECONCILE_SCOPE = `'Login Name' LIKE "rc.%"`;
const LEAVER = 'zoe.muller';
const ENCRYPTION_KEY = 'n8n-nodes-ar-system-e2e';

const tier = createRun('e2e', options);
const { log, debug, check, started } = tier;

// Resources, cleaned up once on exit (also on Ctrl-C)
let emulator;
let slack;
let server;
let userFolder;

tier.onCleanup(async () => {
	await stopChild(server, { graceMs: 10_000 }).catch(() => {});
	await stopAllChildren().catch(() => {});
	await slack?.close().catch(() => {});
	await emulator?.stop().catch(() => {});
	removeUserFolder(userFolder, { keep: options.keep || tier.failed(), log });
});

// ---------------------------------------------------------------------------------------------
// Helpers around the emulator (read and prepared directly through its control API)
// ---------------------------------------------------------------------------------------------

const q = (value) => `"${String(value).replace(/"/g, '""')}"`;

function userEntry(login) {
	const [entry] = emulator.control.findEntries('User', `'Login Name' = ${q(login)}`);
	assert(entry, `emulator has no User '${login}'`);
	return entry;
}

function personEntry(login) {
	return emulator.control.findEntries('CTM:People', `'Remedy Login ID' = ${q(login)}`)[0];
}

function groupIds(groupList) {
	return String(groupList ?? '')
		.split(';')
		.map((s) => s.trim())
		.filter(Boolean);
}

function itsmEntries(form, login) {
	return emulator.control.findEntries(form, `'Login ID' = ${q(login)}`);
}

function openTickets(login) {
	return emulator.control.findEntries('HPD:Help Desk', `'Assignee Login ID' = ${q(login)} AND 'Status' < "Resolved"`);
}

/** The Slack text the offboarding and copy-access examples build from an operation's report. */
function reportText(prefix, r) {
	const head = `${prefix} — ${r.summary ?? `failed: ${r.error}`}${r.error && r.summary ? ` — INCOMPLETE: ${r.error}` : ''}`;
	const lines = (r.changes ?? []).map((c) => `• ${c.step}: ${c.target}${c.status === 'done' ? '' : ` [${c.status}]`}`);
	return [head, ...lines].join('\n');
}

function groupName(id) {
	const [group] = emulator.control.findEntries('Group', `'Group ID' = ${Number(id)}`);
	return group?.values['Group Name'];
}

async function arLogin() {
	const response = await fetch(`${emulator.url}/api/jwt/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'username=Demo&password=demo',
	});
	assert(response.ok, `emulator login failed: HTTP ${response.status}`);
	return (await response.text()).trim();
}

// ---------------------------------------------------------------------------------------------
// n8n CLI wrappers
// ---------------------------------------------------------------------------------------------

let rt;
let brokerPort;

async function cli(args, { expectSuccess = true } = {}) {
	const result = await runN8nCli(rt, userFolder, args, {
		encryptionKey: ENCRYPTION_KEY,
		// Task broker on a free port: a running `npm run dev` keeps the default 5679.
		env: { N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
	});
	debug(`n8n ${args.join(' ')} → exit ${result.code} in ${formatDuration(result.ms)}`);
	if (expectSuccess && result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited ${result.code}\n${[...result.errors, ...result.messages.slice(-5)].join('\n').slice(-3000)}\n--- n8n-cli.log ---\n${cliLogTail(userFolder, 15)}`,
		);
	}
	return result;
}

async function execute(workflowId) {
	const result = await cli(['execute', `--id=${workflowId}`, '--rawOutput'], { expectSuccess: false });
	const run = parseRunOutput(result);
	const error = run?.data?.resultData?.error;
	if (result.code !== 0 || !run || error || run.status !== 'success') {
		throw new Error(
			`n8n execute --id=${workflowId} failed (exit ${result.code}, status ${run?.status ?? 'unknown'}): ` +
				`${error ? `${error.message}${error.description ? ` — ${error.description}` : ''}${error.node?.name ? ` [node ${error.node.name}]` : ''}` : result.errors.join('\n').slice(-2000)}`,
		);
	}
	return run;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function setup() {
	log(`e2e: ${PACKAGE_NAME} in a real n8n ${N8N_VERSION} (Node ${process.version} runs this script)`);
	if (options.build) await buildPackage({ log });
	rt = await ensureN8n({ log });

	const { startEmulator } = loadEmulator();
	emulator = await startEmulator({ port: 0, users: 500 });
	slack = await startSlackStub({ onMessage: (m) => debug(`slack ${m.path}: ${m.text}`) });
	brokerPort = await freePort();
	log(`AR emulator ${emulator.url} · Slack stub ${slack.url}`);

	userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-ar-system-e2e-'));
	prepareUserFolder(userFolder);
	const work = path.join(userFolder, 'import');
	fs.mkdirSync(work);
	// The SCIM example's bearer credential too, so every example imports with its credentials.
	const scimSecret = crypto.randomBytes(24).toString('base64url');
	fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify([credentialFor(emulator.url), scimCredentialFor(scimSecret)], null, 2));
	const workflows = path.join(work, 'workflows');
	fs.mkdirSync(workflows);
	for (const { file, workflow } of readExamples()) {
		const local = localizeWorkflow(workflow, {
			slackBaseUrl: `${slack.url}/slack`,
			patch(copy) {
				if (copy.id !== RECONCILE_ID) return;
				for (const node of copy.nodes) if (node.type === NODE_TYPES.action) node.parameters.rawQualification = RECONCILE_SCOPE;
			},
		});
		fs.writeFileSync(path.join(workflows, file), JSON.stringify(local, null, 2));
	}
	await cli(['import:credentials', `--input=${path.join(work, 'credentials.json')}`]);
	// The import file holds the secrets in clear: gone once n8n has them (encrypted).
	fs.rmSync(path.join(work, 'credentials.json'));
	await cli(['import:workflow', '--separate', `--input=${workflows}`]);
	log(`n8n user folder ${userFolder}; setup took ${formatDuration(Date.now() - started)}`);
}

async function checks() {
	log('Checks:');

	await check('n8n loads both node types from the community package folder (not CUSTOM.*)', async () => {
		const file = path.join(userFolder, 'nodes.json');
		await cli(['export:nodes', `--output=${file}`]);
		const types = JSON.parse(fs.readFileSync(file, 'utf8'));
		const names = new Set(types.map((t) => t.name));
		for (const type of Object.values(NODE_TYPES)) assert(names.has(type), `node type ${type} not listed by n8n export:nodes`);
		const custom = [...names].filter((n) => /^CUSTOM\.arSystem/.test(n));
		assert(custom.length === 0, `unexpected custom-folder types: ${custom.join(', ')}`);
		const action = types.find((t) => t.name === NODE_TYPES.action);
		assert(action.credentials?.some((c) => c.name === 'arSystemApi'), 'AR System node does not use arSystemApi');
		debug(`package types: ${[...names].filter((n) => n.startsWith(`${PACKAGE_NAME}.`)).join(', ')}`);
	});

	await check(`credential "${CREDENTIAL_NAME}" is stored (encrypted) and points at the emulator`, async () => {
		const file = path.join(userFolder, 'credentials-export.json');
		await cli(['export:credentials', `--id=${CREDENTIAL_ID}`, '--decrypted', `--output=${file}`]);
		const [credential] = JSON.parse(fs.readFileSync(file, 'utf8'));
		fs.rmSync(file);
		assertEqual(
			{ id: credential?.id, name: credential?.name, type: credential?.type },
			{ id: CREDENTIAL_ID, name: CREDENTIAL_NAME, type: 'arSystemApi' },
			'credential',
		);
		assertEqual(credential.data.baseUrl, emulator.url, 'credential baseUrl');
		assertEqual(credential.data.username, 'Demo', 'credential username');
	});

	await check('every examples/ workflow is imported (n8n list:workflow)', async () => {
		const { messages } = await cli(['list:workflow']);
		const listed = new Map(messages.filter((m) => m.includes('|')).map((m) => m.split('|')));
		for (const { workflow } of readExamples()) {
			assertEqual(listed.get(workflow.id), workflow.name, `workflow ${workflow.id}`);
		}
	});

	await check(`HR offboarding: ${LEAVER} offboarded in one step (login, profile, groups, support groups, roles, tickets), Slack gets the report`, async () => {
		// Known starting point whatever the seed says.
		const before = userEntry(LEAVER);
		if (before.values.Status !== 'Current' || groupIds(before.values['Group List']).length < 2) {
			emulator.control.modifyEntry('User', before.id, { Status: 'Current', 'Group List': '10;100;' });
		}
		const person = personEntry(LEAVER);
		assert(person, `emulator has no CTM:People record for ${LEAVER}`);
		const memberships = itsmEntries('CTM:Support Group Association', LEAVER);
		assert(memberships.length > 0, `${LEAVER} has no support groups in the seed`);
		const open = openTickets(LEAVER);

		const run = await execute(OFFBOARD_ID);
		const [report] = nodeOutput(run, 'Offboard');

		const after = userEntry(LEAVER);
		assertEqual(after.values.Status, 'Disabled', 'User Status');
		assertEqual(groupIds(after.values['Group List']), [], 'Group List after offboarding');
		assertEqual(personEntry(LEAVER).values['Profile Status'], 'Obsolete', 'CTM:People Profile Status');
		assertEqual(itsmEntries('CTM:Support Group Association', LEAVER), [], 'support group memberships');
		assertEqual(itsmEntries('CTM:SupportGroupFunctionalRole', LEAVER), [], 'functional roles');
		assertEqual(openTickets(LEAVER), [], 'open incidents still assigned to the leaver');
		for (const ticket of open) {
			assertEqual(emulator.control.getEntry('HPD:Help Desk', ticket.id)['Assigned Group'], 'Service Desk', `incident ${ticket.id} group`);
		}
		assertEqual([report.complete, report.changes.every((c) => c.status === 'done')], [true, true], 'report complete, all done');
		assert(report.changes.length >= 3 + memberships.length, `report lists ${report.changes.length} changes`);
		const messages = slack.for(OFFBOARD_ID);
		assertEqual(messages.length, 1, 'Slack messages from the offboarding workflow');
		assertEqual(messages[0].text, reportText(':lock: HR-1042', report), 'Slack text');
		assert(messages[0].text.startsWith(`:lock: HR-1042 — Offboard ${LEAVER}: changed `), `Slack text: ${messages[0].text}`);
	});

	await check('HR offboarding run again changes nothing and says so', async () => {
		const writesBefore = emulator.control.versionLog().length;
		const run = await execute(OFFBOARD_ID);
		assertEqual(emulator.control.versionLog().length, writesBefore, 'writes on the second run');
		const [report] = nodeOutput(run, 'Offboard');
		assertEqual([report.changed, report.changes.length], [0, 0], 'changes on the second run');
		const messages = slack.for(OFFBOARD_ID);
		assertEqual(messages.length, 2, 'Slack messages from the offboarding workflow');
		assertEqual(messages[1].text, `:lock: HR-1042 — Offboard ${LEAVER}: nothing to change`, 'second Slack text');
	});

	await check('license audit: active users counted by License Type match the emulator', async () => {
		const expected = {};
		for (const { values } of emulator.control.findEntries('User', `'Status' = "Current"`)) {
			expected[values['License Type']] = (expected[values['License Type']] ?? 0) + 1;
		}
		const total = Object.values(expected).reduce((a, b) => a + b, 0);
		assert(total > 100, `expected a seeded population, found ${total} active users`);

		const run = await execute(AUDIT_ID);
		assertEqual(nodeOutput(run, 'Get Active Users').length, total, 'users returned by Get Many (Return All)');
		const messages = slack.for(AUDIT_ID);
		assertEqual(messages.length, 1, 'Slack messages from the audit workflow');
		const match = /^:bar_chart: AR System license audit: (\d+) active users\. (.*)$/.exec(messages[0].text);
		assert(match, `unexpected Slack text: ${messages[0].text}`);
		assertEqual(Number(match[1]), total, 'total in Slack text');
		const counted = Object.fromEntries(
			match[2].split(', ').map((part) => {
				const i = part.lastIndexOf(': ');
				return [part.slice(0, i), Number(part.slice(i + 2))];
			}),
		);
		const sorted = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
		assertEqual(sorted(counted), sorted(expected), 'counts by License Type');
	});

	// --- `n8n start`: the editor's view and the real polling trigger ---------------------------
	// One poll a minute is n8n's floor; pin the welcome trigger's poll second so it comes ~25 s
	// from now instead of at a random second. Everything else is the example as shipped.
	const second = (new Date().getUTCSeconds() + 25) % 60;
	const [{ workflow: welcome }] = readExamples().filter((e) => e.workflow.id === WELCOME_ID);
	const local = localizeWorkflow(welcome, {
		slackBaseUrl: `${slack.url}/slack`,
		patch(copy) {
			const trigger = copy.nodes.find((n) => n.type === NODE_TYPES.trigger);
			trigger.parameters.pollTimes = { item: [{ mode: 'custom', cronExpression: `${second} * * * * *` }] };
		},
	});
	const welcomeFile = path.join(userFolder, 'import', 'welcome-e2e.json');
	fs.writeFileSync(welcomeFile, JSON.stringify(local, null, 2));

	// The trigger's requests: the user must be created after its first (activation) poll.
	const userReads = [];
	let base;
	const alive = () => server && server.exitCode === null && server.signalCode === null;
	await check('n8n start: the welcome workflow is published and the editor comes up', async () => {
		await cli(['import:workflow', `--input=${welcomeFile}`]);
		await cli(['publish:workflow', `--id=${WELCOME_ID}`]);
		await cli(['publish:workflow', `--id=${COPY_ID}`]);
		await cli(['publish:workflow', `--id=${RECONCILE_ID}`]);
		emulator.control.onRequest((request) => {
			if (request.method === 'GET' && request.route === 'GET /entry/User') userReads.push(Date.now());
		});
		const { port } = await startN8nReady(rt, userFolder, { encryptionKey: ENCRYPTION_KEY, debug, timeoutMs: 120_000, onStart: (child) => (server = child) });
		base = `http://127.0.0.1:${port}`;
	});

	let cookie;
	await check('editor: owner login, both node types served, credential test passes (and explains a bad password)', async () => {
		assert(alive(), 'n8n start is not running');
		const owner = { email: 'e2e@n8n-nodes-ar-system.local', password: 'ArSystemE2e1', firstName: 'E2E', lastName: 'Owner' };
		const json = { 'content-type': 'application/json', 'browser-id': 'e2e' };
		let response = await fetch(`${base}/rest/owner/setup`, { method: 'POST', headers: json, body: JSON.stringify(owner) });
		assert(response.ok, `owner setup: HTTP ${response.status} ${await response.text()}`);
		response = await fetch(`${base}/rest/login`, {
			method: 'POST',
			headers: json,
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		assert(response.ok, `login: HTTP ${response.status}`);
		cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
		const headers = { ...json, cookie };

		const types = await (await fetch(`${base}/types/nodes.json`, { headers })).json();
		const served = new Set(types.map((t) => t.name));
		for (const type of Object.values(NODE_TYPES)) assert(served.has(type), `editor does not serve ${type}`);

		const test = async (password) => {
			const r = await fetch(`${base}/rest/credentials/test`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ credentials: { ...credentialFor(emulator.url, { password }) } }),
			});
			assert(r.ok, `credential test request: HTTP ${r.status}`);
			return (await r.json()).data;
		};
		assertEqual(await test('demo'), { status: 'OK', message: 'Connection successful!' }, 'credential test');
		const bad = await test('wrong-password');
		assert(bad.status === 'Error' && /623/.test(bad.message) && /Password/.test(bad.message), `bad password: ${JSON.stringify(bad)}`);
	});

	await check('new user welcome: the published poll trigger sends a user created over REST to Slack', async () => {
		assert(alive(), 'n8n start is not running');
		const activatedBy = Date.now() + 60_000;
		while (userReads.length === 0 || Date.now() - userReads.at(-1) < 1500) {
			assert(alive(), 'n8n start exited');
			assert(Date.now() < activatedBy, 'the AR System Trigger never polled after activation');
			await new Promise((r) => setTimeout(r, 250));
		}
		debug(`activation poll: ${userReads.length} User request(s); next poll at second ${second}`);

		const token = await arLogin();
		const response = await fetch(`${emulator.url}/api/arsys/v1/entry/User`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `AR-JWT ${token}` },
			body: JSON.stringify({
				values: {
					'Login Name': 'nadia.newhire',
					'Full Name': 'Nadia New-Hire',
					'License Type': 'Fixed',
					Status: 'Current',
					'Default Notify Mechanism': 'Email',
					'Full Text License Type': 'None',
					'Email Address': 'nadia.newhire@calbro.com',
				},
			}),
		});
		assert(response.status === 201, `creating the user over REST: HTTP ${response.status}`);

		await slack.waitFor((all) => all.some((m) => m.path.endsWith(`/${WELCOME_ID}`)), 100_000);
		await new Promise((r) => setTimeout(r, 1000)); // anything else the same poll emitted
		assertEqual(
			slack.for(WELCOME_ID).map((m) => m.text),
			[':wave: Welcome to AR System, Nadia New-Hire! Your login is nadia.newhire (Fixed license).'],
			'welcome messages (seeded users must not be announced)',
		);
		// n8n records the execution once it has finished (the Slack post is its last step).
		let run;
		for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((r) => setTimeout(r, 500))) {
			const executions = await (await fetch(`${base}/rest/executions?limit=10`, { headers: { cookie, 'browser-id': 'e2e' } })).json();
			run = executions.data?.results?.find((e) => e.workflowId === WELCOME_ID);
			if (run && run.status !== 'running' && run.status !== 'new') break;
		}
		assertEqual([run?.mode, run?.status], ['trigger', 'success'], `execution of ${WELCOME_ID} (mode, status)`);
	});

	await check('editor pickers: every dynamic-parameter method of both nodes through n8n\'s REST endpoints', async () => {
		assert(alive(), 'n8n start is not running');
		assert(cookie, 'not logged in');
		await dynamicParameterChecks(base, cookie);
	});

	// After the welcome check: the new hire's User entry would otherwise be welcomed too.
	await check('copy access: the HR webhook gives a new hire a colleague\'s access, once', async () => {
		assert(alive(), 'n8n start is not running');
		const hire = 'nina.newstarter';
		emulator.control.insertEntry('User', { 'Login Name': hire, 'Full Name': 'Nina Newstarter', 'License Type': 'Fixed', Password: 'x' });
		emulator.control.insertEntry('CTM:People', {
			'Remedy Login ID': hire, 'First Name': 'Nina', 'Last Name': 'Newstarter', Company: 'Calbro Services',
			'Client Type': 'Office-Based Employee', 'Support Staff': 'Yes',
		});
		const colleague = 'appuser';
		const accessOf = (login) => ({
			groups: groupIds(userEntry(login).values['Group List']).sort(),
			supportGroups: itsmEntries('CTM:Support Group Association', login).map((e) => e.values['Support Group ID']).sort(),
			roles: itsmEntries('CTM:SupportGroupFunctionalRole', login).map((e) => `${e.values['Support Group ID']}:${e.values['Functional Role']}`).sort(),
		});
		const post = async () => {
			const response = await fetch(`${base}/webhook/hr-new-hire`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ login: hire, sameAccessAs: colleague, ticket: 'HR-2001' }),
			});
			assert(response.ok, `webhook: HTTP ${response.status} ${await response.text()}`);
		};
		await post();
		await slack.waitFor((all) => all.some((m) => m.path.endsWith(`/${COPY_ID}`)), 60_000);
		assertEqual(accessOf(hire), accessOf(colleague), 'new hire access equals the colleague\'s');
		const first = slack.for(COPY_ID)[0].text;
		assert(first.startsWith(`:key: HR-2001 — Copy Access ${colleague} → ${hire}: changed `), `Slack text: ${first}`);
		const writes = emulator.control.versionLog().length;
		await post();
		await slack.waitFor((all) => all.filter((m) => m.path.endsWith(`/${COPY_ID}`)).length > 1, 60_000);
		assertEqual(emulator.control.versionLog().length, writes, 'writes on the repeated webhook');
		assertEqual(slack.for(COPY_ID)[1].text, `:key: HR-2001 — Copy Access ${colleague} → ${hire}: nothing to change`, 'second Slack text');
	});

	await check('reconcile: roster webhook → plan → approval (resume URL) → apply → Slack; AR then equals the roster', async () => {
		assert(alive(), 'n8n start is not running');
		const c = emulator.control;
		c.insertEntry('User', { 'Login Name': 'rc.anna', 'Full Name': 'Anna Old', 'License Type': 'Fixed', 'Email Address': 'anna@calbro.com', 'Group List': 'Incident Master;' });
		c.insertEntry('CTM:People', {
			'Remedy Login ID': 'rc.anna', 'First Name': 'Anna', 'Last Name': 'Old', Company: 'Calbro Services',
			'Client Type': 'Office-Based Employee', 'Support Staff': 'Yes',
		});
		c.insertEntry('User', { 'Login Name': 'rc.carl', 'Full Name': 'Carl Leaver', 'License Type': 'Fixed', 'Group List': '100;' });
		const [fieldOps] = c.findEntries('CTM:Support Group', `'Support Group Name' = "Field Ops"`);
		const roster = [
			{ loginName: 'rc.anna', fullName: 'Anna New', email: 'anna@calbro.com', permissionGroups: ['Incident User', 'Service Desk'], supportGroups: [fieldOps.id] },
			{
				loginName: 'rc.dana', fullName: 'Dana New', email: 'dana@calbro.com', licenseType: 'Floating', active: true,
				permissionGroups: 'Incident Viewer', supportGroups: [fieldOps.id],
				people: { 'First Name': 'Dana', 'Last Name': 'New', Company: 'Calbro Services' },
			},
		];
		const writes = c.versionLog().length;
		const response = await fetch(`${base}/webhook/hr-roster`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ people: roster }),
		});
		assert(response.ok, `roster webhook: HTTP ${response.status} ${await response.text()}`);
		await slack.waitFor((all) => all.some((m) => m.path.endsWith(`/${RECONCILE_ID}`)), 60_000);
		const ask = slack.for(RECONCILE_ID)[0].text;
		assert(ask.startsWith(':clipboard: Reconcile of 3 identities: would change '), `approval message: ${ask}`);
		assertEqual(c.versionLog().length, writes, 'writes before the approval');
		const approve = /Approve: (\S+)/.exec(ask)?.[1];
		assert(approve, `no Approve link in: ${ask}`);
		// The link as n8n built it, sent to this server (its host name may be n8n's configured one).
		const link = new URL(approve);
		// The message goes out just before the Wait node parks the execution: until then n8n answers
		// 409 "running already" (a person reading Slack is never that quick), so the click is repeated.
		let answer;
		for (const until = Date.now() + 30_000; ; await new Promise((r) => setTimeout(r, 250))) {
			answer = await fetch(`${base}${link.pathname}${link.search}`);
			if (answer.status !== 409 || Date.now() > until) break;
		}
		assert(answer.ok, `approval link: HTTP ${answer.status} ${await answer.text()}`);
		await slack.waitFor((all) => all.filter((m) => m.path.endsWith(`/${RECONCILE_ID}`)).length > 1, 60_000);
		const report = slack.for(RECONCILE_ID)[1].text;
		assert(report.startsWith(':white_check_mark: Reconcile of 3 identities: changed '), `report: ${report}`);

		for (const row of roster) {
			const user = userEntry(row.loginName).values;
			assertEqual([user['Full Name'], user['Email Address']], [row.fullName, row.email], `${row.loginName} name and email`);
			const wanted = [row.permissionGroups].flat().map(String).sort();
			assertEqual(groupIds(user['Group List']).map((t) => groupName(t) ?? t).sort(), wanted, `${row.loginName} permission groups`);
			assertEqual(itsmEntries('CTM:Support Group Association', row.loginName).map((e) => e.values['Support Group ID']), row.supportGroups, `${row.loginName} support groups`);
		}
		assertEqual(userEntry('rc.dana').values['License Type'], 'Floating', 'rc.dana license');
		assert(personEntry('rc.dana'), 'rc.dana has a CTM:People record');
		assert(userEntry('rc.carl').values.Status !== userEntry('rc.anna').values.Status, 'the leaver rc.carl is disabled');
	});

	emulator.control.onRequest(undefined);
	await stopChild(server, { graceMs: 15_000 });
}

// ---------------------------------------------------------------------------------------------
// The editor's dynamic parameters: POST /rest/dynamic-node-parameters/{options,
// resource-locator-results, resource-mapper-fields}, exactly as the editor sends them
// ---------------------------------------------------------------------------------------------

/** The methods each built node declares (what the editor may ask for), as `kind.name`. */
function declaredMethods() {
	const require = createRequire(import.meta.url);
	const load = (file, name) => new (require(path.join(REPO_DIR, 'dist', 'nodes', file))[name])();
	const list = (node) =>
		Object.entries(node.methods ?? {}).flatMap(([kind, group]) => Object.keys(group).map((m) => `${kind}.${m}`));
	return {
		[NODE_TYPES.action]: list(load('ArSystem/ArSystem.node.js', 'ArSystem')),
		[NODE_TYPES.trigger]: list(load('ArSystemTrigger/ArSystemTrigger.node.js', 'ArSystemTrigger')),
	};
}

const ENDPOINT = {
	loadOptions: 'options',
	listSearch: 'resource-locator-results',
	resourceMapping: 'resource-mapper-fields',
};

async function dynamicParameterChecks(base, cookie) {
	const call = async (type, method, parameters, extra = {}) => {
		const [kind, methodName] = method.split('.');
		const response = await fetch(`${base}/rest/dynamic-node-parameters/${ENDPOINT[kind]}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': 'e2e', cookie },
			body: JSON.stringify({
				nodeTypeAndVersion: { name: type, version: 1 },
				path: 'parameters.picker',
				methodName,
				currentNodeParameters: parameters,
				credentials: { arSystemApi: { id: CREDENTIAL_ID, name: CREDENTIAL_NAME } },
				...extra,
			}),
		});
		const body = await response.json().catch(() => ({}));
		return { status: response.status, body, data: body.data };
	};
	const ok = async (...args) => {
		const result = await call(...args);
		assert(result.status === 200, `${args[1]} on ${args[0]}: HTTP ${result.status} ${JSON.stringify(result.body).slice(0, 300)}`);
		return result.data;
	};
	const values = (options) => options.map((o) => o.value);
	const token = await arLogin();
	const fieldsOf = async (form) => {
		const response = await fetch(`${emulator.url}/api/arsys/v1.0/fields/${encodeURIComponent(form)}`, {
			headers: { authorization: `AR-JWT ${token}` },
		});
		return await response.json();
	};
	const labels = async (form, name) =>
		(await fieldsOf(form)).find((f) => f.name === name).limit.selection_values.map((v) => v.name).filter(Boolean);
	const serverForms = (await (await fetch(`${emulator.url}/api/arsys/v1.0/form`, { headers: { authorization: `AR-JWT ${token}` } })).json())
		.slice()
		.sort((a, b) => a.localeCompare(b));
	const entry = (form, operation = 'getAll') => ({ resource: 'entry', operation, form: { __rl: true, mode: 'list', value: form } });
	const triggerParams = (form) => ({ form: { __rl: true, mode: 'list', value: form }, event: 'created' });
	const dataFields = async (form) => (await fieldsOf(form)).filter((f) => f.field_option !== 'DISPLAY').map((f) => f.name).sort();

	const cases = {
		'listSearch.searchForms': async (type) => {
			const params = type === NODE_TYPES.action ? entry('') : triggerParams('');
			const all = await ok(type, 'listSearch.searchForms', params);
			assertEqual(all.results.map((r) => r.value), serverForms, 'form list');
			const some = await ok(type, 'listSearch.searchForms', params, { filter: 'people' });
			assertEqual(some.results.map((r) => r.value), serverForms.filter((f) => /people/i.test(f)), 'filtered form list');
		},
		'loadOptions.getFields': async (type) => {
			const params = type === NODE_TYPES.action ? entry('HPD:Help Desk') : triggerParams('HPD:Help Desk');
			const fields = await ok(type, 'loadOptions.getFields', params);
			assertEqual(values(fields).sort(), await dataFields('HPD:Help Desk'), 'HPD:Help Desk fields');
		},
		'listSearch.searchUsers': async (type) => {
			const found = await ok(type, 'listSearch.searchUsers', { resource: 'user', operation: 'get' }, { filter: 'zoe' });
			assert(found.results.some((r) => r.value === 'zoe.muller'), `searchUsers 'zoe': ${JSON.stringify(found.results)}`);
			const all = await ok(type, 'listSearch.searchUsers', { resource: 'user', operation: 'get' });
			assertEqual([all.results.length, all.paginationToken], [100, '100'], 'first page of users');
		},
		'listSearch.searchGroups': async (type) => {
			const found = await ok(type, 'listSearch.searchGroups', { resource: 'group', operation: 'get' }, { filter: 'Service Desk' });
			const [group] = emulator.control.findEntries('Group', `'Group Name' = "Service Desk"`);
			assert(found.results.some((r) => r.value === String(group.values['Group ID'])), `searchGroups: ${JSON.stringify(found.results)}`);
		},
		'listSearch.searchPeople': async (type) => {
			const login = personEntry('rsmith')?.values['Remedy Login ID'] ?? emulator.control.findEntries('CTM:People', `'Remedy Login ID' != $NULL$`)[0].values['Remedy Login ID'];
			const found = await ok(type, 'listSearch.searchPeople', { resource: 'person', operation: 'get' }, { filter: login });
			assert(found.results.some((r) => r.value === login), `searchPeople '${login}': ${JSON.stringify(found.results)}`);
		},
		'listSearch.searchSupportGroups': async (type) => {
			const params = { resource: 'supportGroup', operation: 'get' };
			const found = await ok(type, 'listSearch.searchSupportGroups', params, { filter: 'Tier 2' });
			const group = emulator.control.findEntries('CTM:Support Group', `'Support Group Name' = ${q('Backoffice "Tier 2"')}`)[0];
			assert(found.results.some((r) => r.value === group.id), `searchSupportGroups: ${JSON.stringify(found.results)}`);
		},
		'loadOptions.getWritableFields': async (type) => {
			const fields = values(await ok(type, 'loadOptions.getWritableFields', { resource: 'user', operation: 'update' }));
			assert(fields.includes('Email Address') && !fields.includes('Request ID') && !fields.includes('Create Date'), `writable fields: ${fields}`);
		},
		'loadOptions.getSelectionValues': async (type) => {
			// A condition's Selection Value: `&field` is read beside it, at the path the editor sends.
			const path = { path: 'parameters.filters.conditions[0].selectionValue' };
			const at = (field) => ({ ...(type === NODE_TYPES.action ? entry('User') : triggerParams('User')), filters: { conditions: [{ field }] } });
			assertEqual(values(await ok(type, 'loadOptions.getSelectionValues', at('Status'), path)), await labels('User', 'Status'), 'Status labels');
			const text = await ok(type, 'loadOptions.getSelectionValues', at('Login Name'), path);
			assertEqual(text, [{ name: 'Login Name Is Not a Selection Field: Type the Value in Value', value: '' }], 'a text field');
		},
		'loadOptions.getUserLicenseTypes': async (type) =>
			assertEqual(values(await ok(type, 'loadOptions.getUserLicenseTypes', { resource: 'user' })), await labels('User', 'License Type'), 'license types'),
		'loadOptions.getUserStatuses': async (type) =>
			assertEqual(values(await ok(type, 'loadOptions.getUserStatuses', { resource: 'user' })), await labels('User', 'Status'), 'user statuses'),
		'loadOptions.getUserNotifyMechanisms': async (type) =>
			assertEqual(
				values(await ok(type, 'loadOptions.getUserNotifyMechanisms', { resource: 'user' })),
				await labels('User', 'Default Notify Mechanism'),
				'notify mechanisms',
			),
		'loadOptions.getGroupTypes': async (type) =>
			assertEqual(values(await ok(type, 'loadOptions.getGroupTypes', { resource: 'group' })), await labels('Group', 'Group Type'), 'group types'),
		'loadOptions.getGroupCategories': async (type) =>
			assertEqual(values(await ok(type, 'loadOptions.getGroupCategories', { resource: 'group' })), await labels('Group', 'Group Category'), 'group categories'),
		'loadOptions.getPeopleStatuses': async (type) =>
			assertEqual(values(await ok(type, 'loadOptions.getPeopleStatuses', { resource: 'person' })), await labels('CTM:People', 'Profile Status'), 'people statuses'),
		'resourceMapping.getMappingFields': async (type) => {
			const { fields } = await ok(type, 'resourceMapping.getMappingFields', entry('HPD:Help Desk', 'create'));
			const required = fields.filter((f) => f.required).map((f) => f.id).sort();
			assert(['Short Description', 'Status', 'Urgency'].every((f) => required.includes(f)), `required mapper fields: ${required}`);
			const entryId = fields.find((f) => / \(1\)$/.test(f.displayName));
			assert(entryId?.removed === true && entryId.readOnly === true, `the entry ID (field 1) is offered for writing: ${JSON.stringify(entryId)}`);
		},
	};

	const declared = declaredMethods();
	for (const [type, methods] of Object.entries(declared)) {
		const uncovered = methods.filter((m) => !cases[m]);
		assertEqual(uncovered, [], `methods of ${type} without an e2e case`);
		for (const method of methods) {
			try {
				await cases[method](type);
			} catch (error) {
				throw new AssertionError(`${type} ${method}: ${error.message}`);
			}
		}
		debug(`${type}: ${methods.length} methods answered through the editor endpoints`);
	}
	const total = Object.values(declared).flat().length;
	assert(total >= 15, `expected the methods of both nodes, found ${total}`);

	// A server error reaches the editor as a message naming the form, not a crash.
	const bad = await call(NODE_TYPES.action, 'loadOptions.getFields', entry('No Such:Form'));
	assert(bad.status >= 400 && /303/.test(JSON.stringify(bad.body)) && /No Such:Form/.test(JSON.stringify(bad.body)), `unknown form: HTTP ${bad.status} ${JSON.stringify(bad.body).slice(0, 300)}`);
}

await tier.main(
	async () => {
		await setup();
		await checks();
	},
	{ onSetupFailure: () => userFolder && log(`--- n8n-cli.log ---\n${cliLogTail(userFolder, 30)}`) },
);
