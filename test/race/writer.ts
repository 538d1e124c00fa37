/**
 * One race writer: runs its operations in order, each as a real n8n-core workflow execution,
 * and checks each reported outcome against the server right after the execution returned.
 */
import { randomBytes } from 'crypto';

import type { TestEnvironment } from '../harness/n8n';
import { runNode } from '../harness/n8n';
import type { ScimBridge } from '../harness/scimBridge';
import { startScimBridge } from '../harness/scimBridge';
import type { Applied, GroupInfo, ListReader, Operation, WriterReport } from './plan';
import { appliedFrom, runOperations } from './plan';

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
		return appliedFrom(op, item.json);
	},
} as const;

export type WriterKind = keyof typeof WRITER_KINDS;

export async function runWriter(
	env: TestEnvironment,
	kind: WriterKind,
	operations: Operation[],
	groups: GroupInfo[],
	readList: ListReader,
): Promise<WriterReport> {
	return await runOperations(async (op) => await WRITER_KINDS[kind](env, op), operations, groups, readList);
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
