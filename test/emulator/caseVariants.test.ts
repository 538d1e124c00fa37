/**
 * Conformance of the case-variant seed, the collation of unique indexes and the duplicate
 * support-group names (issue 16, emulator items 1 and 5), through HTTP like a client.
 */
import { expectArError, startHarness, V1 } from './helpers';
import type { Harness } from './helpers';

const PEOPLE = 'CTM:People';
const ASSOCIATION = 'CTM:Support Group Association';
const ROLES = 'CTM:SupportGroupFunctionalRole';
const TICKETS = 'HPD:Help Desk';
const enc = encodeURIComponent;
const lit = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** Where each form keeps the login. */
const LOGIN_FIELDS: Array<[string, string]> = [
	[PEOPLE, 'Remedy Login ID'],
	[ASSOCIATION, 'Login ID'],
	[ROLES, 'Login ID'],
	[TICKETS, 'Assignee Login ID'],
];

describe('emulator case variants (caseVariants)', () => {
	let plain: Harness;
	let varied: Harness;
	let admin: string;

	beforeAll(async () => {
		plain = await startHarness({ users: 200 });
		varied = await startHarness({ users: 200, caseVariants: true });
		admin = await varied.login();
	});
	afterAll(async () => {
		varied.emulator.control.setOptions({ caseInsensitive: undefined });
		await plain.stop();
		await varied.stop();
	});

	/** Every stored login that is a User login in another case, by form. */
	function variantRows(h: Harness): Map<string, string[]> {
		const c = h.emulator.control;
		const users = new Map(
			c.findEntries('User').map((e) => [String(e.values['Login Name']).toLowerCase(), String(e.values['Login Name'])]),
		);
		const out = new Map<string, string[]>();
		for (const [form, field] of LOGIN_FIELDS) {
			out.set(
				form,
				c
					.findEntries(form)
					.map((e) => e.values[field])
					.filter((v): v is string => typeof v === 'string' && users.has(v.toLowerCase()) && users.get(v.toLowerCase()) !== v),
			);
		}
		return out;
	}

	async function values(form: string, q: string, field: string): Promise<string[]> {
		const res = await varied.http.get(
			`${V1}/entry/${enc(form)}?q=${enc(q)}&fields=values(${enc(field)})&limit=1000`,
			varied.as(admin),
		);
		expect(res.status).toBe(200);
		return (res.data.entries as Array<{ values: Record<string, string> }>).map((e) => e.values[field]);
	}

	it('off by default: every stored login is spelled as on the User form', () => {
		for (const rows of variantRows(plain).values()) expect(rows).toEqual([]);
	});

	it('on: People, associations, roles and open tickets carry logins in another case, and some User entries the capitals', () => {
		const rows = variantRows(varied);
		for (const [form] of LOGIN_FIELDS) expect({ form, some: rows.get(form)!.length > 0 }).toEqual({ form, some: true });
		const upperUsers = varied.emulator.control
			.findEntries('User')
			.map((e) => String(e.values['Login Name']))
			.filter((login) => login !== 'Demo' && login === login.toUpperCase() && /[A-Z]/.test(login));
		expect(upperUsers.length).toBeGreaterThan(0);
		// The same rows as without variants, only spelled differently; the one subject of kind 0
		// without a functional role is given one.
		for (const form of [ASSOCIATION, PEOPLE, TICKETS]) {
			expect(varied.emulator.control.count(form)).toBe(plain.emulator.control.count(form));
		}
		expect(varied.emulator.control.count(ROLES) - plain.emulator.control.count(ROLES)).toBeLessThanOrEqual(1);
	});

	it('one subject has a People row, memberships, a role and open tickets all spelled differently from its User entry', () => {
		const c = varied.emulator.control;
		const people = variantRows(varied).get(PEOPLE)!;
		const subject = people.find((spelled) => {
			const login = spelled.toLowerCase();
			const on = (form: string, field: string) =>
				c.findEntries(form).some((e) => typeof e.values[field] === 'string' && (e.values[field] as string).toLowerCase() === login && e.values[field] !== login);
			return on(ASSOCIATION, 'Login ID') && on(ROLES, 'Login ID') && c.findEntries(TICKETS, `'Status' < "Resolved"`).some((t) => String(t.values['Assignee Login ID']).toLowerCase() === login && t.values['Assignee Login ID'] !== login);
		});
		expect(subject).toBeDefined();
		expect(c.findEntries('User', `'Login Name' = ${lit(subject!.toLowerCase())}`)).toHaveLength(1);
	});

	it('case-sensitive (the default, Oracle-style): the User login finds none of its variant rows; case-insensitive finds them all', async () => {
		const spelled = variantRows(varied).get(PEOPLE)![0];
		const login = spelled.toLowerCase();
		varied.emulator.control.setOptions({ caseInsensitive: false });
		expect(await values(PEOPLE, `'Remedy Login ID' = ${lit(login)}`, 'Remedy Login ID')).toEqual([]);
		varied.emulator.control.setOptions({ caseInsensitive: true });
		expect(await values(PEOPLE, `'Remedy Login ID' = ${lit(login)}`, 'Remedy Login ID')).toEqual([spelled]);
		const memberships = await values(ASSOCIATION, `'Login ID' = ${lit(login)}`, 'Login ID');
		expect(memberships.length).toBeGreaterThan(0);
		expect(memberships.every((v) => v.toLowerCase() === login)).toBe(true);
	});

	it('unique indexes follow the collation: a second People row spelled in another case is refused only when case-insensitive', async () => {
		const spelled = variantRows(varied).get(PEOPLE)![0];
		const create = async (login: string) =>
			await varied.http.post(
				`${V1}/entry/${enc(PEOPLE)}`,
				{
					values: {
						'Remedy Login ID': login,
						'First Name': 'Case',
						'Last Name': 'Twin',
						Company: 'Calbro Services',
						'Client Type': 'Office-Based Employee',
					},
				},
				varied.as(admin),
			);
		varied.emulator.control.setOptions({ caseInsensitive: true });
		expectArError(await create(spelled.toLowerCase()), 400, 382);
		varied.emulator.control.setOptions({ caseInsensitive: false });
		const created = await create(spelled.toLowerCase());
		expect(created.status).toBe(201);
		// Now both spellings exist; under a case-insensitive collation neither may be renamed onto the other.
		varied.emulator.control.setOptions({ caseInsensitive: true });
		const id = String(created.headers.location).split('/').pop()!;
		const rename = await varied.http.put(
			`${V1}/entry/${enc(PEOPLE)}/${id}`,
			{ values: { 'Remedy Login ID': `${spelled.toLowerCase()}.x` } },
			varied.as(admin),
		);
		expect(rename.status).toBe(204);
		const back = await varied.http.put(
			`${V1}/entry/${enc(PEOPLE)}/${id}`,
			{ values: { 'Remedy Login ID': spelled.toLowerCase() } },
			varied.as(admin),
		);
		expectArError(back, 400, 382);
	});
});

describe('emulator duplicate support-group names (duplicateSupportGroupNames)', () => {
	it('adds a Service Desk in another company, with no members and no tickets; off by default', async () => {
		const plain = await startHarness({ users: 60 });
		const dup = await startHarness({ users: 60, duplicateSupportGroupNames: true });
		try {
			const named = (h: Harness) =>
				h.emulator.control
					.findEntries('CTM:Support Group', `'Support Group Name' = "Service Desk"`)
					.map((e) => `${e.values.Company}`);
			expect(named(plain)).toEqual(['Calbro Services']);
			expect(named(dup)).toEqual(['Calbro Services', 'Invention, Inc.']);
			const extra = dup.emulator.control.findEntries('CTM:Support Group', `'Company' = "Invention, Inc." AND 'Support Group Name' = "Service Desk"`)[0].id;
			expect(dup.emulator.control.findEntries(ASSOCIATION, `'Support Group ID' = ${lit(extra)}`)).toEqual([]);
			expect(dup.emulator.control.findEntries(TICKETS, `'Assigned Group ID' = ${lit(extra)}`)).toEqual([]);
			// Everything else is the same data.
			for (const form of ['User', PEOPLE, ASSOCIATION, ROLES, TICKETS]) {
				expect(dup.emulator.control.findEntries(form)).toEqual(plain.emulator.control.findEntries(form));
			}
		} finally {
			await plain.stop();
			await dup.stop();
		}
	});
});
