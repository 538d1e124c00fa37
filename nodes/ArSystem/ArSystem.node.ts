import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { APP_DESCRIPTION } from './actions/common.descriptions';
import { router } from './actions/router';
import { readableSubtitle } from './actions/subtitle';
import { properties } from './actions/versionDescription';
import { listSearch, loadOptions, resourceMapping } from './methods';

export class ArSystem implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR System',
		name: 'arSystem',
		icon: { light: 'file:../../icons/arSystem.svg', dark: 'file:../../icons/arSystem.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: readableSubtitle(properties),
		description: APP_DESCRIPTION,
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
