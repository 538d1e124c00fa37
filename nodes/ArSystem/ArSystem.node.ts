import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { router } from './actions/router';
import { properties } from './actions/versionDescription';
import { listSearch, loadOptions, resourceMapping } from './methods';

export class ArSystem implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR System',
		name: 'arSystem',
		icon: { light: 'file:../../icons/arSystem.svg', dark: 'file:../../icons/arSystem.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Manage users, groups, people and any form in BMC Remedy AR System and BMC Helix ITSM',
		defaults: { name: 'AR System' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'arSystemApi', required: true }],
		properties,
	};

	methods = { listSearch, loadOptions, resourceMapping };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
