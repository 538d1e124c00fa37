/**
 * The rules `npm run release` applies (scripts/release/changelog.mjs): which version a bump gives,
 * how CHANGELOG.md is cut, and what it refuses. (The whole local flow, gates, commit, tag and
 * push, was run on a throwaway clone; see the publish helper's report.)
 */
import { moduleUrl, runModule } from './runModule';

const LIB = moduleUrl('scripts/release/changelog.mjs');

/** Calls one exported function with JSON arguments; returns { value } or { error }. */
function call<T>(name: string, ...args: unknown[]): { value?: T; error?: string } {
	return runModule(
		`import * as lib from ${LIB};
		let out;
		try { out = { value: lib[${JSON.stringify(name)}](...${JSON.stringify(args)}) }; }
		catch (error) { if (!(error instanceof lib.ReleaseError)) throw error; out = { error: error.message }; }
		console.log(JSON.stringify(out));`,
	);
}

describe('nextVersion', () => {
	it.each([
		['0.1.0', 'patch', '0.1.1'],
		['0.1.0', 'minor', '0.2.0'],
		['0.1.0', 'major', '1.0.0'],
		['1.9.9', 'minor', '1.10.0'],
		['1.2.0-rc.1', 'patch', '1.2.0'],
		['1.2.0-rc.1', 'minor', '1.2.0'],
		['1.2.0-rc.1', 'major', '2.0.0'],
		['2.0.0-rc.2', 'major', '2.0.0'],
		['0.1.0', '0.1.0', '0.1.0'],
		['0.1.0', 'v1.0.0', '1.0.0'],
		['1.0.0', '1.1.0-rc.1', '1.1.0-rc.1'],
	])('%s + %s = %s', (current, spec, expected) => {
		expect(call('nextVersion', current, spec)).toEqual({ value: expected });
	});

	it.each(['1.x', 'latest', '01.2.3', ''])('refuses "%s" and says what it takes', (spec) => {
		expect(call('nextVersion', '0.1.0', spec).error).toBe(
			`"${spec}" is not a release: give patch, minor, major or a version such as 1.2.0 or 1.2.0-rc.1`,
		);
	});

	it('refuses a package.json version that is not semantic', () => {
		expect(call('nextVersion', '1.0', 'patch').error).toBe('package.json version "1.0" is not a semantic version (X.Y.Z)');
	});

	it('tells prereleases (published under the dist-tag next) from releases', () => {
		expect(call('isPrerelease', '1.1.0-rc.1').value).toBe(true);
		expect(call('isPrerelease', '1.1.0').value).toBe(false);
	});
});

describe('repositoryUrl', () => {
	it.each([
		[{ repository: { type: 'git', url: 'git+https://github.com/acme/n8n-nodes-x.git' } }],
		[{ repository: 'git@github.com:acme/n8n-nodes-x.git' }],
		[{ repository: { url: 'https://github.com/acme/n8n-nodes-x' } }],
	])('reads the GitHub repository from %j', (pkg) => {
		expect(call('repositoryUrl', pkg).value).toBe('https://github.com/acme/n8n-nodes-x');
	});

	it('refuses a repository npm provenance cannot match', () => {
		expect(call('repositoryUrl', { repository: 'https://gitlab.com/acme/x' }).error).toBe(
			'package.json repository.url must point at the GitHub repository (npm provenance checks it)',
		);
	});
});

const REPO_URL = 'https://github.com/acme/n8n-nodes-x';
const HEADER = '# Changelog\n\nIntro text.\n\n';

describe('cutRelease', () => {
	it('moves the Unreleased entries under the first version and links its tag', () => {
		const before = `${HEADER}## [Unreleased]\n\n### Added\n\n- Everything.\n\n[Unreleased]: ${REPO_URL}/commits/main\n`;
		expect(call('cutRelease', before, { version: '0.1.0', date: '2026-12-07', repoUrl: REPO_URL }).value).toBe(
			`${HEADER}## [Unreleased]\n\n## [0.1.0] - 2026-12-07\n\n### Added\n\n- Everything.\n\n` +
				`[Unreleased]: ${REPO_URL}/compare/v0.1.0...HEAD\n` +
				`[0.1.0]: ${REPO_URL}/releases/tag/v0.1.0\n`,
		);
	});

	it('keeps older versions and their links, and compares with the previous tag', () => {
		const before =
			`${HEADER}## [Unreleased]\n\n### Fixed\n\n- A fix.\n\n## [0.1.0] - 2026-12-07\n\n- First.\n\n` +
			`[Unreleased]: ${REPO_URL}/compare/v0.1.0...HEAD\n[0.1.0]: ${REPO_URL}/releases/tag/v0.1.0\n`;
		const previous = call<string>('latestReleased', before).value;
		expect(previous).toBe('0.1.0');
		expect(call('cutRelease', before, { version: '0.1.1', date: '2027-01-02', repoUrl: REPO_URL, previousVersion: previous }).value).toBe(
			`${HEADER}## [Unreleased]\n\n## [0.1.1] - 2027-01-02\n\n### Fixed\n\n- A fix.\n\n## [0.1.0] - 2026-12-07\n\n- First.\n\n` +
				`[Unreleased]: ${REPO_URL}/compare/v0.1.1...HEAD\n` +
				`[0.1.1]: ${REPO_URL}/compare/v0.1.0...v0.1.1\n` +
				`[0.1.0]: ${REPO_URL}/releases/tag/v0.1.0\n`,
		);
	});

	it('refuses a release that lists no changes', () => {
		const before = `${HEADER}## [Unreleased]\n\n### Added\n\n## [0.1.0] - 2026-12-07\n\n- First.\n`;
		expect(call('cutRelease', before, { version: '0.2.0', date: '2027-01-02', repoUrl: REPO_URL }).error).toBe(
			'the "## [Unreleased]" section of CHANGELOG.md lists no changes: add what this release changes first',
		);
	});

	it('refuses a version that was released already, and a changelog without Unreleased', () => {
		const released = `${HEADER}## [Unreleased]\n\n- More.\n\n## [0.1.0] - 2026-12-07\n\n- First.\n`;
		expect(call('cutRelease', released, { version: '0.1.0', date: 'x', repoUrl: REPO_URL }).error).toBe(
			'CHANGELOG.md already has a section for 0.1.0',
		);
		expect(call('cutRelease', `${HEADER}- loose\n`, { version: '0.1.0', date: 'x', repoUrl: REPO_URL }).error).toBe(
			'CHANGELOG.md has no "## [Unreleased]" section',
		);
	});
});

describe('releaseNotes', () => {
	it('gives a released version\'s entries (what the publish workflow requires) and nothing for others', () => {
		const text = `${HEADER}## [Unreleased]\n\n## [0.1.1] - 2027-01-02\n\n- A fix.\n\n## [0.1.0] - 2026-12-07\n\n- First.\n\n[0.1.1]: ${REPO_URL}/x\n`;
		expect(call('releaseNotes', text, '0.1.1').value).toBe('- A fix.');
		expect(call('releaseNotes', text, '0.1.0').value).toBe('- First.');
		expect(call('releaseNotes', text, '0.2.0').value).toBeUndefined();
	});
});
