/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/** The CLI prints its URL and the logins, and serves until it is stopped. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { parseArgs } from '../../emulator/cli';
import { client, V1 } from './helpers';

const ROOT = join(__dirname, '..', '..');

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs: number): Promise<string> {
	return new Promise((resolve, reject) => {
		let out = '';
		const timer = setTimeout(
			() => reject(new Error(`CLI printed no ${pattern} in time:\n${out}`)),
			timeoutMs,
		);
		const onData = (chunk: Buffer) => {
			out += chunk.toString('utf8');
			if (pattern.test(out)) {
				clearTimeout(timer);
				resolve(out);
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`CLI exited with ${code}:\n${out}`));
		});
	});
}

describe('emulator CLI', () => {
	let child: ChildProcess | undefined;

	afterEach(() => {
		// The child leads its own process group (detached), so npx and ts-node stop together.
		if (child?.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
		child = undefined;
	});

	it('starts with --port 0 --users 50, prints its URL and logins, and the login works', async () => {
		child = spawn(
			'npx',
			['ts-node', '--transpile-only', 'emulator/cli.ts', '--port', '0', '--users', '50'],
			{
				cwd: ROOT,
				detached: true,
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		const out = await waitForOutput(child, /other seeded users/, 30000);
		const url = /listening on (https?:\/\/\S+)/.exec(out)?.[1];
		expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const admin = /admin login:\s+(\S+) \/ (\S+)/.exec(out);
		const basic = /non-admin login:\s+(\S+) \/ (\S+)/.exec(out);
		expect(admin?.slice(1)).toEqual(['Demo', 'demo']);
		expect(basic?.slice(1)).toEqual(['appuser', 'appuser']);
		const http = client(url!);
		const login = await http.post('/api/jwt/login', `username=${admin![1]}&password=${admin![2]}`, {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(login.status).toBe(200);
		const users = await http.get(`${V1}/entry/User?limit=100`, {
			headers: { Authorization: `AR-JWT ${login.data}` },
		});
		expect(users.status).toBe(200);
		expect(users.data.entries).toHaveLength(50);
	}, 40000);

	it('parses every switch', () => {
		expect(
			parseArgs([
				'--port',
				'8008',
				'--host=0.0.0.0',
				'--users',
				'500',
				'--seed',
				'9',
				'--token-ttl',
				'60',
				'--max-entries',
				'40',
				'--latency',
				'5',
				'--fault-rate',
				'0.1',
				'--tls',
				'--no-next-links',
				'--rsso',
				'--empty-create-body',
				'--http-forbidden',
				'--admin-user',
				'root',
				'--admin-password',
				'pw',
				'--user',
				'joe',
				'--user-password',
				'jpw',
				'--user-status-labels',
				'Current,Disabled,Locked',
				'--tickets',
				'10',
				'--required-field-error',
				'307',
				'--clock-offset',
				'-60',
			]),
		).toEqual({
			port: 8008,
			host: '0.0.0.0',
			users: 500,
			seed: 9,
			tokenTtl: 60,
			maxEntries: 40,
			latencyMs: 5,
			faultRate: 0.1,
			tls: true,
			nextLinks: false,
			rsso: true,
			emptyCreateBody: true,
			httpForbidden: true,
			adminUser: 'root',
			adminPassword: 'pw',
			basicUser: 'joe',
			basicPassword: 'jpw',
			userStatusLabels: ['Current', 'Disabled', 'Locked'],
			tickets: 10,
			requiredFieldErrorNumber: 307,
			clockOffsetSeconds: -60,
		});
		expect(parseArgs(['--help'])).toBe('help');
		expect(() => parseArgs(['--bogus'])).toThrow(/Unknown option/);
		expect(() => parseArgs(['--users', 'many'])).toThrow(/number/);
		expect(() => parseArgs(['--port'])).toThrow(/needs a value/);
	});
});
