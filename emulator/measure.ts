/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * Page latency with 100,000 users over loopback HTTP:
 *   npx ts-node --transpile-only emulator/measure.ts [users]
 * Prints the seed time and the median of 20 requests for 1,000-entry pages with a qualification:
 * consecutive pages of one query (served from the list cache), and cold pages where every request
 * has a new qualification (full scan), with and without a sort on Modified Date.
 */
import axios from 'axios';
import { performance } from 'node:perf_hooks';

import { startEmulator } from './index';

const RUNS = 20;
const PAGE = 1000;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
	const users = Number(process.argv[2] ?? 100000);
	const seedStart = performance.now();
	const emulator = await startEmulator({ users, seed: 1 });
	const seedMs = performance.now() - seedStart;
	const http = axios.create({ baseURL: emulator.url });
	const login = await http.post('/api/jwt/login', 'username=Demo&password=demo', {
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
	});
	const headers = { Authorization: `AR-JWT ${login.data as string}` };

	async function time(url: string): Promise<{ ms: number; count: number; bytes: number }> {
		const started = performance.now();
		const res = await http.get(url, { headers, responseType: 'text', transformResponse: (d) => d });
		const ms = performance.now() - started;
		const body = JSON.parse(res.data as string) as { entries: unknown[] };
		return { ms, count: body.entries.length, bytes: (res.data as string).length };
	}

	const q = (text: string) => encodeURIComponent(text);
	const base = `/api/arsys/v1/entry/User?limit=${PAGE}`;
	const scenarios: Array<[string, (i: number) => string]> = [
		[
			'same query, consecutive pages (cached list)',
			(i) =>
				`${base}&offset=${i * PAGE}&q=${q(`'License Type' != "Restricted Read" AND 'Status' = "Current"`)}`,
		],
		[
			'new qualification every request (full scan)',
			(i) =>
				`${base}&q=${q(`'License Type' != "Restricted Read" AND 'Login Name' != "nobody${i}"`)}`,
		],
		[
			'new qualification + sort=Modified Date.desc',
			(i) =>
				`${base}&sort=${q('Modified Date.desc,Request ID.asc')}&q=${q(`'Status' = "Current" AND 'Login Name' != "nobody${i}"`)}`,
		],
	];

	console.log(`users: ${users}; seed + start: ${seedMs.toFixed(0)} ms`);
	// Warm up the JIT and the connection.
	for (let i = 0; i < 3; i++) await time(`${base}&q=${q(`'Login Name' != "warmup${i}"`)}`);
	for (const [name, url] of scenarios) {
		const samples: number[] = [];
		let count = 0;
		let bytes = 0;
		for (let i = 0; i < RUNS; i++) {
			const r = await time(url(i));
			samples.push(r.ms);
			count = r.count;
			bytes = r.bytes;
		}
		console.log(
			`${name}: median ${median(samples).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms ` +
				`(${count} entries, ${(bytes / 1024).toFixed(0)} KiB per page)`,
		);
	}
	await emulator.stop();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
