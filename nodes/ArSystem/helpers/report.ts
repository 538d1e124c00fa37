/**
 * The one output convention for every change report (Offboard, Copy Access, Add/Remove Person,
 * Reconcile): a reader sees the answer before the detail.
 *
 *   summary   one line: who, what happened, how many ("Offboard jsmith: changed 5 of 5 (…)")
 *   dryRun    whether this run only planned
 *   complete  whether every planned change is on the server (a dry run that planned is complete)
 *   planned   how many changes the plan holds
 *   changed   how many the server shows made: always 0 in a dry run
 *   …         the subject (person, group) and operation-specific keys, camelCase
 *   changes   each change with `target` naming the person or group, not only an ID
 *   notes, error last
 *
 * Values read from a form keep AR's field names (as Get Many returns them with Simplify); what
 * the node computes uses camelCase, with the same key for the same thing everywhere
 * (`loginName`, `fullName`, `personId`, `supportGroupId`, `supportGroupName`).
 */
import type { IDataObject } from 'n8n-workflow';

export interface ReportCounts {
	dryRun: boolean;
	complete: boolean;
	planned: number;
	changed: number;
}

/** The keys every report starts with, in this order. */
export const LEADING_KEYS = ['summary', 'dryRun', 'complete', 'planned', 'changed'] as const;
/** The keys every report ends with, in this order (when present). */
export const TRAILING_KEYS = ['changes', 'notes', 'error'] as const;

/** The report with the convention's key order: the answer first, the detail last. */
export function leadWithSummary<T extends IDataObject>(report: T): T {
	const out: IDataObject = {};
	const fixed = new Set<string>([...LEADING_KEYS, ...TRAILING_KEYS]);
	for (const key of LEADING_KEYS) if (key in report) out[key] = report[key];
	for (const [key, value] of Object.entries(report)) if (!fixed.has(key)) out[key] = value;
	for (const key of TRAILING_KEYS) if (key in report) out[key] = report[key];
	return out as T;
}

/**
 * The summary line: "Offboard jsmith: would change 5 (disableLogin, supportGroup ×2)",
 * "…: changed 3 of 5 (…)" when a run stopped part-way, "…: nothing to change".
 */
export function summaryLine(
	who: string,
	counts: ReportCounts,
	changes: Array<{ step: string; status: string }>,
): string {
	if (counts.planned === 0) return `${who}: nothing to change`;
	const counted = counts.dryRun ? changes : changes.filter((c) => c.status === 'done');
	const steps = new Map<string, number>();
	for (const c of counted) steps.set(c.step, (steps.get(c.step) ?? 0) + 1);
	const list = [...steps].map(([step, n]) => (n > 1 ? `${step} ×${n}` : step)).join(', ');
	const tail = list ? ` (${list})` : '';
	if (counts.dryRun) return `${who}: would change ${counts.planned}${tail}`;
	if (counts.complete) return `${who}: changed ${counts.changed}${tail}`;
	return `${who}: changed ${counts.changed} of ${counts.planned}, stopped part-way${tail}`;
}

/** A person as a report names them: "'Jane Smith' (jsmith)", or the login alone. */
export function personLabel(loginName: string, fullName?: string | null): string {
	const name = (fullName ?? '').trim();
	return name ? `'${name}' (${loginName})` : loginName;
}
