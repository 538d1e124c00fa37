/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** --tls: HTTPS with the committed self-signed fixture (checklist #22 realism switch). */
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { join } from 'node:path';

import { startEmulator } from '../../emulator';
import type { Emulator } from '../../emulator';
import { client, V1 } from './helpers';

describe('emulator TLS', () => {
	let emulator: Emulator;

	beforeAll(async () => {
		emulator = await startEmulator({ port: 0, users: 10, tls: true, httpForbidden: true });
	});
	afterAll(async () => {
		await emulator.stop();
	});

	it('#22 serves HTTPS with a self-signed certificate clients can pin', async () => {
		expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		const ca = readFileSync(join(__dirname, '..', '..', 'emulator', 'tls', 'cert.pem'));
		const http = client(emulator.url, { httpsAgent: new Agent({ ca }) });
		// Over HTTPS the HTTPS-only switch has nothing to refuse.
		const login = await http.post('/api/jwt/login', 'username=Demo&password=demo', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(login.status).toBe(200);
		const list = await http.get(`${V1}/entry/User?limit=1`, {
			headers: { Authorization: `AR-JWT ${login.data}` },
		});
		expect(list.status).toBe(200);
		expect(list.data.entries[0]._links.self[0].href).toMatch(
			/^https:\/\/127\.0\.0\.1:\d+\/api\/arsys\/v1\/entry\/User\//,
		);
		// Without the CA the certificate is rejected, as a strict client would.
		await expect(client(emulator.url).get('/api/about')).rejects.toThrow(
			/self[- ]signed|certificate/i,
		);
	});
});
