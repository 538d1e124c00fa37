/** Checklist #18-#21: join and interface forms, metadata, seeded form definitions, permissions. */
import { ArErrorNumber } from '../../emulator';
import { enc, expectArError, startHarness, V1, V10 } from './helpers';
import type { Harness, ListBody } from './helpers';

const HD = 'HPD:Help Desk';
const JOIN = 'HPD:IncidentInterface';
const CREATE = 'HPD:IncidentInterface_Create';

interface FieldMeta {
	id: number;
	name: string;
	datatype: string;
	field_option: string;
	limit: Record<string, unknown>;
	[key: string]: unknown;
}

describe('emulator forms', () => {
	let h: Harness;
	let admin: string;
	let user: string;

	beforeAll(async () => {
		h = await startHarness({ users: 100 });
		admin = await h.login();
		user = await h.login('appuser', 'appuser');
	});
	afterAll(async () => {
		await h.stop();
	});

	const fields = async (form: string, prefix = V10) => {
		const res = await h.http.get(`${prefix}/fields/${enc(form)}`, h.as(admin));
		expect(res.status).toBe(200);
		return res.data as FieldMeta[];
	};

	it('#18 join form entry IDs are A|B and work for GET, PUT and DELETE; create on a join -> 204', async () => {
		const res = await h.http.get(`${V1}/entry/${enc(JOIN)}?limit=3`, h.as(admin));
		expect(res.status).toBe(200);
		const body = res.data as ListBody;
		expect(body.entries).toHaveLength(3);
		for (const e of body.entries) {
			expect(e.values['Request ID']).toMatch(/^INC\d{12}\|INC\d{12}$/);
			expect(e._links.self[0].href).toBe(
				`${h.url}/api/arsys/v1/entry/HPD:IncidentInterface/${e.values['Request ID'] as string}`,
			);
		}
		const joinId = body.entries[0].values['Request ID'] as string;
		const [ticketId] = joinId.split('|');
		// The pipe may come raw (as in recorded hrefs) or %-encoded.
		for (const path of [joinId, encodeURIComponent(joinId)]) {
			const one = await h.http.get(`${V1}/entry/${enc(JOIN)}/${path}`, h.as(admin));
			expect(one.status).toBe(200);
			expect(one.data.values['Incident Number']).toBe(
				h.emulator.control.getEntry(HD, ticketId)?.['Incident Number'],
			);
		}
		const put = await h.http.put(
			`${V1}/entry/${enc(JOIN)}/${joinId}`,
			{ values: { Status: 'Pending' } },
			h.as(admin),
		);
		expect(put.status).toBe(204);
		expect(h.emulator.control.getEntry(HD, ticketId)?.Status).toBe('Pending');
		expectArError(
			await h.http.get(`${V1}/entry/${enc(JOIN)}/${ticketId}|INC000000000000`, h.as(admin)),
			404,
			302,
		);
		expectArError(
			await h.http.get(`${V1}/entry/${enc(JOIN)}/${ticketId}|INC0000000000000`, h.as(admin)),
			400,
			101,
		);
		const count = h.emulator.control.count(HD);
		const created = await h.http.post(
			`${V1}/entry/${enc(JOIN)}?fields=values(Request ID)`,
			{ values: { Description: 'via join', Impact: '4-Minor/Localized', Urgency: '4-Low' } },
			h.as(admin),
		);
		expect(created.status).toBe(204);
		expect(created.headers.location).toBeUndefined();
		expect(created.data).toBeFalsy();
		expect(h.emulator.control.count(HD)).toBe(count + 1);
		expect((await h.http.delete(`${V1}/entry/${enc(JOIN)}/${joinId}`, h.as(admin))).status).toBe(
			204,
		);
		expect(h.emulator.control.getEntry(HD, ticketId)).toBeUndefined();
	});

	it('#18 HPD:IncidentInterface_Create: the Location ID is not the Incident Number it creates', async () => {
		const res = await h.http.post(
			`${V1}/entry/${enc(CREATE)}?fields=values(Request ID,Incident Number)`,
			{
				values: {
					First_Name: 'Zoë',
					Last_Name: 'Müller',
					Login_ID: 'zoe.muller',
					Description: 'Laptop will not boot',
					Detailed_Decription: 'Black screen after update',
					Impact: '3-Moderate/Limited',
					Urgency: '2-High',
					Status: 'Assigned',
					'Reported Source': 'Phone',
					Service_Type: 'User Service Restoration',
					z1D_Action: 'CREATE',
				},
			},
			h.as(user),
		);
		expect(res.status).toBe(201);
		const location = String(res.headers.location);
		expect(location).toMatch(/\/entry\/HPD:IncidentInterface_Create\/\d{15}$/);
		const interfaceId = location.split('/').pop()!;
		const incident = res.data.values['Incident Number'] as string;
		expect(res.data.values['Request ID']).toBe(interfaceId);
		expect(incident).toMatch(/^INC\d{12}$/);
		expect(incident).not.toBe(interfaceId);
		// The ticket exists on HPD:Help Desk, under yet another field-1 ID, found by Incident Number.
		const found = await h.http.get(
			`${V1}/entry/${enc(HD)}?q=${encodeURIComponent(`'Incident Number' = "${incident}"`)}`,
			h.as(user),
		);
		const [ticket] = (found.data as ListBody).entries;
		expect(ticket.values).toMatchObject({
			'Incident Number': incident,
			Description: 'Laptop will not boot',
			'Detailed Decription': 'Black screen after update',
			Status: 'Assigned',
			Urgency: '2-High',
			'Customer Login ID': 'zoe.muller',
			Submitter: 'appuser',
		});
		expect(ticket.values['Entry ID']).not.toBe(incident);
		// Missing required values are reported on the interface form, nothing is created.
		const count = h.emulator.control.count(HD);
		const bad = await h.http.post(
			`${V1}/entry/${enc(CREATE)}`,
			{ values: { Description: 'x' } },
			h.as(user),
		);
		expect(expectArError(bad, 400, 326).messageAppendedText).toBe('Urgency');
		expect(h.emulator.control.count(HD)).toBe(count);
	});

	it('#19 GET /fields/{form} is an array of field objects, on /v1 and /v1.0', async () => {
		for (const prefix of [V1, V10]) {
			const list = await fields('User', prefix);
			expect(Array.isArray(list)).toBe(true);
			expect(list.map((f) => f.id)).toEqual([
				1, 2, 3, 5, 6, 7, 8, 15, 101, 102, 103, 104, 108, 109, 110, 119, 122,
			]);
			for (const f of list) {
				expect(typeof f.name).toBe('string');
				expect([
					'CHAR',
					'ENUM',
					'INTEGER',
					'TIME',
					'DIARY',
					'REAL',
					'DECIMAL',
					'DATE',
					'TIME_OF_DAY',
					'CURRENCY',
				]).toContain(f.datatype);
				expect(['REQUIRED', 'OPTIONAL', 'SYSTEM', 'DISPLAY']).toContain(f.field_option);
				expect(typeof f.limit).toBe('object');
			}
		}
		const hd = await fields(HD);
		expect(hd.find((f) => f.name === 'z1D_Action')?.field_option).toBe('DISPLAY');
		expect(hd.find((f) => f.name === 'Description')?.field_option).toBe('REQUIRED');
		expect(hd.find((f) => f.name === 'Resolution')?.field_option).toBe('OPTIONAL');
	});

	it('#19 GET /fields/{form}/{id}: one object with id, name, datatype, field_option, limit (enum labels, max_length)', async () => {
		const res = await h.http.get(`${V10}/fields/User/109`, h.as(admin));
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({
			id: 109,
			name: 'License Type',
			datatype: 'ENUM',
			field_option: 'REQUIRED',
			limit: {
				selection_values: [
					{ name: 'Read', id: 0 },
					{ name: 'Fixed', id: 1 },
					{ name: 'Floating', id: 2 },
					{ name: 'Restricted Read', id: 3 },
				],
			},
		});
		const login = (await h.http.get(`${V1}/fields/User/101`, h.as(admin))).data as FieldMeta;
		expect(login).toMatchObject({
			id: 101,
			name: 'Login Name',
			datatype: 'CHAR',
			field_option: 'REQUIRED',
		});
		expect(login.limit.max_length).toBe(254);
		const status = (await h.http.get(`${V10}/fields/User/7`, h.as(admin))).data as FieldMeta;
		expect(status.limit.selection_values).toEqual([
			{ name: 'Current', id: 0 },
			{ name: 'Disabled', id: 1 },
		]);
		// field_criteria keeps id plus the parts asked for.
		const slim = await h.http.get(
			`${V10}/fields/User?field_criteria=NAME,DATATYPE,OPTIONS&field_type=DATA`,
			h.as(admin),
		);
		expect(Object.keys((slim.data as FieldMeta[])[0]).sort()).toEqual([
			'datatype',
			'field_option',
			'id',
			'name',
		]);
		const several = await h.http.get(`${V10}/fields/User/1,101`, h.as(admin));
		expect((several.data as FieldMeta[]).map((f) => f.name)).toEqual(['Request ID', 'Login Name']);
		expectArError(
			await h.http.get(`${V10}/fields/User/999`, h.as(admin)),
			404,
			ArErrorNumber.UNKNOWN_FIELD,
		);
	});

	it('#19 GET /form lists form names; OPTIONS /entry/{form} gives the schema; unknown forms -> 404/303', async () => {
		const forms = await h.http.get(`${V10}/form`, h.as(admin));
		expect(forms.status).toBe(200);
		expect(forms.data).toEqual(
			expect.arrayContaining(['User', 'Group', 'CTM:People', HD, JOIN, CREATE]),
		);
		for (const name of forms.data as string[]) expect(typeof name).toBe('string');
		const schema = await h.http.request({
			method: 'OPTIONS',
			url: `${V1}/entry/${enc('CTM:People')}`,
			...h.as(admin),
		});
		expect(schema.status).toBe(200);
		expect(schema.data.name).toBe('CTM:People');
		expect((schema.data.fields as FieldMeta[]).find((f) => f.id === 4)?.name).toBe(
			'Remedy Login ID',
		);
		for (const path of [`${V10}/fields/Nope`, `${V10}/fields/Nope/1`, `${V1}/entry/Nope`]) {
			const m = expectArError(await h.http.get(path, h.as(admin)), 404, 303);
			expect(m.messageAppendedText).toBe('Nope');
		}
		const opt = await h.http.request({
			method: 'OPTIONS',
			url: `${V1}/entry/Nope`,
			...h.as(admin),
		});
		expectArError(opt, 404, 303);
	});

	it('#20 seeded forms carry the reference field IDs, names and labels', async () => {
		const byId = (list: FieldMeta[]) => new Map(list.map((f) => [f.id, f]));
		const u = byId(await fields('User'));
		expect(u.get(101)?.name).toBe('Login Name');
		expect(u.get(104)?.name).toBe('Group List');
		expect(u.get(102)?.name).toBe('Password');
		const labels = (f?: FieldMeta) =>
			(f?.limit.selection_values as Array<{ name: string }>).map((s) => s.name);
		expect(labels(u.get(109))).toEqual(['Read', 'Fixed', 'Floating', 'Restricted Read']);
		expect(labels(u.get(110))).toEqual(['None', 'Fixed', 'Floating']);
		const g = byId(await fields('Group'));
		expect(g.get(105)?.name).toBe('Group Name');
		expect(g.get(106)?.datatype).toBe('INTEGER');
		expect(labels(g.get(107))).toEqual(['None', 'View', 'Change']);
		expect(labels(g.get(120))).toEqual(['Regular', 'Dynamic', 'Computed']);
		const p = byId(await fields('CTM:People'));
		expect(p.get(1)?.name).toBe('Person ID');
		expect(p.get(4)?.name).toBe('Remedy Login ID');
		expect(labels(p.get(7))).toEqual([
			'Proposed',
			'Enabled',
			'Offline',
			'Obsolete',
			'Archive',
			'Delete',
		]);
		const names = [...p.values()].map((f) => f.name);
		expect(names).toEqual(
			expect.arrayContaining([
				'First Name',
				'Last Name',
				'Full Name',
				'Internet E-mail',
				'Company',
				'Support Staff',
			]),
		);
		expect(labels([...p.values()].find((f) => f.name === 'Support Staff'))).toEqual(['Yes', 'No']);
		const hd = byId(await fields(HD));
		expect(labels(hd.get(7))).toEqual([
			'New',
			'Assigned',
			'In Progress',
			'Pending',
			'Resolved',
			'Closed',
			'Cancelled',
		]);
		expect(labels(hd.get(1000000162))).toEqual(['1-Critical', '2-High', '3-Medium', '4-Low']);
		expect(hd.get(1000000151)?.name).toBe('Detailed Decription');
		// People rows: PPL IDs, login link, Profile Status labels.
		const people = await h.http.get(`${V1}/entry/${enc('CTM:People')}?limit=2`, h.as(admin));
		for (const e of (people.data as ListBody).entries) {
			expect(e.values['Person ID']).toMatch(/^PPL\d{12}$/);
			expect(['Proposed', 'Enabled', 'Offline', 'Obsolete', 'Archive', 'Delete']).toContain(
				e.values['Profile Status'],
			);
		}
	});

	it('#20 User Status labels are configurable', async () => {
		const other = await startHarness({
			users: 10,
			userStatusLabels: ['Active', 'Inactive', 'Locked'],
		});
		try {
			const token = await other.login();
			const status = await other.http.get(`${V10}/fields/User/7`, other.as(token));
			expect(status.data.limit.selection_values).toEqual([
				{ name: 'Active', id: 0 },
				{ name: 'Inactive', id: 1 },
				{ name: 'Locked', id: 2 },
			]);
			const demo = other.emulator.control.findEntries('User', `'Login Name' = "Demo"`)[0];
			expect(demo.values.Status).toBe('Active');
		} finally {
			await other.stop();
		}
	});

	it('#21 admin writes User and Group; non-admin reads both, may not write Group or Group List (403/353)', async () => {
		// Admin.
		const g = await h.http.post(
			`${V1}/entry/Group`,
			{ values: { 'Group Name': 'Perm Test', 'Group ID': 555001 } },
			h.as(admin),
		);
		expect(g.status).toBe(201);
		const groupPath = new URL(String(g.headers.location)).pathname;
		const u = await h.http.post(
			`${V1}/entry/User`,
			{ values: { 'Login Name': 'perm.user', 'Full Name': 'Perm User', 'Group List': '555001;' } },
			h.as(admin),
		);
		expect(u.status).toBe(201);
		const userPath = new URL(String(u.headers.location)).pathname;
		expect(
			(await h.http.put(userPath, { values: { 'Group List': '1000;555001;' } }, h.as(admin)))
				.status,
		).toBe(204);
		// Non-admin reads.
		expect((await h.http.get(groupPath, h.as(user))).status).toBe(200);
		expect((await h.http.get(userPath, h.as(user))).status).toBe(200);
		// Non-admin writes to Group: create, update, delete, merge.
		for (const res of [
			await h.http.post(
				`${V1}/entry/Group`,
				{ values: { 'Group Name': 'Nope', 'Group ID': 555002 } },
				h.as(user),
			),
			await h.http.put(groupPath, { values: { 'Long Group Name': 'x' } }, h.as(user)),
			await h.http.delete(groupPath, h.as(user)),
			await h.http.post(
				`${V1}/mergeEntry/Group`,
				{ values: { 'Group Name': 'Nope', 'Group ID': 555003 } },
				h.as(user),
			),
		]) {
			const m = expectArError(res, 403, 353);
			expect(m.messageText).toBe('You have no access to form');
			expect(m.messageAppendedText).toBe('Group');
		}
		// Non-admin setting Group List, even on their own entry.
		const own = h.emulator.control.findEntries('User', `'Login Name' = "appuser"`)[0].id;
		const gl = await h.http.put(
			`${V1}/entry/User/${own}`,
			{ values: { 'Group List': '1;' } },
			h.as(user),
		);
		expect(expectArError(gl, 403, 353).messageAppendedText).toBe('Group');
		expect(h.emulator.control.getEntry('User', own)?.['Group List']).toBe('10;400002;');
		// ...but may change other fields of their own User entry, not someone else's.
		expect(
			(
				await h.http.put(
					`${V1}/entry/User/${own}`,
					{ values: { 'Email Address': 'app@calbro.com' } },
					h.as(user),
				)
			).status,
		).toBe(204);
		expectArError(
			await h.http.put(userPath, { values: { 'Email Address': 'x@y.z' } }, h.as(user)),
			403,
			353,
		);
		expectArError(
			await h.http.post(
				`${V1}/entry/User`,
				{ values: { 'Login Name': 'sneaky', 'Full Name': 'S' } },
				h.as(user),
			),
			403,
			353,
		);
		// Other forms are open to any authenticated user.
		expect(
			(
				await h.http.post(
					`${V1}/entry/${enc(HD)}`,
					{ values: { Description: 'x', Impact: '4-Minor/Localized', Urgency: '4-Low' } },
					h.as(user),
				)
			).status,
		).toBe(201);
	});
});
