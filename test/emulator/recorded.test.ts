/**
 * Recorded answers of real servers (reference §6a; issue 16, emulator item 6): each shape through
 * real HTTP, on with the realistic profile and with its own switch, off by default.
 */
import { enc, startHarness, V1 } from './helpers';
import type { Harness, ListBody } from './helpers';

const JOIN = 'HPD:IncidentInterface';

describe('recorded answers', () => {
	describe('realistic profile', () => {
		let h: Harness;
		let admin: string;

		beforeAll(async () => {
			h = await startHarness({ profile: 'realistic', afterCommitFaultRate: 0, loginFaultRate: 0, commitDelayMs: 0 });
			admin = await h.login();
		});
		afterAll(async () => await h.stop());

		it('rebuilds next with offset before limit, the other parameters after, and puts next before self', async () => {
			const res = await h.http.get(`${V1}/entry/User?limit=2&fields=values(Login%20Name)`, h.as(admin));
			expect(res.status).toBe(200);
			const body = res.data as ListBody;
			expect(Object.keys(body._links)).toEqual(['next', 'self']);
			expect(body._links.next[0].href).toBe(`${h.url}${V1}/entry/User?offset=2&limit=2&fields=values(Login%20Name)`);
			expect(body._links.self[0].href).toBe(`${h.url}${V1}/entry/User?limit=2&fields=values(Login%20Name)`);
			// A later page: next and prev rebuilt the same way, self as requested.
			const later = (await h.http.get(`${V1}/entry/User?fields=values(Login%20Name)&limit=2&offset=4`, h.as(admin)))
				.data as ListBody;
			expect(Object.keys(later._links)).toEqual(['next', 'prev', 'self']);
			expect(later._links.next[0].href).toBe(`${h.url}${V1}/entry/User?offset=6&limit=2&fields=values(Login%20Name)`);
			expect(later._links.prev[0].href).toBe(`${h.url}${V1}/entry/User?offset=2&limit=2&fields=values(Login%20Name)`);
		});

		it('answers lists with an extra top-level numMatches: null', async () => {
			const res = await h.http.get(`${V1}/entry/Group?limit=1`, h.as(admin));
			expect(Object.keys(res.data as object)).toEqual(['entries', 'numMatches', '_links']);
			expect((res.data as { numMatches: unknown }).numMatches).toBeNull();
		});

		it('writes the | of join-form IDs as %7C in self links, and accepts the ID either way', async () => {
			const res = await h.http.get(`${V1}/entry/${enc(JOIN)}?limit=1`, h.as(admin));
			const href = (res.data as ListBody).entries[0]._links.self[0].href;
			expect(href).toMatch(new RegExp(`/entry/${JOIN}/INC\\d{12}%7CINC\\d{12}$`));
			const id = decodeURIComponent(href.split('/').pop()!);
			expect(id).toMatch(/^INC\d{12}\|INC\d{12}$/);
			for (const path of [href.split('/').pop()!, id]) {
				const one = await h.http.get(`${V1}/entry/${enc(JOIN)}/${path}`, h.as(admin));
				expect(one.status).toBe(200);
				expect(one.data._links.self[0].href).toBe(href);
			}
		});

		it('reads Status History as an object keyed by status label, and passwords as ***', async () => {
			const res = await h.http.get(`${V1}/entry/User?q=${encodeURIComponent(`'Login Name' = "appuser"`)}`, h.as(admin));
			const values = (res.data as ListBody).entries[0].values;
			expect(values.Password).toBe('***');
			const history = values['Status History'] as Record<string, { user: string; timestamp: string }>;
			expect(Array.isArray(history)).toBe(false);
			expect(Object.keys(history)).toContain('Current');
			expect(history.Current).toEqual({ user: expect.any(String), timestamp: expect.stringMatching(/\+0000$/) });
		});
	});

	it('are off in the default profile: next after self, offset in place, | literal, no numMatches', async () => {
		const h = await startHarness();
		try {
			const admin = await h.login();
			const list = (await h.http.get(`${V1}/entry/User?limit=2`, h.as(admin))).data as ListBody & { numMatches?: unknown };
			expect(Object.keys(list)).toEqual(['entries', '_links']);
			expect(Object.keys(list._links)).toEqual(['self', 'next']);
			expect(list._links.next[0].href).toBe(`${h.url}${V1}/entry/User?limit=2&offset=2`);
			const join = (await h.http.get(`${V1}/entry/${enc(JOIN)}?limit=1`, h.as(admin))).data as ListBody;
			expect(join.entries[0]._links.self[0].href).toMatch(/\/INC\d{12}\|INC\d{12}$/);
		} finally {
			await h.stop();
		}
	});

	it('each shape is its own switch, also at runtime', async () => {
		const h = await startHarness({ numMatchesNull: true });
		try {
			const admin = await h.login();
			const first = (await h.http.get(`${V1}/entry/User?limit=2`, h.as(admin))).data as ListBody;
			expect(Object.keys(first)).toEqual(['entries', 'numMatches', '_links']);
			expect(Object.keys(first._links)).toEqual(['self', 'next']);
			h.emulator.control.setOptions({ rebuiltLinks: true, encodedJoinIds: true, numMatchesNull: false });
			const second = (await h.http.get(`${V1}/entry/User?limit=2`, h.as(admin))).data as ListBody;
			expect(Object.keys(second)).toEqual(['entries', '_links']);
			expect(second._links.next[0].href).toBe(`${h.url}${V1}/entry/User?offset=2&limit=2`);
			const join = (await h.http.get(`${V1}/entry/${enc(JOIN)}?limit=1`, h.as(admin))).data as ListBody;
			expect(join.entries[0]._links.self[0].href).toContain('%7C');
		} finally {
			await h.stop();
		}
	});
});
