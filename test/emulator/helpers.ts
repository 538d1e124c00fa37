/**
 * Shared plumbing for the emulator conformance suites: an emulator on port 0, an axios client that
 * never throws on HTTP status, login, and AR error-array assertions.
 */
import axios from 'axios';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';

import { startEmulator } from '../../emulator';
import type { Emulator, EmulatorOptions } from '../../emulator';

export const V1 = '/api/arsys/v1';
export const V10 = '/api/arsys/v1.0';

export interface Harness {
	emulator: Emulator;
	url: string;
	http: AxiosInstance;
	/** Logs in (default Demo / demo) and returns the raw token. */
	login(username?: string, password?: string): Promise<string>;
	/** Request config with `Authorization: AR-JWT <token>`. */
	as(token: string, extra?: AxiosRequestConfig): AxiosRequestConfig;
	stop(): Promise<void>;
}

export function client(baseURL: string, extra: AxiosRequestConfig = {}): AxiosInstance {
	return axios.create({
		baseURL,
		validateStatus: () => true,
		// No connection reuse between tests that reset sockets on purpose.
		maxRedirects: 0,
		...extra,
	});
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
	const emulator = await startEmulator({ port: 0, users: 200, ...options });
	const http = client(emulator.url);
	return {
		emulator,
		url: emulator.url,
		http,
		async login(username = 'Demo', password = 'demo') {
			const res = await http.post(
				'/api/jwt/login',
				new URLSearchParams({ username, password }).toString(),
				{
					headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
					responseType: 'text',
					transformResponse: (d: unknown) => d,
				},
			);
			if (res.status !== 200)
				throw new Error(`login ${username} failed: ${res.status} ${res.data}`);
			return res.data as string;
		},
		as(token, extra = {}) {
			return { ...extra, headers: { Authorization: `AR-JWT ${token}`, ...(extra.headers ?? {}) } };
		},
		stop: () => emulator.stop(),
	};
}

/**
 * An emulator for one describe block: started and logged into as the admin before its tests,
 * stopped after them. `started` hands both to the block's variables.
 */
export function withEmulator(options: EmulatorOptions, started: (h: Harness, admin: string) => void): void {
	let harness: Harness | undefined;
	beforeAll(async () => {
		harness = await startHarness(options);
		started(harness, await harness.login());
	});
	afterAll(async () => {
		await harness?.stop();
	});
}

/** Path-encodes a form name the way recorded hrefs do (`:` kept). */
export function enc(form: string): string {
	return encodeURIComponent(form).replace(/%3A/g, ':');
}

/** Query-encodes a value fully (what a careful client does with `q`). */
export function q(text: string): string {
	return encodeURIComponent(text);
}

export interface ArMessageShape {
	messageType: string;
	messageText: string;
	messageAppendedText: string | null;
	messageNumber: number;
}

/** Asserts an AR error array with the given status and (optionally) message number. */
export function expectArError(
	res: AxiosResponse,
	status: number,
	messageNumber?: number,
): ArMessageShape {
	expect(res.status).toBe(status);
	expect(String(res.headers['content-type'])).toMatch(/^application\/json/);
	expect(Array.isArray(res.data)).toBe(true);
	const body = res.data as ArMessageShape[];
	expect(body.length).toBeGreaterThanOrEqual(1);
	const [m] = body;
	expect(Object.keys(m).sort()).toEqual(
		['messageAppendedText', 'messageNumber', 'messageText', 'messageType'].sort(),
	);
	expect(m.messageType).toBe('ERROR');
	expect(typeof m.messageText).toBe('string');
	expect(typeof m.messageNumber).toBe('number');
	if (messageNumber !== undefined) expect(m.messageNumber).toBe(messageNumber);
	// No stack traces in error bodies.
	expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
	return m;
}

/** Asserts the emulator still answers a plain authenticated request. */
export async function expectStillServing(h: Harness, token: string): Promise<void> {
	const res = await h.http.get(`${V1}/entry/User?limit=1`, h.as(token));
	expect(res.status).toBe(200);
	expect((res.data as { entries: unknown[] }).entries).toHaveLength(1);
}

export interface ListBody {
	entries: Array<{ values: Record<string, unknown>; _links: { self: Array<{ href: string }> } }>;
	_links: Record<string, Array<{ href: string }>>;
}

export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000\+0000$/;
