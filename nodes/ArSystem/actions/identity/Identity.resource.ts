import type { INodeProperties } from 'n8n-workflow';

import { operationSelector } from '../common.descriptions';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as reconcile from './reconcile.operation';

export { get, getAll, reconcile };

export const description: INodeProperties[] = [
	operationSelector('identity', 'get', [
		{
			name: 'Get',
			value: 'get',
			description:
				'Get one person in full: User fields, status, license, groups with names and the CTM:People record',
			action: 'Get an identity',
		},
		{
			name: 'Get Many',
			value: 'getAll',
			description: 'Get many identities (User + People + groups), filtered on User fields',
			action: 'Get many identities',
		},
		{
			name: 'Reconcile',
			value: 'reconcile',
			description:
				'Bring AR in line with a source of truth (HR, an identity provider): plan creates, updates and leavers, then apply',
			action: 'Reconcile identities',
		},
	]),
	...get.description,
	...getAll.description,
	...reconcile.description,
];
