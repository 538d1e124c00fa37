/**
 * Planned access changes and their honest application. An operation first reads the current
 * state and plans every change with its before and after; Dry Run returns the plan untouched.
 * A real run applies the changes in order and stops at the first failure: that change is checked
 * against the server (a write can fail after it committed), the rest are reported as not attempted.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { findOne } from '../identity';
import { getFormMetadata } from '../metadata';
import { entryId } from '../query';
import { equalsQualification } from '../qualification';
import type { ReportCounts } from '../report';
import { leadWithSummary, summaryLine } from '../report';
import { createEntry, deleteEntry, getEntry, updateEntry } from '../../transport';
import { readBackVerdict } from '../../transport/readBack';

export type ChangeStep =
	| 'disableLogin'
	| 'profileStatus'
	| 'permissionGroups'
	| 'supportGroup'
	| 'functionalRole'
	| 'ticket'
	| 'createUser'
	| 'userFields'
	| 'createPerson'
	| 'peopleFields';

export type ChangeStatus = 'planned' | 'done' | 'failed' | 'notAttempted' | 'unknown';

export interface PlannedChange {
	step: ChangeStep;
	action: 'create' | 'update' | 'delete';
	form: string;
	/** The entry changed or deleted; for a create, filled in once it exists. */
	entryId: string | null;
	/** What a person reads in the report, e.g. "support group 'Service Desk' (SGP000000000001)". */
	target: string;
	before: IDataObject | null;
	after: IDataObject | null;
	/** Values sent by a create or update, keyed by field name. */
	write?: IDataObject;
	/** A create's qualification that finds the new entry, to check a failed create. */
	match?: string;
	/**
	 * Makes the change itself instead of sending `write` (a Group List edit that re-applies its
	 * intent under concurrent writers); may fill in `after` with what the server shows.
	 */
	apply?: () => Promise<void>;
	/** With `apply`: whether the server shows the change (true / false / undefined = cannot tell). */
	check?: () => Promise<boolean | undefined>;
}

export interface ReportedChange extends Omit<PlannedChange, 'write' | 'match' | 'apply' | 'check'> {
	status: ChangeStatus;
	error?: string;
}

/** Counts as helpers/report.ts defines them: `changed` is what the server shows (0 in a dry run). */
export interface ChangeReport extends ReportCounts {
	changes: ReportedChange[];
	error?: string;
}

function reported(change: PlannedChange, status: ChangeStatus, error?: string): ReportedChange {
	const { step, action, form, entryId, target, before, after } = change;
	const out: ReportedChange = { step, action, form, entryId, target, before, after, status };
	if (error !== undefined) out.error = error;
	return out;
}

/** Whether the server shows `change` as made: true, false, or undefined when it cannot tell. */
async function verify(this: IExecuteFunctions, change: PlannedChange): Promise<boolean | undefined> {
	try {
		if (change.check) return await change.check();
		if (change.action === 'delete') {
			return (await findOne.call(this, change.form, equalsQualification(1, change.entryId ?? ''))) === undefined;
		}
		if (change.action === 'create') {
			if (!change.match) return undefined;
			const found = await findOne.call(this, change.form, change.match);
			// The self link names the entry whatever its ID field is called.
			if (found) change.entryId = entryId(found, '') ?? null;
			return found !== undefined;
		}
		// The same judgement as a write's read-back: the codec compares as the server stores.
		const write = change.write ?? {};
		const [metadata, entry] = await Promise.all([
			getFormMetadata.call(this, change.form),
			getEntry.call(this, change.form, change.entryId ?? '', Object.keys(write)),
		]);
		const verdict = readBackVerdict(write, entry.values, metadata.fields);
		return verdict === 'unknown' ? undefined : verdict === 'present';
	} catch {
		return undefined;
	}
}

async function applyOne(this: IExecuteFunctions, change: PlannedChange): Promise<void> {
	if (change.apply) {
		await change.apply();
	} else if (change.action === 'create') {
		const { requestId } = await createEntry.call(this, change.form, change.write ?? {});
		change.entryId = requestId ?? null;
	} else if (change.action === 'update') {
		await updateEntry.call(this, change.form, change.entryId ?? '', change.write ?? {});
	} else {
		await deleteEntry.call(this, change.form, change.entryId ?? '');
	}
}

function messageOf(error: unknown): string {
	const e = error as { message?: string; description?: string };
	return [e?.message, e?.description].filter(Boolean).join(' — ') || String(error);
}

/** Applies (or, with dryRun, only reports) the plan in order; never throws for a change. */
export async function applyPlan(
	this: IExecuteFunctions,
	plan: PlannedChange[],
	dryRun: boolean,
): Promise<ChangeReport> {
	if (dryRun) {
		const changes = plan.map((c) => reported(c, 'planned'));
		return { dryRun, complete: true, planned: plan.length, changed: 0, changes };
	}
	const changes: ReportedChange[] = [];
	let error: string | undefined;
	for (const change of plan) {
		if (error !== undefined) {
			changes.push(reported(change, 'notAttempted'));
			continue;
		}
		try {
			await applyOne.call(this, change);
			changes.push(reported(change, 'done'));
		} catch (failure) {
			error = messageOf(failure);
			const onServer = await verify.call(this, change);
			const status: ChangeStatus = onServer === true ? 'done' : onServer === false ? 'failed' : 'unknown';
			changes.push(reported(change, status, error));
		}
	}
	const changed = changes.filter((c) => c.status === 'done').length;
	const complete = error === undefined;
	return { dryRun, complete, planned: plan.length, changed, changes, ...(error !== undefined && { error }) };
}

/**
 * The report as the operation's output. An incomplete run fails the item (so it is never taken
 * for success); with Continue On Fail the report itself is the item, carrying `error`.
 */
export function reportOrThrow(
	this: IExecuteFunctions,
	i: number,
	what: string,
	reportIn: IDataObject & ChangeReport,
): IDataObject[] {
	// Every report leads with its answer (helpers/report.ts), whatever the operation put first.
	const report = leadWithSummary({ summary: summaryOf(reportIn, what), ...reportIn });
	if (report.complete) return [report];
	if (this.continueOnFail()) return [report];
	const done = report.changes.filter((c) => c.status === 'done').length;
	const open = report.changes.filter((c) => c.status !== 'done');
	const failed = open[0];
	throw new NodeOperationError(
		this.getNode(),
		`${what} stopped part-way: ${done} of ${report.changes.length} changes made; failed at ${failed?.step} ${failed?.target} (${report.error ?? 'unknown error'})`,
		{
			itemIndex: i,
			description:
				`Not made: ${open.map((c) => `${c.step} ${c.target} [${c.status}]`).join('; ')}. ` +
				'Run it again to finish: changes already made are skipped. Turn on Settings → On Error → Continue to get the full report as an item.',
		},
	);
}

/** The report's summary line (helpers/report.ts). */
export function summaryOf(report: ChangeReport, who: string): string {
	return summaryLine(who, report, report.changes);
}
