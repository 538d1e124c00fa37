import {
	isIdempotent,
	isTransient,
	mayHaveBeenApplied,
	parseRetryAfter,
	retryDelayMs,
	retrySettings,
	withRetries,
} from '../../../nodes/ArSystem/transport/retry';

const original = { ...retrySettings };
let slept: number[];

beforeEach(() => {
	slept = [];
	retrySettings.sleep = async (ms: number) => {
		slept.push(ms);
	};
	retrySettings.random = () => 0.5;
	retrySettings.now = () => Date.parse('2026-01-01T00:00:00Z');
});

afterEach(() => {
	Object.assign(retrySettings, original);
});

const httpError = (status: number, data?: unknown, headers: Record<string, string> = {}) =>
	Object.assign(new Error(`status ${status}`), { response: { status, data, headers } });
const netError = (code: string) => Object.assign(new Error(code), { code });

describe('transient failures', () => {
	it.each([
		[{ status: 500 }, true],
		[{ status: 502 }, true],
		[{ status: 503 }, true],
		[{ status: 504 }, true],
		[{ status: 429 }, true],
		[{ status: 501 }, false],
		[{ status: 400 }, false],
		[{ status: 401 }, false],
		[{ status: 404 }, false],
		[{ code: 'ECONNRESET' }, true],
		[{ code: 'ETIMEDOUT' }, true],
		[{ code: 'ECONNABORTED' }, true],
		[{ code: 'ECONNREFUSED' }, false],
		[{ code: 'ERR_CANCELED' }, false],
		[{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, false],
	])('%j → %s', (facts, transient) => {
		expect(isTransient(facts)).toBe(transient);
	});

	it('treats a 5xx with an AR error about the request as final', () => {
		const body = (messageNumber: number) => [
			{ messageType: 'ERROR', messageText: 'x', messageNumber },
		];
		expect(isTransient({ status: 500, body: body(302) })).toBe(false);
		expect(isTransient({ status: 500, body: body(353) })).toBe(false);
		expect(isTransient({ status: 500, body: body(91) })).toBe(true);
	});

	it('retries reads only: a write is verified by reading back, never re-sent here', () => {
		expect(['GET', 'HEAD'].every((m) => isIdempotent(m as 'GET'))).toBe(true);
		for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
			expect(isIdempotent(method as 'POST')).toBe(false);
		}
	});

	it('treats any AR error array as final, at any status, except the server-busy numbers', () => {
		const body = (messageNumber: number) => [
			{ messageType: 'ERROR', messageText: 'x', messageNumber },
		];
		expect(isTransient({ status: 500, body: body(10001) })).toBe(false);
		expect(isTransient({ status: 500, body: body(8760) })).toBe(false);
		expect(isTransient({ status: 503, body: body(10001) })).toBe(false);
		for (const busy of [90, 91, 92, 93]) expect(isTransient({ status: 500, body: body(busy) })).toBe(true);
		expect(isTransient({ status: 502, body: '<html>Bad Gateway</html>' })).toBe(true);
	});

	it('says which failed writes may have been applied anyway', () => {
		const ar = (messageNumber: number) => [{ messageType: 'ERROR', messageText: 'x', messageNumber }];
		expect(mayHaveBeenApplied({ code: 'ECONNRESET' })).toBe(true);
		expect(mayHaveBeenApplied({ code: 'ETIMEDOUT' })).toBe(true);
		expect(mayHaveBeenApplied({ status: 504, body: '<html>Gateway Time-out</html>' })).toBe(true);
		expect(mayHaveBeenApplied({ status: 500, body: ar(92) })).toBe(true);
		expect(mayHaveBeenApplied({ status: 500, body: ar(10001) })).toBe(false);
		expect(mayHaveBeenApplied({ status: 400 })).toBe(false);
		expect(mayHaveBeenApplied({ code: 'ECONNREFUSED' })).toBe(false);
		expect(mayHaveBeenApplied({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })).toBe(false);
	});
});

describe('delays', () => {
	it('backs off exponentially with jitter', () => {
		expect([0, 1, 2].map((attempt) => retryDelayMs(attempt))).toEqual([300, 500, 900]);
	});

	it('honours Retry-After in seconds or as an HTTP date, capped', () => {
		const now = retrySettings.now();
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
		expect(parseRetryAfter('86400', now)).toBe(retrySettings.maxRetryAfterMs);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(retryDelayMs(0, '3')).toBe(3000);
	});
});

describe('withRetries', () => {
	const failing = (errors: Error[], value = 'ok') => {
		let calls = 0;
		const send = async () => {
			const error = errors[calls++];
			if (error) throw error;
			return value;
		};
		return { send, calls: () => calls };
	};

	it('retries a transient failure of an idempotent request', async () => {
		const { send, calls } = failing([httpError(503), netError('ECONNRESET')]);
		await expect(withRetries(send, { idempotent: true })).resolves.toBe('ok');
		expect(calls()).toBe(3);
		expect(slept).toEqual([300, 500]);
	});

	it('gives up after three retries and rethrows the last error', async () => {
		const errors = [httpError(500), httpError(502), httpError(503), httpError(504)];
		const { send, calls } = failing(errors);
		await expect(withRetries(send, { idempotent: true })).rejects.toBe(errors[3]);
		expect(calls()).toBe(4);
	});

	it('never resends a POST', async () => {
		const { send, calls } = failing([httpError(500), netError('ECONNRESET')]);
		await expect(withRetries(send, { idempotent: false })).rejects.toThrow('status 500');
		expect(calls()).toBe(1);
		expect(slept).toEqual([]);
	});

	it('does not retry a client error', async () => {
		const { send, calls } = failing([httpError(404)]);
		await expect(withRetries(send, { idempotent: true })).rejects.toThrow('status 404');
		expect(calls()).toBe(1);
	});

	it('waits as long as Retry-After says', async () => {
		const { send } = failing([httpError(503, undefined, { 'retry-after': '2' })]);
		const retries: number[] = [];
		await withRetries(send, { idempotent: true, onRetry: (info) => retries.push(info.delayMs) });
		expect(retries).toEqual([2000]);
		expect(slept.reduce((a, b) => a + b, 0)).toBe(2000);
	});

	it('stops waiting and retrying once cancelled', async () => {
		let cancelled = false;
		retrySettings.sleep = async (ms: number) => {
			slept.push(ms);
			cancelled = true;
		};
		const { send, calls } = failing([httpError(503), httpError(503)]);
		await expect(
			withRetries(send, { idempotent: true, isCancelled: () => cancelled }),
		).rejects.toThrow('status 503');
		expect(calls()).toBe(1);
	});
});
