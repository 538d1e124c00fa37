import {
	encodeEntryId,
	encodeFormName,
	entryIdFromLocation,
	entryPath,
	fieldsParam,
	fieldsPath,
	listQueryString,
	mergePath,
	normaliseBaseUrl,
	sortParam,
	strictEncode,
} from '../../../nodes/ArSystem/transport/urls';

describe('URL building', () => {
	it('trims blanks and trailing slashes from the Server URL', () => {
		expect(normaliseBaseUrl(' https://ar.example.com:8443/// ')).toBe(
			'https://ar.example.com:8443',
		);
		expect(normaliseBaseUrl(undefined)).toBe('');
	});

	it('encodes form names for the path but keeps the colon, as recorded hrefs do', () => {
		expect(encodeFormName('HPD:Help Desk')).toBe('HPD:Help%20Desk');
		expect(encodeFormName('ENT:SYS-Access Permission Grps')).toBe(
			'ENT:SYS-Access%20Permission%20Grps',
		);
		expect(encodeFormName("Odd/Form (x)'")).toBe('Odd%2FForm%20%28x%29%27');
		expect(entryPath('HPD:Help Desk')).toBe('/api/arsys/v1/entry/HPD:Help%20Desk');
	});

	it('encodes entry IDs fully, including the join separator', () => {
		expect(encodeEntryId('INC000000000026|INC000000000026')).toBe(
			'INC000000000026%7CINC000000000026',
		);
		expect(entryPath('HPD:IncidentInterface', 'A|B')).toBe(
			'/api/arsys/v1/entry/HPD:IncidentInterface/A%7CB',
		);
	});

	it('builds the merge and metadata paths', () => {
		expect(mergePath('CTM:People')).toBe('/api/arsys/v1/mergeEntry/CTM:People');
		expect(fieldsPath('HPD:Help Desk')).toBe('/api/arsys/v1.0/fields/HPD:Help%20Desk');
	});

	it('keeps parentheses and commas of fields=values(...) raw and encodes each name', () => {
		expect(fieldsParam(['Login Name', 'Full Name', 'Request ID'])).toBe(
			'values(Login%20Name,Full%20Name,Request%20ID)',
		);
		// Separators inside a name must not split it.
		expect(fieldsParam(['A,B', 'C (D)'])).toBe('values(A%2CB,C%20%28D%29)');
	});

	it('joins sort fields with commas and keeps the direction suffix', () => {
		expect(
			sortParam([
				{ field: 'Modified Date', direction: 'desc' },
				{ field: 'Request ID', direction: 'asc' },
			]),
		).toBe('Modified%20Date.desc,Request%20ID.asc');
	});

	it('encodes the qualification fully', () => {
		const q = `'Login Name' = "O'Brien & Co" AND 'Status' != "x%"`;
		const query = listQueryString({ q, limit: 10 }, 1000);
		expect(query).toBe(
			'q=%27Login%20Name%27%20%3D%20%22O%27Brien%20%26%20Co%22%20AND%20%27Status%27%20%21%3D%20' +
				'%22x%25%22&limit=10',
		);
		expect(decodeURIComponent(query.split('&')[0].slice(2))).toBe(q);
		expect(strictEncode("!'()*")).toBe('%21%27%28%29%2A');
		// A raw "+" would read as a space on the server.
		expect(listQueryString({ q: `'Phone' = "+1 555"` }, 10)).toBe(
			'q=%27Phone%27%20%3D%20%22%2B1%20555%22&limit=10',
		);
	});

	it('always sends limit, in a fixed parameter order', () => {
		expect(listQueryString({}, 1000)).toBe('limit=1000');
		expect(
			listQueryString(
				{
					q: "'1' != $NULL$",
					fields: ['Request ID'],
					sort: [{ field: 'Request ID', direction: 'asc' }],
					offset: 200,
					limit: 100,
				},
				1000,
			),
		).toBe(
			'q=%271%27%20%21%3D%20%24NULL%24' +
				'&fields=values(Request%20ID)&sort=Request%20ID.asc&offset=200&limit=100',
		);
		expect(listQueryString({ q: '   ', offset: 0, limit: 5 }, 1000)).toBe('limit=5');
	});

	describe('entry ID from the Location header', () => {
		it.each([
			['https://ar:8443/api/arsys/v1/entry/User/000000000000012', '000000000000012'],
			['/api/arsys/v1/entry/User/000000000000012', '000000000000012'],
			['api/arsys/v1/entry/User/000000000000012/', '000000000000012'],
			['https://ar/api/arsys/v1/entry/HPD:IncidentInterface/A%7CB', 'A|B'],
			['https://ar/api/arsys/v1/entry/User/000000000000012?fields=values(x)', '000000000000012'],
			['https://ar/api/arsys/v1/entry/CTM%3APeople/PPL000000000001', 'PPL000000000001'],
		])('%s → %s', (location, id) => {
			expect(entryIdFromLocation(location, 'User')).toBe(id);
		});

		it('is undefined without a header or when it names only the form', () => {
			expect(entryIdFromLocation(undefined, 'User')).toBeUndefined();
			expect(entryIdFromLocation('', 'User')).toBeUndefined();
			expect(entryIdFromLocation('https://ar/api/arsys/v1/entry/User', 'User')).toBeUndefined();
			expect(
				entryIdFromLocation('https://ar/api/arsys/v1/entry/HPD:Help%20Desk', 'HPD:Help Desk'),
			).toBeUndefined();
		});
	});
});
