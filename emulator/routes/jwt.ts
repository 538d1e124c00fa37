/**
 * `/api/jwt/login` and `/api/jwt/logout`, and the AR-JWT check every `/api/arsys` call goes through.
 */
import { checkCredentials, isAdmin } from '../auth';
import type { TokenClaims } from '../auth';
import { sendEmpty, sendError, sendText } from '../context';
import type { RequestContext } from '../context';
import { ArError, ArErrorNumber, malformed } from '../errors';
import { sendGateway403 } from '../gateway';

/**
 * Login takes only a form-encoded body (reference §1). Any other content type is answered with a
 * 400 AR error array rather than JAX-RS's bare 415, so clients see the usual error shape.
 */
export function login(ctx: RequestContext): void {
	const type = (ctx.req.headers['content-type'] ?? '').toLowerCase();
	if (!type.startsWith('application/x-www-form-urlencoded')) {
		throw malformed(
			`Unsupported Content-Type "${type || '(none)'}" for /api/jwt/login; send application/x-www-form-urlencoded username and password`,
		);
	}
	const form = new URLSearchParams(ctx.body.toString('utf8'));
	const username = form.get('username') ?? '';
	const password = form.get('password') ?? '';
	// authString is accepted and ignored: the emulator has no authentication plug-ins.
	const { state } = ctx;
	if (username === '' || !checkCredentials(state.store, username, password)) {
		throw new ArError(401, ArErrorNumber.AUTH_FAILED, username);
	}
	state.counters.logins++;
	const token = state.tokens.issue(username, state.now(), state.options.tokenTtl);
	sendText(ctx.res, 200, token, 'text/plain');
}

export function logout(ctx: RequestContext): void {
	const claims = tokenOf(ctx);
	if (!claims) {
		unauthorized(ctx);
		return;
	}
	ctx.state.tokens.revoke(claims);
	sendEmpty(ctx.res, 204);
}

function tokenOf(ctx: RequestContext): TokenClaims | undefined {
	const header = ctx.req.headers.authorization ?? '';
	// Exactly the AR-JWT scheme with one space; Bearer and friends are rejected.
	const m = /^AR-JWT (\S+)$/.exec(header);
	if (!m) return undefined;
	return ctx.state.tokens.verify(m[1], ctx.state.now());
}

/**
 * Sets ctx.user / ctx.admin from a valid token, or answers 401 and returns false. The 401 never
 * carries WWW-Authenticate (reference §1: no evidence; the connector must not need it).
 */
export function authenticate(ctx: RequestContext): boolean {
	const claims = tokenOf(ctx);
	if (!claims) {
		unauthorized(ctx);
		return false;
	}
	ctx.user = claims.sub;
	ctx.admin = isAdmin(ctx.state.store, claims.sub);
	return true;
}

const RSSO_PAGE = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Remedy Single Sign-On</title></head>
<body>
<form id="login" method="post" action="/rsso/start">
<h1>Remedy Single Sign-On</h1>
<label>User name <input name="username" type="text"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Log in</button>
</form>
</body>
</html>
`;

/** 401 for a missing / bad / expired token, in the configured body style. */
export function unauthorized(ctx: RequestContext): void {
	const { options } = ctx.state;
	if (options.gateway403) {
		// The gateway in front refuses the session itself; AR never sees the request.
		sendGateway403(ctx.res);
	} else if (options.rsso) {
		sendText(ctx.res, 401, RSSO_PAGE, 'text/html;charset=utf-8');
	} else if (options.unauthorizedBody === 'empty') {
		sendEmpty(ctx.res, 401);
	} else {
		sendError(ctx.res, new ArError(401, ArErrorNumber.AUTH_FAILED, null));
	}
}
