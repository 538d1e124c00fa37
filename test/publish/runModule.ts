/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
/**
 * The release and publish scripts are ES modules and Jest here runs CommonJS: a test runs a
 * snippet that imports them in a Node child process and prints one JSON value.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const REPO = path.resolve(__dirname, '..', '..');

/** Runs an ES module snippet in the repository; returns the JSON value of its last output line. */
export function runModule<T>(code: string): T {
	const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
		cwd: REPO,
		encoding: 'utf8',
		maxBuffer: 16 * 1024 * 1024,
	});
	if (result.status !== 0) throw new Error(`node exited ${result.status}:\n${result.stderr}`);
	const lines = result.stdout.trim().split('\n');
	return JSON.parse(lines[lines.length - 1]) as T;
}

/** A file URL literal for `import … from` in a snippet. */
export const moduleUrl = (relative: string) => JSON.stringify(`file://${path.join(REPO, relative)}`);
