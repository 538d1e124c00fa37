/**
 * The control API of a running emulator (startEmulator().control), in its own module so that the
 * HTTP control endpoint (control.ts) and the entry point (index.ts) both use it without a circle.
 */
import type { Counters, RequestHook } from './context';
import type { AfterCommitFaultKind, FaultKind, FaultQueues, LoginFaultKind, WriteMatch } from './faults';
import type { EmulatorOptions } from './options';
import type { VersionLogItem } from './store';

export interface EmulatorControl {
	/** Values by field name, REST-style (enum labels, ISO dates). Returns the new ID. */
	insertEntry(
		form: string,
		values: Record<string, unknown>,
		opts?: { createDate?: number; modifiedDate?: number; user?: string },
	): string;
	modifyEntry(
		form: string,
		id: string,
		values: Record<string, unknown>,
		opts?: { modifiedDate?: number; user?: string },
	): void;
	deleteEntry(form: string, id: string): void;
	/** REST-formatted values by field name, or undefined. */
	getEntry(form: string, id: string): Record<string, unknown> | undefined;
	findEntries(
		form: string,
		qualification?: string,
	): Array<{ id: string; values: Record<string, unknown> }>;
	count(form: string): number;
	expireAllTokens(): void;
	resetCounters(): void;
	counters(): Counters;
	/** Runtime-changeable options only; others throw. */
	setOptions(patch: Partial<EmulatorOptions>): void;
	/** The next n data requests fail before AR processes them. */
	failNext(n: number, kind: FaultKind): void;
	/**
	 * The next n writes matching `match` (method PUT / DELETE / POST, form) commit, and then the
	 * client gets `kind` (reset, 502-html, 504-html) instead of the success response.
	 */
	failAfterCommit(n: number, kind: AfterCommitFaultKind, match?: WriteMatch): void;
	/** The next n logins fail before a token is issued. */
	failNextLogin(n: number, kind: LoginFaultKind): void;
	/** Queued faults not yet taken. */
	faultQueues(): FaultQueues;
	/** Drops every queued fault (rates are options). */
	clearFaults(): void;
	/** The current runtime options (what setOptions may change), for inspection. */
	runtimeOptions(): Partial<EmulatorOptions>;
	/** Emulator clock: floor((frozenClock ?? Date.now() / 1000) + clockOffsetSeconds). */
	now(): number;
	/** Every create / modify after seeding, in order. */
	versionLog(form?: string): VersionLogItem[];
	/**
	 * Emulator extension: run `hook` synchronously for every request (after its body arrived,
	 * before latency, faults and routing), e.g. to write entries while a client is paging.
	 * `undefined` removes it.
	 */
	onRequest(hook: RequestHook | undefined): void;
}
