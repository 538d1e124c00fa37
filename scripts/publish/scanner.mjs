/**
 * The two legs of n8n's community package scanner (`@n8n/scan-community-package`), run on this
 * checkout and on its `npm pack` tarball instead of on a published version.
 *
 * The published scanner first checks the npm provenance statement on the registry, downloads the
 * source at the attested commit (a GitHub tarball: the files git tracks) and the package tarball,
 * then lints both with the same ESLint setup:
 *   source leg  package.json + {nodes,credentials}/**\/*.{js,ts,json} of the attested checkout
 *   dist leg    **\/*.js + package.json of the tarball
 * Here the same exported analysis (`analyzePackage`, `findPackageRoot`, `SOURCE_FILE_PATTERNS`)
 * runs on a snapshot of the files git would commit and on the packed tarball, so a violation fails
 * CI before it fails publishing. Only the provenance step is left to the real publish (it needs
 * the registry's record of a published version).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** What the dist leg of the scanner lints (see analyzePackageByName in the scanner). */
export const DIST_FILE_PATTERNS = ['**/*.js', 'package.json'];

/** The scanner loads ESLint and its plugins: only when a leg runs. */
async function scanner() {
	return await import('@n8n/scan-community-package/scanner/scanner.mjs');
}

/**
 * Copies what the scanner would download for this commit into `dest`: the files git tracks plus
 * new files it does not ignore (so uncommitted work is checked too), as they are on disk.
 */
export function sourceSnapshot(repoDir, dest) {
	const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
		cwd: repoDir,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	if (listed.status !== 0) {
		throw new Error(`git ls-files failed in ${repoDir} (the source leg needs a git checkout): ${listed.stderr.trim()}`);
	}
	let copied = 0;
	for (const file of listed.stdout.split('\0').filter(Boolean)) {
		const from = path.join(repoDir, file);
		const stat = fs.lstatSync(from, { throwIfNoEntry: false });
		if (!stat?.isFile()) continue; // deleted in the working tree, or a symlink / submodule
		const to = path.join(dest, file);
		fs.mkdirSync(path.dirname(to), { recursive: true });
		fs.copyFileSync(from, to);
		copied += 1;
	}
	return copied;
}

/** A leg's verdict; "no files found" is a failure here, since it means the leg checked nothing. */
function verdict(result, what) {
	if (result.message === 'No files found to analyze') {
		return { passed: false, message: `the scanner found no files to analyze in ${what}` };
	}
	return { passed: result.passed, message: result.message, details: result.details };
}

/** Source leg: the package root inside the snapshot, linted with the scanner's source patterns. */
export async function scanSource(snapshotDir, packageName) {
	const { analyzePackage, findPackageRoot, SOURCE_FILE_PATTERNS } = await scanner();
	const root = findPackageRoot(snapshotDir, packageName);
	if (!root) return { passed: false, message: `no package.json named ${packageName} in the source snapshot` };
	return { ...verdict(await analyzePackage(root, SOURCE_FILE_PATTERNS), 'the source'), root };
}

/** Dist leg: the unpacked tarball, linted as the scanner lints a downloaded package. */
export async function scanDist(packageDir) {
	const { analyzePackage } = await scanner();
	return verdict(await analyzePackage(packageDir, DIST_FILE_PATTERNS), 'the tarball');
}
