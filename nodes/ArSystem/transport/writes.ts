/**
 * Writes that are never blindly re-sent. A write whose answer was lost after it may have reached
 * the server (connection reset, timeout, a proxy's 502 / 504 page, AR's "accepted, will usually
 * complete" 92) is checked by reading back, and its outcome is one of:
 * - applied: the entry shows the write (PUT: the values, a diary's appended text; DELETE: gone;
 *   merge: the matched entry holds the values) — the item succeeds, nothing is re-sent;
 * - not applied: the entry clearly does not show it — the write is re-sent once (then verified
 *   the same way if that answer is lost too); if it still did not apply, the error says so and
 *   that running the item again is safe;
 * - unknown: reading back cannot tell (a create without a match key, the read failed, only
 *   passwords were written) — never re-sent; the error says what to check before running again.
 * An AR error array (a filter's rejection, no access, a bad value) is the server's answer, not a
 * lost one: it is reported as it is, at once, whatever the HTTP status.
 */
import { NodeApiError } from 'n8n-workflow';

import { buildNodeApiError } from './errors';
import type { ReadBackVerdict } from './readBack';
import { writeInDoubt } from './request';
import type { ArResponse } from './request';
import type { ArErrorContext, ArFunctions } from './types';

export type WriteOutcome = 'applied' | 'not applied' | 'unknown';

export interface WriteResult {
	response?: ArResponse;
	/** Set when the first answer was lost: what reading back found. */
	verified?: 'applied';
	/** The write was sent a second time after reading back showed it had not been applied. */
	resent?: boolean;
}

export interface WriteSpec {
	/** Names the write in messages: "Update of entry '000000000000001' on form 'User'". */
	what: string;
	send: () => Promise<ArResponse>;
	/** Reads back; undefined = this write cannot be verified (a create without a match key). */
	verify?: () => Promise<ReadBackVerdict>;
	/** What a "present" read-back shows, for messages: "the values are there". */
	presentMeans: string;
	/** What the user should check before running again when the outcome is unknown. */
	checkHint: string;
	context: ArErrorContext;
}

async function readBack(spec: WriteSpec): Promise<{ verdict: ReadBackVerdict; why?: string }> {
	if (!spec.verify) return { verdict: 'unknown', why: 'this write cannot be verified by reading back' };
	try {
		const verdict = await spec.verify();
		return verdict === 'unknown'
			? { verdict, why: 'reading back could not tell (no field it sent can be compared)' }
			: { verdict };
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return { verdict: 'unknown', why: `reading back failed too (${message})` };
	}
}

function outcomeError(
	this: ArFunctions,
	spec: WriteSpec,
	outcome: 'not applied' | 'unknown',
	text: string,
): NodeApiError {
	const message =
		outcome === 'not applied'
			? `${spec.what} was not applied`
			: `${spec.what} may or may not have been applied`;
	const error = buildNodeApiError(
		this.getNode(),
		{ message, description: text },
		undefined,
		spec.context.itemIndex,
		{ writeOutcome: outcome },
	);
	return error;
}

function log(this: ArFunctions, text: string): void {
	this.logger?.warn(`AR System: ${text}`);
}

/** Sends a write; when its answer is lost, reads back and reports the truth (see above). */
export async function safeWrite(this: ArFunctions, spec: WriteSpec): Promise<WriteResult> {
	let first: unknown;
	try {
		return { response: await spec.send() };
	} catch (error) {
		first = error;
	}
	const lost = writeInDoubt(first);
	if (!lost) throw first;

	const check = await readBack(spec);
	if (check.verdict === 'present') {
		log.call(this, `${spec.what}: the answer was lost (${lost}); read back: ${spec.presentMeans}, so it was applied. Not re-sent.`);
		return { verified: 'applied' };
	}
	if (check.verdict === 'unknown') {
		throw outcomeError.call(
			this,
			spec,
			'unknown',
			`The request reached the server or may have, but its answer was lost (${lost}), and ` +
				`${check.why}. It was not re-sent, so that nothing is applied twice. ${spec.checkHint}`,
		);
	}

	// Not applied: one more attempt is safe, and it is verified the same way if its answer is lost.
	log.call(this, `${spec.what}: the answer was lost (${lost}); read back: not applied. Sending it once more.`);
	let second: unknown;
	try {
		const response = await spec.send();
		return { response, resent: true };
	} catch (error) {
		second = error;
	}
	const lostAgain = writeInDoubt(second);
	if (!lostAgain) {
		if (second instanceof NodeApiError) {
			second.description = `${second.description ?? ''} The first attempt had not been applied (its answer was lost: ${lost}); this is the answer to the second.`.trim();
		}
		throw second;
	}
	const again = await readBack(spec);
	if (again.verdict === 'present') {
		log.call(this, `${spec.what}: the second attempt's answer was lost too (${lostAgain}); read back: ${spec.presentMeans}, so it was applied.`);
		return { verified: 'applied', resent: true };
	}
	if (again.verdict === 'absent') {
		throw outcomeError.call(
			this,
			spec,
			'not applied',
			`Two attempts failed in transit (${lost}; then ${lostAgain}) and reading back shows the ` +
				'write is not there. Nothing was changed; it is safe to run this item again once the ' +
				'server or the network in between is healthy.',
		);
	}
	throw outcomeError.call(
		this,
		spec,
		'unknown',
		`The first attempt was not applied; the second one's answer was lost (${lostAgain}), and ` +
			`${again.why}. It was not sent a third time. ${spec.checkHint}`,
	);
}

/**
 * The outcome safeWrite reported for a write whose answer was lost ('not applied' / 'unknown'),
 * or undefined for any other error (the server's own answer, a refused request).
 */
export function writeInDoubtOutcome(error: unknown): 'not applied' | 'unknown' | undefined {
	const response = (error as { errorResponse?: { writeOutcome?: unknown } } | null)?.errorResponse;
	const outcome = response?.writeOutcome;
	return outcome === 'not applied' || outcome === 'unknown' ? outcome : undefined;
}
