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

	it('parses the realistic-profile switches', () => {
		const filter = { form: 'User', qualification: `'Email Address' LIKE "%@x.invalid"`, message: 'Use a real domain' };
		expect(
			parseArgs([
				'--profile',
				'realistic',
				'--no-processing-errors-500',
				'--site-filter',
				JSON.stringify(filter),
				'--after-commit-fault-rate',
				'0.1',
				'--login-fault-rate=0.05',
				'--commit-delay',
				'100-3000',
				'--proxy-date-skew',
				'-3600',
				'--no-gateway-403',
				'--page-links',
				'self',
				'--control-port',
				'0',
			]),
		).toEqual({
			profile: 'realistic',
			processingErrors500: false,
			siteFilters: [filter],
			afterCommitFaultRate: 0.1,
			loginFaultRate: 0.05,
			commitDelayMinMs: 100,
			commitDelayMs: 3000,
			proxyDateSkewSeconds: -3600,
			gateway403: false,
			pageLinks: 'self',
			controlPort: 0,
		});
		expect(parseArgs(['--commit-delay', '50'])).toEqual({ commitDelayMinMs: 0, commitDelayMs: 50 });
		expect(parseArgs(['--processing-errors-500', '--gateway-403', '--no-site-filters'])).toEqual({
			processingErrors500: true,
			gateway403: true,
			siteFilters: [],
		});
		expect(() => parseArgs(['--profile', 'strict'])).toThrow(/default or realistic/);
		expect(() => parseArgs(['--page-links', 'some'])).toThrow(/full, self, none or capped-self/);
		expect(() => parseArgs(['--site-filter', '{nope'])).toThrow(/needs JSON/);
	});

	it('--profile realistic --control-port 0: prints the control URL, which another process can drive', async () => {
		child = spawn(
			'npx',
			['ts-node', '--transpile-only', 'emulator/cli.ts', '--users', '20', '--profile', 'realistic', '--control-port', '0', '--login-fault-rate', '0'],
			{ cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		const out = await waitForOutput(child, /other seeded users/, 30000);
		expect(out).toContain('profile: realistic');
		const url = /listening on (\S+)/.exec(out)![1];
		const controlUrl = /control endpoint: (http:\/\/127\.0\.0\.1:\d+)/.exec(out)![1];
		const ctl = client(controlUrl);
		expect((await ctl.get('/options')).data).toMatchObject({ processingErrors500: true, gateway403: true, loginFaultRate: 0 });
		const http = client(url);
		const login = await http.post('/api/jwt/login', 'username=Demo&password=demo', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(login.status).toBe(200);
		await ctl.post('/tokens/expire');
		const refused = await http.get(`${V1}/entry/User?limit=1`, { headers: { Authorization: `AR-JWT ${login.data}` } });
		expect(refused.status).toBe(403);
		expect((await ctl.get('/counters')).data).toMatchObject({ logins: 1, byRoute: { 'POST /jwt/login': 1, 'GET /entry/User': 1 } });
	}, 40000);
});
