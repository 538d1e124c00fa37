import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { brokenCharacter, isDotSegment } from './text';

/** Forms behind the dedicated resources; Entry names its form itself. */
export const RESOURCE_FORMS: Record<string, string> = {
	user: 'User',
	group: 'Group',
	person: 'CTM:People',
	identity: 'User',
	supportGroup: 'CTM:Support Group',
};

/** The form an execution item works on, from the resource or the Form locator. */
export function formForItem(this: IExecuteFunctions, itemIndex: number): string {
	const resource = this.getNodeParameter('resource', itemIndex) as string;
	const fixed = RESOURCE_FORMS[resource];
	if (fixed) return fixed;
	const form = String(this.getNodeParameter('form', itemIndex, '', { extractValue: true }) ?? '').trim();
	const problem =
		form === ''
			? 'is empty'
			: isDotSegment(form)
				? `'${form}' is not a form name`
				: brokenCharacter(form) && `contains ${brokenCharacter(form)}`;
	if (problem) {
		throw new NodeOperationError(this.getNode(), `Form ${problem}`, {
			itemIndex,
			description: 'Pick the form from the list, or enter its exact name (for example HPD:Help Desk).',
		});
	}
	return form;
}

/** The same for pickers, which run outside an execution and read the current parameters. */
export function formForPicker(this: ILoadOptionsFunctions): string {
	const resource = this.getCurrentNodeParameter('resource') as string | undefined;
	const fixed = resource ? RESOURCE_FORMS[resource] : undefined;
	if (fixed) return fixed;
	const form = this.getCurrentNodeParameter('form', { extractValue: true });
	return String(form ?? '').trim();
}
