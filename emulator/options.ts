/** Emulator switches, shared by the programmatic API and the CLI. */
import { ArErrorNumber } from './errors';
import { DEFAULT_USER_STATUS_LABELS } from './forms';
import type { SiteFilter } from './siteFilters';

export type ProfileName = 'default' | 'realistic';

/**
 * Which links a list page carries. 'full': self, plus next / prev where they apply. 'self': only
 * self. 'none': no top-level `_links` at all. 'capped-self': like 'full', except that a page cut
 * short by the server cap (maxEntries) below the client's limit carries only self.
 */
export type PageLinks = 'full' | 'self' | 'none' | 'capped-self';

export interface EmulatorOptions {
	/**
	 * 'default' (today's behaviour) or 'realistic' (issue 9: processing errors as 500, a site
	 * filter, faults after commit, commit delay, a proxy's Date and 403 pages, self-only links on
	 * capped pages, transient login failures). A profile only sets defaults: every switch below
	 * still wins when given.
	 */
	profile?: ProfileName;
	/** Interface to listen on; default 127.0.0.1. */
	host?: string;
	/** 0 (default) = a random free port. */
	port?: number;
	/** Total seeded User entries, Demo and appuser included; default 200. */
	users?: number;
	/** Seed of the PRNG behind the seed data and the random faults; default 1. */
	seed?: number;
	/** Token lifetime in seconds; default 3600. */
	tokenTtl?: number;
	/** Server-side page cap: a page never holds more entries, whatever `limit` asks. */
	maxEntries?: number;
	/** Delay before every response, in milliseconds. */
	latencyMs?: number;
	/** Share (0..1) of /api/arsys requests answered with a 500 or a connection reset. */
	faultRate?: number;
	/** Serve HTTPS with the committed self-signed fixture in emulator/tls/. */
	tls?: boolean;
	/** false = never send `next` / `prev` links (default true). Alias of pageLinks 'full' / 'none'. */
	nextLinks?: boolean;
	/** Links of list pages (see PageLinks); overrides nextLinks when given. */
	pageLinks?: PageLinks;
	/** Processing errors (bad value, unknown field, bad qualification, no access, filters) → 500. */
	processingErrors500?: boolean;
	/** Site validation filters that reject some writes with a 10000-range message. */
	siteFilters?: SiteFilter[];
	/** Share (0..1) of committed writes followed by a reset or a proxy 502 / 504 page. */
	afterCommitFaultRate?: number;
	/** Share (0..1) of logins failing before AR sees them: reset, proxy 502 or 503. */
	loginFaultRate?: number;
	/**
	 * Commit delay of entry writes, in ms (upper bound): Modified Date is stamped when the write
	 * starts, the entry becomes visible and the response is sent when it commits. 0 = immediate.
	 */
	commitDelayMs?: number;
	/** Lower bound of the commit delay (default 0); each write draws from [min, max] (seeded). */
	commitDelayMinMs?: number;
	/**
	 * A proxy in front sets `Date` from its own clock: the AR clock plus this skew (seconds).
	 * undefined = Date from the AR clock (as Jetty does with no proxy). noDateHeader still strips it.
	 */
	proxyDateSkewSeconds?: number;
	/** A gateway answers a missing / expired / invalid token with a 403 HTML page instead of 401. */
	gateway403?: boolean;
	/** CLI / startEmulator: also serve the control endpoint on 127.0.0.1 at this port (0 = free). */
	controlPort?: number;
	/** 401s on data calls come as a Remedy SSO HTML login page. */
	rsso?: boolean;
	/** Create answers 201 + Location with an empty body even when `fields` was asked (25.2+). */
	emptyCreateBody?: boolean;
	/** HTTPS-only server seen over plain HTTP: 403 for everything but /api/about and /api/version. */
	httpForbidden?: boolean;
	adminUser?: string;
	adminPassword?: string;
	basicUser?: string;
	basicPassword?: string;
	/** Labels of the User form's Status field (UNVERIFIED); default Current, Disabled. */
	userStatusLabels?: string[];
	/** Message number for a missing required field; default 326 (UNVERIFIED; 307 is the other candidate). */
	requiredFieldErrorNumber?: number;
	/** Added to the real clock: the emulator's time is floor(Date.now() / 1000 + offset). */
	clockOffsetSeconds?: number;
	/**
	 * Emulator extension: a frozen clock (epoch seconds) instead of the host's; the offset still
	 * applies. Deterministic runs (the trigger soak) move time only through the offset.
	 */
	frozenClock?: number;
	/** Emulator extension: send no HTTP `Date` header (as behind a proxy that strips it). */
	noDateHeader?: boolean;
	/** Emulator extension: HPD:Help Desk tickets to seed; default min(200, max(20, users / 2)). */
	tickets?: number;
	/**
	 * Emulator extension: body of a 401 on a data call (the real body is UNVERIFIED). 'ar-error'
	 * (default) = 623-shaped array with null appended text; 'empty' = no body.
	 */
	unauthorizedBody?: 'ar-error' | 'empty';
	/**
	 * DB flavour (on in the realistic profile): character comparisons (=, !=, <, LIKE, sorting)
	 * ignore case, as on MS SQL Server's default collation.
	 */
	caseInsensitive?: boolean;
	/**
	 * DB flavour: Oracle-style LIKE, where `[` is an ordinary character, so `[%]` cannot escape a
	 * wildcard (only `%` and `_` are special). Default false: SQL Server style brackets.
	 */
	oracleLike?: boolean;
	/**
	 * Data variants (on in the realistic profile): some seeded users get Group Lists written with
	 * spaces (`1; 400002;`) or with group names instead of IDs (`Incident Master;Service Desk;`).
	 */
	dataVariants?: boolean;
	/**
	 * Data variant (on in the realistic profile): some people's logins are stored in another case
	 * on CTM:People, support group associations, functional roles and tickets' Assignee Login ID
	 * than on the User form (`JSMITH` rows for the user `jsmith`), and a few User entries hold the
	 * capitalised login. Whose rows they are depends on `caseInsensitive` (see emulator/README.md).
	 */
	caseVariants?: boolean;
	/**
	 * Data variant (on in the realistic profile): the ITSM seed has support groups whose names
	 * repeat across companies (`Service Desk` in Calbro Services and in Invention, Inc.).
	 */
	duplicateSupportGroupNames?: boolean;
	/**
	 * Recorded answers (issue 16; on in the realistic profile): `next` / `prev` links rebuilt by
	 * the server, `offset` first and `limit` second, then the other parameters as sent; `next`
	 * ahead of `self` in `_links`. Off: the request's query with `offset` replaced in place.
	 */
	rebuiltLinks?: boolean;
	/** Recorded answers: `|` of join-form entry IDs written as `%7C` in hrefs (self, Location). */
	encodedJoinIds?: boolean;
	/** Recorded answers: list answers carry an extra top-level `numMatches: null`. */
	numMatchesNull?: boolean;
}

type OptionalKeys =
	| 'maxEntries'
	| 'tickets'
	| 'frozenClock'
	| 'noDateHeader'
	| 'proxyDateSkewSeconds'
	| 'controlPort'
	| 'nextLinks';

export type ResolvedOptions = Required<Omit<EmulatorOptions, OptionalKeys>> &
	Pick<EmulatorOptions, OptionalKeys>;

/**
 * Every option with its default. `options` is `given` over its profile's defaults (profiles.ts
 * withProfile); `given` alone says which keys the caller set explicitly.
 */
export function resolveOptions(given: EmulatorOptions, options: EmulatorOptions): ResolvedOptions {
	return {
		profile: options.profile ?? 'default',
		host: options.host ?? '127.0.0.1',
		port: options.port ?? 0,
		users: options.users ?? 200,
		seed: options.seed ?? 1,
		tokenTtl: options.tokenTtl ?? 3600,
		maxEntries: options.maxEntries,
		latencyMs: options.latencyMs ?? 0,
		faultRate: options.faultRate ?? 0,
		tls: options.tls ?? false,
		nextLinks: options.nextLinks,
		// An explicit nextLinks wins over a profile's pageLinks; an explicit pageLinks over both.
		pageLinks:
			given.pageLinks ??
			(given.nextLinks !== undefined
				? given.nextLinks
					? 'full'
					: 'none'
				: (options.pageLinks ?? 'full')),
		processingErrors500: options.processingErrors500 ?? false,
		siteFilters: options.siteFilters ?? [],
		afterCommitFaultRate: options.afterCommitFaultRate ?? 0,
		loginFaultRate: options.loginFaultRate ?? 0,
		commitDelayMs: options.commitDelayMs ?? 0,
		commitDelayMinMs: options.commitDelayMinMs ?? 0,
		proxyDateSkewSeconds: options.proxyDateSkewSeconds,
		gateway403: options.gateway403 ?? false,
		controlPort: options.controlPort,
		rsso: options.rsso ?? false,
		emptyCreateBody: options.emptyCreateBody ?? false,
		httpForbidden: options.httpForbidden ?? false,
		adminUser: options.adminUser ?? 'Demo',
		adminPassword: options.adminPassword ?? 'demo',
		basicUser: options.basicUser ?? 'appuser',
		basicPassword: options.basicPassword ?? 'appuser',
		userStatusLabels: options.userStatusLabels ?? DEFAULT_USER_STATUS_LABELS,
		requiredFieldErrorNumber: options.requiredFieldErrorNumber ?? ArErrorNumber.REQUIRED_FIELD,
		clockOffsetSeconds: options.clockOffsetSeconds ?? 0,
		frozenClock: options.frozenClock,
		noDateHeader: options.noDateHeader,
		tickets: options.tickets,
		unauthorizedBody: options.unauthorizedBody ?? 'ar-error',
		caseInsensitive: options.caseInsensitive ?? false,
		oracleLike: options.oracleLike ?? false,
		dataVariants: options.dataVariants ?? false,
		caseVariants: options.caseVariants ?? false,
		duplicateSupportGroupNames: options.duplicateSupportGroupNames ?? false,
		rebuiltLinks: options.rebuiltLinks ?? false,
		encodedJoinIds: options.encodedJoinIds ?? false,
		numMatchesNull: options.numMatchesNull ?? false,
	};
}
