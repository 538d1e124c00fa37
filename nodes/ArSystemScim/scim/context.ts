/**
 * What every SCIM handler needs: the n8n context to call AR through, the node's options, the key
 * of the per-process caches, the changes the request made (they become the execution's items),
 * and the translation of AR failures into SCIM errors.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { QualificationInputError } from '../../ArSystem/helpers/qualification';
import type { ArFunctions } from '../../ArSystem/transport';
import { badRequest, ScimError } from './errors';

export interface ScimSettings {
	/** What DELETE /Users/{id} does. */
	deleteMode: 'disable' | 'delete';
	/** Status labels, when the server's cannot be recognised. */
	enabledLabel: string;
	disabledLabel: string;
	/** User form field (name or ID) that keeps externalId; '' = not kept. */
	externalIdField: string;
	/** Company for new CTM:People records; '' = only existing records are updated. */
	peopleCompany: string;
	/** Group Type label for new groups. */
	groupType: string;
	/** The SCIM base URL as the identity provider sees it, for meta.location; '' = omitted. */
	baseUrl: string;
	/** Largest page a list returns (and the default `count`). */
	maxResults: number;
}

/** One change a request made on AR, as the workflow's item describes it. */
export interface ScimChange {
	event:
		| 'userCreated'
		| 'userUpdated'
		| 'userDeactivated'
		| 'userReactivated'
		| 'userDeleted'
		| 'groupCreated'
		| 'groupUpdated'
		| 'groupDeleted'
		| 'groupMembershipChanged';
	resourceType: 'User' | 'Group';
	/** The SCIM id (AR Request ID). */
	id: string;
	/** userName of a user, displayName of a group. */
	name: string;
	/** SCIM attribute names whose value changed (never the values of secrets). */
	attributes?: string[];
	/** Member user ids added to or removed from a group. */
	membersAdded?: string[];
	membersRemoved?: string[];
}

export interface ScimContext {
	fn: ArFunctions;
	/** n8n's parameter errors name an item; a webhook request is item 0. */
	itemIndex: number;
	settings: ScimSettings;
	/** Per-process caches are keyed by this: the AR credential's identity and the options that shape answers. */
	cacheKey: string;
	/** What this request changed on AR, in order. */
	changes: ScimChange[];
}

/** The URL of a path under the base URL, or undefined when no base URL is set. */
export function locationOf(ctx: ScimContext, path: string): string | undefined {
	const base = ctx.settings.baseUrl.trim().replace(/\/+$/, '');
	return base === '' ? undefined : `${base}${path}`;
}

/** AR message numbers carried by a transport error (see transport/errors.ts). */
export function arNumbers(error: unknown): number[] {
	const response = (error as { errorResponse?: { arMessages?: Array<{ messageNumber?: unknown }> } })
		.errorResponse;
	return (response?.arMessages ?? [])
		.map((m) => Number(m.messageNumber))
		.filter((n) => Number.isFinite(n));
}

/**
 * Any failure as a ScimError: SCIM errors pass through, AR's duplicate (382) is 409 uniqueness,
 * a missing entry (302) 404, a refused value (307 required, 326 bad value) 400 with the node's
 * message (it names the field); anything else is the AR server failing (502). The identity
 * provider never gets AR's own message text or the server's address for those: they are server
 * internals, written to n8n's log instead (`log`), where the administrator looks.
 */
export function toScimError(error: unknown, log?: (text: string) => void): ScimError {
	if (error instanceof ScimError) return error;
	if (error instanceof QualificationInputError) return badRequest(error.message);
	if (error instanceof NodeApiError) {
		const numbers = arNumbers(error);
		if (numbers.includes(382)) {
			return new ScimError(409, 'AR System refused a duplicate: the name is already taken.', 'uniqueness');
		}
		if (numbers.includes(302)) return new ScimError(404, 'The resource does not exist (any more).');
		if (numbers.some((n) => n === 307 || n === 326)) return badRequest(error.message);
		log?.(`AR System SCIM: the AR System server failed: ${[error.message, error.description].filter(Boolean).join(' ')}`);
		const codes = numbers.length > 0 ? ` (AR error ${numbers.join(', ')})` : '';
		return new ScimError(502, `The AR System server could not complete the request${codes}. The n8n log has the details.`);
	}
	if (error instanceof NodeOperationError) {
		return badRequest([error.message, error.description].filter(Boolean).join(' '));
	}
	log?.(`AR System SCIM: unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
	return new ScimError(500, 'Unexpected failure in the SCIM bridge. The n8n log has the details.');
}
