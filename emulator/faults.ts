/**
 * Fault injection, in three places a real deployment fails:
 * - before a data request reaches AR (`failNext`, `faultRate`): 500, reset, 401, 503, proxy pages;
 * - after a write committed (`failAfterCommit`, `afterCommitFaultRate`): the write is applied,
 *   then the connection drops or the proxy answers 502 / 504 (realistic profile, issue 9 item 2);
 * - at login (`failNextLogin`, `loginFaultRate`): reset, 502 or 503 before AR sees the login.
 * Rates draw from seeded streams of their own, so a run repeats for a given seed and one kind of
 * fault does not shift the draws of another. Queued faults come first and are exact.
 */
import { mulberry32 } from './prng';
import type { Random } from './prng';

/** Faults before a data request is processed. */
export type FaultKind =
	| '500'
	| 'reset'
	| '401'
	| '503-retry-after'
	| '502-html'
	| '503-html'
	| '504-html'
	| '403-gateway';

/** Faults after a write committed: nothing of the success response reaches the client. */
export type AfterCommitFaultKind = 'reset' | '502-html' | '504-html';

/** Faults on POST /api/jwt/login, before a token is issued. */
export type LoginFaultKind = 'reset' | '502-html' | '503-html';

export const FAULT_KINDS: readonly FaultKind[] = [
	'500',
	'reset',
	'401',
	'503-retry-after',
	'502-html',
	'503-html',
	'504-html',
	'403-gateway',
];
export const AFTER_COMMIT_FAULT_KINDS: readonly AfterCommitFaultKind[] = [
	'reset',
	'502-html',
	'504-html',
];
export const LOGIN_FAULT_KINDS: readonly LoginFaultKind[] = ['reset', '502-html', '503-html'];

/** Which writes a queued after-commit fault applies to; absent keys match any. */
export interface WriteMatch {
	/** PUT, DELETE or POST (POST covers create and merge). */
	method?: string;
	/** Form name as in the URL, decoded (e.g. `HPD:Help Desk`). */
	form?: string;
}

export interface QueuedAfterCommit extends WriteMatch {
	kind: AfterCommitFaultKind;
}

/** What the control endpoint shows of the fault switches. */
export interface FaultQueues {
	before: FaultKind[];
	afterCommit: QueuedAfterCommit[];
	login: LoginFaultKind[];
}

export class Faults {
	private readonly queue: FaultKind[] = [];
	private readonly afterCommitQueue: QueuedAfterCommit[] = [];
	private readonly loginQueue: LoginFaultKind[] = [];
	private readonly rng: Random;
	private readonly commitRng: Random;
	private readonly loginRng: Random;

	constructor(seed: number) {
		// Streams of their own, so fault draws do not shift with the amount of seed data.
		this.rng = mulberry32(seed ^ 0x5eed_fa17);
		this.commitRng = mulberry32(seed ^ 0x0c0f_f17e);
		this.loginRng = mulberry32(seed ^ 0x106_1f00);
	}

	failNext(n: number, kind: FaultKind): void {
		if (!FAULT_KINDS.includes(kind)) throw new Error(`Unknown fault kind ${kind}`);
		for (let i = 0; i < n; i++) this.queue.push(kind);
	}

	failAfterCommit(n: number, fault: QueuedAfterCommit): void {
		if (!AFTER_COMMIT_FAULT_KINDS.includes(fault.kind))
			throw new Error(`Unknown after-commit fault kind ${fault.kind}`);
		const method = fault.method?.toUpperCase();
		if (method !== undefined && !['PUT', 'DELETE', 'POST'].includes(method))
			throw new Error(`After-commit faults apply to PUT, DELETE or POST, not ${fault.method}`);
		for (let i = 0; i < n; i++) this.afterCommitQueue.push({ ...fault, method });
	}

	failNextLogin(n: number, kind: LoginFaultKind): void {
		if (!LOGIN_FAULT_KINDS.includes(kind)) throw new Error(`Unknown login fault kind ${kind}`);
		for (let i = 0; i < n; i++) this.loginQueue.push(kind);
	}

	clear(): void {
		this.queue.length = 0;
		this.afterCommitQueue.length = 0;
		this.loginQueue.length = 0;
	}

	queues(): FaultQueues {
		return {
			before: [...this.queue],
			afterCommit: this.afterCommitQueue.map((f) => ({ ...f })),
			login: [...this.loginQueue],
		};
	}

	/** The fault for this data request, if any: queued faults first, then the random share. */
	next(faultRate: number): FaultKind | undefined {
		const queued = this.queue.shift();
		if (queued) return queued;
		if (faultRate <= 0) return undefined;
		if (this.rng() >= faultRate) return undefined;
		return this.rng() < 0.5 ? '500' : 'reset';
	}

	/**
	 * The after-commit fault for a write that has just committed. A queued fault is taken only by
	 * a write that commits (a rejected write leaves it queued); `rate` draws once per committed write.
	 */
	afterCommit(method: string, form: string, rate: number): AfterCommitFaultKind | undefined {
		const i = this.afterCommitQueue.findIndex(
			(f) => (f.method === undefined || f.method === method) && (f.form === undefined || f.form === form),
		);
		if (i >= 0) return this.afterCommitQueue.splice(i, 1)[0].kind;
		if (rate <= 0) return undefined;
		if (this.commitRng() >= rate) return undefined;
		return AFTER_COMMIT_FAULT_KINDS[Math.floor(this.commitRng() * AFTER_COMMIT_FAULT_KINDS.length)];
	}

	/** The fault for this login, if any. */
	login(rate: number): LoginFaultKind | undefined {
		const queued = this.loginQueue.shift();
		if (queued) return queued;
		if (rate <= 0) return undefined;
		if (this.loginRng() >= rate) return undefined;
		return LOGIN_FAULT_KINDS[Math.floor(this.loginRng() * LOGIN_FAULT_KINDS.length)];
	}
}
