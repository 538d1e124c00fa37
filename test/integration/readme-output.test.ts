/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reading README.md (fs, __dirname) is this check's point */
/**
 * The README's Output examples are the node's real output: each example line is run here against
 * the emulator and compared, so the README cannot drift from what a user sees in the output panel.
 * A README item may leave keys out (it shows the ones that tell the shape) but keeps their order;
 * "…" stands for any value, or for any text inside a string.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';

import { runNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness } from '../harness/setup';

const MARKER = '<!-- output examples: checked by test/integration/readme-output.test.ts -->';
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

/** The operation behind each example's label line, as the editor would set it. */
const RUNS: Record<string, IDataObject> = {
	'User → Get, User By login "rsmith"': { resource: 'user', operation: 'get', user: rl('login', 'rsmith') },
	'Group → Get, Group Name "Incident Master"': {
		resource: 'group',
		operation: 'get',
		group: rl('name', 'Incident Master'),
	},
	'Person → Get, Person By login "rsmith"': { resource: 'person', operation: 'get', person: rl('login', 'rsmith') },
	'Identity → Get, User By login "rsmith"': { resource: 'identity', operation: 'get', user: rl('login', 'rsmith') },
	'Entry → Get Many, Form "HPD:Help Desk", Limit 1, Fields Incident Number, Status, Assigned Group': {
		resource: 'entry',
		operation: 'getAll',
		form: rl('name', 'HPD:Help Desk'),
		limit: 1,
		fields: ['Incident Number', 'Status', 'Assigned Group'],
	},
	'Support Group → Get, Support Group Name "Network Support"': {
		resource: 'supportGroup',
		operation: 'get',
		supportGroup: rl('name', 'Network Support'),
	},
	'User → Add to Group, User "rsmith", Group "Incident Master"': {
		resource: 'user',
		operation: 'addToGroup',
		user: rl('login', 'rsmith'),
		group: rl('name', 'Incident Master'),
	},
	'Support Group → Add Person, Support Group "Field Ops", Person "rsmith"': {
		resource: 'supportGroup',
		operation: 'addPerson',
		supportGroup: rl('name', 'Field Ops'),
		person: rl('login', 'rsmith'),
	},
};

/** The label and item pairs of the README block that follows the marker. */
function readmeExamples(): Array<{ label: string; item: unknown }> {
	const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
	const at = readme.indexOf(MARKER);
	if (at < 0) throw new Error(`README.md has no line ${MARKER}`);
	const block = readme.slice(at).split('```')[1];
	const lines = block.split('\n').slice(1).filter((line) => line.trim() !== '');
	const examples = [];
	for (let k = 0; k < lines.length; k += 2) examples.push({ label: lines[k], item: JSON.parse(lines[k + 1]) as unknown });
	return examples;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where `shown` (the README's item) differs from `real`, as a path and reason; empty when it matches. */
function mismatches(shown: unknown, real: unknown, path = '$'): string[] {
	if (shown === '…') return [];
	if (typeof shown === 'string' && shown.includes('…')) {
		const pattern = new RegExp(`^${shown.split('…').map(escapeRegex).join('.*')}$`, 's');
		return typeof real === 'string' && pattern.test(real) ? [] : [`${path}: ${JSON.stringify(real)} does not match ${JSON.stringify(shown)}`];
	}
	if (Array.isArray(shown)) {
		if (!Array.isArray(real) || real.length !== shown.length) return [`${path}: ${JSON.stringify(real)} is not a list of ${shown.length}`];
		return shown.flatMap((value, k) => mismatches(value, real[k], `${path}[${k}]`));
	}
	if (shown && typeof shown === 'object') {
		if (!real || typeof real !== 'object') return [`${path}: ${JSON.stringify(real)} is not an object`];
		const realKeys = Object.keys(real);
		const problems: string[] = [];
		let last = -1;
		for (const [key, value] of Object.entries(shown)) {
			const position = realKeys.indexOf(key);
			if (position < 0) problems.push(`${path}.${key}: not in the output`);
			else if (position < last) problems.push(`${path}.${key}: comes earlier in the output than the README shows`);
			else problems.push(...mismatches(value, (real as IDataObject)[key], `${path}.${key}`));
			last = Math.max(last, position);
		}
		return problems;
	}
	return shown === real ? [] : [`${path}: ${JSON.stringify(real)}, the README says ${JSON.stringify(shown)}`];
}

describe('README Output examples are the real output', () => {
	let h: Harness;

	beforeAll(async () => void (h = await startHarness({ users: 200 })));
	afterAll(async () => await h.emulator.stop());

	it('the README shows one example for every resource, each with a known operation', () => {
		const labels = readmeExamples().map((example) => example.label);
		expect(labels).toEqual(Object.keys(RUNS));
		const resources = new Set(labels.map((label) => label.split(' → ')[0]));
		expect([...resources].sort()).toEqual(['Entry', 'Group', 'Identity', 'Person', 'Support Group', 'User']);
	});

	it.each(readmeExamples().map((example) => [example.label, example.item] as const))('%s', async (label, item) => {
		const [first] = await runNode(h.env, RUNS[label]);
		expect(mismatches(item, first.json)).toEqual([]);
	});

	it('a README item that differs from the output is caught', () => {
		expect(mismatches({ b: 1, a: 1 }, { a: 1, b: 1 })).toEqual(['$.a: comes earlier in the output than the README shows']);
		expect(mismatches({ a: 'x…z' }, { a: 'xyz' })).toEqual([]);
		expect(mismatches({ a: 'x…z' }, { a: 'xy' })).toHaveLength(1);
		expect(mismatches({ a: [1] }, { a: [1, 2] })).toHaveLength(1);
		expect(mismatches({ c: 1 }, { a: 1 })).toEqual(['$.c: not in the output']);
	});
});
