/**
 * Deterministic seed data: the same `seed` and `users` always give the same entries, byte for byte.
 * The data is built to trip connectors: non-ASCII names, quotes in names and logins, group IDs
 * that are prefixes of each other (1, 10, 100, 1000), users without a People record, and Modified
 * Dates that cluster on the same second (the trigger's cursor must cope with ties).
 */
import type { StatusHistory } from './format';
import { GroupField, GROUP_FORM } from './forms/group';
import {
	HELP_DESK_FORM,
	HelpDeskField,
	IMPACTS,
	INCIDENT_STATUSES,
	incidentNumber,
	priorityOf,
	SEVERITY_IDS,
	URGENCIES,
} from './forms/helpDesk';
import { CLIENT_TYPES, instanceId, PEOPLE_FORM, PeopleField } from './forms/people';
import type { EntryValues } from './forms/types';
import { USER_FORM, UserField } from './forms/user';
import { assignTickets, planSupportGroups, seedSupportGroups, spellLogin, TICKET_GROUPS } from './seedItsm';
import type { SupportGroupPlan } from './seedItsm';
import { mulberry32, pick, randomInt } from './prng';
import type { Random } from './prng';
import type { Store } from './store';

export interface SeedOptions {
	/** Total User entries, the two fixed logins included (minimum 2). */
	users: number;
	seed: number;
	/** HPD:Help Desk tickets; default min(200, max(20, users / 2)). */
	tickets?: number;
	adminUser: string;
	adminPassword: string;
	basicUser: string;
	basicPassword: string;
	/** Number of User Status labels; with only one, nobody is seeded as disabled. */
	userStatusCount?: number;
	/** Group Lists with spaces and with group names for some users (see variantGroupList). */
	dataVariants?: boolean;
	/** Logins stored in another case on some forms (seedItsm.ts, SPELLINGS). */
	caseVariants?: boolean;
	/** Support group names that repeat across companies (seedItsm.ts). */
	duplicateSupportGroupNames?: boolean;
}

/** Password of every generated user (the fixed logins have their own). */
export const SEEDED_PASSWORD = 'password';

/** 2024-01-01T00:00:00Z: seeded history spans the nine months after it. */
const SEED_START = 1704067200;
const SEED_SPAN = 270 * 86400;
const DAY = 86400;

const FIRST_NAMES = [
	'James',
	'Mary',
	'John',
	'Patricia',
	'Robert',
	'Jennifer',
	'Michael',
	'Linda',
	'William',
	'Elizabeth',
	'David',
	'Barbara',
	'Richard',
	'Susan',
	'Joseph',
	'Jessica',
	'Thomas',
	'Sarah',
	'Charles',
	'Karen',
	'Zoë',
	'Øyvind',
	'José',
	'François',
	'Renée',
	'Björn',
	'Siobhán',
	'Łukasz',
	'Ana María',
	'Jürgen',
	'Chloé',
	'Søren',
	'Dmitri',
	'Aoife',
	'Mateo',
	'Priya',
	'Wei',
	'娜',
	'伟',
	'Yuki',
	'Fatima',
	'Olúwaseun',
	'Ngozi',
	'Mary-Jane',
	'Seán',
	'Ægir',
];

const LAST_NAMES = [
	'Smith',
	'Johnson',
	'Williams',
	'Brown',
	'Jones',
	'Garcia',
	'Miller',
	'Davis',
	'Rodriguez',
	'Martinez',
	'Hernandez',
	'Lopez',
	'Wilson',
	'Anderson',
	'Taylor',
	'Moore',
	'Jackson',
	'Martin',
	'Lee',
	"O'Brien",
	"O'Neil",
	"D'Angelo",
	'Müller',
	'Núñez',
	'Håland',
	'Nørgaard',
	'Šimić',
	'van der Berg',
	'李',
	'王',
	'张',
	'Tanaka',
	'Kowalski',
	'Dubois',
	'Fernández',
	'Østergaard',
	'MacDonald',
	'Smith-Jones',
];

const COMPANIES = ['Calbro Services', 'Calbro Services', 'Calbro Services', 'Invention, Inc.'];
const ORGANIZATIONS = [
	'Information Technology',
	'Finance',
	'Human Resources',
	'Sales',
	'Facilities',
];
const DEPARTMENTS = [
	'Service Desk',
	'Networks',
	'Payroll',
	'Recruiting',
	'EMEA Sales',
	'Back Office',
];
const SITES = [
	'Headquarters, Building 1',
	'Oslo Office',
	'Beijing Office',
	'Dublin Office',
	'Remote',
];
const APP_LICENSES = [
	'BMC:Incident Management User Fixed',
	'BMC:Change Management User Floating',
	'BMC:Asset Management User Fixed',
];

/** [Group ID, Group Name, Group Type index (0 None, 1 View, 2 Change)] */
export const SEEDED_GROUPS: Array<[number, string, number]> = [
	[1, 'Administrator', 2],
	[2, 'Customize', 2],
	[3, 'Submitter', 2],
	[4, 'Assignee', 2],
	[5, 'Sub Administrator', 2],
	[7, 'Assignee Group', 2],
	[10, 'Incident Master', 2],
	[12, 'Problem Master', 2],
	[100, 'Incident User', 2],
	[101, 'Change User', 2],
	[1000, 'Incident Viewer', 1],
	[10000, 'Asset Viewer', 1],
	[400002, 'Service Desk', 2],
	[400003, 'Network Support', 2],
	[400004, 'Field Ops', 2],
	[1000000001, 'Sales & Marketing', 1],
	[1000000002, "O'Hara Team", 1],
	[1000000003, 'Backoffice "Tier 2"', 2],
];

/** Groups ordinary users are drawn into; the admin group is handed out rarely on purpose. */
const MEMBER_GROUPS = SEEDED_GROUPS.map((g) => g[0]).filter((id) => id !== 1);

interface Person {
	login: string;
	password: string;
	first: string;
	last: string;
	full: string;
	groups: number[];
	license: number;
	people: boolean;
}

function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[øØ]/g, 'o')
		.replace(/[łŁ]/g, 'l')
		.replace(/[æÆ]/g, 'ae')
		.toLowerCase()
		.replace(/[^a-z0-9'-]/g, '');
}

function groupList(ids: number[]): string | null {
	if (ids.length === 0) return null;
	return `${[...new Set(ids)].sort((a, b) => a - b).join(';')};`;
}

const GROUP_NAMES = new Map(SEEDED_GROUPS.map(([id, name]) => [id, name]));

/**
 * Data variants (ASSUMPTION, reported from sites; no recorded response): Group Lists written by
 * hand or by other tools, with a space after each `;` (`1; 400002;`), or holding group names
 * instead of IDs (`Incident Master;Service Desk;`). Users 2, 7, 12, ... get spaces, users 4, 9, 14,
 * ... names; the two logins (0 and 1) keep the plain form. No PRNG draw, so the rest of the seed
 * is the same with or without variants.
 */
function variantGroupList(ids: number[], i: number, variants: boolean): string | null {
	const plain = groupList(ids);
	if (!variants || plain === null) return plain;
	const sorted = [...new Set(ids)].sort((a, b) => a - b);
	if (i % 5 === 2) return `${sorted.join('; ')};`;
	if (i % 5 === 4) return `${sorted.map((id) => GROUP_NAMES.get(id) ?? String(id)).join(';')};`;
	return plain;
}

/** The users every seed contains, in this order, as far as `users` allows. */
function fixedPeople(o: SeedOptions): Person[] {
	const p = (
		login: string,
		password: string,
		first: string,
		last: string,
		full: string,
		groups: number[],
		people = true,
	): Person => ({ login, password, first, last, full, groups, license: 1, people });
	return [
		p(o.adminUser, o.adminPassword, 'Demo', 'User', 'Demo', [1]),
		p(o.basicUser, o.basicPassword, 'App', 'User', 'App User', [10, 400002]),
		p("siobhan.o'brien", SEEDED_PASSWORD, 'Siobhán', "O'Brien", "Siobhán O'Brien", [100, 1000]),
		p('rsmith', SEEDED_PASSWORD, 'Robert "Bobby"', 'Smith', 'Robert "Bobby" Smith', [1000]),
		p('zoe.muller', SEEDED_PASSWORD, 'Zoë', 'Müller', 'Zoë Müller', [10, 100]),
		// Deliberately without a CTM:People record.
		p('oyvind.haland', SEEDED_PASSWORD, 'Øyvind', 'Håland', 'Øyvind Håland', [400003], false),
		p('li.na', SEEDED_PASSWORD, '娜', '李', '李娜', [400002, 1000000001]),
	];
}

function randomPerson(rng: Random, i: number): Person {
	const first = pick(rng, FIRST_NAMES);
	const last = pick(rng, LAST_NAMES);
	const base = `${fold(first) || 'user'}.${fold(last) || 'user'}`;
	const groups: number[] = [];
	const count = randomInt(rng, 0, 4);
	for (let k = 0; k < count; k++) groups.push(pick(rng, MEMBER_GROUPS));
	if (rng() < 0.01) groups.push(1);
	const r = rng();
	return {
		login: `${base}${i}`,
		password: SEEDED_PASSWORD,
		first,
		last,
		full: `${first} ${last}`,
		groups,
		// Read 30 %, Fixed 40 %, Floating 25 %, Restricted Read 5 %.
		license: r < 0.3 ? 0 : r < 0.7 ? 1 : r < 0.95 ? 2 : 3,
		people: rng() >= 0.1,
	};
}

/**
 * Create and modify times: creates advance through the seed span; many entries are never modified
 * after creation, and bulk-import runs plus "touched in the same batch" runs share one second.
 */
class Timeline {
	private lastModified = SEED_START;
	private clusterLeft = 0;
	private clusterTime = 0;

	constructor(
		private readonly rng: Random,
		private readonly total: number,
	) {}

	next(i: number): { created: number; modified: number } {
		const rng = this.rng;
		if (this.clusterLeft > 0) {
			this.clusterLeft--;
			return { created: this.clusterTime, modified: this.clusterTime };
		}
		const created =
			SEED_START + Math.floor((i * SEED_SPAN) / Math.max(1, this.total)) + randomInt(rng, 0, 59);
		const r = rng();
		let modified: number;
		if (r < 0.04) {
			// A bulk import: this and the next 2-15 entries were written in the same second.
			this.clusterLeft = randomInt(rng, 2, 15);
			this.clusterTime = created;
			modified = created;
		} else if (r < 0.45) {
			modified = created;
		} else if (r < 0.7) {
			// Touched by the same batch update as the previous entry.
			modified = Math.max(created, this.lastModified);
		} else {
			modified = Math.min(created + randomInt(rng, 1, 60 * DAY), SEED_START + SEED_SPAN + 30 * DAY);
		}
		this.lastModified = modified;
		return { created, modified };
	}
}

export function seedData(store: Store, options: SeedOptions): void {
	const rng = mulberry32(options.seed);
	seedGroups(store);
	const total = Math.max(2, Math.floor(options.users));
	const people: Person[] = fixedPeople(options).slice(0, total);
	for (let i = people.length; i < total; i++) people.push(randomPerson(rng, i));

	const timeline = new Timeline(rng, total);
	const userRows: EntryValues[] = [];
	const peopleRows: EntryValues[] = [];
	const withPeople: Person[] = [];
	for (let i = 0; i < people.length; i++) {
		const p = people[i];
		const { created, modified } = timeline.next(i);
		const disabled = i >= 2 && rng() < 0.05 && (options.userStatusCount ?? 2) > 1;
		const history: StatusHistory = { 0: { user: options.adminUser, timestamp: created } };
		if (disabled) history[1] = { user: options.adminUser, timestamp: modified };
		userRows.push(
			buildUserRow([
				options.adminUser,
				created,
				rng() < 0.8 ? options.adminUser : options.basicUser,
				modified,
				disabled ? 1 : 0,
				p.full,
				history,
				p.login,
				p.password,
				`${p.login.replace(/'/g, '')}@calbro.com`,
				variantGroupList(p.groups, i, options.dataVariants === true),
				rng() < 0.9 ? 2 : 1,
				p.license,
				rng() < 0.9 ? 0 : 1,
				null,
				p.license === 1 && rng() < 0.5 ? `${pick(rng, APP_LICENSES)};` : null,
			]),
		);
		if (p.people) {
			withPeople.push(p);
			peopleRows.push(personRow(store, rng, p, created, modified, options.adminUser));
		}
	}
	// A few People without a login at all (customers who never sign in).
	for (let k = 0; k < Math.min(5, Math.floor(total / 20)); k++) {
		const first = pick(rng, FIRST_NAMES);
		const last = pick(rng, LAST_NAMES);
		const t = SEED_START + randomInt(rng, 0, SEED_SPAN);
		const row = personRow(
			store,
			rng,
			{
				login: '',
				password: '',
				first,
				last,
				full: `${first} ${last}`,
				groups: [],
				license: 0,
				people: true,
			},
			t,
			t,
			options.adminUser,
		);
		row[PeopleField.CLIENT_TYPE] = 4;
		peopleRows.push(row);
	}
	const supportGroups = planSupportGroups(options.seed, peopleRows, options);
	if (supportGroups.variants.size > 0) {
		for (const row of userRows) {
			const login = row[UserField.LOGIN_NAME] as string;
			row[UserField.LOGIN_NAME] = spellLogin(supportGroups, login, 'user');
		}
	}
	store.bulkInsert(USER_FORM, userRows);
	store.bulkInsert(PEOPLE_FORM, peopleRows);
	seedSupportGroups(store, supportGroups, peopleRows, options.adminUser);
	seedTickets(store, rng, withPeople, options, supportGroups);
}

function personRow(
	store: Store,
	rng: Random,
	p: Person,
	created: number,
	modified: number,
	admin: string,
): EntryValues {
	const support = rng() < 0.2;
	const r = rng();
	const status = r < 0.9 ? 1 : r < 0.94 ? 2 : r < 0.97 ? 3 : 0;
	const history: StatusHistory = { [status]: { user: admin, timestamp: created } };
	const login = p.login || undefined;
	return buildPersonRow([
		admin,
		created,
		admin,
		modified,
		history,
		status,
		'.',
		2,
		Math.min(p.license, 2),
		0,
		instanceId(store.nextNumber('people-instance')),
		pick(rng, COMPANIES),
		pick(rng, ORGANIZATIONS),
		`${p.first} ${p.last}`,
		p.last,
		p.first,
		pick(rng, [0, 0, 0, 1, 2, 3]) % CLIENT_TYPES.length,
		support ? 0 : 1,
		rng() < 0.03 ? 0 : 1,
		1,
		`+1 555 ${String(randomInt(rng, 0, 9999999)).padStart(7, '0')}`,
		support ? 0 : 1,
		0,
		pick(rng, DEPARTMENTS),
		pick(rng, SITES),
		login,
		login && `${login.replace(/'/g, '')}@calbro.com`,
		support ? '1000000001;' : undefined,
	]);
}

/**
 * Builds entry objects from value lists through an object literal with constant keys. The People
 * field IDs are large (1000000017...), which puts V8 objects in dictionary mode; a literal lets V8
 * clone a preallocated boilerplate, which seeds 100k People markedly faster than computed keys.
 * Undefined values read as NULL everywhere.
 */
function rowBuilder(fieldIds: number[]): (values: unknown[]) => EntryValues {
	// Only integer field IDs from the form definitions go into the generated source.
	if (!fieldIds.every((id) => Number.isSafeInteger(id)))
		throw new Error('field IDs must be integers');
	const body = `return {${fieldIds.map((id, i) => `${id}: v[${i}]`).join(', ')}};`;
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
	return new Function('v', body) as (values: unknown[]) => EntryValues;
}

const buildUserRow = rowBuilder([
	UserField.CREATOR,
	UserField.CREATE_DATE,
	UserField.LAST_MODIFIED_BY,
	UserField.MODIFIED_DATE,
	UserField.STATUS,
	UserField.FULL_NAME,
	UserField.STATUS_HISTORY,
	UserField.LOGIN_NAME,
	UserField.PASSWORD,
	UserField.EMAIL,
	UserField.GROUP_LIST,
	UserField.DEFAULT_NOTIFY,
	UserField.LICENSE_TYPE,
	UserField.FULL_TEXT_LICENSE,
	UserField.COMPUTED_GROUP_LIST,
	UserField.APPLICATION_LICENSE,
]);

const buildPersonRow = rowBuilder([
	2,
	3,
	5,
	6,
	15,
	PeopleField.PROFILE_STATUS,
	PeopleField.SHORT_DESCRIPTION,
	PeopleField.DEFAULT_NOTIFY,
	PeopleField.LICENSE_TYPE,
	PeopleField.FULL_TEXT_LICENSE,
	PeopleField.INSTANCE_ID,
	PeopleField.COMPANY,
	PeopleField.ORGANIZATION,
	PeopleField.FULL_NAME,
	PeopleField.LAST_NAME,
	PeopleField.FIRST_NAME,
	PeopleField.CLIENT_TYPE,
	PeopleField.SUPPORT_STAFF,
	PeopleField.VIP,
	PeopleField.CLIENT_SENSITIVITY,
	PeopleField.PHONE,
	PeopleField.UNRESTRICTED_ACCESS,
	PeopleField.ASSIGNMENT_AVAILABILITY,
	PeopleField.DEPARTMENT,
	PeopleField.SITE,
	PeopleField.REMEDY_LOGIN_ID,
	PeopleField.INTERNET_EMAIL,
	PeopleField.ASSIGNEE_GROUPS,
]);

function seedGroups(store: Store): void {
	const t = SEED_START - 365 * DAY;
	store.bulkInsert(
		GROUP_FORM,
		SEEDED_GROUPS.map(([id, name, type]) => ({
			[2]: 'Demo',
			[3]: t,
			[5]: 'Demo',
			[6]: t,
			[15]: { 0: { user: 'Demo', timestamp: t } } satisfies StatusHistory,
			[GroupField.STATUS]: 0,
			[GroupField.LONG_NAME]: name,
			[GroupField.GROUP_NAME]: name,
			[GroupField.GROUP_ID]: id,
			[GroupField.GROUP_TYPE]: type,
			[GroupField.GROUP_CATEGORY]: 0,
			[GroupField.COMPUTED_QUALIFICATION]: null,
		})),
	);
}

const TICKET_SUBJECTS = [
	'Cannot log in to VPN',
	'Printer on 3rd floor jams',
	'Outlook keeps crashing',
	'Request: new laptop',
	'Password reset for "finance" share',
	"Can't open O'Reilly e-book portal",
	'Ærø office Wi-Fi down',
	'邮件无法发送',
];

function seedTickets(
	store: Store,
	rng: Random,
	customers: Person[],
	o: SeedOptions,
	supportGroups: SupportGroupPlan,
): void {
	const count = o.tickets ?? Math.min(200, Math.max(20, Math.floor(o.users / 2)));
	const F = HelpDeskField;
	const rows: EntryValues[] = [];
	let t = SEED_START + 30 * DAY;
	for (let i = 0; i < count && customers.length > 0; i++) {
		t += randomInt(rng, 0, 3) === 0 ? 0 : randomInt(rng, 60, 36 * 3600);
		const customer = pick(rng, customers);
		const status = randomInt(rng, 0, INCIDENT_STATUSES.length - 1);
		const modified = status === 0 ? t : t + randomInt(rng, 0, 10 * DAY);
		const impact = SEVERITY_IDS[randomInt(rng, 0, IMPACTS.length - 1)];
		const urgency = SEVERITY_IDS[randomInt(rng, 0, URGENCIES.length - 1)];
		const history: StatusHistory = { 0: { user: customer.login, timestamp: t } };
		if (status !== 0) history[status] = { user: o.adminUser, timestamp: modified };
		const subject = pick(rng, TICKET_SUBJECTS);
		rows.push({
			[2]: customer.login,
			[3]: t,
			[5]: status === 0 ? customer.login : o.adminUser,
			[6]: modified,
			[15]: history,
			[F.ASSIGNEE_LOGIN_ID]: status === 0 ? null : o.adminUser,
			[F.STATUS]: status,
			[F.SHORT_DESCRIPTION]: '.',
			[F.DESCRIPTION]: subject,
			[F.COMPANY]: 'Calbro Services',
			[F.LAST_NAME]: customer.last,
			[F.FIRST_NAME]: customer.first,
			[F.SERVICE_TYPE]: 0,
			[F.DETAILED_DESCRIPTION]: `${subject}\nReported by ${customer.full}.`,
			[F.RESOLUTION]: status >= 4 && status <= 5 ? 'Fixed.' : null,
			[F.INCIDENT_NUMBER]: incidentNumber(store.nextNumber('incident-number')),
			[F.URGENCY]: urgency,
			[F.IMPACT]: impact,
			[F.PRIORITY]: priorityOf(impact, urgency),
			[F.REPORTED_SOURCE]: pick(rng, [0, 1, 6, 9]),
			[F.ASSIGNED_GROUP]: status === 0 ? null : pick(rng, TICKET_GROUPS),
			[F.ASSIGNEE]: status === 0 ? null : 'Demo',
			[F.ASSIGNED_SUPPORT_COMPANY]: status === 0 ? null : 'Calbro Services',
			[F.TOTAL_TRANSFERS]: 0,
			[F.REPORTED_DATE]: t,
			[F.LAST_RESOLVED_DATE]: status >= 4 && status <= 5 ? modified : null,
			[F.CUSTOMER_LOGIN_ID]: customer.login,
		});
	}
	assignTickets(supportGroups, rows);
	store.bulkInsert(HELP_DESK_FORM, rows);
}
