/**
 * Filters → AR qualifications (RFC 7644 §3.4.2.2 semantics), evaluated by the emulator's own
 * qualification engine over users with and without values, so "matches the right users" is
 * checked by an independent implementation, not by reading the generated text.
 */
import { ScimError } from '../../../nodes/ArSystemScim/scim/errors';
import { parseFilter } from '../../../nodes/ArSystemScim/scim/filter';
import { filterToQualification } from '../../../nodes/ArSystemScim/scim/toQualification';
import { userResolver } from '../../../nodes/ArSystemScim/scim/users';
import type { TestUser } from './fixtures';
import { matchingIds, userForms } from './fixtures';

const USERS: TestUser[] = [
	{ id: 'U1', login: 'bjensen', fullName: 'Barbara Jensen', email: 'bjensen@example.com', status: 0, modified: 1700000000, employee: 'E1' },
	{ id: 'U2', login: 'jsmith', fullName: "Jim O'Malley", email: 'jim@example.org', status: 1, modified: 1700000100 },
	{ id: 'U3', login: 'nomail', fullName: 'No Mail', email: null, status: 0, modified: 1700000200 },
	{ id: 'U4', login: 'Jane"Q', fullName: 'Jane "Q" Public', email: 'jq@EXAMPLE.com', status: 0, modified: 1700000300 },
	{ id: 'U5', login: 'pct%_[x', fullName: '100% _real_ [x]', email: 'p@x.io', status: 1, modified: 1700000400 },
];

const forms = userForms({ externalId: true });
const resolve = userResolver(forms);
const qualificationOf = (filter: string) => filterToQualification(parseFilter(filter), resolve);
const ids = (filter: string) => matchingIds(qualificationOf(filter), USERS);

describe('RFC 7644 §3.4.2.2 operators on AR fields', () => {
	it.each([
		['userName eq "bjensen"', ['U1']],
		['USERNAME eq "bjensen"', ['U1']],
		['urn:ietf:params:scim:schemas:core:2.0:User:userName eq "jsmith"', ['U2']],
		['userName ne "bjensen"', ['U2', 'U3', 'U4', 'U5']],
		['displayName co "O\'Malley"', ['U2']],
		['userName sw "j"', ['U2']],
		['userName ew "n"', ['U1']],
		['userName eq "Jane\\"Q"', ['U4']],
		['displayName co "%"', ['U5']],
		['displayName co "_real_"', ['U5']],
		['displayName co "[x]"', ['U5']],
		['userName gt "m"', ['U3', 'U5']],
		['meta.lastModified gt "2023-11-14T22:15:00Z"', ['U3', 'U4', 'U5']],
		['meta.lastModified le "2023-11-14T22:13:20Z"', ['U1']],
		['emails pr', ['U1', 'U2', 'U4', 'U5']],
		['emails.value co "@example."', ['U1', 'U2']],
		['emails co "example.org"', ['U2']],
		['emails.type eq "work"', ['U1', 'U2', 'U3', 'U4', 'U5']],
		['emails[type eq "work"]', ['U1', 'U2', 'U4', 'U5']],
		['emails[type eq "home"]', []],
		['emails[type eq "work" and value co "@example.com"]', ['U1']],
		['emails[type eq "work"].value ew ".io"', ['U5']],
		['externalId eq "E1"', ['U1']],
		['externalId pr', ['U1']],
		['id eq "U3"', ['U3']],
		['active eq true', ['U1', 'U3', 'U4']],
		['active eq false', ['U2', 'U5']],
		['active ne true', ['U2', 'U5']],
		['active pr', ['U1', 'U2', 'U3', 'U4', 'U5']],
		['emails eq null', ['U3']],
		['meta.resourceType eq "User"', ['U1', 'U2', 'U3', 'U4', 'U5']],
	])('%s', (filter, expected) => {
		expect(ids(filter)).toEqual(expected);
	});
});

describe('logical operators, not and missing values', () => {
	it.each([
		['userName eq "bjensen" or userName eq "jsmith"', ['U1', 'U2']],
		['active eq true and (emails co "example.com" or userName eq "nomail")', ['U1', 'U3']],
		// SCIM: a user without an email does not contain "example" → not() includes them. U4's
		// "EXAMPLE" differs in case: text compares as the AR database does (here case-sensitive,
		// like Oracle; SQL Server would ignore case, as SCIM's caseExact=false wants).
		['not (emails co "example")', ['U3', 'U4', 'U5']],
		['emails.value ne "jim@example.org"', ['U1', 'U3', 'U4', 'U5']],
		['not (emails pr)', ['U3']],
		['not (emails[type eq "work"])', ['U3']],
		['not (not (userName eq "bjensen"))', ['U1']],
		['not (userName eq "bjensen" or active eq false)', ['U3', 'U4']],
		['not (userName eq "bjensen" and active eq true)', ['U2', 'U3', 'U4', 'U5']],
	])('%s', (filter, expected) => {
		expect(ids(filter)).toEqual(expected);
	});

	it('decides fixed attributes without asking AR', () => {
		expect(qualificationOf('emails.type eq "home"')).toBe(false);
		expect(qualificationOf('meta.resourceType eq "User"')).toBe(true);
		expect(qualificationOf('userName eq "a" and emails.primary eq false')).toBe(false);
		expect(qualificationOf('userName eq "a" or emails.primary eq true')).toBe(true);
	});

	it('sends values escaped by the builder, never as written', () => {
		expect(qualificationOf('userName eq "a\\" OR \\"1\\"=\\"1"')).toBe(`'101' = "a"" OR ""1""=""1"`);
		expect(qualificationOf('displayName co "%"')).toBe(`'8' LIKE "%[%]%"`);
	});
});

describe('what AR cannot express is refused, never guessed', () => {
	function refusal(filter: string): ScimError {
		try {
			qualificationOf(filter);
		} catch (error) {
			return error as ScimError;
		}
		throw new Error(`translated: ${filter}`);
	}

	it.each([
		['name.givenName eq "Barbara"', /CTM:People/],
		['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "IT"', /CTM:People/],
		['groups.value eq "000000000000001"', /groups/],
		['title pr', /no attribute title/],
		['password eq "x"', /password/],
		['userName eq 42', /quoted string/],
		['active gt true', /eq or ne/],
		['active eq "maybe"', /true or false/],
		['meta.lastModified co "2020"', /date/],
		['meta.lastModified gt "yesterday"', /ISO 8601/],
		['userName co ""', /needs text/],
		['userName gt null', /not a comparison/],
		['ims[type eq "xmpp"]', /no attribute ims/],
		['emails[display eq "x"]', /no sub-attribute/],
		['userName[value eq "x"]', /not a multi-valued/],
		['urn:example:custom:User:userName eq "x"', /no schema/],
		['userName eq "nul\\u0000"', /NUL|character/i],
	])('%s', (filter, message) => {
		const error = refusal(filter);
		const status = error instanceof ScimError ? error.status : 400;
		expect(status).toBe(400);
		expect(error.message).toMatch(message);
	});

	it('refuses externalId when no field keeps it', () => {
		const plain = userResolver(userForms());
		expect(() => filterToQualification(parseFilter('externalId eq "x"'), plain)).toThrow(/External ID Field/);
	});
});
