/** RFC 7644 §3.4.2.4 pagination, §3.4.2.5 attributes / excludedAttributes, §2 bearer tokens. */
import { checkBearer } from '../../../nodes/ArSystemScim/scim/auth';
import { ScimError } from '../../../nodes/ArSystemScim/scim/errors';
import { routeOf } from '../../../nodes/ArSystemScim/scim/handler';
import { listResponse, pageFrom, plausibleId } from '../../../nodes/ArSystemScim/scim/list';
import { project, projectionFrom, wants } from '../../../nodes/ArSystemScim/scim/projection';
import { ENTERPRISE_SCHEMA, LIST_SCHEMA, USER_SCHEMA } from '../../../nodes/ArSystemScim/scim/schemas';

describe('§3.4.2.4 pagination parameters', () => {
	it.each([
		[{}, { startIndex: 1, count: 100 }],
		[{ startIndex: '1', count: '10' }, { startIndex: 1, count: 10 }],
		[{ startIndex: '0' }, { startIndex: 1, count: 100 }],
		[{ startIndex: '-5', count: '-1' }, { startIndex: 1, count: 0 }],
		[{ count: '5000' }, { startIndex: 1, count: 100 }],
		[{ startIndex: ['3'], count: ['2'] }, { startIndex: 3, count: 2 }],
		[{ startIndex: '', count: '' }, { startIndex: 1, count: 100 }],
	])('%j → %j', (query, page) => {
		expect(pageFrom(query, 100)).toEqual(page);
	});

	it.each([{ startIndex: 'abc' }, { count: '1.5' }, { count: '0x10' }])('refuses %j', (query) => {
		expect(() => pageFrom(query, 100)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidValue' }));
	});

	it('builds a ListResponse with the exact total and the page size', () => {
		expect(listResponse([{ id: 'a' }], 57, { startIndex: 11, count: 10 })).toEqual({
			schemas: [LIST_SCHEMA],
			totalResults: 57,
			startIndex: 11,
			itemsPerPage: 1,
			Resources: [{ id: 'a' }],
		});
	});

	it('treats IDs AR cannot hold as not found instead of sending them', () => {
		expect(plausibleId('000000000000001')).toBe(true);
		expect(plausibleId('0000000000000001')).toBe(false);
		expect(plausibleId('')).toBe(false);
		expect(plausibleId('a"b')).toBe(false);
		expect(plausibleId('a\nb')).toBe(false);
	});
});

describe('§3.4.2.5 attributes and excludedAttributes', () => {
	const resource = {
		schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
		id: '1',
		userName: 'bjensen',
		name: { givenName: 'B', familyName: 'J' },
		displayName: 'Babs',
		emails: [{ value: 'b@x', type: 'work', primary: true }],
		[ENTERPRISE_SCHEMA]: { department: 'Sales', organization: 'Calbro' },
		meta: { resourceType: 'User' },
	};

	it('keeps only the attributes asked for, plus id, schemas and userName', () => {
		expect(project('User', resource, projectionFrom('User', { attributes: 'displayName,name.givenName,emails.value' }))).toEqual({
			schemas: resource.schemas,
			id: '1',
			userName: 'bjensen',
			name: { givenName: 'B' },
			displayName: 'Babs',
			emails: [{ value: 'b@x' }],
		});
	});

	it('drops excluded attributes and sub-attributes, names in any case and with URNs', () => {
		const out = project('User', resource, projectionFrom('User', { excludedAttributes: `EMAILS,name.familyName,${ENTERPRISE_SCHEMA}:department,id` }));
		expect(out.emails).toBeUndefined();
		expect(out.name).toEqual({ givenName: 'B' });
		expect(out[ENTERPRISE_SCHEMA]).toEqual({ organization: 'Calbro' });
		expect(out.id).toBe('1');
	});

	it('says whether an attribute is needed, so members are not read when excluded', () => {
		expect(wants('Group', projectionFrom('Group', { excludedAttributes: 'members' }), 'members')).toBe(false);
		expect(wants('Group', projectionFrom('Group', { attributes: 'displayName' }), 'members')).toBe(false);
		expect(wants('Group', projectionFrom('Group', { attributes: 'members.value' }), 'members')).toBe(true);
		expect(wants('Group', projectionFrom('Group', {}), 'members')).toBe(true);
	});
});

describe('routing', () => {
	it('finds the endpoint in any path that contains it', () => {
		expect(routeOf('Users')).toEqual({ endpoint: 'users', rest: [] });
		expect(routeOf('/webhook/abc/scim/v2/Users/000000000000001')).toEqual({ endpoint: 'users', rest: ['000000000000001'] });
		expect(routeOf('/Schemas/urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Acore%3A2.0%3AUser')).toEqual({ endpoint: 'schemas', rest: ['urn:ietf:params:scim:schemas:core:2.0:User'] });
		expect(() => routeOf('/scim/v2/Nothing')).toThrow(expect.objectContaining({ status: 404 }));
		expect(() => routeOf('/Users/%E0%A4%A')).toThrow(expect.objectContaining({ status: 400 }));
	});
});

describe('bearer token', () => {
	const failing = (headers: unknown) => {
		try {
			checkBearer(headers, 's3cret-token');
		} catch (error) {
			return error as ScimError;
		}
		throw new Error('accepted');
	};

	it('accepts the token in any header case and scheme case', () => {
		expect(() => checkBearer({ authorization: 'Bearer s3cret-token' }, 's3cret-token')).not.toThrow();
		expect(() => checkBearer({ Authorization: 'bearer s3cret-token' }, 's3cret-token')).not.toThrow();
	});

	it.each([{}, { authorization: 'Basic czNjcmV0' }, { authorization: 'Bearer' }, { authorization: 'Bearer s3cret-tokeN' }, { authorization: 'Bearer s3cret-token2' }, { authorization: 'Bearer s3cret' }, null])(
		'refuses %j with 401, never echoing the token',
		(headers) => {
			const error = failing(headers);
			expect(error.status).toBe(401);
			expect(error.message).not.toContain('s3cret');
		},
	);
});
