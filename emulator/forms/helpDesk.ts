/**
 * A subset of ITSM incident management: the ticket form `HPD:Help Desk`, the join form
 * `HPD:IncidentInterface` (entry IDs `A|B`), and the interface form `HPD:IncidentInterface_Create`
 * whose own field-1 ID differs from the Incident Number of the ticket it creates (reference §3,
 * checklist #18). Field names keep ITSM's typos (`Detailed Decription`). IDs above 1000000000 are
 * the commonly cited ITSM IDs; `Customer Login ID` / `Login_ID` (303497300) is UNVERIFIED.
 */
import { char, coreFields, integer, selection, time } from './spec';
import type { FormSpec, HookContext } from './spec';
import type { EntryValues, FieldDef } from './types';

export const HELP_DESK_FORM = 'HPD:Help Desk';
export const INCIDENT_JOIN_FORM = 'HPD:IncidentInterface';
export const INCIDENT_CREATE_FORM = 'HPD:IncidentInterface_Create';

export const HelpDeskField = {
	ENTRY_ID: 1,
	ASSIGNEE_LOGIN_ID: 4,
	STATUS: 7,
	SHORT_DESCRIPTION: 8,
	DESCRIPTION: 1000000000,
	COMPANY: 1000000001,
	Z1D_ACTION: 1000000076,
	LAST_NAME: 1000000018,
	FIRST_NAME: 1000000019,
	SERVICE_TYPE: 1000000099,
	DETAILED_DESCRIPTION: 1000000151,
	RESOLUTION: 1000000156,
	INCIDENT_NUMBER: 1000000161,
	URGENCY: 1000000162,
	IMPACT: 1000000163,
	PRIORITY: 1000000164,
	REPORTED_SOURCE: 1000000215,
	ASSIGNED_GROUP: 1000000217,
	ASSIGNEE: 1000000218,
	ASSIGNED_SUPPORT_COMPANY: 1000000251,
	TOTAL_TRANSFERS: 1000000356,
	REPORTED_DATE: 1000000560,
	LAST_RESOLVED_DATE: 1000000563,
	CUSTOMER_LOGIN_ID: 303497300,
} as const;

export const INCIDENT_STATUSES = [
	'New',
	'Assigned',
	'In Progress',
	'Pending',
	'Resolved',
	'Closed',
	'Cancelled',
];
export const URGENCIES = ['1-Critical', '2-High', '3-Medium', '4-Low'];
export const IMPACTS = [
	'1-Extensive/Widespread',
	'2-Significant/Large',
	'3-Moderate/Limited',
	'4-Minor/Localized',
];
/**
 * ITSM numbers Impact and Urgency 1000, 2000, 3000, 4000 (custom selection ids), while Priority
 * and Status count from 0. ASSUMPTION from ITSM practice (qualifications such as 'Urgency' = 1000 in
 * integrations); no public recorded response shows the numbers.
 */
export const SEVERITY_IDS = [1000, 2000, 3000, 4000];
export const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'];
export const SERVICE_TYPES = [
	'User Service Restoration',
	'User Service Request',
	'Infrastructure Restoration',
	'Infrastructure Event',
	'Security Incident',
];
export const REPORTED_SOURCES = [
	'Direct Input',
	'Email',
	'External Escalation',
	'Fax',
	'Self Service',
	'Systems Management',
	'Phone',
	'Voice Mail',
	'Walk In',
	'Web',
	'Other',
];
const RESOLVED = INCIDENT_STATUSES.indexOf('Resolved');

/** Incident Numbers come from their own counter, offset so they never equal an Entry ID. */
const INCIDENT_NUMBER_OFFSET = 1000;

export function incidentNumber(n: number): string {
	return `INC${String(n + INCIDENT_NUMBER_OFFSET).padStart(12, '0')}`;
}

/** The ticket fields shared (by ID) between the ticket, the join and the interface create form. */
function ticketFields(detailedName: string, serviceTypeName = 'Service Type'): FieldDef[] {
	const F = HelpDeskField;
	return [
		selection(F.STATUS, 'Status', 'REQUIRED', INCIDENT_STATUSES, 0),
		char(F.DESCRIPTION, 'Description', 'REQUIRED', 100),
		char(F.LAST_NAME, 'Last_Name', 'OPTIONAL', 60),
		char(F.FIRST_NAME, 'First_Name', 'OPTIONAL', 60),
		selection(F.SERVICE_TYPE, serviceTypeName, 'REQUIRED', SERVICE_TYPES, 0),
		char(F.DETAILED_DESCRIPTION, detailedName, 'OPTIONAL', 0),
		char(F.INCIDENT_NUMBER, 'Incident Number', 'OPTIONAL', 15),
		selection(F.URGENCY, 'Urgency', 'REQUIRED', URGENCIES, undefined, SEVERITY_IDS),
		selection(F.IMPACT, 'Impact', 'REQUIRED', IMPACTS, undefined, SEVERITY_IDS),
		selection(F.REPORTED_SOURCE, 'Reported Source', 'REQUIRED', REPORTED_SOURCES, 0),
		char(F.ASSIGNED_GROUP, 'Assigned Group', 'OPTIONAL', 60),
	];
}

/** Priority (0 Critical .. 3 Low) from Impact and Urgency ids (1000 .. 4000). */
export function priorityOf(impact: number, urgency: number): number {
	return Math.floor((impact / 1000 - 1 + (urgency / 1000 - 1)) / 2);
}

/** ITSM computes Priority from Impact x Urgency; the emulator uses a simple symmetric matrix. */
function computePriority(values: EntryValues): void {
	const impact = values[HelpDeskField.IMPACT];
	const urgency = values[HelpDeskField.URGENCY];
	if (typeof impact === 'number' && typeof urgency === 'number') {
		values[HelpDeskField.PRIORITY] = priorityOf(impact, urgency);
	}
}

export function helpDeskForm(): FormSpec {
	const F = HelpDeskField;
	return {
		name: HELP_DESK_FORM,
		type: 'REGULAR',
		idPrefix: 'INC',
		uniqueIndexes: [[F.INCIDENT_NUMBER]],
		fields: [
			...coreFields({
				id: 'Entry ID',
				submitter: 'Submitter',
				created: 'Submit Date',
				modified: 'Last Modified Date',
			}),
			char(F.ASSIGNEE_LOGIN_ID, 'Assignee Login ID', 'OPTIONAL', 254),
			char(F.SHORT_DESCRIPTION, 'Short Description', 'REQUIRED', 254, { defaultValue: '.' }),
			...ticketFields('Detailed Decription'),
			char(F.COMPANY, 'Company', 'OPTIONAL', 254),
			char(F.Z1D_ACTION, 'z1D_Action', 'DISPLAY', 40),
			char(F.RESOLUTION, 'Resolution', 'OPTIONAL', 0),
			selection(F.PRIORITY, 'Priority', 'OPTIONAL', PRIORITIES),
			char(F.ASSIGNEE, 'Assignee', 'OPTIONAL', 254),
			char(F.ASSIGNED_SUPPORT_COMPANY, 'Assigned Support Company', 'OPTIONAL', 254),
			integer(F.TOTAL_TRANSFERS, 'Total Transfers', 'OPTIONAL', 0),
			time(F.REPORTED_DATE, 'Reported Date', 'OPTIONAL'),
			time(F.LAST_RESOLVED_DATE, 'Last Resolved Date', 'OPTIONAL'),
			char(F.CUSTOMER_LOGIN_ID, 'Customer Login ID', 'OPTIONAL', 254),
		],
		hooks: {
			beforeCreate(values, ctx) {
				values[F.INCIDENT_NUMBER] ??= incidentNumber(ctx.nextNumber('incident-number'));
				values[F.REPORTED_DATE] ??= ctx.now;
				computePriority(values);
				if (values[F.STATUS] === RESOLVED) values[F.LAST_RESOLVED_DATE] ??= ctx.now;
			},
			beforeModify(values, previous, ctx) {
				computePriority(values);
				if (values[F.STATUS] === RESOLVED && previous[F.STATUS] !== RESOLVED) {
					values[F.LAST_RESOLVED_DATE] = ctx.now;
				}
				const group = values[F.ASSIGNED_GROUP];
				if (previous[F.ASSIGNED_GROUP] != null && group !== previous[F.ASSIGNED_GROUP]) {
					values[F.TOTAL_TRANSFERS] = ((previous[F.TOTAL_TRANSFERS] as number) ?? 0) + 1;
				}
			},
		},
	};
}

/** Join of the ticket form with itself: ID `A|A`, ticket fields by the same IDs. */
export function incidentJoinForm(): FormSpec {
	const F = HelpDeskField;
	return {
		name: INCIDENT_JOIN_FORM,
		type: 'JOIN',
		joinOf: HELP_DESK_FORM,
		uniqueIndexes: [],
		fields: [
			...coreFields({
				id: 'Request ID',
				submitter: 'Submitter',
				created: 'Submit Date',
				modified: 'Last Modified Date',
				idLength: 31,
			}),
			...ticketFields('Detailed Decription'),
			selection(F.PRIORITY, 'Priority', 'OPTIONAL', PRIORITIES),
			char(F.CUSTOMER_LOGIN_ID, 'Customer Login ID', 'OPTIONAL', 254),
		],
	};
}

/**
 * The interface form clients create tickets through. Its filter creates the `HPD:Help Desk` entry
 * and copies the new Incident Number back, so the `Location` ID (this form's Request ID) is not
 * the ticket number: clients must read `Incident Number` or re-query the ticket form.
 */
export function incidentCreateForm(): FormSpec {
	const F = HelpDeskField;
	return {
		name: INCIDENT_CREATE_FORM,
		type: 'REGULAR',
		uniqueIndexes: [],
		fields: [
			...coreFields({
				id: 'Request ID',
				submitter: 'Submitter',
				created: 'Create Date',
				modified: 'Modified Date',
			}),
			char(F.SHORT_DESCRIPTION, 'Short Description', 'REQUIRED', 254, { defaultValue: '.' }),
			...ticketFields('Detailed_Decription', 'Service_Type'),
			char(F.Z1D_ACTION, 'z1D_Action', 'OPTIONAL', 40),
			char(F.CUSTOMER_LOGIN_ID, 'Login_ID', 'OPTIONAL', 254),
		],
		hooks: {
			beforeCreate(values: EntryValues, ctx: HookContext) {
				const ticket: EntryValues = {};
				for (const f of ticketFields('x')) {
					if (f.id !== F.INCIDENT_NUMBER && values[f.id] != null) ticket[f.id] = values[f.id];
				}
				if (values[F.CUSTOMER_LOGIN_ID] != null) {
					ticket[F.CUSTOMER_LOGIN_ID] = values[F.CUSTOMER_LOGIN_ID];
				}
				const ticketId = ctx.createEntry(HELP_DESK_FORM, ticket);
				const created = ctx.readEntry(HELP_DESK_FORM, ticketId);
				values[F.INCIDENT_NUMBER] = created?.[F.INCIDENT_NUMBER] ?? null;
			},
		},
	};
}
