/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * The trigger's exactly-once soak: seeded random modifications (many in same-second bursts, some
 * while a poll is paging) interleaved with polls, with injected faults, counted against the
 * emulator's log of versions. Shared by the small run in `npm test` and `npm run test:soak`.
 *
 * Missed: a version that was an entry's current state from the start to the end of a completed
 * poll, or is its final state, and never reached the output. Duplicate: a version (Request ID,
 * Modified Date) emitted twice. A version overwritten before any completed poll could read it is
 * invisible to polling and not counted: one current only while a poll failed (n8n emits nothing
 * from a failed poll), or one overwritten while a poll was paging, before the poll reached it
 * (the server no longer has it). Those are counted apart, as `overwritten_mid_poll`, when no
 * poll emitted them.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import type { FaultKind } from '../../emulator/faults';
import { startEmulator } from '../../emulator';
import { mulberry32 } from '../../emulator/prng';
import { CREDENTIAL_REF, TRIGGER_TYPE, createEnvironment, pollTrigger } from '../harness/n8n';

export interface SoakOptions {
	seed: number;
	modifications: number;
	polls: number;
	/** Share of polls that get a fault injected. */
	faultShare: number;
	users?: number;
}

export interface SoakResult {
	modifications: number;
	same_second_share: number;
	polls: number;
	faults: number;
	failed_polls: number;
	emitted: number;
	missed: number;
	duplicates: number;
	/** Versions overwritten while a poll was paging, before it reached them: invisible, not missed. */
	overwritten_mid_poll: number;
}

const key = (id: string, modified: number) => `${id}@${modified}`;

export async function runTriggerSoak(options: SoakOptions): Promise<SoakResult> {
	const random = mulberry32(options.seed);
	// A frozen clock moved only by the writes below makes the whole run a function of the seed.
	const emulator = await startEmulator({
		users: options.users ?? 300,
		seed: options.seed,
		frozenClock: 1_790_000_000,
	});
	const control = emulator.control;
	const env = await createEnvironment({
		baseUrl: emulator.url,
		username: 'Demo',
		password: 'demo',
		authString: '',
		ignoreSslIssues: false,
	});
	const node: INode = {
		id: 'soak',
		name: 'AR System Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			form: { __rl: true, mode: 'name', value: 'User' },
			event: 'any',
			fields: ['Login Name', 'Full Name'],
			options: { maxEntries: 120 },
		},
		credentials: CREDENTIAL_REF,
	};
	const staticData: IDataObject = {};
	const ids = control.findEntries('User').map((entry) => entry.id);
	let clockOffset = 0;
	let modifications = 0;
	let sameSecond = 0;
	let lastSecond = -1;

	const modifyOne = () => {
		const second = control.now();
		if (second === lastSecond) sameSecond++;
		lastSecond = second;
		modifications++;
		if (random() < 0.2) {
			ids.push(
				control.insertEntry('User', {
					'Login Name': `soak.${options.seed}.${modifications}`,
					'Full Name': `Soak ${modifications}`,
					'License Type': 'Read',
				}),
			);
		} else {
			const id = ids[Math.floor(random() * ids.length)];
			control.modifyEntry('User', id, { 'Full Name': `Edit ${modifications}` });
		}
	};

	/** Moves the server clock 0-2 seconds, then writes a burst (often several in one second). */
	const writeBurst = (count: number) => {
		const step = Math.floor(random() * 3);
		clockOffset += step;
		control.setOptions({ clockOffsetSeconds: clockOffset });
		for (let i = 0; i < count && modifications < options.modifications; i++) modifyOne();
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
	const startLog = control.versionLog('User').length;
	const mustEmit = new Set<string>();
	const overwrittenMidPoll = new Set<string>();
	const emitted = new Map<string, number>();
	let faults = 0;
	let failedPolls = 0;
	const perPoll = options.modifications / options.polls;

	const currentVersions = () => {
		const current = new Map<string, number>();
		for (const version of control.versionLog('User').slice(startLog)) current.set(version.id, version.modified);
		return current;
	};

	const recordPoll = (result: Awaited<ReturnType<typeof pollTrigger>>) => {
		for (const item of result?.[0] ?? []) {
			const modified = Math.floor(
				Date.parse(String(item.json['Modified Date']).replace('+0000', 'Z')) / 1000,
			);
			const version = key(String(item.json._requestId), modified);
			emitted.set(version, (emitted.get(version) ?? 0) + 1);
		}
	};

	for (let poll = 0; poll < options.polls; poll++) {
		let budget = Math.round(perPoll * (0.5 + random()));
		while (budget > 0 && modifications < options.modifications) {
			const burst = random() < 0.35 ? 2 + Math.floor(random() * 6) : 1;
			writeBurst(Math.min(burst, budget));
			budget -= burst;
		}
		// Versions current as this poll starts; they count only if the poll completes (a failed poll
		// emits nothing by n8n's contract) and if still current when it ends.
		const atStart = [...currentVersions()].map(([id, modified]) => key(id, modified));
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
		try {
			recordPoll(await pollTrigger(env, node, staticData));
			const atEnd = new Set([...currentVersions()].map(([id, modified]) => key(id, modified)));
			for (const version of atStart) {
				if (atEnd.has(version)) mustEmit.add(version);
				else overwrittenMidPoll.add(version);
			}
		} catch {
			failedPolls++;
		}
		duringPoll = 0;
	}
	// Final states must arrive too: drain without faults.
	control.onRequest(undefined);
	for (const [id, modified] of currentVersions()) mustEmit.add(key(id, modified));
	for (let drain = 0; drain < 200; drain++) {
		const result = await pollTrigger(env, node, staticData);
		if (result === null) break;
		recordPoll(result);
	}
	await emulator.stop();

	let missed = 0;
	for (const version of mustEmit) {
		if (emitted.has(version)) continue;
		missed++;
		if (process.env.SOAK_DEBUG) console.error('missed', version);
	}
	let unseenMidPoll = 0;
	for (const version of overwrittenMidPoll) if (!emitted.has(version) && !mustEmit.has(version)) unseenMidPoll++;
	let duplicates = 0;
	for (const count of emitted.values()) if (count > 1) duplicates += count - 1;
	return {
		modifications,
		same_second_share: +(sameSecond / Math.max(1, modifications)).toFixed(3),
		polls: options.polls,
		faults,
		failed_polls: failedPolls,
		emitted: [...emitted.values()].reduce((sum, count) => sum + count, 0),
		missed,
		duplicates,
		overwritten_mid_poll: unseenMidPoll,
	};
}
