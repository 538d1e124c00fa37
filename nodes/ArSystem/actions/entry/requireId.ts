import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { brokenCharacter, clip, isDotSegment } from '../../helpers/text';

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
	const problem = brokenCharacter(id);
	if (problem) {
		throw new NodeOperationError(this.getNode(), `Request ID contains ${problem}`, {
			itemIndex: i,
			description: 'Remove it: entry IDs are plain text such as 000000000000123.',
		});
	}
	const segments = id.split('|');
	if (segments.some((segment) => segment.length > MAX_SEGMENT || segment === '' || isDotSegment(segment))) {
		throw new NodeOperationError(this.getNode(), `Request ID '${clip(id)}' is not a valid entry ID`, {
			itemIndex: i,
			description:
				'An entry ID has at most 15 characters (ARERR 101). Ticket numbers such as INC000000000123 are not always the entry ID: use Get Many with a filter on the ticket number.',
		});
	}
	return id;
}
