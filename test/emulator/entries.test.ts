/** Checklist #5-#14 and #17: entry CRUD, lists, parameters and value formats over HTTP. */
import { ArErrorNumber } from '../../emulator';
import { enc, expectArError, ISO_UTC, q, startHarness, V1, V10 } from './helpers';
import type { Harness, ListBody } from './helpers';

const HD = 'HPD:Help Desk';
const TYPES = 'AR System Emulator:Data Types';

describe('emulator entries', () => {
	let h: Harness;
	let admin: string;
	let user: string;

	beforeAll(async () => {
		h = await startHarness({ users: 200 });
		admin = await h.login();
		user = await h.login('appuser', 'appuser');
	});
	afterAll(async () => {
		await h.stop();
	});
	afterEach(() => {
		h.emulator.control.setOptions({
			clockOffsetSeconds: 0,
			maxEntries: undefined,
			nextLinks: true,
			emptyCreateBody: false,
		});
	});

	const list = async (path: string, token = admin) => {
		const res = await h.http.get(path, h.as(token));
		expect(res.status).toBe(200);
		return res.data as ListBody;
	};

	it('#5 errors are JSON arrays of {messageType, messageText, messageAppendedText, messageNumber}', async () => {
		const res = await h.http.get(`${V1}/entry/No%20Such%20Form`, h.as(admin));
		const m = expectArError(res, 404, 303);
		expect(m.messageText).toBe('Form does not exist on the server');
		expect(m.messageAppendedText).toBe('No Such Form');
		expect(res.headers['content-type']).toBe('application/json');
	});

	it('#6 status codes: 200 GET, 201 create, 204 update/delete, 400, 401, 403, 404, 500', async () => {
		expect((await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin))).status).toBe(200);
		const created = await h.http.post(
			`${V1}/entry/${enc(HD)}`,
			{ values: { Description: 'status codes', Impact: '4-Minor/Localized', Urgency: '4-Low' } },
			h.as(admin),
		);
		expect(created.status).toBe(201);
		const id = String(created.headers.location).split('/').pop()!;
		const path = `${V1}/entry/${enc(HD)}/${id}`;
		expect((await h.http.put(path, { values: { Status: 'Assigned' } }, h.as(admin))).status).toBe(
			204,
		);
		expectArError(await h.http.put(path, { values: { Status: 'Nope' } }, h.as(admin)), 400);
		expectArError(await h.http.get(path), 401);
		expectArError(
			await h.http.post(`${V1}/entry/Group`, { values: { 'Group Name': 'x' } }, h.as(user)),
			403,
			353,
		);
		expect((await h.http.delete(path, h.as(admin))).status).toBe(204);
		expectArError(await h.http.get(path, h.as(admin)), 404, 302);
		h.emulator.control.failNext(1, '500');
		expectArError(await h.http.get(`${V1}/entry/User?limit=1`, h.as(admin)), 500);
	});

	it('#7 list returns entries with absolute self links and next/prev links', async () => {
		const body = await list(`${V1}/entry/User?limit=5&offset=5`);
		expect(Object.keys(body).sort()).toEqual(['_links', 'entries']);
		expect(body.entries).toHaveLength(5);
		for (const e of body.entries) {
			expect(Object.keys(e).sort()).toEqual(['_links', 'values']);
			expect(e._links.self).toEqual([
				{ href: `${h.url}/api/arsys/v1/entry/User/${e.values['Request ID'] as string}` },
			]);
		}
		expect(body._links.self).toEqual([{ href: `${h.url}${V1}/entry/User?limit=5&offset=5` }]);
		expect(body._links.next).toEqual([{ href: `${h.url}${V1}/entry/User?limit=5&offset=10` }]);
		expect(body._links.prev).toEqual([{ href: `${h.url}${V1}/entry/User?limit=5&offset=0` }]);
		// Form names are path-encoded in hrefs, the colon kept.
		const people = await list(`${V10}/entry/${enc('CTM:People')}?limit=1`);
		expect(people.entries[0]._links.self[0].href).toMatch(
			new RegExp(`^${h.url}/api/arsys/v1/entry/CTM:People/PPL\\d{12}$`),
		);
		const hd = await list(`${V1}/entry/${enc(HD)}?limit=1`);
		expect(hd.entries[0]._links.self[0].href).toContain('/entry/HPD:Help%20Desk/INC');
	});

	it('#7 next href keeps every original parameter; following next walks all rows once', async () => {
		const query = `q=${q('\'License Type\' = "Fixed"')}&fields=values(Login%20Name)&sort=Login%20Name.asc&limit=7&foo=bar`;
		const expected = h.emulator.control.findEntries('User', '\'License Type\' = "Fixed"').length;
		let body = await list(`${V1}/entry/User?${query}`);
		expect(body._links.prev).toBeUndefined();
		const next = new URL(body._links.next[0].href);
		expect(next.searchParams.get('q')).toBe('\'License Type\' = "Fixed"');
		expect(next.searchParams.get('fields')).toBe('values(Login Name)');
		expect(next.searchParams.get('sort')).toBe('Login Name.asc');
		expect(next.searchParams.get('limit')).toBe('7');
		expect(next.searchParams.get('foo')).toBe('bar');
		expect(next.searchParams.get('offset')).toBe('7');
		const seen: string[] = body.entries.map((e) => e.values['Login Name'] as string);
		while (body._links.next) {
			const res = await h.http.get(body._links.next[0].href, h.as(admin));
			body = res.data as ListBody;
			seen.push(...body.entries.map((e) => e.values['Login Name'] as string));
		}
		expect(seen).toHaveLength(expected);
		expect(new Set(seen).size).toBe(expected);
		expect([...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(seen);
		// The last page has a prev link but no next.
		expect(body._links.prev).toBeDefined();
	});

	it('#7 links can be switched off (--no-next-links): the list ends right after entries', async () => {
		h.emulator.control.setOptions({ nextLinks: false });
		const body = await list(`${V1}/entry/User?limit=5&offset=5`);
		expect(body.entries).toHaveLength(5);
		expect(Object.keys(body)).toEqual(['entries']);
	});

	it('#8 q, fields, sort, offset and limit work together; unknown parameters are ignored', async () => {
		const body = await list(
			`${V1}/entry/User?q=${q('\'Group List\' LIKE "%;1000;%" OR \'Group List\' LIKE "1000;%"')}` +
				`&fields=values(Login Name,Group List,Modified Date)&sort=Modified Date.desc,Login Name.asc` +
				'&offset=1&limit=3&expand=assoc&runfilters=true&whatever=1',
		);
		const all = h.emulator.control
			.findEntries('User', '\'Group List\' LIKE "%;1000;%" OR \'Group List\' LIKE "1000;%"')
			.map((e) => e.values);
		all.sort((a, b) => {
			const ma = a['Modified Date'] as string;
			const mb = b['Modified Date'] as string;
			if (ma !== mb) return ma < mb ? 1 : -1;
			const la = a['Login Name'] as string;
			const lb = b['Login Name'] as string;
			return la < lb ? -1 : la > lb ? 1 : 0;
		});
		expect(all.length).toBeGreaterThan(4);
		expect(body.entries.map((e) => e.values)).toEqual(
			all.slice(1, 4).map((v) => ({
				'Login Name': v['Login Name'],
				'Group List': v['Group List'],
				'Modified Date': v['Modified Date'],
			})),
		);
		for (const e of body.entries) expect(e.values['Group List']).toMatch(/(^|;)1000;/);
	});

	it('#8 fields accepts raw and %-encoded parentheses, commas and spaces (and numeric IDs)', async () => {
		const forms = [
			'values(Login%20Name,Full%20Name)',
			'values%28Login%20Name%2CFull%20Name%29',
			'values(Login+Name,+Full+Name)',
			'values(Login Name, Full Name)'.replace(/ /g, '%20'),
			'values(101,8)',
		];
		for (const f of forms) {
			const body = await list(`${V1}/entry/User?limit=2&fields=${f}`);
			for (const e of body.entries) {
				expect(Object.keys(e.values).sort()).toEqual(['Full Name', 'Login Name']);
			}
		}
	});

	it('#8 sort by several fields (names or IDs), asc and desc; the server page cap applies', async () => {
		const asc = await list(
			`${V1}/entry/User?sort=Full Name.asc,Request ID.desc&limit=50&fields=values(Full Name,Request ID)`,
		);
		const names = asc.entries.map((e) => e.values['Full Name'] as string);
		expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
		const byId = await list(`${V1}/entry/User?sort=1.desc&limit=3&fields=values(Request ID)`);
		const ids = byId.entries.map((e) => e.values['Request ID'] as string);
		expect(ids).toEqual([...ids].sort().reverse());
		expect(ids[0]).toBe(`${'0'.repeat(12)}200`);
		h.emulator.control.setOptions({ maxEntries: 4 });
		const capped = await list(`${V1}/entry/User?limit=10&offset=2`);
		expect(capped.entries).toHaveLength(4);
		expect(new URL(capped._links.next[0].href).searchParams.get('offset')).toBe('6');
		expect(new URL(capped._links.next[0].href).searchParams.get('limit')).toBe('10');
		const unknown = await h.http.get(`${V1}/entry/User?sort=Nope.asc`, h.as(admin));
		expect(expectArError(unknown, 400, ArErrorNumber.UNKNOWN_FIELD).messageAppendedText).toContain(
			'Nope',
		);
	});

	it('#8 sorts match a reference order: dates and enums asc/desc, NULLs first ascending, ties by Request ID', async () => {
		const all = h.emulator.control.findEntries('User').map((e) => e.values);
		const licence = ['Read', 'Fixed', 'Floating', 'Restricted Read'];
		const key = (field: string, v: Record<string, unknown>): number | null => {
			const x = v[field];
			if (x === null) return null;
			return field === 'License Type' ? licence.indexOf(x as string) : Date.parse(x as string);
		};
		const cmpNum = (a: number | null, b: number | null) =>
			a === null ? (b === null ? 0 : -1) : b === null ? 1 : a - b;
		const cases: Array<[string, Array<[string, boolean]>]> = [
			['Modified Date.desc', [['Modified Date', true]]],
			[
				'Modified Date.asc,Request ID.desc',
				[
					['Modified Date', false],
					['Request ID', true],
				],
			],
			[
				'License Type.desc,Modified Date.asc',
				[
					['License Type', true],
					['Modified Date', false],
				],
			],
			['6.asc', [['Modified Date', false]]],
		];
		for (const [sort, spec] of cases) {
			const expected = [...all].sort((a, b) => {
				for (const [field, desc] of spec) {
					const c =
						field === 'Request ID'
							? (a[field] as string).localeCompare(b[field] as string)
							: cmpNum(key(field, a), key(field, b));
					if (c !== 0) return desc ? -c : c;
				}
				return (a['Request ID'] as string).localeCompare(b['Request ID'] as string);
			});
			const body = await list(`${V1}/entry/User?sort=${q(sort)}&fields=values(Request ID)`);
			expect(body.entries.map((e) => e.values['Request ID'])).toEqual(
				expected.map((v) => v['Request ID']),
			);
		}
		// NULLs sort first ascending (Group List is empty for some users).
		const groups = await list(
			`${V1}/entry/User?sort=Group List.asc&limit=1&fields=values(Group List)`,
		);
		expect(groups.entries[0].values['Group List']).toBeNull();
	});

	it('#9 without fields every stored field appears, null when empty, keys by name in field-ID order', async () => {
		const body = await list(`${V1}/entry/User?limit=3`);
		const keys = [
			'Request ID',
			'Creator',
			'Create Date',
			'Last Modified By',
			'Modified Date',
			'Status',
			'Full Name',
			'Status History',
			'Login Name',
			'Password',
			'Email Address',
			'Group List',
			'Default Notify Mechanism',
			'License Type',
			'Full Text License Type',
			'Computed Group List',
			'Application License',
		];
		for (const e of body.entries) {
			expect(Object.keys(e.values)).toEqual(keys);
			expect(e.values['Computed Group List']).toBeNull();
		}
		// DISPLAY-only fields (z1D_Action) never appear in a full entry.
		const hd = await list(`${V1}/entry/${enc(HD)}?limit=1`);
		expect(Object.keys(hd.entries[0].values)).not.toContain('z1D_Action');
		const ids = Object.keys(hd.entries[0].values);
		expect(ids[0]).toBe('Entry ID');
		// With fields: exactly those.
		const some = await list(`${V1}/entry/User?limit=3&fields=values(Status,Login Name)`);
		for (const e of some.entries) expect(Object.keys(e.values)).toEqual(['Status', 'Login Name']);
	});

	it('#10 get one entry; unknown ID -> 404/302; an ID over 15 characters -> 400/101', async () => {
		const [first] = (await list(`${V1}/entry/User?limit=1`)).entries;
		const id = first.values['Request ID'] as string;
		const one = await h.http.get(`${V1}/entry/User/${id}`, h.as(admin));
		expect(one.status).toBe(200);
		expect(one.data).toEqual({
			values: first.values,
			_links: { self: [{ href: `${h.url}/api/arsys/v1/entry/User/${id}` }] },
		});
		const some = await h.http.get(`${V10}/entry/User/${id}?fields=values(Login Name)`, h.as(admin));
		expect(some.data.values).toEqual({ 'Login Name': 'Demo' });
		const missing = await h.http.get(`${V1}/entry/User/000000000099999`, h.as(admin));
		const m = expectArError(missing, 404, 302);
		expect(m.messageText).toBe('Entry does not exist in database');
		expect(m.messageAppendedText).toBe('000000000099999');
		const long = await h.http.get(`${V1}/entry/User/INC0000000000212`, h.as(admin));
		const l = expectArError(long, 400, 101);
		expect(l.messageAppendedText).toBe('INC0000000000212');
	});

	it('#11 create: 15-char ID, dates, Submitter and Last Modified By from the token, Status History, 201 + Location', async () => {
		const before = h.emulator.control.now();
		const res = await h.http.post(
			`${V1}/entry/${enc(HD)}`,
			{
				values: {
					Description: 'Printer on fire',
					Impact: '2-Significant/Large',
					Urgency: '1-Critical',
					'Customer Login ID': 'appuser',
				},
			},
			h.as(user),
		);
		expect(res.status).toBe(201);
		expect(res.data).toBeFalsy();
		const location = String(res.headers.location);
		expect(location).toMatch(
			new RegExp(`^${h.url}/api/arsys/v1/entry/HPD:Help%20Desk/INC\\d{12}$`),
		);
		const id = location.split('/').pop()!;
		expect(id).toHaveLength(15);
		const got = await h.http.get(location, h.as(admin));
		expect(got.status).toBe(200);
		const v = got.data.values as Record<string, unknown>;
		expect(v['Entry ID']).toBe(id);
		expect(v.Submitter).toBe('appuser');
		expect(v['Last Modified By']).toBe('appuser');
		expect(v['Submit Date']).toMatch(ISO_UTC);
		expect(v['Last Modified Date']).toBe(v['Submit Date']);
		const created = Date.parse(v['Submit Date'] as string) / 1000;
		expect(created).toBeGreaterThanOrEqual(before);
		expect(created).toBeLessThanOrEqual(h.emulator.control.now());
		expect(v.Status).toBe('New');
		expect(v['Status History']).toEqual({ New: { user: 'appuser', timestamp: v['Submit Date'] } });
		expect(v['Incident Number']).toMatch(/^INC\d{12}$/);
		expect(v.Priority).toBe('Critical');
		// Other forms: zero-padded numeric IDs, PPL prefix on CTM:People.
		const person = await h.http.post(
			`${V1}/entry/${enc('CTM:People')}`,
			{ values: { 'First Name': 'Ada', 'Last Name': 'Lovelace', Company: 'Calbro Services' } },
			h.as(admin),
		);
		expect(String(person.headers.location)).toMatch(/\/entry\/CTM:People\/PPL\d{12}$/);
	});

	it('#11 create with ?fields=values(...) also returns the values, self pointing at the form', async () => {
		const res = await h.http.post(
			`${V1}/entry/${enc(HD)}?fields=values(Entry ID,Incident Number,Status,Urgency)`,
			{ values: { Description: 'with fields', Impact: '4-Minor/Localized', Urgency: '3-Medium' } },
			h.as(admin),
		);
		expect(res.status).toBe(201);
		const id = String(res.headers.location).split('/').pop();
		expect(res.data).toEqual({
			values: {
				'Entry ID': id,
				'Incident Number': expect.stringMatching(/^INC\d{12}$/),
				Status: 'New',
				Urgency: '3-Medium',
			},
			_links: { self: [{ href: `${h.url}/api/arsys/v1/entry/HPD:Help%20Desk` }] },
		});
		// A requested field that does not exist is silently absent from the answer (§6a, recorded).
		const count = h.emulator.control.count(HD);
		const unknown = await h.http.post(
			`${V1}/entry/${enc(HD)}?fields=values(Nope,Incident Number)`,
			{ values: { Description: 'x', Impact: '4-Minor/Localized', Urgency: '3-Medium' } },
			h.as(admin),
		);
		expect(unknown.status).toBe(201);
		expect(Object.keys((unknown.data as { values: object }).values)).toEqual(['Incident Number']);
		expect(h.emulator.control.count(HD)).toBe(count + 1);
		// A malformed field list is still refused before anything is created.
		const bad = await h.http.post(
			`${V1}/entry/${enc(HD)}?fields=values(Nope`,
			{ values: { Description: 'x', Impact: '4-Minor/Localized', Urgency: '3-Medium' } },
			h.as(admin),
		);
		expectArError(bad, 400, ArErrorNumber.MALFORMED_REQUEST);
		expect(h.emulator.control.count(HD)).toBe(count + 1);
	});

	it('#12 a missing required field -> 400/326 naming the field; unique clashes -> 400/382', async () => {
		const noLogin = await h.http.post(
			`${V1}/entry/User`,
			{ values: { 'Full Name': 'No Login' } },
			h.as(admin),
		);
		const m = expectArError(noLogin, 400, 326);
		expect(m.messageText).toBe('Required field cannot be blank.');
		expect(m.messageAppendedText).toBe('Login Name');
		const blank = await h.http.post(
			`${V1}/entry/${enc(HD)}`,
			{ values: { Description: '', Impact: '4-Minor/Localized', Urgency: '4-Low' } },
			h.as(admin),
		);
		expect(expectArError(blank, 400, 326).messageAppendedText).toBe('Description');
		const dupUser = await h.http.post(
			`${V1}/entry/User`,
			{ values: { 'Login Name': 'appuser', 'Full Name': 'Another App User' } },
			h.as(admin),
		);
		expect(expectArError(dupUser, 400, 382).messageAppendedText).toBe('Login Name');
		const dupGroupId = await h.http.post(
			`${V1}/entry/Group`,
			{ values: { 'Group Name': 'Brand New', 'Group ID': 1000 } },
			h.as(admin),
		);
		expectArError(dupGroupId, 400, 382);
		const dupGroupName = await h.http.post(
			`${V1}/entry/Group`,
			{ values: { 'Group Name': 'Administrator', 'Group ID': 777777 } },
			h.as(admin),
		);
		expectArError(dupGroupName, 400, 382);
		// Clearing a required field on update is rejected too.
		const clear = await h.http.put(
			`${V1}/entry/User/000000000000002`,
			{ values: { 'Full Name': null } },
			h.as(admin),
		);
		expectArError(clear, 400, 326);
	});

	it('#12 the required-field message number is configurable', async () => {
		h.emulator.control.setOptions({ requiredFieldErrorNumber: 307 });
		try {
			const res = await h.http.post(
				`${V1}/entry/User`,
				{ values: { 'Full Name': 'x' } },
				h.as(admin),
			);
			expect(expectArError(res, 400, 307).messageAppendedText).toBe('Login Name');
		} finally {
			h.emulator.control.setOptions({ requiredFieldErrorNumber: 326 });
		}
	});

	it('#13 PUT changes only the fields sent, bumps Modified Date / Last Modified By, logs status changes', async () => {
		const id = h.emulator.control.insertEntry(
			HD,
			{
				Description: 'to update',
				Impact: '3-Moderate/Limited',
				Urgency: '3-Medium',
				'Assigned Group': 'Field Ops',
			},
			{ createDate: 1717200000, user: 'Demo' },
		);
		const path = `${V1}/entry/${enc(HD)}/${id}`;
		const before = (await h.http.get(path, h.as(admin))).data.values as Record<string, unknown>;
		h.emulator.control.setOptions({ clockOffsetSeconds: 120 });
		const put = await h.http.put(path, { values: { Status: 'In Progress' } }, h.as(user));
		expect(put.status).toBe(204);
		expect(put.data).toBeFalsy();
		const after = (await h.http.get(path, h.as(admin))).data.values as Record<string, unknown>;
		expect(after.Status).toBe('In Progress');
		expect(after['Last Modified By']).toBe('appuser');
		expect(Date.parse(after['Last Modified Date'] as string) / 1000).toBe(h.emulator.control.now());
		expect(after['Last Modified Date']).not.toBe(before['Last Modified Date']);
		expect(after['Status History']).toEqual({
			New: { user: 'Demo', timestamp: '2024-06-01T00:00:00.000+0000' },
			'In Progress': { user: 'appuser', timestamp: after['Last Modified Date'] },
		});
		// Everything else is untouched.
		for (const k of [
			'Description',
			'Impact',
			'Urgency',
			'Assigned Group',
			'Submitter',
			'Submit Date',
		]) {
			expect(after[k]).toEqual(before[k]);
		}
		// No status change, no new history entry.
		await h.http.put(path, { values: { Description: 'renamed' } }, h.as(admin));
		const again = (await h.http.get(path, h.as(admin))).data.values as Record<string, unknown>;
		expect(Object.keys(again['Status History'] as object)).toEqual(['New', 'In Progress']);
		expect(again.Description).toBe('renamed');
		expect(again['Last Modified By']).toBe('Demo');
		expectArError(
			await h.http.put(`${V1}/entry/${enc(HD)}/INC000000999999`, { values: {} }, h.as(admin)),
			404,
			302,
		);
	});

	it('#14 DELETE -> 204 with no body; a later GET -> 404/302', async () => {
		const id = h.emulator.control.insertEntry(HD, {
			Description: 'to delete',
			Impact: '4-Minor/Localized',
			Urgency: '4-Low',
		});
		const path = `${V1}/entry/${enc(HD)}/${id}`;
		const del = await h.http.delete(path, h.as(admin));
		expect(del.status).toBe(204);
		expect(del.data).toBeFalsy();
		expectArError(await h.http.get(path, h.as(admin)), 404, 302);
		expectArError(await h.http.delete(path, h.as(admin)), 404, 302);
		expect(h.emulator.control.getEntry(HD, id)).toBeUndefined();
	});

	it('#17 values: enum labels, numbers, UTC datetimes, date, time, password ***, currency, diary, Status History', async () => {
		const res = await h.http.post(
			`${V1}/entry/${enc(TYPES)}`,
			{
				values: {
					'Short Description': 'all types',
					'Character Field': 'Zoë',
					'Integer Field': '42',
					'Real Field': 1.2246e-2,
					'Decimal Field': '25.99',
					'Date/Time Field': '2024-03-05T14:30:00+01:00',
					'Date Field': '2014-07-28',
					'Time Field': '13:15:59',
					'Currency Field': { decimal: 100, currency: 'EUR' },
					'Diary Field': 'first note',
					'Selection Field': 'High',
					'Secret Field': 'hunter2',
				},
			},
			h.as(admin),
		);
		expect(res.status).toBe(201);
		const location = String(res.headers.location);
		await h.http.put(
			location,
			{ values: { 'Diary Field': 'second note', Status: 'Fixed' } },
			h.as(user),
		);
		const v = (await h.http.get(location, h.as(admin))).data.values as Record<string, unknown>;
		expect(v['Character Field']).toBe('Zoë');
		expect(v['Integer Field']).toBe(42);
		expect(v['Real Field']).toBe(0.012246);
		expect(v['Decimal Field']).toBe(25.99);
		expect(v['Date/Time Field']).toBe('2024-03-05T13:30:00.000+0000');
		expect(v['Date Field']).toBe('2014-07-28');
		expect(v['Time Field']).toBe('13:15:59');
		expect(v['Selection Field']).toBe('High');
		expect(v['Secret Field']).toBe('***');
		expect(v.Status).toBe('Fixed');
		expect(v['Create Date']).toMatch(ISO_UTC);
		expect(v['Currency Field']).toEqual({
			decimal: 100,
			currency: 'EUR',
			conversionDate: v['Create Date'],
			functionalValues: expect.objectContaining({ EUR: 100, USD: expect.any(Number) }),
		});
		const diary = v['Diary Field'] as Array<Record<string, unknown>>;
		expect(diary).toEqual([
			{ timestamp: expect.stringMatching(ISO_UTC), user: 'Demo', text: 'first note' },
			{ timestamp: expect.stringMatching(ISO_UTC), user: 'appuser', text: 'second note' },
		]);
		expect(v['Status History']).toEqual({
			New: { user: 'Demo', timestamp: v['Create Date'] },
			Fixed: { user: 'appuser', timestamp: v['Modified Date'] },
		});
		// Seeded users: License Type as a label, dates in UTC with +0000, password masked.
		const [u] = (await list(`${V1}/entry/User?limit=1`)).entries;
		expect(['Read', 'Fixed', 'Floating', 'Restricted Read']).toContain(u.values['License Type']);
		expect(u.values['Modified Date']).toMatch(ISO_UTC);
		expect(u.values.Password).toBe('***');
	});

	it('#17 input values are validated: bad enum label, bad date, wrong JSON type, too long -> 400', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ 'Selection Field': 'Huge' }, 'Selection Field'],
			[{ 'Date/Time Field': '2024-13-01T00:00:00Z' }, 'Date/Time Field'],
			[{ 'Date/Time Field': 'yesterday' }, 'Date/Time Field'],
			[{ 'Date Field': '28/07/2014' }, 'Date Field'],
			[{ 'Time Field': '25:00:00' }, 'Time Field'],
			[{ 'Integer Field': 'forty-two' }, 'Integer Field'],
			[{ 'Integer Field': 1.5 }, 'Integer Field'],
			[{ 'Integer Field': true }, 'Integer Field'],
			[{ 'Character Field': { a: 1 } }, 'Character Field'],
			[{ 'Character Field': 'eleven chars' }, 'Character Field'],
			[{ 'Currency Field': 12 }, 'Currency Field'],
		];
		const count = h.emulator.control.count(TYPES);
		for (const [values, field] of cases) {
			const res = await h.http.post(
				`${V1}/entry/${enc(TYPES)}`,
				{ values: { 'Short Description': 'bad', ...values } },
				h.as(admin),
			);
			const m = expectArError(res, 400, ArErrorNumber.BAD_VALUE);
			expect(m.messageAppendedText).toContain(field);
		}
		expect(h.emulator.control.count(TYPES)).toBe(count);
	});
});
