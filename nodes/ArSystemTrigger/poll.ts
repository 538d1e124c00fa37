import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getFormMetadata } from '../ArSystem/helpers/metadata';
import type { FilterParameters, OutputShape } from '../ArSystem/helpers/query';
import { entryId, entryToItem, outputShape, qualificationFrom } from '../ArSystem/helpers/query';
import { combine } from '../ArSystem/helpers/qualification';
import { parseArDateTime } from '../ArSystem/helpers/values';
import type { ArEntry } from '../ArSystem/transport';
import { listEntries } from '../ArSystem/transport';
import type { CursorEntry, TriggerCursor } from './cursor';
import {
	CREATE_DATE_ID,
	MODIFIED_AFTER_CREATE,
	MODIFIED_DATE_ID,
	advance,
	alreadySeen,
	classify,
	commitWindowSeconds,
	readCursor,
	seenExclusion,
	settledProbe,
	toIso,
	toSeconds,
	windowQualification,
} from './cursor';

type EventFilter = 'created' | 'updated' | 'any';

const PAGE_SIZE = 1000;
/** Stop paging at this share of the poll budget, so the poll returns before n8n abandons it. */
const BUDGET_SHARE = 0.8;

/**
 * What a poll needs to know about the form, kept in static data next to the cursor so an idle
 * poll costs no metadata request: it is fetched again only when the form or the filter parameters
 * change, or after the server rejected a request.
 */
export interface PollSetup extends OutputShape {
	key: string;
	form: string;
	modifiedField: string;
	createField?: string;
	filter: string;
	fields?: string[];
}

function epochSeconds(value: unknown): number | undefined {
	const millis = parseArDateTime(value);
	return millis === undefined ? undefined : Math.floor(millis / 1000);
}

function isSetup(value: unknown, key: string): value is PollSetup {
	return typeof value === 'object' && value !== null && (value as PollSetup).key === key;
}

export async function setup(this: IPollFunctions): Promise<PollSetup> {
	const form = String(this.getNodeParameter('form', 'User', { extractValue: true }) ?? '').trim();
	if (!form) {
		throw new NodeOperationError(this.getNode(), 'No form selected', {
			description: 'Pick a form in the Form field (User by default).',
		});
	}
	const parameters: FilterParameters = {
		filters: this.getNodeParameter('filters', {}) as IDataObject,
		combineWith: this.getNodeParameter('combineWith', 'AND') as 'AND' | 'OR',
		rawQualification: this.getNodeParameter('rawQualification', '') as string,
	};
	const picked = (this.getNodeParameter('fields', []) as string[]).filter((name) => name !== '');
	const key = JSON.stringify([form, parameters, picked]);
	const staticData = this.getWorkflowStaticData('node');
	if (isSetup(staticData.setup, key)) return staticData.setup;

	const metadata = await getFormMetadata.call(this, form);
	const modified = metadata.byId.get(MODIFIED_DATE_ID);
	if (!modified) {
		throw new NodeOperationError(this.getNode(), `Form '${form}' has no Modified Date field (6)`, {
			description: 'The trigger tracks changes by Modified Date; pick a regular or join form.',
		});
	}
	const createField = metadata.byId.get(CREATE_DATE_ID)?.name;
	// The cursor needs the ID and both dates whatever the user picked.
	const required = [metadata.idField.name, modified.name, ...(createField ? [createField] : [])];
	const result: PollSetup = {
		key,
		form,
		...outputShape(metadata),
		modifiedField: modified.name,
		createField,
		filter: qualificationFrom(this.getNode(), parameters, metadata),
		fields: picked.length > 0 ? [...new Set([...picked, ...required])] : undefined,
	};
	if (this.getMode() !== 'manual') staticData.setup = result;
	return result;
}

function toCursorEntry(this: IPollFunctions, s: PollSetup, entry: ArEntry): CursorEntry {
	const id = entryId(entry, s.idField);
	const modified = epochSeconds(entry.values[s.modifiedField]);
	if (!id || modified === undefined) {
		throw new NodeOperationError(
			this.getNode(),
			`An entry on form '${s.form}' came back without its ID or Modified Date`,
			{
				description: 'The account may lack read access to fields 1 and 6 on this form.',
			},
		);
	}
	return { id, modified };
}

function readCommitWindow(this: IPollFunctions, options: IDataObject): number {
	const seconds = commitWindowSeconds(options.commitWindow);
	if (typeof seconds === 'string') {
		throw new NodeOperationError(this.getNode(), seconds, {
			description: `Set Options → Commit Window to the longest a write may take to commit on your server (default ${commitWindowSeconds(undefined)}).`,
		});
	}
	return seconds;
}

/**
 * A second before which every write has committed, by AR's own clock: the newest entry stamped
 * before `$TIMESTAMP$ - window` (AR evaluates it), plus one. Undefined when there is none from
 * `from` on. One request, at most one row.
 */
async function settledBefore(this: IPollFunctions, s: PollSetup, from: number, window: number) {
	const page = await listEntries.call(this, s.form, {
		q: settledProbe(from, window),
		fields: [s.idField, s.modifiedField],
		sort: [{ field: s.modifiedField, direction: 'desc' }],
		limit: 1,
	});
	const [newest] = page.entries;
	return newest ? toCursorEntry.call(this, s, newest).modified + 1 : undefined;
}

interface ReadResult {
	/** The last entry read when the read stopped early (cap or budget); undefined when complete. */
	stoppedAt?: CursorEntry;
	rows: number;
}

/**
 * Reads every entry from the cursor's boundary on, oldest first, by keyset. `visit` returns false
 * to stop (the per-poll cap). The read ends on an empty page, on a page without `next` once this
 * read has seen `next` links, or on a short page that cannot be the server's page cap (shorter
 * than a page it already returned). Never on a short page alone: some capped servers send only
 * `self` on a page cut by their cap, so a missing `next` there proves nothing.
 */
async function readFromCursor(
	this: IPollFunctions,
	s: PollSetup,
	cursor: TriggerCursor,
	read: {
		fields?: string[];
		/** Left out of every page (seen versions, while few). */
		exclude?: string;
		pageSize: () => number;
		deadline?: number;
		visit: (entry: ArEntry, version: CursorEntry) => boolean;
	},
): Promise<ReadResult> {
	let after: CursorEntry | undefined;
	let sawNext = false;
	let largestPage = 0;
	let rows = 0;
	for (;;) {
		const asked = Math.max(1, Math.min(PAGE_SIZE, read.pageSize()));
		const page = await listEntries.call(this, s.form, {
			q: combine([windowQualification(cursor, after), read.exclude ?? '', s.filter], 'AND'),
			fields: read.fields,
			sort: [
				{ field: s.modifiedField, direction: 'asc' },
				{ field: s.idField, direction: 'asc' },
			],
			limit: asked,
		});
		for (const entry of page.entries) {
			rows++;
			after = toCursorEntry.call(this, s, entry);
			if (!read.visit(entry, after)) return { stoppedAt: after, rows };
		}
		const returned = page.entries.length;
		sawNext ||= page.hasNext;
		if (returned === 0 || (sawNext && !page.hasNext)) return { rows };
		if (!page.hasNext && returned < asked && returned < largestPage) return { rows };
		largestPage = Math.max(largestPage, returned);
		if (read.deadline !== undefined && Date.now() > read.deadline)
			return { stoppedAt: after, rows };
	}
}

/**
 * First activation: the boundary AR's clock says is settled, and every entry after it counted as
 * seen, so nothing that exists now is emitted, while a write that commits later (even one stamped
 * before activation) is.
 */
async function initialCursor(
	this: IPollFunctions,
	s: PollSetup,
	window: number,
): Promise<TriggerCursor> {
	const start: TriggerCursor = {
		ts: toIso((await settledBefore.call(this, s, 0, window)) ?? 0),
		seen: [],
	};
	const existing: CursorEntry[] = [];
	await readFromCursor.call(this, s, start, {
		fields: [s.idField, s.modifiedField],
		pageSize: () => PAGE_SIZE,
		visit: (_entry, version) => {
			existing.push(version);
			return true;
		},
	});
	return advance(start, existing);
}

/** "Fetch Test Event": the newest entry matching the Event setting; the cursor is left alone. */
async function testEvent(
	this: IPollFunctions,
	s: PollSetup,
	event: EventFilter,
	simplify: boolean,
) {
	// New: the newest creation. Updated: the newest entry changed after it was created.
	const byCreation = event === 'created' && s.createField !== undefined;
	const sortField = byCreation ? s.createField! : s.modifiedField;
	const page = await listEntries.call(this, s.form, {
		q: combine([event === 'updated' ? MODIFIED_AFTER_CREATE : '', s.filter], 'AND') || undefined,
		fields: s.fields,
		sort: [
			{ field: sortField, direction: 'desc' },
			{ field: s.idField, direction: 'desc' },
		],
		limit: 1,
	});
	const [latest] = page.entries;
	if (!latest) {
		const what = event === 'created' ? 'created ' : event === 'updated' ? 'updated ' : '';
		throw new NodeOperationError(
			this.getNode(),
			`No ${what}entries on form '${s.form}' match yet`,
			{
				description: `Create or change a matching entry in AR System, then fetch the test event again.`,
			},
		);
	}
	const created = s.createField ? epochSeconds(latest.values[s.createField]) : undefined;
	const _event = byCreation
		? 'created'
		: classify(undefined, toCursorEntry.call(this, s, latest), created);
	return [[{ json: { ...entryToItem(latest, s, simplify), _event } }]];
}

/** One poll with a known setup: manual test event, first activation, or the read since the cursor. */
export async function pollWith(
	this: IPollFunctions,
	s: PollSetup,
): Promise<INodeExecutionData[][] | null> {
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const event = this.getNodeParameter('event', 'any') as EventFilter;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const maxEntries = Math.max(1, Number(options.maxEntries ?? 1000));
	const window = readCommitWindow.call(this, options);

	if (this.getMode() === 'manual') return await testEvent.call(this, s, event, simplify);

	const staticData = this.getWorkflowStaticData('node');
	let cursor = readCursor(staticData.cursor);
	if (!cursor) {
		if (options.emitExisting !== true) {
			staticData.cursor = await initialCursor.call(this, s, window);
			return null;
		}
		cursor = { ts: toIso(0), seen: [] };
	}

	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const deadline = budget ? Date.now() + budget * BUDGET_SHARE : undefined;
	// Ask AR which seconds are settled before reading, so every write stamped before the answer
	// was visible to the read. Nothing seen after the boundary means there is nothing to move
	// over: the read alone decides, and an idle poll is one request.
	const settled =
		cursor.seen.length > 0
			? await settledBefore.call(this, s, toSeconds(cursor.ts), window)
			: undefined;
	const read: CursorEntry[] = [];
	const emitted: INodeExecutionData[] = [];
	let skipped = 0;
	const from = cursor;
	const exclude = seenExclusion(cursor);
	const { stoppedAt } = await readFromCursor.call(this, s, cursor, {
		fields: s.fields,
		exclude,
		deadline,
		// Room for the rest of the cap plus the versions that will be skipped as already seen.
		pageSize: () =>
			maxEntries - emitted.length + (exclude ? 0 : Math.max(0, from.seen.length - skipped)),
		visit: (entry, version) => {
			read.push(version);
			if (alreadySeen(from, version)) {
				skipped++;
				return true;
			}
			const created = s.createField ? epochSeconds(entry.values[s.createField]) : undefined;
			const _event = classify(from, version, created);
			if (event === 'any' || event === _event) {
				emitted.push({ json: { ...entryToItem(entry, s, simplify), _event } });
			}
			return emitted.length < maxEntries;
		},
	});

	const next = advance(cursor, read, {
		settledBefore: settled,
		stoppedAt,
		excludedSeen: exclude !== '',
	});
	if (JSON.stringify(next) !== JSON.stringify(staticData.cursor)) staticData.cursor = next;
	return emitted.length > 0 ? [emitted] : null;
}
