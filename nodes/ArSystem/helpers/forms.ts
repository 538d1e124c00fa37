import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

/** Forms behind the dedicated resources; Entry names its form itself. */
export const RESOURCE_FORMS: Record<string, string> = {
	user: 'User',
	group: 'Group',
	person: 'CTM:People',
	identity: 'User',
};

/** The form an execution item works on, from the resource or the Form locator. */
export function formForItem(this: IExecuteFunctions, itemIndex: number): string {
	const resource = this.getNodeParameter('resource', itemIndex) as string;
	const fixed = RESOURCE_FORMS[resource];
	if (fixed) return fixed;
	const form = String(this.getNodeParameter('form', itemIndex, '', { extractValue: true }) ?? '');
	return form.trim();
}

/** The same for pickers, which run outside an execution and read the current parameters. */
export function formForPicker(this: ILoadOptionsFunctions): string {
	const resource = this.getCurrentNodeParameter('resource') as string | undefined;
	const fixed = resource ? RESOURCE_FORMS[resource] : undefined;
	if (fixed) return fixed;
	const form = this.getCurrentNodeParameter('form', { extractValue: true });
	return String(form ?? '').trim();
}
