/**
 * Site filters: the workflow every real AR site adds to its forms. A filter runs on a write with
 * the entry as the write would leave it (for a delete: as it is) and, when its qualification
 * matches, either stops the transaction with an error message of the site's own, numbered in the
 * 10000 range (over REST a processing error: HTTP 500 and an AR error array in the realistic
 * profile, 400 otherwise), or, with `normalise`, rewrites character fields before the entry is
 * stored (a Set Fields action: the value read back is not the value sent). Filters run in list
 * order, so an error filter sees what an earlier normalising filter wrote. A merge with
 * `workflowEnabled: false` runs none of them.
 *
 * Normalising filters: sites upper-case codes and trim pasted text with Set Fields filters; the
 * realistic profile's one (`CODE_NORMALISER`, profiles.ts) is an ASSUMPTION modelled on them.
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
	/** The message text shown to the user (an error filter). */
	message?: string;
	/** A Set Fields filter instead of an error: these character fields are rewritten by the rules. */
	normalise?: { fields: string[]; rules: NormaliseRule[] };
	/** Optional appended text (AR leaves it null for workflow messages). */
	appendedText?: string;
}

/** What a normalising filter does to a character value, applied in the order given. */
export type NormaliseRule = 'trim' | 'upper' | 'lower' | 'collapse-spaces';

const RULES: Record<NormaliseRule, (text: string) => string> = {
	trim: (text) => text.trim(),
	upper: (text) => text.toUpperCase(),
	lower: (text) => text.toLowerCase(),
	'collapse-spaces': (text) => text.replace(/\s+/g, ' '),
};

const DEFAULT_OPERATIONS: readonly SiteFilterOperation[] = ['create', 'modify'];

/** Checks a filter list once at start, so a typo fails loudly instead of never matching. */
export function validateSiteFilters(filters: SiteFilter[], forms: Map<string, FormIndex>): void {
	for (const f of filters) {
		const index = forms.get(f.form);
		if (!index) throw new Error(`Site filter on unknown form "${f.form}"`);
		if (f.normalise === undefined) {
			if (typeof f.message !== 'string' || f.message === '')
				throw new Error(`Site filter on ${f.form} needs a message or a normalise action`);
		} else {
			for (const name of f.normalise.fields ?? []) {
				if (index.byName.get(name)?.datatype !== 'CHAR')
					throw new Error(`Site filter on ${f.form}: "${name}" is not a character field`);
			}
			for (const rule of f.normalise.rules ?? []) {
				if (!(rule in RULES)) throw new Error(`Site filter on ${f.form}: unknown rule "${rule}"`);
			}
			if ((f.on ?? []).includes('delete'))
				throw new Error(`Site filter on ${f.form}: a normalising filter cannot run on delete`);
		}
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

/**
 * Runs the form's filters on this write in order: a matching normalising filter rewrites `values`
 * in place; the first matching error filter throws.
 */
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
		if (f.normalise) {
			normalise(index, values, f.normalise);
			continue;
		}
		throw new ArError(
			400,
			f.messageNumber ?? ArErrorNumber.SITE_FILTER,
			f.appendedText ?? null,
			f.message,
		);
	}
}

function normalise(
	index: FormIndex,
	values: EntryValues,
	action: { fields: string[]; rules: NormaliseRule[] },
): void {
	for (const name of action.fields) {
		const field = index.byName.get(name);
		const value = field ? values[field.id] : undefined;
		if (!field || typeof value !== 'string') continue;
		const text = action.rules.reduce((t, rule) => RULES[rule](t), value);
		// AR stores an empty character value as NULL.
		values[field.id] = text === '' ? null : text;
	}
}
