/**
 * The arithmetic of `npm run test:queue` (scripts/queue.mjs), kept free of processes and I/O so
 * that it is unit-tested on its own (test/queue/analysis.test.ts): logins per token expiry, the
 * trigger's exactly-once tally, which worker ran which execution, and what happened to the
 * executions of a killed worker.
 */

/** A point where every cached token became useless: the cold start or a forced expiry. */
export interface TokenEvent {
	kind: 'cold' | 'expiry';
	/** The emulator's cumulative login counter when it happened. */
	loginsBefore: number;
}

export interface LoginWindows {
	/** Forced expiries (the cold start is not one). */
	expiries: number;
	/** Logins from the first event to the end. */
	logins: number;
	/** Logins in each window, from its event to the next one (or the end). */
	perWindow: number[];
	maxPerWindow: number;
	coldLogins: number;
}

/**
 * Splits the login counter into windows, one per token event: the logins made between an event
 * and the next one are the logins that event caused (nothing else invalidates the token).
 */
export function loginWindows(events: TokenEvent[], loginsAtEnd: number): LoginWindows {
	if (events.length === 0) throw new Error('loginWindows: no token events');
	const perWindow = events.map((event, i) => {
		const next = i + 1 < events.length ? events[i + 1].loginsBefore : loginsAtEnd;
		if (next < event.loginsBefore) throw new Error('loginWindows: the login counter went backwards');
		return next - event.loginsBefore;
	});
	return {
		expiries: events.filter((e) => e.kind === 'expiry').length,
		logins: loginsAtEnd - events[0].loginsBefore,
		perWindow,
		maxPerWindow: Math.max(...perWindow),
		coldLogins: events
			.map((e, i) => (e.kind === 'cold' ? perWindow[i] : 0))
			.reduce((a, b) => a + b, 0),
	};
}

/** One version of an entry: what the trigger must emit exactly once. */
export interface EntryVersion {
	id: string;
	/** Modified Date, epoch seconds. */
	modified: number;
}

export interface TriggerTally {
	changes: number;
	emitted: number;
	missed: number;
	duplicates: number;
	/** Items that match no change made during the test (e.g. a seeded entry). */
	unexpected: number;
	missedVersions: EntryVersion[];
	duplicateVersions: EntryVersion[];
}

const versionKey = (v: EntryVersion) => `${v.id}@${v.modified}`;

/**
 * Compares the versions written with the items the trigger emitted. A version counts as emitted
 * when an item has its Request ID and Modified Date; every further item for it is a duplicate.
 */
export function tallyTrigger(changes: EntryVersion[], emitted: EntryVersion[]): TriggerTally {
	const expected = new Map(changes.map((c) => [versionKey(c), c]));
	if (expected.size !== changes.length) {
		throw new Error('tallyTrigger: two changes produced the same version (same entry, same second)');
	}
	const seen = new Map<string, number>();
	let unexpected = 0;
	for (const item of emitted) {
		const key = versionKey(item);
		if (!expected.has(key)) {
			unexpected++;
			continue;
		}
		seen.set(key, (seen.get(key) ?? 0) + 1);
	}
	const missedVersions = changes.filter((c) => !seen.has(versionKey(c)));
	const duplicateVersions = changes.filter((c) => (seen.get(versionKey(c)) ?? 0) > 1);
	return {
		changes: changes.length,
		emitted: emitted.length,
		missed: missedVersions.length,
		duplicates: [...seen.values()].reduce((sum, n) => sum + (n - 1), 0),
		unexpected,
		missedVersions,
		duplicateVersions,
	};
}

/** n8n 2.x worker log line when a job is picked up: "Worker started execution 12 (job 7)". */
const STARTED = /Worker started execution (\d+) \(job (\d+)\)/;
/** ... and when it is done: "Worker finished execution 12 (job 7)". */
const FINISHED = /Worker finished execution (\d+) \(job (\d+)\)/;

export interface WorkerLog {
	started: Set<string>;
	finished: Set<string>;
}

export function parseWorkerLine(log: WorkerLog, line: string): void {
	const started = STARTED.exec(line);
	if (started) log.started.add(started[1]);
	const finished = FINISHED.exec(line);
	if (finished) log.finished.add(finished[1]);
}

export function newWorkerLog(): WorkerLog {
	return { started: new Set(), finished: new Set() };
}

/** How many workers ran at least one of `executionIds`. */
export function workersUsed(logs: WorkerLog[], executionIds: string[]): number {
	return logs.filter((log) => executionIds.some((id) => log.started.has(id))).length;
}

/** An execution as n8n's database has it (execution_entity). */
export interface ExecutionRow {
	id: string;
	status: string;
	/** Epoch ms, or undefined while it runs. */
	stoppedAt?: number;
	retryOf?: string;
}

export interface KillReport {
	/** Executions of the kill phase (all workers). */
	executions: number;
	/** Of those, how many did not end in success. */
	failed: number;
	/** Executions n8n started again for one of them (a retryOf link, or another worker picking it up). */
	retried: number;
	/** Executions the killed worker had taken and not finished when it died. */
	inFlightOnKilled: number;
	/** Their final statuses, e.g. { crashed: 4 }. */
	inFlightStatuses: Record<string, number>;
	/** Seconds from the kill until n8n recorded each in-flight execution as ended: [min, max]. */
	markedAfterSeconds: [number, number] | null;
	/** Executions that succeeded on the surviving worker after the kill. */
	succeededAfterKill: number;
}

export function killReport(options: {
	rows: ExecutionRow[];
	killed: WorkerLog;
	survivors: WorkerLog[];
	killedAt: number;
}): KillReport {
	const { rows, killed, survivors, killedAt } = options;
	const onSurvivor = (id: string) => survivors.some((s) => s.started.has(id));
	// Lost with the worker: not finished there and not run elsewhere. This also catches a job the
	// worker took just before it died, whose "started" line never reached its log.
	const lost = rows.filter((r) => !killed.finished.has(r.id) && !onSurvivor(r.id));
	const statuses: Record<string, number> = {};
	const marked: number[] = [];
	for (const row of lost) {
		statuses[row.status] = (statuses[row.status] ?? 0) + 1;
		if (row.stoppedAt !== undefined) marked.push((row.stoppedAt - killedAt) / 1000);
	}
	const ids = new Set(rows.map((r) => r.id));
	const retriedByLink = rows.filter((r) => r.retryOf !== undefined && ids.has(r.retryOf)).length;
	const startedTwice = [...killed.started].filter((id) => ids.has(id) && onSurvivor(id)).length;
	const lostIds = new Set(lost.map((r) => r.id));
	return {
		executions: rows.length,
		failed: rows.filter((r) => r.status !== 'success').length,
		retried: retriedByLink + startedTwice,
		inFlightOnKilled: lost.length,
		inFlightStatuses: statuses,
		markedAfterSeconds:
			marked.length === 0
				? null
				: [+Math.min(...marked).toFixed(1), +Math.max(...marked).toFixed(1)],
		succeededAfterKill: rows.filter((r) => r.status === 'success' && !lostIds.has(r.id) && onSurvivor(r.id)).length,
	};
}

/** Items of a node's first run, first output, from an execution's run data. */
export function nodeItems(
	runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> } }>>,
	nodeName: string,
): Array<Record<string, unknown>> {
	const task = runData?.[nodeName]?.[0];
	return (task?.data?.main?.[0] ?? []).map((item) => item.json);
}

/** The entry version an emitted trigger item stands for (Request ID and Modified Date). */
export function versionOfItem(item: Record<string, unknown>): EntryVersion {
	const id = item._requestId ?? item['Request ID'];
	const modified = Date.parse(String(item['Modified Date']));
	if (typeof id !== 'string' || !Number.isFinite(modified)) {
		throw new Error(`trigger item without Request ID or Modified Date: ${JSON.stringify(item).slice(0, 200)}`);
	}
	return { id, modified: Math.floor(modified / 1000) };
}
