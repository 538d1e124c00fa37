/**
 * What `npm run test:mcp` asks of the AR System tools, and what it expects, against the emulator's
 * seed. Kept apart from scripts/mcp.mjs (which starts n8n and drives the MCP client) so the cases
 * read as a table: one guarded operation per row, called first without the author's permission
 * (refused, or a Dry Run for Offboard / Copy Access / Reconcile, and nothing written) and then with
 * it (applied).
 */

export class CheckError extends Error {}

export function assert(condition, message) {
	if (!condition) throw new CheckError(message);
}

export function assertEqual(actual, expected, what) {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	if (a !== e) throw new CheckError(`${what}: expected ${e}, got ${a}`);
}

export const TOOL_TYPE = 'n8n-nodes-ar-system.arSystemTool';
export const CREDENTIALS = { arSystemApi: { id: 'arSystemLocalEmu', name: 'AR System (local emulator)' } };

const fromAi = (key, description) => `={{ $fromAI('${key}', '${description.replace(/'/g, "\\'")}', 'string') }}`;
const LOGIN = fromAi('login', 'Login Name of the person (User form)');
const byLogin = (value = LOGIN) => ({ __rl: true, mode: 'login', value });
const byName = (value) => ({ __rl: true, mode: 'name', value });

/** Identity → Reconcile with Dry Run off and only the given fields (the others left alone). */
function reconcileParameters(extra) {
	const unset = { email: '', active: '', licenseType: '', permissionGroups: '', supportGroups: '', functionalRoles: '', peopleValues: '' };
	return { resource: 'identity', operation: 'reconcile', dryRun: false, scope: 'input', ...unset, ...extra };
}

/** The guarded operations, each as the parameters of one AR System tool node. */
export const GUARDED = [
	{ key: 'delete_user', parameters: { resource: 'user', operation: 'delete', user: byLogin() } },
	{ key: 'disable_user', parameters: { resource: 'user', operation: 'disable', user: byLogin() } },
	{
		key: 'remove_from_group',
		parameters: { resource: 'user', operation: 'removeFromGroup', user: byLogin(), group: byName(fromAi('group', 'Group Name')) },
	},
	{
		key: 'update_user',
		parameters: { resource: 'user', operation: 'update', user: byLogin(), updateFields: { fullName: fromAi('fullName', 'New Full Name') } },
	},
	{ key: 'offboard_user', parameters: { resource: 'user', operation: 'offboard', user: byLogin() } },
	{
		key: 'copy_access',
		parameters: { resource: 'user', operation: 'copyAccess', user: byLogin(), templateUser: byLogin(fromAi('template', 'Login Name to copy from')) },
	},
	{
		key: 'remove_support_group_member',
		parameters: {
			resource: 'supportGroup',
			operation: 'removePerson',
			supportGroup: byName(fromAi('supportGroup', 'Support Group Name')),
			person: byLogin(),
		},
	},
	{
		key: 'remove_functional_role',
		parameters: {
			resource: 'supportGroup',
			operation: 'removeFunctionalRole',
			supportGroup: byName(fromAi('supportGroup', 'Support Group Name')),
			person: byLogin(),
			functionalRole: fromAi('role', 'Functional Role'),
		},
	},
	{ key: 'delete_group', parameters: { resource: 'group', operation: 'delete', group: byName(fromAi('group', 'Group Name')) } },
	{
		key: 'delete_person',
		parameters: { resource: 'person', operation: 'delete', person: byLogin() },
	},
	{
		key: 'update_user_form_entry',
		parameters: {
			resource: 'entry',
			operation: 'update',
			form: byName('User'),
			requestId: fromAi('requestId', 'Request ID of the entry'),
			inputMode: 'json',
			jsonValues: fromAi('values', 'JSON object of field values'),
		},
	},
	{
		key: 'delete_group_form_entry',
		parameters: { resource: 'entry', operation: 'delete', form: byName('Group'), requestId: fromAi('requestId', 'Request ID of the entry') },
	},
	// A batch operation (the input items are the roster): the author asked to apply (Dry Run off);
	// without the Allow switch the agent gets the plan only.
	{ key: 'reconcile_identity', parameters: reconcileParameters({ loginName: LOGIN, fullName: fromAi('fullName', 'Full Name the person should have') }) },
	// A change, not destructive: refused the same way until allowed.
	{
		key: 'add_to_group',
		parameters: { resource: 'user', operation: 'addToGroup', user: byLogin(), group: byName(fromAi('group', 'Group Name')) },
	},
];

/** A read tool with default options, for the size of a Get Many answer on HPD:Help Desk. */
export const INCIDENTS_TOOL = {
	key: 'incidents_default_options',
	parameters: { resource: 'entry', operation: 'getAll', form: byName('HPD:Help Desk') },
};

/**
 * Reconcile whose plan cannot fit an agent's answer: every user is in scope and each leaver
 * would be disabled (Dry Run off, applying not allowed). Its answer must stop at the 40 KB cap.
 */
export const RECONCILE_SCOPE_TOOL = {
	key: 'reconcile_all_users',
	parameters: reconcileParameters({
		loginName: LOGIN,
		fullName: '',
		scope: 'filter',
		rawQualification: `'Login Name' LIKE "%"`,
		leavers: 'disable',
	}),
};

/** The default answer cap of a tool (Agent Output → Max Answer Size). */
export const MAX_ANSWER_BYTES = 40 * 1024;

function toolNode(name, parameters, index, extra = {}) {
	return {
		parameters: { ...parameters, ...extra },
		id: `7d3f0c2e-0000-4000-8000-${String(index).padStart(12, '0')}`,
		name,
		type: TOOL_TYPE,
		typeVersion: 1,
		position: [200 + (index % 6) * 220, 260 + Math.floor(index / 6) * 200],
		credentials: CREDENTIALS,
	};
}

/**
 * The workflow the guarded cases run in: an MCP Server Trigger with every guarded operation twice,
 * as `<key>` (the defaults: not allowed) and `<key>_allowed` (the author's switch on).
 */
export function guardedWorkflow({ id, path, webhookId, bearerCredential }) {
	const nodes = [
		{
			parameters: { authentication: 'bearerAuth', path },
			id: '7d3f0c2e-0000-4000-8000-ffffffffffff',
			name: 'MCP Server Trigger',
			type: '@n8n/n8n-nodes-langchain.mcpTrigger',
			typeVersion: 2,
			position: [600, 0],
			webhookId,
			credentials: { httpBearerAuth: bearerCredential },
		},
	];
	let index = 0;
	for (const { key, parameters } of GUARDED) {
		nodes.push(toolNode(key, parameters, index++));
		nodes.push(toolNode(`${key}_allowed`, parameters, index++, { toolAllow: true }));
	}
	for (const { key, parameters } of [INCIDENTS_TOOL, RECONCILE_SCOPE_TOOL]) nodes.push(toolNode(key, parameters, index++));
	const connections = {};
	for (const node of nodes.slice(1)) {
		connections[node.name] = { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] };
	}
	return {
		id,
		name: 'test:mcp guarded AR System tools',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
		tags: [],
	};
}

/**
 * For each guarded tool: the arguments of its call and the check that the allowed call applied.
 * `ar` reads the emulator's store directly.
 */
export function guardedCalls(ar) {
	const people = ar.entries('CTM:People').filter((p) => p.values['Remedy Login ID']);
	const fixed = new Set(['Demo', 'appuser', "siobhan.o'brien", 'rsmith', 'zoe.muller', 'oyvind.haland', 'li.na']);
	const spare = people.filter((p) => !fixed.has(p.values['Remedy Login ID']) && ar.memberships(p.values['Remedy Login ID']).length === 0);
	const personToDelete = spare[0].values['Remedy Login ID'];
	const loginToReconcile = spare[2].values['Remedy Login ID'];
	const reconciledName = 'Reconciled By The Agent';
	const userToRewrite = ar.user(spare[1].values['Remedy Login ID']);
	const groupOf100 = ar.groupById(100).values['Group Name'];
	const throwaway = (name, groupId) => ar.insert('Group', { 'Group Name': name, 'Group ID': groupId, 'Group Type': 'View' });
	const groupToDelete = 'MCP Throwaway Group';
	throwaway(groupToDelete, 400901);
	const groupEntryToDelete = throwaway('MCP Throwaway Entry', 400902);

	return {
		delete_user: { args: { login: 'oyvind.haland' }, applied: () => assert(!ar.user('oyvind.haland'), 'oyvind.haland still exists') },
		disable_user: { args: { login: 'rsmith' }, applied: () => assertEqual(ar.user('rsmith').values.Status, 'Disabled', 'rsmith Status') },
		remove_from_group: {
			args: { login: 'zoe.muller', group: groupOf100 },
			applied: () => assert(!ar.groupIdsOf('zoe.muller').includes('100'), `zoe.muller still in group 100: ${ar.groupIdsOf('zoe.muller')}`),
		},
		update_user: {
			args: { login: 'appuser', fullName: 'Renamed By The Agent' },
			applied: () => assertEqual(ar.user('appuser').values['Full Name'], 'Renamed By The Agent', 'appuser Full Name'),
		},
		offboard_user: {
			args: { login: 'li.na' },
			dryRunUnlessAllowed: true,
			applied: () => {
				assertEqual(ar.user('li.na').values.Status, 'Disabled', 'li.na Status');
				assertEqual(ar.memberships('li.na').length, 0, 'li.na support groups');
			},
		},
		copy_access: {
			args: { login: 'rsmith', template: 'appuser' },
			dryRunUnlessAllowed: true,
			applied: () => assert(ar.memberships('rsmith').some((m) => m.values['Support Group ID'] === ar.supportGroupId('Service Desk')), 'rsmith not in Service Desk'),
		},
		remove_support_group_member: {
			args: { login: 'zoe.muller', supportGroup: 'Field Ops' },
			applied: () => assert(!ar.memberships('zoe.muller').some((m) => m.values['Support Group ID'] === ar.supportGroupId('Field Ops')), 'zoe.muller still in Field Ops'),
		},
		remove_functional_role: {
			args: { login: 'zoe.muller', supportGroup: 'Network Support', role: 'Problem Coordinator' },
			applied: () => assertEqual(ar.roles('zoe.muller').length, 0, 'zoe.muller functional roles'),
		},
		delete_group: { args: { group: groupToDelete }, applied: () => assert(!ar.group(groupToDelete), `${groupToDelete} still exists`) },
		delete_person: { args: { login: personToDelete }, applied: () => assert(!ar.person(personToDelete), `${personToDelete} People record still exists`) },
		update_user_form_entry: {
			// The scary one: a model asking to make someone an Administrator (group 1).
			args: { requestId: userToRewrite.id, values: '{"Group List": "1;"}' },
			applied: () => assertEqual(ar.entry('User', userToRewrite.id)['Group List'], '1;', 'rewritten Group List'),
		},
		delete_group_form_entry: {
			args: { requestId: groupEntryToDelete },
			applied: () => assert(!ar.entry('Group', groupEntryToDelete), 'Group entry still exists'),
		},
		reconcile_identity: {
			args: { login: loginToReconcile, fullName: reconciledName },
			dryRunUnlessAllowed: true,
			// The plan as AR holds the data: the login's Full Name now, and the one asked for.
			plan: (json) => {
				const [summary, identity] = json;
				assertEqual([summary.identities, summary.update, summary.changed], [1, 1, 0], 'summary identities / update / changed');
				assertEqual(identity.loginName, loginToReconcile, 'planned login');
				const [change, ...more] = identity.changes;
				assertEqual(more.length, 0, 'further changes');
				assertEqual([change.step, change.before, change.after], ['userFields', { 'Full Name': ar.user(loginToReconcile).values['Full Name'] }, { 'Full Name': reconciledName }], 'planned change');
			},
			applied: () => assertEqual(ar.user(loginToReconcile).values['Full Name'], reconciledName, `${loginToReconcile} Full Name`),
		},
		add_to_group: {
			args: { login: "siobhan.o'brien", group: 'Service Desk' },
			applied: () => {
				const id = String(ar.group('Service Desk').values['Group ID']);
				assert(ar.groupIdsOf("siobhan.o'brien").includes(id), `siobhan.o'brien not in group ${id}: ${ar.groupIdsOf("siobhan.o'brien")}`);
			},
		},
	};
}

/** The AR System tool the human review gates, as the model sees it. */
export const REVIEWED_TOOL = 'Delete_a_User';

/**
 * n8n's human review of a tool call, as the README describes it for destructive operations:
 * Webhook → AI Agent, whose chat model is a local stub and whose tool is the Email node's
 * "Human review" (send and wait for approval), gating AR System → Delete with the author's
 * permission on. Nothing reaches AR until the reviewer clicks Approve.
 */
export function humanReviewWorkflow({ id, path, webhookId, credentials }) {
	const node = (name, type, typeVersion, parameters, position, extra = {}) => ({
		parameters,
		id: `4a1e5b7c-0000-4000-8000-${String(position[0]).padStart(6, '0')}${String(position[1]).padStart(6, '0')}`,
		name,
		type,
		typeVersion,
		position,
		...extra,
	});
	const nodes = [
		node('Request', 'n8n-nodes-base.webhook', 2.1, { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} }, [0, 0], { webhookId }),
		node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, { promptType: 'define', text: '={{ $json.body.question }}', options: {} }, [260, 0]),
		node(
			'Chat Model',
			'@n8n/n8n-nodes-langchain.lmChatOpenAi',
			1.3,
			{ model: { __rl: true, mode: 'id', value: 'stub-model' }, responsesApiEnabled: false, options: {} },
			[120, 240],
			{ credentials: { openAiApi: credentials.openAi } },
		),
		node(
			'Human Review',
			'n8n-nodes-base.emailSendHitlTool',
			2.1,
			{
				fromEmail: 'n8n@example.com',
				toEmail: 'approver@example.com',
				subject: 'An AI agent asks to run an AR System change',
				// n8n's default message prints the arguments as "[object Object]": show them.
				message: "=The agent wants to run {{ $tool.name }} with {{ JSON.stringify($tool.parameters) }}",
				approvalOptions: { values: { approvalType: 'double' } },
				options: { appendAttribution: false },
			},
			[400, 240],
			{ credentials: { smtp: credentials.smtp } },
		),
		node(
			REVIEWED_TOOL.replace(/_/g, ' '),
			TOOL_TYPE,
			1,
			{ resource: 'user', operation: 'delete', user: byLogin(), toolAllow: true },
			[400, 460],
			{ credentials: CREDENTIALS },
		),
	];
	return {
		id,
		name: 'test:mcp human review of an AR System tool call',
		nodes,
		connections: {
			Request: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			'Human Review': { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			[REVIEWED_TOOL.replace(/_/g, ' ')]: { ai_tool: [[{ node: 'Human Review', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
		tags: [],
	};
}

/** What the stub model passes: the login from the request text, wrapped as the gated tool expects. */
export function reviewedToolArguments(userText, schema) {
	const login = /user (\S+?)\.?$/m.exec(userText)?.[1] ?? '';
	const toolParameters = { login };
	return schema?.properties?.toolParameters ? { toolParameters, hitlParameters: {} } : toolParameters;
}
