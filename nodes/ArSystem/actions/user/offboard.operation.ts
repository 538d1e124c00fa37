import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { groupIdsFrom } from '../../helpers/groupDirectory';
import { PEOPLE_FIELDS, PEOPLE_FORM, USER_FIELDS, USER_FORM, fieldName } from '../../helpers/identity';
import { effectiveDryRun } from '../../helpers/toolUse';
import type { FormMetadata } from '../../helpers/metadata';
import { getFormMetadata } from '../../helpers/metadata';
import { forOperation, userLocator } from '../common.descriptions';
import { profileStatusField } from '../people/people.common';
import type { PlannedChange } from '../../helpers/itsm/changes';
import { applyPlan, reportOrThrow, summaryOf } from '../../helpers/itsm/changes';
import type { OpenTicket, SupportGroupInfo } from '../../helpers/itsm/data';
import { HELP_DESK_FORM, TICKET_FIELDS, openTicketsOf } from '../../helpers/itsm/data';
import { removeMembershipChange, removeRoleChange } from '../../helpers/itsm/membershipPlan';
import { resolveSupportGroup, supportGroupLocator } from '../supportGroup/supportGroup.common';
import type { Access, Directories } from './access';
import { accessLabel, directories, groupListChange, groupListRetries, readAccess, reportHeader } from './access';
import { statusLabelFor } from '../../helpers/statusLabels';
import { statusOptions } from './status';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'offboard', [
	userLocator,
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only report what would change, changing nothing',
	},
	{
		displayName: 'Disable Login',
		name: 'disableLogin',
		type: 'boolean',
		default: true,
		description: "Whether to set the User Status to the server's disabled label",
	},
	{
		displayName: 'Set Profile Status',
		name: 'setProfileStatus',
		type: 'boolean',
		default: true,
		description: 'Whether to set the Profile Status of the CTM:People record',
	},
	{
		...profileStatusField,
		default: 'Obsolete',
		displayOptions: { show: { setProfileStatus: [true] } },
	},
	{
		displayName: 'Remove Permission Groups',
		name: 'removePermissionGroups',
		type: 'boolean',
		default: true,
		description: "Whether to empty the user's Group List (except the groups to keep)",
	},
	{
		displayName: 'Groups to Keep',
		name: 'keepGroups',
		type: 'string',
		default: '',
		placeholder: 'e.g. Submitter, 400002',
		description: 'Group names or IDs, comma-separated, that stay in the Group List',
		displayOptions: { show: { removePermissionGroups: [true] } },
	},
	{
		displayName: 'Remove Support Groups',
		name: 'removeSupportGroups',
		type: 'boolean',
		default: true,
		description: 'Whether to end every support group membership (CTM:Support Group Association)',
	},
	{
		displayName: 'Remove Functional Roles',
		name: 'removeFunctionalRoles',
		type: 'boolean',
		default: true,
		description: 'Whether to remove every functional role (CTM:SupportGroupFunctionalRole)',
	},
	{
		displayName: 'Open Tickets',
		name: 'openTickets',
		type: 'options',
		options: [
			{ name: 'List Them', value: 'list', description: 'Report the open incidents assigned to the person' },
			{
				name: 'Reassign to a Support Group',
				value: 'reassign',
				description: 'Assign each open incident to a support group, with no individual assignee',
			},
			{ name: 'Ignore', value: 'ignore', description: 'Do not look at tickets' },
		],
		default: 'list',
		description: 'What to do with open HPD:Help Desk incidents assigned to the person',
	},
	{
		...supportGroupLocator,
		displayName: 'Reassign To',
		name: 'reassignTo',
		description: 'The support group that takes over the open incidents',
		displayOptions: { show: { openTickets: ['reassign'] } },
	},
	statusOptions('disabled'),
]);

export const toolClass: ToolClass = 'destructiveDryRun';

function ticketView(ticket: OpenTicket): IDataObject {
	return {
		requestId: ticket.requestId,
		incidentNumber: ticket.incidentNumber,
		status: ticket.status,
		description: ticket.description,
		assignedGroup: ticket.assignedGroup,
		assignedGroupId: ticket.assignedGroupId,
	};
}

/** Hands an incident to a group: group fields set, individual assignee cleared. */
function reassignChange(metadata: FormMetadata, ticket: OpenTicket, group: SupportGroupInfo): PlannedChange {
	const F = TICKET_FIELDS;
	const name = (id: number) => metadata.byId.get(id)?.name;
	const write: IDataObject = {};
	const before: IDataObject = {};
	const after: IDataObject = {};
	const set = (id: number, key: string, from: unknown, to: unknown) => {
		const field = name(id);
		if (!field) return;
		write[field] = to as IDataObject[string];
		before[key] = (from ?? null) as IDataObject[string];
		after[key] = (to ?? null) as IDataObject[string];
	};
	set(F.group, 'assignedGroup', ticket.assignedGroup, group.name);
	set(F.groupId, 'assignedGroupId', ticket.assignedGroupId, group.id);
	set(F.company, 'assignedSupportCompany', undefined, group.company);
	set(F.organization, 'assignedSupportOrganization', undefined, group.organization);
	set(F.assigneeLoginId, 'assigneeLoginId', ticket.assigneeLoginId, null);
	set(F.assignee, 'assignee', undefined, null);
	// In Progress and Pending need an individual assignee on ITSM; the group starts from Assigned.
	const labels = metadata.byId.get(F.status)?.enumLabels ?? [];
	if (ticket.status && /^(in progress|pending)$/i.test(ticket.status) && labels.includes('Assigned')) {
		set(F.status, 'status', ticket.status, 'Assigned');
	}
	// Values the ticket list does not carry are reported as they were read only when known.
	delete before.assignedSupportCompany;
	delete before.assignedSupportOrganization;
	delete before.assignee;
	return {
		step: 'ticket',
		action: 'update',
		form: HELP_DESK_FORM,
		entryId: ticket.requestId,
		target: `incident ${ticket.incidentNumber ?? ticket.requestId}`,
		before,
		after,
		write,
	};
}

interface Plan {
	changes: PlannedChange[];
	notes: string[];
	openTickets?: IDataObject[];
}

async function planOffboard(this: IExecuteFunctions, i: number, access: Access, dirs: Directories): Promise<Plan> {
	const get = <T>(name: string, fallback: T) => this.getNodeParameter(name, i, fallback) as T;
	const changes: PlannedChange[] = [];
	const notes: string[] = [];
	const { metadata: userMetadata, requestId, entry } = access.user;

	if (get('disableLogin', true)) {
		const options = get<IDataObject>('options', {});
		let label: string;
		try {
			label = statusLabelFor(userMetadata, 'disabled', String(options.disabledLabel ?? '').trim());
		} catch (error) {
			throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
		}
		const statusName = fieldName(userMetadata, USER_FIELDS.status);
		const previous = entry.values[statusName] ?? null;
		if (previous !== label) {
			changes.push({
				step: 'disableLogin',
				action: 'update',
				form: USER_FORM,
				entryId: requestId,
				target: `login of ${accessLabel(access)}`,
				before: { status: previous },
				after: { status: label },
				write: { [statusName]: label },
			});
		}
	}

	if (get('setProfileStatus', true)) {
		const wanted = String(get('profileStatus', 'Obsolete')).trim();
		if (!access.people) {
			notes.push('No CTM:People record: Profile Status not set.');
		} else {
			const { metadata, entry: person, ref } = access.people;
			const statusName = fieldName(metadata, PEOPLE_FIELDS.status);
			const labels = metadata.byId.get(PEOPLE_FIELDS.status)?.enumLabels ?? [];
			if (labels.length > 0 && !labels.includes(wanted)) {
				throw new NodeOperationError(this.getNode(), `'${wanted}' is not a Profile Status on this server`, {
					itemIndex: i,
					description: `Pick one of: ${labels.join(', ')}.`,
				});
			}
			const previous = person.values[statusName] ?? null;
			if (previous !== wanted) {
				changes.push({
					step: 'profileStatus',
					action: 'update',
					form: PEOPLE_FORM,
					entryId: ref.personId,
					target: `person ${accessLabel(access)}`,
					before: { profileStatus: previous },
					after: { profileStatus: wanted },
					write: { [statusName]: wanted },
				});
			}
		}
	}

	if (get('removePermissionGroups', true)) {
		const keep = await groupIdsFrom.call(this, i, get('keepGroups', ''));
		// A group kept by ID also keeps a token that names it (lists sometimes hold names).
		const keepOnly = keep.map((id) => ({ id, name: dirs.groups.names.get(id) }));
		const change = groupListChange.call(this, access, { keepOnly }, dirs);
		if (change) changes.push(change);
	}

	// Roles before memberships: a role never outlives the membership it belongs to.
	if (get('removeFunctionalRoles', true)) {
		for (const role of access.roles) changes.push(removeRoleChange(role, dirs.supportGroups, access.people?.ref.fullName));
	}
	if (get('removeSupportGroups', true)) {
		for (const membership of access.memberships) {
			changes.push(removeMembershipChange(membership, dirs.supportGroups, access.people?.ref.fullName));
		}
	}

	const ticketMode = get<string>('openTickets', 'list');
	let openTickets: IDataObject[] | undefined;
	if (ticketMode !== 'ignore') {
		const tickets = (await openTicketsOf.call(this, [access.login])).get(access.login) ?? [];
		openTickets = tickets.map(ticketView);
		if (ticketMode === 'reassign' && tickets.length > 0) {
			const group = await resolveSupportGroup.call(this, i, 'reassignTo');
			const metadata = await getFormMetadata.call(this, HELP_DESK_FORM);
			for (const ticket of tickets) changes.push(reassignChange(metadata, ticket, group));
		}
	}
	return { changes, notes, openTickets };
}

/**
 * Offboards one person in a single, repeatable step: each part runs only if it would change
 * something, so a second run changes nothing and says so. The output is the report of every
 * change with its before and after values.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	// An agent gets only the report until the workflow author allows applying (toolSafety).
	const dryRun = effectiveDryRun.call(this, i);
	const access = await readAccess.call(this, i, 'user');
	const dirs = await directories.call(this);
	const plan = await planOffboard.call(this, i, access, dirs);
	const report = await applyPlan.call(this, plan.changes, dryRun);
	const out: IDataObject & typeof report = {
		...reportHeader(access),
		...report,
		summary: summaryOf(report, `Offboard ${access.login}`),
		notes: plan.notes,
		retries: groupListRetries(plan.changes),
	};
	if (plan.openTickets) out.openTickets = plan.openTickets;
	return reportOrThrow.call(this, i, `Offboard of ${access.login}`, out);
}
