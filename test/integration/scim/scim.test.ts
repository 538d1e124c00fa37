/**
 * Every SCIM endpoint of the AR System SCIM node, over real HTTP through n8n-core's
 * WebhookContext (test/harness/scimBridge.ts), against the emulator on loopback, checking the
 * SCIM answer, its headers, what the emulator then holds and what the node hands n8n to execute.
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import type { ScimBridge } from '../../harness/scimBridge';
import { startScimBridge } from '../../harness/scimBridge';
import type { Harness } from '../../harness/setup';
import { startHarness, storedToken } from '../../harness/setup';

const BEARER = ['scim', 'test', '7f3a9c', 'long-enough-secret'].join('-');
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

interface Answer {
	statusCode: number;
	headers: Record<string, string>;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SCIM bodies are read field by field
	body: any;
}

describe('SCIM 2.0 bridge through the n8n engine', () => {
	let h: Harness;
	let bridge: ScimBridge;
	const control = () => h.emulator.control;
	const q = (text: string) => `"${text.replace(/"/g, '""')}"`;
	const userByLogin = (login: string) => control().findEntries('User', `'Login Name' = ${q(login)}`)[0];
	const groupIdOf = (name: string) => Number(control().findEntries('Group', `'Group Name' = ${q(name)}`)[0].values['Group ID']);
	const groupRequestId = (name: string) => control().findEntries('Group', `'Group Name' = ${q(name)}`)[0].id;
	const groupList = (login: string) => String(userByLogin(login).values['Group List'] ?? '');

	async function scim(
		method: string,
		path: string,
		input: { query?: IDataObject; body?: unknown; token?: string | null; options?: IDataObject; headers?: IDataObject } = {},
	): Promise<Answer> {
		const headers: IDataObject = input.token === null ? {} : { authorization: `Bearer ${input.token ?? BEARER}` };
		bridge.node.parameters.options = { peopleCompany: 'Calbro Services', ...input.options };
		const response = await axios.request({
			method,
			url: `${bridge.url}/${path.replace(/^\//, '')}`,
			params: input.query,
			headers: { ...headers, ...(input.headers ?? {}), ...(input.body === undefined ? {} : { 'content-type': 'application/scim+json' }) },
			data: input.body === undefined ? undefined : JSON.stringify(input.body),
			validateStatus: () => true,
			transformResponse: (text: string) => (text === '' ? undefined : (JSON.parse(text) as unknown)),
		});
		const answer: Answer = { statusCode: response.status, headers: response.headers as Record<string, string>, body: response.data };
		// The bearer token and the AR token never appear in an answer.
		const text = JSON.stringify(answer);
		expect(text).not.toContain(BEARER);
		if (storedToken(h)) expect(text).not.toContain(storedToken(h));
		return answer;
	}

	beforeAll(async () => {
		h = await startHarness({ users: 120 });
		bridge = await startScimBridge(h.env, { secret: BEARER });
	});

	afterAll(async () => {
		await bridge.stop();
		await h.emulator.stop();
	});

	describe('authentication', () => {
		it.each([
			['no Authorization header', null],
			['a wrong token', `${BEARER}x`],
			['a prefix of the token', 'scim-test'],
		])('answers 401 in SCIM format for %s, before touching AR', async (_what, token) => {
			h.reset();
			const answer = await scim('GET', 'Users', { token });
			expect(answer.statusCode).toBe(401);
			expect(answer.body.schemas).toEqual([ERROR_SCHEMA]);
			expect(answer.headers['www-authenticate']).toMatch(/^Bearer/);
			expect(answer.headers['content-type']).toMatch(/^application\/scim\+json/);
			expect(h.requests()).toBe(0);
		});

		it('refuses everyone while the credential has no token, an empty bearer included', async () => {
			h.env.credentials.setCredentials('arSystemScimApi', { token: '' });
			try {
				expect((await scim('GET', 'Users', { token: '' })).statusCode).toBe(401);
				expect((await scim('GET', 'Users', { token: 'anything' })).statusCode).toBe(401);
			} finally {
				h.env.credentials.setCredentials('arSystemScimApi', { token: BEARER });
			}
		});

		it('answers 400 for a body that is not JSON, after the bearer check', async () => {
			const post = (token: string) =>
				axios.post(`${bridge.url}/Users`, '{not json', { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' }, validateStatus: () => true });
			expect((await post('wrong')).status).toBe(401);
			const bad = await post(BEARER);
			expect(bad.status).toBe(400);
			expect(bad.data.scimType).toBe('invalidSyntax');
		});
	});

	describe('discovery (RFC 7644 §4)', () => {
		it('ServiceProviderConfig says what is supported', async () => {
			const { statusCode, body, headers } = await scim('GET', 'ServiceProviderConfig');
			expect(statusCode).toBe(200);
			expect(headers['content-type']).toMatch(/^application\/scim\+json/);
			expect(body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true, maxResults: 100 }, sort: { supported: false }, etag: { supported: false } });
		});

		it('ResourceTypes and Schemas list User (with the enterprise extension) and Group', async () => {
			const types = await scim('GET', 'ResourceTypes');
			expect(types.body.Resources.map((r: IDataObject) => r.id)).toEqual(['User', 'Group']);
			expect((await scim('GET', 'ResourceTypes/Group')).body.endpoint).toBe('/Groups');
			const schemas = await scim('GET', 'Schemas');
			expect(schemas.body.totalResults).toBe(3);
			const user = await scim('GET', '/Schemas/urn:ietf:params:scim:schemas:core:2.0:User');
			expect(user.body.attributes.find((a: IDataObject) => a.name === 'password')).toMatchObject({ returned: 'never', mutability: 'writeOnly' });
			expect((await scim('GET', 'Schemas/urn:nothing')).statusCode).toBe(404);
			// Methods and paths the node does not register are n8n's 404, not the node's.
			expect((await scim('POST', 'Schemas')).statusCode).toBe(404);
			expect((await scim('POST', 'Bulk', { body: {} })).statusCode).toBe(501);
			expect((await scim('GET', 'Me')).statusCode).toBe(501);
			expect((await scim('GET', 'Nothing/here')).statusCode).toBe(404);
		});

		it('/Schemas advertises externalId only when it is kept', async () => {
			const attrs = async (urn: string, options: IDataObject = {}) =>
				(await scim('GET', `Schemas/${urn}`, { options })).body.attributes.map((a: IDataObject) => a.name);
			expect(await attrs('urn:ietf:params:scim:schemas:core:2.0:User')).not.toContain('externalId');
			expect(await attrs('urn:ietf:params:scim:schemas:core:2.0:Group')).not.toContain('externalId');
			expect(await attrs('urn:ietf:params:scim:schemas:core:2.0:User', { externalIdField: 'Full Name' })).toContain('externalId');
		});
	});

	describe('Users', () => {
		it('lists with an exact totalResults and 1-based pages that add up to every user', async () => {
			const total = control().count('User');
			const first = await scim('GET', 'Users', { query: { startIndex: '1', count: '50' } });
			expect(first.body.totalResults).toBe(total);
			expect(first.body.itemsPerPage).toBe(50);
			const seen = new Set<string>();
			for (let start = 1; start <= total; start += 50) {
				const page = await scim('GET', 'Users', { query: { startIndex: String(start), count: '50', attributes: 'userName' } });
				for (const user of page.body.Resources) seen.add(user.id);
			}
			expect(seen.size).toBe(total);
			const beyond = await scim('GET', 'Users', { query: { startIndex: String(total + 1) } });
			expect(beyond.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
			const countOnly = await scim('GET', 'Users', { query: { count: '0' } });
			expect(countOnly.body).toMatchObject({ totalResults: total, Resources: [] });
		});

		it('filters with userName eq (the lookup Entra ID and Okta make) and refuses bad filters', async () => {
			const found = await scim('GET', 'Users', { query: { filter: 'userName eq "Demo"' } });
			expect(found.body.totalResults).toBe(1);
			expect(found.body.Resources[0]).toMatchObject({ userName: 'Demo', active: true });
			const none = await scim('GET', 'Users', { query: { filter: 'userName eq "nobody-here"' } });
			expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });
			const bad = await scim('GET', 'Users', { query: { filter: 'userName eq' } });
			expect(bad).toMatchObject({ statusCode: 400, body: { scimType: 'invalidFilter' } });
			const unsupported = await scim('GET', 'Users', { query: { filter: 'name.familyName eq "x"' } });
			expect(unsupported).toMatchObject({ statusCode: 400, body: { scimType: 'invalidFilter' } });
			expect(unsupported.body.detail).toMatch(/CTM:People/);
		});

		it('filters with and / or / not, co and value paths, agreeing with the emulator', async () => {
			const filter = 'emails[type eq "work" and value co "@calbro.com"] and not (active eq false) and (userName sw "a" or userName sw "b")';
			const answer = await scim('GET', 'Users', { query: { filter, count: '500', attributes: 'userName' } });
			const expected = control()
				.findEntries('User', `'Email Address' LIKE "%@calbro.com%" AND 'Status' = "Current" AND ('Login Name' LIKE "a%" OR 'Login Name' LIKE "b%")`)
				.map((e) => e.id)
				.sort();
			expect(expected.length).toBeGreaterThan(0);
			expect(answer.body.totalResults).toBe(expected.length);
			expect(answer.body.Resources.map((r: IDataObject) => r.id).sort()).toEqual(expected);
		});

		it('POST /.search takes the query in the body', async () => {
			const answer = await scim('POST', 'Users/.search', { body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'], filter: 'userName eq "appuser"', attributes: ['userName'] } });
			expect(answer.body.totalResults).toBe(1);
			expect(Object.keys(answer.body.Resources[0]).sort()).toEqual(['id', 'schemas', 'userName']);
		});

		let id = '';
		it('creates a user (201) with a CTM:People record, and refuses the same userName (409)', async () => {
			const created = await scim('POST', 'Users', {
				body: {
					schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
					userName: 'scim.create',
					name: { givenName: 'Scim', familyName: "O'Create" },
					emails: [{ value: 'home@example.com', type: 'home' }, { value: 'scim.create@example.com', type: 'work', primary: true }],
					displayName: "Scim O'Create",
					password: 'Pa55word!x',
					active: true,
					'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { department: 'Finance' },
					title: 'not kept',
				},
			});
			expect(created.statusCode).toBe(201);
			id = created.body.id;
			expect(created.body).toMatchObject({ userName: 'scim.create', displayName: "Scim O'Create", active: true, name: { givenName: 'Scim', familyName: "O'Create" }, emails: [{ value: 'scim.create@example.com', type: 'work', primary: true }] });
			expect(created.body.password).toBeUndefined();
			expect(JSON.stringify(created)).not.toContain('Pa55word');
			const entry = userByLogin('scim.create');
			expect(entry.id).toBe(id);
			expect(entry.values).toMatchObject({ 'Full Name': "Scim O'Create", 'Email Address': 'scim.create@example.com', Status: 'Current' });
			const person = control().findEntries('CTM:People', `'Remedy Login ID' = "scim.create"`)[0];
			expect(person.values).toMatchObject({ 'First Name': 'Scim', 'Last Name': "O'Create", Company: 'Calbro Services', Department: 'Finance' });

			const again = await scim('POST', 'Users', { body: { userName: 'scim.create' } });
			expect(again).toMatchObject({ statusCode: 409, body: { scimType: 'uniqueness', status: '409' } });
			expect((await scim('POST', 'Users', { body: { displayName: 'x' } })).statusCode).toBe(400);
		});

		it('gets by id, 404 for an unknown or impossible id', async () => {
			expect((await scim('GET', `Users/${id}`)).body.userName).toBe('scim.create');
			expect((await scim('GET', 'Users/000000009999999')).statusCode).toBe(404);
			expect((await scim('GET', `Users/${'9'.repeat(40)}`)).statusCode).toBe(404);
			expect((await scim('GET', 'Users/a"b')).statusCode).toBe(404);
		});

		it('PATCH in Entra ID dialect: Replace active "False", email by value path, family name', async () => {
			const answer = await scim('PATCH', `Users/${id}`, {
				body: {
					schemas: [PATCH_SCHEMA],
					Operations: [
						{ op: 'Replace', path: 'active', value: 'False' },
						{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'updated@example.com' },
						{ op: 'Replace', path: 'name.familyName', value: 'Updated' },
					],
				},
			});
			expect(answer.statusCode).toBe(200);
			expect(answer.body).toMatchObject({ active: false, emails: [{ value: 'updated@example.com' }], name: { familyName: 'Updated' } });
			expect(userByLogin('scim.create').values).toMatchObject({ Status: 'Disabled', 'Email Address': 'updated@example.com' });
			expect(control().findEntries('CTM:People', `'Remedy Login ID' = "scim.create"`)[0].values['Last Name']).toBe('Updated');
		});

		it('a PATCH that changes nothing writes nothing', async () => {
			const before = control().versionLog('User').length;
			const answer = await scim('PATCH', `Users/${id}`, { body: { Operations: [{ op: 'replace', value: { active: false } }] } });
			expect(answer.statusCode).toBe(200);
			expect(control().versionLog('User').length).toBe(before);
		});

		it('a PATCH with one invalid operation writes nothing', async () => {
			const before = control().versionLog('User').length;
			const answer = await scim('PATCH', `Users/${id}`, { body: { Operations: [{ op: 'replace', path: 'displayName', value: 'X' }, { op: 'replace', path: 'active', value: 'perhaps' }] } });
			expect(answer).toMatchObject({ statusCode: 400, body: { scimType: 'invalidValue' } });
			expect(control().versionLog('User').length).toBe(before);
		});

		it('PUT replaces: Okta re-activates and renames; userName taken by another user is 409', async () => {
			const answer = await scim('PUT', `Users/${id}`, {
				body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id, userName: 'scim.renamed', name: { givenName: 'Scim', familyName: 'Renamed' }, emails: [{ value: 'renamed@example.com', primary: true }], active: true },
			});
			expect(answer.statusCode).toBe(200);
			expect(answer.body).toMatchObject({ userName: 'scim.renamed', active: true, displayName: 'Scim Renamed' });
			expect(userByLogin('scim.renamed').id).toBe(id);
			expect(control().findEntries('CTM:People', `'Remedy Login ID' = "scim.renamed"`)[0].values['Last Name']).toBe('Renamed');
			const clash = await scim('PUT', `Users/${id}`, { body: { userName: 'Demo', active: true } });
			expect(clash).toMatchObject({ statusCode: 409, body: { scimType: 'uniqueness' } });
		});

		it('DELETE disables by default (204), and the user answers 404 and is listed no more (RFC 7644 §3.6)', async () => {
			const total = (await scim('GET', 'Users', { query: { count: '0' } })).body.totalResults;
			const gone = await scim('DELETE', `Users/${id}`);
			expect(gone.statusCode).toBe(204);
			expect(gone.body).toBeUndefined();
			expect(userByLogin('scim.renamed').values.Status).toBe('Disabled');
			expect((await scim('GET', `Users/${id}`)).statusCode).toBe(404);
			expect((await scim('PATCH', `Users/${id}`, { body: { Operations: [{ op: 'replace', value: { active: true } }] } })).statusCode).toBe(404);
			expect((await scim('DELETE', `Users/${id}`)).statusCode).toBe(404);
			expect((await scim('GET', 'Users', { query: { filter: 'userName eq "scim.renamed"' } })).body.totalResults).toBe(0);
			expect((await scim('GET', 'Users', { query: { count: '0' } })).body.totalResults).toBe(total - 1);
			// The tombstone is in the workflow's static data, which n8n saves after the request.
			expect(JSON.stringify(bridge.staticData)).toContain(id);
		});

		it('a POST of a deleted userName re-creates it under its old id, enabled', async () => {
			const again = await scim('POST', 'Users', { body: { userName: 'scim.renamed', active: true, displayName: 'Back Again' } });
			expect(again.statusCode).toBe(201);
			expect(again.body.id).toBe(id);
			expect(userByLogin('scim.renamed').values).toMatchObject({ Status: 'Current', 'Full Name': 'Back Again' });
			expect((await scim('GET', `Users/${id}`)).statusCode).toBe(200);
		});

		it('DELETE with Delete Means = delete removes the entry', async () => {
			const deleted = await scim('DELETE', `Users/${id}`, { options: { deleteMode: 'delete' } });
			expect(deleted.statusCode).toBe(204);
			expect(userByLogin('scim.renamed')).toBeUndefined();
			expect((await scim('GET', `Users/${id}`)).statusCode).toBe(404);
			expect((await scim('DELETE', `Users/${id}`)).statusCode).toBe(404);
		});

		it('AR failures become SCIM errors without secrets', async () => {
			// More 500s than the transport retries a read.
			control().failNext(5, '500');
			const answer = await scim('GET', 'Users', { query: { filter: 'userName eq "Demo"' } });
			expect(answer.statusCode).toBe(502);
			expect(answer.body.schemas).toEqual([ERROR_SCHEMA]);
			expect(answer.body.detail).toMatch(/AR System server could not complete the request/);
			// Server internals (AR's message text, the server's address) stay in n8n's log.
			expect(answer.body.detail).not.toContain(h.emulator.url);
			expect(answer.body.detail).not.toMatch(/ARERR|Internal/i);
		});
	});

	describe('Groups', () => {
		let groupId = '';
		let arGroupId = 0;
		let memberA = '';
		let memberB = '';

		beforeAll(async () => {
			for (const login of ['scim.member.a', 'scim.member.b']) {
				await scim('POST', 'Users', { body: { userName: login, active: true } });
			}
			memberA = userByLogin('scim.member.a').id;
			memberB = userByLogin('scim.member.b').id;
			// Group 10 already on A's list: the new group must never be confused with it.
			control().modifyEntry('User', memberA, { 'Group List': '10;' });
		});

		it('creates a group with a member: the member\'s Group List gains its Group ID', async () => {
			const created = await scim('POST', 'Groups', { body: { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'SCIM Engineers', members: [{ value: memberA }] } });
			expect(created.statusCode).toBe(201);
			groupId = created.body.id;
			expect(groupId).toBe(groupRequestId('SCIM Engineers'));
			arGroupId = groupIdOf('SCIM Engineers');
			expect(groupList('scim.member.a')).toBe(`10;${arGroupId};`);
			expect(created.body.members).toEqual([{ value: memberA, display: 'scim.member.a', type: 'User', $ref: expect.stringMatching(new RegExp(`/scim/v2/Users/${memberA}$`)) }]);
			expect(created.headers.location).toMatch(new RegExp(`/scim/v2/Groups/${groupId}$`));
			expect((await scim('POST', 'Groups', { body: { displayName: 'SCIM Engineers' } })).statusCode).toBe(409);
			expect((await scim('POST', 'Groups', { body: { displayName: 'Bad', members: [{ value: '000000000999999' }] } })).statusCode).toBe(400);
			expect(control().findEntries('Group', `'Group Name' = "Bad"`)).toHaveLength(0);
		});

		it('picks the next Group ID when another client took it between the read and the create', async () => {
			let raced = false;
			control().onRequest(({ method, route }) => {
				if (raced || method !== 'POST' || route !== 'POST /entry/Group') return;
				raced = true;
				const max = Math.max(...control().findEntries('Group').map((e) => Number(e.values['Group ID'])));
				control().insertEntry('Group', { 'Group Name': 'SCIM Racer', 'Group ID': max + 1, 'Group Type': 'View', 'Group Category': 'Regular' });
			});
			try {
				const created = await scim('POST', 'Groups', { body: { displayName: 'SCIM Second' } });
				expect(created.statusCode).toBe(201);
				expect(raced).toBe(true);
				expect(groupIdOf('SCIM Second')).toBe(groupIdOf('SCIM Racer') + 1);
			} finally {
				control().onRequest(undefined);
			}
			expect((await scim('DELETE', `Groups/${groupRequestId('SCIM Second')}`)).statusCode).toBe(204);
		});

		it('gets, lists and filters by displayName, with excludedAttributes=members', async () => {
			expect((await scim('GET', `Groups/${groupId}`)).body.members).toHaveLength(1);
			const listed = await scim('GET', 'Groups', { query: { filter: 'displayName eq "SCIM Engineers"', excludedAttributes: 'members' } });
			expect(listed.body.totalResults).toBe(1);
			expect(listed.body.Resources[0].members).toBeUndefined();
			const all = await scim('GET', 'Groups', { query: { excludedAttributes: 'members' } });
			expect(all.body.totalResults).toBe(control().count('Group'));
			expect((await scim('GET', 'Groups', { query: { filter: 'members.value eq "x"' } })).body.scimType).toBe('invalidFilter');
		});

		it('user groups are read from the Group List', async () => {
			const user = await scim('GET', `Users/${memberA}`);
			expect(user.body.groups.map((g: IDataObject) => g.display)).toEqual(['Incident Master', 'SCIM Engineers']);
		});

		it('PATCH add members (Okta, Entra ID) is idempotent; remove by filter and by value array', async () => {
			const add = { schemas: [PATCH_SCHEMA], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: memberB }, { value: memberA }] }] };
			await scim('PATCH', `Groups/${groupId}`, { body: add });
			expect(groupList('scim.member.b')).toBe(`${arGroupId};`);
			const writes = control().versionLog('User').length;
			await scim('PATCH', `Groups/${groupId}`, { body: add });
			expect(control().versionLog('User').length).toBe(writes);

			await scim('PATCH', `Groups/${groupId}`, { body: { Operations: [{ op: 'remove', path: `members[value eq "${memberA}"]` }] } });
			expect(groupList('scim.member.a')).toBe('10;');
			const entra = await scim('PATCH', `Groups/${groupId}`, { body: { Operations: [{ op: 'Remove', path: 'members', value: [{ value: memberB }] }] } });
			// 204 No Content, as Entra ID and Okta expect for groups; the body only when asked for.
			expect(entra.statusCode).toBe(204);
			expect((await scim('GET', `Groups/${groupId}`)).body.members).toEqual([]);
			expect(groupList('scim.member.b')).toBe('');
		});

		it('PATCH rename (Okta: replace with id and displayName), PUT replaces members', async () => {
			const renamed = await scim('PATCH', `Groups/${groupId}`, {
				query: { attributes: 'displayName' },
				body: { Operations: [{ op: 'replace', value: { id: groupId, displayName: 'SCIM Engineering' } }] },
			});
			expect(renamed.statusCode).toBe(200);
			expect(renamed.body.displayName).toBe('SCIM Engineering');
			expect(groupIdOf('SCIM Engineering')).toBe(arGroupId);
			const put = await scim('PUT', `Groups/${groupId}`, { body: { displayName: 'SCIM Engineering', members: [{ value: memberA }, { value: memberB }] } });
			expect(put.body.members.map((m: IDataObject) => m.value).sort()).toEqual([memberA, memberB].sort());
			expect(groupList('scim.member.a')).toBe(`10;${arGroupId};`);
		});

		it('DELETE removes the group from every Group List, then the Group entry', async () => {
			expect((await scim('DELETE', `Groups/${groupId}`)).statusCode).toBe(204);
			expect(groupList('scim.member.a')).toBe('10;');
			expect(groupList('scim.member.b')).toBe('');
			expect(control().findEntries('Group', `'Group Name' = "SCIM Engineering"`)).toHaveLength(0);
			expect((await scim('GET', `Groups/${groupId}`)).statusCode).toBe(404);
		});
	});
});
