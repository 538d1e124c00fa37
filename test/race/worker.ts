/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * A race writer in its own OS process, as a queue-mode worker would be: its own n8n-core engine
 * and credential store, the same emulator. Protocol over stdin / stdout (one JSON line each):
 * the parent sends the config, the worker answers {"ready":true} once n8n is loaded, waits for
 * "go" so every worker starts together, and ends with {"reports": WriterReport[]}.
 */
import '../harness/env';

import { createInterface } from 'node:readline';

import { createEnvironment } from '../harness/n8n';
import type { GroupInfo, Operation } from './plan';
import type { WriterKind } from './writer';
import { runWriter } from './writer';

interface WorkerConfig {
	emulatorUrl: string;
	controlUrl: string;
	username: string;
	password: string;
	/** One writer per list: kinds[i] runs plans[i]; the writers of one process run concurrently. */
	kinds: WriterKind[];
	plans: Operation[][];
	groups: GroupInfo[];
}

async function main(): Promise<void> {
	const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
	const first = await lines.next();
	const config = JSON.parse(String(first.value)) as WorkerConfig;
	const env = await createEnvironment({
		baseUrl: config.emulatorUrl,
		username: config.username,
		password: config.password,
		authString: '',
		ignoreSslIssues: false,
	});
	const readList = async (userId: string) => {
		const response = await fetch(`${config.controlUrl}/entries/User/${encodeURIComponent(userId)}`);
		if (!response.ok) throw new Error(`control read of ${userId}: HTTP ${response.status}`);
		const body = (await response.json()) as { values: Record<string, unknown> };
		return body.values['Group List'];
	};
	console.log(JSON.stringify({ ready: true }));
	const go = await lines.next();
	if (String(go.value).trim() !== 'go') throw new Error(`expected "go", got ${String(go.value)}`);
	const reports = await Promise.all(
		config.plans.map(async (operations, i) => await runWriter(env, config.kinds[i], operations, config.groups, readList)),
	);
	console.log(JSON.stringify({ reports }));
	process.exit(0);
}

main().catch((error) => {
	console.error(error instanceof Error ? error.stack : String(error));
	process.exit(1);
});
