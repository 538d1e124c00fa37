import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { USER_FIELDS, USER_FORM, fieldName } from '../../helpers/identity';
import { qualificationFromParameters } from '../../helpers/query';
import { pages } from '../../transport/pagination';
import { filterFields, forOperation, getManyOptions, limitField, returnAllField } from '../common.descriptions';
import {
	identityItem,
	itsmFor,
	joinContext,
	loginOfUser,
	openTicketsOption,
	peopleFieldsField,
	peopleFor,
} from './join';
import type { ToolClass } from '../toolSafety';

const options: INodeProperties = {
	...getManyOptions,
	options: [...(getManyOptions.options ?? []), openTicketsOption],
};

export const description = forOperation('identity', 'getAll', [returnAllField, limitField, ...filterFields, options, peopleFieldsField]);

export const toolClass: ToolClass = 'read';

/**
 * Pages users sorted by Login Name and joins each page with its People records, support groups,
 * functional roles (and open tickets if asked) and the group names: a request or two per form per
 * page, and one Group and one Support Group listing per execution.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const ctx = await joinContext.call(this, i);
	const { q } = qualificationFromParameters.call(this, i, ctx.user);
	const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	const loginField = fieldName(ctx.user, USER_FIELDS.login);
	const out: IDataObject[] = [];
	const batches = pages.call(
		this,
		USER_FORM,
		{ q: q || undefined, sort: [{ field: loginField, direction: 'asc' }] },
		{
			idField: ctx.user.idField.name,
			limit: returnAll ? undefined : (this.getNodeParameter('limit', i, 50) as number),
			pageSize: (options.pageSize as number) || undefined,
			concurrency: (options.concurrency as number) || undefined,
		},
	);
	for await (const users of batches) {
		const logins = users.map((user) => loginOfUser(ctx, user));
		// Unfiltered pages cover a contiguous run of logins, so one range query finds their People.
		const [people, itsm] = await Promise.all([
			peopleFor.call(this, ctx, logins, !q),
			itsmFor.call(this, ctx, logins, !q),
		]);
		for (const user of users) out.push(identityItem(ctx, user, people.get(loginOfUser(ctx, user)), itsm));
	}
	return out;
}
