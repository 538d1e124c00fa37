/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Test support for the transport and the credential: a scripted HTTP server on loopback and an
 * n8n context whose `helpers` are n8n-core's real request helpers (axios, error wrapping,
 * preAuthentication on an empty token, re-login and one resend after a 401). The credentials
 * helper follows the logic of n8n's CLI `CredentialsHelper`: it calls the credential's
 * `preAuthentication` when the expirable token is empty or was rejected and keeps the result,
 * and applies its function-form `authenticate`.
 */
import 'reflect-metadata';

import http from 'http';
import type { AddressInfo } from 'net';
import { getRequestHelperFunctions } from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helpers/factory';
import type {
	ICredentialDataDecryptedObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { ArSystemApi } from '../../../credentials/ArSystemApi.credentials';

export interface RecordedRequest {
	method: string;
	url: string;
	path: string;
	query: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

export interface Reply {
	status?: number;
	headers?: Record<string, string>;
	/** Objects and arrays are sent as JSON. */
	body?: unknown;
	/** Destroy the socket without answering (a connection reset). */
	reset?: boolean;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface FakeServer {
	url: string;
	requests: RecordedRequest[];
	/** Requests other than the login. */
	dataRequests(): RecordedRequest[];
	logins(): number;
	setHandler(handler: Handler): void;
	close(): Promise<void>;
}

/** The token the fake server issues (not a secret: a made-up JWT). */
export const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJEZW1vIn0.c2lnbmF0dXJlLXRlc3Q';
export const LOGIN_PATH = '/api/jwt/login';

/** Answers the login with JWT and hands everything else to the test's handler. */
export function withLogin(handler: Handler, token = JWT): Handler {
	return async (request) => {
		if (request.path === LOGIN_PATH) return { status: 200, body: `${token}\n` };
		return await handler(request);
	};
}

export async function startServer(handler: Handler = () => ({ status: 404 })): Promise<FakeServer> {
	let current = handler;
	const requests: RecordedRequest[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = req.url ?? '/';
			const [path, query = ''] = url.split('?');
			const recorded: RecordedRequest = {
				method: req.method ?? 'GET',
				url,
				path,
				query,
				headers: req.headers,
				body: Buffer.concat(chunks).toString('utf8'),
			};
			requests.push(recorded);
			void Promise.resolve(current(recorded)).then((reply) => {
				if (reply.reset) {
					req.socket.destroy();
					return;
				}
				const isJson = typeof reply.body === 'object' && reply.body !== null;
				const text =
					reply.body === undefined ? '' : isJson ? JSON.stringify(reply.body) : String(reply.body);
				res.writeHead(reply.status ?? 200, {
					...(isJson ? { 'Content-Type': 'application/json' } : {}),
					...reply.headers,
				});
				res.end(text);
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		dataRequests: () => requests.filter((r) => r.path !== LOGIN_PATH),
		logins: () => requests.filter((r) => r.path === LOGIN_PATH).length,
		setHandler: (next) => {
			current = next;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export const NODE: INode = {
	id: 'ar-node',
	name: 'AR System',
	type: 'n8n-nodes-ar-system.arSystem',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	credentials: { arSystemApi: { id: '1', name: 'AR System account' } },
};

const credentialType = new ArSystemApi();

/** What n8n's CLI credentials helper does for this credential type, without a database. */
function credentialsHelper(store: ICredentialDataDecryptedObject) {
	return {
		getParentTypes: () => [],
		async preAuthentication(
			helpers: IHttpRequestHelper,
			credentials: ICredentialDataDecryptedObject,
			_type: string,
			_node: INode,
			expired: boolean,
		) {
			if (credentials.token !== '' && !expired) return undefined;
			const output = await credentialType.preAuthentication.call(
				{ helpers: { httpRequest: helpers.helpers.httpRequest } },
				credentials,
			);
			Object.assign(store, output);
			return Object.assign(credentials, output);
		},
		async authenticate(
			credentials: ICredentialDataDecryptedObject,
			_type: string,
			options: IHttpRequestOptions,
		) {
			return await credentialType.authenticate(credentials, options);
		},
	};
}

export interface TestContext {
	ctx: IExecuteFunctions;
	/** The stored credential, as n8n would persist it (token and tokenFor included). */
	store: ICredentialDataDecryptedObject;
	/** Debug log lines written by the transport. */
	logs: string[];
	cancel(): void;
}

export function createContext(credentials: ICredentialDataDecryptedObject): TestContext {
	const store: ICredentialDataDecryptedObject = { token: '', tokenFor: '', ...credentials };
	const logs: string[] = [];
	const additionalData = {
		credentialsHelper: credentialsHelper(store),
	} as unknown as IWorkflowExecuteAdditionalData;
	const helpers = getRequestHelperFunctions({} as Workflow, NODE, additionalData);
	const abort = new AbortController();
	const record = (...args: unknown[]) => logs.push(args.map(String).join(' '));
	const ctx = {
		helpers,
		getNode: () => NODE,
		getCredentials: async () => ({ ...store }),
		getExecutionCancelSignal: () => abort.signal,
		logger: { debug: record, info: record, warn: record, error: record },
	} as unknown as IExecuteFunctions;
	return { ctx, store, logs, cancel: () => abort.abort() };
}

/** Everything an error exposes, as one string, for "no secret inside" assertions. */
export function serialiseError(error: unknown): string {
	const e = error as Record<string, unknown> & Error;
	const parts: string[] = [];
	const add = (value: unknown) => {
		try {
			parts.push(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
		} catch {
			parts.push(String(value));
		}
	};
	add(error);
	add(e?.message);
	add(e?.description);
	add(e?.context);
	add(e?.cause);
	add(e?.errorResponse);
	add(e?.messages);
	add(e?.stack);
	if (e?.cause instanceof Error) add(e.cause.message);
	return parts.join('\n');
}

/** Runs `fn` and returns what it threw (fails the test when nothing is thrown). */
export async function caught(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
	try {
		await fn();
	} catch (error) {
		return error as Error & Record<string, unknown>;
	}
	throw new Error('expected an error');
}
