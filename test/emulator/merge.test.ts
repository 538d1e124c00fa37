/** Checklist #15: POST /mergeEntry/{form} with every merge type and an optional qualification. */
import { ArErrorNumber } from '../../emulator';
import { enc, expectArError, withEmulator, V1 } from './helpers';
import type { Harness } from './helpers';

const HD = 'HPD:Help Desk';

describe('emulator mergeEntry', () => {
	let h: Harness;
	let admin: string;

	withEmulator({ users: 50 }, (started, token) => {
		h = started;
		admin = token;
	});

	const merge = (form: string, body: unknown) =>
		h.http.post(`${V1}/mergeEntry/${enc(form)}`, body, h.as(admin));

	const idOf = (location: unknown) => String(location).split('/').pop()!;

	const ticket = (description: string) => ({
		Description: description,
		Impact: '4-Minor/Localized',
		Urgency: '4-Low',
	});

	function insert(description: string, extra: Record<string, unknown> = {}): string {
		return h.emulator.control.insertEntry(HD, { ...ticket(description), ...extra });
	}

	it('#15 no match: creates the entry (keeping a given Request ID) -> 201 + Location, no body', async () => {
		const res = await merge(HD, {
			values: ticket('merge new'),
			mergeOptions: { mergeType: 'DUP_ERROR' },
		});
		expect(res.status).toBe(201);
		expect(res.data).toBeFalsy();
		expect(String(res.headers.location)).toMatch(
			new RegExp(`^${h.url}/api/arsys/v1/entry/HPD:Help%20Desk/INC\\d{12}$`),
		);
		expect(h.emulator.control.getEntry(HD, idOf(res.headers.location))?.Description).toBe(
			'merge new',
		);
		const withId = await merge(HD, {
			values: { 'Entry ID': 'INC000000777777', ...ticket('merge with id') },
			mergeOptions: { mergeType: 'DUP_MERGE' },
		});
		expect(withId.status).toBe(201);
		expect(idOf(withId.headers.location)).toBe('INC000000777777');
		expect(h.emulator.control.getEntry(HD, 'INC000000777777')?.Description).toBe('merge with id');
	});

	it('#15 DUP_ERROR on an existing Request ID -> 400/382, nothing changes', async () => {
		const id = insert('dup error');
		const res = await merge(HD, {
			values: { 'Entry ID': id, Description: 'changed' },
			mergeOptions: { mergeType: 'DUP_ERROR' },
		});
		expectArError(res, 400, 382);
		expect(h.emulator.control.getEntry(HD, id)?.Description).toBe('dup error');
		// DUP_ERROR is also the default when mergeOptions is missing.
		expectArError(await merge(HD, { values: { 'Entry ID': id, Description: 'x' } }), 400, 382);
	});

	it('#15 DUP_NEW_ID and GEN_NEW_ID create a new entry with a new ID', async () => {
		const id = insert('new id');
		const count = h.emulator.control.count(HD);
		for (const mergeType of ['DUP_NEW_ID', 'GEN_NEW_ID']) {
			const res = await merge(HD, {
				values: { 'Entry ID': id, ...ticket(`copy ${mergeType}`) },
				mergeOptions: { mergeType },
			});
			expect(res.status).toBe(201);
			const newId = idOf(res.headers.location);
			expect(newId).not.toBe(id);
			expect(newId).toMatch(/^INC\d{12}$/);
			expect(h.emulator.control.getEntry(HD, newId)?.Description).toBe(`copy ${mergeType}`);
		}
		expect(h.emulator.control.getEntry(HD, id)?.Description).toBe('new id');
		expect(h.emulator.control.count(HD)).toBe(count + 2);
		// GEN_NEW_ID ignores a Request ID that does not exist yet, too.
		const gen = await merge(HD, {
			values: { 'Entry ID': 'INC000000888888', ...ticket('gen') },
			mergeOptions: { mergeType: 'GEN_NEW_ID' },
		});
		expect(idOf(gen.headers.location)).not.toBe('INC000000888888');
	});

	it('#15 DUP_MERGE writes only the given fields into the match', async () => {
		const id = insert('dup merge', { 'Assigned Group': 'Field Ops' });
		const res = await merge(HD, {
			values: { 'Entry ID': id, Status: 'Assigned' },
			mergeOptions: { mergeType: 'DUP_MERGE' },
		});
		expect(res.status).toBe(201);
		expect(idOf(res.headers.location)).toBe(id);
		const v = h.emulator.control.getEntry(HD, id)!;
		expect(v).toMatchObject({
			Status: 'Assigned',
			Description: 'dup merge',
			'Assigned Group': 'Field Ops',
		});
		expect(Object.keys(v['Status History'] as object)).toEqual(['New', 'Assigned']);
	});

	it('#15 DUP_OVERWRITE replaces the match: fields not sent become empty, the ID stays', async () => {
		const id = insert('dup overwrite', { 'Assigned Group': 'Field Ops' });
		const res = await merge(HD, {
			values: { 'Entry ID': id, ...ticket('overwritten') },
			mergeOptions: { mergeType: 'DUP_OVERWRITE' },
		});
		expect(res.status).toBe(201);
		expect(idOf(res.headers.location)).toBe(id);
		const v = h.emulator.control.getEntry(HD, id)!;
		expect(v.Description).toBe('overwritten');
		expect(v['Assigned Group']).toBeNull();
		// A rejected overwrite keeps the old entry.
		const bad = await merge(HD, {
			values: { 'Entry ID': id, Description: 'no urgency' },
			mergeOptions: { mergeType: 'DUP_OVERWRITE' },
		});
		expectArError(bad, 400, 326);
		expect(h.emulator.control.getEntry(HD, id)?.Description).toBe('overwritten');
	});

	it('#15 a qualification is the match rule when given', async () => {
		const created = h.emulator.control.insertEntry('User', {
			'Login Name': 'merge.target',
			'Full Name': 'Merge Target',
			'License Type': 'Read',
		});
		const res = await h.http.post(
			`${V1}/mergeEntry/User`,
			{
				values: { 'Login Name': 'merge.target', 'License Type': 'Fixed' },
				mergeOptions: { mergeType: 'DUP_MERGE', ignoreRequired: true, multimatchOption: 0 },
				qualification: '\'Login Name\' = "merge.target"',
			},
			h.as(admin),
		);
		expect(res.status).toBe(201);
		expect(idOf(res.headers.location)).toBe(created);
		expect(h.emulator.control.getEntry('User', created)).toMatchObject({
			'License Type': 'Fixed',
			'Full Name': 'Merge Target',
		});
		// No match for the qualification: created (ignoreRequired skips the Full Name check).
		const fresh = await h.http.post(
			`${V1}/mergeEntry/User`,
			{
				values: { 'Login Name': 'merge.fresh' },
				mergeOptions: { mergeType: 'DUP_MERGE', ignoreRequired: true },
				qualification: '\'Login Name\' = "merge.fresh"',
			},
			h.as(admin),
		);
		expect(fresh.status).toBe(201);
		expect(idOf(fresh.headers.location)).not.toBe(created);
		// Several matches with multimatchOption 0 is an error; 1 takes the first.
		const many = await merge(HD, {
			values: { Status: 'Pending' },
			mergeOptions: { mergeType: 'DUP_MERGE', multimatchOption: 0 },
			qualification: '\'Status\' = "New"',
		});
		expectArError(many, 400, ArErrorNumber.MULTIPLE_MATCHES);
		const first = h.emulator.control.findEntries(HD, '\'Status\' = "New"')[0].id;
		const one = await merge(HD, {
			values: { Status: 'Pending' },
			mergeOptions: { mergeType: 'DUP_MERGE', multimatchOption: 1 },
			qualification: '\'Status\' = "New"',
		});
		expect(idOf(one.headers.location)).toBe(first);
		expectArError(
			await merge(HD, {
				values: {},
				mergeOptions: { mergeType: 'DUP_MERGE' },
				qualification: "'Status' = ",
			}),
			400,
			ArErrorNumber.BAD_QUALIFICATION,
		);
	});

	it('#15 bad merge options and non-regular forms are rejected with 400', async () => {
		expectArError(
			await merge(HD, { values: ticket('x'), mergeOptions: { mergeType: 'DUP_SOMETIMES' } }),
			400,
			ArErrorNumber.MALFORMED_REQUEST,
		);
		expectArError(await merge(HD, { mergeOptions: {} }), 400, ArErrorNumber.MALFORMED_REQUEST);
		expectArError(
			await merge('HPD:IncidentInterface', { values: { Description: 'x' } }),
			400,
			ArErrorNumber.MALFORMED_REQUEST,
		);
		expectArError(await merge('Nope', { values: {} }), 404, 303);
	});
});
