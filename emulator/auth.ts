/**
 * AR-JWT tokens: real three-part HS256 JWTs (reference §1) plus a registry of live tokens, because
 * AR can revoke a token (logout) before it expires and the emulator can expire all of them at once.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

import { USER_FORM, UserField } from './forms/user';
import type { Store } from './store';

export interface TokenClaims {
	sub: string;
	iss: string;
	iat: number;
	nbf: number;
	exp: number;
	_cacheId: number;
}

function base64url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

export class TokenService {
	private readonly live = new Map<number, TokenClaims>();
	private nextCacheId = 1;

	constructor(
		private readonly secret: Buffer,
		private readonly issuer: string,
	) {}

	issue(user: string, now: number, ttlSeconds: number): string {
		const claims: TokenClaims = {
			sub: user,
			iss: this.issuer,
			iat: now,
			nbf: now,
			exp: now + ttlSeconds,
			_cacheId: this.nextCacheId++,
		};
		this.prune(now);
		this.live.set(claims._cacheId, claims);
		// AR's sample token header is just {"alg":"HS256"}.
		const head = `${base64url('{"alg":"HS256"}')}.${base64url(JSON.stringify(claims))}`;
		return `${head}.${this.sign(head)}`;
	}

	private sign(head: string): string {
		return createHmac('sha256', this.secret).update(head).digest('base64url');
	}

	/**
	 * The claims of a live, correctly signed, unexpired token. `nbf` is not enforced so that a test
	 * moving the emulator clock backwards does not invalidate every token.
	 */
	verify(token: string, now: number): TokenClaims | undefined {
		const parts = token.split('.');
		if (parts.length !== 3) return undefined;
		const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
		const actual = Buffer.from(parts[2]);
		if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
		let claims: TokenClaims;
		try {
			claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as TokenClaims;
		} catch {
			return undefined;
		}
		const live = this.live.get(claims._cacheId);
		if (!live || live.sub !== claims.sub) return undefined;
		if (now >= live.exp) {
			this.live.delete(claims._cacheId);
			return undefined;
		}
		return live;
	}

	revoke(claims: TokenClaims): void {
		this.live.delete(claims._cacheId);
	}

	revokeAll(): void {
		this.live.clear();
	}

	private prune(now: number): void {
		if (this.live.size < 1000) return;
		for (const [id, c] of this.live) if (now >= c.exp) this.live.delete(id);
	}
}

/** The User entry of a login name, found through the Login Name unique index. */
export function findUser(store: Store, login: string) {
	const id = store.findUnique(USER_FORM, [UserField.LOGIN_NAME], { [UserField.LOGIN_NAME]: login });
	return id === undefined ? undefined : store.get(USER_FORM, id);
}

/**
 * AR checks the password stored on the User form. A blank password only matches a user without
 * one (the guest / external-authentication case the reference mentions); a Status other than the
 * first label (the active state) refuses the login.
 */
export function checkCredentials(store: Store, login: string, password: string): boolean {
	const user = findUser(store, login);
	if (!user) return false;
	const stored = user.values[UserField.PASSWORD];
	const expected = typeof stored === 'string' ? stored : '';
	if (expected !== password) return false;
	return (user.values[UserField.STATUS] ?? 0) === 0;
}

/**
 * Administrators are members of group 1 (Administrator), as in AR. Group Lists may carry spaces
 * (`10; 1;`) or the group's name (data variants), so items are trimmed and the name counts too.
 */
export function isAdmin(store: Store, login: string): boolean {
	const groups = findUser(store, login)?.values[UserField.GROUP_LIST];
	if (typeof groups !== 'string') return false;
	return groups.split(';').some((g) => {
		const item = g.trim();
		return item === '1' || item === 'Administrator';
	});
}
