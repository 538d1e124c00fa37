/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, no-console */
/**
 * `npm run bench`: measures the package against the emulator on loopback, each figure paired
 * with a baseline taken in the same run (never a timed assertion). Writes bench/results.md and
 * prints one JSON line last.
 *
 * `--json`: only the JSON line on stdout. `--quick`: every scenario scaled down (10,000 entries,
 * 3 rounds) to check the benchmark works; its figures are not publishable and bench/results.md
 * is left alone. `--only=<scenario>` (`--only=scim_import`, `--only=reconcile`): that scenario alone, for a
 * shared machine; bench/results.md is left alone.
 */
import '../test/harness/env';

import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { startEmulator } from '../emulator';
import type { TestEnvironment } from '../test/harness/n8n';
import { arSystemNode, createEnvironment, pollTrigger, runNode, runWorkflow, TRIGGER_TYPE } from '../test/harness/n8n';
import { startScimBridge } from '../test/harness/scimBridge';

const ARGS = new Set(process.argv.slice(2));
const ONLY = [...ARGS].find((arg) => arg.startsWith('--only='))?.slice('--only='.length);
for (const arg of ARGS) {
	if (arg !== '--json' && arg !== '--quick' && !arg.startsWith('--only=')) {
		console.error(`Unknown option ${arg}. Options: --json, --quick, --only=<scenario>`);
		process.exit(2);
	}
}
const JSON_ONLY = ARGS.has('--json');
const QUICK = ARGS.has('--quick');

const PAGE_SIZE = 1000;
const EXPORT_USERS = Number(process.env.BENCH_USERS ?? (QUICK ? 10_000 : 100_000));
const IDENTITY_USERS = QUICK ? 2_000 : 10_000;
/** Reconcile: the share of the roster that drifts, split evenly over five kinds of change. */
const RECONCILE_DRIFT = 0.05;
const SCIM_USERS = QUICK ? 2_000 : 10_000;
const SCIM_GROUP_MEMBERS = QUICK ? 500 : 2_000;
const SCIM_PAGE = 100;
const PARALLEL_USERS = QUICK ? 5_000 : 20_000;
const LOGIN_EXECUTIONS = QUICK ? 100 : 1000;
/** Timed rounds per paired scenario; the median is reported. */
const ROUNDS = QUICK ? 3 : 5;
/** Rounds of the out-of-process export: each round times the node and the baseline once. */
const OOP_ROUNDS = QUICK ? 4 : 10;
/** Executions that meet one expired token together. */
const EXPIRY_CONCURRENCY = 20;

/** A full garbage collection, so one run's garbage is not collected on the next run's clock. */
const collectGarbage: () => void = (() => {
	const exposed = (globalThis as { gc?: () => void }).gc;
	if (typeof exposed === 'function') return exposed;
	// Started without --expose-gc: the flag can still be set at run time.
	setFlagsFromString('--expose-gc');
	return runInNewContext('gc') as () => void;
})();

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const start = process.hrtime.bigint();
	const value = await fn();
	return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

let peakRss = 0;
const rssTimer = setInterval(() => {
	peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function environmentFor(server: { url: string }): Promise<TestEnvironment> {
	return await createEnvironment({
		baseUrl: server.url,
		username: 'Demo',
		password: 'demo',
		authString: '',
		ignoreSslIssues: false,
	});
}

/** The baseline: what someone would write by hand with axios, same page size, no retries. */
async function axiosExport(url: string, form: string): Promise<number> {
	const login = await axios.post(`${url}/api/jwt/login`, 'username=Demo&password=demo', {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		responseType: 'text',
	});
	const headers = { Authorization: `AR-JWT ${String(login.data).trim()}` };
	let offset = 0;
	let count = 0;
	for (;;) {
		const response = await axios.get(
			`${url}/api/arsys/v1/entry/${encodeURIComponent(form)}?offset=${offset}&limit=${PAGE_SIZE}&sort=Request%20ID.asc`,
			{ headers },
		);
		const entries = response.data.entries as Array<{ values: Record<string, unknown> }>;
		for (const entry of entries) {
			// Do the same shaping the node does, so the comparison is about transport, not output.
			void { _requestId: entry.values['Request ID'], ...entry.values };
		}
		count += entries.length;
		offset += entries.length;
		if (entries.length < PAGE_SIZE) break;
	}
	return count;
}

/**
 * The same hand-written loop, but keeping the shaped entries, as the node's output keeps its
 * items: both sides then hold 100,000 objects and pay for collecting them.
 */
async function axiosExportKeeping(url: string, form: string): Promise<Array<Record<string, unknown>>> {
	const login = await axios.post(`${url}/api/jwt/login`, 'username=Demo&password=demo', {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		responseType: 'text',
	});
	const headers = { Authorization: `AR-JWT ${String(login.data).trim()}` };
	const items: Array<Record<string, unknown>> = [];
	for (let offset = 0; ; ) {
		const response = await axios.get(
			`${url}/api/arsys/v1/entry/${encodeURIComponent(form)}?offset=${offset}&limit=${PAGE_SIZE}&sort=Request%20ID.asc`,
			{ headers },
		);
		const entries = response.data.entries as Array<{ values: Record<string, unknown> }>;
		for (const entry of entries) items.push({ _requestId: entry.values['Request ID'], ...entry.values });
		offset += entries.length;
		if (entries.length < PAGE_SIZE) break;
	}
	return items;
}

function stats(values: number[]): { min: number; median: number; max: number } {
	return {
		min: +Math.min(...values).toFixed(1),
		median: +median(values).toFixed(1),
		max: +Math.max(...values).toFixed(1),
	};
}

const getAllUsers = (extra: Record<string, unknown> = {}) => ({
	resource: 'entry',
	operation: 'getAll',
	form: { __rl: true, mode: 'name', value: 'User' },
	returnAll: true,
	options: { pageSize: PAGE_SIZE },
	...extra,
});

async function exportScenario(lines: string[]) {
	const emulator = await startEmulator({ users: EXPORT_USERS, tickets: 20 });
	const env = await environmentFor(emulator);
	emulator.control.resetCounters();
	// Warm-up so neither side pays for JIT or the emulator's first sort; it also logs in, once.
	await runNode(env, { ...getAllUsers(), returnAll: false, limit: 2000 });
	const nodeLogins = emulator.control.counters().logins;
	await axiosExport(emulator.url, 'User');

	const engineRuns: number[] = [];
	const axiosRuns: number[] = [];
	let requests = 0;
	let logins = nodeLogins;
	let entries = 0;
	for (let round = 0; round < ROUNDS; round++) {
		emulator.control.resetCounters();
		const engine = await timed(() => runNode(env, getAllUsers()));
		requests = emulator.control.counters().byRoute['GET /entry/User'] ?? 0;
		logins += emulator.control.counters().logins;
		entries = engine.value.length;
		engineRuns.push(engine.ms);
		const baseline = await timed(() => axiosExport(emulator.url, 'User'));
		axiosRuns.push(baseline.ms);
	}
	const ratio = median(engineRuns) / median(axiosRuns);
	const minRequests = Math.ceil(entries / PAGE_SIZE);
	lines.push(
		`| Export ${entries} users, Return All, page ${PAGE_SIZE} | engine ${median(engineRuns).toFixed(0)} ms vs axios loop ${median(axiosRuns).toFixed(0)} ms | ratio ${ratio.toFixed(3)} | ${requests} requests per run (min ${minRequests}); ${logins} node login(s) in warm-up + ${ROUNDS} runs |`,
	);
	await emulator.stop();
	return { entries, ratio_vs_axios: +ratio.toFixed(3), requests, min_requests: minRequests, logins };
}

/** Starts the emulator CLI in a process of its own, as a real server would be. */
async function emulatorProcess(args: string[]): Promise<{ url: string; stop: () => void }> {
	const child = spawn(
		process.execPath,
		[require.resolve('ts-node/dist/bin.js'), '--transpile-only', join(__dirname, '../emulator/cli.ts'), ...args],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const url = await new Promise<string>((resolve, reject) => {
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			const match = /listening on (\S+)/.exec(output);
			if (match) resolve(match[1]);
		});
		child.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
	});
	return { url, stop: () => child.kill() };
}

async function parallelScenario(lines: string[]) {
	// Latency-bound on purpose: many pages, each waiting 50 ms on a server in another process.
	const server = await emulatorProcess(['--port', '0', '--users', String(PARALLEL_USERS), '--tickets', '20', '--latency', '50']);
	try {
		const env = await createEnvironment({
			baseUrl: server.url,
			username: 'Demo',
			password: 'demo',
			authString: '',
			ignoreSslIssues: false,
		});
		const parameters = getAllUsers({ options: { pageSize: 250 } });
		await runNode(env, { ...parameters, returnAll: false, limit: 10 });
		const sequential = await timed(() => runNode(env, parameters));
		const parallel = await timed(() =>
			runNode(env, { ...parameters, options: { pageSize: 250, concurrency: 8 } }),
		);
		const same =
			JSON.stringify(parallel.value.map((item) => item.json._requestId)) ===
			JSON.stringify(sequential.value.map((item) => item.json._requestId));
		const speedup = sequential.ms / parallel.ms;
		lines.push(
			`| ${PARALLEL_USERS} users, 50 ms latency, page 250, emulator in its own process | sequential ${sequential.ms.toFixed(0)} ms vs Concurrency 8 ${parallel.ms.toFixed(0)} ms | speedup ${speedup.toFixed(2)} | ${same ? 'identical results' : 'RESULTS DIFFER'} |`,
		);
		if (!same) throw new Error('Concurrency changed the result');
		return { latency_ms: 50, speedup: +speedup.toFixed(2) };
	} finally {
		server.stop();
	}
}

/** A node reading one User entry: an execution whose cost is its requests and its login. */
const oneUserNode = () =>
	arSystemNode({
		resource: 'entry',
		operation: 'getAll',
		form: { __rl: true, mode: 'name', value: 'User' },
		returnAll: false,
		limit: 1,
	});

async function loginScenario(lines: string[]) {
	const emulator = await startEmulator({ users: 200, tickets: 20 });
	const env = await environmentFor(emulator);
	const node = oneUserNode();
	const items = Array.from({ length: 10 }, (_, index) => ({ index }));
	emulator.control.resetCounters();
	for (let execution = 0; execution < LOGIN_EXECUTIONS; execution++) {
		const result = await runWorkflow(env, { nodes: [node], items });
		if (result.error) throw result.error;
	}
	const logins = emulator.control.counters().logins;
	lines.push(`| ${LOGIN_EXECUTIONS} executions of 10 items | ${logins} login(s) |`);
	await emulator.stop();
	return logins;
}

async function identityScenario(lines: string[]) {
	const emulator = await startEmulator({ users: IDENTITY_USERS, tickets: 20 });
	const env = await environmentFor(emulator);
	const identity = { resource: 'identity', operation: 'getAll', returnAll: true, options: { pageSize: PAGE_SIZE } };
	const users = { resource: 'user', operation: 'getAll', returnAll: true, options: { pageSize: PAGE_SIZE } };
	await runNode(env, { ...identity, returnAll: false, limit: 100 });
	const identityRuns: number[] = [];
	const userRuns: number[] = [];
	let requests = 0;
	let supportGroups = false;
	for (let round = 0; round < 3; round++) {
		emulator.control.resetCounters();
		const joined = await timed(() => runNode(env, identity));
		requests = emulator.control.counters().total;
		if (joined.value.length !== IDENTITY_USERS) throw new Error('identity count differs');
		// The join includes support groups and functional roles (ITSM), not just User + People.
		supportGroups = joined.value.some((item) => Array.isArray(item.json.supportGroups) && item.json.supportGroups.length > 0);
		identityRuns.push(joined.ms);
		userRuns.push((await timed(() => runNode(env, users))).ms);
	}
	const ratio = median(identityRuns) / median(userRuns);
	lines.push(
		`| Identity Get Many of ${IDENTITY_USERS} users vs User Get Many | ${median(identityRuns).toFixed(0)} ms vs ${median(userRuns).toFixed(0)} ms | ratio ${ratio.toFixed(2)} | ${requests} requests |`,
	);
	await emulator.stop();
	return {
		users: IDENTITY_USERS,
		requests,
		ratio_vs_user_get_many: +ratio.toFixed(2),
		support_groups: supportGroups,
	};
}

/**
 * An identity provider's full import through the AR System SCIM node (real HTTP through n8n-core's
 * WebhookContext, test/harness/scimBridge.ts): every page of GET /Users with count=100, full
 * users (names from CTM:People, groups). Against the baseline of a plain User → Get Many (Return
 * All) of the same users in the same run. Then a group of 2,000 members read with
 * excludedAttributes=members and patched (one member added, one removed).
 */
async function scimImportScenario(lines: string[]) {
	const emulator = await startEmulator({ users: SCIM_USERS });
	const env = await environmentFor(emulator);
	const bearer = randomBytes(24).toString('hex');
	const bridge = await startScimBridge(env, { secret: bearer });
	// Identity providers keep their connection open across an import's pages.
	const client = axios.create({ httpAgent: new Agent({ keepAlive: true }), headers: { authorization: `Bearer ${bearer}` } });
	const get = async (path: string, params: Record<string, string> = {}) => await client.get(`${bridge.url}/${path}`, { params });
	// The baseline reads the same users in the same 100-entry pages; the node's default page of
	// 1000 is reported beside it.
	const users = { resource: 'user', operation: 'getAll', returnAll: true, options: { pageSize: SCIM_PAGE } };
	const usersBigPages = { ...users, options: { pageSize: PAGE_SIZE } };
	const total = emulator.control.count('User');
	const importRuns: number[] = [];
	const baselineRuns: number[] = [];
	const bigPageRuns: number[] = [];
	let requests = 0;
	let pages = 0;
	// Warm-up: logins and form definitions, on both sides.
	await get('Users', { count: '1' });
	await runNode(env, { ...users, returnAll: false, limit: 1 });
	for (let round = 0; round < 3; round++) {
		collectGarbage();
		emulator.control.resetCounters();
		const imported = await timed(async () => {
			const seen = new Set<string>();
			let page = 0;
			for (let start = 1; start <= total; start += SCIM_PAGE) {
				const answer = await get('Users', { startIndex: String(start), count: String(SCIM_PAGE) });
				if (answer.data.totalResults !== total) throw new Error('scim_import: totalResults moved');
				for (const user of answer.data.Resources as Array<{ id: string }>) seen.add(user.id);
				page++;
			}
			if (seen.size !== total) throw new Error(`scim_import: ${seen.size} of ${total} users`);
			return page;
		});
		requests = emulator.control.counters().total;
		pages = imported.value;
		importRuns.push(imported.ms);
		collectGarbage();
		baselineRuns.push((await timed(() => runNode(env, users))).ms);
		collectGarbage();
		bigPageRuns.push((await timed(() => runNode(env, usersBigPages))).ms);
	}
	const ratio = median(importRuns) / median(baselineRuns);
	const ratioBigPages = median(importRuns) / median(bigPageRuns);

	// A group of SCIM_GROUP_MEMBERS members, written straight into the emulator.
	const groupRequestId = emulator.control.insertEntry('Group', { 'Group Name': 'Bench SCIM Group', 'Group ID': 900001, 'Group Type': 'View', 'Group Category': 'Regular' });
	const members = emulator.control.findEntries('User').slice(0, SCIM_GROUP_MEMBERS + 1);
	for (const member of members.slice(0, SCIM_GROUP_MEMBERS)) {
		emulator.control.modifyEntry('User', member.id, { 'Group List': `${String(member.values['Group List'] ?? '')}900001;` });
	}
	emulator.control.resetCounters();
	const read = await get(`Groups/${groupRequestId}`, { excludedAttributes: 'members' });
	if (read.data.displayName !== 'Bench SCIM Group') throw new Error('scim_import: group read');
	const membersRead = emulator.control.counters().byRoute['GET /entry/User'] ?? 0;
	emulator.control.resetCounters();
	const patched = await axios.patch(
		`${bridge.url}/Groups/${groupRequestId}`,
		JSON.stringify({
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [
				{ op: 'add', path: 'members', value: [{ value: members[SCIM_GROUP_MEMBERS].id }] },
				{ op: 'remove', path: `members[value eq "${members[0].id}"]` },
			],
		}),
		{ headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/scim+json' } },
	);
	if (patched.status !== 204) throw new Error(`scim_import: PATCH answered ${patched.status}`);
	const patchRequests = emulator.control.counters().total;
	await bridge.stop();
	await emulator.stop();
	const perPage = requests / pages;
	lines.push(
		`| SCIM import of ${total} users, count=${SCIM_PAGE} (${pages} pages, over HTTP) vs User Get Many (pages of ${SCIM_PAGE}; of ${PAGE_SIZE}: ${median(bigPageRuns).toFixed(0)} ms, ratio ${ratioBigPages.toFixed(2)}) | ${median(importRuns).toFixed(0)} ms vs ${median(baselineRuns).toFixed(0)} ms | ratio ${ratio.toFixed(2)} | ${requests} AR requests (${perPage.toFixed(2)} per page); ${SCIM_GROUP_MEMBERS}-member group GET with excludedAttributes=members: ${membersRead} user reads; PATCH +1/-1 member: ${patchRequests} requests |`,
	);
	return {
		users: total,
		pages,
		requests,
		requests_per_page: +perPage.toFixed(2),
		ratio_vs_user_get_many: +ratio.toFixed(2),
		ratio_vs_user_get_many_pages_of_1000: +ratioBigPages.toFixed(2),
		group_members: SCIM_GROUP_MEMBERS,
		members_read_excluded: membersRead,
		patch_requests: patchRequests,
	};
}

/** Writes (creates, updates, deletes) the emulator saw since its counters were reset. */
function writesOf(emulator: Awaited<ReturnType<typeof startEmulator>>): number {
	const routes = emulator.control.counters().byRoute;
	return Object.entries(routes)
		.filter(([route]) => /^(POST|PUT|DELETE) \/entry\//.test(route))
		.reduce((sum, [, n]) => sum + n, 0);
}

/**
 * Identity → Reconcile of a roster of IDENTITY_USERS people against as many AR users, the roster
 * drifted by RECONCILE_DRIFT in five kinds (creates, leavers, Full Name updates, a permission
 * group added, a support group added), each on its own people: the Dry Run's plan must be exactly
 * that drift, its requests within 1.5 x Identity Get Many's over the same users, the apply must
 * write once per planned change, and a re-run must write nothing.
 */
async function reconcileScenario(lines: string[]) {
	const emulator = await startEmulator({ users: IDENTITY_USERS, tickets: 20 });
	const env = await environmentFor(emulator);
	try {
		const identity = { resource: 'identity', operation: 'getAll', returnAll: true, options: { pageSize: PAGE_SIZE } };
		await runNode(env, { ...identity, returnAll: false, limit: 10 });
		emulator.control.resetCounters();
		const current = (await runNode(env, identity)).map((item) => item.json);
		const getManyRequests = emulator.control.counters().total;

		const supportGroups = emulator.control.findEntries('CTM:Support Group').map((entry) => entry.id);
		const perKind = Math.floor((IDENTITY_USERS * RECONCILE_DRIFT) / 5);
		const roster = current.map((item) => ({ loginName: String(item['Login Name']), fullName: String(item['Full Name']) }) as IDataObject);
		const expected = new Set<string>();
		const candidates = current
			.map((item, index) => ({ item, index }))
			.filter(({ item }) => !item.disabled && item.hasPeopleRecord && !['Demo', 'appuser'].includes(String(item['Login Name'])));
		const take = (n: number) => candidates.splice(0, n);
		// Spread the drifted people over the whole roster: every 7th candidate, round-robin by kind.
		candidates.sort((a, b) => (a.index % 7) - (b.index % 7) || a.index - b.index);
		const leavers = new Set(take(perKind).map(({ index }) => index));
		for (const index of leavers) expected.add(`${roster[index].loginName}|disableLogin`);
		for (const { index } of take(perKind)) {
			roster[index].fullName = `${roster[index].fullName} (renamed)`;
			expected.add(`${roster[index].loginName}|userFields`);
		}
		for (const { item, index } of take(perKind)) {
			const held = ((item.groups as IDataObject[]) ?? []).map((g) => String(g.id ?? g.unknown));
			const extra = ['1000000002', '1000000001', '10000'].find((id) => !held.includes(id));
			if (!extra) continue;
			roster[index].permissionGroups = [...held, extra];
			expected.add(`${roster[index].loginName}|permissionGroups`);
		}
		for (const { item, index } of take(perKind)) {
			const held = ((item.supportGroups as IDataObject[]) ?? []).map((g) => String(g.supportGroupId));
			const extra = supportGroups.find((id) => !held.includes(id));
			if (!extra) continue;
			roster[index].supportGroups = [...held, extra];
			expected.add(`${roster[index].loginName}|supportGroup`);
		}
		const desired = roster.filter((_, index) => !leavers.has(index));
		for (let n = 0; n < perKind; n++) {
			const login = `bench.new${n}`;
			desired.push({ loginName: login, fullName: `New Hire ${n}` });
			expected.add(`${login}|createUser`);
		}
		const reconcile = { resource: 'identity', operation: 'reconcile', scope: 'filter', leavers: 'disable', lists: 'exact' };
		const planSteps = (output: Awaited<ReturnType<typeof runNode>>) =>
			new Set(
				output.slice(1).flatMap((item) =>
					((item.json.changes as IDataObject[]) ?? []).map((change) => `${String(item.json.loginName)}|${String(change.step)}`),
				),
			);

		emulator.control.resetCounters();
		const planned = await timed(() => runNode(env, { ...reconcile, dryRun: true }, desired));
		const planRequests = emulator.control.counters().total;
		const plan = planSteps(planned.value);
		const planExact = plan.size === expected.size && [...expected].every((key) => plan.has(key));
		const changes = Number(planned.value[0].json.planned);

		emulator.control.resetCounters();
		const applied = await timed(() => runNode(env, { ...reconcile, dryRun: false }, desired));
		const applyWrites = writesOf(emulator);
		const appliedSummary = applied.value[0].json;

		emulator.control.resetCounters();
		const rerun = await runNode(env, { ...reconcile, dryRun: false }, desired);
		const rerunWrites = writesOf(emulator);

		const ratio = planRequests / getManyRequests;
		lines.push(
			`| Reconcile of ${desired.length} identities vs ${IDENTITY_USERS} users, ${expected.size} drifted | plan ${planned.ms.toFixed(0)} ms, apply ${applied.ms.toFixed(0)} ms | plan requests ${planRequests} vs Identity Get Many ${getManyRequests} (${ratio.toFixed(2)}x) | ${changes} changes, ${applyWrites} writes, re-run ${rerunWrites} writes, plan exact ${planExact} |`,
		);
		return {
			identities: desired.length,
			users: IDENTITY_USERS,
			drift: expected.size,
			plan_requests: planRequests,
			identity_get_many_requests: getManyRequests,
			plan_requests_ratio: +ratio.toFixed(2),
			changes,
			apply_writes: applyWrites,
			apply_complete: appliedSummary.complete === true,
			rerun_writes: rerunWrites,
			rerun_planned: Number(rerun[0].json.planned),
			plan_exact: planExact,
			plan_ms: Math.round(planned.ms),
			apply_ms: Math.round(applied.ms),
		};
	} finally {
		await emulator.stop();
	}
}

async function triggerIdleScenario(lines: string[]) {
	const emulator = await startEmulator({ users: 2000, tickets: 20 });
	const env = await environmentFor(emulator);
	const node = {
		id: 'trigger',
		name: 'AR System Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: { form: { __rl: true, mode: 'name', value: 'User' }, event: 'any' },
		credentials: { arSystemApi: { id: '1', name: 'AR System (test)' } },
	};
	const staticData = {};
	await pollTrigger(env, node, staticData); // activation: sets the cursor
	await pollTrigger(env, node, staticData); // warm: metadata cached per poll anyway
	emulator.control.resetCounters();
	const result = await pollTrigger(env, node, staticData);
	const counters = emulator.control.counters();
	const requests = counters.total - (counters.byRoute['GET /fields/User'] ?? 0);
	lines.push(
		`| Idle trigger poll | ${counters.total} requests in all, ${requests} entry request(s), ${counters.logins} login(s), result ${result === null ? 'null' : 'items'} |`,
	);
	await emulator.stop();
	return { requests, logins: counters.logins, metadata_requests: counters.total - requests };
}

/**
 * The export again, with the emulator in a process of its own (as a real AR server is), the two
 * sides taking turns at going first, and a full GC before every timed run. The ratio is the
 * median node time over the median baseline time; the spread is the range of the per-round
 * ratios (node / baseline of the same round).
 */
async function exportOutOfProcessScenario(lines: string[]) {
	const server = await emulatorProcess(['--port', '0', '--users', String(EXPORT_USERS), '--tickets', '20']);
	try {
		const env = await environmentFor(server);
		// Warm-up of both sides (JIT, the emulator's first sort, the node's login).
		await runNode(env, { ...getAllUsers(), returnAll: false, limit: 2000 });
		await axiosExportKeeping(server.url, 'User');
		const nodeRuns: number[] = [];
		const axiosRuns: number[] = [];
		const ratios: number[] = [];
		let entries = 0;
		const timeNode = async () => {
			collectGarbage();
			const run = await timed(() => runNode(env, getAllUsers()));
			entries = run.value.length;
			return run.ms;
		};
		const timeAxios = async () => {
			collectGarbage();
			const run = await timed(() => axiosExportKeeping(server.url, 'User'));
			if (run.value.length !== entries && entries !== 0) throw new Error('the baseline read a different number of entries');
			return run.ms;
		};
		for (let round = 0; round < OOP_ROUNDS; round++) {
			let nodeMs: number;
			let axiosMs: number;
			if (round % 2 === 0) {
				nodeMs = await timeNode();
				axiosMs = await timeAxios();
			} else {
				axiosMs = await timeAxios();
				nodeMs = await timeNode();
			}
			nodeRuns.push(nodeMs);
			axiosRuns.push(axiosMs);
			ratios.push(nodeMs / axiosMs);
		}
		if (entries !== EXPORT_USERS) throw new Error(`node exported ${entries} of ${EXPORT_USERS} entries`);
		const node = stats(nodeRuns);
		const baseline = stats(axiosRuns);
		const ratio = node.median / baseline.median;
		const spread: [number, number] = [+Math.min(...ratios).toFixed(3), +Math.max(...ratios).toFixed(3)];
		lines.push(
			`| Export ${entries} users, emulator in its own process, order alternated, GC before each run, ${OOP_ROUNDS} rounds | ` +
				`engine ${node.min}/${node.median}/${node.max} ms vs axios loop (keeping its items) ${baseline.min}/${baseline.median}/${baseline.max} ms (min/median/max) | ` +
				`ratio ${ratio.toFixed(3)} (medians) | per-round ratios ${spread[0]}-${spread[1]} |`,
		);
		return { entries, ratio_vs_axios: +ratio.toFixed(3), spread, node_ms: node, axios_ms: baseline, rounds: OOP_ROUNDS };
	} finally {
		server.stop();
	}
}

/**
 * 20 executions of one process in flight together when their token expires: with single-flight
 * login they share one login; without it each logs in by itself.
 */
async function expiryLoginsScenario(lines: string[]) {
	const emulator = await startEmulator({ users: 200, tickets: 20, latencyMs: 20 });
	try {
		const env = await environmentFor(emulator);
		const node = oneUserNode();
		const warm = await runWorkflow(env, { nodes: [node] });
		if (warm.error) throw warm.error;
		emulator.control.expireAllTokens();
		emulator.control.resetCounters();
		const results = await Promise.all(
			Array.from({ length: EXPIRY_CONCURRENCY }, () => runWorkflow(env, { nodes: [node] })),
		);
		const failed = results.filter((r) => r.error).length;
		if (failed > 0) throw new Error(`${failed} of ${EXPIRY_CONCURRENCY} executions failed after the expiry`);
		const logins = emulator.control.counters().logins;
		lines.push(`| ${EXPIRY_CONCURRENCY} concurrent executions, one process, meeting one expired token | ${logins} login(s) |`);
		return { concurrent: EXPIRY_CONCURRENCY, logins };
	} finally {
		await emulator.stop();
	}
}

async function main() {
	const lines: string[] = [];
	if (ONLY !== undefined) {
		const scenarios: Record<string, (l: string[]) => Promise<unknown>> = {
			scim_import: scimImportScenario,
			reconcile: reconcileScenario,
		};
		const scenario = scenarios[ONLY];
		if (!scenario) throw new Error(`--only: no scenario ${ONLY} (${Object.keys(scenarios).join(', ')})`);
		const summary = { ...(QUICK ? { quick: true } : {}), [ONLY]: await scenario(lines) };
		clearInterval(rssTimer);
		if (!JSON_ONLY) console.log(lines.join('\n'));
		console.log(JSON.stringify(summary));
		return;
	}
	const exported = await exportScenario(lines);
	const parallel = await parallelScenario(lines);
	const logins = await loginScenario(lines);
	const identity = await identityScenario(lines);
	const reconcile = await reconcileScenario(lines);
	const triggerIdle = await triggerIdleScenario(lines);
	const exportOop = await exportOutOfProcessScenario(lines);
	const expiryLogins = await expiryLoginsScenario(lines);
	const scimImport = await scimImportScenario(lines);
	clearInterval(rssTimer);
	const summary = {
		...(QUICK ? { quick: true } : {}),
		export: { ...exported, peak_rss_mb: Math.round(peakRss / 1024 / 1024) },
		parallel,
		[QUICK ? `logins_${LOGIN_EXECUTIONS}_executions` : 'logins_1000_executions']: logins,
		identity,
		reconcile,
		trigger_idle: triggerIdle,
		export_oop: exportOop,
		expiry_logins: expiryLogins,
		scim_import: scimImport,
	};
	const markdown = [
		'# Benchmarks',
		'',
		`Run on ${new Date().toISOString()} with Node ${process.version}, emulator on loopback, in-process unless the row says otherwise.`,
		`Each figure is paired with its baseline in the same run; medians of ${ROUNDS} rounds where timed.`,
		'',
		'| Scenario | Measured | Ratio | Notes |',
		'| --- | --- | --- | --- |',
		...lines,
		'',
		'```json',
		JSON.stringify(summary, null, 2),
		'```',
		'',
	].join('\n');
	if (!QUICK) writeFileSync(join(__dirname, 'results.md'), markdown);
	if (!JSON_ONLY) console.log(markdown);
	console.log(JSON.stringify(summary));
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
