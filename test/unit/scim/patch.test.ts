/** RFC 7644 §3.5.2 PATCH, plus the dialects Microsoft Entra ID and Okta send. */
import { ScimError } from '../../../nodes/ArSystemScim/scim/errors';
import type { PatchOperation } from '../../../nodes/ArSystemScim/scim/patch';
import { applyPatch, parsePatchRequest } from '../../../nodes/ArSystemScim/scim/patch';
import { ENTERPRISE_SCHEMA, PATCH_SCHEMA, USER_SCHEMA } from '../../../nodes/ArSystemScim/scim/schemas';

const ops = (...operations: unknown[]): PatchOperation[] => parsePatchRequest({ schemas: [PATCH_SCHEMA], Operations: operations });

const user = () => ({
	schemas: [USER_SCHEMA],
	id: '000000000000042',
	userName: 'bjensen',
	name: { givenName: 'Barbara', familyName: 'Jensen' },
	displayName: 'Babs Jensen',
	emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
	active: true,
	groups: [{ value: 'G1', display: 'Sales', type: 'direct' }],
});

const group = () => ({
	schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
	id: 'G1',
	displayName: 'Sales',
	members: [
		{ value: 'U1', display: 'a', type: 'User' },
		{ value: 'U2', display: 'b', type: 'User' },
	],
});

const patchUser = (...operations: unknown[]) => applyPatch(user(), ops(...operations), 'User').resource;
const patchGroup = (...operations: unknown[]) => applyPatch(group(), ops(...operations), 'Group').resource;
const memberIds = (resource: Record<string, unknown>) => (resource.members as Array<{ value: string }>).map((m) => m.value);

function scimError(fn: () => unknown): ScimError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ScimError);
		return error as ScimError;
	}
	throw new Error('no error');
}

describe('§3.5.2.1 add', () => {
	it('sets a single-valued attribute and a sub-attribute', () => {
		expect(patchUser({ op: 'add', path: 'displayName', value: 'B' }).displayName).toBe('B');
		expect(patchUser({ op: 'add', path: 'name.middleName', value: 'J' }).name).toEqual({ givenName: 'Barbara', familyName: 'Jensen', middleName: 'J' });
	});

	it('merges a complex value, keeping the sub-attributes it does not mention', () => {
		expect(patchUser({ op: 'add', path: 'name', value: { givenName: 'Babs' } }).name).toEqual({ givenName: 'Babs', familyName: 'Jensen' });
	});

	it('appends to a multi-valued attribute once, matched by value', () => {
		const after = patchGroup({ op: 'add', path: 'members', value: [{ value: 'U3' }, { value: 'U1' }] });
		expect(memberIds(after)).toEqual(['U1', 'U2', 'U3']);
	});

	it('without a path, adds each attribute of the value object, extension objects included', () => {
		const after = patchUser({ op: 'add', value: { displayName: 'X', [ENTERPRISE_SCHEMA]: { department: 'Sales' } } });
		expect(after.displayName).toBe('X');
		expect(after[ENTERPRISE_SCHEMA]).toEqual({ department: 'Sales' });
	});

	it('sets an extension attribute by its full path', () => {
		const after = patchUser({ op: 'add', path: `${ENTERPRISE_SCHEMA}:organization`, value: 'Calbro' });
		expect(after[ENTERPRISE_SCHEMA]).toEqual({ organization: 'Calbro' });
	});
});

describe('§3.5.2.3 replace', () => {
	it('replaces a whole multi-valued attribute', () => {
		expect(memberIds(patchGroup({ op: 'replace', path: 'members', value: [{ value: 'U9' }] }))).toEqual(['U9']);
	});

	it('replaces the sub-attribute of the values a filter selects', () => {
		const after = patchUser({ op: 'replace', path: 'emails[type eq "work"].value', value: 'new@example.com' });
		expect(after.emails).toEqual([{ value: 'new@example.com', type: 'work', primary: true }]);
	});

	it('refuses a filter that matches nothing and describes no value (noTarget)', () => {
		const error = scimError(() => patchUser({ op: 'replace', path: 'emails[value co "zzz"].value', value: 'x' }));
		expect(error.scimType).toBe('noTarget');
	});

	it('refuses read-only attributes that change (mutability), accepts them unchanged', () => {
		expect(scimError(() => patchUser({ op: 'replace', path: 'id', value: 'other' })).scimType).toBe('mutability');
		expect(scimError(() => patchUser({ op: 'add', path: 'groups', value: [{ value: 'G2' }] })).scimType).toBe('mutability');
		expect(patchGroup({ op: 'replace', value: { id: 'G1', displayName: 'Renamed' } }).displayName).toBe('Renamed');
	});
});

describe('§3.5.2.2 remove', () => {
	it('removes an attribute, a sub-attribute and filtered values', () => {
		expect(patchUser({ op: 'remove', path: 'displayName' }).displayName).toBeUndefined();
		expect(patchUser({ op: 'remove', path: 'name.givenName' }).name).toEqual({ familyName: 'Jensen' });
		expect(memberIds(patchGroup({ op: 'remove', path: 'members[value eq "U1"]' }))).toEqual(['U2']);
		expect(patchGroup({ op: 'remove', path: 'members' }).members).toBeUndefined();
	});

	it('needs a path, and refuses required attributes', () => {
		expect(scimError(() => ops({ op: 'remove' })).scimType).toBe('noTarget');
		expect(scimError(() => patchUser({ op: 'remove', path: 'userName' })).scimType).toBe('mutability');
	});
});

describe('Microsoft Entra ID dialect', () => {
	it('op in capitals and booleans as "True"/"False" (deactivate)', () => {
		expect(patchUser({ op: 'Replace', path: 'active', value: 'False' }).active).toBe(false);
		expect(patchUser({ op: 'Replace', path: 'active', value: 'True' }).active).toBe(true);
		expect(patchUser({ op: 'Replace', path: 'active', value: false }).active).toBe(false);
	});

	it('"Update User [Multi-valued properties]": Replace emails[type eq "work"].value and name.familyName', () => {
		const after = patchUser(
			{ op: 'Replace', path: 'emails[type eq "work"].value', value: 'updatedEmail@microsoft.com' },
			{ op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
		);
		expect(after.emails).toEqual([{ value: 'updatedEmail@microsoft.com', type: 'work', primary: true }]);
		expect(after.name).toEqual({ givenName: 'Barbara', familyName: 'updatedFamilyName' });
	});

	it('Add emails[type eq "work"].value on a user without an email creates the work email', () => {
		const { resource } = applyPatch({ ...user(), emails: undefined }, ops({ op: 'Add', path: 'emails[type eq "work"].value', value: 'a@b.c' }), 'User');
		expect(resource.emails).toEqual([{ type: 'work', value: 'a@b.c' }]);
	});

	it('group members: Add with a value array, Remove with a value array', () => {
		const added = patchGroup({ op: 'Add', path: 'members', value: [{ $ref: null, value: 'U7' }] });
		expect(memberIds(added)).toEqual(['U1', 'U2', 'U7']);
		const removed = patchGroup({ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'U1' }] });
		expect(memberIds(removed)).toEqual(['U2']);
	});

	it('Replace displayName of a group; attributes the server does not keep are ignored', () => {
		const { resource, ignored } = applyPatch(group(), ops({ op: 'Replace', path: 'displayName', value: 'New' }, { op: 'Add', path: 'title', value: 'x' }, { op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:custom:2.0:User:x', value: 'y' }), 'Group');
		expect(resource.displayName).toBe('New');
		expect(ignored).toEqual(['title', 'urn:ietf:params:scim:schemas:extension:custom:2.0:User:x']);
	});
});

describe('Okta dialect', () => {
	it('deactivate: replace with no path and {"active": false}', () => {
		expect(patchUser({ op: 'replace', value: { active: false } }).active).toBe(false);
	});

	it('group: add members with value and display, remove by members[value eq]', () => {
		const added = patchGroup({ op: 'add', path: 'members', value: [{ value: 'U5', display: 'user@example.com' }] });
		expect(added.members).toContainEqual({ value: 'U5', display: 'user@example.com' });
		expect(memberIds(patchGroup({ op: 'remove', path: 'members[value eq "U2"]' }))).toEqual(['U1']);
	});

	it('group rename: replace with no path carrying id and displayName', () => {
		expect(patchGroup({ op: 'replace', value: { id: 'G1', displayName: 'Okta Renamed' } }).displayName).toBe('Okta Renamed');
	});
});

describe('request validation', () => {
	it.each([
		[null, /JSON object/],
		[{ schemas: ['urn:x'], Operations: [{ op: 'add', path: 'a', value: 1 }] }, /PatchOp/],
		[{ Operations: [] }, /at least one/],
		[{ Operations: [{ op: 'move', path: 'a' }] }, /add, replace or remove/],
		[{ Operations: [{ op: 'add', value: 'x' }] }, /must be an object/],
		[{ Operations: [{ op: 'replace', path: 'active' }] }, /needs a value/],
		[{ Operations: ['add'] }, /not an object/],
	])('refuses %j', (body, message) => {
		const error = scimError(() => parsePatchRequest(body));
		expect(error.status).toBe(400);
		expect(error.message).toMatch(message);
	});

	it('refuses values of the wrong type', () => {
		expect(scimError(() => patchUser({ op: 'replace', path: 'active', value: 'maybe' })).scimType).toBe('invalidValue');
		expect(scimError(() => patchUser({ op: 'replace', path: 'displayName', value: { a: 1 } })).scimType).toBe('invalidValue');
		expect(scimError(() => patchUser({ op: 'replace', path: 'name', value: 'x' })).scimType).toBe('invalidValue');
	});

	it('applies all operations or none: the input resource is never modified', () => {
		const original = user();
		const before = JSON.stringify(original);
		expect(() => applyPatch(original, ops({ op: 'replace', path: 'displayName', value: 'X' }, { op: 'replace', path: 'id', value: 'Y' }), 'User')).toThrow(ScimError);
		expect(JSON.stringify(original)).toBe(before);
	});
});
