import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { ScimChange } from './scim/context';
import type { ScimRequest, ScimResponse } from './scim/handler';

/**
 * What an execution records: one item per change the request made on AR (created, updated,
 * deactivated, reactivated, deleted, group membership changed…), with the identity provider's
 * request id, so a workflow can continue into Slack or an audit store. Reads and failures only
 * when the options ask for them. Items never carry a header, a body, a password or the secret:
 * only ids, names, attribute names and the answer's status.
 */
export function executionItems(
	request: ScimRequest,
	response: ScimResponse,
	changes: ScimChange[],
	options: { outputReads: boolean; outputFailures: boolean; requestId?: string; receivedAt: string },
): INodeExecutionData[] {
	const common: IDataObject = {
		method: request.method.toUpperCase(),
		path: `/${request.path}`,
		status: response.statusCode,
		...(options.requestId ? { requestId: options.requestId } : {}),
		receivedAt: options.receivedAt,
	};
	if (changes.length > 0) {
		return changes.map((change) => ({ json: { ...(change as unknown as IDataObject), ...common } }));
	}
	if (response.statusCode >= 400) {
		if (!options.outputFailures) return [];
		const body = (response.body ?? {}) as IDataObject;
		return [{ json: { event: 'failed', ...common, scimType: body.scimType, detail: body.detail } }];
	}
	return options.outputReads ? [{ json: { event: 'read', ...common } }] : [];
}
