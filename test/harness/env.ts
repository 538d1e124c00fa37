/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Imported before n8n-core: InstanceSettings reads these when first constructed, and without a
// throwaway user folder it would write ~/.n8n/config on the developer's machine.
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'ar-system-n8n-'));
}
process.env.N8N_ENCRYPTION_KEY ??= 'ar-system-tests';
// n8n logs every node error through winston; the tests assert on errors themselves.
process.env.N8N_LOG_LEVEL ??= 'silent';
