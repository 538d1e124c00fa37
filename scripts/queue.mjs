#!/usr/bin/env node
/**
 * `npm run test:queue`: the package in a real n8n in queue mode, as users who outgrow one process
 * run it: PostgreSQL, Redis, one main (`n8n start`: webhooks, triggers) and two workers
 * (`n8n worker --concurrency=5`), one encryption key, the package installed in each as a
 * community package (npm pack tarball in `~/.n8n/nodes`).
 *
 * Phases (each figure is read from the emulator's counters or from n8n's own database):
 *   1. 200 webhook executions, 20 concurrent, token cold.
 *   2. 200 more in bursts, every token expired every 20 s (before each burst of 50).
 *   During 1-2: an AR System Trigger (polls on main only, twice a minute) while 30 changes are
 *      made to the User form (same-second bursts of creates and edits, some in a poll's second);
 *      every change must be emitted exactly once, checked one poll beyond the last change.
 *   Group List: concurrent Add to Group / Remove From Group webhook executions on the same few
 *      users, taken by both workers in parallel (scripts/queue-grouplist.mjs): lost updates and
 *      false successes counted against the emulator.
 *   3. One worker SIGKILLed while executions run on it: what n8n does with them (n8n forces
 *      maxStalledCount 0, so they are failed after the lock times out, not retried).
 *
 * The last line is JSON: executions, failed, workers_used, expiries, logins,
 * max_logins_per_expiry, trigger {changes, emitted, missed, duplicates}, group_list {operations,
 * lost_updates, false_success, failed, …}, worker_kill {…}.
 * Exit code 1 unless max_logins_per_expiry <= 3 (main + 2 workers), no failure outside the kill
 * phase, both workers used, the trigger missed and duplicated nothing, and the Group List phase
 * lost no update, reported no false success and failed no operation.
 *
 * Options: --no-build (use the existing dist/), --keep (keep the run folder: logs, data),
 * --verbose (n8n's log lines on the console).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import {
	N8N_VERSION,
	buildPackage,
	cliLogTail,
	ensureN8n,
	formatDuration,
	freePort,
	runN8nCli,
	stopAllChildren,
} from './n8n-runtime.mjs';
import { packPackage, startCluster } from './queue-cluster.mjs';
import { groupListPhase } from './queue-grouplist.mjs';
import { requireTs, startQueueEmulator } from './queue-emulator.mjs';
import { makeRunDir, startPostgres, startRedis } from './queue-services.mjs';
import {
	ERROR_WORKFLOW_ID,
	GROUP_LIST_WORKFLOWS,
	LOAD_PATH,
	LOAD_WORKFLOW_ID,
	POLL_SECONDS,
	TRIGGER_NODE,
	TRIGGER_WORKFLOW_ID,
	credentialFor,
	errorWorkflow,
	groupListWorkflow,
	loadWorkflow,
	triggerWorkflow,
} from './queue-workflows.mjs';
import { createRun, parseOptions } from './harness.mjs';

const options = parseOptions();

const ENCRYPTION_KEY = 'n8n-nodes-ar-system-queue-test';
const WORKERS = 2;
const WORKER_CONCURRENCY = 5;
const CLIENT_CONCURRENCY = 20;
const COLD_EXECUTIONS = 200;
const EXPIRY_WINDOWS = 4;
const EXPIRY_EVERY_MS = 20_000;
const PER_WINDOW = 50; // 4 x 50 = 200 executions with expiring tokens
const KILL_EXECUTIONS = 60;
const KILL_LATENCY_MS = 1500;
/**
 * AR answers in tens to hundreds of ms, logins included; on a loopback emulator they would take
 * about 1 ms and executions would rarely be in flight together when a token dies.
 */
const AR_LATENCY_MS = 100;
/** Into each burst of phase 2, when every token is expired (executions are in flight then). */
const EXPIRE_AFTER_MS = 1000;
const MAX_LOGINS_PER_EXPIRY = 1 + WORKERS;

const started = Date.now();
const log = (line) => console.log(`[${formatDuration(Date.now() - started).padStart(6)}] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const analysis = requireTs('test/queue/analysis.ts');

// ---------------------------------------------------------------------------------------------
// Resources, stopped on every exit path (also Ctrl-C)
// ---------------------------------------------------------------------------------------------

let runDir;
let pg;
let redis;
let emulator;
let cluster;
let summary;

const tier = createRun('test:queue', options, { summary: () => (summary ? JSON.stringify(summary) : '{"queue":null}') });
tier.onCleanup(async () => {
	await cluster?.stop().catch(() => {});
	await stopAllChildren().catch(() => {});
	await Promise.all([redis?.stop().catch(() => {}), pg?.stop().catch(() => {}), emulator?.stop().catch(() => {})]);
	if (runDir && fs.existsSync(runDir)) {
		if (options.keep || tier.failed()) log(`run folder kept: ${runDir} (n8n-*.log, postgres.log, redis.log)`);
		else fs.rmSync(runDir, { recursive: true, force: true });
	}
});

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const workerLogs = new Map(); // process name -> WorkerLog

function onN8nLine(name, line) {
	if (name.startsWith('n8n-worker')) analysis.parseWorkerLine(workerLogs.get(name), line);
	if (options.verbose) console.log(`    ${name}: ${line}`);
}

/**
 * Main answers /healthz/readiness before it has activated the published workflows. Ready means:
 * the webhook is registered (a CORS preflight is answered 204 only for a registered path) and the
 * trigger has made its activation poll (which sets its cursor at the newest entry: changes made
 * before it would be "existing entries").
 */
async function waitForActivation(baseUrl) {
	const deadline = Date.now() + 120_000;
	for (;;) {
		const preflight = await fetch(`${baseUrl}/webhook/${LOAD_PATH}`, {
			method: 'OPTIONS',
			headers: { origin: 'http://localhost', 'access-control-request-method': 'POST' },
		}).catch(() => undefined);
		const polled = (await emulator.entryReads('User')) > 0;
		if (preflight?.status === 204 && polled) break;
		if (Date.now() > deadline) {
			throw new Error(`workflows not active after 120 s (webhook preflight ${preflight?.status ?? 'no answer'}, activation poll ${polled ? 'done' : 'not seen'})`);
		}
		await sleep(500);
	}
	await sleep(1500); // the activation poll's requests end and its cursor is stored
	log('webhook registered and trigger activated (its activation poll read the User form)');
}

/** Executions of a workflow with id > afterId, from n8n's database. */
function executionRows(workflowId, afterId = 0) {
	return pg
		.query(
			`select id, status, coalesce((extract(epoch from "stoppedAt") * 1000)::bigint::text, ''), coalesce("retryOf", '')
			 from execution_entity where "workflowId" = '${workflowId}' and id > ${Number(afterId)} order by id`,
		)
		.map(([id, status, stoppedAt, retryOf]) => ({
			id,
			status,
			stoppedAt: stoppedAt === '' ? undefined : Number(stoppedAt),
			retryOf: retryOf === '' ? undefined : retryOf,
		}));
}

function maxExecutionId() {
	const [[max]] = pg.query(`select coalesce(max(id), 0) from execution_entity`);
	return Number(max);
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

/**
 * Fires `count` webhook executions, at most `concurrency` at a time, each asking for one user by
 * Login Name; an execution is good when n8n answers 200 with that very user.
 */
async function webhookLoad({ baseUrl, logins, count, concurrency, timeoutMs = 120_000 }) {
	const results = [];
	let next = 0;
	async function lane() {
		while (next < count) {
			const i = next++;
			const login = logins[i % logins.length];
			const t = Date.now();
			try {
				const response = await fetch(`${baseUrl}/webhook/${LOAD_PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ login }),
					signal: AbortSignal.timeout(timeoutMs),
				});
				const text = await response.text();
				let body;
				try {
					body = JSON.parse(text);
				} catch {
					body = undefined;
				}
				const ok = response.status === 200 && body?.['Login Name'] === login;
				results.push({ ok, status: response.status, ms: Date.now() - t, error: ok ? undefined : text.slice(0, 300) });
			} catch (error) {
				results.push({ ok: false, status: 0, ms: Date.now() - t, error: String(error?.message ?? error) });
			}
		}
	}
	await Promise.all(Array.from({ length: concurrency }, lane));
	return results;
}

function summarise(results) {
	const failed = results.filter((r) => !r.ok);
	const ms = results.map((r) => r.ms).sort((a, b) => a - b);
	return {
		count: results.length,
		failed: failed.length,
		p50: ms[Math.floor(ms.length / 2)] ?? 0,
		max: ms.at(-1) ?? 0,
		firstErrors: [...new Set(failed.map((r) => `${r.status}: ${r.error}`))].slice(0, 3),
		statuses: results.reduce((counts, r) => ({ ...counts, [r.status]: (counts[r.status] ?? 0) + 1 }), {}),
	};
}

// ---------------------------------------------------------------------------------------------
// Trigger: 30 changes to the User form while the load runs
// ---------------------------------------------------------------------------------------------

const userValues = (n) => ({
	'Login Name': `queue.user${n}`,
	'Full Name': `Queue Test User ${n}`,
	'License Type': 'Fixed',
	Status: 'Current',
	'Default Notify Mechanism': 'Email',
	'Full Text License Type': 'None',
	'Email Address': `queue.user${n}@calbro.com`,
});

const isPollSecond = (epochSeconds) => POLL_SECONDS.includes(epochSeconds % 60);

async function untilPollSecond() {
	while (!isPollSecond(await emulator.now())) await sleep(20);
}

/**
 * 30 changes in five steps: same-second bursts of creates and of edits, and two steps made in the
 * very second n8n polls (the trigger must leave that second open and emit them once). No entry is
 * changed twice in one second (AR stamps whole seconds: that would be one version).
 */
async function makeTriggerChanges() {
	const seeded = (await emulator.userIds(60)).slice(30); // not among the first users the load reads
	let n = 0;
	const creates = (count) => Array.from({ length: count }, () => ({ op: 'insert', values: userValues(++n) }));
	const edits = (ids, label) => ids.map((id) => ({ op: 'modify', id, values: { 'Full Name': `Edited ${label} ${++n}` } }));
	// Each step is one batch, applied in one go: one second on the AR clock.
	const created = await emulator.changeUsers(creates(8)); // burst: 8 creates
	await sleep(3000);
	await emulator.changeUsers(edits(seeded.slice(0, 4), 'burst')); // 4 edits
	await untilPollSecond();
	await emulator.changeUsers(edits(seeded.slice(4, 7), 'in-poll-second')); // 3 edits as n8n polls
	await sleep(2500);
	await emulator.changeUsers(edits(created.slice(0, 6), 'created-then-edited')); // 6 edits of new entries
	await sleep(1500);
	await untilPollSecond();
	await emulator.changeUsers([...creates(5), ...edits(seeded.slice(7, 11), 'in-poll-second')]); // 9 as n8n polls
	return { lastChangeSecond: await emulator.now() };
}

/** Waits for the two polls after `second` and for their executions to finish. */
async function waitForTriggerToSettle(second) {
	let polls = 0;
	let t = second + 1;
	while (polls < 2) {
		if (isPollSecond(t)) polls++;
		t++;
	}
	const settleAt = t * 1000 + 3000; // the second poll's second, plus time to enqueue
	while (Date.now() < settleAt) await sleep(250);
	const deadline = Date.now() + 90_000;
	for (;;) {
		const open = executionRows(TRIGGER_WORKFLOW_ID).filter((r) => !FINAL.has(r.status));
		if (open.length === 0) return;
		if (Date.now() > deadline) throw new Error(`trigger executions still open: ${open.map((r) => `${r.id}:${r.status}`).join(', ')}`);
		await sleep(500);
	}
}

/** The run data of an execution, from n8n's database (flatted JSON, parsed with n8n's flatted). */
let flattedParse;
function runDataOf(rt, executionId) {
	flattedParse ??= createRequire(path.join(rt.dir, 'node_modules', 'n8n', 'package.json'))('flatted').parse;
	const [[data]] = pg.query(`select data from execution_data where "executionId" = ${Number(executionId)}`);
	return flattedParse(data).resultData?.runData ?? {};
}

/** Items each trigger execution emitted. */
function emittedByTrigger(rt) {
	const rows = executionRows(TRIGGER_WORKFLOW_ID);
	const items = [];
	for (const row of rows) {
		for (const item of analysis.nodeItems(runDataOf(rt, row.id), TRIGGER_NODE)) items.push(analysis.versionOfItem(item));
	}
	return { executions: rows, items };
}

/** IDs of the failed executions the error workflow ran for (its Error Trigger's execution.id). */
function errorWorkflowTargets(rt, afterId) {
	return executionRows(ERROR_WORKFLOW_ID, afterId)
		.filter((row) => row.status === 'success')
		.flatMap((row) => analysis.nodeItems(runDataOf(rt, row.id), 'Error Trigger'))
		.map((item) => String(item.execution?.id));
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
	log(`test:queue: n8n ${N8N_VERSION} in queue mode (main + ${WORKERS} workers x concurrency ${WORKER_CONCURRENCY})`);
	if (options.build) await buildPackage({ log });
	const rt = await ensureN8n({ log });
	runDir = makeRunDir();
	log(`run folder ${runDir}`);

	[pg, redis] = await Promise.all([startPostgres(runDir, { log }), startRedis(runDir, { log })]);
	emulator = await startQueueEmulator({ users: 500, logDir: runDir });
	const packed = packPackage(runDir);
	log(`PostgreSQL :${pg.port} · Redis :${redis.port} · AR emulator ${emulator.url} (${emulator.mode}) · packed ${path.basename(packed.tarball)} (${packed.files} files)`);

	const baseEnv = {
		EXECUTIONS_MODE: 'queue',
		...pg.n8nEnv(),
		...redis.n8nEnv(),
		N8N_LOG_LEVEL: 'info',
	};

	// Import into the shared database through main's user folder (runs the migrations once).
	const mainFolder = path.join(runDir, 'n8n-main');
	fs.mkdirSync(path.join(runDir, 'import', 'workflows'), { recursive: true });
	fs.mkdirSync(mainFolder, { recursive: true });
	const credentialFile = path.join(runDir, 'import', 'credentials.json');
	fs.writeFileSync(credentialFile, JSON.stringify(credentialFor(emulator.url), null, 2));
	for (const workflow of [loadWorkflow(), triggerWorkflow(), errorWorkflow(), ...GROUP_LIST_WORKFLOWS.map(groupListWorkflow)]) {
		fs.writeFileSync(path.join(runDir, 'import', 'workflows', `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
	}
	const cli = async (args) => {
		const result = await runN8nCli(rt, mainFolder, args, {
			encryptionKey: ENCRYPTION_KEY,
			env: { ...baseEnv, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		});
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${result.code}: ${result.errors.join('\n').slice(-2000)}\n${cliLogTail(mainFolder, 15)}`);
		}
		return result;
	};
	// Two at a time: n8n takes a database lock for its migrations, so the second waits for them.
	await Promise.all([
		cli(['import:credentials', `--input=${credentialFile}`]),
		cli(['import:workflow', '--separate', `--input=${path.join(runDir, 'import', 'workflows')}`]),
	]);
	// n8n 2.x runs an error workflow only when it is published too.
	await Promise.all(
		[LOAD_WORKFLOW_ID, TRIGGER_WORKFLOW_ID, ERROR_WORKFLOW_ID, ...GROUP_LIST_WORKFLOWS.map((w) => w.id)].map((id) => cli(['publish:workflow', `--id=${id}`])),
	);
	log('credential (no token) and workflows imported and published');

	// Token cold from here: every login from now on is counted.
	const tokenEvents = [{ kind: 'cold', loginsBefore: await emulator.logins() }];
	for (let i = 1; i <= WORKERS; i++) workerLogs.set(`n8n-worker-${i}`, analysis.newWorkerLog());
	log('starting n8n main and workers…');
	cluster = await startCluster(rt, {
		runDir,
		packed,
		workers: WORKERS,
		concurrency: WORKER_CONCURRENCY,
		baseEnv,
		encryptionKey: ENCRYPTION_KEY,
		onLine: onN8nLine,
		log,
	});
	const mainLog = () => fs.readFileSync(cluster.main.logFile, 'utf8');
	const hostIdWarning = /hostId|same host ?id/i.test(mainLog()) && /warn/i.test(mainLog());
	if (hostIdWarning) log('note: n8n main warned about its hostId (see n8n-main.log)');

	await waitForActivation(cluster.baseUrl);
	const logins = await emulator.activeLogins(50);
	if (logins.length < 20) throw new Error(`emulator has too few active users (${logins.length})`);

	await emulator.setLatency(AR_LATENCY_MS);

	// --- trigger changes run alongside phases 1 and 2 ------------------------------------------
	const triggerTask = (async () => {
		await sleep(2000);
		const { lastChangeSecond } = await makeTriggerChanges();
		log(`trigger: 30 changes made (last at ${new Date(lastChangeSecond * 1000).toISOString()}); waiting for two more polls`);
		await waitForTriggerToSettle(lastChangeSecond);
	})();
	triggerTask.catch(() => {}); // awaited below; avoids an unhandled rejection meanwhile

	// --- phase 1: cold token ------------------------------------------------------------------
	log(`phase 1: ${COLD_EXECUTIONS} webhook executions, ${CLIENT_CONCURRENCY} concurrent, token cold, AR latency ${AR_LATENCY_MS} ms`);
	const cold = summarise(await webhookLoad({ baseUrl: cluster.baseUrl, logins, count: COLD_EXECUTIONS, concurrency: CLIENT_CONCURRENCY }));
	log(`  ${cold.count} done, ${cold.failed} failed, p50 ${cold.p50} ms, max ${cold.max} ms; logins so far ${await emulator.logins()}`);

	// --- phase 2: every token expired every 20 s ----------------------------------------------
	log(`phase 2: ${EXPIRY_WINDOWS} bursts of ${PER_WINDOW}, ${EXPIRY_EVERY_MS / 1000} s apart; every token expired ${EXPIRE_AFTER_MS} ms into each burst`);
	const expiring = [];
	for (let w = 0; w < EXPIRY_WINDOWS; w++) {
		const windowStart = Date.now();
		const burst = webhookLoad({ baseUrl: cluster.baseUrl, logins, count: PER_WINDOW, concurrency: CLIENT_CONCURRENCY });
		await sleep(EXPIRE_AFTER_MS);
		const loginsBefore = await emulator.logins();
		await emulator.expireAllTokens();
		tokenEvents.push({ kind: 'expiry', loginsBefore });
		expiring.push(...(await burst));
		const before = tokenEvents.at(-1).loginsBefore;
		log(`  burst ${w + 1}: ${PER_WINDOW} executions in ${Date.now() - windowStart} ms, ${(await emulator.logins()) - before} login(s) since the expiry`);
		if (w + 1 < EXPIRY_WINDOWS) await sleep(Math.max(0, windowStart + EXPIRY_EVERY_MS - Date.now()));
	}
	const expiringSummary = summarise(expiring);
	log(`  ${expiringSummary.count} done, ${expiringSummary.failed} failed, p50 ${expiringSummary.p50} ms`);

	await triggerTask;
	const loginsAtEnd = await emulator.logins();
	const windows = analysis.loginWindows(tokenEvents, loginsAtEnd);

	// --- trigger tally ------------------------------------------------------------------------
	const emitted = emittedByTrigger(rt);
	const tally = analysis.tallyTrigger(await emulator.versions(), emitted.items);
	const triggerFailed = emitted.executions.filter((r) => r.status !== 'success').length;
	log(`trigger: ${tally.changes} changes, ${tally.emitted} items in ${emitted.executions.length} executions, ${tally.missed} missed, ${tally.duplicates} duplicates, ${tally.unexpected} unexpected`);

	// --- executions of phases 1 and 2, from n8n's database ------------------------------------
	const loadRows = executionRows(LOAD_WORKFLOW_ID);
	const loadIds = loadRows.map((r) => r.id);
	const dbFailed = loadRows.filter((r) => r.status !== 'success').length;
	const workersUsed = analysis.workersUsed([...workerLogs.values()], loadIds);
	const perWorker = [...workerLogs.entries()].map(([name, l]) => `${name} ${loadIds.filter((id) => l.started.has(id)).length}`);
	log(`phases 1-2: ${loadRows.length} executions in n8n's database, ${dbFailed} not successful; ${perWorker.join(', ')}`);

	// --- Group List writers racing across the workers -----------------------------------------
	const groupList = await groupListPhase({ baseUrl: cluster.baseUrl, emulator, log });
	const groupListIds = GROUP_LIST_WORKFLOWS.flatMap((w) => executionRows(w.id).map((r) => r.id));
	groupList.figures.executions = groupListIds.length;
	groupList.figures.workers_used = analysis.workersUsed([...workerLogs.values()], groupListIds);
	const groupListPerWorker = [...workerLogs.entries()].map(([name, l]) => `${name} ${groupListIds.filter((id) => l.started.has(id)).length}`);
	log(`  ${JSON.stringify(groupList.figures)}; ${groupListPerWorker.join(', ')}`);
	for (const line of groupList.details) log(`    ${line}`);

	// --- phase 3: one worker SIGKILLed mid-load -----------------------------------------------
	const [survivor, victim] = cluster.workers;
	const victimLog = workerLogs.get(victim.name);
	// Control: an ordinary failure (no such user) starts the error workflow.
	const controlAfterId = maxExecutionId();
	const [control] = await webhookLoad({ baseUrl: cluster.baseUrl, logins: ['queue.no-such-user'], count: 1, concurrency: 1 });
	const controlIds = executionRows(LOAD_WORKFLOW_ID, controlAfterId).map((r) => r.id);
	const afterId = maxExecutionId();
	await emulator.setLatency(KILL_LATENCY_MS); // executions stay in flight long enough to be caught
	log(`phase 3: ${KILL_EXECUTIONS} executions (AR latency ${KILL_LATENCY_MS} ms); ${victim.name} gets SIGKILL once it runs 3`);
	let killedAt;
	const killLoad = webhookLoad({
		baseUrl: cluster.baseUrl,
		logins,
		count: KILL_EXECUTIONS,
		concurrency: CLIENT_CONCURRENCY,
		timeoutMs: 400_000,
	});
	const killer = (async () => {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const inFlight = [...victimLog.started].filter((id) => Number(id) > afterId && !victimLog.finished.has(id));
			if (inFlight.length >= 3 || Date.now() > deadline) break;
			await sleep(50);
		}
		cluster.kill(victim);
		killedAt = Date.now();
		log(`  ${victim.name} killed (SIGKILL) with ${[...victimLog.started].filter((id) => Number(id) > afterId && !victimLog.finished.has(id)).length} execution(s) in flight`);
	})();
	await killer;
	await emulator.setLatency(0);
	const killResults = summarise(await killLoad);
	// Wait until n8n has recorded an end for every execution of the phase.
	const killDeadline = Date.now() + 300_000;
	let killRows;
	for (;;) {
		killRows = executionRows(LOAD_WORKFLOW_ID, afterId);
		if (killRows.length >= KILL_EXECUTIONS && killRows.every((r) => FINAL.has(r.status))) break;
		if (Date.now() > killDeadline) break;
		await sleep(1000);
	}
	// n8n starts the error workflow for a failed execution; give it time to run them all.
	const lostIds = killRows.filter((r) => r.status !== 'success').map((r) => r.id);
	let errorTargets = [];
	for (const until = Date.now() + 30_000; Date.now() < until; await sleep(1000)) {
		errorTargets = errorWorkflowTargets(rt, controlAfterId);
		if ([...controlIds, ...lostIds].every((id) => errorTargets.includes(id))) break;
	}
	const errorReport = {
		ordinary_failure: controlIds.length === 1 && errorTargets.includes(controlIds[0]),
		lost_with_worker: lostIds.filter((id) => errorTargets.includes(id)).length,
	};
	const kill = analysis.killReport({
		rows: killRows,
		killed: victimLog,
		survivors: [workerLogs.get(survivor.name)],
		killedAt,
	});
	const stillOpen = killRows.filter((r) => !FINAL.has(r.status)).length;
	log(
		`  ${kill.executions} executions: ${kill.failed} not successful (${JSON.stringify(kill.inFlightStatuses)} of the ${kill.inFlightOnKilled} in flight on ${victim.name}), ` +
			`recorded as ended ${kill.markedAfterSeconds ? `${kill.markedAfterSeconds[0]}-${kill.markedAfterSeconds[1]} s` : 'never'} after the kill, ${kill.retried} retried; ` +
			`${kill.succeededAfterKill} succeeded on ${survivor.name}; webhook callers: ${killResults.failed} failed responses (${JSON.stringify(killResults.statuses)}); error workflow ran for ${errorReport.lost_with_worker} of them (and ${errorReport.ordinary_failure ? 'did' : 'did NOT'} for an ordinary failure, status ${control.status})${stillOpen ? `; ${stillOpen} still open after 300 s` : ''}`,
	);

	// --- verdict ------------------------------------------------------------------------------
	const failed = Math.max(cold.failed + expiringSummary.failed, dbFailed) + triggerFailed;
	const summary = {
		executions: loadRows.length,
		failed,
		workers_used: workersUsed,
		expiries: windows.expiries,
		logins: windows.logins,
		max_logins_per_expiry: windows.maxPerWindow,
		logins_per_window: windows.perWindow,
		emulator: emulator.mode,
		trigger: {
			changes: tally.changes,
			emitted: tally.emitted,
			missed: tally.missed,
			duplicates: tally.duplicates,
			unexpected: tally.unexpected,
			executions: emitted.executions.length,
		},
		group_list: groupList.figures,
		worker_kill: {
			executions: kill.executions,
			failed: kill.failed,
			retried: kill.retried,
			in_flight_on_killed: kill.inFlightOnKilled,
			statuses: kill.inFlightStatuses,
			marked_after_s: kill.markedAfterSeconds,
			caller_errors: killResults.failed,
			caller_statuses: killResults.statuses,
			error_workflow: errorReport,
		},
		seconds: Math.round((Date.now() - started) / 1000),
	};
	const problems = [];
	if (loadRows.length !== COLD_EXECUTIONS + EXPIRY_WINDOWS * PER_WINDOW) problems.push(`expected ${COLD_EXECUTIONS + EXPIRY_WINDOWS * PER_WINDOW} executions in n8n, found ${loadRows.length}`);
	if (failed > 0) problems.push(`${failed} failed execution(s) outside the kill phase: ${[...cold.firstErrors, ...expiringSummary.firstErrors].join(' | ')}`);
	if (workersUsed !== WORKERS) problems.push(`only ${workersUsed} of ${WORKERS} workers ran executions`);
	if (windows.maxPerWindow > MAX_LOGINS_PER_EXPIRY) problems.push(`${windows.maxPerWindow} logins after one token expiry (at most ${MAX_LOGINS_PER_EXPIRY}: one per process); per window: ${windows.perWindow.join(', ')}`);
	if (tally.missed > 0) problems.push(`trigger missed ${tally.missed}: ${JSON.stringify(tally.missedVersions)}`);
	if (tally.duplicates > 0) problems.push(`trigger emitted ${tally.duplicates} duplicate(s): ${JSON.stringify(tally.duplicateVersions)}`);
	if (tally.unexpected > 0) problems.push(`trigger emitted ${tally.unexpected} item(s) that match no change`);
	const gl = groupList.figures;
	if (gl.lost_updates > 0 || gl.false_success > 0 || gl.failed > 0) {
		problems.push(`group list: ${gl.lost_updates} lost update(s), ${gl.false_success} false success(es), ${gl.failed} failed operation(s): ${groupList.details.join(' | ')}`);
	}
	if (gl.workers_used !== WORKERS) problems.push(`group list: only ${gl.workers_used} of ${WORKERS} workers ran its executions`);
	if (kill.inFlightOnKilled === 0) problems.push('the killed worker had no execution in flight: the kill phase measured nothing');
	return { summary, problems };
}

await tier.main(async () => {
	const result = await main();
	summary = result.summary;
	for (const problem of result.problems) {
		tier.record({ name: problem, ok: false });
		log(`✗ ${problem}`);
	}
	if (result.problems.length === 0) {
		tier.record({ name: 'queue mode', ok: true });
		log('✓ queue mode: all checks passed');
	}
});
