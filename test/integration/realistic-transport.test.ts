/**
 * The transport against the emulator's realism switches (issue 9): a site filter's rejection as
 * HTTP 500, a gateway's 403 page for an expired token, transient login failures, capped pages
 * with only a `self` link, and ≥ 1,000 writes with 10% faults after commit whose reported
 * outcomes are compared with the emulator's data.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { RESOLUTION_FILTER } from '../../emulator';
import { runNode, runWorkflow, arSystemNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { APP_USER, startHarness, withHarness } from '../harness/setup';

const form = (name: string) => ({ __rl: true, mode: 'name', value: name });
const DATA_TYPES = 'AR System Emulator:Data Types';
const HELP_DESK = 'HPD:Help Desk';

describe('transport against the realistic emulator switches', () => {
	let h: Harness;

	withHarness({ users: 300, processingErrors500: true, siteFilters: [RESOLUTION_FILTER] }, (started) => {
		h = started;
	});

	beforeEach(() => {
		h.emulator.control.clearFaults();
		h.emulator.control.setOptions({
			gateway403: false,
			afterCommitFaultRate: 0,
			loginFaultRate: 0,
			maxEntries: undefined,
			pageLinks: 'full',
		});
		h.reset();
	});

	const getUser = async () =>
		await runWorkflow(h.env, {
			nodes: [
				arSystemNode({
					resource: 'entry',
					operation: 'get',
					form: form('User'),
					requestId: h.emulator.control.findEntries('User')[0].id,
				}),
			],
		});

	it('a filter rejection on update (HTTP 500 with an AR array): 1 request, no retry, a clear error', async () => {
		const [ticket] = h.emulator.control.findEntries(HELP_DESK, `'Status' != "Resolved"`);
		h.reset();
		const result = await runWorkflow(h.env, {
			nodes: [
				arSystemNode({
					resource: 'entry',
					operation: 'update',
					form: form(HELP_DESK),
					requestId: ticket.id,
					inputMode: 'json',
					jsonValues: '{"Status": "Resolved", "Resolution": null}',
				}),
			],
		});
		expect(result.error?.message).toBe(`AR System error ${RESOLUTION_FILTER.messageNumber}: ${RESOLUTION_FILTER.message}`);
		expect((result.error as { httpCode?: string }).httpCode).toBe('500');
		expect(h.requests(`PUT /entry/${HELP_DESK}`)).toBe(1);
		expect(h.emulator.control.getEntry(HELP_DESK, ticket.id)?.Status).toBe(ticket.values.Status);
	});

	describe('gateway 403 page for an expired token', () => {
		it('one re-login, and the execution succeeds', async () => {
			expect((await getUser()).error).toBeUndefined();
			h.emulator.control.setOptions({ gateway403: true });
			h.emulator.control.expireAllTokens();
			h.reset();
			const result = await getUser();
			expect(result.error).toBeUndefined();
			expect(h.logins()).toBe(1);
		});

		it('N concurrent executions meeting it: 1 login', async () => {
			expect((await getUser()).error).toBeUndefined();
			h.emulator.control.setOptions({ gateway403: true });
			h.emulator.control.expireAllTokens();
			h.reset();
			const results = await Promise.all(Array.from({ length: 12 }, async () => await getUser()));
			expect(results.map((r) => r.error)).toEqual(results.map(() => undefined));
			expect(h.logins()).toBe(1);
		});
	});

	it('a 403 JSON permission error costs no login', async () => {
		const user = await startHarness({ users: 50, gateway403: true }, APP_USER);
		try {
			const setGroups = async () =>
				await runWorkflow(user.env, {
					nodes: [
						arSystemNode({
							resource: 'entry',
							operation: 'update',
							form: form('User'),
							requestId: user.emulator.control.findEntries('User', `'Login Name' = "${APP_USER.username}"`)[0].id,
							inputMode: 'json',
							jsonValues: '{"Group List": "1;"}',
						}),
					],
				});
			await setGroups();
			user.reset();
			const result = await setGroups();
			expect(result.error?.message).toMatch(/^AR System error 353/);
			expect(user.logins()).toBe(0);
			expect(user.requests('PUT /entry/User')).toBe(1);
		} finally {
			await user.emulator.stop();
		}
	});

	describe('transient login failures', () => {
		it('retried with backoff: the execution succeeds', async () => {
			h.env.credentials.editCredentials('arSystemApi', { token: '', tokenFor: '' });
			h.emulator.control.failNextLogin(1, 'reset');
			h.emulator.control.failNextLogin(1, '502-html');
			const result = await getUser();
			expect(result.error).toBeUndefined();
			expect(h.requests('POST /jwt/login')).toBe(3);
			expect(h.logins()).toBe(1);
		});

		it('a reset during login never brings the "use https" hint', async () => {
			expect((await getUser()).error).toBeUndefined();
			h.emulator.control.expireAllTokens();
			h.emulator.control.failNextLogin(4, 'reset');
			const result = await getUser();
			expect(result.error?.message).toBe(
				`The AR System server at ${h.emulator.url} closed the connection during the login (4 attempts).`,
			);
			expect(JSON.stringify(result.error)).not.toMatch(/https/i);
		});
	});

	it.each([
		['capped-self', 70],
		['self', 70],
		['none', 70],
		['capped-self', 100],
	] as const)('pagination with links %s and a cap of %i: exactly the right rows', async (pageLinks, maxEntries) => {
		h.emulator.control.setOptions({ pageLinks, maxEntries });
		const items = await runNode(h.env, {
			resource: 'entry',
			operation: 'getAll',
			form: form('User'),
			returnAll: true,
			options: { pageSize: 250, concurrency: 3 },
		});
		const ids = items.map((item) => item.json._requestId as string);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.sort()).toEqual(h.emulator.control.findEntries('User').map((e) => e.id).sort());
	});

	describe('faults after commit', () => {
		interface Planned {
			kind: 'put' | 'delete' | 'upsert';
			input: IDataObject;
		}

		const diary = (values: Record<string, unknown> | undefined) =>
			((values?.['Diary Field'] as Array<{ text: string }> | null) ?? []).map((e) => e.text);
		const count = (texts: string[], text: string) => texts.filter((t) => t === text).length;

		interface Outcomes {
			writes: number;
			faults: number;
			applied: number;
			notApplied: number;
			unknown: number;
			requests: { put: number; del: number; merge: number };
		}

		/**
		 * Updates (two diary appends on some entries), deletes and upserts (half matching existing
		 * entries) through the node with Continue On Fail, under the given fault rates; then every
		 * item's reported outcome is compared with the emulator's data.
		 */
		async function writeScenario(
			prefix: string,
			scale: number,
			faults: { afterCommitFaultRate: number; faultRate?: number },
		): Promise<Outcomes> {
			const control = h.emulator.control;
			const n = (count: number) => Math.round(count * scale);
			const ids: string[] = [];
			for (let i = 0; i < n(700); i++) {
				ids.push(control.insertEntry(DATA_TYPES, { 'Short Description': `${prefix}w-${i}`, Status: 'New' }));
			}
			const puts: Planned[] = [];
			for (let i = 0; i < n(450); i++) {
				puts.push({ kind: 'put', input: { id: ids[i], values: { 'Integer Field': i, 'Diary Field': `${prefix}put-${i}` } } });
			}
			// A second diary line on some of them: two appends to one entry, each exactly once.
			for (let i = 0; i < n(100); i++) {
				puts.push({ kind: 'put', input: { id: ids[i], values: { 'Diary Field': `${prefix}again-${i}` } } });
			}
			const deletes: Planned[] = ids.slice(n(450), n(600)).map((id) => ({ kind: 'delete', input: { id } }));
			const upserts: Planned[] = [];
			for (let k = 0; k < n(300); k++) {
				// The first third match existing entries; the others create new ones.
				const key = k < n(100) ? `${prefix}w-${n(600) + k}` : `${prefix}new-${k}`;
				upserts.push({
					kind: 'upsert',
					input: { values: { 'Short Description': key, Status: 'New', 'Integer Field': 10_000 + k, 'Diary Field': `${prefix}merge-${k}` } },
				});
			}

			control.setOptions(faults);
			h.reset();
			const run = async (parameters: IDataObject, planned: Planned[]) => {
				const node = arSystemNode(parameters, 'AR System', { onError: 'continueRegularOutput' });
				const result = await runWorkflow(h.env, { nodes: [node], items: planned.map((p) => p.input) });
				expect(result.error).toBeUndefined();
				return result.output('AR System');
			};
			const common = { resource: 'entry', form: form(DATA_TYPES) };
			const putOut = await run(
				{ ...common, operation: 'update', requestId: '={{ $json.id }}', inputMode: 'json', jsonValues: '={{ JSON.stringify($json.values) }}' },
				puts,
			);
			const deleteOut = await run({ ...common, operation: 'delete', requestId: '={{ $json.id }}' }, deletes);
			const upsertOut = await run(
				{
					...common,
					operation: 'upsert',
					matchField: 'Short Description',
					mergeType: 'DUP_MERGE',
					inputMode: 'json',
					jsonValues: '={{ JSON.stringify($json.values) }}',
				},
				upserts,
			);
			control.setOptions({ afterCommitFaultRate: 0, faultRate: 0 });

			const outcomes: Outcomes = {
				writes: puts.length + deletes.length + upserts.length,
				faults: Object.entries(control.counters().faults ?? {})
					.filter(([key]) => key.startsWith('after-commit'))
					.reduce((sum, [, count]) => sum + count, 0),
				applied: 0,
				notApplied: 0,
				unknown: 0,
				requests: {
					put: h.requests(`PUT /entry/${DATA_TYPES}`),
					del: h.requests(`DELETE /entry/${DATA_TYPES}`),
					merge: h.requests(`POST /mergeEntry/${DATA_TYPES}`),
				},
			};
			const outcomeOf = (item: INodeExecutionData) => {
				const error = item.json.error;
				if (error === undefined) return 'applied';
				return /may or may not have been applied/.test(String(error)) ? 'unknown' : 'not applied';
			};
			// Every reported outcome is checked against the emulator's data.
			const check = (item: INodeExecutionData, applied: boolean) => {
				const outcome = outcomeOf(item);
				if (outcome === 'applied') outcomes.applied++;
				else if (outcome === 'unknown') outcomes.unknown++;
				else outcomes.notApplied++;
				if (outcome !== 'unknown' && applied !== (outcome === 'applied')) {
					throw new Error(`Reported ${outcome}, but the emulator says applied=${applied}: ${JSON.stringify(item.json)}`);
				}
			};

			putOut.forEach((item, k) => {
				const { id, values } = puts[k].input as { id: string; values: Record<string, unknown> };
				const texts = diary(control.getEntry(DATA_TYPES, id));
				const line = values['Diary Field'] as string;
				expect(count(texts, line)).toBeLessThanOrEqual(1);
				check(item, count(texts, line) === 1);
			});
			deleteOut.forEach((item, k) => {
				check(item, control.getEntry(DATA_TYPES, (deletes[k].input as { id: string }).id) === undefined);
			});
			upsertOut.forEach((item, k) => {
				const values = (upserts[k].input as { values: Record<string, unknown> }).values;
				const matches = control.findEntries(DATA_TYPES, `'Short Description' = "${values['Short Description'] as string}"`);
				expect(matches.length).toBeLessThanOrEqual(1);
				const texts = diary(matches[0]?.values);
				expect(count(texts, values['Diary Field'] as string)).toBeLessThanOrEqual(1);
				check(item, count(texts, values['Diary Field'] as string) === 1 && matches[0]?.values['Integer Field'] === values['Integer Field']);
			});
			return outcomes;
		}

		it('≥ 1,000 writes at 10% after-commit faults: each applied exactly once, each outcome reported truthfully', async () => {
			const outcomes = await writeScenario('a-', 1, { afterCommitFaultRate: 0.1 });
			expect(outcomes.writes).toBeGreaterThanOrEqual(1000);
			expect(outcomes.faults).toBeGreaterThanOrEqual(outcomes.writes * 0.05);
			// Faults after commit leave every write applied: each is verified, none re-sent.
			expect(outcomes).toMatchObject({ applied: outcomes.writes, notApplied: 0, unknown: 0 });
			expect(outcomes.requests).toEqual({ put: 550, del: 150, merge: 300 });
		});

		it('with faults before processing too (resets, 500s): outcomes still truthful, nothing applied twice', async () => {
			const outcomes = await writeScenario('b-', 0.4, { afterCommitFaultRate: 0.1, faultRate: 0.05 });
			expect(outcomes.faults).toBeGreaterThan(0);
			expect(outcomes.applied + outcomes.notApplied + outcomes.unknown).toBe(outcomes.writes);
			expect(outcomes.unknown).toBe(0);
		});
	});
});
