import type { IDataObject, INode } from 'n8n-workflow';

import { CREDENTIAL_REF, TRIGGER_TYPE } from '../harness/n8n';

/** An AR System Trigger node on the User form (New or Updated), with parameters on top. */
export function triggerNode(parameters: IDataObject = {}): INode {
	return {
		id: 'trigger',
		name: 'AR System Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {
			form: { __rl: true, mode: 'name', value: 'User' },
			event: 'any',
			...parameters,
		},
		credentials: CREDENTIAL_REF,
	};
}
