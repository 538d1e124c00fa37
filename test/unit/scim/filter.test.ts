/** RFC 7644 §3.4.2.2 filtering: the grammar, precedence, and every problem as invalidFilter. */
import { ScimError } from '../../../nodes/ArSystemScim/scim/errors';
import { parseFilter, parsePatchPath } from '../../../nodes/ArSystemScim/scim/filter';

function invalid(text: unknown): ScimError {
	try {
		parseFilter(text);
	} catch (error) {
		expect(error).toBeInstanceOf(ScimError);
		return error as ScimError;
	}
	throw new Error(`parsed: ${String(text)}`);
}

describe('RFC 7644 §3.4.2.2 filter grammar', () => {
	// Every example filter of the RFC's Figure 2 (§3.4.2.2).
	const RFC_EXAMPLES = [
		'userName eq "bjensen"',
		'name.familyName co "O\'Malley"',
		'userName sw "J"',
		'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
		'title pr',
		'meta.lastModified gt "2011-05-13T04:42:34Z"',
		'meta.lastModified ge "2011-05-13T04:42:34Z"',
		'meta.lastModified lt "2011-05-13T04:42:34Z"',
		'meta.lastModified le "2011-05-13T04:42:34Z"',
		'title pr and userType eq "Employee"',
		'title pr or userType eq "Intern"',
		'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
		'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
		'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
		'userType eq "Employee" and (emails.type eq "work")',
		'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
		'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
	];

	it.each(RFC_EXAMPLES)('parses %s', (text) => {
		expect(() => parseFilter(text)).not.toThrow();
	});

	it('reads attribute paths with schema URN and sub-attribute', () => {
		expect(parseFilter('urn:ietf:params:scim:schemas:core:2.0:User:name.givenName eq "A"')).toEqual({
			kind: 'compare',
			path: { schema: 'urn:ietf:params:scim:schemas:core:2.0:User', attr: 'name', sub: 'givenName' },
			op: 'eq',
			value: 'A',
		});
	});

	it('gives and precedence over or, and not over and', () => {
		const f = parseFilter('a eq 1 or b eq 2 and not (c pr)');
		expect(f).toMatchObject({
			kind: 'or',
			left: { kind: 'compare', path: { attr: 'a' }, value: 1 },
			right: { kind: 'and', left: { path: { attr: 'b' } }, right: { kind: 'not', filter: { kind: 'present' } } },
		});
	});

	it('takes operators, logical words and literals in any case', () => {
		expect(parseFilter('userName EQ "x" AND active Eq TRUE Or title pr')).toMatchObject({
			kind: 'or',
			left: { kind: 'and', right: { op: 'eq', value: true } },
		});
		expect(parseFilter('x eq null')).toMatchObject({ value: null });
		expect(parseFilter('x gt -1.5e3')).toMatchObject({ value: -1500 });
	});

	it('decodes JSON strings: escaped quotes, backslashes and unicode', () => {
		expect(parseFilter('userName eq "a\\"b\\\\c\\u00e9"')).toMatchObject({ value: 'a"b\\cé' });
	});

	it('joins a sub-attribute after a value filter into the value filter', () => {
		expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
			kind: 'valuePath',
			path: { attr: 'emails' },
			filter: {
				kind: 'and',
				left: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
				right: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: 'a@b.c' },
			},
		});
	});

	it.each([
		['', /empty/],
		['userName eq', /ends too early/],
		['userName "x"', /operator/],
		['userName like "x"', /operator/],
		['userName eq "x', /closing quote/],
		['userName eq "\\x"', /not valid JSON/],
		['userName eq bjensen', /Expected a value/],
		['userName eq "a" extra', /Unexpected text/],
		['(userName eq "a"', /Expected "\)"/],
		['not userName eq "a"', /after not/],
		['emails[type eq "work"', /Expected "]"/],
		['emails[x[y eq 1]]', /cannot contain another/],
		['1abc eq "x"', /not an attribute path/],
		['a.b.c eq "x"', /not an attribute path/],
		['userName eq "a" and', /ends too early/],
	])('refuses %j with invalidFilter', (text, message) => {
		const error = invalid(text);
		expect(error.status).toBe(400);
		expect(error.scimType).toBe('invalidFilter');
		expect(error.message).toMatch(message);
	});

	it('refuses filters nested too deep or too long, without a stack overflow', () => {
		expect(invalid(`${'('.repeat(5000)}a pr${')'.repeat(5000)}`).message).toMatch(/levels deep|longer/);
		expect(invalid(`${'not ('.repeat(60)}a pr${')'.repeat(60)}`).message).toMatch(/levels deep/);
		expect(invalid(`a eq "${'x'.repeat(20000)}"`).message).toMatch(/longer than/);
		expect(invalid(42).message).toMatch(/must be text/);
	});
});

describe('RFC 7644 §3.5.2 PATCH paths', () => {
	it('reads attributes, sub-attributes, value filters and a sub-attribute after them', () => {
		expect(parsePatchPath('active')).toEqual({ path: { attr: 'active' } });
		expect(parsePatchPath('name.givenName')).toEqual({ path: { attr: 'name', sub: 'givenName' } });
		expect(parsePatchPath('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department')).toEqual({
			path: { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attr: 'department' },
		});
		expect(parsePatchPath('members[value eq "2819c223"]')).toMatchObject({
			path: { attr: 'members' },
			filter: { kind: 'compare', path: { attr: 'value' }, value: '2819c223' },
		});
		expect(parsePatchPath('emails[type eq "work"].value')).toMatchObject({
			path: { attr: 'emails' },
			subAfterFilter: 'value',
		});
	});

	it.each(['', '   ', 'members[value eq "x"', 'members[value eq "x"]x', 'name.givenName[type eq "a"]', 'a..b', 'members[value zz "x"]'])(
		'refuses %j with invalidPath',
		(text) => {
			expect(() => parsePatchPath(text)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' }));
		},
	);
});
