/** The SCIM node's small pieces: where the SCIM path starts, the userName rule, the process memory, the items. */
import { executionItems } from '../../../nodes/ArSystemScim/output';
import { scimTokenTest } from '../../../nodes/ArSystemScim/credentialTest';
import { pathAfterBase, requestIdOf, scimRequestFrom } from '../../../nodes/ArSystemScim/scim/incoming';
import { casePrefixes, loginCandidatesQualification, sameLogin } from '../../../nodes/ArSystemScim/scim/logins';
import { BoundedCache } from '../../../nodes/ArSystemScim/scim/memory';
import { scimDateTime } from '../../../nodes/ArSystemScim/scim/dates';

describe('the SCIM path after the Base Path', () => {
	it.each([
		['/webhook/abc/scim/v2/Users', 'scim/v2', 'Users'],
		['/webhook/abc/scim/v2/Users/000000000000001?filter=x', 'scim/v2', 'Users/000000000000001'],
		['/webhook/abc/scim/okta/Groups/.search', '/scim/okta/', 'Groups/.search'],
		// An id that repeats a base segment cannot shift the match.
		['/webhook/abc/scim/v2/Users/v2', 'scim/v2', 'Users/v2'],
		['/webhook-test/abc/users/v2/Users', 'users/v2', 'Users'],
	])('%s under %s → %s', (url, base, expected) => {
		expect(pathAfterBase(url, base)).toBe(expected);
	});

	it('parses application/scim+json from the raw body and flags a body that is not JSON', async () => {
		const request = await scimRequestFrom(
			{ method: 'post', originalUrl: '/webhook/x/scim/v2/Users', query: { a: '1' }, headers: {}, rawBody: Buffer.from('{"userName":"x"}') },
			'scim/v2',
		);
		expect(request).toMatchObject({ method: 'post', path: 'Users', query: { a: '1' }, body: { userName: 'x' } });
		expect((await scimRequestFrom({ originalUrl: '/a/Users', rawBody: Buffer.from('{oops') }, '')).invalidBody).toBe(true);
		expect((await scimRequestFrom({ originalUrl: '/a/Users', body: { parsed: true } }, '')).body).toEqual({ parsed: true });
	});

	it('takes the identity provider\'s request id from the usual headers', () => {
		expect(requestIdOf({ 'client-request-id': ' e1 ' })).toBe('e1');
		expect(requestIdOf({ 'x-request-id': ['o1'] })).toBe('o1');
		expect(requestIdOf({})).toBeUndefined();
	});
});

describe('userName ignores case', () => {
	it('compares logins ignoring case and Unicode composition', () => {
		expect(sameLogin('JSmith', 'jsmith')).toBe(true);
		expect(sameLogin('Ren\u00e9', 'RENE\u0301')).toBe(true);
		expect(sameLogin('jsmith', 'jsmith2')).toBe(false);
	});

	it('asks AR for every case of the first three characters, escaped, in one qualification', () => {
		expect(casePrefixes('ab1x')).toEqual(['ab1', 'aB1', 'Ab1', 'AB1']);
		const q = loginCandidatesQualification('Login Name', 'a%"b');
		expect(q.startsWith(`'Login Name' = "a%""b"`)).toBe(true);
		// LIKE specials become "_" (one character); quotes doubled.
		expect(q).toContain(`'Login Name' LIKE "a_""%"`);
		// Only letters have two cases: a, then % and " as they are.
		expect(q.split(' OR ')).toHaveLength(1 + 2);
	});
});

describe('process memory', () => {
	it('keeps at most maxEntries, dropping the least recently used', () => {
		const cache = new BoundedCache<number>(2, 60_000);
		cache.set('a', 1);
		cache.set('b', 2);
		expect(cache.get('a')).toBe(1);
		cache.set('c', 3);
		expect(cache.get('b')).toBeUndefined();
		expect(cache.values().sort()).toEqual([1, 3]);
		cache.deletePrefix('a');
		expect(cache.get('a')).toBeUndefined();
	});

	it('forgets an entry whose time is up', () => {
		const cache = new BoundedCache<number>(2, 60_000);
		cache.set('gone', 1, 0);
		expect(cache.get('gone')).toBeUndefined();
	});
});

describe('execution items', () => {
	const request = { method: 'patch', path: 'Groups/1', query: {}, headers: { authorization: 'Bearer s3cret' }, body: { password: 'pw' } };
	const at = '2026-01-01T00:00:00.000Z';

	it('one item per change, never a header or a body', () => {
		const items = executionItems(request, { statusCode: 204, headers: {} }, [
			{ event: 'groupMembershipChanged', resourceType: 'Group', id: '1', name: 'G', membersAdded: ['u1'], membersRemoved: [] },
		], { outputReads: false, outputFailures: false, requestId: 'r1', receivedAt: at });
		expect(items).toEqual([{ json: { event: 'groupMembershipChanged', resourceType: 'Group', id: '1', name: 'G', membersAdded: ['u1'], membersRemoved: [], method: 'PATCH', path: '/Groups/1', status: 204, requestId: 'r1', receivedAt: at } }]);
		expect(JSON.stringify(items)).not.toMatch(/s3cret|"pw"/);
	});

	it('reads and failures only when asked', () => {
		const read = { statusCode: 200, headers: {} };
		const failed = { statusCode: 404, headers: {}, body: { detail: 'No user', scimType: undefined } };
		const off = { outputReads: false, outputFailures: false, receivedAt: at };
		expect(executionItems(request, read, [], off)).toEqual([]);
		expect(executionItems(request, failed, [], off)).toEqual([]);
		expect(executionItems(request, read, [], { ...off, outputReads: true })[0].json.event).toBe('read');
		expect(executionItems(request, failed, [], { ...off, outputFailures: true })[0].json).toMatchObject({ event: 'failed', status: 404, detail: 'No user' });
	});
});

describe('the SCIM credential test', () => {
	const test = async (token: string) => await scimTokenTest.call({} as never, { id: '1', name: 'x', type: 'arSystemScimApi', data: { token } });
	it('accepts a long secret and explains a short or spaced one', async () => {
		expect((await test('x'.repeat(32))).status).toBe('OK');
		expect(await test('short')).toMatchObject({ status: 'Error', message: expect.stringMatching(/at least 24/) });
		expect(await test(`${'x'.repeat(30)} y`)).toMatchObject({ status: 'Error', message: expect.stringMatching(/spaces/) });
	});
});

describe('AR Date/Time as SCIM dateTime', () => {
	it.each([
		['2024-05-01T10:00:00.000+0000', '2024-05-01T10:00:00.000Z'],
		['2024-05-01T12:00:00+02:00', '2024-05-01T10:00:00.000Z'],
		['2024-05-01T10:00:00Z', '2024-05-01T10:00:00.000Z'],
		[1714557600, '2024-05-01T10:00:00.000Z'],
		[null, undefined],
		['', undefined],
	])('%p → %p', (value, expected) => {
		expect(scimDateTime(value)).toBe(expected);
	});
});
