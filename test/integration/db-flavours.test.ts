/**
 * Literal `%`, `_`, `[` in contains / starts with / ends with on both LIKE flavours (issue 9, DB
 * flavours): bracket escaping is exact on SQL Server-style servers and wrong on Oracle-style ones;
 * Options → Literal Wildcards = Check After Reading is exact on both, respects Limit, keeps only
 * the fields asked for, and refuses OR with a clear message.
 */
import { DATA_TYPES_FORM } from '../../emulator/forms';
import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const form = { __rl: true, mode: 'name', value: DATA_TYPES_FORM };
const TEXTS = ['50% off', '50[x] off', '50 off', '5_0 off', '5x0 off', '[50]', 'a50%', '50%'];

describe('literal wildcards on SQL Server-style and Oracle-style servers', () => {
	let h: Harness;
	const ids = new Map<string, string>();

	beforeAll(async () => {
		// SQL Server-style LIKE to start with, whatever the profile; cases switch to Oracle-style.
		h = await startHarness({ users: 20, oracleLike: false });
		for (const text of TEXTS) {
			ids.set(
				text,
				h.emulator.control.insertEntry(DATA_TYPES_FORM, {
					'Short Description': 'wildcards',
					'Character Field': text,
				}),
			);
		}
	});

	afterAll(async () => {
		h.emulator.control.setOptions({ oracleLike: undefined });
		await h.emulator.stop();
	});

	const search = async (
		operator: string,
		value: string,
		options: Record<string, unknown> = {},
		extra = {},
	) =>
		(
			await runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form,
				returnAll: true,
				filters: { conditions: [{ field: 'Character Field', operator, value }] },
				options,
				...extra,
			})
		).map((item) => item.json);

	const expected = (test: (text: string) => boolean) =>
		TEXTS.filter(test)
			.map((text) => ids.get(text))
			.sort();
	const found = (items: Array<Record<string, unknown>>) =>
		items.map((item) => item._requestId).sort();

	const cases: Array<[string, string, (text: string) => boolean]> = [
		['contains', '50%', (t) => t.includes('50%')],
		['contains', '5_0', (t) => t.includes('5_0')],
		['contains', '[50]', (t) => t.includes('[50]')],
		['startsWith', '50%', (t) => t.startsWith('50%')],
		['endsWith', '0%', (t) => t.endsWith('0%')],
	];

	it('brackets are exact on a SQL Server-style server (the default)', async () => {
		for (const [operator, value, test] of cases) {
			expect({ operator, value, ids: found(await search(operator, value)) }).toEqual({
				operator,
				value,
				ids: expected(test),
			});
		}
	});

	it('on an Oracle-style server brackets go wrong, Check After Reading is exact', async () => {
		h.emulator.control.setOptions({ oracleLike: true });
		try {
			// The documented limitation: [%] is not an escape there.
			expect(found(await search('contains', '50%'))).not.toEqual(
				expected((t) => t.includes('50%')),
			);
			for (const [operator, value, test] of cases) {
				const items = await search(operator, value, { likeEscaping: 'local' });
				expect({ operator, value, ids: found(items) }).toEqual({
					operator,
					value,
					ids: expected(test),
				});
			}
		} finally {
			h.emulator.control.setOptions({ oracleLike: false });
		}
	});

	it('Check After Reading applies Limit to matching entries and drops a field added for the check', async () => {
		h.emulator.control.setOptions({ oracleLike: true });
		try {
			const items = await search(
				'contains',
				'50%',
				{ likeEscaping: 'local', pageSize: 2 },
				{ returnAll: false, limit: 2, fields: ['Short Description'] },
			);
			expect(items).toHaveLength(2);
			for (const item of items) {
				expect(TEXTS.filter((t) => t.includes('50%')).map((t) => ids.get(t))).toContain(
					item._requestId,
				);
				expect(item['Character Field']).toBeUndefined();
				expect(item['Short Description']).toBe('wildcards');
			}
		} finally {
			h.emulator.control.setOptions({ oracleLike: false });
		}
	});

	it('Check After Reading with OR is refused, naming the field and the fix', async () => {
		await expect(
			runNode(h.env, {
				resource: 'entry',
				operation: 'getAll',
				form,
				returnAll: true,
				combineWith: 'OR',
				filters: {
					conditions: [
						{ field: 'Character Field', operator: 'contains', value: '50%' },
						{ field: 'Short Description', operator: 'equals', value: 'x' },
					],
				},
				options: { likeEscaping: 'local' },
			}),
		).rejects.toThrow(/needs Combine Conditions = AND.*'Character Field'/);
	});
});
