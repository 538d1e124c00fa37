/**
 * What the editor shows on the canvas and in pickers, in the words a user knows: subtitles from
 * the operation's and resource's display names (evaluated by n8n's own expression engine, as the
 * canvas does), and field types named Text, Selection, Date/Time rather than AR's `char`, `enum`.
 */
import type { INode, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import type { TestEnvironment } from '../harness/n8n';
import { NODE_TYPE, createEnvironment } from '../harness/n8n';

describe('canvas subtitles read as the editor labels them', () => {
	let env: TestEnvironment;

	beforeAll(async () => {
		env = await createEnvironment({});
	});

	const subtitle = (parameters: Record<string, string>) => {
		const nodeType = env.nodeTypes.getByNameAndVersion(NODE_TYPE, 1) as INodeType;
		const node: INode = { id: 'n', name: 'AR System', type: NODE_TYPE, typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: env.nodeTypes });
		return workflow.expression.getSimpleParameterValue(node, nodeType.description.subtitle, 'internal', {});
	};

	it.each([
		[{ resource: 'entry', operation: 'getAll' }, 'Get Many: Entry'],
		[{ resource: 'user', operation: 'offboard' }, 'Offboard: User'],
		[{ resource: 'user', operation: 'copyAccess' }, 'Copy Access: User'],
		[{ resource: 'supportGroup', operation: 'addPerson' }, 'Add Person: Support Group'],
		[{ resource: 'entry', operation: 'upsert' }, 'Create or Update: Entry'],
	])('%j shows %s', (parameters, expected) => {
		expect(subtitle(parameters)).toBe(expected);
	});

	it('an operation the table does not know falls back to the raw values, not to an error', () => {
		expect(subtitle({ resource: 'entry', operation: 'somethingNew' })).toBe('somethingNew: entry');
	});
});
