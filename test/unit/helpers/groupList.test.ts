import fc from 'fast-check';

import {
	addGroup,
	formatGroupList,
	hasGroup,
	parseGroupList,
	removeGroup,
} from '../../../nodes/ArSystem/helpers/groupList';

describe('parseGroupList', () => {
	it.each([
		['canonical form', '1;400002;400003;', ['1', '400002', '400003']],
		['no trailing ;', '1;400002;400003', ['1', '400002', '400003']],
		['spaces around tokens', ' 1 ; 400002 ;400003 ; ', ['1', '400002', '400003']],
		['empty segments', ';1;;400002;;;', ['1', '400002']],
		['a single group', '1;', ['1']],
		['a single group without ;', '1', ['1']],
		[
			'names mixed in',
			'Administrator;1;Sub Administrator;',
			['Administrator', '1', 'Sub Administrator'],
		],
		['unicode names', 'Équipe Réseau;李;', ['Équipe Réseau', '李']],
		['only separators', ';;', []],
		['empty text', '', []],
		['blank text', '   ', []],
		['null', null, []],
		['undefined', undefined, []],
		['a number', 400002, ['400002']],
		['a list', ['1', 400002, ' 3 ', ''], ['1', '400002', '3']],
	])('%s', (_label, input, expected) => {
		expect(parseGroupList(input)).toEqual(expected);
	});

	it('keeps duplicates and order as written', () => {
		expect(parseGroupList('3;1;3;2;')).toEqual(['3', '1', '3', '2']);
	});

	it('refuses values that are not a group list', () => {
		expect(() => parseGroupList({ groups: '1;' })).toThrow(/Group List must be text/);
		expect(() => parseGroupList(true)).toThrow(/Group List must be text/);
	});
});

describe('formatGroupList', () => {
	it.each([
		[['1', '400002', '400003'], '1;400002;400003;'],
		[['1'], '1;'],
		[[], ''],
		[[' 1 ', '', '  ', '2'], '1;2;'],
		[['Administrator', '1'], 'Administrator;1;'],
	])('%p → %p', (tokens, expected) => {
		expect(formatGroupList(tokens)).toBe(expected);
	});

	it('refuses a token that contains the separator', () => {
		expect(() => formatGroupList(['1;2'])).toThrow(/separates groups/);
	});

	it('round-trips with parseGroupList (property)', () => {
		const token = fc
			.string({ minLength: 1, maxLength: 12 })
			.map((s) => s.replace(/;/g, '').trim())
			.filter((s) => s !== '');
		fc.assert(
			fc.property(fc.array(token, { maxLength: 20 }), (tokens) => {
				const text = formatGroupList(tokens);
				expect(parseGroupList(text)).toEqual(tokens);
				expect(text === '' || text.endsWith(';')).toBe(true);
			}),
		);
	});
});

describe('hasGroup', () => {
	// Group IDs that are prefixes / suffixes of one another: a substring check would get these wrong.
	const prefixes = '10;100;1000;';

	it.each([
		[prefixes, 1, false],
		[prefixes, 10, true],
		[prefixes, 100, true],
		[prefixes, 1000, true],
		[prefixes, 0, false],
		[prefixes, 10000, false],
		['1;', 10, false],
		['1;', 100, false],
		['1;', 1, true],
		['100', 1, false],
		['100', 10, false],
		['100', 100, true],
		['1000;1', 1, true],
		['1000;1', 100, false],
		['21;', 1, false],
		['11;', 1, false],
		[' 1 ;', 1, true],
		['1;;10', 10, true],
		['', 1, false],
		[null, 1, false],
		[undefined, 1, false],
	])('hasGroup(%p, %p) is %p', (value, id, expected) => {
		expect(hasGroup(value, id)).toBe(expected);
	});

	it('matches IDs given as text the same as numbers, trimmed', () => {
		expect(hasGroup('1;400002;', '400002')).toBe(true);
		expect(hasGroup('1;400002;', ' 400002 ')).toBe(true);
		expect(hasGroup('1;400002;', '40000')).toBe(false);
	});

	it('matches group names exactly, with names mixed among IDs', () => {
		const mixed = 'Administrator;1;Sub Administrator;';
		expect(hasGroup(mixed, 'Administrator')).toBe(true);
		expect(hasGroup(mixed, 'Sub Administrator')).toBe(true);
		expect(hasGroup(mixed, 'Sub')).toBe(false);
		expect(hasGroup(mixed, 'administrator')).toBe(false);
		expect(hasGroup(mixed, 1)).toBe(true);
	});

	it('refuses an empty group, a group with ";" and a non-integer ID', () => {
		expect(() => hasGroup('1;', '')).toThrow(/group is empty/);
		expect(() => hasGroup('1;', '  ')).toThrow(/group is empty/);
		expect(() => hasGroup('1;', '1;2')).toThrow(/separates groups/);
		expect(() => hasGroup('1;', 1.5)).toThrow(/not a group ID/);
		expect(() => hasGroup('1;', -1)).toThrow(/not a group ID/);
		expect(() => hasGroup('1;', NaN)).toThrow(/not a group ID/);
	});
});

describe('addGroup', () => {
	it.each([
		['appends with a trailing ;', '1;400002;', 400003, '1;400002;400003;'],
		['1 next to 10, 100, 1000', '10;100;1000;', 1, '10;100;1000;1;'],
		['1000 next to 1, 10, 100', '1;10;100;', 1000, '1;10;100;1000;'],
		['10 next to 1 and 100 (no trailing ;)', '1;100', 10, '1;100;10'],
		['keeps a list without trailing ; that way', '10;100', 1, '10;100;1'],
		['into null', null, 1, '1;'],
		['into undefined', undefined, 1, '1;'],
		['into empty text', '', 1, '1;'],
		['into blank text', '   ', 1, '1;'],
		['into only separators', ';;', 1, '1;'],
		['trailing spaces dropped before appending', '1; ', 2, '1;2;'],
		['keeps other segments as written', ' 1 ;;Administrator;', 2, ' 1 ;;Administrator;2;'],
		['a group name', '1;', 'Sub Administrator', '1;Sub Administrator;'],
	])('%s', (_label, value, id, expected) => {
		expect(addGroup(value, id)).toEqual({ value: expected, changed: true });
	});

	it('returns the original text untouched when already a member', () => {
		const odd = '  1 ;;10';
		const result = addGroup(odd, 1);
		expect(result.changed).toBe(false);
		expect(result.value).toBe(odd);
		expect(addGroup('1;400002;', '400002')).toEqual({ value: '1;400002;', changed: false });
		expect(addGroup('Administrator;', 'Administrator')).toEqual({
			value: 'Administrator;',
			changed: false,
		});
	});

	it('adds 1 when only 10 and 100 are present (no prefix match)', () => {
		expect(addGroup('10;100;', '1')).toEqual({ value: '10;100;1;', changed: true });
	});

	it('refuses an empty group ID', () => {
		expect(() => addGroup('1;', '')).toThrow(/group is empty/);
	});
});

describe('removeGroup', () => {
	const all = '1;10;100;1000;';

	it.each([
		['1 from 1, 10, 100, 1000', all, 1, '10;100;1000;'],
		['10 from 1, 10, 100, 1000', all, 10, '1;100;1000;'],
		['100 from 1, 10, 100, 1000', all, 100, '1;10;1000;'],
		['1000 from 1, 10, 100, 1000', all, 1000, '1;10;100;'],
		['the last token without trailing ;', '10;1', 1, '10'],
		['the first token without trailing ;', '1;10', 1, '10'],
		['the only group', '1;', 1, ''],
		['the only group without ;', '1', 1, ''],
		['the only group, leaving separators', ';1;;', 1, ''],
		['every duplicate', '1;2;1;', 1, '2;'],
		['a group name', 'Administrator;1;Sub Administrator;', 'Sub Administrator', 'Administrator;1;'],
		['by text ID', '1;400002;400003;', '400002', '1;400003;'],
		['keeps other segments as written', ' 1; 2 ;3;', 2, ' 1;3;'],
	])('%s', (_label, value, id, expected) => {
		expect(removeGroup(value, id)).toEqual({ value: expected, changed: true });
	});

	it('returns the original text untouched when not a member', () => {
		const odd = ' 10 ;;100';
		expect(removeGroup(odd, 1)).toEqual({ value: odd, changed: false });
		expect(removeGroup('10;100;1000;', 1)).toEqual({ value: '10;100;1000;', changed: false });
		expect(removeGroup(null, 1)).toEqual({ value: '', changed: false });
		expect(removeGroup('', 1)).toEqual({ value: '', changed: false });
	});
});

describe('add / remove / has together (property)', () => {
	const id = fc.integer({ min: 0, max: 100000 });

	it('add makes a member, remove makes a non-member, other groups are untouched', () => {
		fc.assert(
			fc.property(
				fc.uniqueArray(id, { maxLength: 15 }),
				id,
				fc.boolean(),
				(ids, target, trailing) => {
					const others = ids.filter((x) => x !== target).map(String);
					const joined = others.join(';');
					const text = trailing && joined !== '' ? `${joined};` : joined;

					const added = addGroup(text, target);
					expect(added.changed).toBe(true);
					expect(hasGroup(added.value, target)).toBe(true);
					expect(parseGroupList(added.value)).toEqual([...others, String(target)]);

					const again = addGroup(added.value, target);
					expect(again).toEqual({ value: added.value, changed: false });

					const removed = removeGroup(added.value, target);
					expect(removed.changed).toBe(true);
					expect(hasGroup(removed.value, target)).toBe(false);
					expect(parseGroupList(removed.value)).toEqual(others);
					for (const other of others) expect(hasGroup(removed.value, other)).toBe(true);
				},
			),
		);
	});
});

describe('group lists with names and spaces (ID or exact name)', () => {
	it('a group counts as held by its ID or its exact name, never by a prefix or another case', () => {
		expect(hasGroup('Incident Master;Incident User;', 10, 'Incident Master')).toBe(true);
		expect(hasGroup('Incident Master;Incident User;', 10)).toBe(false);
		expect(hasGroup('incident master;', 10, 'Incident Master')).toBe(false);
		expect(hasGroup('Incident Masters;', 10, 'Incident Master')).toBe(false);
		expect(hasGroup('100; 1000;', 1000, 'Incident Viewer')).toBe(true);
		expect(hasGroup('100; 1000;', 1, 'Administrator')).toBe(false);
	});

	it('add follows the list style: spaces stay, a names-only list gets the name', () => {
		expect(addGroup('100; 1000;', 10, 'Incident Master')).toEqual({ value: '100; 1000; 10;', changed: true });
		expect(addGroup('100; 1000', 10)).toEqual({ value: '100; 1000; 10', changed: true });
		expect(addGroup('Incident User;', 400002, 'Service Desk')).toEqual({
			value: 'Incident User;Service Desk;',
			changed: true,
		});
		// A mixed list gets the ID (the canonical form).
		expect(addGroup('Incident User;1;', 400002, 'Service Desk')).toEqual({
			value: 'Incident User;1;400002;',
			changed: true,
		});
		expect(addGroup('Incident Master;', 10, 'Incident Master')).toEqual({
			value: 'Incident Master;',
			changed: false,
		});
	});

	it('remove takes the ID and the name, and keeps the rest as written', () => {
		expect(removeGroup('Incident Master; 10; 100;', 10, 'Incident Master')).toEqual({
			value: ' 100;',
			changed: true,
		});
		expect(removeGroup('100; 1000;', 1, 'Administrator')).toEqual({ value: '100; 1000;', changed: false });
		expect(removeGroup('Incident Master;', 10, 'Incident Master')).toEqual({ value: '', changed: true });
	});

	it('add then remove is idempotent on any spelling (property)', () => {
		const token = fc.constantFrom('1', '10', '100', 'Incident Master', 'Service Desk', '400002');
		fc.assert(
			fc.property(fc.array(token, { maxLength: 6 }), fc.constantFrom(';', '; ', ' ; '), (tokens, sep) => {
				const list = tokens.length === 0 ? '' : `${tokens.join(sep)};`;
				const added = addGroup(list, 10, 'Incident Master');
				expect(hasGroup(added.value, 10, 'Incident Master')).toBe(true);
				expect(addGroup(added.value, 10, 'Incident Master').changed).toBe(false);
				const removed = removeGroup(added.value, 10, 'Incident Master');
				expect(hasGroup(removed.value, 10, 'Incident Master')).toBe(false);
				expect(removeGroup(removed.value, 10, 'Incident Master').changed).toBe(false);
				// Other memberships are untouched.
				const others = (v: string) =>
					parseGroupList(v).filter((t) => t !== '10' && t !== 'Incident Master');
				expect(others(removed.value)).toEqual(others(list));
			}),
			{ seed: 9, numRuns: 300 },
		);
	});
});
