import fc from 'fast-check';

import type { GroupDirectory } from '../../../nodes/ArSystem/helpers/groupList';
import {
	applyIntent,
	groupKey,
	groupsHeld,
	intentHolds,
	parseGroupList,
} from '../../../nodes/ArSystem/helpers/groupList';
import { lockedKeys, withEntryLock } from '../../../nodes/ArSystem/helpers/groupListEdit';

const names = new Map([
	['1', 'Administrator'],
	['10', 'Incident Master'],
	['100', 'Incident User'],
	['400002', 'Service Desk'],
]);
const directory: GroupDirectory = {
	names,
	ids: new Map([...names].map(([id, name]) => [name, id])),
	requestIds: new Map(),
};
const ref = (id: string) => ({ id, name: names.get(id) });

describe('one normalisation: groupKey / groupsHeld', () => {
	it('resolves IDs and exact names to the group ID, keeps unknown tokens', () => {
		expect(groupKey('10', directory)).toBe('10');
		expect(groupKey(' Incident Master ', directory)).toBe('10');
		expect(groupKey('incident master', directory)).toBe('incident master');
		expect(groupKey('Nobody Knows', directory)).toBe('Nobody Knows');
		expect(groupKey('10')).toBe('10');
	});

	it('lists a group held by ID and by name once, with spaces and without the trailing ;', () => {
		expect(groupsHeld('10; Incident Master;400002;Service Desk', directory)).toEqual([
			{ id: '10', name: 'Incident Master' },
			{ id: '400002', name: 'Service Desk' },
		]);
		expect(groupsHeld('Stray;1;', directory)).toEqual([{ id: 'Stray' }, { id: '1', name: 'Administrator' }]);
		expect(groupsHeld(null, directory)).toEqual([]);
	});
});

describe('applyIntent / intentHolds', () => {
	it.each([
		['add by ID to a named list: the name is written', 'Incident Master;', { add: [ref('400002')] }, 'Incident Master;Service Desk;'],
		['add already held by name: untouched', 'Incident Master;', { add: [ref('10')] }, 'Incident Master;'],
		['remove held by name', 'Incident Master;100;', { remove: [ref('10')] }, '100;'],
		['remove held twice (ID and name)', '10; Incident Master; 100;', { remove: [ref('10')] }, ' 100;'],
		['keep only one group, whatever the spelling', '1; Incident Master;Stray;400002', { keepOnly: [ref('400002')] }, '400002'],
		['keep only nothing: empty', '1;10;', { keepOnly: [] }, ''],
		['template match: add and keep only', '1;100;', { add: [ref('10')], keepOnly: [ref('10')] }, '10;'],
		['remove then add in one intent', '10;', { remove: [ref('10')], add: [ref('100')] }, '100;'],
		['spaced list keeps its spaces', '100; 1000;', { add: [ref('10')] }, '100; 1000; 10;'],
	])('%s', (_label, value, intent, expected) => {
		const result = applyIntent(value, intent);
		expect(result.value).toBe(expected);
		expect(result.changed).toBe(expected !== value);
		expect(intentHolds(result.value, intent)).toBe(true);
	});

	it('leaves the text as it was when the intent already holds', () => {
		const odd = ' 10 ;;Incident User';
		expect(applyIntent(odd, { add: [ref('100')], remove: [ref('1')] })).toEqual({ value: odd, changed: false });
		expect(intentHolds(odd, { add: [ref('100')], remove: [ref('1')] })).toBe(true);
	});

	it('says an intent does not hold while a removed group is held by name, or an added one is missing', () => {
		expect(intentHolds('Incident Master;', { remove: [ref('10')] })).toBe(false);
		expect(intentHolds('100;', { add: [ref('10')] })).toBe(false);
		expect(intentHolds('100;Stray;', { keepOnly: [ref('100')] })).toBe(false);
	});

	it('re-applied to a list another writer changed, keeps that writer\'s groups (property)', () => {
		const id = fc.constantFrom('1', '10', '100', '400002', 'Stray');
		fc.assert(
			fc.property(fc.uniqueArray(id, { maxLength: 5 }), id, id, fc.boolean(), (base, ours, theirs, add) => {
				fc.pre(ours !== theirs);
				const intent = add ? { add: [ref(ours)] } : { remove: [ref(ours)] };
				// The other writer added `theirs` after we planned on `base`.
				const changedMeanwhile = applyIntent(base.join(';'), { add: [ref(theirs)] }).value;
				const result = applyIntent(changedMeanwhile, intent).value;
				expect(intentHolds(result, intent)).toBe(true);
				expect(groupsHeld(result, directory).map((g) => g.id)).toContain(theirs);
				expect(parseGroupList(result).length).toBeLessThanOrEqual(base.length + 2);
			}),
		);
	});
});

describe('withEntryLock', () => {
	it('runs tasks of one key one at a time, other keys in parallel, and forgets idle keys', async () => {
		const log: string[] = [];
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const first = withEntryLock('a', async () => {
			log.push('a1 start');
			await gate;
			log.push('a1 end');
		});
		const second = withEntryLock('a', async () => {
			log.push('a2');
		});
		const other = withEntryLock('b', async () => {
			log.push('b');
		});
		await other;
		expect(log).toEqual(['a1 start', 'b']);
		release();
		await Promise.all([first, second]);
		expect(log).toEqual(['a1 start', 'b', 'a1 end', 'a2']);
		expect(lockedKeys()).toBe(0);
	});

	it('releases the key when a task fails', async () => {
		await expect(
			withEntryLock('c', async () => {
				throw new Error('boom');
			}),
		).rejects.toThrow('boom');
		await expect(withEntryLock('c', async () => 'next')).resolves.toBe('next');
		expect(lockedKeys()).toBe(0);
	});
});
