import { runNode } from '../harness/n8n';
import { startHarness } from '../harness/setup';

const form = (name: string) => ({ __rl: true, mode: 'name', value: name });
const firstUsers = { resource: 'entry', operation: 'getAll', form: form('User'), returnAll: false, limit: 3 };

describe('server variants seen in the field', () => {
	it('RSSO: a 401 that arrives as an HTML SSO page still leads to one fresh login', async () => {
		// An RSSO server with no other gateway in front (the realistic profile's gateway 403 off).
		const h = await startHarness({ users: 30, rsso: true, gateway403: false });
		try {
			await runNode(h.env, firstUsers);
			h.emulator.control.expireAllTokens();
			h.reset();
			expect(await runNode(h.env, firstUsers)).toHaveLength(3);
			expect(h.logins()).toBe(1);
		} finally {
			await h.emulator.stop();
		}
	});

	it('AR 25.2+: a 201 with an empty body still gives the new Request ID from Location', async () => {
		const h = await startHarness({ users: 30, emptyCreateBody: true });
		try {
			const [created] = await runNode(h.env, {
				resource: 'user',
				operation: 'create',
				loginName: 'empty.body',
				fullName: 'Empty Body',
				licenseType: 'Read',
			});
			expect(created.json._requestId).toMatch(/^\d{15}$/);
			expect(h.emulator.control.getEntry('User', created.json._requestId as string)?.['Login Name']).toBe(
				'empty.body',
			);
		} finally {
			await h.emulator.stop();
		}
	});

	it('HTTPS-only server reached over HTTP: says to use https://', async () => {
		const h = await startHarness({ users: 30, httpForbidden: true });
		try {
			await expect(runNode(h.env, firstUsers)).rejects.toThrow(/HTTPS|https:\/\//);
		} finally {
			await h.emulator.stop();
		}
	});

	it('a server that sends no links and caps pages: Get Many and the identity join stay exact', async () => {
		const h = await startHarness({ users: 90, nextLinks: false, maxEntries: 20 });
		try {
			const items = await runNode(h.env, { ...firstUsers, returnAll: true, options: { pageSize: 50 } });
			expect(items.map((item) => item.json._requestId).sort()).toEqual(
				h.emulator.control
					.findEntries('User')
					.map((entry) => entry.id)
					.sort(),
			);
			const identities = await runNode(h.env, { resource: 'identity', operation: 'getAll', returnAll: true });
			expect(identities).toHaveLength(90);
		} finally {
			await h.emulator.stop();
		}
	});

	it('a non-admin account: reading works, changing Group List is refused with AR error 353', async () => {
		const h = await startHarness({ users: 30 }, { username: 'appuser', password: 'appuser' });
		try {
			expect(await runNode(h.env, firstUsers)).toHaveLength(3);
			await expect(
				runNode(h.env, {
					resource: 'user',
					operation: 'addToGroup',
					user: { __rl: true, mode: 'login', value: 'appuser' },
					group: { __rl: true, mode: 'groupId', value: '1' },
				}),
			).rejects.toThrow(/353/);
		} finally {
			await h.emulator.stop();
		}
	});

	it('a filter too long for a URL gets an error that says so', async () => {
		const h = await startHarness({ users: 30 });
		try {
			await expect(
				runNode(h.env, {
					...firstUsers,
					filters: { conditions: [{ field: 'Full Name', operator: 'equals', value: 'x'.repeat(20_000) }] },
				}),
			).rejects.toThrow(/too long for the AR System server/);
			expect(await runNode(h.env, firstUsers)).toHaveLength(3);
		} finally {
			await h.emulator.stop();
		}
	});
});
