/**
 * The package tarball as npm publishes it: `npm pack` of the repository, and unpacking it the way
 * n8n's community package installer and the scanner do (tar, leading `package/` folder dropped).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import { toolEnv } from '../n8n-runtime.mjs';

/** Runs a command with its output captured; resolves with stdout, rejects with the end of stderr. */
export function runQuiet(cmd, args, options) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve(stdout) : reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-2000)}`)),
		);
	});
}

/**
 * `npm pack` of the repository into `destDir` (what `npm publish` would upload); returns the
 * tarball's path and its file list as npm reports them.
 */
export async function packTarball(repoDir, destDir) {
	const out = await runQuiet('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: repoDir,
		env: toolEnv(undefined),
	});
	const [info] = JSON.parse(out.slice(out.indexOf('[')));
	return { tarball: path.join(destDir, info.filename), files: info.files.map((f) => f.path), size: info.size };
}

/** Unpacks a package tarball into `dir` without its leading `package/` folder (as n8n does). */
export async function extractTarball(tarball, dir) {
	fs.mkdirSync(dir, { recursive: true });
	await runQuiet('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1'], {});
	return dir;
}
