/**
 * One race writer: runs its operations in order, each as a real n8n-core workflow execution,
 * and checks each reported outcome against the server right after the execution returned.
 */
import { randomBytes } from 'crypto';

import type { TestEnvironment } from '../harness/n8n';
import { runNode } from '../harness/n8n';
import type { ScimBridge } from '../harness/scimBridge';
import { startScimBridge } from '../harness/scimBridge';
import type { GroupInfo, Operation, WriterReport } from './plan';
import { heldIds, pairKey } from './plan';

/** Reads a user's stored Group List (the emulator's own view, not through the node). */
export type ListReader = (userId: string) => Promise<unknown>;

/** The outcome one operation reported: member afterwards, and the retries it made. */
interface Applied {
	member: boolean;
	retries: number;
}

/** The template user Copy Access writers copy a group from: it holds exactly that group. */
export const templateLogin = (groupId: number) => `race.template.${groupId}`;

/**
 * How a writer applies one operation. `node`: User → Add to Group / Remove from Group through
 * n8n-core. `copyAccess`: adds through User → Copy Access from a template user holding exactly
 * that group (permission groups only), removes as `node` does.
 * `scim`: an identity provider's PATCH /Groups/{id} (add a member, or remove
 * `members[value eq "<id>"]`) over real HTTP to the AR System SCIM node of this process, which
 * edits the Group List through the same converging editor (helpers/groupListEdit.ts).
 * run.ts takes the kinds in turn by writer index (KINDS).
 */
export const WRITER_KINDS = {
	async scim(env: TestEnvironment, op: Operation): Promise<Applied> {
		const scim = await scimOf(env);
		const groupId = await scim.groupId(op.group);
		const body = {
			schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
			Operations: [
				op.action === 'add'
					? { op: 'add', path: 'members', value: [{ value: op.userId }] }
					: { op: 'remove', path: `members[value eq "${op.userId}"]` },
			],
		};
		const response = await scim.request('PATCH', `Groups/${groupId}`, body);
		if (response.status !== 204 && response.status !== 200) {
			throw new Error(`PATCH Groups/${groupId}: HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
		}
		// SCIM answers only done or failed: the converging editor's retries are not reported there.
		return { member: op.action === 'add', retries: 0 };
	},

	async copyAccess(env: TestEnvironment, op: Operation): Promise<Applied> {
		if (op.action === 'remove') return await WRITER_KINDS.node(env, op);
		const [item] = await runNode(env, {
			resource: 'user',
			operation: 'copyAccess',
			user: { __rl: true, mode: 'id', value: op.userId },
			templateUser: { __rl: true, mode: 'login', value: templateLogin(op.group.id) },
			copySupportGroups: false,
			copyFunctionalRoles: false,
		});
		if (item.json.complete !== true) throw new Error(`unexpected output ${JSON.stringify(item.json)}`);
		return { member: true, retries: Number(item.json.retries ?? 0) };
	},

	async node(env: TestEnvironment, op: Operation): Promise<Applied> {
		const [item] = await runNode(env, {
			resource: 'user',
			operation: op.action === 'add' ? 'addToGroup' : 'removeFromGroup',
			user: { __rl: true, mode: 'id', value: op.userId },
			group: { __rl: true, mode: op.by, value: op.by === 'groupId' ? String(op.group.id) : op.group.name },
		});
		const json = item.json;
		const expected = op.action === 'add' ? ['added', 'alreadyMember'] : ['removed', 'notMember'];
		if (!expected.includes(String(json.result)) || json.verified !== true) {
			throw new Error(`unexpected output ${JSON.stringify(json)}`);
		}
		return { member: op.action === 'add', retries: Number(json.retries ?? 0) };
	},
} as const;

export type WriterKind = keyof typeof WRITER_KINDS;

/** Runs again an operation that failed (it is idempotent), as a user would. */
const ATTEMPTS_PER_OPERATION = 3;

export async function runWriter(
	env: TestEnvironment,
	kind: WriterKind,
	operations: Operation[],
	groups: GroupInfo[],
	readList: ListReader,
): Promise<WriterReport> {
	const report: WriterReport = {
		writer: operations[0]?.writer ?? 0,
		operations: 0,
		false_success: 0,
		failed: 0,
		retries: 0,
		last: {},
		problems: [],
	};
	const note = (text: string) => {
		if (report.problems.length < 10) report.problems.push(text);
	};
	for (const op of operations) {
		let applied: Applied | undefined;
		for (let attempt = 1; attempt <= ATTEMPTS_PER_OPERATION && !applied; attempt++) {
			try {
				applied = await WRITER_KINDS[kind](env, op);
			} catch (error) {
				if (attempt === ATTEMPTS_PER_OPERATION) {
					note(`${op.action} ${op.group.id} for ${op.login}: ${(error as Error).message}`);
				}
			}
		}
		report.operations++;
		const key = pairKey(op.userId, op.group.id);
		if (!applied) {
			report.failed++;
			// The pair's state is unknown now: the judge expects neither state from it.
			report.last[key] = null;
			continue;
		}
		report.retries += applied.retries;
		report.last[key] = applied.member;
		const member = heldIds(await readList(op.userId), groups).has(String(op.group.id));
		if (member !== applied.member) {
			report.false_success++;
			note(`${op.action} ${op.group.id} for ${op.login} reported done, the server shows ${member ? 'member' : 'not member'}`);
		}
	}
	return report;
}

/** The bearer token of this process's SCIM bridge, made per run. */
const SCIM_BEARER = randomBytes(24).toString('base64url');

interface ScimClient {
	request(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }>;
	/** The SCIM id (Group form Request ID) of a group, looked up once by displayName. */
	groupId(group: GroupInfo): Promise<string>;
}

const scimClients = new WeakMap<TestEnvironment, Promise<ScimClient>>();

/** This process's SCIM bridge on loopback, started on first use and kept for the run. */
async function scimOf(env: TestEnvironment): Promise<ScimClient> {
	let client = scimClients.get(env);
	if (!client) {
		client = (async () => {
			const bridge: ScimBridge = await startScimBridge(env, { secret: SCIM_BEARER });
			const request = async (method: string, path: string, body?: unknown) => {
				const response = await fetch(`${bridge.url}/${path}`, {
					method,
					headers: { authorization: `Bearer ${SCIM_BEARER}`, 'content-type': 'application/scim+json' },
					body: body === undefined ? undefined : JSON.stringify(body),
				});
				const text = await response.text();
				return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
			};
			const ids = new Map<number, Promise<string>>();
			const groupId = async (group: GroupInfo) => {
				let id = ids.get(group.id);
				if (!id) {
					id = (async () => {
						const filter = encodeURIComponent(`displayName eq "${group.name.replace(/"/g, '\\"')}"`);
						const found = await request('GET', `Groups?filter=${filter}&excludedAttributes=members`);
						const resources = (found.body as { Resources?: Array<{ id: string }> } | undefined)?.Resources ?? [];
						if (found.status !== 200 || resources.length !== 1) {
							throw new Error(`SCIM group "${group.name}": HTTP ${found.status}, ${resources.length} found`);
						}
						return resources[0].id;
					})();
					ids.set(group.id, id);
				}
				return await id;
			};
			return { request, groupId };
		})();
		scimClients.set(env, client);
	}
	return await client;
}
