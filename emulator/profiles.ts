/**
 * Emulator profiles: named sets of defaults. 'default' is the emulator as it always was;
 * 'realistic' is a server that behaves like real AR deployments (issue 9, emulator list). A
 * profile only supplies defaults, so every behaviour stays its own switch. Owners of other
 * realism switches (DB flavours, data variants) add their keys to REALISTIC_PROFILE.
 */
import type { EmulatorOptions, ProfileName } from './options';
import type { SiteFilter } from './siteFilters';

/**
 * The realistic profile's site filter: ITSM-style validation that a ticket cannot be resolved
 * without a resolution (the rule is an ASSUMPTION modelled on ITSM's Resolved-status checks; the
 * number and text are the site's own, as workflow messages are).
 */
export const RESOLUTION_FILTER: SiteFilter = {
	form: 'HPD:Help Desk',
	on: ['create', 'modify'],
	qualification: `'Status' = "Resolved" AND 'Resolution' = $NULL$`,
	messageNumber: 10001,
	message: 'Enter a Resolution before you set the incident to Resolved.',
};

/**
 * The realistic profile's normalising filter (a Set Fields action): the Data Types form's Code
 * Field is trimmed and upper-cased on every create and modify, so what reads back differs from
 * what was sent. ASSUMPTION, modelled on sites' Set Fields filters for codes and login IDs.
 */
export const CODE_NORMALISER: SiteFilter = {
	form: 'AR System Emulator:Data Types',
	on: ['create', 'modify'],
	normalise: { fields: ['Code Field'], rules: ['trim', 'upper'] },
};

export const REALISTIC_PROFILE: EmulatorOptions = {
	processingErrors500: true,
	siteFilters: [CODE_NORMALISER, RESOLUTION_FILTER],
	afterCommitFaultRate: 0.02,
	loginFaultRate: 0.02,
	commitDelayMinMs: 0,
	commitDelayMs: 1500,
	proxyDateSkewSeconds: 3600,
	gateway403: true,
	maxEntries: 100,
	pageLinks: 'capped-self',
	// DB flavours and data variants (see emulator/README.md): the worst case for a client.
	caseInsensitive: true,
	oracleLike: true,
	dataVariants: true,
	caseVariants: true,
	duplicateSupportGroupNames: true,
	// Recorded answers of real servers (reference §6a).
	rebuiltLinks: true,
	encodedJoinIds: true,
	numMatchesNull: true,
};

export const PROFILES: Record<ProfileName, EmulatorOptions> = {
	default: {},
	realistic: REALISTIC_PROFILE,
};

/** The profile's defaults under the given options (given keys win, undefined counts as absent). */
export function withProfile(options: EmulatorOptions): EmulatorOptions {
	const profile = options.profile ?? 'default';
	if (!(profile in PROFILES)) {
		throw new Error(`Unknown profile "${String(profile)}"; use ${Object.keys(PROFILES).join(' or ')}`);
	}
	const merged: Record<string, unknown> = { ...PROFILES[profile] };
	for (const [key, value] of Object.entries(options)) if (value !== undefined) merged[key] = value;
	return merged as EmulatorOptions;
}
