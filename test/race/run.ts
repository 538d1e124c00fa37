/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, no-console */
/**
 * `npm run test:race [-- --json] [--operations N] [--users N] [--after-commit-fault-rate F] [--seed S]`
 *
 * Concurrent writers edit the Group Lists of the same users on the realistic emulator profile,
 * in five phases: 2 and then 4 writers inside one process (concurrent executions of one n8n
 * instance, as webhook executions run), then 2 and 4 writers in separate OS processes (each its
 * own n8n-core engine and credential store, as queue-mode workers), then 8 writers in 4 processes.
 * Every operation is a real workflow execution of User → Add to Group / Remove from Group, or
 * for every other writer of User → Copy Access (adds) from a template user holding the group. See
 * plan.ts for how the expected final lists are known. Last line:
 *   {"race":{"operations":N,"lost_updates":0,"false_success":0,"retries":R,...}}
 * Exit code 1 on any lost update, false success or failed operation, or fewer operations than
 * asked for.
 */
import '../harness/env';

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

import type { Emulator } from '../../emulator';
import { startEmulator } from '../../emulator';
import { createEnvironment } from '../harness/n8n';
import { ADMIN, profileOptions } from '../harness/setup';
import type { GroupInfo, Operation, RaceUser, WriterReport } from './plan';
import { GROUP_IDS, USERS, afterCommitFaults, judge, planOperations } from './plan';
import type { WriterKind } from './writer';
import { runWriter, templateLogin } from './writer';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
	const at = argv.indexOf(name);
	return at >= 0 ? Number(argv[at + 1]) : fallback;
};
const json = argv.includes('--json');
const totalOperations = option('--operations', 600);
const afterCommitFaultRate = option('--after-commit-fault-rate', 0.02);
const seed = option('--seed', 16);
/** Fewer users = more writers on the same list at once. */
const userCount = option('--users', 4);
const log = (line: string) => {
	if (!json) console.log(line);
};


interface Phase {
	name: string;
	writers: number;
	/** 0 = every writer in this process; otherwise writers spread over that many child processes. */
	processes: number;
}

const PHASES: Phase[] = [
	{ name: 'in-process-2', writers: 2, processes: 0 },
	{ name: 'in-process-4', writers: 4, processes: 0 },
	{ name: 'processes-2', writers: 2, processes: 2 },
	{ name: 'processes-4', writers: 4, processes: 4 },
	// More requests in flight at once: two writers in each of four processes.
	{ name: 'processes-4x2', writers: 8, processes: 4 },
];

/**
 * Writer kinds, taken in turn by writer index (writer.ts, WRITER_KINDS): User → Add to / Remove
 * from Group, Copy Access, and an identity provider's SCIM group PATCH through the SCIM node.
 */
const KINDS: WriterKind[] = ['node', 'copyAccess', 'scim'];
const kindOf = (writer: number): WriterKind => KINDS[writer % KINDS.length];

function pickUsers(emulator: Emulator): RaceUser[] {
	const all = emulator.control.findEntries('User');
	const byLogin = new Map(all.map((e) => [String(e.values['Login Name']), e]));
	const chosen = USERS.map((login) => byLogin.get(login)).filter((e) => e !== undefined);
	const fixed = new Set([...USERS, ADMIN.username, 'appuser']);
	chosen.push(...all.filter((e) => !fixed.has(String(e.values['Login Name']))));
	return chosen.slice(0, userCount).map((e) => ({ id: e.id, login: String(e.values['Login Name']) }));
}

/** One template user per group for the Copy Access writers, holding exactly that group. */
function createTemplates(emulator: Emulator, groups: GroupInfo[]): void {
	for (const group of groups) {
		emulator.control.insertEntry('User', {
			'Login Name': templateLogin(group.id),
			'Full Name': `Race Template ${group.id}`,
			'License Type': 'Read',
			'Group List': `${group.id};`,
		});
	}
}

function allGroups(emulator: Emulator): GroupInfo[] {
	return emulator.control
		.findEntries('Group')
		.map((e) => ({ id: Number(e.values['Group ID']), name: String(e.values['Group Name']) }));
}

const snapshot = (emulator: Emulator, users: RaceUser[]) =>
	new Map(users.map((u) => [u.id, emulator.control.getEntry('User', u.id)?.['Group List']]));

async function inProcess(emulator: Emulator, plans: Operation[][], groups: GroupInfo[]): Promise<WriterReport[]> {
	const env = await createEnvironment({ baseUrl: emulator.url, ...ADMIN, authString: '', ignoreSslIssues: false });
	const readList = async (userId: string) => emulator.control.getEntry('User', userId)?.['Group List'];
	return await Promise.all(plans.map(async (ops, writer) => await runWriter(env, kindOf(writer), ops, groups, readList)));
}

interface Worker {
	child: ChildProcessWithoutNullStreams;
	next: () => Promise<Record<string, unknown>>;
}

function startWorker(): Worker {
	const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', resolve(__dirname, 'worker.ts')], {
		cwd: resolve(__dirname, '../..'),
		stdio: ['pipe', 'pipe', 'pipe'],
		env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
	});
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += String(chunk)));
	const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
	const next = async () => {
		for (;;) {
			const line = await lines.next();
			if (line.done) throw new Error(`race worker ${child.pid} ended: ${stderr.slice(-2000)}`);
			const text = String(line.value).trim();
			// n8n-core may print its own lines; the protocol's lines are JSON objects.
			if (text.startsWith('{')) return JSON.parse(text) as Record<string, unknown>;
		}
	};
	return { child, next };
}

async function inProcesses(
	emulator: Emulator,
	plans: Operation[][],
	groups: GroupInfo[],
	processes: number,
	clock: { started: number },
): Promise<WriterReport[]> {
	const workers = Array.from({ length: processes }, () => startWorker());
	try {
		workers.forEach((worker, p) => {
			const mine = plans.map((ops, writer) => ({ ops, writer })).filter(({ writer }) => writer % processes === p);
			const config = {
				emulatorUrl: emulator.url,
				controlUrl: emulator.controlUrl,
				...ADMIN,
				kinds: mine.map(({ writer }) => kindOf(writer)),
				plans: mine.map(({ ops }) => ops),
				groups,
			};
			worker.child.stdin.write(`${JSON.stringify(config)}\n`);
		});
		// Every worker has loaded n8n before any of them starts writing.
		await Promise.all(workers.map(async (w) => await w.next()));
		clock.started = Date.now();
		for (const w of workers) w.child.stdin.write('go\n');
		const answers = await Promise.all(workers.map(async (w) => (await w.next()).reports as WriterReport[]));
		return answers.flat();
	} finally {
		for (const w of workers) if (w.child.exitCode === null) w.child.kill();
	}
}

async function main(): Promise<number> {
	const emulator = await startEmulator({
		users: 200,
		...profileOptions('realistic'),
		afterCommitFaultRate,
		seed,
		controlPort: 0,
	});
	const totals = { operations: 0, lost_updates: 0, false_success: 0, retries: 0, failed: 0 };
	const phases: Array<Record<string, unknown>> = [];
	try {
		const groupsAll = allGroups(emulator);
		const groups = groupsAll.filter((g) => GROUP_IDS.includes(g.id));
		const users = pickUsers(emulator);
		createTemplates(emulator, groups);
		log(`race: ${users.length} users (${users.map((u) => u.login).join(', ')}), groups ${groups.map((g) => g.id).join(', ')}`);
		log(`realistic profile, commit delay 0-30 ms, after-commit fault rate ${afterCommitFaultRate}, seed ${seed}`);
		const perPhase = Math.ceil(totalOperations / PHASES.length);
		for (const [index, phase] of PHASES.entries()) {
			const plans = planOperations(users, groups, phase.writers, Math.ceil(perPhase / phase.writers), seed * 100 + index);
			const initial = snapshot(emulator, users);
			const faultsBefore = afterCommitFaults(emulator.control.counters().faults);
			const clock = { started: Date.now() };
			const reports = phase.processes
				? await inProcesses(emulator, plans, groups, phase.processes, clock)
				: await inProcess(emulator, plans, groups);
			const seconds = (Date.now() - clock.started) / 1000;
			const last = Object.assign({}, ...reports.map((r) => r.last)) as WriterReport['last'];
			const verdict = judge(users, groupsAll, groups, initial, snapshot(emulator, users), last);
			const sum = (key: 'operations' | 'false_success' | 'retries' | 'failed') =>
				reports.reduce((n, r) => n + r[key], 0);
			const result = {
				phase: phase.name,
				writers: phase.writers,
				processes: phase.processes || 1,
				operations: sum('operations'),
				lost_updates: verdict.lostUpdates,
				false_success: sum('false_success'),
				retries: sum('retries'),
				failed: sum('failed'),
				after_commit_faults: afterCommitFaults(emulator.control.counters().faults) - faultsBefore,
				seconds: Number(seconds.toFixed(1)),
			};
			phases.push(result);
			totals.operations += result.operations;
			totals.lost_updates += result.lost_updates;
			totals.false_success += result.false_success;
			totals.retries += result.retries;
			totals.failed += result.failed;
			log(`${phase.name}: ${JSON.stringify(result)}`);
			for (const line of [...verdict.details, ...reports.flatMap((r) => r.problems)]) log(`  ${line}`);
		}
	} finally {
		await emulator.stop();
	}
	console.log(JSON.stringify({ race: { ...totals, writer_kinds: KINDS, after_commit_fault_rate: afterCommitFaultRate, phases } }));
	const bad = totals.lost_updates > 0 || totals.false_success > 0 || totals.failed > 0 || totals.operations < totalOperations;
	return bad ? 1 : 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error instanceof Error ? error.stack : String(error));
		process.exit(1);
	},
);
