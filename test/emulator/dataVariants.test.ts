/**
 * Conformance of the data variants and DB flavours (issue 9, emulator items 6 and 7): selection
 * fields with custom item numbers, ITSM's Impact/Urgency ids, per-datatype validation of written
 * values, diary appends, Group Lists with spaces and names, case-insensitive comparisons and
 * Oracle-style LIKE.
 */
import { DATA_TYPES_FORM } from '../../emulator/forms';
import { expectArError, startHarness, withEmulator, V1, V10 } from './helpers';
import type { Harness } from './helpers';

const TYPES = DATA_TYPES_FORM;
const HD = 'HPD:Help Desk';
const enc = encodeURIComponent;

describe('emulator data variants', () => {
	let h: Harness;
	let admin: string;

	withEmulator({ users: 60 }, (started, token) => {
		h = started;
		admin = token;
	});

	async function create(values: Record<string, unknown>) {
		return await h.http.post(
			`${V1}/entry/${enc(TYPES)}`,
			{ values: { 'Short Description': 'variant', ...values } },
			h.as(admin),
		);
	}

	async function ids(form: string, q: string, sort?: string): Promise<string[]> {
		const params = new URLSearchParams({ q, limit: '1000' });
		if (sort) params.set('sort', sort);
		const res = await h.http.get(`${V1}/entry/${enc(form)}?${params.toString()}`, h.as(admin));
		expect(res.status).toBe(200);
		return (res.data.entries as Array<{ values: Record<string, string> }>).map(
			(e) => e.values['Request ID'] ?? e.values['Entry ID'],
		);
	}

	it('field metadata lists selection values as {name, id} with custom ids (10/20/30, 1000..4000)', async () => {
		const custom = await h.http.get(`${V10}/fields/${enc(TYPES)}/536870924`, h.as(admin));
		expect(custom.status).toBe(200);
		expect(custom.data.datatype).toBe('ENUM');
		expect(custom.data.limit.selection_values).toEqual([
			{ name: 'Bronze', id: 10 },
			{ name: 'Silver', id: 20 },
			{ name: 'Gold', id: 30 },
		]);
		const impact = await h.http.get(`${V10}/fields/${enc(HD)}/1000000163`, h.as(admin));
		expect(impact.data.limit.selection_values).toEqual([
			{ name: '1-Extensive/Widespread', id: 1000 },
			{ name: '2-Significant/Large', id: 2000 },
			{ name: '3-Moderate/Limited', id: 3000 },
			{ name: '4-Minor/Localized', id: 4000 },
		]);
		const urgency = await h.http.get(
			`${V10}/fields/${enc(HD)}/1000000162?field_criteria=NAME,DATATYPE,LIMIT`,
			h.as(admin),
		);
		expect(urgency.data).toEqual({
			id: 1000000162,
			name: 'Urgency',
			datatype: 'ENUM',
			limit: {
				selection_values: [
					{ name: '1-Critical', id: 1000 },
					{ name: '2-High', id: 2000 },
					{ name: '3-Medium', id: 3000 },
					{ name: '4-Low', id: 4000 },
				],
			},
		});
		// Fields without custom numbering keep 0..n-1.
		const status = await h.http.get(`${V10}/fields/${enc(HD)}/7`, h.as(admin));
		expect(status.data.limit.selection_values[4]).toEqual({
			name: 'Resolved',
			id: 4,
		});
	});

	it('a custom-id selection is written by label or by its id, read back as the label; a position is refused', async () => {
		const byLabel = await create({ 'Custom Selection Field': 'Silver' });
		expect(byLabel.status).toBe(201);
		const byId = await create({ 'Custom Selection Field': 30 });
		expect(byId.status).toBe(201);
		const a = (await h.http.get(String(byLabel.headers.location), h.as(admin))).data.values;
		const b = (await h.http.get(String(byId.headers.location), h.as(admin))).data.values;
		expect(a['Custom Selection Field']).toBe('Silver');
		expect(b['Custom Selection Field']).toBe('Gold');
		// 1 is a position, not an item number of this field.
		const bad = await create({ 'Custom Selection Field': 1 });
		expectArError(bad, 400, 306);
		expect(bad.data[0].messageAppendedText).toMatch(/Custom Selection Field.*10, 20, 30/);
	});

	it('qualifications take the label or the id, and ordering compares ids', async () => {
		await create({
			'Custom Selection Field': 'Bronze',
			'Character Field': 'ord',
		});
		const gold = await ids(TYPES, `'Custom Selection Field' = 30`);
		const goldByLabel = await ids(TYPES, `'Custom Selection Field' = "Gold"`);
		expect(gold.length).toBeGreaterThan(0);
		expect(goldByLabel).toEqual(gold);
		const below = await ids(TYPES, `'Custom Selection Field' < "Gold"`);
		const below30 = await ids(TYPES, `'Custom Selection Field' < 30`);
		expect(below).toEqual(below30);
		expect(below.length).toBeGreaterThan(0);
		expect(below.some((id) => gold.includes(id))).toBe(false);
		// An item number the field does not have matches nothing (it is not an error in AR).
		expect(await ids(TYPES, `'Custom Selection Field' = 2`)).toEqual([]);
		expectArError(
			await h.http.get(
				`${V1}/entry/${enc(TYPES)}?q=${enc(`'Custom Selection Field' = "Platinum"`)}`,
				h.as(admin),
			),
			400,
		);
	});

	it('HPD:Help Desk Impact and Urgency use 1000..4000; <= compares by id; sort by id; Priority follows', async () => {
		const res = await h.http.get(
			`${V1}/entry/${enc(HD)}?fields=values(Entry ID,Urgency,Impact,Priority)&sort=Urgency.asc,Entry ID.asc&limit=1000`,
			h.as(admin),
		);
		const entries = res.data.entries as Array<{
			values: Record<string, string>;
		}>;
		expect(entries.length).toBeGreaterThan(10);
		const rank = (label: string) => Number(label[0]);
		const urgencies = entries.map((e) => rank(e.values.Urgency));
		expect(urgencies).toEqual([...urgencies].sort((x, y) => x - y));
		for (const e of entries) {
			const expected = Math.floor((rank(e.values.Impact) - 1 + rank(e.values.Urgency) - 1) / 2);
			expect(e.values.Priority).toBe(['Critical', 'High', 'Medium', 'Low'][expected]);
		}
		const high = await ids(HD, `'Urgency' <= 2000`);
		const byLabel = await ids(HD, `'Urgency' <= "2-High"`);
		const expected = entries
			.filter((e) => rank(e.values.Urgency) <= 2)
			.map((e) => e.values['Entry ID']);
		expect(high.sort()).toEqual(expected.sort());
		expect(byLabel.sort()).toEqual(expected.sort());
		expect(await ids(HD, `'Urgency' = 1`)).toEqual([]);
		// Writing by id works too, and the new ticket's Priority is computed from the ids.
		const created = await h.http.post(
			`${V1}/entry/${enc(HD)}`,
			{ values: { Description: 'ids', Impact: 1000, Urgency: '1-Critical' } },
			h.as(admin),
		);
		expect(created.status).toBe(201);
		const v = (await h.http.get(String(created.headers.location), h.as(admin))).data.values;
		expect([v.Impact, v.Urgency, v.Priority]).toEqual([
			'1-Extensive/Widespread',
			'1-Critical',
			'Critical',
		]);
		expectArError(
			await h.http.post(
				`${V1}/entry/${enc(HD)}`,
				{ values: { Description: 'bad', Impact: 3, Urgency: '4-Low' } },
				h.as(admin),
			),
			400,
			306,
		);
	});

	it('every datatype validates written values: a bad value -> 400 naming the field', async () => {
		const cases: Array<[string, unknown]> = [
			['Integer Field', '12abc'],
			['Integer Field', 2.5],
			['Integer Field', 2147483648],
			['Real Field', 'NaN'],
			['Decimal Field', '1,5'],
			['Date/Time Field', 'next tuesday'],
			['Date Field', '2024-02-30'],
			['Date Field', '2024-03-05T10:00:00Z'],
			['Time Field', '24:00:00'],
			['Time Field', '7pm'],
			['Currency Field', { decimal: 1, currency: 'usd' }],
			['Currency Field', 12],
			['Custom Selection Field', 'Platinum'],
			['Severity Field', 0],
			['Character Field', 'x'.repeat(11)],
			['Diary Field', { text: 'x' }],
		];
		for (const [field, value] of cases) {
			const res = await create({ [field]: value });
			expectArError(res, 400, 306);
			expect(res.data[0].messageAppendedText).toContain(field);
		}
	});

	it('a PUT of a diary value appends {timestamp, user, text}; earlier entries stay', async () => {
		const res = await create({ 'Diary Field': 'one' });
		const location = String(res.headers.location);
		await h.http.put(location, { values: { 'Diary Field': 'two' } }, h.as(admin));
		await h.http.put(location, { values: { 'Diary Field': 'three' } }, h.as(admin));
		// A PUT without the diary leaves it alone.
		await h.http.put(location, { values: { 'Character Field': 'x' } }, h.as(admin));
		const diary = (await h.http.get(location, h.as(admin))).data.values['Diary Field'];
		expect(diary.map((d: { text: string }) => d.text)).toEqual(['one', 'two', 'three']);
		for (const d of diary) {
			expect(Object.keys(d).sort()).toEqual(['text', 'timestamp', 'user']);
			expect(d.user).toBe('Demo');
		}
		// LIKE searches the whole diary text.
		const id = location.split('/').pop()!;
		expect(await ids(TYPES, `'Diary Field' LIKE "%three%"`)).toContain(id);
	});
});

describe('emulator Group List variants (dataVariants)', () => {
	it('some seeded users get lists with spaces, some group names; the plain form stays for the logins', async () => {
		const plain = await startHarness({ users: 30 });
		const varied = await startHarness({ users: 30, dataVariants: true });
		try {
			const lists = (e: typeof plain) =>
				e.emulator.control
					.findEntries('User')
					.map((u) => [u.values['Login Name'], u.values['Group List']] as [string, string | null]);
			const a = lists(plain);
			const b = lists(varied);
			// Same users, same memberships: only the spelling differs.
			expect(b.map((x) => x[0])).toEqual(a.map((x) => x[0]));
			expect(a.every(([, g]) => g === null || /^(\d+;)+$/.test(g))).toBe(true);
			const spaced = b.filter(([, g]) => g !== null && g.includes('; '));
			const named = b.filter(([, g]) => g !== null && /[A-Za-z]/.test(g));
			expect(spaced.length).toBeGreaterThan(1);
			expect(named.length).toBeGreaterThan(1);
			expect(b[0][1]).toBe('1;');
			const groupNames = new Map(
				plain.emulator.control
					.findEntries('Group')
					.map((g) => [String(g.values['Group ID']), String(g.values['Group Name'])]),
			);
			for (let i = 0; i < b.length; i++) {
				const ids = (a[i][1] ?? '').split(';').filter(Boolean);
				const items = (b[i][1] ?? '')
					.split(';')
					.map((s) => s.trim())
					.filter(Boolean);
				expect(items).toEqual(
					items.every((x) => /^\d+$/.test(x)) ? ids : ids.map((id) => groupNames.get(id)),
				);
			}
			// siobhan.o'brien (user 2) is written with spaces.
			expect(b[2][1]).toBe('100; 1000;');
		} finally {
			await plain.stop();
			await varied.stop();
		}
	});
});

describe('emulator DB flavours', () => {
	let h: Harness;
	let admin: string;

	beforeAll(async () => {
		h = await startHarness({ users: 30 });
		admin = await h.login();
	});
	afterAll(async () => {
		h.emulator.control.setOptions({
			caseInsensitive: undefined,
			oracleLike: undefined,
		});
		await h.stop();
	});

	async function logins(q: string): Promise<string[]> {
		const res = await h.http.get(
			`${V1}/entry/User?q=${enc(q)}&fields=values(Login Name)&limit=1000`,
			h.as(admin),
		);
		expect(res.status).toBe(200);
		return (res.data.entries as Array<{ values: Record<string, string> }>)
			.map((e) => e.values['Login Name'])
			.sort();
	}

	it('default: character = != LIKE are case-sensitive; caseInsensitive folds case for all three', async () => {
		expect(await logins(`'Login Name' = "DEMO"`)).toEqual([]);
		expect(await logins(`'Login Name' LIKE "DEM%"`)).toEqual([]);
		const all = await logins(`'Login Name' != $NULL$`);
		expect(await logins(`'Login Name' != "DEMO"`)).toEqual(all);
		h.emulator.control.setOptions({ caseInsensitive: true });
		expect(await logins(`'Login Name' = "DEMO"`)).toEqual(['Demo']);
		expect(await logins(`'Login Name' LIKE "dem%"`)).toEqual(['Demo']);
		expect(await logins(`'Login Name' != "dEmO"`)).toEqual(all.filter((l) => l !== 'Demo'));
		h.emulator.control.setOptions({ caseInsensitive: false });
		expect(await logins(`'Login Name' = "DEMO"`)).toEqual([]);
	});

	it('SQL Server LIKE escapes with [%]; oracleLike treats [ as a plain character, so [%] is not an escape', async () => {
		const form = TYPES;
		const make = (text: string) =>
			h.emulator.control.insertEntry(form, {
				'Short Description': text,
				'Character Field': text,
			});
		const pct = make('50% off');
		const bracket = make('50[x] off');
		const plain = make('50 off');
		const q = (pattern: string) =>
			h.http
				.get(
					`${V1}/entry/${enc(form)}?q=${enc(`'Character Field' LIKE "${pattern}"`)}`,
					h.as(admin),
				)
				.then((r) => {
					expect(r.status).toBe(200);
					return (r.data.entries as Array<{ values: Record<string, string> }>).map(
						(e) => e.values['Request ID'],
					);
				});
		expect(await q('%50[%]%')).toEqual([pct]);
		expect(await q('%[[]x]%')).toEqual([bracket]);
		h.emulator.control.setOptions({ oracleLike: true });
		// Oracle: "50[" then anything then "]" -> only the bracket entry, never the literal %.
		expect(await q('%50[%]%')).toEqual([bracket]);
		expect(await q('%[[]x]%')).toEqual([]);
		// % and _ stay wildcards: a "contains 50%" can only be over-matched, then post-filtered.
		expect((await q('%50%%')).sort()).toEqual([pct, bracket, plain].sort());
		// An unclosed [ is no error on Oracle.
		expect(await q('50[x%')).toEqual([bracket]);
		h.emulator.control.setOptions({ oracleLike: false });
		expectArError(
			await h.http.get(
				`${V1}/entry/${enc(form)}?q=${enc(`'Character Field' LIKE "50[x%"`)}`,
				h.as(admin),
			),
			400,
		);
	});
});
