/**
 * Login bookkeeping shared by the credential (which logs in) and the transport (which sees the
 * answers), kept per credential identity inside this process.
 *
 * n8n runs `preAuthentication` for every execution whose copy of the credential holds an empty
 * or rejected token, with no lock: 20 executions meeting one expired token would log in 20
 * times, and on AR every login opens a session and may take a floating licence. So:
 * - one login per identity is in flight at a time; whoever needs a token meanwhile waits for it;
 * - the last login remembers which token it replaced (as a hash) and the token it produced: an
 *   execution whose copy still holds that replaced token adopts the new one instead of logging
 *   in again;
 * - a token a gateway refused (403 HTML page) is remembered as a hash, so `authenticate` stops
 *   sending it and n8n's usual 401 path logs in.
 * Per identity this holds one token (the replacement, which n8n also stores) and two hashes,
 * nothing else; no token is logged or put in an error.
 */
import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { normaliseBaseUrl } from './urls';

interface IdentitySessions {
	/** The login under way, shared by every request that needs a token meanwhile. */
	inFlight?: Promise<string>;
	/** Hash of the token the last login replaced (the hash of '' for "no token yet"). */
	replacedHash?: string;
	/** The token that login produced. */
	replacement?: string;
	/** Hash of the last token a gateway refused. */
	refusedHash?: string;
}

const sessions = new Map<string, IdentitySessions>();

/**
 * Fingerprint of the identity a token belongs to: SHA-256 of Server URL, username, password and
 * authentication string. Stored next to the token, never shown.
 */
export function identityFingerprint(credentials: ICredentialDataDecryptedObject): string {
	const identity = [
		normaliseBaseUrl(credentials.baseUrl),
		String(credentials.username ?? ''),
		String(credentials.password ?? ''),
		String(credentials.authString ?? ''),
	];
	return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

export function tokenHash(token: unknown): string {
	return createHash('sha256')
		.update(typeof token === 'string' ? token : '')
		.digest('hex');
}

function entry(identity: string): IdentitySessions {
	let state = sessions.get(identity);
	if (!state) {
		state = {};
		sessions.set(identity, state);
	}
	return state;
}

/**
 * A token for `identity` to replace `staleToken` (the one the caller's copy holds, '' if none):
 * the token that already replaced it, the login already in flight, or a new login.
 */
export async function obtainToken(
	identity: string,
	staleToken: unknown,
	login: () => Promise<string>,
): Promise<string> {
	const state = entry(identity);
	const stale = tokenHash(staleToken);
	if (
		state.replacement !== undefined &&
		state.replacedHash === stale &&
		tokenHash(state.replacement) !== state.refusedHash
	) {
		return state.replacement;
	}
	if (state.inFlight) return await state.inFlight;
	const flight = (async () => {
		const token = await login();
		state.replacedHash = stale;
		state.replacement = token;
		return token;
	})();
	state.inFlight = flight;
	try {
		return await flight;
	} finally {
		if (state.inFlight === flight) state.inFlight = undefined;
	}
}

/** Remembers that a gateway refused this token (403 HTML), so it is not sent again. */
export function markRefused(credentials: ICredentialDataDecryptedObject): void {
	if (typeof credentials.token !== 'string' || credentials.token === '') return;
	entry(identityFingerprint(credentials)).refusedHash = tokenHash(credentials.token);
}

/** Whether a gateway refused this credential copy's token. */
export function isRefused(credentials: ICredentialDataDecryptedObject): boolean {
	const state = sessions.get(identityFingerprint(credentials));
	return state?.refusedHash !== undefined && state.refusedHash === tokenHash(credentials.token);
}

/** Forgets everything (tests). */
export function resetSessions(): void {
	sessions.clear();
}
