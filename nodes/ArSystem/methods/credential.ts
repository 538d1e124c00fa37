import type { ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../transport';

/**
 * Pickers ask the server, so they need the credential. n8n's editor (2.41) can send a node's first
 * options request before it has assigned the credential it is about to select: when a node is
 * added to a saved workflow, the credential is auto-selected only after the usable credentials for
 * that workflow arrive, and a parameter whose options are still loading skips the reload that the
 * credential change triggers (editor-ui ParameterInput: the credentials watcher calls
 * loadRemoteParameterOptions, which returns early while a load is in flight). n8n-core then
 * answers "Node does not have any credentials set". Say what happened and what to do instead.
 */
export function requireCredential(this: ILoadOptionsFunctions): void {
	if (this.getNode().credentials?.[CREDENTIAL_TYPE]) return;
	throw new NodeOperationError(this.getNode(), 'No AR System credential selected yet', {
		description:
			'Select the AR System API credential at the top of the panel. If it is already selected, this list was asked for before the credential was set: choose Refresh List in the field\'s menu, or close and reopen the panel.',
		level: 'warning',
	});
}
