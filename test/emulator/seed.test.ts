/** Seed data: deterministic per seed, and shaped to trip connectors (checklist #20 data side). */
import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';

type Values = Record<string, unknown>;

function rows(e: Emulator, form: string): Values[] {
	return e.control.findEntries(form).map((r) => r.values);
}

describe('emulator seed data', () => {
	let a: Emulator;
	let users: Values[];
	let people: Values[];

	beforeAll(async () => {
		a = await startEmulator({ port: 0, users: 1000, seed: 42 });
		users = rows(a, 'User');
		people = rows(a, 'CTM:People');
	});
	afterAll(async () => {
		await a.stop();
	});

	it('#20 is deterministic for a seed and differs between seeds', async () => {
		const twin = await startEmulator({ port: 0, users: 1000, seed: 42 });
		const other = await startEmulator({ port: 0, users: 1000, seed: 43 });
		try {
			expect(rows(twin, 'User')).toEqual(users);
			expect(rows(twin, 'CTM:People')).toEqual(people);
			expect(rows(twin, 'HPD:Help Desk')).toEqual(rows(a, 'HPD:Help Desk'));
			expect(rows(twin, 'Group')).toEqual(rows(a, 'Group'));
			expect(rows(other, 'User')).not.toEqual(users);
		} finally {
			await twin.stop();
			await other.stop();
		}
	});

	it('#20 has the fixed logins: Demo (admin, group 1) and appuser (not admin)', () => {
		expect(users).toHaveLength(1000);
		const demo = users.find((u) => u['Login Name'] === 'Demo')!;
		const app = users.find((u) => u['Login Name'] === 'appuser')!;
		expect(demo['Group List']).toBe('1;');
		expect(String(app['Group List']).split(';')).not.toContain('1');
		expect(demo.Status).toBe('Current');
		expect(app.Status).toBe('Current');
	});

	it("#20 names include O'Brien, a name with a double quote, Zoë, Øyvind and 李", () => {
		const names = users.map((u) => u['Full Name'] as string);
		expect(names.some((n) => n.includes("O'Brien"))).toBe(true);
		expect(names.some((n) => n.includes('"'))).toBe(true);
		expect(names.some((n) => n.includes('Zoë'))).toBe(true);
		expect(names.some((n) => n.includes('Øyvind'))).toBe(true);
		expect(names.some((n) => n.includes('李'))).toBe(true);
		// Logins with an apostrophe exist too (qualification escaping).
		expect(users.some((u) => String(u['Login Name']).includes("'"))).toBe(true);
		expect(people.some((p) => p['Last Name'] === '李')).toBe(true);
	});

	it('#20 groups include IDs that are prefixes of others; Group Lists are "1;10;400002;"-style', () => {
		const groupIds = rows(a, 'Group').map((g) => g['Group ID'] as number);
		expect(groupIds).toEqual(expect.arrayContaining([1, 10, 100, 1000, 10000]));
		const lists = users.map((u) => u['Group List']).filter((g): g is string => g !== null);
		for (const gl of lists) expect(gl).toMatch(/^(\d+;)+$/);
		const has = (gl: string, id: number) => gl.split(';').includes(String(id));
		// Members of 10 / 100 / 1000 that are not in 1 / 10 / 100 (prefix traps).
		expect(lists.some((gl) => has(gl, 10) && !has(gl, 1))).toBe(true);
		expect(lists.some((gl) => has(gl, 1000) && !has(gl, 100))).toBe(true);
		expect(lists.some((gl) => has(gl, 100) && !has(gl, 10))).toBe(true);
		expect(users.some((u) => u['Group List'] === null)).toBe(true);
		for (const id of lists.flatMap((gl) => gl.split(';').filter(Boolean).map(Number))) {
			expect(groupIds).toContain(id);
		}
	});

	it('#20 about 10 % of users have no CTM:People record (linked by Remedy Login ID)', () => {
		const linked = new Set(people.map((p) => p['Remedy Login ID']));
		const without = users.filter((u) => !linked.has(u['Login Name']));
		expect(without.length / users.length).toBeGreaterThan(0.05);
		expect(without.length / users.length).toBeLessThan(0.2);
		expect(without.map((u) => u['Login Name'])).toContain('oyvind.haland');
		expect(linked.has('Demo')).toBe(true);
		expect(linked.has('appuser')).toBe(true);
		// A few People have no login at all.
		expect(people.some((p) => p['Remedy Login ID'] === null)).toBe(true);
	});

	it('#20 Modified Dates spread over months with many same-second clusters', () => {
		const stamps = users.map((u) => Date.parse(u['Modified Date'] as string) / 1000);
		const span = Math.max(...stamps) - Math.min(...stamps);
		expect(span).toBeGreaterThan(120 * 86400);
		const counts = new Map<number, number>();
		for (const s of stamps) counts.set(s, (counts.get(s) ?? 0) + 1);
		const clusters = [...counts.values()].filter((n) => n >= 2);
		expect(clusters.length).toBeGreaterThan(30);
		expect(Math.max(...clusters)).toBeGreaterThanOrEqual(4);
		for (const u of users) {
			expect(Date.parse(u['Modified Date'] as string)).toBeGreaterThanOrEqual(
				Date.parse(u['Create Date'] as string),
			);
		}
	});

	it('#20 License Types Read, Fixed, Floating and Restricted Read all occur', () => {
		expect(new Set(users.map((u) => u['License Type']))).toEqual(
			new Set(['Read', 'Fixed', 'Floating', 'Restricted Read']),
		);
		expect(new Set(users.map((u) => u.Status))).toEqual(new Set(['Current', 'Disabled']));
	});

	// Seeding speed is measured in emulator/measure.ts, not asserted here (no timed assertions: the
	// machine running the tests may be loaded).
	it('#20 seeds 100,000 users', async () => {
		const big = await startEmulator({ port: 0, users: 100000, seed: 1 });
		try {
			expect(big.control.count('User')).toBe(100000);
			expect(big.control.count('CTM:People')).toBeGreaterThan(85000);
		} finally {
			await big.stop();
		}
	});
});
