import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import {
	APP_DESCRIPTION,
	fieldsToReturn,
	filterFields,
	formLocator,
	optionsCollection,
	simplifyField,
} from '../ArSystem/actions/common.descriptions';
import { triggerMethods } from '../ArSystem/methods';
import { DEFAULT_COMMIT_WINDOW, MAX_COMMIT_WINDOW } from './cursor';
import { pollWith, setup } from './poll';

export class ArSystemTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AR System Trigger',
		name: 'arSystemTrigger',
		icon: {
			light: 'file:../../icons/arSystem.svg',
			dark: 'file:../../icons/arSystem.dark.svg',
		},
		group: ['trigger'],
		version: 1,
		// The canvas may hand the resource locator over as its bare value, not as { value }: read both.
		subtitle:
			'={{ (($parameter["form"] && $parameter["form"].value) || (typeof $parameter["form"] === "string" && $parameter["form"]) || "User") + ": " + $parameter["event"] }}',
		description: APP_DESCRIPTION,
		defaults: { name: 'AR System Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'arSystemApi', required: true }],
		properties: [
			{ ...formLocator, default: { mode: 'list', value: 'User' } },
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				options: [
					{
						name: 'New',
						value: 'created',
						description: 'Entries created since the last poll',
					},
					{
						name: 'New or Updated',
						value: 'any',
						description: 'Entries created or modified since the last poll',
					},
					{
						name: 'Updated',
						value: 'updated',
						description: 'Existing entries modified since the last poll',
					},
				],
				default: 'any',
			},
			...filterFields,
			fieldsToReturn,
			simplifyField,
			optionsCollection([
				{
					displayName: 'Commit Window (Seconds)',
					name: 'commitWindow',
					type: 'number',
					default: DEFAULT_COMMIT_WINDOW,
					typeOptions: { minValue: 1, maxValue: MAX_COMMIT_WINDOW },
					description:
						"How long a write may take on your server between being stamped (AR sets Modified Date when it starts) and becoming visible (after its filters ran and it committed). Each poll re-reads the entries changed within this many seconds of AR's own clock, so a slow write is still caught; 60 covers slow filter chains and small clock differences within a server group. Raise it for long-running filters or plugins; lower it to read less on a very busy form.",
				},
				{
					displayName: 'Emit Existing Entries on First Run',
					name: 'emitExisting',
					type: 'boolean',
					default: false,
					description:
						'Whether the first poll after activation emits every entry that matches, instead of starting from now',
				},
				{
					displayName: 'Max Entries Per Poll',
					name: 'maxEntries',
					type: 'number',
					default: 1000,
					typeOptions: { minValue: 1 },
					description: 'The rest arrives with the next poll; nothing is skipped',
				},
			]),
		],
	};


	methods = triggerMethods;

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const s = await setup.call(this);
		try {
			return await pollWith.call(this, s);
		} catch (error) {
			// A 400 usually means the form changed under the cached setup (a renamed field):
			// rebuild it from fresh metadata on the next poll. The cursor is not touched.
			if ((error as NodeApiError).httpCode === '400')
				delete this.getWorkflowStaticData('node').setup;
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(this.getNode(), error as Error);
		}
	}
}
