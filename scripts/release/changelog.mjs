/**
 * Versions and CHANGELOG.md for `npm run release` (scripts/release.mjs). Pure functions over text,
 * so the rules are tested without git or npm (test/publish/release.test.ts).
 *
 * CHANGELOG.md follows Keep a Changelog: an `## [Unreleased]` section collects entries as they
 * land; a release renames its content to `## [X.Y.Z] - YYYY-MM-DD`, leaves an empty Unreleased
 * section above it and keeps the compare links at the bottom in step.
 */

const VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;
const BUMPS = ['patch', 'minor', 'major'];
const UNRELEASED = /^## \[Unreleased\][^\n]*\n/m;
const ANY_SECTION = /^## \[/m;
const LINK_LINE = /^\[[^\]]+\]: \S+\s*$/;

export class ReleaseError extends Error {}

/** Whether a version is a prerelease (1.2.0-rc.1): published under the npm dist-tag `next`. */
export function isPrerelease(version) {
	return VERSION.exec(version)?.[4] !== undefined;
}

/**
 * The version a release spec gives: `patch`, `minor`, `major`, or an exact version (for a first
 * release, a prerelease, or to release the version package.json already has).
 */
export function nextVersion(current, spec) {
	const parsed = VERSION.exec(current);
	if (!parsed) throw new ReleaseError(`package.json version "${current}" is not a semantic version (X.Y.Z)`);
	if (BUMPS.includes(spec)) {
		let [major, minor, patch] = parsed.slice(1, 4).map(Number);
		const pre = parsed[4] !== undefined;
		if (spec === 'major') [major, minor, patch] = pre && minor === 0 && patch === 0 ? [major, 0, 0] : [major + 1, 0, 0];
		else if (spec === 'minor') [minor, patch] = pre && patch === 0 ? [minor, 0] : [minor + 1, 0];
		else if (!pre) patch += 1;
		return `${major}.${minor}.${patch}`;
	}
	const exact = String(spec ?? '').replace(/^v/, '');
	if (!VERSION.test(exact)) {
		throw new ReleaseError(
			`"${spec ?? ''}" is not a release: give patch, minor, major or a version such as 1.2.0 or 1.2.0-rc.1`,
		);
	}
	return exact;
}

/** The git tag of a version (the publish workflow runs on tags `v*.*.*`). */
export const tagOf = (version) => `v${version}`;

/** `https://github.com/owner/repo` from package.json's repository field. */
export function repositoryUrl(packageJson) {
	const raw = typeof packageJson.repository === 'string' ? packageJson.repository : packageJson.repository?.url;
	const match = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?$/.exec(String(raw ?? ''));
	if (!match) throw new ReleaseError('package.json repository.url must point at the GitHub repository (npm provenance checks it)');
	return `https://github.com/${match[1]}/${match[2]}`;
}

/** Splits the changelog into the text before the link references and the reference lines. */
function splitLinks(text) {
	const lines = text.replace(/\s+$/, '').split('\n');
	let start = lines.length;
	while (start > 0 && (LINK_LINE.test(lines[start - 1]) || lines[start - 1].trim() === '')) start -= 1;
	const links = lines.slice(start).filter((line) => LINK_LINE.test(line));
	return { body: lines.slice(0, start).join('\n'), links };
}

/** The entries of a section: its text up to the next `## [` heading, trimmed. */
function sectionBody(text, headingMatch) {
	const rest = text.slice(headingMatch.index + headingMatch[0].length);
	const next = ANY_SECTION.exec(rest);
	return (next ? rest.slice(0, next.index) : rest).trim();
}

/** The notes of a released version, or undefined when CHANGELOG.md has no such section. */
export function releaseNotes(text, version) {
	const { body } = splitLinks(text);
	const heading = new RegExp(`^## \\[${version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\][^\n]*\n`, 'm').exec(body);
	return heading ? sectionBody(body, heading) : undefined;
}

/**
 * CHANGELOG.md with the Unreleased entries moved under `## [version] - date` and the compare links
 * updated. Refuses an empty Unreleased section (a release says what changed) and a version that
 * already has a section.
 */
export function cutRelease(text, { version, date, repoUrl, previousVersion }) {
	const { body, links } = splitLinks(text);
	const unreleased = UNRELEASED.exec(body);
	if (!unreleased) throw new ReleaseError('CHANGELOG.md has no "## [Unreleased]" section');
	if (releaseNotes(text, version) !== undefined) throw new ReleaseError(`CHANGELOG.md already has a section for ${version}`);
	const entries = sectionBody(body, unreleased);
	if (!/^\s*[-*] \S/m.test(entries)) {
		throw new ReleaseError('the "## [Unreleased]" section of CHANGELOG.md lists no changes: add what this release changes first');
	}
	const before = body.slice(0, unreleased.index);
	const after = body.slice(unreleased.index + unreleased[0].length).replace(/^\s*/, '');
	const rest = after.slice(after.indexOf(entries) + entries.length).replace(/^\s*/, '');
	const released = `## [Unreleased]\n\n## [${version}] - ${date}\n\n${entries}\n${rest ? `\n${rest}\n` : ''}`;

	const tag = tagOf(version);
	const newLinks = [
		`[Unreleased]: ${repoUrl}/compare/${tag}...HEAD`,
		`[${version}]: ${previousVersion ? `${repoUrl}/compare/${tagOf(previousVersion)}...${tag}` : `${repoUrl}/releases/tag/${tag}`}`,
		...links.filter((line) => !line.startsWith('[Unreleased]:')),
	];
	return `${before}${released}\n${newLinks.join('\n')}\n`;
}

/** The newest released version in CHANGELOG.md (for the compare link), or undefined. */
export function latestReleased(text) {
	const match = /^## \[(\d[^\]]*)\]/m.exec(text);
	return match?.[1];
}
