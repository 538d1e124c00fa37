/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * A reverse proxy on loopback in front of the emulator, as a load balancer or gateway sits in
 * front of AR's REST API: it stamps `Date` from its own clock (skewed) or strips it, and it counts
 * the entry rows it passes on, so a test sees what a poll really read without asking the node.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyOptions {
	/** Upstream base URL, e.g. http://127.0.0.1:PORT. */
	target: string;
	/**
	 * `Date` the proxy sends: the upstream's plus this many seconds (its own clock, off by this
	 * much), or null to strip it. Undefined passes the upstream's through.
	 */
	dateSkewSeconds?: number | null;
	/**
	 * Asked for every write (POST, PUT, DELETE): 'reset' or '502' makes the proxy pass the write on,
	 * wait until the server has applied it, then drop the connection or answer a 502 HTML page, as a
	 * gateway that timed out does. The client cannot tell the write happened.
	 */
	faultAfterCommit?: () => 'reset' | '502' | undefined;
	/** Called with every successful entry list the proxy passes on (before the client gets it). */
	onList?: (url: string, entries: Array<{ values?: Record<string, unknown> }>) => void;
}

export interface Proxy {
	url: string;
	/** Entry rows returned by GET /api/arsys/v1/entry/… since the last reset. */
	rows(): number;
	/** Requests passed on since the last reset. */
	requests(): number;
	reset(): void;
	setDateSkew(skew: number | null | undefined): void;
	stop(): Promise<void>;
}

const LIST = /^\/api\/arsys\/v1(\.0)?\/entry\/[^/?]+(\?|$)/;

export async function startProxy(options: ProxyOptions): Promise<Proxy> {
	const upstream = new URL(options.target);
	let skew = options.dateSkewSeconds;
	let rows = 0;
	let requests = 0;

	const handle = (req: IncomingMessage, res: ServerResponse) => {
		requests++;
		const isWrite = req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE';
		const fault =
			isWrite && !req.url?.startsWith('/api/jwt/') ? options.faultAfterCommit?.() : undefined;
		const forward = request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: upstream.host },
			},
			(answer) => {
				const chunks: Buffer[] = [];
				answer.on('data', (chunk: Buffer) => chunks.push(chunk));
				answer.on('end', () => {
					const body = Buffer.concat(chunks);
					if (req.method === 'GET' && LIST.test(req.url ?? '') && answer.statusCode === 200) {
						try {
							const parsed = JSON.parse(body.toString('utf8')) as {
								entries?: Array<{ values?: Record<string, unknown> }>;
							};
							if (Array.isArray(parsed.entries)) {
								rows += parsed.entries.length;
								options.onList?.(req.url ?? '', parsed.entries);
							}
						} catch {
							// Not JSON: nothing to count; the client gets it as it came.
						}
					}
					if (fault === 'reset') {
						res.socket?.destroy();
						return;
					}
					if (fault === '502') {
						const page =
							'<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
						res.writeHead(502, {
							'Content-Type': 'text/html',
							'Content-Length': Buffer.byteLength(page),
						});
						res.end(page);
						return;
					}
					const headers = { ...answer.headers };
					delete headers.date;
					delete headers['transfer-encoding'];
					headers['content-length'] = String(body.length);
					if (skew === null) {
						res.sendDate = false;
					} else {
						const upstreamDate = Date.parse(String(answer.headers.date ?? ''));
						const base = Number.isFinite(upstreamDate) ? upstreamDate : Date.now();
						headers.date = new Date(base + (skew ?? 0) * 1000).toUTCString();
					}
					res.writeHead(answer.statusCode ?? 502, headers);
					res.end(body);
				});
				answer.on('error', () => res.destroy());
			},
		);
		forward.on('error', () => res.destroy());
		req.pipe(forward);
	};

	const server = createServer(handle);
	server.keepAliveTimeout = 1000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		rows: () => rows,
		requests: () => requests,
		reset: () => {
			rows = 0;
			requests = 0;
		},
		setDateSkew: (next) => {
			skew = next;
		},
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
