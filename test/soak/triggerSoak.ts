/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * The trigger's exactly-once soak: seeded random modifications (many in same-second bursts, some
 * while a poll is paging) interleaved with polls, with injected faults, counted against the
 * emulator's log of versions. Shared by the small runs in `npm test` and `npm run test:soak`.
 *
 * Time is simulated: the emulator's AR clock is frozen and moved on by the soak (0-2 s per burst
 * of writes), so a run of 20,000 modifications spanning hours of AR time takes a minute, and is a
 * function of the seed. Everything the trigger decides comes from that clock (`$TIMESTAMP$` and
 * the stamps on entries), never from the host's, so moving it faster than real time changes no
 * decision; only the poll budget is real time, and it is far from reached here.
 *
 * The realistic profile adds, in front of and behind the same node:
 * - commits out of stamp order: a write is stamped (Modified Date) when it starts and becomes
 *   visible only when it commits, 0-3 s of AR time later; writes to one entry commit in the order
 *   they started, as AR's row lock makes them;
 * - a proxy between n8n and AR that sends `Date` from its own clock (skewed) or strips it;
 * - a server page cap of 25 rows, so a poll pages and writes land between its pages;
 * - writes through that proxy over HTTP, some of which the proxy answers with a reset or a 502
 *   page after AR applied them (faults after commit).
 *
 * Missed: a version that was an entry's current, visible state from the start to the end of a
 * completed poll, or is its final state, or that a poll had already passed in its read when it was
 * overwritten, and never reached the output. Duplicate: a version (Request ID, Modified Date)
 * emitted twice. A version overwritten during a poll before the poll's read reached it is gone from
 * the server before anyone could read it: counted apart, as `overwritten_mid_poll`.
 */
import axios from 'axios';
import type { AxiosInstance } from 'axios';
import type { IDataObject } from 'n8n-workflow';

import type { FaultKind } from '../../emulator/faults';
import { startEmulator } from '../../emulator';
import { mulberry32 } from '../../emulator/prng';
import { createEnvironment, pollTrigger } from '../harness/n8n';
import { triggerNode } from './node';
import { startProxy } from './proxy';

export type SoakProfile = 'default' | 'realistic';

export interface SoakOptions {
	seed: number;
	modifications: number;
	/** At least this many polls; more when the writes are not done yet. */
	polls: number;
	/** Share of polls that get a fault injected. */
	faultShare: number;
	users?: number;
	profile?: SoakProfile;
	/** Realistic: the proxy's `Date` skew in seconds, or null to strip it. */
	dateSkew?: number | null;
	/** Realistic: longest commit delay in AR seconds (default 3). */
	maxCommitDelay?: number;
	/** Realistic: share of writes sent over HTTP through the proxy (default 0.5). */
	httpShare?: number;
	/** Realistic: share of HTTP writes answered with a fault after they were applied (default 0.25: about 7% of all modifications). */
	faultAfterCommitShare?: number;
	/** The trigger's Commit Window option; default: the node's default. */
	commitWindow?: number;
}

export interface SoakResult {
	profile: SoakProfile;
	date_skew: number | null | undefined;
	modifications: number;
	same_second_share: number;
	/** Commits that became visible after a commit stamped later. */
	out_of_order_commits: number;
	http_writes: number;
	faults_after_commit: number;
	polls: number;
	faults: number;
	failed_polls: number;
	emitted: number;
	missed: number;
	duplicates: number;
	/** Versions overwritten mid-poll after the poll's read had passed them: checked, must be emitted. */
	overwritten_after_read: number;
	/** Versions overwritten while a poll was paging, before it reached them: invisible, not missed. */
	overwritten_mid_poll: number;
	/** Most versions the cursor remembered after any poll. */
	max_tail: number;
	/** Most entries inside the commit window (by AR's clock) after any poll. */
	max_window_rows: number;
	/** Rows an idle poll read once every write had committed and been delivered. */
	idle_poll_rows: number;
	/** Entries inside the commit window at that moment. */
	idle_window_rows: number;
	/** Rows an idle poll read once AR's clock was past the window too. */
	settled_idle_poll_rows: number;
}

const MAX_ENTRIES = 120;
const key = (id: string, modified: number) => `${id}@${modified}`;
const seconds = (value: unknown) =>
	Math.floor(Date.parse(String(value).replace('+0000', 'Z')) / 1000);

interface PendingWrite {
	id?: string;
	values: Record<string, unknown>;
	stamp: number;
	commitAt: number;
	seq: number;
}

export async function runTriggerSoak(options: SoakOptions): Promise<SoakResult> {
	const profile = options.profile ?? 'default';
	const realistic = profile === 'realistic';
	const random = mulberry32(options.seed);
	const maxDelay = options.maxCommitDelay ?? 3;
	const httpShare = realistic ? (options.httpShare ?? 0.5) : 0;
	const faultAfterCommitShare = options.faultAfterCommitShare ?? 0.25;
	// A frozen clock moved only by the soak makes the whole run a function of the seed.
	const emulator = await startEmulator({
		users: options.users ?? 300,
		seed: options.seed,
		frozenClock: 1_790_000_000,
		// Realistic servers cap pages: polls page, so writes land between a poll's pages.
		...(realistic ? { maxEntries: 25 } : {}),
	});
	const control = emulator.control;

	let pollInProgress = false;
	/** The furthest (Modified Date, Request ID) the current poll's read has returned. */
	let readPosition: [number, string] | undefined;
	let faultsAfterCommit = 0;
	// The default profile talks to the same proxy, passing Date through, only to count rows read.
	const proxy = await startProxy({
		target: emulator.url,
		dateSkewSeconds: realistic ? options.dateSkew : undefined,
		faultAfterCommit: () => {
			if (!realistic || random() >= faultAfterCommitShare) return undefined;
			faultsAfterCommit++;
			return random() < 0.5 ? 'reset' : '502';
		},
		onList: (url, entries) => {
			// The settled-second probe (newest first) is not the read.
			if (!pollInProgress || decodeURIComponent(url).includes('$TIMESTAMP$')) return;
			const last = entries[entries.length - 1]?.values;
			if (!last) return;
			const position: [number, string] = [
				seconds(last['Modified Date']),
				String(last['Request ID']),
			];
			if (
				!readPosition ||
				position[0] > readPosition[0] ||
				(position[0] === readPosition[0] && position[1] > readPosition[1])
			) {
				readPosition = position;
			}
		},
	});
	const baseUrl = proxy.url;
	const env = await createEnvironment({
		baseUrl,
		username: 'Demo',
		password: 'demo',
		authString: '',
		ignoreSslIssues: false,
	});
	const node = triggerNode({
		fields: ['Login Name', 'Full Name'],
		options: {
			maxEntries: MAX_ENTRIES,
			...(options.commitWindow ? { commitWindow: options.commitWindow } : {}),
		},
	});
	const window = options.commitWindow ?? 60;
	const staticData: IDataObject = {};
	const cursorSize = () =>
		(
			(
				(staticData['node:AR System Trigger'] as IDataObject | undefined)?.cursor as
					| IDataObject
					| undefined
			)?.seen as unknown[] | undefined
		)?.length ?? 0;
	const ids = control.findEntries('User').map((entry) => entry.id);
	let clockOffset = 0;
	let modifications = 0;
	let sameSecond = 0;
	let lastSecond = -1;
	let seq = 0;
	let outOfOrder = 0;
	let newestVisibleStamp = 0;
	let httpWrites = 0;
	const pending: PendingWrite[] = [];
	/** Commit time of the last write to an entry not committed yet: later writes wait for it (row lock). */
	const lockedUntil = new Map<string, number>();

	// Versions current when the running poll started, and what happened to them during it.
	let atPollStart = new Set<string>();
	const overwrittenAfterRead = new Set<string>();
	const overwrittenBeforeRead = new Set<string>();
	const current = new Map<string, number>();
	const noteReplaced = (id: string) => {
		const previous = current.get(id);
		if (!pollInProgress || previous === undefined) return;
		const version = key(id, previous);
		if (!atPollStart.has(version)) return;
		const passed =
			readPosition !== undefined &&
			(previous < readPosition[0] || (previous === readPosition[0] && id <= readPosition[1]));
		(passed ? overwrittenAfterRead : overwrittenBeforeRead).add(version);
	};

	const trace = process.env.SOAK_TRACE;
	const traceLog = (...parts: unknown[]) => {
		if (trace) console.error(`[${control.now()}]`, ...parts);
	};
	const noteVisible = (id: string, stamp: number) => {
		if (id === trace) traceLog('visible', id, stamp, pollInProgress ? 'during poll' : '');
		if (stamp < newestVisibleStamp) outOfOrder++;
		newestVisibleStamp = Math.max(newestVisibleStamp, stamp);
		noteReplaced(id);
		current.set(id, stamp);
	};

	const apply = (write: PendingWrite) => {
		if (write.id === undefined) {
			const id = control.insertEntry('User', write.values, {
				createDate: write.stamp,
				modifiedDate: write.stamp,
			});
			ids.push(id);
			noteVisible(id, write.stamp);
		} else {
			control.modifyEntry('User', write.id, write.values, {
				modifiedDate: write.stamp,
			});
			noteVisible(write.id, write.stamp);
			if (lockedUntil.get(write.id) === write.commitAt) lockedUntil.delete(write.id);
		}
	};

	/** Commits every pending write whose time has come, in commit order. */
	const commitDue = () => {
		const now = control.now();
		const due = pending
			.filter((write) => write.commitAt <= now)
			.sort((a, b) => a.commitAt - b.commitAt || a.seq - b.seq);
		for (const write of due) {
			pending.splice(pending.indexOf(write), 1);
			apply(write);
		}
	};

	const moveClock = (step: number) => {
		clockOffset += step;
		control.setOptions({ clockOffsetSeconds: clockOffset });
		commitDue();
	};

	/** One write through the control API, stamped now, visible now or up to maxDelay s later. */
	const startWrite = () => {
		const stamp = control.now();
		if (stamp === lastSecond) sameSecond++;
		lastSecond = stamp;
		modifications++;
		const insert = random() < 0.2;
		const id = insert ? undefined : ids[Math.floor(random() * ids.length)];
		const values = insert
			? {
					'Login Name': `soak.${options.seed}.${modifications}`,
					'Full Name': `Soak ${modifications}`,
					'License Type': 'Read',
				}
			: { 'Full Name': `Edit ${modifications}` };
		const delay = realistic && random() < 0.6 ? 1 + Math.floor(random() * maxDelay) : 0;
		const commitAt = Math.max(stamp + delay, id === undefined ? 0 : (lockedUntil.get(id) ?? 0));
		const write: PendingWrite = { id, values, stamp, commitAt, seq: ++seq };
		if (id === trace) traceLog('start', id, stamp, 'commitAt', commitAt);
		if (commitAt <= stamp && pending.length === 0) {
			apply(write);
		} else {
			pending.push(write);
			if (id !== undefined) lockedUntil.set(id, commitAt);
			commitDue();
		}
	};

	/** Moves the server clock 0-2 seconds, then writes a burst (often several in one second). */
	const writeBurst = (count: number) => {
		moveClock(Math.floor(random() * 3));
		for (let i = 0; i < count && modifications < options.modifications; i++) startWrite();
	};

	// HTTP writes through the proxy (realistic): applied at once, some answered with a fault after.
	let http: AxiosInstance | undefined;
	const login = async () => {
		const answer = await axios.post(`${baseUrl}/api/jwt/login`, 'username=Demo&password=demo', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		http = axios.create({
			baseURL: `${baseUrl}/api/arsys/v1`,
			headers: { Authorization: `AR-JWT ${String(answer.data)}` },
			validateStatus: () => true,
		});
	};
	const httpWrite = async () => {
		const candidates = ids.filter((id) => !lockedUntil.has(id));
		const id = candidates[Math.floor(random() * candidates.length)];
		if (id === undefined) return;
		const body = { values: { 'Full Name': `HTTP ${options.seed}.${++seq}` } };
		for (let attempt = 0; attempt < 2; attempt++) {
			if (!http) await login();
			const answer = await http!.put(`/entry/User/${id}`, body).catch(() => undefined);
			// 401 (a poll's fault expired every token) is refused before anything is written.
			if (answer?.status === 401) {
				http = undefined;
				continue;
			}
			break;
		}
		// Applied whatever the client saw: the emulator's log says so.
		const after = control.getEntry('User', id);
		if (!after || String(after['Full Name']) !== body.values['Full Name']) return;
		modifications++;
		httpWrites++;
		const stamp = seconds(after['Modified Date']);
		if (stamp === lastSecond) sameSecond++;
		lastSecond = stamp;
		noteVisible(id, stamp);
	};

	// Writes that land while a poll is paging, at the same second the poll may be reading.
	let duringPoll = 0;
	control.onRequest(() => {
		if (duringPoll > 0 && random() < 0.3) {
			duringPoll--;
			writeBurst(1 + Math.floor(random() * 3));
		}
	});

	await pollTrigger(env, node, staticData);
	for (const entry of control.findEntries('User'))
		current.set(entry.id, seconds(entry.values['Modified Date']));
	const startLog = control.versionLog('User').length;
	const mustEmit = new Set<string>();
	const emitted = new Map<string, number>();
	let faults = 0;
	let failedPolls = 0;
	let maxTail = 0;
	let maxWindowRows = 0;
	const perPoll = options.modifications / options.polls;

	const currentVersions = () => {
		const versions = new Map<string, number>();
		for (const version of control.versionLog('User').slice(startLog))
			versions.set(version.id, version.modified);
		return versions;
	};

	const recordPoll = (result: Awaited<ReturnType<typeof pollTrigger>>) => {
		for (const item of result?.[0] ?? []) {
			const version = key(String(item.json._requestId), seconds(item.json['Modified Date']));
			emitted.set(version, (emitted.get(version) ?? 0) + 1);
		}
	};

	const windowRows = () => control.findEntries('User', `'6' >= $TIMESTAMP$ - ${window}`).length;

	const uncheck = (before: Set<string>) => {
		for (const version of overwrittenAfterRead) {
			if (before.has(version)) continue;
			overwrittenAfterRead.delete(version);
			overwrittenBeforeRead.add(version);
		}
	};

	let polls = 0;
	for (; polls < options.polls || modifications < options.modifications; polls++) {
		let budget = Math.round(perPoll * (0.5 + random()));
		while (budget > 0 && modifications < options.modifications) {
			if (random() < httpShare) {
				moveClock(random() < 0.5 ? 1 : 0);
				await httpWrite();
				budget--;
				continue;
			}
			const burst = random() < 0.35 ? 2 + Math.floor(random() * 6) : 1;
			writeBurst(Math.min(burst, budget));
			budget -= burst;
		}
		// Versions current as this poll starts; they count only if the poll completes (a failed poll
		// emits nothing by n8n's contract) and if still current when it ends.
		const atStart = [...currentVersions()].map(([id, modified]) => key(id, modified));
		// Seeded versions predate activation: the trigger never owes them.
		atPollStart = new Set(atStart);
		if (random() < options.faultShare) {
			faults++;
			const kinds: Array<[FaultKind | 'expire', number]> = [
				['500', 1],
				['500', 4],
				['reset', 1],
				['reset', 4],
				['401', 1],
				['expire', 1],
			];
			const [kind, count] = kinds[Math.floor(random() * kinds.length)];
			if (kind === 'expire') control.expireAllTokens();
			else control.failNext(count, kind);
		}
		duringPoll = random() < 0.3 ? 3 : 0;
		pollInProgress = true;
		readPosition = undefined;
		const checkedBefore = new Set(overwrittenAfterRead);
		try {
			const before = JSON.stringify((staticData['node:AR System Trigger'] as IDataObject)?.cursor);
			const result = await pollTrigger(env, node, staticData);
			recordPoll(result);
			if (trace) {
				const after = (staticData['node:AR System Trigger'] as IDataObject)?.cursor as IDataObject;
				const got = (result?.[0] ?? [])
					.filter((item) => item.json._requestId === trace)
					.map((item) => item.json['Modified Date']);
				traceLog(
					'poll',
					polls,
					'emitted',
					result?.[0].length ?? 0,
					'trace',
					JSON.stringify(got),
					'ts',
					JSON.parse(before ?? '{}').ts,
					'->',
					after?.ts,
					'seen',
					(after?.seen as unknown[])?.length,
					JSON.stringify((after?.seen as Array<[string, number]>)?.filter(([i]) => i === trace)),
				);
			}
			// Capped by Max Entries Per Poll, the node stopped inside a page: where the proxy saw the
			// read end is not where the node did, so this poll's passed versions are not checked.
			if ((result?.[0].length ?? 0) >= MAX_ENTRIES) uncheck(checkedBefore);
			const atEnd = new Set([...currentVersions()].map(([id, modified]) => key(id, modified)));
			// A poll capped by Max Entries Per Poll read up to its last item; the rest is the next
			// poll's to deliver (if still current then).
			const items = result?.[0] ?? [];
			const last = items.length >= MAX_ENTRIES ? items[items.length - 1].json : undefined;
			const stop = last && {
				id: String(last._requestId),
				modified: seconds(last['Modified Date']),
			};
			for (const version of atStart) {
				if (!atEnd.has(version)) continue;
				const [id, modified] = [
					version.slice(0, version.lastIndexOf('@')),
					Number(version.slice(version.lastIndexOf('@') + 1)),
				];
				if (stop && (modified > stop.modified || (modified === stop.modified && id > stop.id)))
					continue;
				mustEmit.add(version);
			}
		} catch (error) {
			traceLog('poll failed', polls, (error as Error).message);
			failedPolls++;
			// A failed poll emits nothing: what it had read does not count as passed.
			uncheck(checkedBefore);
		}
		pollInProgress = false;
		duringPoll = 0;
		maxTail = Math.max(maxTail, cursorSize());
		maxWindowRows = Math.max(maxWindowRows, windowRows());
	}
	// Final states must arrive too: commit what is pending, then drain without faults.
	control.onRequest(undefined);
	moveClock(maxDelay + 1);
	for (const [id, modified] of currentVersions()) mustEmit.add(key(id, modified));
	for (let drain = 0; drain < 200; drain++) {
		const result = await pollTrigger(env, node, staticData);
		maxTail = Math.max(maxTail, cursorSize());
		if (result === null) break;
		recordPoll(result);
	}
	// Idle: nothing written since; once with the last writes still inside the window, then after it.
	const rowsOfIdlePoll = async () => {
		const before = proxy.rows();
		const result = await pollTrigger(env, node, staticData);
		if (result !== null) throw new Error('An idle poll emitted entries');
		return proxy.rows() - before;
	};
	const idleWindowRows = windowRows();
	const idlePollRows = await rowsOfIdlePoll();
	moveClock(window + 1);
	await pollTrigger(env, node, staticData);
	const settledIdlePollRows = await rowsOfIdlePoll();
	await proxy.stop();
	await emulator.stop();

	for (const version of overwrittenAfterRead) mustEmit.add(version);
	let missed = 0;
	for (const version of mustEmit) {
		if (emitted.has(version)) continue;
		missed++;
		if (process.env.SOAK_DEBUG)
			console.error(
				'missed',
				version,
				overwrittenAfterRead.has(version) ? 'overwritten after read' : '',
			);
	}
	let unseenMidPoll = 0;
	for (const version of overwrittenBeforeRead)
		if (!emitted.has(version) && !mustEmit.has(version)) unseenMidPoll++;
	let duplicates = 0;
	for (const count of emitted.values()) if (count > 1) duplicates += count - 1;
	return {
		profile,
		date_skew: realistic ? options.dateSkew : undefined,
		modifications,
		same_second_share: +(sameSecond / Math.max(1, modifications)).toFixed(3),
		out_of_order_commits: outOfOrder,
		http_writes: httpWrites,
		faults_after_commit: faultsAfterCommit,
		polls,
		faults,
		failed_polls: failedPolls,
		emitted: [...emitted.values()].reduce((sum, count) => sum + count, 0),
		missed,
		duplicates,
		overwritten_after_read: overwrittenAfterRead.size,
		overwritten_mid_poll: unseenMidPoll,
		max_tail: maxTail,
		max_window_rows: maxWindowRows,
		idle_poll_rows: idlePollRows,
		idle_window_rows: idleWindowRows,
		settled_idle_poll_rows: settledIdlePollRows,
	};
}
