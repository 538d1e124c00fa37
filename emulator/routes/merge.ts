/**
 * `POST /mergeEntry/{form}` (reference §3, DOC-MERGE). The match is the entry selected by
 * `qualification` when one is given, otherwise the entry whose Request ID (field 1) is in
 * `values`. Without a match the entry is created (keeping a given Request ID, except GEN_NEW_ID).
 * With a match:
 *   DUP_ERROR      400 / 382, nothing written
 *   DUP_NEW_ID     a new entry with a new ID
 *   DUP_OVERWRITE  the match is replaced by exactly the given values (same ID)
 *   DUP_MERGE      the given fields are written into the match
 *   GEN_NEW_ID     always a new entry with a new ID, match or not
 * `mergeOptions.workflowEnabled: false` runs no filters (DOC-MERGE's option; the AR API's
 * AR_MERGE_NO_WORKFLOW_FIRED): neither the forms' own workflow (Incident Number, Priority, the
 * interface form's ticket) nor the site's filters. Absent or true: filters run as on any write.
 * The answer is always 201 + Location, no body. AR does not say whether it created or updated;
 * a client that needs to know compares the Location ID with the match it looked up beforehand
 * (or with the Request ID it sent). The emulator adds no header for it.
 */
import { entryUrl, readJsonBody, sendEmpty } from '../context';
import type { RequestContext } from '../context';
import { ArError, ArErrorNumber, malformed } from '../errors';
import { parseValues } from '../format';
import { writeContext } from './entry';
import { checkWrite } from './permissions';

export const MERGE_TYPES = [
	'DUP_ERROR',
	'DUP_NEW_ID',
	'DUP_OVERWRITE',
	'DUP_MERGE',
	'GEN_NEW_ID',
] as const;
export type MergeType = (typeof MERGE_TYPES)[number];

export function mergeEntry(ctx: RequestContext, form: string): void {
	const { state } = ctx;
	const { store } = state;
	const index = store.form(form);
	if (index.spec.type !== 'REGULAR')
		throw malformed(
			`Merge is only supported on regular forms; ${form} is a ${index.spec.type} form`,
		);
	const body = readJsonBody(ctx);
	if (!('values' in body))
		throw malformed('The body must be {"values": {...}, "mergeOptions": {...}}');
	const options = body.mergeOptions ?? {};
	if (typeof options !== 'object' || options === null || Array.isArray(options)) {
		throw malformed('mergeOptions must be a JSON object');
	}
	const opts = options as Record<string, unknown>;
	const mergeType = (opts.mergeType ?? 'DUP_ERROR') as MergeType;
	if (!MERGE_TYPES.includes(mergeType)) {
		throw malformed(
			`mergeOptions.mergeType must be one of ${MERGE_TYPES.join(', ')}, got ${JSON.stringify(opts.mergeType)}`,
		);
	}
	if (opts.workflowEnabled !== undefined && typeof opts.workflowEnabled !== 'boolean') {
		throw malformed(
			`mergeOptions.workflowEnabled must be true or false, got ${JSON.stringify(opts.workflowEnabled)}`,
		);
	}
	const qualification = body.qualification;
	if (qualification !== undefined && qualification !== null && typeof qualification !== 'string') {
		throw malformed('qualification must be a string');
	}
	const now = ctx.now;
	const user = ctx.user ?? '';
	const values = parseValues(index, body.values, { now });
	const requestId = typeof values[1] === 'string' ? values[1] : undefined;

	let match: string | undefined;
	if (qualification) {
		const matches = state.queries.run(form, qualification, [], { user, now });
		if (matches.length > 1 && (opts.multimatchOption ?? 0) === 0) {
			throw new ArError(400, ArErrorNumber.MULTIPLE_MATCHES, `${matches.length} entries`);
		}
		match = matches[0]?.id;
	} else if (requestId !== undefined && store.get(form, requestId)) {
		match = requestId;
	}

	const write = {
		...writeContext(ctx),
		skipRequired: opts.ignoreRequired === true,
		noWorkflow: opts.workflowEnabled === false,
	};
	let id: string;
	if (match === undefined || mergeType === 'GEN_NEW_ID' || mergeType === 'DUP_NEW_ID') {
		checkWrite(ctx, form, 'create', values);
		const keepId =
			mergeType !== 'GEN_NEW_ID' &&
			match === undefined &&
			requestId !== undefined &&
			!store.get(form, requestId);
		id = store.create(form, values, { ...write, explicitId: keepId ? requestId : undefined });
	} else if (mergeType === 'DUP_ERROR') {
		throw new ArError(400, ArErrorNumber.UNIQUE_INDEX, match);
	} else {
		checkWrite(ctx, form, 'modify', values, match);
		if (mergeType === 'DUP_OVERWRITE') store.overwrite(form, match, values, write);
		else store.modify(form, match, values, write);
		id = match;
	}
	sendEmpty(ctx.res, 201, { Location: entryUrl(ctx, form, id) });
}
