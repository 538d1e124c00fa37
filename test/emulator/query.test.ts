/**
 * Checklist #16 over HTTP: the `q` parameter reaches the qualification engine URL-decoded and its
 * answer (or its error) comes back as AR would give it. The engine's own unit tests live in
 * qualification.test.ts; this suite checks the wiring on a fixed data set.
 */
import { ArErrorNumber } from '../../emulator';
import { enc, expectArError, q, startHarness, V1 } from './helpers';
import type { Harness, ListBody } from './helpers';

const TYPES = 'AR System Emulator:Data Types';

describe('emulator qualifications over HTTP', () => {
	let h: Harness;
	let admin: string;
	let user: string;

	beforeAll(async () => {
		h = await startHarness({ users: 20 });
		admin = await h.login();
		user = await h.login('appuser', 'appuser');
		const c = h.emulator.control;
		c.insertEntry(TYPES, {
			'Short Description': 'Robert "Bobby" Smith',
			'Character Field': 'alpha',
			'Integer Field': 10,
			'Date/Time Field': '2024-01-01T00:00:00.000+0000',
			'Date Field': '2024-01-15',
			'Time Field': '09:00:00',
			'Selection Field': 'Low',
		});
		c.insertEntry(
			TYPES,
			{
				'Short Description': "O'Brien",
				'Character Field': 'beta',
				'Integer Field': 20,
				'Date/Time Field': '2024-02-01T12:00:00.000+0000',
				'Selection Field': 'Medium',
				Status: 'Assigned',
			},
			{ user: 'appuser' },
		);
		c.insertEntry(TYPES, {
			'Short Description': '100% sure',
			'Character Field': 'a_c',
			'Selection Field': 'High',
			Status: 'Closed',
		});
		c.insertEntry(
			TYPES,
			{
				'Short Description': 'plain',
				'Integer Field': 30,
				'Date/Time Field': '2024-03-01T00:00:00.000+0000',
				Status: 'Fixed',
			},
			{ createDate: 1577836800 },
		);
	});
	afterAll(async () => {
		await h.stop();
	});

	async function names(qualification: string, token = admin): Promise<string[]> {
		const res = await h.http.get(
			`${V1}/entry/${enc(TYPES)}?q=${q(qualification)}&fields=values(Short Description)`,
			h.as(token),
		);
		expect(res.status).toBe(200);
		return (res.data as ListBody).entries
			.map((e) => e.values['Short Description'] as string)
			.sort();
	}

	const A = 'Robert "Bobby" Smith';
	const B = "O'Brien";
	const C = '100% sure';
	const D = 'plain';
	const sorted = (...xs: string[]) => [...xs].sort();

	it('#16 field references by name or ID, strings with doubled quotes, $NULL$, $USER$', async () => {
		expect(await names(`'Short Description' = "Robert ""Bobby"" Smith"`)).toEqual([A]);
		expect(await names(`'8' = "O'Brien"`)).toEqual([B]);
		expect(await names(`'Character Field' = $NULL$`)).toEqual([D]);
		expect(await names(`'Character Field' != $NULL$`)).toEqual(sorted(A, B, C));
		expect(await names(`'Submitter' = $USER$`, user)).toEqual([B]);
		expect(await names(`'Submitter' = $USER$`, admin)).toEqual(sorted(A, C, D));
		expect(await names('')).toEqual(sorted(A, B, C, D));
	});

	it('#16 numbers, relational operators, AND/&&, OR/||, NOT/!, parentheses and precedence', async () => {
		expect(await names(`'Integer Field' > 15 AND 'Integer Field' <= 30`)).toEqual(sorted(B, D));
		expect(await names(`'Integer Field' > 15 && 'Integer Field' < 30`)).toEqual([B]);
		expect(await names(`'Integer Field' = 10 OR 'Integer Field' = 30`)).toEqual(sorted(A, D));
		expect(await names(`'Integer Field' = 10 || 'Integer Field' >= 30`)).toEqual(sorted(A, D));
		// NOT over a NULL comparison stays unknown, as in SQL: C (no integer) is not matched.
		expect(await names(`NOT 'Integer Field' = 10`)).toEqual(sorted(B, D));
		expect(await names(`!('Integer Field' = 10)`)).toEqual(sorted(B, D));
		expect(
			await names(`'Integer Field' = 10 OR 'Integer Field' = 20 AND 'Selection Field' = "High"`),
		).toEqual([A]);
		expect(
			await names(
				`('Integer Field' = 10 OR 'Integer Field' = 20) AND 'Selection Field' = "Medium"`,
			),
		).toEqual([B]);
	});

	it('#16 LIKE with %, _ and [...]', async () => {
		expect(await names(`'Character Field' LIKE "a%"`)).toEqual(sorted(A, C));
		expect(await names(`'Character Field' LIKE "_eta"`)).toEqual([B]);
		expect(await names(`'Character Field' LIKE "[ab]%"`)).toEqual(sorted(A, B, C));
		expect(await names(`'Character Field' LIKE "a[_]c"`)).toEqual([C]);
		expect(await names(`'Short Description' LIKE "100[%]%"`)).toEqual([C]);
	});

	it('#16 enums by label or index; ordering compares indexes', async () => {
		expect(await names(`'Selection Field' = "Medium"`)).toEqual([B]);
		expect(await names(`'Selection Field' = 1`)).toEqual([B]);
		expect(await names(`'Selection Field' < "High"`)).toEqual(sorted(A, B));
		expect(await names(`'Status' <= 1`)).toEqual(sorted(A, B));
		expect(await names(`'Status' < "Closed" AND 'Status' != "New"`)).toEqual(sorted(B, D));
	});

	it('#16 dates as quoted strings (ISO-ish, M/D/YYYY) or epoch seconds, quoted or not; $TIMESTAMP$ arithmetic', async () => {
		expect(await names(`'Date/Time Field' >= "2024-02-01 00:00:00"`)).toEqual(sorted(B, D));
		expect(await names(`'Date/Time Field' < "2/1/2024"`)).toEqual([A]);
		expect(await names(`'Date/Time Field' = "1/1/2024 12:00:00 AM"`)).toEqual([A]);
		expect(await names(`'Date/Time Field' > 1706745600`)).toEqual(sorted(B, D));
		expect(await names(`'Date/Time Field' > "1706745600"`)).toEqual(sorted(B, D));
		expect(await names(`'Date Field' = "2024-01-15"`)).toEqual([A]);
		expect(await names(`'Create Date' > ($TIMESTAMP$ - (60 * 60 * 24))`)).toEqual(sorted(A, B, C));
	});

	it('#16 syntax, field and value errors -> 400 with an ERROR message carrying the reason', async () => {
		for (const bad of [
			`'Integer Field' = `,
			`'Nope' = 1`,
			`'Selection Field' = "Huge"`,
			`('Status' = 1`,
		]) {
			const res = await h.http.get(`${V1}/entry/${enc(TYPES)}?q=${q(bad)}`, h.as(admin));
			const m = expectArError(res, 400, ArErrorNumber.BAD_QUALIFICATION);
			expect(m.messageAppendedText).toBeTruthy();
		}
		const field = await h.http.get(`${V1}/entry/${enc(TYPES)}?q=${q(`'Nope' = 1`)}`, h.as(admin));
		expect(field.data[0].messageAppendedText).toContain('Nope');
	});
});
