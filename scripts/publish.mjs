#!/usr/bin/env node
/**
 * `npm run test:publish`: is this checkout ready to publish, and do the install paths of the
 * README work with what would be published?
 *
 * 1. Builds the package (skip with --no-build) and packs it with `npm pack`.
 * 2. n8n's community package scanner, both legs, without the registry (scripts/publish/scanner.mjs):
 *    the source as git would commit it, and the tarball's .js files and package.json.
 * 3. No environment variables and no file access in node and credential code: every code file
 *    under nodes/ and credentials/ and every .js file of the tarball (scripts/publish/env-file-access.mjs).
 * 4. The tarball's contents: the files the `n8n` block names, LICENSE, nothing but dist/ and the
 *    package's documents.
 * 5. The tarball installed into the `.n8n/nodes` folder of a fresh n8n user folder, and unpacked
 *    into an N8N_CUSTOM_EXTENSIONS folder of another; for each, the cached n8n lists the node types
 *    and executes a workflow through the installed node against the AR emulator
 *    (scripts/publish/install.mjs).
 *
 * Prints one line per check and, as its last line,
 *   {"publish":{"scanner_source":true,"scanner_dist":true,"env_file_access":0,"tarball_install":true}}
 * where env_file_access counts the findings of step 3 (-1: not checked) and tarball_install holds
 * when step 4 and both installs of step 5 pass.
 * Exit code 1 when any of them fails. Options: --no-build, --keep (keep the temporary folder),
 * --verbose (scanner details and findings in full).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	N8N_VERSION,
	NODE_TYPES,
	PACKAGE_NAME,
	REPO_DIR,
	buildPackage,
	ensureN8n,
	formatDuration,
	freePort,
} from './n8n-runtime.mjs';
import { createRun, parseOptions } from './harness.mjs';
import { requireTs } from './queue-emulator.mjs';
import { codeFilesUnder, findEnvFileAccess, formatFinding } from './publish/env-file-access.mjs';
import {
	checkInstalled,
	declaredNodeNames,
	installAsCustomExtension,
	installIntoNodesFolder,
} from './publish/install.mjs';
import { scanDist, scanSource, sourceSnapshot } from './publish/scanner.mjs';
import { extractTarball, packTarball } from './publish/tarball.mjs';

const options = parseOptions();
const indent = (text, limit = options.verbose ? Infinity : 40) => {
	const lines = String(text).trimEnd().split('\n');
	const shown = lines.slice(0, limit).map((line) => `      ${line}`);
	if (lines.length > limit) shown.push(`      … ${lines.length - limit} more lines (--verbose shows all)`);
	return shown.join('\n');
};

/**
 * Runs one check and prints ✓/✗ with its time and details; resolves with { ok, value }, never
 * rejects. Each check counts in the tier's N passed / N failed.
 */
async function step(name, fn) {
	const t = Date.now();
	let result;
	try {
		const { ok, value, detail } = await fn();
		log(`  ${ok ? '✓' : '✗'} ${name} (${formatDuration(Date.now() - t)})${detail ? `\n${indent(detail)}` : ''}`);
		result = { ok, value };
	} catch (error) {
		log(`  ✗ ${name} (${formatDuration(Date.now() - t)})\n${indent(options.verbose ? error.stack : error.message)}`);
		result = { ok: false };
	}
	tier.record({ name, ok: result.ok });
	return result;
}

const PACKAGE_DOCUMENTS = new Set(['package.json', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md']);

/** Problems with what the tarball ships (npm's own file list of the pack). */
function tarballContentProblems(files, packageJson) {
	const problems = [];
	const shipped = new Set(files);
	for (const file of [...packageJson.n8n.nodes, ...packageJson.n8n.credentials]) {
		if (!shipped.has(file)) problems.push(`${file} is named in the n8n block of package.json but not in the tarball`);
	}
	if (!shipped.has('LICENSE') && !shipped.has('LICENSE.md')) problems.push('no LICENSE file in the tarball');
	for (const file of files) {
		if (!file.startsWith('dist/') && !PACKAGE_DOCUMENTS.has(file)) problems.push(`${file} is shipped but is neither built code nor a package document`);
	}
	for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
		if (Object.keys(packageJson[field] ?? {}).length) problems.push(`package.json has ${field}: community nodes must have no runtime dependencies`);
	}
	if (packageJson.license !== 'MIT') problems.push(`package.json license is ${packageJson.license}, expected MIT`);
	return problems;
}

/** The result line; a check that never ran (a crash before it) stays false / -1. */
const summary = { scanner_source: false, scanner_dist: false, env_file_access: -1, tarball_install: false };
let emulator;
let workDir;
const tier = createRun('test:publish', options, { summary: () => JSON.stringify({ publish: summary }) });
const { log, started } = tier;
tier.onCleanup(async () => {
	await emulator?.stop().catch(() => {});
	if (workDir && !options.keep) fs.rmSync(workDir, { recursive: true, force: true });
});

async function main() {
	log(`test:publish: ${PACKAGE_NAME} checked as it would be published, installed into n8n ${N8N_VERSION}`);
	if (options.build) await buildPackage({ log });
	const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-ar-system-publish-'));
	if (options.keep) log(`  (working folder ${workDir})`);

	const source = await step('scanner, source leg: package.json and nodes/, credentials/ as git would commit them', async () => {
		const snapshot = path.join(workDir, 'source');
		const copied = sourceSnapshot(REPO_DIR, snapshot);
		const result = await scanSource(snapshot, PACKAGE_NAME);
		return { ok: result.passed, detail: result.passed ? `${copied} files in the snapshot` : `${result.message}\n${result.details ?? ''}` };
	});
	summary.scanner_source = source.ok;

	const pack = await packTarball(REPO_DIR, workDir);
	const unpacked = await extractTarball(pack.tarball, path.join(workDir, 'package'));
	log(`  packed ${path.basename(pack.tarball)}: ${pack.files.length} files, ${Math.round(pack.size / 1024)} kB`);

	const dist = await step('scanner, dist leg: the tarball\'s .js files and package.json', async () => {
		const result = await scanDist(unpacked);
		return { ok: result.passed, detail: result.passed ? '' : `${result.message}\n${result.details ?? ''}` };
	});
	summary.scanner_dist = dist.ok;

	const access = await step('no environment variables, no file access: nodes/, credentials/ and the tarball\'s .js', async () => {
		const sourceFiles = codeFilesUnder(REPO_DIR, ['nodes', 'credentials']);
		const shippedFiles = codeFilesUnder(unpacked, ['.']);
		const findings = [
			...findEnvFileAccess(REPO_DIR, sourceFiles),
			...findEnvFileAccess(unpacked, shippedFiles).map((f) => ({ ...f, file: `<tarball>/${f.file}` })),
		];
		if (sourceFiles.length === 0 || shippedFiles.length === 0) {
			throw new Error(`nothing to check: ${sourceFiles.length} source files, ${shippedFiles.length} shipped .js files`);
		}
		return {
			ok: findings.length === 0,
			value: findings.length,
			detail: findings.length ? findings.map(formatFinding).join('\n') : `${sourceFiles.length} source files, ${shippedFiles.length} shipped files`,
		};
	});
	summary.env_file_access = access.value ?? -1;

	const contents = await step('tarball contents: the n8n block\'s files, LICENSE, no runtime dependencies, MIT', async () => {
		const problems = tarballContentProblems(pack.files, packageJson);
		return { ok: problems.length === 0, detail: problems.join('\n') };
	});

	const rt = await ensureN8n({ log });
	const { startEmulator } = requireTs('emulator/index.ts');
	emulator = await startEmulator({ port: 0, users: 20 });
	const expectedNames = declaredNodeNames(packageJson);
	for (const type of Object.values(NODE_TYPES)) {
		if (!expectedNames.includes(type.slice(PACKAGE_NAME.length + 1))) throw new Error(`${type} is not declared in package.json`);
	}
	const brokerPort = await freePort();
	const env = { N8N_RUNNERS_BROKER_PORT: String(brokerPort) };
	const tryInstall = async (label, install) =>
		step(label, async () => {
			const userFolder = fs.mkdtempSync(path.join(workDir, 'user-'));
			const installed = await install(userFolder);
			const { types } = await checkInstalled({ rt, userFolder, install: installed, expectedNames, emulatorUrl: emulator.url, env });
			return { ok: true, detail: `node types: ${types.join(', ')}; user Demo read through ${installed.prefix}.arSystem` };
		});

	const nodesFolder = await tryInstall(
		'install: `npm install --legacy-peer-deps <tarball>` in ~/.n8n/nodes of a fresh user folder',
		(userFolder) => installIntoNodesFolder(pack.tarball, userFolder),
	);
	const custom = await tryInstall('install: tarball unpacked into an N8N_CUSTOM_EXTENSIONS folder', (userFolder) =>
		installAsCustomExtension(pack.tarball, path.join(userFolder, 'custom-extensions', PACKAGE_NAME)),
	);

	summary.tarball_install = contents.ok && nodesFolder.ok && custom.ok;
}

await tier.main(async () => {
	await main();
	const ok = summary.scanner_source && summary.scanner_dist && summary.env_file_access === 0 && summary.tarball_install;
	log(`${ok ? 'ready to publish' : 'NOT ready to publish'}`);
});
