import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { USER_FIELDS, USER_FORM, fieldName } from '../../helpers/identity';
import type { FormMetadata } from '../../helpers/metadata';
import { updateEntry } from '../../transport';
import { userLocator } from '../common.descriptions';
import { locateUser, loginOf } from './user.common';

type Target = 'disabled' | 'enabled';

/**
 * The User form's Status labels are not standardised (the reference could not confirm them), so
 * they are read from the server and recognised by meaning, with an override for unusual sites.
 */
const PATTERNS: Record<Target, RegExp> = {
	disabled: /^(disabled?|inactive|locked|obsolete)$/i,
	enabled: /^(current|enabled?|active)$/i,
};

/** Whether a User Status value means the login cannot sign in (Disabled, Inactive, Locked…). */
export function isDisabledStatus(value: unknown): boolean {
	return typeof value === 'string' && PATTERNS.disabled.test(value.trim());
}

export function statusLabelFor(metadata: FormMetadata, target: Target, override: string): string {
	const labels = (metadata.byId.get(USER_FIELDS.status)?.enumLabels ?? []).filter((l) => l !== '');
	if (override) {
		const match = labels.find((label) => label.toLowerCase() === override.toLowerCase());
		if (labels.length > 0 && !match) {
			throw new Error(`'${override}' is not a Status of this server's User form (${labels.join(', ')})`);
		}
		return match ?? override;
	}
	const found = labels.find((label) => PATTERNS[target].test(label));
	// Index 0 is the normal, active state on the User form.
	if (!found && target === 'enabled' && labels[0]) return labels[0];
	if (!found) {
		throw new Error(
			`Could not tell which Status means ${target} on this server (labels: ${labels.join(', ') || 'none'}). Set Options → ${target === 'disabled' ? 'Disabled' : 'Enabled'} Status Label.`,
		);
	}
	return found;
}

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
