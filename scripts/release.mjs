#!/usr/bin/env node
/**
 * `npm run release`: the two halves of a release (README: Releasing).
 *
 * On your machine: `npm run release -- <patch|minor|major|X.Y.Z[-rc.N]> [--push]`
 *   1. Refuses unless on main with a clean working tree and a CHANGELOG.md Unreleased section that
 *      lists changes, and unless the tag is new.
 *   2. Runs the gates: `npm run lint`, `npm run build`, `npm run test:publish -- --no-build`.
 *   3. Sets the version in package.json and package-lock.json, moves the Unreleased entries of
 *      CHANGELOG.md under the version, commits "Release X.Y.Z" and tags vX.Y.Z.
 *   4. With --push, pushes main and the tag together; otherwise prints the command. The tag push
 *      starts .github/workflows/publish.yml. Nothing is published from your machine: npm
 *      provenance, which n8n requires, can only be made by the workflow.
 *
 * In the publish workflow: `npm run release -- --ci`
 *   Checks the tag is v<package.json version> and CHANGELOG.md has that version's section, builds,
 *   runs `npm run test:publish -- --no-build`, then `npm publish --provenance --access public`
 *   (prereleases under the dist-tag `next`). Authentication is npm trusted publishing (OIDC,
 *   npm >= 11.5.1) or, as a fallback, the NPM_TOKEN secret the workflow writes to npm's config.
 *   `--dry-run` ends with `npm publish --dry-run` instead.
 *
 * package.json's `prepublishOnly` (n8n-node prerelease) stops a plain `npm publish` that does not
 * come from here.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	ReleaseError,
	cutRelease,
	isPrerelease,
	latestReleased,
	nextVersion,
	releaseNotes,
	repositoryUrl,
	tagOf,
} from './release/changelog.mjs';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHANGELOG = path.join(REPO_DIR, 'CHANGELOG.md');
const RELEASE_BRANCH = 'main';
/** The first npm CLI that does trusted publishing (OIDC token exchange). */
const TRUSTED_PUBLISHING_NPM = [11, 5, 1];

const log = (line) => console.log(line);

function readPackage() {
	return JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
}

/** Runs a command with its output shown; throws a ReleaseError naming it on failure. */
function run(cmd, args, { env, capture = false } = {}) {
	if (!capture) log(`$ ${cmd} ${args.join(' ')}`);
	const result = spawnSync(cmd, args, {
		cwd: REPO_DIR,
		stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit',
		encoding: 'utf8',
		env: { ...process.env, ...env },
	});
	if (result.status !== 0) {
		throw new ReleaseError(`${cmd} ${args.join(' ')} failed (exit ${result.status ?? result.signal})${capture ? `: ${result.stderr.trim()}` : ''}`);
	}
	return capture ? result.stdout.trim() : '';
}

const git = (...args) => run('git', args, { capture: true });

function gates() {
	run('npm', ['run', 'lint']);
	run('npm', ['run', 'build']);
	run('npm', ['run', 'test:publish', '--', '--no-build']);
}

function compareVersions(a, b) {
	for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
	return 0;
}

function prepare(spec, { push }) {
	const pkg = readPackage();
	const version = nextVersion(pkg.version, spec);
	const tag = tagOf(version);
	const branch = git('rev-parse', '--abbrev-ref', 'HEAD');
	if (branch !== RELEASE_BRANCH) throw new ReleaseError(`releases are made from ${RELEASE_BRANCH}; this is ${branch}`);
	const dirty = git('status', '--porcelain');
	if (dirty) throw new ReleaseError(`the working tree has uncommitted changes; commit or stash them first:\n${dirty}`);

	if (git('tag', '--list', tag)) throw new ReleaseError(`the tag ${tag} exists already`);
	const today = new Date().toISOString().slice(0, 10);
	const changelog = cutRelease(fs.readFileSync(CHANGELOG, 'utf8'), {
		version,
		date: today,
		repoUrl: repositoryUrl(pkg),
		previousVersion: latestReleased(fs.readFileSync(CHANGELOG, 'utf8')),
	});

	log(`Releasing ${pkg.name} ${version} (from ${pkg.version}); checks first.`);
	gates();

	run('npm', ['version', version, '--no-git-tag-version', '--allow-same-version']);
	fs.writeFileSync(CHANGELOG, changelog);
	run('git', ['add', 'package.json', 'package-lock.json', 'CHANGELOG.md']);
	run('git', ['commit', '-m', `Release ${version}`]);
	run('git', ['tag', '-a', tag, '-m', `${pkg.name} ${version}`]);
	const pushArgs = ['push', '--atomic', 'origin', RELEASE_BRANCH, tag];
	if (push) run('git', pushArgs);
	else log(`Tagged ${tag}. Push it to publish through GitHub Actions:\n  git ${pushArgs.join(' ')}`);
}

function publish({ dryRun }) {
	const pkg = readPackage();
	const tag = tagOf(pkg.version);
	if (process.env.GITHUB_ACTIONS !== 'true') {
		throw new ReleaseError(
			'--ci publishes, and only the GitHub Actions publish workflow can: npm provenance (required by n8n) is signed there. ' +
				`Run \`npm run release -- <patch|minor|major|X.Y.Z>\` here and push the tag.`,
		);
	}
	if (process.env.GITHUB_REF_TYPE !== 'tag' || process.env.GITHUB_REF_NAME !== tag) {
		throw new ReleaseError(`the workflow runs for ${process.env.GITHUB_REF_TYPE ?? '?'} "${process.env.GITHUB_REF_NAME ?? '?'}", but package.json says ${pkg.version}: the tag must be ${tag}`);
	}
	const notes = releaseNotes(fs.readFileSync(CHANGELOG, 'utf8'), pkg.version);
	if (!notes) throw new ReleaseError(`CHANGELOG.md has no "## [${pkg.version}]" section with its changes`);

	const npmVersion = run('npm', ['--version'], { capture: true });
	const tokenFallback = Boolean(process.env.NPM_TOKEN); // only whether it is set, never its value
	const tooOld = compareVersions(npmVersion.split('.').map(Number), TRUSTED_PUBLISHING_NPM) < 0;
	if (tooOld && !tokenFallback) {
		throw new ReleaseError(
			`npm ${npmVersion} cannot do trusted publishing (needs ${TRUSTED_PUBLISHING_NPM.join('.')} or later): use Node 24 in the workflow, or set the NPM_TOKEN secret`,
		);
	}
	log(`Publishing ${pkg.name} ${pkg.version} with provenance (${tokenFallback ? 'NPM_TOKEN' : 'trusted publishing'}); npm ${npmVersion}.`);
	run('npm', ['run', 'build']);
	run('npm', ['run', 'test:publish', '--', '--no-build']);
	const args = ['publish', '--provenance', '--access', 'public', '--tag', isPrerelease(pkg.version) ? 'next' : 'latest'];
	if (dryRun) args.push('--dry-run');
	run('npm', args, { env: { RELEASE_MODE: 'true' } });
}

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const positional = args.filter((a) => !a.startsWith('--'));
const unknown = [...flags].filter((f) => !['--ci', '--push', '--dry-run'].includes(f));
try {
	if (unknown.length) throw new ReleaseError(`unknown option ${unknown.join(', ')}; options: --push, --ci, --dry-run`);
	if (flags.has('--ci')) {
		if (positional.length) throw new ReleaseError('--ci publishes the version in package.json; it takes no version');
		publish({ dryRun: flags.has('--dry-run') });
	} else {
		if (positional.length !== 1) throw new ReleaseError('usage: npm run release -- <patch|minor|major|X.Y.Z[-rc.N]> [--push]');
		prepare(positional[0], { push: flags.has('--push') });
	}
} catch (error) {
	if (!(error instanceof ReleaseError)) throw error;
	console.error(`release: ${error.message}`);
	process.exit(1);
}
