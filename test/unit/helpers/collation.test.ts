import { KeyedMap, groupByKey, keyRule } from '../../../nodes/ArSystem/helpers/collation';

describe('collation key rules', () => {
	it('case-insensitive: JSMITH, JSmith and jsmith are one key; accents still count', () => {
		const rule = keyRule('caseInsensitive');
		expect(rule.same('JSMITH', 'jsmith')).toBe(true);
		expect(rule.same('JSmith', 'jsmith')).toBe(true);
		expect(rule.same('Zoë', 'Zoe')).toBe(false);
		expect(rule.same(null, '')).toBe(true);
	});

	it('case-sensitive: only the exact spelling is the same login', () => {
		const rule = keyRule('caseSensitive');
		expect(rule.same('JSMITH', 'jsmith')).toBe(false);
		expect(rule.same('jsmith', 'jsmith')).toBe(true);
	});

	it('KeyedMap and groupByKey look rows up under the rule', () => {
		const rows = [
			{ login: 'JSMITH', id: 1 },
			{ login: 'jsmith', id: 2 },
			{ login: 'other', id: 3 },
		];
		const insensitive = groupByKey(keyRule('caseInsensitive'), rows, (r) => r.login);
		expect(insensitive.get('JSmith')?.map((r) => r.id)).toEqual([1, 2]);
		expect(insensitive.size).toBe(2);
		const sensitive = groupByKey(keyRule('caseSensitive'), rows, (r) => r.login);
		expect(sensitive.get('jsmith')?.map((r) => r.id)).toEqual([2]);
		expect(sensitive.has('JSmith')).toBe(false);
		const map = new KeyedMap<number>(keyRule('caseInsensitive')).set('A', 1);
		expect([map.get('a'), [...map.values()]]).toEqual([1, [1]]);
	});
});
