import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** AR entry IDs are at most 15 characters per segment; join-form IDs join segments with '|'. */
const MAX_SEGMENT = 15;

/** Reads and checks the Request ID parameter before anything is sent. */
export function requireId(this: IExecuteFunctions, i: number, parameter = 'requestId'): string {
	const id = String(this.getNodeParameter(parameter, i, '') ?? '').trim();
	if (id === '') {
		throw new NodeOperationError(this.getNode(), 'Request ID is empty', {
			itemIndex: i,
			description: 'Set Request ID to the entry ID (field 1), for example 000000000000123.',
		});
	}
	if (id.split('|').some((segment) => segment.length > MAX_SEGMENT || segment === '')) {
		throw new NodeOperationError(this.getNode(), `Request ID '${id}' is not a valid entry ID`, {
			itemIndex: i,
			description:
				'An entry ID has at most 15 characters (ARERR 101). Ticket numbers such as INC000000000123 are not always the entry ID: use Get Many with a filter on the ticket number.',
		});
	}
	return id;
}
