import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	APP_DESCRIPTION,
	fieldsToReturn,
	filterFields,
	formLocator,
	simplifyField,
} from '../ArSystem/actions/common.descriptions';
import { getFormMetadata } from '../ArSystem/helpers/metadata';
import { triggerMethods } from '../ArSystem/methods';
import type { FilterParameters, OutputShape } from '../ArSystem/helpers/query';
import { entryId, entryToItem, outputShape, qualificationFrom } from '../ArSystem/helpers/query';
import { combine } from '../ArSystem/helpers/qualification';
import { parseArDateTime } from '../ArSystem/helpers/values';
import type { ArEntry } from '../ArSystem/transport';
import { listEntries } from '../ArSystem/transport';
import type { CursorEntry, ReadEntry, TriggerCursor } from './cursor';
import {
	CREATE_DATE_ID,
	MODIFIED_DATE_ID,
	advance,
	alreadySeen,
	classify,
	isCursor,
	on,
	toIso,
	windowQualification,
} from './cursor';

type EventFilter = 'created' | 'updated' | 'any';

const PAGE_SIZE = 1000;
/**
 * Seconds at or after (server time - this) may still receive writes. Entries from them are
 * emitted, but the cursor stays behind them (see cursor.ts `advance`): moving past an unfinished
 * second would let a later write there, with a lower Request ID than one already read, fall
 * behind the cursor. One second of slack covers a Date header stamped by a proxy or another server.
 */
const OPEN_SECONDS_MARGIN = 1;
/** Stop paging at this share of the poll budget, so the poll returns before n8n abandons it. */
const BUDGET_SHARE = 0.8;

/**
 * What a poll needs to know about the form, kept in static data next to the cursor so an idle
 * poll costs one request: the metadata (and the filter built from it) is fetched again only when
 * the form or the filter parameters change, or after the server rejected a request.
 */
interface PollSetup extends OutputShape {
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

async function setup(this: IPollFunctions): Promise<PollSetup> {
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
			{ description: 'The account may lack read access to fields 1 and 6 on this form.' },
		);
	}
	return { id, modified };
}

/** The newest entries, newest first: the test event, and the starting point on activation. */
async function newest(this: IPollFunctions, s: PollSetup, q: string, limit: number) {
	const page = await listEntries.call(this, s.form, {
		q: q || undefined,
		fields: s.fields,
		sort: [
			{ field: s.modifiedField, direction: 'desc' },
			{ field: s.idField, direction: 'desc' },
		],
		limit,
	});
	return page.entries;
}

/** First activation: start at the server's newest Modified Date, owning the entries there. */
async function initialCursor(this: IPollFunctions, s: PollSetup): Promise<TriggerCursor> {
	const [latest] = await newest.call(this, s, '', 1);
	if (!latest) return { ts: toIso(0), ids: [] };
	const { modified } = toCursorEntry.call(this, s, latest);
	const ids: string[] = [];
	let after: CursorEntry | undefined;
	let sawNext = false;
	// Usually one request; a large same-second cluster pages by keyset like a normal poll.
	for (;;) {
		const window = after
			? windowQualification({ ts: toIso(modified), ids: [] }, after)
			: on('modified', 'equals', modified);
		const page = await listEntries.call(this, s.form, {
			q: combine([window, on('modified', 'equals', modified)], 'AND'),
			fields: [s.idField, s.modifiedField],
			sort: [{ field: s.idField, direction: 'asc' }],
			limit: PAGE_SIZE,
		});
		for (const entry of page.entries) {
			after = toCursorEntry.call(this, s, entry);
			ids.push(after.id);
		}
		sawNext ||= page.hasNext || page.sawLinks;
		if (page.entries.length === 0 || (sawNext && !page.hasNext)) break;
	}
	return { ts: toIso(modified), ids };
}

/** One poll with a known setup: manual test event, first activation, or the window since the cursor. */
async function pollWith(this: IPollFunctions, s: PollSetup): Promise<INodeExecutionData[][] | null> {
	const simplify = this.getNodeParameter('simplify', true) as boolean;
	const event = this.getNodeParameter('event', 'any') as EventFilter;
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const maxEntries = Math.max(1, Number(options.maxEntries ?? 1000));
	const idField = s.idField;

	if (this.getMode() === 'manual') {
		// "Fetch test event": the newest match, and the cursor is left alone.
		const [latest] = await newest.call(this, s, s.filter, 1);
		if (!latest) {
			throw new NodeOperationError(this.getNode(), `No entries on form '${s.form}' match yet`, {
				description: 'Create or change a matching entry in AR System, then fetch the test event again.',
			});
		}
		const created = s.createField ? epochSeconds(latest.values[s.createField]) : undefined;
		const _event = classify(undefined, toCursorEntry.call(this, s, latest), created);
		return [[{ json: { ...entryToItem(latest, s, simplify), _event } }]];
	}

	const staticData = this.getWorkflowStaticData('node');
	let cursor: TriggerCursor;
	if (isCursor(staticData.cursor)) {
		cursor = staticData.cursor;
	} else if (options.emitExisting === true) {
		cursor = { ts: toIso(0), ids: [] };
	} else {
		staticData.cursor = await initialCursor.call(this, s);
		return null;
	}

	const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
	const deadline = budget ? Date.now() + budget * BUDGET_SHARE : undefined;
	const read: ReadEntry[] = [];
	const processed: CursorEntry[] = [];
	const emitted: INodeExecutionData[] = [];
	let after: CursorEntry | undefined;
	// A server that sends `_links` sends `next` while more rows exist, so its absence ends the
	// window; a link-less server is read until an empty page.
	let sawNext = false;
	const skippable = cursor.ids.length + (cursor.tail?.length ?? 0);
	let sawServerTime = false;

	paging: for (;;) {
		const asked = Math.min(PAGE_SIZE, maxEntries - emitted.length + (after ? 0 : skippable));
		const page = await listEntries.call(this, s.form, {
			q: combine([windowQualification(cursor, after), s.filter], 'AND'),
			fields: s.fields,
			sort: [
				{ field: s.modifiedField, direction: 'asc' },
				{ field: idField, direction: 'asc' },
			],
			limit: asked,
		});
		const openFrom =
			page.serverTime === undefined ? undefined : page.serverTime - OPEN_SECONDS_MARGIN;
		sawServerTime ||= page.serverTime !== undefined;
		for (const entry of page.entries) {
			const version = toCursorEntry.call(this, s, entry);
			after = version;
			read.push({ ...version, open: openFrom !== undefined && version.modified >= openFrom });
			if (alreadySeen(cursor, version)) continue;
			processed.push(version);
			const created = s.createField ? epochSeconds(entry.values[s.createField]) : undefined;
			const _event = classify(cursor, version, created);
			if (event === 'any' || event === _event) {
				emitted.push({ json: { ...entryToItem(entry, s, simplify), _event } });
			}
			if (emitted.length >= maxEntries) break paging;
		}
		sawNext ||= page.hasNext || page.sawLinks;
		if (page.entries.length === 0 || (sawNext && !page.hasNext)) break;
		if (deadline !== undefined && Date.now() > deadline) break;
	}

	// Without a Date header nothing says which seconds were over: take the newest second read as
	// still open, the one where late writes are likely, so the cursor stays just behind it.
	if (!sawServerTime && read.length > 0) {
		const newest = Math.max(...read.map((entry) => entry.modified));
		for (const entry of read) if (entry.modified === newest) entry.open = true;
	}
	const next = advance(cursor, read, processed);
	if (JSON.stringify(next) !== JSON.stringify(cursor)) staticData.cursor = next;
	return emitted.length > 0 ? [emitted] : null;
}

export class ArSystemTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR System Trigger',
		name: 'arSystemTrigger',
		icon: { light: 'file:../../icons/arSystem.svg', dark: 'file:../../icons/arSystem.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["event"] + ": " + $parameter["form"].value }}',
		description: APP_DESCRIPTION,
		defaults: { name: 'AR System Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'arSystemApi', required: true }],
		properties: [
			{ ...formLocator, default: { mode: 'list', value: 'User' } },
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{ name: 'New', value: 'created', description: 'Entries created since the last poll' },
					{
						name: 'New or Updated',
						value: 'any',
						description: 'Entries created or modified since the last poll',
					},
					{ name: 'Updated', value: 'updated', description: 'Existing entries modified since the last poll' },
				],
				default: 'any',
			},
			...filterFields,
			fieldsToReturn,
			simplifyField,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Existing Entries on First Run',
						name: 'emitExisting',
						type: 'boolean',
						default: false,
						description:
							'Whether the first poll after activation emits every entry that matches, instead of starting from now',
					},
					{
						displayName: 'Max Entries Per Poll',
						name: 'maxEntries',
						type: 'number',
						default: 1000,
						typeOptions: { minValue: 1 },
						description: 'The rest arrives with the next poll; nothing is skipped',
					},
				],
			},
		],
	};

	methods = triggerMethods;

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const s = await setup.call(this);
		try {
			return await pollWith.call(this, s);
		} catch (error) {
			// A 400 usually means the form changed under the cached setup (a renamed field):
			// rebuild it from fresh metadata on the next poll. The cursor is not touched.
			if ((error as NodeApiError).httpCode === '400') delete this.getWorkflowStaticData('node').setup;
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error);
		}
	}
}
