#!/usr/bin/env node
/**
 * `npm run test:mcp`: the AR System node as an AI agent's tool, in a real n8n, driven by the
 * official MCP client (@modelcontextprotocol/sdk) over n8n's MCP Server Trigger transport.
 *
 * 1. Builds the package, makes sure the pinned n8n is in the cache (scripts/n8n-runtime.mjs).
 * 2. Starts the AR emulator in this process, imports the AR credential, a bearer credential for
 *    the MCP clients, examples/ai-identity-mcp.json (read-only tools) and a generated workflow with
 *    every guarded operation twice (not allowed / allowed, test/mcp/cases.mjs), publishes both and
 *    starts `n8n start`.
 * 3. Connects an MCP client to each MCP Server Trigger (Streamable HTTP, bearer token): lists the
 *    tools (names, generated descriptions, the $fromAI arguments in the input schemas), calls the
 *    read tools and checks the answers against the emulator, checks the size of a Get Many on
 *    HPD:Help Desk with default options, then calls each guarded operation without permission
 *    (refused, or a Dry Run for Offboard / Copy Access / Reconcile, and the emulator's data
 *    unchanged) and with permission (applied), and a Reconcile of every user without permission
 *    (a Dry Run plan cut at the 40 KB answer cap).
 * 3b. n8n's human review of a tool call (README: Use with AI agents): Webhook → AI Agent with a
 *    local stub chat model (test/mcp/stubs.mjs) → the Email node's Human Review tool (to a local
 *    SMTP stub) gating an allowed AR System Delete: nothing is written while the call waits, the
 *    Approve link runs it, the Disapprove link never reaches AR and the agent is told.
 * 4. Prints one line per check and last
 *    `{"mcp":{"tools":N,"calls":N,"refused_as_expected":N,"writes_without_permission":0,"passed":N,"failed":0}}`;
 *    exit code 1 on any failure.
 *
 * Options: --no-build (use the existing dist/), --keep (keep the n8n user folder), --verbose.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { N8N_VERSION, PACKAGE_NAME, buildPackage, credentialFor, ensureN8n, formatDuration, freePort, readExamples } from './n8n-runtime.mjs';
import { createTier, loadEmulator, tierOptions } from './tier.mjs';
import {
	GUARDED,
	INCIDENTS_TOOL,
	MAX_ANSWER_BYTES,
	RECONCILE_SCOPE_TOOL,
	REVIEWED_TOOL,
	assert,
	assertEqual,
	guardedCalls,
	guardedWorkflow,
	humanReviewWorkflow,
	reviewedToolArguments,
} from '../test/mcp/cases.mjs';
import { startModelStub, startSmtpStub, waitFor } from '../test/mcp/stubs.mjs';

const EXAMPLE_ID = 'ArSysExAiIdent01';
const GUARDED_ID = 'ArSysMcpGuarded1';
const GUARDED_PATH = 'ar-system-guarded-test';
const REVIEW_ID = 'ArSysMcpReview01';
const REVIEW_PATH = 'ar-system-human-review-test';
const STUB_CREDENTIALS = { openAi: { id: 'stubOpenAiModel', name: 'Chat model (local stub)' }, smtp: { id: 'stubSmtpServer', name: 'SMTP (local stub)' } };
const BEARER = { id: 'arSystemMcpBearer', name: 'MCP clients (bearer token)' };
/** The acceptance figure: a Get Many tool call on HPD:Help Desk with default options. */
const MAX_GET_MANY_BYTES = 20 * 1024;
/** Forms a guarded call could touch; compared whole before and after every call without permission. */
const WATCHED_FORMS = ['User', 'Group', 'CTM:People', 'CTM:Support Group Association', 'CTM:SupportGroupFunctionalRole', 'HPD:Help Desk'];

const options = tierOptions();
const counts = { tools: 0, calls: 0, refused_as_expected: 0, writes_without_permission: 0 };
const clients = [];
let emulator;
let smtp;
let model;

const tier = createTier({
	name: 'mcp',
	options,
	encryptionKey: 'n8n-nodes-ar-system-mcp',
	summary: () => {
		const passed = tier.passed();
		return JSON.stringify({ mcp: { ...counts, passed, failed: tier.results.length - passed } });
	},
	onCleanup: async () => {
		for (const client of clients) await client.close().catch(() => {});
		await smtp?.close();
		await model?.close();
		await emulator?.stop();
	},
});
const { log, debug, check } = tier;

/** What the checks read from AR, straight from the emulator's store. */
function arView() {
	const q = (value) => `"${String(value).replace(/"/g, '""')}"`;
	const find = (form, qualification) => emulator.control.findEntries(form, qualification);
	const first = (form, qualification) => find(form, qualification)[0];
	return {
		entries: (form) => find(form),
		entry: (form, id) => emulator.control.getEntry(form, id),
		insert: (form, values) => emulator.control.insertEntry(form, values),
		user: (login) => first('User', `'Login Name' = ${q(login)}`),
		person: (login) => first('CTM:People', `'Remedy Login ID' = ${q(login)}`),
		group: (name) => first('Group', `'Group Name' = ${q(name)}`),
		groupById: (id) => first('Group', `'Group ID' = ${Number(id)}`),
		groupIdsOf: (login) =>
			String(first('User', `'Login Name' = ${q(login)}`)?.values['Group List'] ?? '')
				.split(';')
				.map((s) => s.trim())
				.filter(Boolean),
		supportGroupId: (name) => first('CTM:Support Group', `'Support Group Name' = ${q(name)}`)?.id,
		memberships: (login) => find('CTM:Support Group Association', `'Login ID' = ${q(login)}`),
		roles: (login) => find('CTM:SupportGroupFunctionalRole', `'Login ID' = ${q(login)}`),
		openIncidents: (login) => find('HPD:Help Desk', `'Assignee Login ID' = ${q(login)} AND 'Status' < "Resolved"`),
		snapshot: () =>
			JSON.stringify({
				versions: emulator.control.versionLog().length,
				forms: WATCHED_FORMS.map((form) => find(form)),
			}),
	};
}

async function setup(token) {
	log(`test:mcp: ${PACKAGE_NAME} as an AI tool in a real n8n ${N8N_VERSION}, through an MCP client`);
	if (options.build) await buildPackage({ log });
	const rt = await ensureN8n({ log });
	const { startEmulator } = loadEmulator();
	emulator = await startEmulator({ port: 0, users: 200 });
	log(`AR emulator ${emulator.url}`);

	const work = path.join(tier.newUserFolder(), 'import');
	fs.mkdirSync(path.join(work, 'workflows'), { recursive: true });
	smtp = await startSmtpStub();
	model = await startModelStub({ toolName: REVIEWED_TOOL, argumentsFor: reviewedToolArguments });
	const credentials = [
		credentialFor(emulator.url),
		{ ...BEARER, type: 'httpBearerAuth', data: { token } },
		{ ...STUB_CREDENTIALS.openAi, type: 'openAiApi', data: { apiKey: 'sk-local-stub', url: model.url } },
		{
			...STUB_CREDENTIALS.smtp,
			type: 'smtp',
			data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true },
		},
	];
	fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify(credentials, null, 2));
	const example = readExamples().find((e) => e.workflow.id === EXAMPLE_ID);
	if (!example) throw new Error(`examples/ has no workflow ${EXAMPLE_ID}`);
	const guarded = guardedWorkflow({ id: GUARDED_ID, path: GUARDED_PATH, webhookId: '9b2e6f10-4c3a-4d7e-8f21-0a5b6c7d8e9f', bearerCredential: BEARER });
	fs.writeFileSync(path.join(work, 'workflows', example.file), JSON.stringify(example.workflow, null, 2));
	fs.writeFileSync(path.join(work, 'workflows', 'guarded.json'), JSON.stringify(guarded, null, 2));
	const review = humanReviewWorkflow({ id: REVIEW_ID, path: REVIEW_PATH, webhookId: 'c5d7e9f1-2a4b-4c6d-8e0f-1a3b5c7d9e2f', credentials: STUB_CREDENTIALS });
	fs.writeFileSync(path.join(work, 'workflows', 'review.json'), JSON.stringify(review, null, 2));
	const brokerPort = await freePort();
	await tier.cli(rt, ['import:credentials', `--input=${path.join(work, 'credentials.json')}`], brokerPort);
	await tier.cli(rt, ['import:workflow', '--separate', `--input=${path.join(work, 'workflows')}`], brokerPort);
	for (const id of [EXAMPLE_ID, GUARDED_ID, REVIEW_ID]) await tier.cli(rt, ['publish:workflow', `--id=${id}`], brokerPort);

	const { port, alive } = await tier.startServer(rt);
	const examplePath = example.workflow.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.mcpTrigger').parameters.path;
	const urls = { identity: `http://127.0.0.1:${port}/mcp/${examplePath}`, guarded: `http://127.0.0.1:${port}/mcp/${GUARDED_PATH}` };
	for (const url of Object.values(urls)) await waitForEndpoint(url, alive);
	log(`n8n ${port} ready after ${formatDuration(Date.now() - tier.started)}; MCP servers ${Object.values(urls).join(', ')}`);
	urls.review = `http://127.0.0.1:${port}/webhook/${REVIEW_PATH}`;
	return { rt, urls, port, example: example.workflow };
}

/**
 * n8n answers /healthz/readiness before the published workflows' webhooks are registered: wait
 * until an unauthenticated POST reaches the MCP Server Trigger (its bearer check answers 403;
 * n8n answers 404 for a path nothing listens on).
 */
async function waitForEndpoint(url, alive, timeoutMs = 120_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (!alive()) throw new Error('n8n exited while its webhooks were being registered');
		const status = (await fetch(url, { method: 'POST', signal: AbortSignal.timeout(30_000) }).catch(() => ({ status: 0 }))).status;
		if (status === 403) return;
		if (Date.now() > deadline) throw new Error(`${url} not registered after ${timeoutMs} ms (HTTP ${status})`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

async function connect(url, token) {
	const client = new Client({ name: 'n8n-nodes-ar-system-test-mcp', version: '1.0.0' });
	const transport = new StreamableHTTPClientTransport(new URL(url), {
		requestInit: { headers: { Authorization: `Bearer ${token}` } },
	});
	await client.connect(transport);
	clients.push(client);
	return client;
}

/** One tool call; the answer is the JSON text n8n made of the node's output items. */
async function call(client, token, name, args) {
	counts.calls += 1;
	const result = await client.callTool({ name, arguments: args });
	const text = result.content?.map((c) => c.text ?? '').join('') ?? '';
	debug(`${name}(${JSON.stringify(args)}) → ${result.isError ? 'ERROR ' : ''}${text.slice(0, 400)}`);
	assert(!text.includes(token), `the bearer token appears in the answer of ${name}`);
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { isError: result.isError === true, text, json, bytes: Buffer.byteLength(text) };
}

const sorted = (values) => [...values].sort();

async function readChecks(client, token, example, ar) {
	log('Read-only tools (examples/ai-identity-mcp.json):');
	let tools;
	await check('the example lists its three tools with generated descriptions and the $fromAI arguments', async () => {
		({ tools } = await client.listTools());
		counts.tools += tools.length;
		const toolNodes = example.nodes.filter((n) => n.type.endsWith('.arSystemTool'));
		assertEqual(sorted(tools.map((t) => t.name)), sorted(toolNodes.map((n) => n.name.replace(/[^a-zA-Z0-9_-]+/g, '_'))), 'tool names');
		const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
		assertEqual(Object.keys(byName.Identity_of_a_Person.inputSchema.properties), ['login'], 'Identity_of_a_Person arguments');
		assert(/Login Name/.test(byName.Identity_of_a_Person.inputSchema.properties.login.description), 'login argument has its $fromAI description');
		assertEqual(Object.keys(byName.Members_of_a_Group.inputSchema.properties), ['group'], 'Members_of_a_Group arguments');
		for (const tool of tools) {
			assert(/ in BMC Remedy AR System \(.*Read-only\.$/.test(tool.description), `${tool.name} description: ${tool.description}`);
		}
		assert(byName.Identity_of_a_Person.description.startsWith('Get an identity in BMC Remedy AR System'), 'identity description');
	});

	const login = "siobhan.o'brien";
	await check(`Identity_of_a_Person(${login}): groups, support groups, roles and open incidents as AR holds them`, async () => {
		const { json } = await call(client, token, 'Identity_of_a_Person', { login });
		assert(Array.isArray(json) && json.length === 1, `one identity expected: ${JSON.stringify(json)?.slice(0, 300)}`);
		const [identity] = json;
		assertEqual(identity['Login Name'], login, 'Login Name');
		const groupNames = ar.groupIdsOf(login).map((id) => ar.groupById(id).values['Group Name']);
		assertEqual(sorted(identity.groups.map((g) => g.name)), sorted(groupNames), 'permission groups');
		const supportGroups = ar.memberships(login).map((m) => m.values['Support Group ID']);
		assertEqual(sorted(identity.supportGroups.map((g) => g.supportGroupId)), sorted(supportGroups), 'support groups');
		assertEqual(sorted(identity.functionalRoles.map((r) => r.functionalRole)), sorted(ar.roles(login).map((r) => r.values['Functional Role'])), 'functional roles');
		const open = ar.openIncidents(login).map((t) => t.values['Incident Number']);
		assertEqual(identity.openTicketCount, open.length, 'open ticket count');
		assertEqual(sorted((identity.openTickets ?? []).map((t) => t.incidentNumber)), sorted(open), 'open incidents');
	});

	await check(`Open_Incidents_of_a_Person(${login}): the open incidents assigned to her, values escaped`, async () => {
		const { json } = await call(client, token, 'Open_Incidents_of_a_Person', { login });
		const expected = ar.openIncidents(login).map((t) => t.values['Incident Number']);
		assert(expected.length > 0, 'the seed gives her open incidents');
		assertEqual(sorted(json.map((row) => row['Incident Number'])), sorted(expected.slice(0, 10)), 'incident numbers');
		for (const row of json) assert(!('Detailed Decription' in row), 'only the chosen fields');
	});

	await check('Members_of_a_Group(Service Desk): at most the tool Limit of 10, every one in the group', async () => {
		const { json } = await call(client, token, 'Members_of_a_Group', { group: 'Service Desk' });
		const id = String(ar.group('Service Desk').values['Group ID']);
		assert(json.length > 0 && json.length <= 10, `1..10 members expected, got ${json.length}`);
		for (const row of json) assert(ar.groupIdsOf(row['Login Name']).includes(id), `${row['Login Name']} is not in Service Desk`);
	});
}

async function guardedChecks(client, token, ar) {
	log('Guarded operations (generated workflow, not allowed / allowed):');
	let tools;
	await check('lists every guarded operation twice, a Get Many with default options and a Reconcile of every user; no tool takes toolAllow', async () => {
		({ tools } = await client.listTools());
		counts.tools += tools.length;
		assertEqual(tools.length, GUARDED.length * 2 + 2, 'tool count');
		for (const tool of tools) assert(!('toolAllow' in (tool.inputSchema.properties ?? {})), `${tool.name} lets the model pass toolAllow`);
		const deleteUser = tools.find((t) => t.name === 'delete_user');
		assert(/Destructive: runs only if the workflow author allowed it/.test(deleteUser.description), `delete_user description: ${deleteUser.description}`);
		assertEqual(Object.keys(deleteUser.inputSchema.properties), ['login'], 'delete_user arguments');
	});

	await check('a Get Many tool call on HPD:Help Desk with default options answers 10 rows in under 20 KB', async () => {
		const { json, bytes } = await call(client, token, INCIDENTS_TOOL.key, {});
		assertEqual(json.length, 10, 'rows');
		assert(bytes < MAX_GET_MANY_BYTES, `answer is ${bytes} bytes`);
		assert(json.some((row) => /… \[clipped: \d+ characters in all\]$/.test(row['Detailed Decription'] ?? '')), 'long text clipped with a note');
		log(`      answer: ${json.length} rows, ${bytes} bytes (the same rows outside tool use hold ${LONG_TEXT.length * 2}+ characters of text each)`);
	});

	await check(`${RECONCILE_SCOPE_TOOL.key}: applying not allowed, a Dry Run plan of every user cut at the 40 KB cap, nothing written`, async () => {
		const before = ar.snapshot();
		const users = ar.entries('User').length;
		const { json, bytes, isError, text } = await call(client, token, RECONCILE_SCOPE_TOOL.key, { login: 'rsmith' });
		const unchanged = ar.snapshot() === before;
		if (!unchanged) counts.writes_without_permission += 1;
		assert(!isError, `tool error instead of an answer: ${text.slice(0, 300)}`);
		assert(unchanged, 'the emulator data changed');
		const [summary] = json;
		assertEqual([summary.dryRun, summary.changed, summary.identities], [true, 0, users], 'summary dryRun / changed / identities');
		assert(/^not allowed for this tool: applying Reconcile \(Identity\)\. This was a Dry Run/.test(summary.toolNote ?? ''), `toolNote: ${summary.toolNote}`);
		assert(bytes <= MAX_ANSWER_BYTES, `answer is ${bytes} bytes`);
		const note = json.at(-1)._note ?? '';
		assert(note.startsWith(`${users + 2 - json.length} of ${users + 1} results left out: the answer is limited to 40 KB`), `note: ${note}`);
		counts.refused_as_expected += 1;
		log(`      answer: ${json.length - 1} of ${users + 1} plan items, ${bytes} bytes`);
	});

	const calls = guardedCalls(ar);
	for (const { key } of GUARDED) {
		const { args, applied, dryRunUnlessAllowed, plan } = calls[key];
		await check(`${key}: without permission ${dryRunUnlessAllowed ? 'a Dry Run report' : 'refused'}, nothing written`, async () => {
			const before = ar.snapshot();
			const { json, isError, text, bytes } = await call(client, token, key, args);
			const unchanged = ar.snapshot() === before;
			if (!unchanged) counts.writes_without_permission += 1;
			assert(!isError, `tool error instead of an answer: ${text.slice(0, 300)}`);
			const [answer] = json;
			if (dryRunUnlessAllowed) {
				assertEqual(answer.dryRun, true, 'dryRun');
				assert(/^not allowed for this tool: applying /.test(answer.toolNote ?? ''), `toolNote: ${answer.toolNote}`);
				plan?.(json);
				assert(bytes <= MAX_ANSWER_BYTES, `answer is ${bytes} bytes`);
			} else {
				assertEqual(answer.refused, true, 'refused');
				assert(/^not allowed for this tool: /.test(answer.message), `message: ${answer.message}`);
			}
			assert(unchanged, 'the emulator data changed');
			counts.refused_as_expected += 1;
		});
		await check(`${key}_allowed: applied`, async () => {
			const { json, isError, text } = await call(client, token, `${key}_allowed`, args);
			assert(!isError, `tool error: ${text.slice(0, 400)}`);
			assert(json[0].refused === undefined && json[0].toolNote === undefined, `not applied: ${text.slice(0, 300)}`);
			if (dryRunUnlessAllowed) assertEqual(json[0].dryRun, false, 'dryRun');
			applied();
		});
	}
}

/**
 * n8n's human review (the Email node's Human Review tool) in front of an allowed Delete: the
 * agent's call waits for the reviewer, writes nothing meanwhile, and runs only on Approve.
 */
async function humanReviewChecks(rt, urls, port, ar) {
	log('Human review of a destructive tool call (AI Agent → Email Human Review → AR System Delete):');
	const spare = ar
		.entries('User')
		.map((u) => u.values['Login Name'])
		.filter((login) => /\d$/.test(login))
		.slice(-2);
	const ask = async (login) => {
		const seen = smtp.messages.length;
		const response = await fetch(urls.review, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ question: `Delete the AR System user ${login}` }),
		});
		assertEqual(response.status, 200, 'webhook status');
		const email = await waitFor(`approval email for ${login}`, () => smtp.messages[seen]);
		debug(`approval email: ${email.html.slice(email.html.indexOf('<'), email.html.indexOf('<') + 1500)}`);
		return email;
	};
	/**
	 * n8n sends the email from inside the execution and stores it as waiting (with the token the
	 * links are checked against) only when that run ends; a click in between finds a running or a
	 * half-stored execution. A reviewer never clicks that fast, a test does: read n8n's database
	 * (with the Node 24 n8n runs on, which has node:sqlite) until the execution is stored as waiting.
	 */
	const storedAsWaiting = (executionId) => {
		const script = `const { DatabaseSync } = require('node:sqlite');
			const db = new DatabaseSync(process.argv[1], { readOnly: true });
			const row = db.prepare("SELECT e.status AS status, instr(d.data, '\\"resumeToken\\"') > 0 AS token FROM execution_entity e JOIN execution_data d ON d.executionId = e.id WHERE e.id = ?").get(process.argv[2]);
			process.stdout.write(JSON.stringify(row ?? null));`;
		const result = spawnSync(rt.nodeBin, ['--no-warnings', '-e', script, path.join(tier.userFolder, '.n8n', 'database.sqlite'), executionId], { encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`reading n8n's database failed: ${result.stderr}`);
		const row = JSON.parse(result.stdout);
		return row?.status === 'waiting' && row.token === 1;
	};
	// The links point at n8n's public URL (localhost:<port>) and are signed with that host, so
	// the request goes to 127.0.0.1 (where n8n listens) with the Host header of the link. n8n
	// ignores approval clicks from bots and link scanners (an empty 200), so it comes from a browser.
	const click = async (email, approved) => {
		const link = email.links.find((l) => l.includes(`approved=${approved}`));
		assert(link, `no ${approved ? 'Approve' : 'Disapprove'} link in the email: ${email.links.join(', ')}`);
		const url = new URL(link);
		const executionId = /\/webhook-waiting\/(\d+)\//.exec(url.pathname)?.[1];
		assert(executionId, `no execution ID in ${url.pathname}`);
		await waitFor(`execution ${executionId} stored as waiting`, () => storedAsWaiting(executionId));
		const { status, body } = await new Promise((resolve, reject) => {
			const request = http.get({ host: '127.0.0.1', port, path: `${url.pathname}${url.search}`, headers: { Host: url.host, 'User-Agent': REVIEWER_BROWSER } }, (response) => {
				let text = '';
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => resolve({ status: response.statusCode, body: text }));
			});
			request.on('error', reject);
		});
		debug(`resume ${approved} → ${status} ${body.replace(/\s+/g, ' ').slice(0, 300)}`);
		assert(status === 200, `resume link answered ${status}`);
	};
	const modelSaw = (login, text) => () =>
		model.requests.some(
			(r) => JSON.stringify(r.messages).includes(login) && r.messages.some((m) => m.role === 'tool' && String(m.content).includes(text)),
		);

	await check(`approved: the delete of ${spare[0]} waits for the reviewer, writes nothing meanwhile, then runs`, async () => {
		const login = spare[0];
		const before = ar.snapshot();
		const email = await ask(login);
		assert(email.html.includes(`The agent wants to run ${REVIEWED_TOOL} with {"login":"${login}"}`), 'the email shows the tool and its arguments');
		assert(ar.user(login), `${login} deleted before the review`);
		assert(ar.snapshot() === before, 'AR data changed while the call waited for review');
		await click(email, true);
		await waitFor(`${login} deleted after approval`, () => !ar.user(login));
		await waitFor('the agent got the tool answer', modelSaw(login, '"deleted":true'));
	});

	await check(`disapproved: the delete of ${spare[1]} never reaches AR and the agent is told`, async () => {
		const login = spare[1];
		const before = ar.snapshot();
		const email = await ask(login);
		await click(email, false);
		await waitFor('the agent got the rejection', modelSaw(login, 'rejected'));
		assert(ar.user(login), `${login} was deleted although the reviewer said no`);
		assert(ar.snapshot() === before, 'AR data changed after a rejected review');
	});
}

const REVIEWER_BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const LONG_TEXT = 'Caller reports the VPN drops every few minutes; logs attached, see the work notes. '.repeat(100);

async function main() {
	const token = randomBytes(24).toString('base64url');
	let setupResult;
	try {
		setupResult = await setup(token);
	} catch (error) {
		tier.fail('setup', error);
		return;
	}
	const { rt, urls, port, example } = setupResult;
	const ar = arView();
	// Incidents as they look after some days of work: long descriptions and resolutions.
	for (const ticket of ar.entries('HPD:Help Desk').slice(0, 15)) {
		emulator.control.modifyEntry('HPD:Help Desk', ticket.id, { 'Detailed Decription': LONG_TEXT, Resolution: LONG_TEXT });
	}

	log('Transport:');
	await check('an MCP request without the bearer token, or with a wrong one, is refused (n8n answers 403)', async () => {
		for (const authorization of [undefined, `Bearer ${token}x`]) {
			const response = await fetch(urls.identity, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					Accept: 'application/json, text/event-stream',
					...(authorization ? { Authorization: authorization } : {}),
				},
				body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: {} }),
			});
			assertEqual(response.status, 403, `status with ${authorization ? 'a wrong' : 'no'} token`);
		}
	});
	let identity;
	let guarded;
	await check('the MCP client connects to both MCP Server Triggers (Streamable HTTP)', async () => {
		identity = await connect(urls.identity, token);
		guarded = await connect(urls.guarded, token);
	});
	if (!identity || !guarded) return;
	await readChecks(identity, token, example, ar);
	await guardedChecks(guarded, token, ar);
	await humanReviewChecks(rt, urls, port, ar);
}

try {
	await main();
} catch (error) {
	tier.fail('unexpected', error);
} finally {
	await tier.finish(counts.writes_without_permission === 0);
}
