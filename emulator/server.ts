/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * The HTTP(S) server: request plumbing (body, latency, faults, auth, counters) and the route table.
 * Every request ends in exactly one response (or a deliberate connection reset); any exception
 * becomes an AR error array, never a stack trace, and the server keeps serving.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { sendError, sendJson, sendText } from './context';
import type { EmulatorState, RequestContext } from './context';
import { arStatus, ArError, ArErrorNumber, malformed } from './errors';
import { sendGateway403, sendProxyPage } from './gateway';
import { createEntry, deleteEntry, getEntry, listEntries, updateEntry } from './routes/entry';
import { authenticate, login, logout, unauthorized } from './routes/jwt';
import { mergeEntry } from './routes/merge';
import { about, formSchema, getFields, listForms, version } from './routes/metadata';

/** Bodies beyond this are refused: the emulator holds everything in memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

const API_VERSIONS = new Set(['v1', 'v1.0']);

const JETTY_404 = `<html>
<head>
<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
<title>Error 404 Not Found</title>
</head>
<body><h2>HTTP ERROR 404 Not Found</h2>
</body>
</html>
`;

function methodNotAllowed(method: string, path: string): ArError {
	return new ArError(
		405,
		ArErrorNumber.NO_SUCH_RESOURCE,
		`${method} ${path}`,
		'Method not allowed',
	);
}

function noSuchResource(path: string): ArError {
	return new ArError(404, ArErrorNumber.NO_SUCH_RESOURCE, path);
}

/** Counter key: the route without the API prefix and without entry / field IDs. */
function routeKey(method: string, segments: string[] | undefined, rawPath: string): string {
	if (!segments || segments[0] !== 'api') return `${method} ${rawPath}`;
	if (segments[1] === 'arsys' && API_VERSIONS.has(segments[2] ?? '')) {
		const rest = segments.slice(3);
		if ((rest[0] === 'entry' || rest[0] === 'fields') && rest.length > 2) rest.length = 2;
		return `${method} /${rest.join('/')}`;
	}
	return `${method} /${segments.slice(1).join('/')}`;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(malformed(`The request body is larger than ${MAX_BODY_BYTES} bytes`));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
		// A client that hangs up mid-body never sends 'end'; settle so nothing waits forever.
		req.on('close', () => {
			if (!req.complete)
				reject(malformed('The client closed the connection before the body ended'));
		});
	});
}

/** A route's work, found after auth; writes go through the commit pipeline. */
interface Handler {
	/** Form name when this is an entry write (create, update, delete, merge). */
	writeForm?: string;
	run(): void;
}

interface Captured {
	status: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * Holds back a route's response instead of sending it, so a committed write can still be answered
 * with a fault. Routes answer through writeHead(status, headers) + end(body) (context.ts writers).
 */
function captureResponse(res: ServerResponse): { captured: Captured; restore(): void } {
	const captured: Captured = { status: 0, headers: {}, body: undefined };
	const own = res as unknown as Record<string, unknown>;
	own.writeHead = (status: number, headers?: Record<string, unknown>) => {
		captured.status = status;
		captured.headers = headers ?? {};
		return res;
	};
	own.end = (body?: unknown) => {
		captured.body = body;
		return res;
	};
	return {
		captured,
		restore: () => {
			delete own.writeHead;
			delete own.end;
		},
	};
}

function flush(res: ServerResponse, c: Captured): void {
	if (c.status === 0 || res.destroyed) return;
	res.writeHead(c.status, c.headers as Record<string, string>);
	res.end(c.body as string | Buffer | undefined);
}

export class EmulatorServer {
	readonly server: Server;
	private readonly timers = new Set<NodeJS.Timeout>();
	private stopped = false;

	constructor(private readonly state: EmulatorState) {
		const handler = (req: IncomingMessage, res: ServerResponse) => {
			this.handle(req, res).catch((error: unknown) => this.fail(res, error));
		};
		if (state.options.tls) {
			const dir = join(__dirname, 'tls');
			this.server = createHttpsServer(
				{ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
				handler,
			);
		} else {
			this.server = createHttpServer(handler);
		}
		// Client errors (malformed HTTP) must not take the process down.
		this.server.on('clientError', (_error, socket) => {
			if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			else socket.destroy();
		});
	}

	listen(host: string, port: number): Promise<number> {
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				resolve((this.server.address() as AddressInfo).port);
			});
		});
	}

	async stop(): Promise<void> {
		this.stopped = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	private sleep(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const t = setTimeout(() => {
				this.timers.delete(t);
				resolve();
			}, ms);
			this.timers.add(t);
		});
	}

	private fail(res: ServerResponse, error: unknown): void {
		if (res.headersSent || res.destroyed) {
			res.destroy();
			return;
		}
		const arError =
			error instanceof ArError
				? error
				: new ArError(
						500,
						ArErrorNumber.INTERNAL_ERROR,
						error instanceof Error ? error.message : String(error),
					);
		sendJson(res, arStatus(arError, this.state.options.processingErrors500), arError.toBody());
	}

	private countFault(key: string): void {
		const { faults } = this.state.counters;
		faults[key] = (faults[key] ?? 0) + 1;
	}

	/** Answers with an injected proxy / gateway fault, or resets the connection. */
	private applyFault(req: IncomingMessage, res: ServerResponse, kind: string): void {
		if (kind === 'reset') req.socket.destroy();
		else if (kind === '502-html') sendProxyPage(res, 502);
		else if (kind === '503-html') sendProxyPage(res, 503);
		else if (kind === '504-html') sendProxyPage(res, 504);
		else if (kind === '403-gateway') sendGateway403(res);
		else throw new Error(`No such fault ${kind}`);
	}

	/** This write's commit delay in ms: a seeded draw from [commitDelayMinMs, commitDelayMs]. */
	private commitDelay(): number {
		const { commitDelayMs: max, commitDelayMinMs } = this.state.options;
		if (max <= 0) return 0;
		const min = Math.min(Math.max(0, commitDelayMinMs), max);
		return Math.round(min + this.state.commitRng() * (max - min));
	}

	/**
	 * An entry write: stamped with ctx.now when it started, committed after the commit delay (the
	 * entry is invisible to reads until then, and the response waits for the commit), and then
	 * possibly answered with an after-commit fault instead of its success response.
	 */
	private async commit(ctx: RequestContext, handler: Handler): Promise<void> {
		const delay = this.commitDelay();
		if (delay > 0) {
			await this.sleep(delay);
			// A client that hung up does not roll the transaction back: commit anyway.
			if (this.stopped) return;
		}
		const { res, req, method, state } = ctx;
		const capture = captureResponse(res);
		try {
			handler.run();
		} finally {
			capture.restore();
		}
		const { captured } = capture;
		if (captured.status >= 200 && captured.status < 300) {
			const fault = state.faults.afterCommit(
				method,
				handler.writeForm!,
				state.options.afterCommitFaultRate,
			);
			if (fault) {
				this.countFault(`after-commit:${fault}`);
				this.applyFault(req, res, fault);
				return;
			}
		}
		flush(res, captured);
	}

	private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		const { state } = this;
		const method = (req.method ?? 'GET').toUpperCase();
		const rawUrl = req.url ?? '/';
		const q = rawUrl.indexOf('?');
		const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
		const rawQuery = q < 0 ? '' : rawUrl.slice(q + 1);
		let segments: string[] | undefined;
		try {
			segments = rawPath
				.split('/')
				.filter((s) => s !== '')
				.map((s) => decodeURIComponent(s));
		} catch {
			segments = undefined;
		}
		state.counters.total++;
		// Jetty stamps Date from the AR server's own clock, the one behind Modified Date. A proxy
		// in front (proxyDateSkewSeconds) replaces it with its own clock, which differs from AR's;
		// the AR clock ($TIMESTAMP$, Modified Date) does not move with it.
		const skew = state.options.proxyDateSkewSeconds;
		if (state.options.noDateHeader) res.sendDate = false;
		else res.setHeader('Date', new Date((state.now() + (skew ?? 0)) * 1000).toUTCString());
		const key = routeKey(method, segments, rawPath);
		state.counters.byRoute[key] = (state.counters.byRoute[key] ?? 0) + 1;

		const body = await readBody(req);
		if (this.stopped) return;
		// A throwing hook is a test bug: it surfaces as a 500 AR error like any other exception.
		state.onRequest?.({ method, route: key, url: rawUrl });
		if (!segments) throw malformed(`The request path is not valid URL encoding: ${rawPath}`);

		const isInfo =
			segments[0] === 'api' &&
			segments.length === 2 &&
			(segments[1] === 'about' || segments[1] === 'version');
		if (state.options.httpForbidden && !state.options.tls && !isInfo) {
			// The HTTPS-only server's answer to plain HTTP (reference §1): not an AR error array.
			sendJson(res, 403, { message: 'Access forbidden', code: 403, transient: false });
			return;
		}

		const isData = segments[0] === 'api' && segments[1] === 'arsys';
		const latency = state.options.latencyMs;
		const timeoutSeconds = Number(req.headers['x-ar-timeout']);
		if (isData && latency > 0 && timeoutSeconds > 0 && latency > timeoutSeconds * 1000) {
			// The server gives up after the client's X-AR-Timeout, as a query timeout.
			await this.sleep(timeoutSeconds * 1000);
			if (this.stopped) return;
			throw new ArError(500, ArErrorNumber.QUERY_TIMEOUT, null);
		}
		if (latency > 0) {
			await this.sleep(latency);
			if (this.stopped || res.destroyed) return;
		}

		const ctx: RequestContext = {
			state,
			req,
			res,
			method,
			rawUrl,
			rawPath,
			rawQuery,
			query: new URLSearchParams(rawQuery),
			segments,
			// Links use the host the client addressed (as AR does); HTTP/1.0 without Host gets ours.
			origin: `${state.options.tls ? 'https' : 'http'}://${req.headers.host ?? `${req.socket.localAddress}:${req.socket.localPort}`}`,
			body,
			now: state.now(),
		};

		const isLogin =
			method === 'POST' && segments.length === 3 && segments[1] === 'jwt' && segments[2] === 'login';
		if (isLogin) {
			// A proxy or a restarting server drops the login before AR issues a token.
			const fault = state.faults.login(state.options.loginFaultRate);
			if (fault) {
				this.countFault(`login:${fault}`);
				this.applyFault(req, res, fault);
				return;
			}
		}
		if (isData) {
			const fault = state.faults.next(state.options.faultRate);
			if (fault) this.countFault(`before:${fault}`);
			if (fault === 'reset') {
				req.socket.destroy();
				return;
			}
			if (fault === '502-html' || fault === '503-html' || fault === '504-html' || fault === '403-gateway') {
				this.applyFault(req, res, fault);
				return;
			}
			if (fault === '500') throw new ArError(500, ArErrorNumber.SQL_FAILURE, null);
			if (fault === '503-retry-after') {
				sendError(res, new ArError(503, ArErrorNumber.SERVER_UNAVAILABLE, null), {
					'Retry-After': '1',
				});
				return;
			}
			if (fault === '401') {
				unauthorized(ctx);
				return;
			}
		}
		const handler = this.route(ctx);
		if (!handler) return;
		if (handler.writeForm !== undefined) await this.commit(ctx, handler);
		else handler.run();
	}

	/** The handler for this request, or undefined when it was answered already (auth, info). */
	private route(ctx: RequestContext): Handler | undefined {
		const handler = this.findRoute(ctx);
		return typeof handler === 'function' ? { run: handler } : handler;
	}

	private findRoute(ctx: RequestContext): Handler | (() => void) | undefined {
		const { method, segments } = ctx;
		if (segments[0] !== 'api') {
			return () => sendText(ctx.res, 404, JETTY_404, 'text/html;charset=utf-8');
		}
		const path = `/${segments.join('/')}`;
		if (segments.length === 2 && (segments[1] === 'about' || segments[1] === 'version')) {
			if (method !== 'GET') throw methodNotAllowed(method, path);
			return segments[1] === 'about' ? () => about(ctx) : () => version(ctx);
		}
		if (segments[1] === 'jwt' && segments.length === 3) {
			if (method !== 'POST') throw methodNotAllowed(method, path);
			if (segments[2] === 'login') return () => login(ctx);
			if (segments[2] === 'logout') return () => logout(ctx);
			throw noSuchResource(path);
		}
		if (segments[1] !== 'arsys' || !API_VERSIONS.has(segments[2] ?? '')) throw noSuchResource(path);
		if (!authenticate(ctx)) return undefined;
		const [resource, form, id, ...extra] = segments.slice(3);
		if (extra.length > 0) throw noSuchResource(path);
		switch (resource) {
			case 'entry':
				if (form === undefined) break;
				if (id === undefined) {
					if (method === 'GET') return () => listEntries(ctx, form);
					if (method === 'POST') return { writeForm: form, run: () => createEntry(ctx, form) };
					if (method === 'OPTIONS') return () => formSchema(ctx, form);
					throw methodNotAllowed(method, path);
				}
				if (method === 'GET') return () => getEntry(ctx, form, id);
				if (method === 'PUT') return { writeForm: form, run: () => updateEntry(ctx, form, id) };
				if (method === 'DELETE') return { writeForm: form, run: () => deleteEntry(ctx, form, id) };
				throw methodNotAllowed(method, path);
			case 'mergeEntry':
				if (form === undefined || id !== undefined) break;
				if (method !== 'POST') throw methodNotAllowed(method, path);
				return { writeForm: form, run: () => mergeEntry(ctx, form) };
			case 'fields':
				if (form === undefined) break;
				if (method !== 'GET') throw methodNotAllowed(method, path);
				return () => getFields(ctx, form, id);
			case 'form':
				if (form !== undefined) break;
				if (method !== 'GET') throw methodNotAllowed(method, path);
				return () => listForms(ctx);
		}
		throw noSuchResource(path);
	}
}
