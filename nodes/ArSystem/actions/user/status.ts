import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { USER_FIELDS, USER_FORM, fieldName } from '../../helpers/identity';
import type { StatusTarget } from '../../helpers/statusLabels';
import { statusLabelFor } from '../../helpers/statusLabels';
import { updateEntry } from '../../transport';
import { userLocator } from '../common.descriptions';
import { locateUser, loginOf } from './user.common';

type Target = StatusTarget;

// Moved down into helpers so the SCIM node can use it without importing an action.
export { statusLabelFor };

/** Options → Disabled / Enabled Status Label, shared by Disable, Enable and Offboard. */
export function statusOptions(target: Target): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: target === 'disabled' ? 'Disabled Status Label' : 'Enabled Status Label',
				name: target === 'disabled' ? 'disabledLabel' : 'enabledLabel',
				type: 'string',
				default: '',
				description:
					'The Status label to set, if your server uses its own labels. Leave empty to detect it from the server.',
			},
		],
	};
}

export function statusOperation(target: Target, operation: string) {
	const optionName = target === 'disabled' ? 'disabledLabel' : 'enabledLabel';
	const properties: INodeProperties[] = [userLocator, statusOptions(target)];
	const description = updateDisplayOptions(
		{ show: { resource: ['user'], operation: [operation] } },
		properties,
	);

	async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
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
		// Already in that state: no write, so Modified Date and audit history stay untouched.
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

	return { description, execute };
}
