/**
 * What the AR System SCIM node does beyond answering: what it hands n8n to record, the userName
 * case rule, Group Lists that hold names, a create that fails half-way, concurrent group pushes,
 * and how many AR requests lists and group PATCHes cost (counted by the emulator, not timed).
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import type { ScimBridge } from '../../harness/scimBridge';
import { startScimBridge } from '../../harness/scimBridge';
import type { Harness } from '../../harness/setup';
import { startHarness } from '../../harness/setup';

const SECRET = ['bridge', 'test', 'secret', '0123456789abcdef'].join('-');
const PASSWORD = ['Pw', 'never', 'stored', '42!'].join('-');
const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describe('AR System SCIM node', () => {
	let h: Harness;
	let bridge: ScimBridge;
	const control = () => h.emulator.control;
	const q = (text: string) => `"${text.replace(/"/g, '""')}"`;
	const users = (login: string) => control().findEntries('User', `'Login Name' = ${q(login)}`);
	const groupList = (id: string) => String(control().getEntry('User', id)?.['Group List'] ?? '');

	async function scim(method: string, path: string, body?: unknown, extra: { query?: IDataObject; headers?: IDataObject } = {}) {
		const response = await axios.request({
			method,
			url: `${bridge.url}/${path}`,
			params: extra.query,
			headers: { authorization: `Bearer ${SECRET}`, ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }), ...(extra.headers ?? {}) },
			data: body === undefined ? undefined : JSON.stringify(body),
			validateStatus: () => true,
		});
		// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SCIM bodies are read field by field
		return { status: response.status, headers: response.headers, body: response.data as any };
	}

	beforeAll(async () => {
		h = await startHarness({ users: 300 });
		bridge = await startScimBridge(h.env, { secret: SECRET, parameters: { options: { peopleCompany: 'Calbro Services' } } });
	});

	afterAll(async () => {
		await bridge.stop();
		await h.emulator.stop();
	});

	describe('Base Path', () => {
		it('a second bridge on its own Base Path answers beside the first; characters a path cannot hold are dropped', async () => {
			const second = await startScimBridge(h.env, { secret: SECRET, basePath: '/scim:okta/', name: 'Second bridge' });
			try {
				// The harness registers the routes from the node's own path expressions, as n8n does.
				const url = second.url.replace('scim:okta', 'scimokta');
				const answer = await axios.get(`${url}/ServiceProviderConfig`, { headers: { authorization: `Bearer ${SECRET}` } });
				expect(answer.status).toBe(200);
				expect(answer.data.patch.supported).toBe(true);
				const user = await axios.get(`${url}/Users`, { params: { filter: 'userName eq "Demo"' }, headers: { authorization: `Bearer ${SECRET}` } });
				expect(user.data.Resources[0].meta.location).toMatch(/\/webhook\/[^/]+\/scimokta\/Users\//);
			} finally {
				await second.stop();
			}
			expect((await scim('GET', 'ServiceProviderConfig')).status).toBe(200);
		});
	});

	describe('what an execution records', () => {
		it('one item per change with the request id; reads start no execution unless asked', async () => {
			const before = bridge.executions.length;
			expect((await scim('GET', 'Users', undefined, { query: { count: '2' } })).status).toBe(200);
			expect((await scim('GET', 'ServiceProviderConfig')).status).toBe(200);
			expect(bridge.executions.length).toBe(before);

			const created = await scim('POST', 'Users', { userName: 'rec.one', password: PASSWORD, name: { givenName: 'Rec', familyName: 'One' } }, { headers: { 'client-request-id': 'entra-42' } });
			expect(created.status).toBe(201);
			expect(bridge.executions.length).toBe(before + 1);
			const [item] = bridge.executions[before];
			expect(item.json).toMatchObject({ event: 'userCreated', resourceType: 'User', id: created.body.id, name: 'rec.one', requestId: 'entra-42', method: 'POST', path: '/Users', status: 201 });
			expect(item.json.attributes).toEqual(expect.arrayContaining(['userName', 'password', 'name.givenName']));

			await scim('PATCH', `Users/${created.body.id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] });
			expect(bridge.executions.at(-1)?.[0].json).toMatchObject({ event: 'userDeactivated', attributes: ['active'] });
			// A PATCH that changes nothing records nothing.
			const count = bridge.executions.length;
			await scim('PATCH', `Users/${created.body.id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'replace', path: 'active', value: false }] });
			expect(bridge.executions.length).toBe(count);

			bridge.node.parameters.options = { peopleCompany: 'Calbro Services', outputReads: true, outputFailures: true };
			try {
				await scim('GET', 'Users', undefined, { query: { count: '1' } });
				expect(bridge.executions.at(-1)?.[0].json).toMatchObject({ event: 'read', method: 'GET', path: '/Users', status: 200 });
				await scim('GET', 'Users/000000000999999');
				expect(bridge.executions.at(-1)?.[0].json).toMatchObject({ event: 'failed', status: 404 });
			} finally {
				bridge.node.parameters.options = { peopleCompany: 'Calbro Services' };
			}
			// Neither the secret nor a password reaches what n8n would store.
			const stored = JSON.stringify({ executions: bridge.executions, staticData: bridge.staticData, node: bridge.node });
			expect(stored).not.toContain(SECRET);
			expect(stored).not.toContain(PASSWORD);
		});
	});

	describe('userName ignores case (RFC 7643 caseExact: false)', () => {
		it('finds, refuses and never creates a second login for another case', async () => {
			expect((await scim('POST', 'Users', { userName: 'Case.Person' })).status).toBe(201);
			const found = await scim('GET', 'Users', undefined, { query: { filter: 'userName eq "CASE.PERSON"' } });
			expect(found.body.totalResults).toBe(1);
			expect(found.body.Resources[0].userName).toBe('Case.Person');
			const again = await scim('POST', 'Users', { userName: 'case.person' });
			expect(again.status).toBe(409);
			expect(again.body.detail).toMatch(/ignores case/);
			expect(control().findEntries('User', `'Login Name' LIKE "%ase.%erson"`)).toHaveLength(1);
			// A rename to another spelling of one's own login is no conflict.
			const id = found.body.Resources[0].id;
			expect((await scim('PATCH', `Users/${id}`, { Operations: [{ op: 'replace', path: 'userName', value: 'case.person' }] })).status).toBe(200);
			expect(users('case.person')).toHaveLength(1);
		});

		it('on a case-sensitive database too (Oracle-like emulator)', async () => {
			control().setOptions({ oracleLike: true, caseInsensitive: false });
			try {
				expect((await scim('POST', 'Users', { userName: 'Oracle.Case' })).status).toBe(201);
				expect((await scim('GET', 'Users', undefined, { query: { filter: 'userName eq "oracle.case"' } })).body.totalResults).toBe(1);
				expect((await scim('POST', 'Users', { userName: 'ORACLE.CASE' })).status).toBe(409);
				expect(control().findEntries('User', `'Login Name' LIKE "%racle.%ase"`)).toHaveLength(1);
			} finally {
				control().setOptions({ oracleLike: false });
			}
		});
	});

	describe('Group Lists that hold names', () => {
		it('member removal and group delete take the group away whatever the token', async () => {
			const group = await scim('POST', 'Groups', { displayName: 'Named Group' });
			const member = await scim('POST', 'Users', { userName: 'named.member' });
			const memberId = member.body.id;
			control().modifyEntry('User', memberId, { 'Group List': '10; Named Group ;' });
			const listed = await scim('GET', `Groups/${group.body.id}`);
			expect(listed.body.members.map((m: IDataObject) => m.value)).toEqual([memberId]);
			expect((await scim('PATCH', `Groups/${group.body.id}`, { Operations: [{ op: 'remove', path: `members[value eq "${memberId}"]` }] })).status).toBe(204);
			expect(groupList(memberId)).toBe('10;');

			control().modifyEntry('User', memberId, { 'Group List': 'Named Group;' });
			expect((await scim('DELETE', `Groups/${group.body.id}`)).status).toBe(204);
			expect(groupList(memberId)).toBe('');
		});
	});

	describe('a create that fails half-way', () => {
		it('leaves no half user: the retry creates the user (never a stuck 409)', async () => {
			let refused = false;
			control().onRequest(({ method, route }) => {
				if (!refused && method === 'POST' && route === 'POST /entry/CTM:People') {
					refused = true;
					control().failNext(1, '500');
				}
			});
			let first;
			try {
				first = await scim('POST', 'Users', { userName: 'half.user', name: { givenName: 'Half', familyName: 'User' } });
			} finally {
				control().onRequest(undefined);
			}
			expect(refused).toBe(true);
			expect(first.status).toBeGreaterThanOrEqual(400);
			expect(users('half.user')).toHaveLength(0);
			const retry = await scim('POST', 'Users', { userName: 'half.user', name: { givenName: 'Half', familyName: 'User' } });
			expect(retry.status).toBe(201);
			expect(users('half.user')).toHaveLength(1);
			expect(control().findEntries('CTM:People', `'Remedy Login ID' = "half.user"`)).toHaveLength(1);
		});
	});

	describe('concurrent group pushes', () => {
		it('several PATCHes on one group and one user at once: every membership survives', async () => {
			const groups: Array<{ id: string }> = [];
			for (const name of ['Push A', 'Push B', 'Push C']) groups.push((await scim('POST', 'Groups', { displayName: name })).body);
			const members: string[] = [];
			for (const login of ['push.1', 'push.2', 'push.3', 'push.4']) members.push((await scim('POST', 'Users', { userName: login })).body.id);
			// Every group gains every member, one PATCH per (group, member), all at once.
			const patches = groups.flatMap((g) =>
				members.map((m) => scim('PATCH', `Groups/${g.id}`, { schemas: [PATCH_SCHEMA], Operations: [{ op: 'add', path: 'members', value: [{ value: m }] }] })),
			);
			const answers = await Promise.all(patches);
			expect(answers.map((a) => a.status)).toEqual(patches.map(() => 204));
			for (const g of groups) {
				const read = await scim('GET', `Groups/${g.id}`);
				expect(read.body.members.map((m: IDataObject) => m.value).sort()).toEqual([...members].sort());
			}
			// And away again, concurrently, with one add of another group in between.
			const removals = await Promise.all([
				...members.map((m) => scim('PATCH', `Groups/${groups[0].id}`, { Operations: [{ op: 'remove', path: `members[value eq "${m}"]` }] })),
				...members.map((m) => scim('PATCH', `Groups/${groups[1].id}`, { Operations: [{ op: 'Remove', path: 'members', value: [{ value: m }] }] })),
			]);
			expect(removals.every((a) => a.status === 204)).toBe(true);
			for (const m of members) {
				const user = await scim('GET', `Users/${m}`);
				expect(user.body.groups.map((g: IDataObject) => g.display)).toEqual(['Push C']);
			}
		});
	});

	describe('what lists and PATCH cost on AR', () => {
		it('an Okta-style import reads about one request per page, with an exact total', async () => {
			const total = (await scim('GET', 'Users', undefined, { query: { count: '0' } })).body.totalResults;
			h.reset();
			const seen = new Set<string>();
			let pages = 0;
			for (let start = 1; start <= total; start += 25) {
				const page = await scim('GET', 'Users', undefined, { query: { startIndex: String(start), count: '25' } });
				expect(page.body.totalResults).toBe(total);
				for (const user of page.body.Resources) seen.add(user.id);
				pages++;
			}
			expect(seen.size).toBe(total);
			const perPage = h.requests() / pages;
			expect(perPage).toBeLessThanOrEqual(2);
		});

		it('a group read with excludedAttributes=members reads no user; a PATCH reads only the users it changes', async () => {
			const group = (await scim('POST', 'Groups', { displayName: 'Cost Group' })).body;
			const ids = control().findEntries('User', `'Login Name' LIKE "user%"`).slice(0, 40).map((e) => e.id);
			await scim('PATCH', `Groups/${group.id}`, { Operations: [{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }] });
			h.reset();
			const read = await scim('GET', `Groups/${group.id}`, undefined, { query: { excludedAttributes: 'members' } });
			expect(read.body.members).toBeUndefined();
			expect(h.requests('GET /entry/User')).toBe(0);
			h.reset();
			const newcomer = (await scim('POST', 'Users', { userName: 'cost.newcomer' })).body.id;
			h.reset();
			expect((await scim('PATCH', `Groups/${group.id}`, { Operations: [{ op: 'add', path: 'members', value: [{ value: newcomer }] }] })).status).toBe(204);
			// The one user checked, then the converging edit's read, its read-back and its settle
			// read (README: "Concurrent Group List changes converge"), and its one write.
			expect(h.requests('GET /entry/User')).toBeLessThanOrEqual(4);
			expect(h.requests('PUT /entry/User')).toBe(1);
		});
	});
});
