/**
 * Bearer token check. Both tokens are hashed first so timingSafeEqual always compares 32 bytes:
 * the time taken says nothing about how much of the token was right, nor about its length.
 */
import { createHash, timingSafeEqual } from 'crypto';

import { getIgnoringCase } from './evaluate';
import { ScimError } from './errors';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Throws a 401 ScimError unless the Authorization header carries `Bearer <expected>`. */
export function checkBearer(headers: unknown, expected: string): void {
	const raw = getIgnoringCase(headers, 'authorization');
	const header = Array.isArray(raw) ? raw[0] : raw;
	const match = typeof header === 'string' ? /^\s*Bearer\s+(\S+)\s*$/i.exec(header) : null;
	// Compared even when missing, so a request without a token takes as long as a wrong one.
	const given = match ? match[1] : '';
	const same = timingSafeEqual(digest(given), digest(expected));
	if (!match) {
		throw new ScimError(401, 'Authentication required: send the header Authorization: Bearer <token>.');
	}
	if (!same) throw new ScimError(401, 'The bearer token is not valid.');
}
