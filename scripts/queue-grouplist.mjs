/**
 * `npm run test:queue`'s Group List phase: concurrent Add to Group / Remove From Group executions
 * on the same few users, as webhook calls that main enqueues and the two workers take in
 * parallel. The workload and the judge are test:race's (test/race/plan.ts): each (user, group)
 * pair belongs to one writer, whose operations on it run in order, so every final list is known.
 * Each operation is checked against the emulator right after its webhook answered (a success
 * whose change is missing is a false success); after the phase every user's Group List is read
 * from the emulator and compared with the expected one (lost updates).
 *
 * While it runs, the emulator writes as the realistic profile does (commit delay 0-30 ms, 2 % of
 * committed writes answered with a reset or a gateway page), set at run time so the other phases
 * keep their exact login counts.
 */
import { requireTs } from './queue-emulator.mjs';
import { GROUP_LIST_WORKFLOWS } from './queue-workflows.mjs';

export const GROUP_LIST_PHASE = {
	writers: 6,
	perWriter: 25,
	seed: 16,
	afterCommitFaultRate: 0.02,
	commitDelayMs: [0, 30],
};

const lit = (text) => `"${String(text).replace(/"/g, '""')}"`;

/**
 * Webhook calls that were in flight while another writer's call on the same user was (client-side
 * times): how much the writers really raced, whichever worker took each call.
 */
function overlapping(spans) {
	return spans.filter((a) => spans.some((b) => b !== a && b.writer !== a.writer && b.userId === a.userId && b.t0 < a.t1 && a.t0 < b.t1)).length;
}

/** One operation as a webhook call; the answer is the node's item (Webhook: Respond = Last Node). */
async function viaWebhook(baseUrl, plan, op) {
	const workflow = GROUP_LIST_WORKFLOWS.find((w) => w.action === op.action && w.by === op.by);
	const response = await fetch(`${baseUrl}/webhook/${workflow.path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ userId: op.userId, group: op.by === 'groupId' ? String(op.group.id) : op.group.name }),
		signal: AbortSignal.timeout(120_000),
	});
	const text = await response.text();
	if (response.status !== 200) throw new Error(`${workflow.path}: HTTP ${response.status} ${text.slice(0, 300)}`);
	return plan.appliedFrom(op, JSON.parse(text));
}

/**
 * Runs the phase against n8n at `baseUrl`; `emulator` is queue-emulator.mjs's driver. Returns the
 * figures for the last line and the first problems found.
 */
export async function groupListPhase({ baseUrl, emulator, log }) {
	const plan = requireTs('test/race/plan.ts');
	const { writers, perWriter, seed, afterCommitFaultRate, commitDelayMs } = GROUP_LIST_PHASE;
	const allGroups = (await emulator.findEntries('Group')).map((e) => ({ id: Number(e.values['Group ID']), name: String(e.values['Group Name']) }));
	const groups = allGroups.filter((g) => plan.GROUP_IDS.includes(g.id));
	const users = [];
	for (const login of plan.USERS) {
		const [entry] = await emulator.findEntries('User', `'Login Name' = ${lit(login)}`);
		if (entry) users.push({ id: entry.id, login });
	}
	if (users.length < 2 || groups.length < writers) throw new Error(`group list phase: ${users.length} users and ${groups.length} groups found in the emulator`);
	const readList = async (userId) => (await emulator.getEntry('User', userId))?.['Group List'];
	const snapshot = async () => new Map(await Promise.all(users.map(async (u) => [u.id, await readList(u.id)])));
	const plans = plan.planOperations(users, groups, writers, perWriter, seed);
	log(
		`group list phase: ${writers} writers x ${perWriter} Add to / Remove From Group webhook executions on ${users.length} users (${users.map((u) => u.login).join(', ')}), ` +
			`groups ${groups.map((g) => g.id).join(', ')}; commit delay ${commitDelayMs.join('-')} ms, ${afterCommitFaultRate * 100} % faults after commit`,
	);

	const initial = await snapshot();
	const faultsBefore = plan.afterCommitFaults(await emulator.faults());
	const started = Date.now();
	await emulator.setOptions({ afterCommitFaultRate, commitDelayMinMs: commitDelayMs[0], commitDelayMs: commitDelayMs[1] });
	const spans = [];
	const timed = async (op) => {
		const span = { writer: op.writer, userId: op.userId, t0: Date.now(), t1: Infinity };
		spans.push(span);
		try {
			return await viaWebhook(baseUrl, plan, op);
		} finally {
			span.t1 = Date.now();
		}
	};
	let reports;
	try {
		reports = await Promise.all(plans.map(async (ops) => await plan.runOperations(timed, ops, groups, readList)));
	} finally {
		await emulator.setOptions({ afterCommitFaultRate: 0, commitDelayMinMs: 0, commitDelayMs: 0 });
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	const last = Object.assign({}, ...reports.map((r) => r.last));
	const verdict = plan.judge(users, allGroups, groups, initial, await snapshot(), last);
	const sum = (key) => reports.reduce((n, r) => n + r[key], 0);
	return {
		figures: {
			operations: sum('operations'),
			lost_updates: verdict.lostUpdates,
			false_success: sum('false_success'),
			failed: sum('failed'),
			retries: sum('retries'),
			writers,
			users: users.length,
			after_commit_faults: plan.afterCommitFaults(await emulator.faults()) - faultsBefore,
			overlapping_same_user: overlapping(spans),
			seconds,
		},
		details: [...verdict.details, ...reports.flatMap((r) => r.problems)].slice(0, 10),
	};
}
