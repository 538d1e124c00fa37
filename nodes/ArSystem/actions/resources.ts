import type { INodeProperties } from 'n8n-workflow';

import * as entry from './entry/Entry.resource';
import * as group from './group/Group.resource';
import * as identity from './identity/Identity.resource';
import * as people from './people/People.resource';
import * as supportGroup from './supportGroup/SupportGroup.resource';
import * as user from './user/User.resource';
import type { OperationModule } from './toolSafety';

/** A resource module: its parameters plus one export per operation, each with a toolClass. */
type ResourceModule = { description: INodeProperties[] } & Record<string, OperationModule | INodeProperties[]>;

/**
 * Every resource by its parameter value. `satisfies` makes an operation module without an
 * execute() or a toolClass a compile error, so nothing reaches an agent unclassified.
 */
export const resources = {
	entry,
	group,
	identity,
	person: people,
	supportGroup,
	user,
} satisfies Record<string, ResourceModule>;

export function operationModule(resource: string, operation: string): OperationModule | undefined {
	const module = (resources as Record<string, ResourceModule>)[resource]?.[operation];
	return module && !Array.isArray(module) && (typeof module.execute === 'function' || typeof module.executeAll === 'function')
		? module
		: undefined;
}
