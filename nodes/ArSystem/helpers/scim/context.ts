/**
 * What every SCIM handler needs: the n8n context to call AR through, the item index, the
 * operation's options, and the translation of AR failures into SCIM errors.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { QualificationInputError } from '../qualification';
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

export interface ScimContext {
	fn: IExecuteFunctions;
	itemIndex: number;
	settings: ScimSettings;
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
 * a missing entry (302) 404, a refused value 400; the rest is the AR server failing (502), with
 * the node's message, which never holds a password or token.
 */
export function toScimError(error: unknown): ScimError {
	if (error instanceof ScimError) return error;
	if (error instanceof QualificationInputError) return badRequest(error.message);
	if (error instanceof NodeApiError) {
		const numbers = arNumbers(error);
		if (numbers.includes(382)) {
			return new ScimError(409, `AR System refused a duplicate: ${error.message}`, 'uniqueness');
		}
		if (numbers.includes(302)) return new ScimError(404, error.message);
		if (numbers.some((n) => n === 307 || n === 326)) return badRequest(error.message);
		const detail = [error.message, error.description].filter(Boolean).join(' ');
		return new ScimError(502, `The AR System server failed: ${detail}`);
	}
	if (error instanceof NodeOperationError) {
		return badRequest([error.message, error.description].filter(Boolean).join(' '));
	}
	const message = error instanceof Error ? error.message : String(error);
	return new ScimError(500, `Unexpected failure in the SCIM bridge: ${message}`);
}
