/** Emulator switches, shared by the programmatic API and the CLI. */
import { ArErrorNumber } from './errors';
import { DEFAULT_USER_STATUS_LABELS } from './forms';

export interface EmulatorOptions {
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
	/** false = never send `next` / `prev` links (default true). */
	nextLinks?: boolean;
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
}

export type ResolvedOptions = Required<
	Omit<EmulatorOptions, 'maxEntries' | 'tickets' | 'frozenClock' | 'noDateHeader'>
> &
	Pick<EmulatorOptions, 'maxEntries' | 'tickets' | 'frozenClock' | 'noDateHeader'>;

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
	return {
		host: options.host ?? '127.0.0.1',
		port: options.port ?? 0,
		users: options.users ?? 200,
		seed: options.seed ?? 1,
		tokenTtl: options.tokenTtl ?? 3600,
		maxEntries: options.maxEntries,
		latencyMs: options.latencyMs ?? 0,
		faultRate: options.faultRate ?? 0,
		tls: options.tls ?? false,
		nextLinks: options.nextLinks ?? true,
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
	};
}
