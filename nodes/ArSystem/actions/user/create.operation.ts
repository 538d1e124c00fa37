import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { USER_FORM } from '../../helpers/identity';
import { withoutSecrets } from '../../helpers/mapping';
import { getFormMetadata } from '../../helpers/metadata';
import { createEntry } from '../../transport';
import { userCreateFields } from './user.descriptions';
import { userValues } from './user.common';
import { forOperation } from '../common.descriptions';
import type { ToolClass } from '../toolSafety';

export const description = forOperation('user', 'create', userCreateFields);

export const toolClass: ToolClass = 'change';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const metadata = await getFormMetadata.call(this, USER_FORM);
	const named: IDataObject = {
		loginName: this.getNodeParameter('loginName', i),
		fullName: this.getNodeParameter('fullName', i),
		password: this.getNodeParameter('password', i, ''),
		licenseType: this.getNodeParameter('licenseType', i),
		status: this.getNodeParameter('status', i, ''),
		...(this.getNodeParameter('additionalFields', i, {}) as IDataObject),
	};
	const values = await userValues.call(this, i, metadata, named, 'create');
	const { requestId } = await createEntry.call(this, USER_FORM, values);
	return [{ _requestId: requestId ?? null, ...withoutSecrets(values, metadata) }];
}
