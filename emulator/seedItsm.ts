/**
 * Seed data for ITSM support groups, kept consistent with the People and tickets of seed.ts:
 * members are support staff with a People record, some belong to several groups, most (not all)
 * have a default group, some hold functional roles, and every assigned ticket names a group that
 * exists (by name and ID) and, when it has an assignee, a member of that group.
 * A PRNG stream of its own keeps the rest of the seed data unchanged by this module.
 */
import type { StatusHistory } from './format';
import { HelpDeskField, INCIDENT_STATUSES } from './forms/helpDesk';
import { PeopleField } from './forms/people';
import {
	FUNCTIONAL_ROLE_FORM,
	FUNCTIONAL_ROLES,
	SUPPORT_GROUP_ASSOCIATION_FORM,
	SUPPORT_GROUP_FORM,
	SUPPORT_GROUP_ROLES,
	SupportGroupField,
} from './forms/supportGroup';
import type { EntryValues } from './forms/types';
import { mulberry32, pick, randomInt } from './prng';
import type { Random } from './prng';
import type { Store } from './store';

/** [Support Group Name, Support Organization, Company, Support Group Role] */
export const SEEDED_SUPPORT_GROUPS: Array<[string, string, string, string]> = [
	['Service Desk', 'IT Support', 'Calbro Services', 'Help Desk'],
	['Network Support', 'IT Support', 'Calbro Services', 'Tier 2'],
	['Field Ops', 'IT Support', 'Calbro Services', 'Tier 1'],
	['Backoffice "Tier 2"', 'Back Office', 'Calbro Services', 'Tier 2'],
	['Identity & Access', 'Security', 'Calbro Services', 'Tier 2'],
	["O'Hara Escalations", 'IT Support', 'Invention, Inc.', 'Tier 3'],
];

/**
 * With `duplicateSupportGroupNames`: groups whose names repeat in another company, as ITSM sites
 * with several companies have (names are unique only per company and organization). They get no
 * members and no tickets, so the rest of the seed is the same with or without them.
 */
export const DUPLICATE_SUPPORT_GROUPS: Array<[string, string, string, string]> = [
	['Service Desk', 'IT Support', 'Invention, Inc.', 'Help Desk'],
];

/** The groups seeded tickets are assigned to (seed.ts). */
export const TICKET_GROUPS = ['Service Desk', 'Network Support', 'Field Ops', 'Backoffice "Tier 2"'];

/** Where a login is stored: the User form, CTM:People, an association, a role, a ticket's assignee. */
export type LoginSpot = 'user' | 'people' | 'association' | 'role' | 'ticket';

const upper = (login: string) => login.toUpperCase();
/** `mary.smith12` → `Mary.Smith12`. */
const capitalised = (login: string) => login.replace(/(^|[.\-_' ])(\p{Ll})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());

/**
 * Case variants (`caseVariants`): how each kind of subject spells its login per spot; a spot not
 * named keeps the login as on the User form. Kind 0 also gets a functional role and two open
 * tickets, so one subject has rows of every kind in another case.
 */
const SPELLINGS: Array<Partial<Record<LoginSpot, (login: string) => string>>> = [
	{ people: upper, association: upper, role: capitalised, ticket: upper },
	{ association: capitalised, role: upper, ticket: capitalised },
	{ user: upper },
];

interface FixedMembership {
	group: string;
	isDefault: boolean;
	associate?: boolean;
	roles?: string[];
}

/** Memberships of the fixed logins, so tests have known people in several groups. */
const FIXED: Record<string, FixedMembership[]> = {
	appuser: [{ group: 'Service Desk', isDefault: true, roles: ['Incident Master'] }],
	"siobhan.o'brien": [
		{ group: 'Service Desk', isDefault: true, roles: ['Incident Master'] },
		{ group: 'Backoffice "Tier 2"', isDefault: false, associate: true, roles: ['Change Coordinator'] },
	],
	'zoe.muller': [
		{ group: 'Network Support', isDefault: true, roles: ['Problem Coordinator'] },
		{ group: 'Field Ops', isDefault: false },
	],
	// In two groups without a default one.
	'li.na': [
		{ group: 'Service Desk', isDefault: false },
		{ group: 'Identity & Access', isDefault: false },
	],
};

export interface SupportGroupPlan {
	rng: Random;
	/** People rows (by index in the People row list) → their memberships. */
	memberships: Array<{ row: number; list: FixedMembership[] }>;
	/** Filled by seedSupportGroups: group name → Support Group ID and member rows. */
	groups: Map<string, { id: string; organization: string; company: string; members: EntryValues[] }>;
	/** Case-variant subjects: the login as on the User form → kind (index into SPELLINGS). */
	variants: Map<string, number>;
	/** People rows whose Remedy Login ID was respelled → the login as on the User form. */
	respelled: Map<EntryValues, string>;
	duplicateNames: boolean;
}

/** How `login` is stored at `spot` (unchanged unless it is a case-variant subject). */
export function spellLogin(plan: SupportGroupPlan, login: string, spot: LoginSpot): string {
	const kind = plan.variants.get(login);
	const spell = kind === undefined ? undefined : SPELLINGS[kind][spot];
	return spell ? spell(login) : login;
}

/** The login of a People row as the User form holds it. */
function loginOfRow(plan: SupportGroupPlan, row: EntryValues): string {
	return plan.respelled.get(row) ?? (row[PeopleField.REMEDY_LOGIN_ID] as string);
}

/**
 * Chooses memberships before the People rows are stored: the fixed logins get theirs (and become
 * support staff), half the other support staff get one or two groups.
 */
export function planSupportGroups(
	seed: number,
	peopleRows: EntryValues[],
	variants: { caseVariants?: boolean; duplicateSupportGroupNames?: boolean } = {},
): SupportGroupPlan {
	const rng = mulberry32(seed ^ 0x17a5_6e0d);
	const memberships: SupportGroupPlan['memberships'] = [];
	const subjects = new Map<string, number>();
	const respelled = new Map<EntryValues, string>();
	let candidates = 0;
	const names = SEEDED_SUPPORT_GROUPS.map((g) => g[0]);
	peopleRows.forEach((row, index) => {
		const login = row[PeopleField.REMEDY_LOGIN_ID];
		if (typeof login !== 'string' || login === '') return;
		const fixed = FIXED[login];
		if (fixed) {
			row[PeopleField.SUPPORT_STAFF] = 0;
			memberships.push({ row: index, list: fixed });
			return;
		}
		// Half the support staff are in groups: enough for joins to matter, cheap to seed at 100,000.
		if (row[PeopleField.SUPPORT_STAFF] !== 0 || rng() < 0.5) return;
		const count = randomInt(rng, 1, 2);
		const chosen = new Set<string>();
		for (let k = 0; k < count; k++) chosen.add(pick(rng, names));
		const withDefault = rng() < 0.8;
		const list = [...chosen].map((group, k) => ({
			group,
			isDefault: withDefault && k === 0,
			associate: rng() < 0.2,
			roles: rng() < 0.3 ? [pick(rng, FUNCTIONAL_ROLES)[1]] : undefined,
		}));
		memberships.push({ row: index, list });
		// Every fourth person in groups is a case-variant subject (no PRNG draw: the data stays put).
		if (variants.caseVariants && candidates++ % 4 === 1) {
			const kind = subjects.size % SPELLINGS.length;
			// Kind 0 has work to hand over: a group that gets tickets, and a functional role.
			if (kind === 0 && !list.some((m) => TICKET_GROUPS.includes(m.group))) return;
			if (kind === 0 && !list.some((m) => m.roles)) list[0].roles = [FUNCTIONAL_ROLES[0][1]];
			subjects.set(login, kind);
		}
	});
	const plan: SupportGroupPlan = {
		rng,
		memberships,
		groups: new Map(),
		variants: subjects,
		respelled,
		duplicateNames: variants.duplicateSupportGroupNames === true,
	};
	for (const { row } of memberships) {
		const login = peopleRows[row][PeopleField.REMEDY_LOGIN_ID] as string;
		const spelled = spellLogin(plan, login, 'people');
		if (spelled === login) continue;
		respelled.set(peopleRows[row], login);
		peopleRows[row][PeopleField.REMEDY_LOGIN_ID] = spelled;
	}
	return plan;
}

const SEED_TIME = 1704067200 - 200 * 86400;

function core(admin: string, t: number): EntryValues {
	return {
		[2]: admin,
		[3]: t,
		[5]: admin,
		[6]: t,
		[15]: { 1: { user: admin, timestamp: t } } satisfies StatusHistory,
	};
}

/** Writes the groups, memberships and functional roles; People rows must already carry IDs. */
export function seedSupportGroups(
	store: Store,
	plan: SupportGroupPlan,
	peopleRows: EntryValues[],
	admin: string,
): void {
	const G = SupportGroupField;
	const seeded = plan.duplicateNames ? [...SEEDED_SUPPORT_GROUPS, ...DUPLICATE_SUPPORT_GROUPS] : SEEDED_SUPPORT_GROUPS;
	const groupRows = seeded.map(([name, organization, company, role]) => ({
		...core(admin, SEED_TIME),
		[G.STATUS]: 1,
		[G.DESCRIPTION]: `${name} (${organization})`,
		[G.COMPANY]: company,
		[G.SUPPORT_ORGANIZATION]: organization,
		[G.SUPPORT_GROUP_NAME]: name,
		[G.SUPPORT_GROUP_ROLE]: Math.max(0, SUPPORT_GROUP_ROLES.indexOf(role)),
	}));
	const ids = store.bulkInsert(SUPPORT_GROUP_FORM, groupRows);
	// Tickets and memberships name the first six; the duplicates stay empty.
	SEEDED_SUPPORT_GROUPS.forEach(([name, organization, company], k) =>
		plan.groups.set(name, { id: ids[k], organization, company, members: [] }),
	);

	const associations: EntryValues[] = [];
	const roles: EntryValues[] = [];
	for (const { row, list } of plan.memberships) {
		const person = peopleRows[row];
		const t = (person[3] as number) + 3600;
		const login = loginOfRow(plan, person);
		const fullName = person[PeopleField.FULL_NAME] as string;
		for (const membership of list) {
			const group = plan.groups.get(membership.group)!;
			group.members.push(person);
			associations.push(
				associationRow(admin, t, spellLogin(plan, login, 'association'), fullName, group.id, person[1] as string, membership.isDefault ? 0 : 1, membership.associate ? 1 : 0),
			);
			for (const role of membership.roles ?? []) {
				const id = FUNCTIONAL_ROLES.find(([, name]) => name === role)?.[0];
				roles.push(roleRow(admin, t, spellLogin(plan, login, 'role'), fullName, group.id, person[1] as string, role, id));
			}
		}
	}
	store.bulkInsert(SUPPORT_GROUP_ASSOCIATION_FORM, associations);
	store.bulkInsert(FUNCTIONAL_ROLE_FORM, roles);
}

const OPEN = new Set(['Assigned', 'In Progress', 'Pending'].map((s) => INCIDENT_STATUSES.indexOf(s)));

/**
 * Gives each assigned ticket its group's ID, organization and an assignee from the group's
 * members. siobhan.o'brien, when seeded, is given the first two open and the first closed
 * Service Desk tickets, so offboarding tests have known work to hand over.
 */
export function assignTickets(plan: SupportGroupPlan, rows: EntryValues[]): void {
	const H = HelpDeskField;
	const fixedLogin = "siobhan.o'brien";
	let fixedOpen = 0;
	let fixedClosed = 0;
	const fixedIn = new Map(
		[...plan.groups.values()].map((g) => [g, g.members.find((p) => loginOfRow(plan, p) === fixedLogin)]),
	);
	// The case-variant subject of kind 0 gets two open tickets (after the fixed login's).
	const subject = [...plan.variants].find(([, kind]) => kind === 0)?.[0];
	let subjectOpen = 0;
	for (const ticket of rows) {
		const name = ticket[H.ASSIGNED_GROUP];
		if (typeof name !== 'string') continue;
		const group = plan.groups.get(name);
		if (!group) continue;
		ticket[H.ASSIGNED_GROUP_ID] = group.id;
		ticket[H.ASSIGNED_SUPPORT_ORGANIZATION] = group.organization;
		ticket[H.ASSIGNED_SUPPORT_COMPANY] = group.company;
		let assignee = group.members.length > 0 ? pick(plan.rng, group.members) : undefined;
		const fixed = fixedIn.get(group);
		const status = ticket[H.STATUS] as number;
		if (fixed && OPEN.has(status) && fixedOpen < 2) {
			assignee = fixed;
			fixedOpen++;
		} else if (fixed && !OPEN.has(status) && fixedClosed < 1) {
			assignee = fixed;
			fixedClosed++;
		} else if (assignee === fixed && OPEN.has(status)) {
			// Exactly two open tickets for the fixed login, so tests can count them.
			assignee = group.members.find((p) => p !== fixed);
		}
		const subjectRow = subject === undefined ? undefined : group.members.find((p) => loginOfRow(plan, p) === subject);
		if (subjectRow && OPEN.has(status) && subjectOpen < 2 && assignee !== fixed) {
			assignee = subjectRow;
			subjectOpen++;
		}
		ticket[H.ASSIGNEE_LOGIN_ID] = assignee ? spellLogin(plan, loginOfRow(plan, assignee), 'ticket') : null;
		ticket[H.ASSIGNEE] = assignee ? assignee[PeopleField.FULL_NAME] : null;
	}
}

/**
 * Object literals with constant keys (not computed ones): with field IDs this large V8 would
 * otherwise build each row key by key in dictionary mode, which made seeding 100,000 users
 * markedly slower. The keys are SupportGroupAssociationField / FunctionalRoleField.
 */
function associationRow(
	admin: string,
	t: number,
	login: string,
	fullName: string,
	groupId: string,
	personId: string,
	defaultGroup: number,
	role: number,
): EntryValues {
	return {
		2: admin,
		3: t,
		4: login,
		5: admin,
		6: t,
		7: 1,
		15: { 1: { user: admin, timestamp: t } },
		1000000017: fullName,
		1000000075: defaultGroup,
		1000000079: groupId,
		1000000080: personId,
		1000000401: role,
	};
}

function roleRow(
	admin: string,
	t: number,
	login: string,
	fullName: string,
	groupId: string,
	personId: string,
	role: string,
	roleId: number | undefined,
): EntryValues {
	return {
		2: admin,
		3: t,
		4: login,
		5: admin,
		6: t,
		7: 1,
		15: { 1: { user: admin, timestamp: t } },
		1000000017: fullName,
		1000000079: groupId,
		1000000080: personId,
		1000000171: role,
		1000000346: 0,
		1000001859: roleId,
	};
}
