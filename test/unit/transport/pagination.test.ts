import fc from 'fast-check';
import { sleep } from 'n8n-workflow';

import type { ArEntry, ArListPage } from '../../../nodes/ArSystem/transport';
import {
	applyPage,
	initialPagingState,
	paginate,
	withStableSort,
} from '../../../nodes/ArSystem/transport/pagination';
import type { PaginateOptions } from '../../../nodes/ArSystem/transport/pagination';

interface FakeServerOptions {
	/** Rows matching the query. */
	total: number;
	/** The server returns at most this many rows per request. */
	cap?: number;
	/**
	 * `links`: `_links.self` always and `next` while rows remain; `self`: `_links.self` but never
	 * `next`; `none`: no `_links` at all.
	 */
	/** 'capped-self': like 'links', but a page cut short by the cap carries only `self`. */
	links: 'links' | 'self' | 'none' | 'capped-self';
	/** Rows returned regardless of the limit asked for (a server ignoring `limit`). */
	ignoreLimit?: number;
}

/** An in-memory list endpoint: rows 0..total-1 in a stable order. */
function fakeServer(options: FakeServerOptions) {
	const calls: Array<{ offset: number; limit: number }> = [];
	const fetchPage = async (offset: number, limit: number): Promise<ArListPage> => {
		calls.push({ offset, limit });
		const size = options.ignoreLimit ?? Math.min(limit, options.cap ?? Infinity);
		const end = Math.min(options.total, offset + size);
		const entries: ArEntry[] = [];
		for (let row = offset; row < end; row++) entries.push({ values: { 'Request ID': row } });
		return {
			entries,
			hasNext:
				(options.links === 'links' || (options.links === 'capped-self' && size >= limit)) &&
				end < options.total,
			sawLinks: options.links !== 'none',
		};
	};
	return { calls, fetchPage };
}

async function collect(
	server: ReturnType<typeof fakeServer>,
	options: PaginateOptions,
): Promise<number[]> {
	const rows: number[] = [];
	for await (const page of paginate(server.fetchPage, options)) {
		rows.push(...page.map((entry) => entry.values['Request ID'] as number));
	}
	return rows;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('paging decisions (applyPage)', () => {
	const page = (n: number, hasNext = false, sawLinks = false): ArListPage => ({
		entries: range(n).map((i) => ({ values: { id: i } })),
		hasNext,
		sawLinks,
	});

	it('stops on an empty page', () => {
		expect(applyPage(initialPagingState(), page(0), 100).state.done).toBe(true);
	});

	it('continues on a full page and advances by the rows returned', () => {
		const { state } = applyPage(initialPagingState(), page(100), 100);
		expect(state).toMatchObject({ done: false, offset: 100, delivered: 100 });
	});

	it('takes the first short page without links as a tentative cap', () => {
		const first = applyPage(initialPagingState(), page(40), 100).state;
		expect(first).toMatchObject({ done: false, cap: 40, capTentative: true, offset: 40 });
		const second = applyPage(first, page(40), 100).state;
		expect(second).toMatchObject({ done: false, cap: 40, capTentative: false });
		expect(applyPage(second, page(39), 100).state.done).toBe(true);
	});

	it('trusts a missing next link once the server has sent one on a page like this', () => {
		const afterNext = applyPage(initialPagingState(), page(100, true, true), 100).state;
		expect(afterNext.nextOnFullUpTo).toBe(100);
		expect(applyPage(afterNext, page(40, false, true), 100).state.done).toBe(true);
		expect(applyPage(afterNext, page(100, false, true), 100).state.done).toBe(true);
		// A larger request cut short without next may be a cap that only gets `self`.
		expect(applyPage(afterNext, page(100, false, true), 250).state.done).toBe(false);
	});

	it('trusts a short page without next once a capped page carried next', () => {
		const capped = applyPage(initialPagingState(), page(70, true, true), 250).state;
		expect(capped).toMatchObject({ cap: 70, nextOnShort: true });
		expect(applyPage(capped, page(70, false, true), 250).state.done).toBe(true);
	});

	it('does not take a short first page with only a self link as the end: it may be a cap', () => {
		const { state } = applyPage(initialPagingState(), page(40, false, true), 100);
		expect(state).toMatchObject({ done: false, nextOnShort: false, cap: 40, capTentative: true });
		const second = applyPage(state, page(40, false, true), 100).state;
		expect(second).toMatchObject({ done: false, cap: 40, capTentative: false });
		expect(applyPage(second, page(12, false, true), 100).state.done).toBe(true);
	});

	it('stops at the limit and keeps only what is still needed', () => {
		const { state, keep } = applyPage(initialPagingState(), page(100, true, true), 100, 30);
		expect(keep).toHaveLength(30);
		expect(state).toMatchObject({ done: true, delivered: 30, offset: 100 });
	});
});

describe('paginate', () => {
	it.each([
		// [total, pageSize, links, expected requests]
		[2500, 1000, 'links', 3],
		[2500, 1000, 'none', 4],
		[3000, 1000, 'links', 3],
		[3000, 1000, 'none', 4],
		[0, 1000, 'links', 1],
		[0, 1000, 'none', 1],
		[7, 1000, 'links', 2],
		[7, 1000, 'none', 2],
		[2500, 1000, 'self', 4],
		[0, 1000, 'self', 1],
		[7, 1000, 'self', 2],
	] as const)(
		'%i rows, page size %i, %s: exact rows in %i requests',
		async (total, pageSize, links, requests) => {
			const server = fakeServer({ total, links });
			expect(await collect(server, { pageSize })).toEqual(range(total));
			expect(server.calls).toHaveLength(requests);
			expect(server.calls.map((c) => c.offset)).toEqual(
				range(requests).map((i) => Math.min(i * pageSize, total)),
			);
		},
	);

	it('does not truncate when the server caps the page size, with next links', async () => {
		const server = fakeServer({ total: 250, cap: 100, links: 'links' });
		expect(await collect(server, { pageSize: 1000 })).toEqual(range(250));
		expect(server.calls.map((c) => c.offset)).toEqual([0, 100, 200]);
	});

	it.each([
		[250, [0, 100, 200]],
		[300, [0, 100, 200, 300]],
		[100, [0, 100]],
		[99, [0, 99]],
	])(
		'does not truncate when the server caps the page size and sends only self (%i rows)',
		async (total, offsets) => {
			const server = fakeServer({ total, cap: 100, links: 'self' });
			expect(await collect(server, { pageSize: 1000 })).toEqual(range(total));
			expect(server.calls.map((c) => c.offset)).toEqual(offsets);
		},
	);

	it.each([
		[250, 1000, 1],
		[250, 100, 1],
		[250, 1000, 4],
		[1234, 150, 3],
		[300, 100, 4],
	])(
		'capped-self server (next on full pages, only self on capped ones): %i rows, page size %i, concurrency %i',
		async (total, pageSize, concurrency) => {
			const server = fakeServer({ total, cap: 100, links: 'capped-self' });
			expect(await collect(server, { pageSize, concurrency })).toEqual(range(total));
			// A small Limit first (next links on a full page), then Return All: still exact.
			expect(await collect(server, { pageSize: 50, limit: 60 })).toEqual(range(60));
			expect(await collect(server, { pageSize, concurrency })).toEqual(range(total));
		},
	);

	it('does not truncate when the server caps the page size, without links', async () => {
		const server = fakeServer({ total: 250, cap: 100, links: 'none' });
		expect(await collect(server, { pageSize: 1000 })).toEqual(range(250));
		expect(server.calls.map((c) => c.offset)).toEqual([0, 100, 200]);
	});

	it('handles a capped total that is an exact multiple of the cap', async () => {
		const server = fakeServer({ total: 300, cap: 100, links: 'none' });
		expect(await collect(server, { pageSize: 1000 })).toEqual(range(300));
		expect(server.calls.map((c) => c.offset)).toEqual([0, 100, 200, 300]);
	});

	it('asks only for the Limit when it is smaller than a page', async () => {
		const server = fakeServer({ total: 5000, links: 'none' });
		expect(await collect(server, { pageSize: 1000, limit: 50 })).toEqual(range(50));
		expect(server.calls).toEqual([{ offset: 0, limit: 50 }]);
	});

	it('asks only for what is still needed on the last page of a Limit', async () => {
		const server = fakeServer({ total: 5000, links: 'links' });
		expect(await collect(server, { pageSize: 1000, limit: 2500 })).toEqual(range(2500));
		expect(server.calls).toEqual([
			{ offset: 0, limit: 1000 },
			{ offset: 1000, limit: 1000 },
			{ offset: 2000, limit: 500 },
		]);
	});

	it('returns all rows when the Limit is larger than the result', async () => {
		const server = fakeServer({ total: 1200, links: 'links' });
		expect(await collect(server, { pageSize: 1000, limit: 5000 })).toEqual(range(1200));
		expect(server.calls).toHaveLength(2);
	});

	it('fills a Limit across a server cap', async () => {
		const server = fakeServer({ total: 5000, cap: 100, links: 'none' });
		expect(await collect(server, { pageSize: 1000, limit: 250 })).toEqual(range(250));
		expect(server.calls).toEqual([
			{ offset: 0, limit: 250 },
			{ offset: 100, limit: 150 },
			{ offset: 200, limit: 50 },
		]);
	});

	it('returns nothing and sends nothing for a Limit of 0', async () => {
		const server = fakeServer({ total: 10, links: 'none' });
		expect(await collect(server, { limit: 0 })).toEqual([]);
		expect(server.calls).toHaveLength(0);
	});

	it('advances by the rows returned when the server ignores the limit', async () => {
		const server = fakeServer({ total: 230, links: 'none', ignoreLimit: 100 });
		expect(await collect(server, { pageSize: 40 })).toEqual(range(230));
	});

	it('stops between pages when cancelled', async () => {
		const server = fakeServer({ total: 5000, links: 'links' });
		let pagesSeen = 0;
		const rows: number[] = [];
		for await (const page of paginate(server.fetchPage, {
			pageSize: 100,
			isCancelled: () => pagesSeen >= 2,
		})) {
			pagesSeen++;
			rows.push(...page.map((e) => e.values['Request ID'] as number));
		}
		expect(rows).toEqual(range(200));
		expect(server.calls).toHaveLength(2);
	});

	describe('with concurrency', () => {
		it('fetches 4 pages at once after a cap is confirmed and returns the sequential result', async () => {
			const sequential = fakeServer({ total: 1050, cap: 100, links: 'none' });
			const concurrent = fakeServer({ total: 1050, cap: 100, links: 'none' });
			const expected = await collect(sequential, { pageSize: 1000 });
			expect(expected).toEqual(range(1050));
			expect(sequential.calls).toHaveLength(11);

			expect(await collect(concurrent, { pageSize: 1000, concurrency: 4 })).toEqual(expected);
			// 0 (tentative cap), 100 (confirms it), then batches of 4: 200-500, 600-900, 1000-1300.
			expect(concurrent.calls.map((c) => c.offset)).toEqual([
				0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300,
			]);
			expect(concurrent.calls.slice(2).every((c) => c.limit === 100)).toBe(true);
		});

		it('runs the batch requests at the same time', async () => {
			let inFlight = 0;
			let maxInFlight = 0;
			const server = fakeServer({ total: 5000, links: 'links' });
			const slowFetch = async (offset: number, limit: number) => {
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				await sleep(1);
				inFlight--;
				return await server.fetchPage(offset, limit);
			};
			const rows: number[] = [];
			for await (const page of paginate(slowFetch, { pageSize: 500, concurrency: 4 })) {
				rows.push(...page.map((e) => e.values['Request ID'] as number));
			}
			expect(rows).toEqual(range(5000));
			expect(maxInFlight).toBe(4);
		});

		it('drops pages past the end and respects a Limit', async () => {
			const server = fakeServer({ total: 5000, links: 'links' });
			expect(await collect(server, { pageSize: 100, concurrency: 4, limit: 250 })).toEqual(
				range(250),
			);
			expect(server.calls).toEqual([
				{ offset: 0, limit: 100 },
				{ offset: 100, limit: 100 },
				{ offset: 200, limit: 50 },
			]);
		});

		it('rethrows a failed page that is needed', async () => {
			const server = fakeServer({ total: 5000, links: 'links' });
			const failing = async (offset: number, limit: number) => {
				if (offset === 300) throw new Error('page 300 failed');
				return await server.fetchPage(offset, limit);
			};
			const iterate = async () => {
				for await (const page of paginate(failing, { pageSize: 100, concurrency: 4 })) {
					expect(page).toHaveLength(100);
				}
			};
			await expect(iterate()).rejects.toThrow('page 300 failed');
		});
	});

	it('property: exact rows, in order, within ceil(N/P)+1 requests; concurrency changes nothing', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					total: fc.integer({ min: 0, max: 400 }),
					pageSize: fc.integer({ min: 1, max: 120 }),
					cap: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
					links: fc.constantFrom<'links' | 'self' | 'none' | 'capped-self'>(
						'links',
						'self',
						'none',
						'capped-self',
					),
					limit: fc.option(fc.integer({ min: 1, max: 450 }), { nil: undefined }),
					concurrency: fc.integer({ min: 2, max: 5 }),
				}),
				async ({ total, pageSize, cap, links, limit, concurrency }) => {
					const wanted = Math.min(total, limit ?? Infinity);
					const effectivePageSize = Math.min(pageSize, cap ?? Infinity);

					const sequential = fakeServer({ total, cap, links });
					expect(await collect(sequential, { pageSize, limit })).toEqual(range(wanted));
					expect(sequential.calls.length).toBeLessThanOrEqual(
						Math.ceil(wanted / effectivePageSize) + 1,
					);

					const concurrent = fakeServer({ total, cap, links });
					expect(await collect(concurrent, { pageSize, limit, concurrency })).toEqual(
						range(wanted),
					);
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('stable sort', () => {
	it('appends the ID field ascending', () => {
		expect(withStableSort([{ field: 'Modified Date', direction: 'desc' }], 'Request ID')).toEqual([
			{ field: 'Modified Date', direction: 'desc' },
			{ field: 'Request ID', direction: 'asc' },
		]);
		expect(withStableSort(undefined, 'Person ID')).toEqual([
			{ field: 'Person ID', direction: 'asc' },
		]);
	});

	it('does not add the ID field twice', () => {
		const sort = [{ field: 'request id', direction: 'desc' as const }];
		expect(withStableSort(sort, 'Request ID')).toEqual(sort);
	});
});
