import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseGroupList } from '../../helpers/groupList';
import {
	PEOPLE_FIELDS,
	PEOPLE_FORM,
	USER_FIELDS,
	USER_FORM,
	fieldName,
	groupDirectory,
	groupNames,
	groupsFromTokens,
} from '../../helpers/identity';
import type { GroupDirectory } from '../../helpers/identity';
import type { FormMetadata } from '../../helpers/metadata';
import { getFormMetadata } from '../../helpers/metadata';
import type { OutputShape } from '../../helpers/query';
import { entryToItem, outputShape } from '../../helpers/query';
import {
	anyOfQualification,
	chunkValuesForUrl,
	combine,
	buildCondition,
} from '../../helpers/qualification';
import type { ArEntry } from '../../transport';
import { arRequestAllPages } from '../../transport/pagination';
import { statusLabelFor } from '../user/status';

/**
 * The People fields an identity carries by default: who the person is and how to reach them.
 * CTM:People has hundreds of fields on real servers; Person → Get returns all of them.
 */
const MAIN_PEOPLE_FIELDS = [
	'Person ID',
	'Remedy Login ID',
	'First Name',
	'Last Name',
	'Full Name',
	'Internet E-mail',
	'Phone Number Business',
	'Company',
	'Organization',
	'Department',
	'Site',
	'Profile Status',
	'Support Staff',
	'VIP',
	'Client Type',
];

export const peopleFieldsField: INodeProperties = {
	displayName: 'People Fields',
	name: 'peopleFields',
	type: 'options',
	options: [
		{
			name: 'Main Fields',
			value: 'main',
			description: 'Name, e-mail, phone, company, organization, department, site, status and flags',
		},
		{ name: 'All Fields', value: 'all', description: 'Every field of the CTM:People record' },
	],
	default: 'main',
	description: 'Which fields of the CTM:People record each identity carries',
};

export interface JoinContext {
	user: FormMetadata;
	people: FormMetadata;
	userShape: OutputShape;
	peopleShape: OutputShape;
	groups: GroupDirectory;
	disabledLabel?: string;
	/** People fields to request; undefined = all. */
	peopleFieldNames?: string[];
}

export async function joinContext(this: IExecuteFunctions, i: number): Promise<JoinContext> {
	const [user, people, groups] = await Promise.all([
		getFormMetadata.call(this, USER_FORM),
		getFormMetadata.call(this, PEOPLE_FORM),
		groupNames.call(this),
	]);
	let disabledLabel: string | undefined;
	try {
		disabledLabel = statusLabelFor(user, 'disabled', '');
	} catch {
		// A site with unrecognisable labels: `disabled` then means "not the first (active) label".
		disabledLabel = undefined;
	}
	const main = this.getNodeParameter('peopleFields', i, 'main') === 'main';
	return {
		user,
		people,
		peopleFieldNames: main
			? MAIN_PEOPLE_FIELDS.filter((name) => people.byName.has(name)).concat(
					fieldName(people, PEOPLE_FIELDS.loginId),
				)
			: undefined,
		userShape: outputShape(user),
		peopleShape: outputShape(people),
		groups: groupDirectory(groups),
		disabledLabel,
	};
}

/**
 * People records for a batch of users. When the batch is a contiguous run of Login Names (users
 * read sorted by login, no filter) one range query covers it; otherwise the logins are looked up
 * in OR-chunks sized to keep URLs short. Either way requests grow with batches, not users.
 */
export async function peopleFor(
	this: IExecuteFunctions,
	ctx: JoinContext,
	logins: string[],
	contiguous: boolean,
): Promise<Map<string, ArEntry>> {
	const loginField = fieldName(ctx.people, PEOPLE_FIELDS.loginId);
	const found = new Map<string, ArEntry>();
	const wanted = logins.filter((login) => login !== '');
	if (wanted.length === 0) return found;
	const queries: string[] = [];
	if (contiguous && wanted.length > 1) {
		// The batch arrived sorted by the server's own collation: its ends bound the range exactly
		// (a JavaScript sort could disagree with the database on non-ASCII logins).
		const field = ctx.people.byName.get(loginField);
		const [first, last] = [wanted[0], wanted[wanted.length - 1]];
		queries.push(
			combine(
				[
					buildCondition({ field: loginField, operator: 'gte', value: first }, field),
					buildCondition({ field: loginField, operator: 'lte', value: last }, field),
				],
				'AND',
			),
		);
	} else {
		for (const chunk of chunkValuesForUrl(loginField, wanted)) {
			queries.push(anyOfQualification(loginField, chunk));
		}
	}
	const wantedSet = new Set(wanted);
	for (const q of queries) {
		const entries = await arRequestAllPages.call(
			this,
			PEOPLE_FORM,
			{ q, fields: ctx.peopleFieldNames && [...new Set(ctx.peopleFieldNames)] },
			{ idField: ctx.people.idField.name },
		);
		for (const entry of entries) {
			const login = String(entry.values[loginField] ?? '');
			if (wantedSet.has(login)) found.set(login, entry);
		}
	}
	return found;
}

/** The joined identity: the user's fields, groups with names, the People record and flags. */
export function identityItem(ctx: JoinContext, user: ArEntry, person: ArEntry | undefined): IDataObject {
	const item = entryToItem(user, ctx.userShape, true);
	const status = user.values[fieldName(ctx.user, USER_FIELDS.status)];
	const firstLabel = ctx.user.byId.get(USER_FIELDS.status)?.enumLabels?.[0];
	const disabled = ctx.disabledLabel !== undefined ? status === ctx.disabledLabel : status !== firstLabel;
	const tokens = parseGroupList(user.values[fieldName(ctx.user, USER_FIELDS.groupList)]);
	return {
		...item,
		groups: groupsFromTokens(tokens, ctx.groups),
		people: person ? entryToItem(person, ctx.peopleShape, true) : null,
		disabled,
		hasPeopleRecord: person !== undefined,
	};
}

export function loginOfUser(ctx: JoinContext, user: ArEntry): string {
	return String(user.values[fieldName(ctx.user, USER_FIELDS.login)] ?? '');
}
