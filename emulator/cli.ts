/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * Command line: `npm run emulator -- --port 8008 --users 500`. Prints the URL and the logins, then
 * serves until interrupted.
 */
import { startEmulator } from './index';
import type { EmulatorOptions, PageLinks, SiteFilter } from './index';
import { SEEDED_PASSWORD } from './seed';

const HELP = `AR System REST emulator

Usage: npm run emulator -- [options]

  --port N                 port to listen on (0 = random; default 0)
  --host HOST              interface (default 127.0.0.1)
  --users N                seeded User entries incl. the two logins (default 200)
  --seed N                 seed of the data and fault PRNG (default 1)
  --tickets N              seeded HPD:Help Desk tickets
  --token-ttl SECONDS      AR-JWT lifetime (default 3600)
  --max-entries N          server-side page cap below what the client asks
  --latency MS             delay per request
  --fault-rate F           share (0..1) of /api/arsys requests failing with 500 or a reset
  --tls                    HTTPS with the self-signed fixture in emulator/tls/
  --no-next-links          never send next / prev links
  --no-date-header         send no HTTP Date header (as behind a proxy that strips it)
  --rsso                   401s as a Remedy SSO HTML page
  --empty-create-body      201 with an empty body even when fields= is asked
  --http-forbidden         HTTPS-only mode: plain HTTP gets 403 except /api/about, /api/version
  --case-insensitive       DB flavour: character comparisons ignore case (MS SQL default collation)
  --oracle-like            DB flavour: LIKE without [ ] classes, so [%] cannot escape a wildcard
  --case-sensitive         DB flavour: character comparisons respect case (Oracle default)
  --data-variants          Group Lists with spaces and with group names for some seeded users
  --[no-]case-variants     some logins stored in another case on People, associations, roles, tickets
  --[no-]duplicate-support-group-names   support group names that repeat across companies
  --admin-user NAME        admin login (default Demo)
  --admin-password PW      admin password (default demo)
  --user NAME              non-admin login (default appuser)
  --user-password PW       non-admin password (default appuser)
  --user-status-labels A,B labels of the User form's Status field (default Current,Disabled)
  --required-field-error N message number for a missing required field (default 326)
  --clock-offset SECONDS   shift the emulator clock

Realistic server (issue 9; each is also set by --profile realistic, see emulator/README.md):
  --profile NAME           default | realistic
  --processing-errors-500  processing errors (bad value, unknown field, bad qualification,
                           no access, filters) answered 500 (--no-processing-errors-500: off)
  --site-filter JSON       add a site filter (repeatable): {"form", "on": ["create","modify",
                           "delete"], "qualification", "messageNumber", "message"}
  --no-site-filters        no site filters (the realistic profile has one on HPD:Help Desk)
  --after-commit-fault-rate F  share of committed writes answered with a reset / 502 / 504
  --login-fault-rate F     share of logins failing with a reset / 502 / 503
  --commit-delay MS|MIN-MAX    commit delay of entry writes (Modified Date stamped at start)
  --proxy-date-skew SECONDS    Date header from a proxy clock = AR clock + SECONDS
  --gateway-403            bad / expired tokens answered 403 text/html (--no-gateway-403: off)
  --page-links MODE        full | self | none | capped-self
  --rebuilt-links          next / prev rebuilt with offset before limit, next before self
  --encoded-join-ids       | of join-form IDs as %7C in hrefs
  --num-matches-null       list answers carry "numMatches": null
                           (each has a --no- form to turn it off under --profile realistic)
  --control-port N         serve the control endpoint on 127.0.0.1:N (0 = a free port)
`;

type Parser = (value: string, options: EmulatorOptions) => void;

function num(name: string, value: string): number {
	const n = Number(value);
	if (value.trim() === '' || !Number.isFinite(n))
		throw new Error(`--${name} needs a number, got "${value}"`);
	return n;
}

const VALUE_OPTIONS: Record<string, Parser> = {
	port: (v, o) => (o.port = num('port', v)),
	host: (v, o) => (o.host = v),
	users: (v, o) => (o.users = num('users', v)),
	seed: (v, o) => (o.seed = num('seed', v)),
	tickets: (v, o) => (o.tickets = num('tickets', v)),
	'token-ttl': (v, o) => (o.tokenTtl = num('token-ttl', v)),
	'max-entries': (v, o) => (o.maxEntries = num('max-entries', v)),
	latency: (v, o) => (o.latencyMs = num('latency', v)),
	'fault-rate': (v, o) => (o.faultRate = num('fault-rate', v)),
	'admin-user': (v, o) => (o.adminUser = v),
	'admin-password': (v, o) => (o.adminPassword = v),
	user: (v, o) => (o.basicUser = v),
	'user-password': (v, o) => (o.basicPassword = v),
	'user-status-labels': (v, o) =>
		(o.userStatusLabels = v
			.split(',')
			.map((s) => s.trim())
			.filter(Boolean)),
	'required-field-error': (v, o) => (o.requiredFieldErrorNumber = num('required-field-error', v)),
	'clock-offset': (v, o) => (o.clockOffsetSeconds = num('clock-offset', v)),
	profile: (v, o) => {
		if (v !== 'default' && v !== 'realistic')
			throw new Error(`--profile must be default or realistic, got "${v}"`);
		o.profile = v;
	},
	'site-filter': (v, o) => {
		let filter: SiteFilter;
		try {
			filter = JSON.parse(v) as SiteFilter;
		} catch (error) {
			// A command-line tool, not an n8n node.
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error
			throw new Error(`--site-filter needs JSON: ${(error as Error).message}`);
		}
		o.siteFilters = [...(o.siteFilters ?? []), filter];
	},
	'after-commit-fault-rate': (v, o) => (o.afterCommitFaultRate = num('after-commit-fault-rate', v)),
	'login-fault-rate': (v, o) => (o.loginFaultRate = num('login-fault-rate', v)),
	'commit-delay': (v, o) => {
		const [min, max] = v.includes('-') ? v.split('-') : ['0', v];
		o.commitDelayMinMs = num('commit-delay', min);
		o.commitDelayMs = num('commit-delay', max);
	},
	'proxy-date-skew': (v, o) => (o.proxyDateSkewSeconds = num('proxy-date-skew', v)),
	'page-links': (v, o) => {
		if (!['full', 'self', 'none', 'capped-self'].includes(v))
			throw new Error(`--page-links must be full, self, none or capped-self, got "${v}"`);
		o.pageLinks = v as PageLinks;
	},
	'control-port': (v, o) => (o.controlPort = num('control-port', v)),
};

const FLAG_OPTIONS: Record<string, (o: EmulatorOptions) => void> = {
	tls: (o) => (o.tls = true),
	'no-next-links': (o) => (o.nextLinks = false),
	'no-date-header': (o) => (o.noDateHeader = true),
	rsso: (o) => (o.rsso = true),
	'empty-create-body': (o) => (o.emptyCreateBody = true),
	'http-forbidden': (o) => (o.httpForbidden = true),
	'processing-errors-500': (o) => (o.processingErrors500 = true),
	'no-processing-errors-500': (o) => (o.processingErrors500 = false),
	'no-site-filters': (o) => (o.siteFilters = []),
	'gateway-403': (o) => (o.gateway403 = true),
	'no-gateway-403': (o) => (o.gateway403 = false),
	'case-insensitive': (o) => (o.caseInsensitive = true),
	'oracle-like': (o) => (o.oracleLike = true),
	'case-sensitive': (o) => (o.caseInsensitive = false),
	'data-variants': (o) => (o.dataVariants = true),
	'case-variants': (o) => (o.caseVariants = true),
	'no-case-variants': (o) => (o.caseVariants = false),
	'duplicate-support-group-names': (o) => (o.duplicateSupportGroupNames = true),
	'no-duplicate-support-group-names': (o) => (o.duplicateSupportGroupNames = false),
	'rebuilt-links': (o) => (o.rebuiltLinks = true),
	'no-rebuilt-links': (o) => (o.rebuiltLinks = false),
	'encoded-join-ids': (o) => (o.encodedJoinIds = true),
	'no-encoded-join-ids': (o) => (o.encodedJoinIds = false),
	'num-matches-null': (o) => (o.numMatchesNull = true),
	'no-num-matches-null': (o) => (o.numMatchesNull = false),
};

export function parseArgs(argv: string[]): EmulatorOptions | 'help' {
	const options: EmulatorOptions = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') return 'help';
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
		const eq = arg.indexOf('=');
		const name = arg.slice(2, eq < 0 ? undefined : eq);
		if (FLAG_OPTIONS[name]) {
			FLAG_OPTIONS[name](options);
			continue;
		}
		const parse = VALUE_OPTIONS[name];
		if (!parse) throw new Error(`Unknown option --${name} (see --help)`);
		const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
		if (value === undefined) throw new Error(`--${name} needs a value`);
		parse(value, options);
	}
	return options;
}

async function main(): Promise<void> {
	let options: EmulatorOptions | 'help';
	try {
		options = parseArgs(process.argv.slice(2));
	} catch (error) {
		console.error((error as Error).message);
		process.exit(2);
	}
	if (options === 'help') {
		console.log(HELP);
		return;
	}
	const started = Date.now();
	const emulator = await startEmulator(options);
	console.log(`AR System REST emulator listening on ${emulator.url}`);
	if (emulator.controlUrl) console.log(`  control endpoint: ${emulator.controlUrl}`);
	if (options.profile) console.log(`  profile: ${options.profile}`);
	console.log(
		`  admin login:     ${options.adminUser ?? 'Demo'} / ${options.adminPassword ?? 'demo'}`,
	);
	console.log(
		`  non-admin login: ${options.basicUser ?? 'appuser'} / ${options.basicPassword ?? 'appuser'}`,
	);
	console.log(`  other seeded users: password "${SEEDED_PASSWORD}"`);
	console.log(
		`  ${emulator.control.count('User')} users, ${emulator.control.count('CTM:People')} people, ` +
			`${emulator.control.count('HPD:Help Desk')} tickets; seed ${options.seed ?? 1}; ready in ${Date.now() - started} ms`,
	);
	const shutdown = () => {
		emulator.stop().finally(() => process.exit(0));
	};
	process.on('SIGINT', shutdown);
	process.on('SIGTERM', shutdown);
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error instanceof Error ? error.message : error);
		process.exit(1);
	});
}
