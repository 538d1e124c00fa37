/**
 * Site filters: the validation workflow every real AR site adds to its forms. A filter runs on a
 * write with the entry as the write would leave it (for a delete: as it is) and, when its
 * qualification matches, stops the transaction with an error message of the site's own, numbered
 * in the 10000 range. Over REST that is a processing error: HTTP 500 and an AR error array with
 * the default processing-error status (realistic profile), 400 otherwise.
 *
 * Evidence: filters with a Message action of type Error stop the operation (BMC docs, "Message
 * action"; communities DOC-17166 "Error handling functions"); the 10000 default number is
 * INFERRED (BMC reserves the ranges below for its products, "Working with error messages").
 */
import { ArError, ArErrorNumber } from './errors';
import type { FormIndex } from './forms/spec';
import type { EntryValues } from './forms/types';
import { compileQualification } from './qualification';

export type SiteFilterOperation = 'create' | 'modify' | 'delete';

export interface SiteFilter {
	/** Form the filter is attached to (for a join form: its member form, where filters run). */
	form: string;
	/** Operations it runs on; default create and modify. */
	on?: SiteFilterOperation[];
	/**
	 * AR qualification evaluated against the entry after the write (delete: before it), e.g.
	 * `'Status' = "Resolved" AND 'Resolution' = $NULL$`. A blank one matches every write.
	 */
	qualification?: string;
	/** Message number; default 10000. */
	messageNumber?: number;
	/** The message text shown to the user. */
	message: string;
	/** Optional appended text (AR leaves it null for workflow messages). */
	appendedText?: string;
}

const DEFAULT_OPERATIONS: readonly SiteFilterOperation[] = ['create', 'modify'];

/** Checks a filter list once at start, so a typo fails loudly instead of never matching. */
export function validateSiteFilters(filters: SiteFilter[], forms: Map<string, FormIndex>): void {
	for (const f of filters) {
		const index = forms.get(f.form);
		if (!index) throw new Error(`Site filter on unknown form "${f.form}"`);
		if (typeof f.message !== 'string' || f.message === '')
			throw new Error(`Site filter on ${f.form} needs a message`);
		for (const op of f.on ?? []) {
			if (!['create', 'modify', 'delete'].includes(op))
				throw new Error(`Site filter on ${f.form}: unknown operation "${op}"`);
		}
		try {
			compileQualification(f.qualification ?? '', index.spec, { user: '', now: 0 });
		} catch (error) {
			// Emulator start-up, not an n8n node: a plain Error for the developer.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw new Error(
				`Site filter on ${f.form}: bad qualification: ${(error as Error).message}`,
			);
		}
	}
}

/** Throws the first matching filter's error for this write. */
export function runSiteFilters(
	filters: readonly SiteFilter[],
	index: FormIndex,
	operation: SiteFilterOperation,
	values: EntryValues,
	ctx: { user: string; now: number },
): void {
	for (const f of filters) {
		if (f.form !== index.spec.name) continue;
		if (!(f.on ?? DEFAULT_OPERATIONS).includes(operation)) continue;
		const matches = compileQualification(f.qualification ?? '', index.spec, ctx);
		if (!matches(values)) continue;
		throw new ArError(
			400,
			f.messageNumber ?? ArErrorNumber.SITE_FILTER,
			f.appendedText ?? null,
			f.message,
		);
	}
}
