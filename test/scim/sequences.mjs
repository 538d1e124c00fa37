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
			name: 'Get User by query with another case of userName (caseExact false) → the user',
			method: 'GET',
			path: '/Users',
			query: () => ({ filter: `userName eq "${userName.toUpperCase()}"` }),
			status: 200,
			check: (r) => equal([r.body.totalResults, r.body.Resources[0]?.id], [1, state.userId], 'totalResults, id'),
		},
		{
			name: 'Create User with another case of an existing userName → 409, no second login',
			method: 'POST',
			path: '/Users',
			body: () => userBody(userName.toLowerCase(), `case.${email}`, guid(8)),
			status: 409,
			check: (r) => {
				equal(r.body.scimType, 'uniqueness', 'scimType');
				equal(ar.usersLike(userName).length, 1, 'AR Users with that login in any case');
			},
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
			status: 204,
			check: () => equal(ar.groupById(state.groupId)?.values['Group Name'], groupRenamed, 'AR Group Name'),
		},
		{
			name: 'Update Group [Add Members]: Add members value array',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: state.memberId }] }] }),
			status: 204,
			check: () => assert(ar.groupIdsOf(memberName).includes(state.arGroupId), `AR Group List of ${memberName} lacks ${state.arGroupId}`),
		},
		{
			name: 'Get Group: the member is listed',
			method: 'GET',
			path: () => `/Groups/${state.groupId}`,
			status: 200,
			check: (r) => equal(r.body.members?.map((m) => m.value), [state.memberId], 'members'),
		},
		{
			name: 'Update Group [Remove Members]: Remove members value array',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: state.memberId }] }] }),
			status: 204,
			check: () => assert(!ar.groupIdsOf(memberName).includes(state.arGroupId), 'AR Group List still holds the group'),
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
		{
			name: 'Get deleted User → 404 (RFC 7644 §3.6, the login stays disabled on AR)',
			method: 'GET',
			path: () => `/Users/${state.userId}`,
			status: 404,
			check: () => equal(ar.user(renamed)?.values.Status, 'Disabled', 'AR Status'),
		},
		{
			name: 'Get deleted User by query → 0 results',
			method: 'GET',
			path: '/Users',
			query: () => ({ filter: `userName eq "${renamed}"` }),
			status: 200,
			check: (r) => equal(r.body.totalResults, 0, 'totalResults'),
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
				equal(r.body.totalResults, ar.userCount() - ar.deletedCount(), 'totalResults equals the AR User count less the users deleted through SCIM');
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
			status: 204,
			check: () => equal(ar.groupById(state.groupId)?.values['Group Name'], `${groupName} renamed`, 'AR Group Name'),
		},
		{
			name: 'PATCH add members [{value, display}]',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: state.id, display: login }] }] }),
			status: 204,
			check: () => assert(ar.groupIdsOf(login).includes(state.arGroupId), 'AR Group List lacks the group'),
		},
		{
			name: 'PATCH add the same member again (idempotent)',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: state.id, display: login }] }] }),
			status: 204,
			check: () => equal(ar.groupIdsOf(login).filter((g) => g === state.arGroupId).length, 1, 'times the group is in the Group List'),
		},
		{
			name: 'PATCH remove members[value eq "…"]',
			method: 'PATCH',
			path: () => `/Groups/${state.groupId}`,
			body: () => ({ schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${state.id}"]` }] }),
			status: 204,
			check: () => assert(!ar.groupIdsOf(login).includes(state.arGroupId), 'AR Group List still holds the group'),
		},
		{
			name: 'GET /Groups/{id} with attributes=members: no member left',
			method: 'GET',
			path: () => `/Groups/${state.groupId}`,
			query: { attributes: 'members' },
			status: 200,
			check: (r) => assert(!r.body.members || r.body.members.length === 0, 'members left'),
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
		{
			name: 'GET /Users?filter=userName eq "<UPPER CASE>" → the user (caseExact false)',
			method: 'GET',
			path: '/Users',
			query: { filter: `userName eq "${login.toUpperCase()}"` },
			status: 200,
			check: (r) => equal([r.body.totalResults, r.body.Resources[0]?.id], [1, state.id], 'totalResults, id'),
		},
		{
			name: 'POST /Users with the userName in upper case → 409, no second login',
			method: 'POST',
			path: '/Users',
			body: { schemas: [USER], userName: login.toUpperCase(), active: true, password: 'Case-Pw-7731' },
			status: 409,
			check: () => equal(ar.usersLike(login).length, 1, 'AR Users with that login in any case'),
		},
		{
			name: 'DELETE /Users/{id} (default: disable the login)',
			method: 'DELETE',
			path: () => `/Users/${state.id}`,
			status: 204,
			check: () => equal(ar.user(login)?.values.Status, 'Disabled', 'AR Status'),
		},
		{
			name: 'GET /Users/{deleted id} → 404',
			method: 'GET',
			path: () => `/Users/${state.id}`,
			status: 404,
			check: (r) => equal(r.body.status, '404', 'status'),
		},
		{
			name: 'PATCH /Users/{deleted id} → 404',
			method: 'PATCH',
			path: () => `/Users/${state.id}`,
			body: { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] },
			status: 404,
			check: () => equal(ar.user(login)?.values.Status, 'Disabled', 'AR Status'),
		},
		{
			name: 'POST /Users of the deleted userName → 201, re-created under its id',
			method: 'POST',
			path: '/Users',
			body: { schemas: [USER], userName: login, name: { givenName: 'Okta', familyName: 'Again' }, active: true, password: 'Again-Pw-5521' },
			status: 201,
			check: (r) => {
				equal(r.body.id, state.id, 'id');
				equal([ar.users(login).length, ar.user(login)?.values.Status], [1, 'Current'], 'AR Users, Status');
			},
		},
		...importSteps(env, state),
		...concurrentPushSteps(env, state),
	];
}

/** Okta's "Import Users": every page with count=100, an exact and steady totalResults. */
function importSteps(env, state) {
	const { ar } = env;
	const steps = [];
	for (let page = 0; page < 3; page++) {
		steps.push({
			name: `Import Users: GET /Users?startIndex=${page * 100 + 1}&count=100`,
			method: 'GET',
			path: '/Users',
			query: { startIndex: String(page * 100 + 1), count: '100' },
			status: 200,
			check: (r) => {
				if (page === 0) {
					state.importTotal = r.body.totalResults;
					state.imported = new Set();
					// The users deleted through SCIM are not listed.
					equal(r.body.totalResults, ar.userCount() - ar.deletedCount(), 'totalResults (AR users less those deleted through SCIM)');
				}
				equal(r.body.totalResults, state.importTotal, 'totalResults steady across pages');
				equal(r.body.itemsPerPage, Math.max(0, Math.min(100, state.importTotal - page * 100)), 'itemsPerPage');
				for (const user of r.body.Resources) state.imported.add(user.id);
				if (page === 2) equal(state.imported.size, Math.min(300, state.importTotal), 'distinct users over the pages');
			},
		});
	}
	return steps;
}

/**
 * Group push as identity providers do it: several PATCH requests on the same groups and users at
 * once. Every membership must be in AR afterwards (no lost Group List update).
 */
function concurrentPushSteps(env, state) {
	const { ar } = env;
	const logins = [1, 2, 3].map((n) => `push.${n}.${guid(30 + n).slice(0, 6)}`);
	const groups = [1, 2].map((n) => `Push Group ${guid(40 + n).slice(0, 6)}`);
	state.push = { users: [], groups: [] };
	const createUsers = logins.map((userName, k) => ({
		name: `Concurrent push: create user ${k + 1}`,
		method: 'POST',
		path: '/Users',
		body: { schemas: [USER], userName, active: true, password: `Push-Pw-${k}-8812` },
		status: 201,
		check: (r) => (state.push.users[k] = r.body.id),
	}));
	const createGroups = groups.map((displayName, k) => ({
		name: `Concurrent push: create group ${k + 1}`,
		method: 'POST',
		path: '/Groups',
		body: { schemas: [GROUP], displayName, members: [] },
		status: 201,
		check: (r) => (state.push.groups[k] = r.body.id),
	}));
	const addAll = {
		name: 'Concurrent push: 6 PATCH add member requests at once (2 groups × 3 users)',
		parallel: () =>
			state.push.groups.flatMap((groupId, g) =>
				state.push.users.map((userId, u) => ({
					name: `PATCH group ${g + 1} add user ${u + 1}`,
					method: 'PATCH',
					path: `/Groups/${groupId}`,
					body: { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: userId }] }] },
					status: 204,
					check: () => {},
				})),
			),
	};
	const readGroups = groups.map((_, k) => ({
		name: `Concurrent push: group ${k + 1} lists all 3 users`,
		method: 'GET',
		path: () => `/Groups/${state.push.groups[k]}`,
		status: 200,
		check: (r) => {
			equal(r.body.members?.map((m) => m.value).sort(), [...state.push.users].sort(), 'members');
			for (const login of logins) {
				const ids = ar.groupIdsOf(login);
				for (const name of groups) assert(ids.includes(String(ar.group(name).values['Group ID'])), `AR Group List of ${login} lacks ${name}`);
			}
		},
	}));
	const removeAll = {
		name: 'Concurrent push: 3 PATCH remove requests on group 1 at once',
		parallel: () =>
			state.push.users.map((userId, u) => ({
				name: `PATCH group 1 remove user ${u + 1}`,
				method: 'PATCH',
				path: `/Groups/${state.push.groups[0]}`,
				body: { schemas: [PATCH], Operations: [{ op: 'remove', path: `members[value eq "${userId}"]` }] },
				status: 204,
				check: () => {},
			})),
	};
	const finalCheck = {
		name: 'Concurrent push: each user holds group 2 only',
		method: 'GET',
		path: () => `/Groups/${state.push.groups[0]}`,
		status: 200,
		check: (r) => {
			equal(r.body.members ?? [], [], 'group 1 members');
			const second = String(ar.group(groups[1]).values['Group ID']);
			for (const login of logins) equal(ar.groupIdsOf(login), [second], `AR Group List of ${login}`);
		},
	};
	return [...createUsers, ...createGroups, addAll, ...readGroups, removeAll, finalCheck];
}
