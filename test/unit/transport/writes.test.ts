/**
 * Writes whose answer is lost: verified by reading back, re-sent only when reading back shows
 * they were not applied, and reported as applied, not applied or unknown. A small in-memory AR
 * form behind the real request helpers decides what "applied" is.
 */
import { deleteEntry, mergeEntry, updateEntry } from '../../../nodes/ArSystem/transport';
import { codecFieldOf, compareStored } from '../../../nodes/ArSystem/helpers/codec';
import { diaryAppended, readBackVerdict } from '../../../nodes/ArSystem/transport/readBack';
import { retrySettings } from '../../../nodes/ArSystem/transport/retry';
import { resetSessions } from '../../../nodes/ArSystem/transport/sessions';
import type { ArFieldMeta } from '../../../nodes/ArSystem/transport/types';
import type { FakeServer, RecordedRequest, Reply } from './support';
import { caught, createContext, startServer, withLogin } from './support';

const FIELDS: ArFieldMeta[] = [
	{ id: 1, name: 'Request ID', datatype: 'CHAR' },
	{ id: 7, name: 'Status', datatype: 'ENUM', limit: { selection_values: [{ id: 0, name: 'New' }, { id: 1, name: 'Closed' }] } },
	{ id: 8, name: 'Short Description', datatype: 'CHAR' },
	{ id: 9, name: 'Count', datatype: 'INTEGER' },
	{ id: 10, name: 'Work Log', datatype: 'DIARY' },
	{ id: 11, name: 'Due', datatype: 'TIME' },
	{ id: 12, name: 'Amount', datatype: 'DECIMAL', limit: { min_value: 0, max_value: 1e9, precision: 2 } },
];
/** The fields as the codec sees them, as the node's operations pass them from their metadata. */
const CODEC_FIELDS = FIELDS.map(codecFieldOf);

type Stored = Record<string, unknown>;

/** What goes wrong with the next write: before it is applied, or after. */
type Fault = { when: 'before' | 'after'; reply: Reply } | undefined;

let server: FakeServer;
let entries: Map<string, Stored>;
let faults: Fault[];
const originalRetry = { ...retrySettings };

function applyValues(target: Stored, values: Stored) {
	for (const [name, value] of Object.entries(values)) {
		if (name === 'Work Log') {
			const log = (target[name] as Array<{ text: string }> | null) ?? [];
			target[name] = [...log, { timestamp: '2026-01-01T00:00:00.000+0000', user: 'Demo', text: value }];
		} else if (name === 'Amount' && typeof value === 'number') {
			// A scale-2 DECIMAL: the server keeps two decimals.
			target[name] = Number(value.toFixed(2));
		} else if (name === 'Status' && typeof value === 'number') {
			target[name] = value === 1 ? 'Closed' : 'New';
		} else {
			target[name] = value;
		}
	}
}

function write(request: RecordedRequest, apply: () => Reply): Reply {
	const fault = faults.shift();
	if (fault?.when === 'before') return fault.reply;
	const reply = apply();
	return fault?.when === 'after' ? fault.reply : reply;
}

function pick(values: Stored, query: string): Stored {
	const match = /fields=values\(([^)]*)\)/.exec(query);
	if (!match) return values;
	const names = match[1].split(',').map(decodeURIComponent);
	// Password-type fields read back masked, as AR does.
	return Object.fromEntries(names.map((n) => [n, n === 'Secret' ? '***' : (values[n] ?? null)]));
}

function handler(request: RecordedRequest): Reply {
	const path = decodeURIComponent(request.path);
	if (path === '/api/arsys/v1.0/fields/Form') return { body: FIELDS };
	const one = /^\/api\/arsys\/v1\/entry\/Form\/(.+)$/.exec(path);
	if (one) {
		const id = one[1];
		const entry = entries.get(id);
		if (request.method === 'GET') {
			return entry
				? { body: { values: pick(entry, request.query) } }
				: { status: 404, body: [{ messageType: 'ERROR', messageNumber: 302, messageText: 'Entry does not exist in database', messageAppendedText: id }] };
		}
		if (request.method === 'PUT') {
			return write(request, () => {
				applyValues(entry as Stored, JSON.parse(request.body).values as Stored);
				return { status: 204 };
			});
		}
		if (request.method === 'DELETE') {
			return write(request, () => {
				entries.delete(id);
				return { status: 204 };
			});
		}
	}
	if (path === '/api/arsys/v1/mergeEntry/Form') {
		return write(request, () => {
			const body = JSON.parse(request.body) as { values: Stored; qualification?: string };
			const key = /"(.*)"/.exec(body.qualification ?? '')?.[1];
			let id = [...entries.entries()].find(([, e]) => e['Short Description'] === key)?.[0];
			if (!id) {
				id = String(entries.size + 100).padStart(15, '0');
				entries.set(id, { 'Request ID': id, 'Work Log': null });
			}
			applyValues(entries.get(id) as Stored, body.values);
			return { status: 201, headers: { Location: `${server.url}/api/arsys/v1/entry/Form/${id}` } };
		});
	}
	if (path === '/api/arsys/v1/entry/Form' && request.method === 'GET') {
		const q = decodeURIComponent(new URLSearchParams(request.query).get('q') ?? '');
		const key = /"(.*)"/.exec(q)?.[1];
		const found = [...entries.values()].filter((e) => e['Short Description'] === key);
		return { body: { entries: found.map((e) => ({ values: pick(e, request.query) })), _links: { self: [{ href: 'x' }] } } };
	}
	return { status: 404, body: 'no route' };
}

const reset: Reply = { reset: true };
const gateway504: Reply = { status: 504, headers: { 'Content-Type': 'text/html' }, body: '<html><body>504 Gateway Time-out</body></html>' };

beforeAll(async () => {
	server = await startServer(withLogin(handler));
});

afterAll(async () => {
	await server.close();
});

beforeEach(() => {
	server.requests.length = 0;
	resetSessions();
	retrySettings.sleep = async () => {};
	faults = [];
	entries = new Map([
		['000000000000001', { 'Request ID': '000000000000001', Status: 'New', 'Short Description': 'one', Count: 1, 'Work Log': null, Due: null }],
	]);
});

afterEach(() => {
	Object.assign(retrySettings, originalRetry);
});

function context() {
	return createContext({ baseUrl: server.url, username: 'Demo', password: 'pw', authString: '' });
}

const sent = (method: string) => server.dataRequests().filter((r) => r.method === method).length;
const diaryTexts = (id: string) =>
	((entries.get(id)?.['Work Log'] as Array<{ text: string }> | null) ?? []).map((e) => e.text);

describe('update', () => {
	it.each([['reset', reset], ['504 page', gateway504]])(
		'applied before the %s: verified by reading back, not re-sent',
		async (_name, reply) => {
			faults = [{ when: 'after', reply }];
			const { ctx, logs } = context();
			const result = await updateEntry.call(
				ctx,
				'Form',
				'000000000000001',
				{ 'Short Description': 'changed', Status: 1, 'Work Log': 'line 1' },
				{ fields: CODEC_FIELDS },
			);
			expect(result.verified).toBe('applied');
			expect(sent('PUT')).toBe(1);
			expect(diaryTexts('000000000000001')).toEqual(['line 1']);
			expect(logs.join('\n')).toContain("Update of entry '000000000000001' on form 'Form'");
		},
	);

	it('AR 92 ("accepted, will usually complete") is verified, not re-sent', async () => {
		faults = [
			{
				when: 'after',
				reply: { status: 500, body: [{ messageType: 'ERROR', messageNumber: 92, messageText: 'Timeout during database update' }] },
			},
		];
		const result = await updateEntry.call(context().ctx, 'Form', '000000000000001', { 'Work Log': 'slow' }, { fields: CODEC_FIELDS });
		expect(result.verified).toBe('applied');
		expect(sent('PUT')).toBe(1);
	});

	it('not applied before the reset: re-sent once, then applied exactly once', async () => {
		faults = [{ when: 'before', reply: reset }];
		const result = await updateEntry.call(
			context().ctx,
			'Form',
			'000000000000001',
			{ 'Work Log': 'line 2' },
			{ fields: CODEC_FIELDS },
		);
		expect(result).toMatchObject({ resent: true });
		expect(sent('PUT')).toBe(2);
		expect(diaryTexts('000000000000001')).toEqual(['line 2']);
	});

	describe('a diary append whose text is already in the diary', () => {
		beforeEach(() => {
			applyValues(entries.get('000000000000001') as Stored, { 'Work Log': 'called the user' });
		});
		const appendAgain = async (fields?: typeof CODEC_FIELDS) =>
			await updateEntry.call(context().ctx, 'Form', '000000000000001', { 'Work Log': 'called the user' }, { fields });

		it('told apart by the diary read before it: lost before AR saw it, re-sent once', async () => {
			faults = [{ when: 'before', reply: reset }];
			const result = await appendAgain(CODEC_FIELDS);
			expect(result).toMatchObject({ resent: true });
			expect(sent('PUT')).toBe(2);
			expect(diaryTexts('000000000000001')).toEqual(['called the user', 'called the user']);
		});

		it('told apart by the diary read before it: applied, not re-sent', async () => {
			faults = [{ when: 'after', reply: gateway504 }];
			const result = await appendAgain(CODEC_FIELDS);
			expect(result.verified).toBe('applied');
			expect(sent('PUT')).toBe(1);
			// One read of the diary before the write, one read-back after it.
			expect(server.dataRequests().filter((r) => r.method === 'GET' && r.path.includes('/entry/'))).toHaveLength(2);
		});

		it('without the diary from before it cannot be told apart: unknown, never re-sent', async () => {
			faults = [{ when: 'before', reply: reset }];
			const error = await caught(async () => await appendAgain());
			expect(error.message).toBe(
				"Update of entry '000000000000001' on form 'Form' may or may not have been applied",
			);
			expect(sent('PUT')).toBe(1);
			expect(diaryTexts('000000000000001')).toEqual(['called the user']);
		});
	});

	it('a DECIMAL the server rounded to its scale: applied, sent once', async () => {
		faults = [{ when: 'after', reply: reset }];
		const result = await updateEntry.call(context().ctx, 'Form', '000000000000001', { Amount: 12.345 });
		expect(result.verified).toBe('applied');
		expect(sent('PUT')).toBe(1);
		expect(entries.get('000000000000001')?.Amount).not.toBe(12.345);
	});

	it('not applied twice: reported as not applied, safe to run again', async () => {
		faults = [{ when: 'before', reply: reset }, { when: 'before', reply: gateway504 }];
		const error = await caught(() =>
			updateEntry.call(context().ctx, 'Form', '000000000000001', { Count: 5 }),
		);
		expect(error.message).toBe("Update of entry '000000000000001' on form 'Form' was not applied");
		expect(error.description).toContain('safe to run this item again');
		expect(sent('PUT')).toBe(2);
		expect(entries.get('000000000000001')?.Count).toBe(1);
	});

	it('unknown when only a password-like field was written: never re-sent', async () => {
		faults = [{ when: 'after', reply: reset }];
		const error = await caught(() =>
			updateEntry.call(context().ctx, 'Form', '000000000000001', { Secret: 'hunter2' }),
		);
		expect(error.message).toBe(
			"Update of entry '000000000000001' on form 'Form' may or may not have been applied",
		);
		expect(error.description).toContain('not re-sent');
		expect(error.description).not.toContain('hunter2');
		expect(sent('PUT')).toBe(1);
	});
});

describe('delete', () => {
	it('applied before the reset: the entry is gone, reported as deleted', async () => {
		faults = [{ when: 'after', reply: reset }];
		const result = await deleteEntry.call(context().ctx, 'Form', '000000000000001');
		expect(result.verified).toBe('applied');
		expect(sent('DELETE')).toBe(1);
	});

	it('not applied before the 504: still there, deleted by the one re-send', async () => {
		faults = [{ when: 'before', reply: gateway504 }];
		await deleteEntry.call(context().ctx, 'Form', '000000000000001');
		expect(sent('DELETE')).toBe(2);
		expect(entries.has('000000000000001')).toBe(false);
	});
});

describe('merge (upsert)', () => {
	it('verified through the match qualification; the diary line is there once', async () => {
		faults = [{ when: 'after', reply: gateway504 }];
		const result = await mergeEntry.call(
			context().ctx,
			'Form',
			{ 'Short Description': 'one', 'Work Log': 'merged' },
			{
				mergeType: 'DUP_MERGE',
				qualification: '\'Short Description\' = "one"',
				// The match's diary as the caller read it before merging: empty.
				before: { 'Work Log': null },
			},
		);
		expect(result.requestId).toBe('000000000000001');
		expect(sent('POST')).toBe(1);
		expect(diaryTexts('000000000000001')).toEqual(['merged']);
	});

	it('a diary text already there, without the diary from before: unknown, never re-sent', async () => {
		applyValues(entries.get('000000000000001') as Stored, { 'Work Log': 'merged' });
		faults = [{ when: 'before', reply: reset }];
		const error = await caught(() =>
			mergeEntry.call(
				context().ctx,
				'Form',
				{ 'Short Description': 'one', 'Work Log': 'merged' },
				{ mergeType: 'DUP_MERGE', qualification: '\'Short Description\' = "one"' },
			),
		);
		expect(error.message).toContain('may or may not have been applied');
		expect(sent('POST')).toBe(1);
		expect(diaryTexts('000000000000001')).toEqual(['merged']);
	});

	it('not there after a reset before the merge: re-sent once and created once', async () => {
		faults = [{ when: 'before', reply: reset }];
		await mergeEntry.call(
			context().ctx,
			'Form',
			{ 'Short Description': 'two', Count: 2 },
			{ mergeType: 'DUP_MERGE', qualification: '\'Short Description\' = "two"' },
		);
		expect(sent('POST')).toBe(2);
		expect([...entries.values()].filter((e) => e['Short Description'] === 'two')).toHaveLength(1);
	});

	it('without a match key: unknown, never re-sent', async () => {
		faults = [{ when: 'after', reply: reset }];
		const error = await caught(() =>
			mergeEntry.call(context().ctx, 'Form', { Count: 3 }, { mergeType: 'DUP_MERGE' }),
		);
		expect(error.message).toContain('may or may not have been applied');
		expect(sent('POST')).toBe(1);
	});
});

describe('read-back comparison', () => {
	const field = (datatype: string, extra: Partial<ArFieldMeta> = {}) =>
		codecFieldOf({ id: 99, name: 'f', datatype, ...extra });
	const compareField = compareStored;

	it.each([
		['TIME', 1767225600, '2026-01-01T00:00:00.000+0000', 'same'],
		['TIME', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01.000+0000', 'different'],
		['TIME_OF_DAY', 3661, '01:01:01', 'same'],
		['DATE', '2026-01-02', '2026-01-02', 'same'],
		['INTEGER', '5', 5, 'same'],
		['REAL', 1.5, 1.25, 'different'],
		['CHAR', 'a ', 'a', 'same'],
		['CHAR', 'a', 'b', 'different'],
		['CHAR', '', null, 'same'],
		['CHAR', 'secret', '***', 'unknown'],
		['CURRENCY', { decimal: 2, currency: 'USD' }, { decimal: 2, currency: 'USD', functionalValues: {} }, 'same'],
		['CURRENCY', { decimal: 2.005, currency: 'USD' }, { decimal: 2.01, currency: 'USD' }, 'same'],
		['CURRENCY', { decimal: 2, currency: 'USD' }, { decimal: 2, currency: 'EUR' }, 'different'],
		['DECIMAL', 12.345, 12.35, 'same'],
		['DECIMAL', 12.345, 12.34, 'same'],
		['DECIMAL', 12.345, 12.36, 'different'],
		['DECIMAL', 12.3, 12.35, 'different'],
		['REAL', 12.345, 12.35, 'different'],
		['CHAR', 'abc-1', 'ABC-1', 'unknown'],
		['CHAR', ' abc  1', 'abc 1', 'unknown'],
	])('%s: sent %j, read %j → %s', (datatype, sentValue, read, verdict) => {
		// Scaled types with the scale their metadata gives (2, as AR's default).
		const scaled = datatype === 'DECIMAL' || datatype === 'CURRENCY';
		expect(compareField(field(datatype, scaled ? { limit: { precision: 2 } } : {}), sentValue, read)).toBe(verdict);
	});

	it('a DECIMAL compares at the scale in its metadata; without one, a possible rounding proves nothing', () => {
		const scale3 = field('DECIMAL', { limit: { precision: 3 } });
		expect(compareField(scale3, 12.3456, 12.346)).toBe('same');
		expect(compareField(scale3, 12.3456, 12.35)).toBe('different');
		const noScale = field('DECIMAL');
		expect(compareField(noScale, 12.345, 12.35)).toBe('unknown');
		expect(compareField(noScale, 12.345, 12.5)).toBe('different');
		expect(compareField(noScale, 12.345, 12.345)).toBe('same');
	});

	it('maps enum indexes to labels through the field limits, and cannot tell without them', () => {
		const status = CODEC_FIELDS[1];
		expect(compareField(status, 1, 'Closed')).toBe('same');
		expect(compareField(status, 'New', 'Closed')).toBe('different');
		expect(compareField(field('ENUM'), 1, 'Closed')).toBe('unknown');
	});

	it('finds the entry a write appended among the entries added since the diary was read', () => {
		const before = [{ text: 'a' }];
		expect(diaryAppended(before, [{ text: 'a' }, { text: 'b ' }], 'b')).toBe('same');
		expect(diaryAppended(before, [{ text: 'a' }], 'a')).toBe('different');
		expect(diaryAppended(before, [{ text: 'a' }, { text: 'a' }], 'a')).toBe('same');
		expect(diaryAppended(null, [{ text: 'c' }], 'c')).toBe('same');
		expect(diaryAppended(null, null, 'c')).toBe('different');
		// Two added entries with the text: another writer appended the same; which one is ours?
		expect(diaryAppended(before, [{ text: 'a' }, { text: 'b' }, { text: 'b' }], 'b')).toBe('unknown');
		// No earlier state: text that is there cannot be told apart from the same text written before.
		expect(diaryAppended(undefined, [{ text: 'b' }], 'b')).toBe('unknown');
		expect(diaryAppended(undefined, [{ text: 'b' }], 'c')).toBe('different');
	});

	it('a field the metadata does not list as stored (DISPLAY, reads back empty) proves nothing', () => {
		expect(readBackVerdict({ z1D_Action: 'ASSIGN' }, { z1D_Action: null }, CODEC_FIELDS)).toBe('unknown');
		expect(readBackVerdict({ z1D_Action: 'ASSIGN', Count: 4 }, { z1D_Action: null, Count: 4 }, CODEC_FIELDS)).toBe(
			'present',
		);
	});

	it('lets a diary field decide, since AR applies a write as a whole', () => {
		const verdict = readBackVerdict(
			{ 'Work Log': 'x', 'Short Description': 'changed meanwhile' },
			{ 'Work Log': [{ text: 'x' }], 'Short Description': 'someone else' },
			CODEC_FIELDS,
			{ 'Work Log': null },
		);
		expect(verdict).toBe('present');
	});
});
