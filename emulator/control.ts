/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The control endpoint (issue 11 item 3): the programmatic control API over HTTP, on a listener of
 * its own bound to 127.0.0.1, so tests in other processes (test:queue, test:ui) can observe and
 * drive a running emulator. Plain JSON in and out; it is a test tool, not part of the AR API, and
 * never reachable from another host (loopback bind, and remote addresses are checked as well).
 *
 *   GET    /counters                  logins, requests by route, faults, out-of-order commits
 *   POST   /counters/reset
 *   POST   /tokens/expire             every issued token stops working
 *   GET    /options                   runtime options (token TTL, fault rates, delays, ...)
 *   POST   /options {key: value}      setOptions; null restores the start value
 *   GET    /faults                    queued faults
 *   POST   /faults {phase, kind, count?, method?, form?}   phase: before | after-commit | login
 *   DELETE /faults                    drop queued faults
 *   GET    /now                       the AR clock
 *   GET    /entries/{form}[?q=]       [{id, values}]
 *   GET    /entries/{form}/{id}
 *   POST   /entries/{form} {values, createDate?, modifiedDate?, user?}  → {id}
 *   PUT    /entries/{form}/{id} {values, modifiedDate?, user?}
 *   DELETE /entries/{form}/{id}
 *   POST   /changes [{op: insert|modify|delete, form, id?, values?, createDate?, modifiedDate?, user?}]
 *   GET    /version-log[?form=]
 * Dates are epoch seconds or ISO text. Errors: {"error": "..."} with 400 (bad request) or 404.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ArError } from './errors';
import type { AfterCommitFaultKind, FaultKind, LoginFaultKind } from './faults';
import type { EmulatorControl } from './controlApi';
import type { EmulatorOptions } from './options';

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

const MAX_BODY = 8 * 1024 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = body === undefined ? '' : JSON.stringify(body);
	res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
		'Cache-Control': 'no-store',
	});
	res.end(text);
}

function readJson(req: IncomingMessage): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (c: Buffer) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new ControlError(400, 'body too large'));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			if (text.trim() === '') return resolve(undefined);
			try {
				resolve(JSON.parse(text));
			} catch (error) {
				reject(new ControlError(400, `malformed JSON: ${(error as Error).message}`));
			}
		});
		req.on('error', reject);
	});
}

function object(body: unknown, what: string): Record<string, unknown> {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		throw new ControlError(400, `${what} must be a JSON object`);
	return body as Record<string, unknown>;
}

/** Epoch seconds from a number or date text; undefined when absent. */
function epoch(value: unknown, name: string): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
	if (typeof value === 'string') {
		const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
		if (Number.isFinite(ms)) return Math.floor(ms / 1000);
	}
	throw new ControlError(400, `${name} must be epoch seconds or an ISO date, got ${JSON.stringify(value)}`);
}

function optionalString(value: unknown, name: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw new ControlError(400, `${name} must be a string`);
	return value;
}

interface Change {
	op: 'insert' | 'modify' | 'delete';
	form: string;
	id?: string;
	values?: Record<string, unknown>;
	createDate?: unknown;
	modifiedDate?: unknown;
	user?: unknown;
}

function applyChange(control: EmulatorControl, raw: unknown): { id: string } {
	const change = object(raw, 'a change') as unknown as Change;
	const form = optionalString(change.form, 'form');
	if (!form) throw new ControlError(400, 'a change needs a form');
	const user = optionalString(change.user, 'user');
	const values = change.values === undefined ? {} : object(change.values, 'values');
	switch (change.op) {
		case 'insert':
			return {
				id: control.insertEntry(form, values, {
					createDate: epoch(change.createDate, 'createDate'),
					modifiedDate: epoch(change.modifiedDate, 'modifiedDate'),
					user,
				}),
			};
		case 'modify': {
			const id = optionalString(change.id, 'id');
			if (!id) throw new ControlError(400, 'modify needs an id');
			control.modifyEntry(form, id, values, { modifiedDate: epoch(change.modifiedDate, 'modifiedDate'), user });
			return { id };
		}
		case 'delete': {
			const id = optionalString(change.id, 'id');
			if (!id) throw new ControlError(400, 'delete needs an id');
			control.deleteEntry(form, id);
			return { id };
		}
		default:
			throw new ControlError(400, `op must be insert, modify or delete, got ${JSON.stringify(change.op)}`);
	}
}

function queueFault(control: EmulatorControl, raw: unknown): void {
	const body = object(raw, 'the fault');
	const count = body.count === undefined ? 1 : Number(body.count);
	if (!Number.isInteger(count) || count < 1) throw new ControlError(400, 'count must be a positive integer');
	const kind = optionalString(body.kind, 'kind');
	if (!kind) throw new ControlError(400, 'a fault needs a kind');
	switch (body.phase ?? 'before') {
		case 'before':
			control.failNext(count, kind as FaultKind);
			return;
		case 'after-commit':
			control.failAfterCommit(count, kind as AfterCommitFaultKind, {
				method: optionalString(body.method, 'method'),
				form: optionalString(body.form, 'form'),
			});
			return;
		case 'login':
			control.failNextLogin(count, kind as LoginFaultKind);
			return;
		default:
			throw new ControlError(400, `phase must be before, after-commit or login, got ${JSON.stringify(body.phase)}`);
	}
}

async function route(control: EmulatorControl, req: IncomingMessage): Promise<[number, unknown]> {
	const method = req.method ?? 'GET';
	const url = new URL(req.url ?? '/', 'http://control');
	const parts = url.pathname
		.split('/')
		.filter(Boolean)
		.map((p) => decodeURIComponent(p));
	const path = `/${parts.join('/')}`;
	const body = method === 'GET' || method === 'DELETE' ? undefined : await readJson(req);
	if (path === '/counters' && method === 'GET') return [200, control.counters()];
	if (path === '/counters/reset' && method === 'POST') {
		control.resetCounters();
		return [200, control.counters()];
	}
	if (path === '/tokens/expire' && method === 'POST') {
		control.expireAllTokens();
		return [200, { expired: true }];
	}
	if (path === '/options' && method === 'GET') return [200, control.runtimeOptions()];
	if (path === '/options' && (method === 'POST' || method === 'PATCH')) {
		const patch: Record<string, unknown> = {};
		// JSON has no undefined: null restores an option's start value.
		for (const [k, v] of Object.entries(object(body, 'options'))) patch[k] = v === null ? undefined : v;
		control.setOptions(patch as Partial<EmulatorOptions>);
		return [200, control.runtimeOptions()];
	}
	if (path === '/faults' && method === 'GET') return [200, control.faultQueues()];
	if (path === '/faults' && method === 'POST') {
		queueFault(control, body);
		return [200, control.faultQueues()];
	}
	if (path === '/faults' && method === 'DELETE') {
		control.clearFaults();
		return [200, control.faultQueues()];
	}
	if (path === '/now' && method === 'GET') {
		const now = control.now();
		return [200, { now, iso: new Date(now * 1000).toISOString() }];
	}
	if (path === '/version-log' && method === 'GET')
		return [200, control.versionLog(url.searchParams.get('form') ?? undefined)];
	if (path === '/changes' && method === 'POST') {
		if (!Array.isArray(body)) throw new ControlError(400, 'changes must be a JSON array');
		// Applied in order; the first failure stops the batch and says which change it was.
		const results: Array<{ id: string }> = [];
		for (const [i, change] of body.entries()) {
			try {
				results.push(applyChange(control, change));
			} catch (error) {
				const message = error instanceof Error ? error.message : String(error);
				// The control endpoint is emulator code, not an n8n node.
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
				throw new ControlError(error instanceof ControlError ? error.status : 400, `change ${i}: ${message}`);
			}
		}
		return [200, results];
	}
	if (parts[0] === 'entries' && parts.length >= 2 && parts.length <= 3) {
		const form = parts[1];
		const id = parts[2];
		if (id === undefined && method === 'GET') return [200, control.findEntries(form, url.searchParams.get('q') ?? '')];
		if (id === undefined && method === 'POST') {
			const b = object(body, 'the entry');
			return [201, applyChange(control, { ...b, op: 'insert', form })];
		}
		if (id !== undefined && method === 'GET') {
			const values = control.getEntry(form, id);
			if (!values) throw new ControlError(404, `no entry ${id} on ${form}`);
			return [200, { id, values }];
		}
		if (id !== undefined && method === 'PUT') {
			return [200, applyChange(control, { ...object(body, 'the change'), op: 'modify', form, id })];
		}
		if (id !== undefined && method === 'DELETE') return [200, applyChange(control, { op: 'delete', form, id })];
	}
	throw new ControlError(404, `no control route ${method} ${path}`);
}

function isLoopback(address: string | undefined): boolean {
	return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export interface ControlServer {
	url: string;
	stop(): Promise<void>;
}

export async function startControlServer(control: EmulatorControl, port: number): Promise<ControlServer> {
	const server: Server = createServer((req, res) => {
		if (!isLoopback(req.socket.remoteAddress)) {
			send(res, 403, { error: 'the control endpoint answers loopback clients only' });
			return;
		}
		route(control, req)
			.then(([status, body]) => send(res, status, body))
			.catch((error: unknown) => {
				if (error instanceof ControlError) send(res, error.status, { error: error.message });
				else if (error instanceof ArError) send(res, error.status === 404 ? 404 : 400, { error: error.message });
				else send(res, 400, { error: error instanceof Error ? error.message : String(error) });
			});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// Loopback only, whatever host the emulator itself listens on.
		server.listen(port, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port: bound } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${bound}`,
		stop: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
