/**
 * The request sequences identity providers send, as their SCIM provisioning docs publish them:
 *
 * - Microsoft Entra ID, "Tutorial: Develop and plan provisioning for a SCIM endpoint", section
 *   "User operations" and "Group operations" request examples: the connection test's query with
 *   zero results, Create User, Get User, Get User by query, Update User (multi-valued and
 *   single-valued properties), Disable User, Delete User; Create Group, Get Group, Get Group by
 *   displayName, Update Group (non-member attributes, add members, remove members), Delete Group.
 *   Payloads as Microsoft shows them (schemas, externalId GUIDs, "Replace"/"Add"/"Remove" in
 *   capitals, member add and remove by value arrays with "$ref": null), with fresh names.
 * - Okta, "SCIM 2.0 test" (the Runscope spec Okta gives integrators) and the SCIM 2.0 provisioning
 *   reference: list with count/startIndex, userName eq with zero results, create (with password,
 *   locale, groups: []), get, userName eq, duplicate create → 409, unknown id → 404, PUT profile
 *   update, deactivate with PATCH replace {"active": false}; push group: create, get, filter by
 *   displayName, rename with replace {id, displayName}, add member by value array, remove by
 *   members[value eq "…"], delete.
 *
 * Each step says what the identity provider needs back and what the AR server must then hold
 * (read straight from the emulator), so a step passes only if both are right.
 */

const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const LIST = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

export class CheckError extends Error {}

function assert(condition, message) {
	if (!condition) throw new CheckError(message);
}

function equal(actual, expected, what) {
	const a = JSON.stringify(actual);
	const e = JSON.stringify(expected);
	assert(a === e, `${what}: expected ${e}, got ${a}`);
}

/** Deterministic GUID-looking strings from a seed (no randomness: runs are repeatable). */
function guid(seed) {
	let h = 2166136261 ^ seed;
	const hex = [];
	for (let i = 0; i < 32; i++) {
		h = Math.imul(h ^ (h >>> 13), 16777619) >>> 0;
		hex.push((h % 16).toString(16));
	}
	const s = hex.join('');
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/**
 * @param {{ ar: { user(login): object|undefined, userById(id): object|undefined, person(login): object|undefined,
 *   group(name): object|undefined, groupById(id): object|undefined, groupIdsOf(login): string[] } }} env
 */
export function entraSequence(env) {
	const { ar } = env;
	const state = {};
	const userName = `Test_User_${guid(1)}`;
	const email = `Test_User_${guid(2)}@testuser.com`;
	const renamed = `${guid(3)}@testuser.com`;
	const memberName = `Test_User_${guid(4)}`;
	const groupName = `displayName_${guid(5).slice(0, 8)}`;
	const groupRenamed = `${guid(6)}updatedDisplayName`;
	const userBody = (name, mail, externalId) => ({
		schemas: [USER, ENTERPRISE],
		externalId,
		userName: name,
		active: true,
		emails: [{ primary: true, type: 'work', value: mail }],
		meta: { resourceType: 'User' },
		name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
		roles: [],
	});
	return [
		{
			name: 'connection test: GET /Users?filter=userName eq "<random GUID>" → 0 results',
			method: 'GET',
			path: '/Users',
			query: { filter: `userName eq "${guid(99)}"` },
			status: 200,
			check: (r) => {
				equal(r.body.schemas, [LIST], 'schemas');
				equal([r.body.totalResults, r.body.Resources.length], [0, 0], 'totalResults and Resources');
			},
		},
		{
			name: 'Create User',
			method: 'POST',
			path: '/Users',
			body: userBody(userName, email, guid(7)),
			status: 201,
			check: (r) => {
				assert(typeof r.body.id === 'string' && r.body.id !== '', 'id in the response');
				state.userId = r.body.id;
				equal([r.body.userName, r.body.active, r.body.emails?.[0]?.value], [userName, true, email], 'userName, active, email');
				equal(r.body.name && { givenName: r.body.name.givenName, familyName: r.body.name.familyName }, { givenName: 'givenName', familyName: 'familyName' }, 'name');
				const entry = ar.user(userName);
				assert(entry, `AR has no User "${userName}"`);
				equal([entry.id, entry.values.Status, entry.values['Email Address']], [state.userId, 'Current', email], 'AR User Request ID, Status, Email Address');
				equal(ar.person(userName)?.values['Last Name'], 'familyName', 'CTM:People Last Name');
			},
		},
		{
			name: 'Get User',
			method: 'GET',
			path: () => `/Users/${state.userId}`,
			status: 200,
			check: (r) => equal([r.body.id, r.body.userName, r.body.meta?.resourceType], [state.userId, userName, 'User'], 'id, userName, meta.resourceType'),
		},
		{
			name: 'Get User by query: filter=userName eq "…"',
			method: 'GET',
			path: '/Users',
			query: () => ({ filter: `userName eq "${userName}"` }),
			status: 200,
			check: (r) => {
				equal(r.body.totalResults, 1, 'totalResults');
				equal(r.body.Resources[0].id, state.userId, 'Resources[0].id');
			},
		},
		{
			name: 'Get User by query - zero results',
			method: 'GET',
			path: '/Users',
			query: { filter: 'userName eq "non-existent user"' },
			status: 200,
			check: (r) => equal(r.body.totalResults, 0, 'totalResults'),
		},
		{
			name: 'Update User [Multi-valued properties]: Replace emails[type eq "work"].value, name.familyName',
			method: 'PATCH',
			path: () => `/Users/${state.userId}`,
			body: {
				schemas: [PATCH],
				Operations: [
					{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
					{ op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
				],
			},
			status: 200,
			check: (r) => {
				equal([r.body.emails?.[0]?.value, r.body.name?.familyName], ['updatedEmail@microsoft.com', 'updatedFamilyName'], 'email and familyName in the response');
				equal(ar.user(userName)?.values['Email Address'], 'updatedEmail@microsoft.com', 'AR Email Address');
				equal(ar.person(userName)?.values['Last Name'], 'updatedFamilyName', 'CTM:People Last Name');
			},
		},
		{
			name: 'Update User [Single-valued properties]: Replace userName',
			method: 'PATCH',
			path: () => `/Users/${state.userId}`,
			body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'userName', value: renamed }] },
			status: 200,
			check: (r) => {
				equal(r.body.userName, renamed, 'userName in the response');
				equal(ar.user(renamed)?.id, state.userId, 'AR Login Name changed on the same entry');
				assert(!ar.user(userName), 'the old Login Name is gone');
				equal(ar.person(renamed)?.values['Last Name'], 'updatedFamilyName', 'CTM:People record follows the login');
			},
		},
		{
			name: 'Disable User: Replace active false',
			method: 'PATCH',
			path: () => `/Users/${state.userId}`,
			body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: false }] },
			status: 200,
			check: (r) => {
				equal(r.body.active, false, 'active');
				equal(ar.user(renamed)?.values.Status, 'Disabled', 'AR Status');
			},
		},
		{
			name: 'Create User (the member for the group operations)',
			method: 'POST',
			path: '/Users',
			body: userBody(memberName, `${memberName}@testuser.com`, guid(8)),
			status: 201,
			check: (r) => {
				state.memberId = r.body.id;
				equal(ar.user(memberName)?.id, state.memberId, 'AR User');
			},
		},
		{
			name: 'Create Group',
			method: 'POST',
			path: '/Groups',
			body: {
				schemas: [GROUP, 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group'],
				externalId: guid(9),
				displayName: groupName,
				meta: { resourceType: 'Group' },
			},
			status: 201,
			check: (r) => {
				state.groupId = r.body.id;
				equal([r.body.displayName, r.body.members], [groupName, []], 'displayName, members');
				equal(ar.group(groupName)?.id, state.groupId, 'AR Group Request ID');
				state.arGroupId = String(ar.group(groupName).values['Group ID']);
			},
		},
		{
			name: 'Get Group: excludedAttributes=members',
			method: 'GET',
			path: () => `/Groups/${state.groupId}`,
			query: { excludedAttributes: 'members' },
			status: 200,
			check: (r) => {
				equal(r.body.displayName, groupName, 'displayName');
				assert(!('members' in r.body), 'members excluded');
			},
		},
		{
			name: 'Get Group by displayName',
			method: 'GET',
			path: '/Groups',
			query: { excludedAttributes: 'members', filter: `displayName eq "${groupName}"` },
			status: 200,
			check: (r) => {
				equal(r.body.totalResults, 1, 'totalResults');
				equal(r.body.Resources[0].id, state.groupId, 'Resources[0].id');
			},
		},
		{
			name: 'Update Group [Non-member attributes]: Replace displayName',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'displayName', value: groupRenamed }] },
			status: 200,
			check: (r) => {
				equal(r.body.displayName, groupRenamed, 'displayName');
				equal(ar.groupById(state.groupId)?.values['Group Name'], groupRenamed, 'AR Group Name');
			},
		},
		{
			name: 'Update Group [Add Members]: Add members value array',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: state.memberId }] }] }),
			status: 200,
			check: (r) => {
				equal(r.body.members?.map((m) => m.value), [state.memberId], 'members');
				assert(ar.groupIdsOf(memberName).includes(state.arGroupId), `AR Group List of ${memberName} lacks ${state.arGroupId}`);
			},
		},
		{
			name: 'Update Group [Remove Members]: Remove members value array',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: state.memberId }] }] }),
			status: 200,
			check: (r) => {
				equal(r.body.members, [], 'members');
				assert(!ar.groupIdsOf(memberName).includes(state.arGroupId), 'AR Group List still holds the group');
			},
		},
		{
			name: 'Delete Group',
			method: 'DELETE',
			path: () => `/Groups/${state.groupId}`,
			status: 204,
			check: () => assert(!ar.groupById(state.groupId), 'AR Group entry still exists'),
		},
		{
			name: 'Delete User (default: disable the login)',
			method: 'DELETE',
			path: () => `/Users/${state.userId}`,
			status: 204,
			check: () => equal(ar.user(renamed)?.values.Status, 'Disabled', 'AR Status after DELETE'),
		},
	];
}

export function oktaSequence(env) {
	const { ar } = env;
	const state = {};
	const login = `okta.${guid(21).slice(0, 8)}@atko.com`;
	const groupName = `Test SCIMv2 ${guid(22).slice(0, 6)}`;
	return [
		{
			name: 'GET /Users?count=1&startIndex=1 (list with pagination)',
			method: 'GET',
			path: '/Users',
			query: { count: '1', startIndex: '1' },
			status: 200,
			check: (r) => {
				equal(r.body.schemas, [LIST], 'schemas');
				equal([r.body.startIndex, r.body.itemsPerPage, r.body.Resources.length], [1, 1, 1], 'startIndex, itemsPerPage, Resources');
				equal(r.body.totalResults, ar.userCount(), 'totalResults equals the AR User count');
			},
		},
		{
			name: 'GET /Users?filter=userName eq "<random>" → 0 results',
			method: 'GET',
			path: '/Users',
			query: { filter: `userName eq "${guid(23)}@example.com"` },
			status: 200,
			check: (r) => equal(r.body.totalResults, 0, 'totalResults'),
		},
		{
			name: 'POST /Users (with password, locale, groups [])',
			method: 'POST',
			path: '/Users',
			body: {
				schemas: [USER],
				userName: login,
				name: { givenName: 'Okta', familyName: 'Tester' },
				emails: [{ primary: true, value: login, type: 'work' }],
				displayName: 'Okta Tester',
				locale: 'en-US',
				externalId: '00ujl29u0le5T6Aj10h7',
				groups: [],
				password: '1mz050nq',
				active: true,
			},
			status: 201,
			check: (r) => {
				state.id = r.body.id;
				equal([r.body.userName, r.body.active, r.body.displayName], [login, true, 'Okta Tester'], 'userName, active, displayName');
				assert(!('password' in r.body) && !JSON.stringify(r.body).includes('1mz050nq'), 'the password is echoed');
				equal(ar.user(login)?.id, state.id, 'AR User');
			},
		},
		{
			name: 'GET /Users/{id}',
			method: 'GET',
			path: () => `/Users/${state.id}`,
			status: 200,
			check: (r) => equal([r.body.id, r.body.userName], [state.id, login], 'id, userName'),
		},
		{
			name: 'GET /Users?filter=userName eq "<created>"',
			method: 'GET',
			path: '/Users',
			query: { filter: `userName eq "${login}"`, startIndex: '1', count: '100' },
			status: 200,
			check: (r) => equal([r.body.totalResults, r.body.Resources[0]?.id], [1, state.id], 'totalResults, id'),
		},
		{
			name: 'POST /Users again → 409 uniqueness',
			method: 'POST',
			path: '/Users',
			body: { schemas: [USER], userName: login, name: { givenName: 'Okta', familyName: 'Tester' }, active: true },
			status: 409,
			check: (r) => {
				equal([r.body.schemas, r.body.scimType, r.body.status], [[ERROR], 'uniqueness', '409'], 'error body');
				equal(ar.users(login).length, 1, 'AR Users with that Login Name');
			},
		},
		{
			name: 'GET /Users/{unknown id} → 404',
			method: 'GET',
			path: '/Users/010101010101010',
			status: 404,
			check: (r) => equal([r.body.schemas, r.body.status], [[ERROR], '404'], 'error body'),
		},
		{
			name: 'PUT /Users/{id} (profile update)',
			method: 'PUT',
			path: () => `/Users/${state.id}`,
			body: () => ({
				schemas: [USER],
				id: state.id,
				userName: login,
				name: { givenName: 'Okta', familyName: 'Updated' },
				emails: [{ primary: true, value: login, type: 'work' }],
				displayName: 'Okta Updated',
				active: true,
			}),
			status: 200,
			check: (r) => {
				equal([r.body.displayName, r.body.name?.familyName], ['Okta Updated', 'Updated'], 'displayName, familyName');
				equal(ar.user(login)?.values['Full Name'], 'Okta Updated', 'AR Full Name');
				equal(ar.person(login)?.values['Last Name'], 'Updated', 'CTM:People Last Name');
			},
		},
		{
			name: 'PATCH replace {"active": false} (deactivate)',
			method: 'PATCH',
			path: () => `/Users/${state.id}`,
			body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] },
			status: 200,
			check: (r) => {
				equal(r.body.active, false, 'active');
				equal(ar.user(login)?.values.Status, 'Disabled', 'AR Status');
			},
		},
		{
			name: 'PATCH replace {"active": true} (reactivate)',
			method: 'PATCH',
			path: () => `/Users/${state.id}`,
			body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] },
			status: 200,
			check: () => equal(ar.user(login)?.values.Status, 'Current', 'AR Status'),
		},
		{
			name: 'POST /Groups (push group, no members)',
			method: 'POST',
			path: '/Groups',
			body: { schemas: [GROUP], displayName: groupName, members: [] },
			status: 201,
			check: (r) => {
				state.groupId = r.body.id;
				equal(ar.group(groupName)?.id, state.groupId, 'AR Group');
				state.arGroupId = String(ar.group(groupName).values['Group ID']);
			},
		},
		{
			name: 'GET /Groups/{id}',
			method: 'GET',
			path: () => `/Groups/${state.groupId}`,
			status: 200,
			check: (r) => equal([r.body.displayName, r.body.members], [groupName, []], 'displayName, members'),
		},
		{
			name: 'GET /Groups?filter=displayName eq "…"',
			method: 'GET',
			path: '/Groups',
			query: { filter: `displayName eq "${groupName}"`, startIndex: '1', count: '100' },
			status: 200,
			check: (r) => equal([r.body.totalResults, r.body.Resources[0]?.id], [1, state.groupId], 'totalResults, id'),
		},
		{
			name: 'PATCH replace {id, displayName} (rename)',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'replace', value: { id: state.groupId, displayName: `${groupName} renamed` } }] }),
			status: 200,
			check: (r) => {
				equal(r.body.displayName, `${groupName} renamed`, 'displayName');
				equal(ar.groupById(state.groupId)?.values['Group Name'], `${groupName} renamed`, 'AR Group Name');
			},
		},
		{
			name: 'PATCH add members [{value, display}]',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: state.id, display: login }] }] }),
			status: 200,
			check: (r) => {
				equal(r.body.members?.map((m) => m.value), [state.id], 'members');
				assert(ar.groupIdsOf(login).includes(state.arGroupId), 'AR Group List lacks the group');
			},
		},
		{
			name: 'PATCH add the same member again (idempotent)',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: state.id, display: login }] }] }),
			status: 200,
			check: () => equal(ar.groupIdsOf(login).filter((g) => g === state.arGroupId).length, 1, 'times the group is in the Group List'),
		},
		{
			name: 'PATCH remove members[value eq "…"]',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${state.id}"]` }] }),
			status: 200,
			check: (r) => {
				equal(r.body.members, [], 'members');
				assert(!ar.groupIdsOf(login).includes(state.arGroupId), 'AR Group List still holds the group');
			},
		},
		{
			name: 'DELETE /Groups/{id}',
			method: 'DELETE',
			path: () => `/Groups/${state.groupId}`,
			status: 204,
			check: () => assert(!ar.groupById(state.groupId), 'AR Group entry still exists'),
		},
		{
			name: 'GET /Groups/{deleted id} → 404',
			method: 'GET',
			path: () => `/Groups/${state.groupId}`,
			status: 404,
			check: () => {},
		},
	];
}
