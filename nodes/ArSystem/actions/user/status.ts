/** What User → Disable, Enable and Offboard share: the Status label option and the Status write. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { USER_FIELDS, USER_FORM, fieldName } from '../../helpers/identity';
import type { StatusTarget } from '../../helpers/statusLabels';
import { statusLabelFor } from '../../helpers/statusLabels';
import { updateEntry } from '../../transport';
import { locateUser, loginOf } from './user.common';
import { optionsCollection, statusLabelOption } from '../common.descriptions';

/** Options → Disabled / Enabled Status Label, shared by Disable, Enable and Offboard. */
export function statusOptions(target: StatusTarget): INodeProperties {
	return optionsCollection([
		statusLabelOption(
			target,
			'The Status label to set, if your server uses its own labels. Leave empty to detect it from the server.',
		),
	]);
}

/**
 * Sets the located user's Status to the server's label for `target` (Options → Disabled / Enabled
 * Status Label overrides it). Already in that state: no write, so Modified Date and the audit
 * history stay untouched.
 */
export async function setStatus(this: IExecuteFunctions, i: number, target: StatusTarget): Promise<IDataObject[]> {
	const optionName = target === 'disabled' ? 'disabledLabel' : 'enabledLabel';
	const located = await locateUser.call(this, i, [USER_FIELDS.login, USER_FIELDS.status]);
	const { metadata, entry, requestId } = located;
	const options = this.getNodeParameter('options', i, {}) as IDataObject;
	let label: string;
	try {
		label = statusLabelFor(metadata, target, String(options[optionName] ?? '').trim());
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, { itemIndex: i });
	}
	const statusName = fieldName(metadata, USER_FIELDS.status);
	const previous = entry.values[statusName];
	const changed = previous !== label;
	if (changed) await updateEntry.call(this, USER_FORM, requestId, { [statusName]: label });
	return [
		{
			_requestId: requestId,
			loginName: loginOf(metadata, entry.values),
			status: label,
			previousStatus: previous ?? null,
			changed,
		},
	];
}
