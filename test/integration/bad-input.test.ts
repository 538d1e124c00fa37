/**
 * A bad-input corpus through the real node: many cases per workflow execution, one input item per
 * case, `={{ $json.x }}` expressions in the parameters and Continue On Fail (continueRegularOutput)
 * so that every failed item yields an error item. Each case expects either a clear error (the
 * message names the field or the problem, is not a generic or stack-trace message and does not
 * echo a 100 KB input) or the exact result, checked against the emulator's own data. The workflow
 * run itself never fails, and no output item or error carries the password, the stored token or
 * `AR-JWT`.
 *
 * The `regression:` tests pin bugs this corpus found (bare "URI malformed", dot segments in
 * paths, 100 KB echoes, lenient number parsing), all fixed.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { arSystemNode, runNode, runWorkflow } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { startHarness, storedToken } from '../harness/setup';

const PASSWORD = 'S3cr3t-P@ss!';
const HPD = 'HPD:Help Desk';
const JOIN = 'HPD:IncidentInterface';
const HUGE = 100 * 1024;
const MAX_MESSAGE = 1000;

/** Messages that say nothing: a bare "Internal error", a JS exception text, a stack frame. */
const GENERIC =
	/^(Internal error|Error|Unknown error|Something went wrong)\.?$|Internal error|\n\s+at |\bat \S+:\d+:\d+|TypeError|ReferenceError|RangeError|SyntaxError|Cannot read propert|is not a function|is not iterable|\[object Object\]|URI malformed|^undefined$|^null$/;

type Expectation =
	/** A clear error item whose message matches. */
	| { error: RegExp }
	/** Exactly these entry IDs (Get / Get Many), compared as sets. */
	| { ids: () => string[] }
	/** Anything else: returns a problem, or undefined when the items are right. */
	| { check: (items: IDataObject[]) => string | undefined };

interface Case {
	label: string;
	item: IDataObject;
	expect: Expectation;
}

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const formByName = (name: string) => rl('name', name);
const fromItem = (key: string) => `={{ $json[${JSON.stringify(key)}] }}`;
const locatorFromItem = (mode: string) =>
	`={{ { "__rl": true, "mode": ${JSON.stringify(mode)}, "value": $json.value } }}`;
const error = (pattern: RegExp): Expectation => ({ error: pattern });

function show(value: unknown): string {
	const text = typeof value === 'string' ? value : JSON.stringify(value);
	return text.length > 160 ? `${text.slice(0, 160)}…(${text.length} chars)` : text;
}

describe('bad input through the real node', () => {
	let h: Harness;
	let casesRun = 0;
	const seenTokens = new Set<string>();
	const allOutput: string[] = [];

	const control = () => h.emulator.control;
	const idsWhere = (form: string, qualification?: string) =>
		control()
			.findEntries(form, qualification)
			.map((entry) => entry.id);
	const hpdWhere = (predicate: (description: string) => boolean) =>
		control()
			.findEntries(HPD)
			.filter((entry) => predicate(String(entry.values.Description ?? '')))
			.map((entry) => entry.id);

	function secrets(): string[] {
		const token = storedToken(h);
		if (token !== '') seenTokens.add(token);
		return [PASSWORD, 'AR-JWT', ...seenTokens];
	}

	function judge(c: Case, got: IDataObject[]): string | undefined {
		const expectation = c.expect;
		if ('error' in expectation) {
			if (got.length !== 1 || typeof got[0].error !== 'string') {
				return `expected one error item, got ${show(got)}`;
			}
			const message = got[0].error;
			const description = typeof got[0].description === 'string' ? got[0].description : '';
			if (!expectation.error.test(message)) {
				return `message ${show(message)} does not match ${String(expectation.error)}`;
			}
			if (GENERIC.test(message) || GENERIC.test(description)) {
				return `generic message ${show(message)} / ${show(description)}`;
			}
			if (message.length > MAX_MESSAGE) {
				return `message of ${message.length} characters echoes the input: ${show(message)}`;
			}
			return undefined;
		}
		const errors = got.filter((json) => json.error !== undefined);
		if (errors.length > 0) return `unexpected error ${show(errors[0])}`;
		if ('check' in expectation) return expectation.check(got);
		const actual = got.map((json) => String(json._requestId)).sort();
		const expected = [...expectation.ids()].sort();
		if (JSON.stringify(actual) !== JSON.stringify(expected)) {
			return `got IDs ${show(actual)}, expected exactly ${show(expected)}`;
		}
		return undefined;
	}

	/** Runs every case as one item of one execution; returns the problems found. */
	async function runCases(parameters: IDataObject, cases: Case[]): Promise<string[]> {
		const node = arSystemNode(parameters, 'AR System', { onError: 'continueRegularOutput' });
		const result = await runWorkflow(h.env, { nodes: [node], items: cases.map((c) => c.item) });
		if (result.error) return [`the workflow run failed: ${result.error.message}`];
		const out: INodeExecutionData[] = result.output('AR System');
		const byCase = new Map<number, IDataObject[]>();
		for (const item of out) {
			const index = (item.pairedItem as { item: number }).item;
			byCase.set(index, [...(byCase.get(index) ?? []), item.json]);
		}
		const problems: string[] = [];
		cases.forEach((c, k) => {
			const problem = judge(c, byCase.get(k) ?? []);
			if (problem) problems.push(`${c.label}: ${problem}`);
		});
		const hidden = secrets();
		for (const item of out) {
			const text = JSON.stringify(item.json);
			allOutput.push(text);
			const leaked = hidden.filter((secret) => text.includes(secret));
			if (leaked.length > 0) problems.push(`secret in output ${show(item.json)}`);
		}
		casesRun += cases.length;
		return problems;
	}

	/** Special descriptions seeded on HPD:Help Desk, each with look-alike decoys. */
	const SPECIALS = [
		"O'Brien",
		'"quoted"',
		'Robert "Bobby" Smith',
		'back\\slash',
		'trailing\\',
		'\\',
		'50% off',
		'under_score',
		'[bracket]',
		'a[%]b',
		'caret^here',
		'$NULL$',
		'$USER$',
		"' OR '1'='1",
		'" OR "1"="1',
		'line\nbreak',
		'tab\there',
		' leading space',
		'trailing space ',
		'Zoë 李娜 😀',
		'École',
		'%',
		'_',
		'[',
		']',
		'"',
		"'",
		'a AND b',
		'(paren)',
		'zero\u200bwidth',
	];
	const decoys = (v: string) => [
		`${v} `,
		`${v}"`,
		`'${v}`,
		v.toUpperCase(),
		v.toLowerCase(),
		v.replace(/[%_[\]]/g, 'x'),
		`${v}\\`,
		`x${v}x`,
	];
	const longValue = `${'Lorem ipsum "dolor" sit amet, \\ 100% [x]_y. '.repeat(110)}end`;

	beforeAll(async () => {
		h = await startHarness(
			{ users: 80, tickets: 30, adminPassword: PASSWORD },
			{ password: PASSWORD },
		);
		const inserted = new Set<string>();
		const insert = (description: string, detailed?: string) => {
			if (description === '' || inserted.has(description)) return;
			inserted.add(description);
			control().insertEntry(HPD, {
				Description: description,
				...(detailed === undefined ? {} : { 'Detailed Decription': detailed }),
				Urgency: '4-Low',
				Impact: '4-Minor/Localized',
			});
		};
		for (const special of SPECIALS) insert(special);
		for (const special of SPECIALS) for (const decoy of decoys(special)) insert(decoy);
		insert('long detail', longValue);
		insert('long detail decoy', `${longValue} `);
	});

	afterAll(async () => {
		await h.emulator.stop();
	});

	const getMany = (extra: IDataObject): IDataObject => ({
		resource: 'entry',
		operation: 'getAll',
		form: formByName(HPD),
		returnAll: true,
		fields: ['Entry ID'],
		...extra,
	});

	const filterParameters = getMany({
		filters: {
			conditions: [
				{ field: fromItem('field'), operator: fromItem('operator'), value: fromItem('value') },
			],
		},
	});

	it('filters with quotes, backslashes, unicode and wildcards find exactly the right tickets', async () => {
		for (const special of SPECIALS) expect(hpdWhere((d) => d === special)).toHaveLength(1);
		const cases: Case[] = [];
		const operators = ['contains', 'startsWith', 'endsWith'] as const;
		SPECIALS.forEach((value, k) => {
			cases.push({
				label: `equals ${show(value)}`,
				item: { field: 'Description', operator: 'equals', value },
				expect: { ids: () => hpdWhere((d) => d === value) },
			});
			const operator = operators[k % operators.length];
			const holds = (d: string) =>
				operator === 'contains'
					? d.includes(value)
					: operator === 'startsWith'
						? d.startsWith(value)
						: d.endsWith(value);
			cases.push({
				label: `${operator} ${show(value)}`,
				item: { field: 'Description', operator, value },
				expect: { ids: () => hpdWhere(holds) },
			});
		});
		cases.push(
			{
				label: 'notEquals with a quote',
				item: { field: 'Description', operator: 'notEquals', value: "O'Brien" },
				expect: { ids: () => hpdWhere((d) => d !== "O'Brien") },
			},
			{
				label: 'isOneOf with quotes and a wildcard',
				item: { field: 'Description', operator: 'isOneOf', value: 'O\'Brien, 50% off , "quoted"' },
				expect: { ids: () => hpdWhere((d) => ["O'Brien", '50% off', '"quoted"'].includes(d)) },
			},
			{
				label: 'isOneOf given as a list keeps commas',
				item: { field: 'Description', operator: 'isOneOf', value: ['a AND b', 'x,y', '%'] },
				expect: { ids: () => hpdWhere((d) => ['a AND b', 'x,y', '%'].includes(d)) },
			},
			{
				label: 'field by ID with a backslash value',
				item: { field: '1000000000', operator: 'equals', value: 'back\\slash' },
				expect: { ids: () => hpdWhere((d) => d === 'back\\slash') },
			},
			{
				label: 'field name with stray blanks',
				item: { field: '  Description  ', operator: 'equals', value: '%' },
				expect: { ids: () => hpdWhere((d) => d === '%') },
			},
			{
				label: 'a value nobody has',
				item: { field: 'Description', operator: 'equals', value: 'nobody has this ✓' },
				expect: { ids: () => [] },
			},
			{
				label: 'a 5,000-character value',
				item: { field: 'Description', operator: 'equals', value: 'q'.repeat(5000) },
				expect: { ids: () => [] },
			},
			{
				label: 'a 5,000-character value with quotes in a long text field',
				item: { field: 'Detailed Decription', operator: 'equals', value: longValue },
				expect: { ids: () => idsWhere(HPD, '\'Description\' = "long detail"') },
			},
			{
				label: 'contains a piece of the long text',
				item: { field: 'Detailed Decription', operator: 'endsWith', value: '[x]_y. end' },
				expect: { ids: () => idsWhere(HPD, '\'Description\' = "long detail"') },
			},
			{
				label: 'a number as the value',
				item: { field: 'Description', operator: 'equals', value: 12 },
				expect: { ids: () => hpdWhere((d) => d === '12') },
			},
			{
				label: 'null means empty',
				item: { field: 'Detailed Decription', operator: 'equals', value: null },
				expect: { ids: () => idsWhere(HPD, "'Detailed Decription' = $NULL$") },
			},
			{
				label: 'is empty ignores the value',
				item: { field: 'Detailed Decription', operator: 'isEmpty', value: '" OR "1"="1' },
				expect: { ids: () => idsWhere(HPD, "'Detailed Decription' = $NULL$") },
			},
			{
				label: 'selection label in any case',
				item: { field: 'Urgency', operator: 'equals', value: ' 4-LOW ' },
				expect: { ids: () => idsWhere(HPD, '\'Urgency\' = "4-Low"') },
			},
			{
				// ITSM numbers Urgency 1000..4000: the number is the item's id, not its position.
				label: 'selection by its number',
				item: { field: 'Urgency', operator: 'lte', value: '2000' },
				expect: { ids: () => idsWhere(HPD, "'Urgency' <= 2000") },
			},
			{
				label: 'a position is not a number of a custom selection',
				item: { field: 'Urgency', operator: 'lte', value: '1' },
				expect: error(/'Urgency' has no option with index 1.*values 1000, 2000, 3000, 4000/),
			},
		);
		expect(await runCases(filterParameters, cases)).toEqual([]);
	});

	it('filters with bad fields, operators and values give clear errors', async () => {
		const huge = 'q'.repeat(HUGE);
		const cases: Case[] = [
			['empty field', '', 'equals', 'x', /Filter condition 1 has no field/],
			['blank field', '   ', 'equals', 'x', /empty field name|has no field/],
			['unknown field', 'No Such Field', 'equals', 'x', /Field 'No Such Field' does not exist/],
			['field in the wrong case', 'description', 'equals', 'x', /Did you mean 'Description'/],
			['field with a quote', "Doug's Requests", 'equals', 'x', /Field 'Doug's Requests' does not/],
			['unknown field ID', '999999', 'equals', 'x', /Field ID 999999 does not exist/],
			['NUL in the field name', 'Descr\u0000iption', 'equals', 'x', /NUL|does not exist/],
			['unknown operator', 'Description', 'like', 'x', /Unknown operator "like".*'Description'/],
			['empty operator', 'Description', '', 'x', /Unknown operator/],
			['contains on a selection', 'Urgency', 'contains', 'Low', /works only on text.*'Urgency'/],
			['startsWith on an integer', 'Total Transfers', 'startsWith', '1', /'Total Transfers'/],
			['endsWith on a date', 'Reported Date', 'endsWith', '2024', /'Reported Date' is TIME/],
			['contains nothing', 'Description', 'contains', '', /needs text to search for/],
			['startsWith null', 'Description', 'startsWith', null, /needs text to search for/],
			['gt nothing', 'Description', 'gt', '', /"gt" condition.*needs a value/],
			['lt nothing', 'Total Transfers', 'lt', null, /"lt" condition.*'Total Transfers'/],
			['unknown label', 'Urgency', 'equals', 'Whenever', /'Urgency' has no option "Whenever"/],
			[
				'label index out of range',
				'Urgency',
				'equals',
				'9',
				/'Urgency' has no option with index 9/,
			],
			['negative index', 'Urgency', 'equals', -1, /'Urgency' has no option with index -1/],
			['bad label in a list', 'Urgency', 'isOneOf', '4-Low, Nope', /no option "Nope"/],
			[
				'text for an integer',
				'Total Transfers',
				'equals',
				'abc',
				/'Total Transfers' must be a whole/,
			],
			['decimal for an integer', 'Total Transfers', 'equals', '1.5', /must be a whole number/],
			['hex for an integer', 'Total Transfers', 'equals', '0x10', /must be a whole number/],
			['blank for an integer', 'Total Transfers', 'gte', ' ', /'Total Transfers' must be a whole/],
			['integer out of range', 'Total Transfers', 'equals', '99999999999', /out of range/],
			['NaN for an integer', 'Total Transfers', 'equals', Number.NaN, /'Total Transfers'/],
			['bad date', 'Reported Date', 'equals', 'not a date', /'Reported Date' is not a date/],
			['impossible date', 'Reported Date', 'gt', '2024-13-45', /'Reported Date' is not a date/],
			['empty list', 'Description', 'isOneOf', ' , ,', /"isOneOf" condition.*has no values/],
			['a list value', 'Description', 'equals', ['a', 'b'], /must be text or a number, got a list/],
			['an object value', 'Description', 'equals', { a: 1 }, /got an object/],
			['NUL in a value', 'Description', 'equals', "O'Brien\u0000", /'Description' contains a NUL/],
			['NUL in a LIKE text', 'Description', 'contains', '%\u0000', /contains a NUL character/],
			['NUL at the end of 100 KB', 'Description', 'equals', `${huge}\u0000`, /NUL character/],
			['100 KB for an integer', 'Total Transfers', 'equals', '9'.repeat(HUGE), /out of range/],
			['100 KB contains on a selection', 'Impact', 'contains', huge, /works only on text/],
			['100 KB in a list for an integer', 'Total Transfers', 'isOneOf', [huge], /whole number/],
		].map(([label, field, operator, value, pattern]) => ({
			label: String(label),
			item: { field, operator, value } as IDataObject,
			expect: error(pattern as RegExp),
		}));
		expect(await runCases(filterParameters, cases)).toEqual([]);
	});

	it('raw qualifications: malformed ones are explained, valid ones are exact', async () => {
		const malformed: Array<[string, string, RegExp]> = [
			['unbalanced (', '(\'Status\' = "New"', /Expected '\)' to close '\('/],
			['unbalanced )', '\'Status\' = "New")', /Unexpected token '\)'/],
			['nested unbalanced', "(('Status' = \"New\") OR ('Urgency' = 1)", /Expected '\)'/],
			['dangling =', "'Status' =", /Unexpected end of qualification/],
			['dangling AND', '\'Status\' = "New" AND', /Unexpected end of qualification/],
			['leading AND', 'AND \'Status\' = "New"', /Unexpected token 'AND'/],
			['double OR', '\'Status\' = "New" OR OR \'Status\' = "New"', /Unexpected token 'OR'/],
			['double operator', '\'Status\' = = "New"', /Unexpected token '='/],
			['unterminated string', "'Description' = \"abc", /Unterminated string/],
			['unterminated field', '\'Description = "abc"', /Unterminated field reference/],
			['empty field reference', "'' = 1", /Empty field reference/],
			['unknown keyword', "'Status' = $FOO$", /Unknown keyword '\$FOO\$'/],
			['bare keyword', '$FOO$', /Unknown keyword/],
			['unterminated keyword', "'Description' = $NULL", /Unterminated keyword/],
			['unknown field', "'Nope' = 1", /Field 'Nope' does not exist/],
			['unknown field ID', "'123456789' = 1", /Field ID 123456789 does not exist/],
			['bad selection', '\'Status\' = "Nope"', /"Nope" is not a valid selection value/],
			['bad date', '\'Reported Date\' > "someday"', /not a valid date/],
			['text for an integer', '\'Total Transfers\' = "many"', /is not a number/],
			['unquoted field', 'Status = "New"', /field names must be in single quotes/],
			['SQL style', "Status = 'New'", /single quotes/],
			['LIKE without pattern', "'Description' LIKE", /Unexpected end/],
			['unclosed bracket', '\'Description\' LIKE "[abc"', /Unclosed '\['/],
			['LIKE on a date', '\'Reported Date\' LIKE "2024%"', /LIKE can only be used with character/],
			['emoji', '😀', /Unexpected character '😀'/],
			['semicolon', '\'Status\' = "New"; DROP TABLE x', /Unexpected character ';'/],
			['division by zero', "'Total Transfers' = 1/0", /Division by zero/],
			['601 parentheses', `${'('.repeat(601)}'Urgency' = 1${')'.repeat(601)}`, /nested too deeply/],
			['condition as a value', "('Urgency' = 1) = 1", /condition cannot be used as a value/],
			['NUL', '\'Status\' = "New"\u0000', /raw qualification contains a NUL/],
			['100 KB with a NUL', `'Description' = "${'q'.repeat(HUGE)}\u0000"`, /NUL character/],
		];
		const valid = [
			"'Description' = \"O'Brien\"",
			'\'Description\' = "Robert ""Bobby"" Smith"',
			'\'Description\' = "back\\slash" OR \'Description\' = "\\"',
			'\'Description\' LIKE "%[%]%"',
			'\'Description\' LIKE "[[]%"',
			'\'Description\' LIKE "%\\"',
			'\'Description\' = "$NULL$"',
			"'Description' = $NULL$",
			'\'Urgency\' = "4-Low" AND NOT (\'Description\' LIKE "%a%")',
			"('Urgency' < 2) OR ('Impact' = 0)",
			'\'1000000000\' = "Zoë 李娜 😀"',
			'\'Description\' = "line\nbreak"',
			'   ',
		];
		const cases: Case[] = [
			...malformed.map(([label, q, pattern]) => ({
				label,
				item: { q },
				expect: error(pattern),
			})),
			...valid.map((q) => ({
				label: `valid ${show(q)}`,
				item: { q },
				expect: { ids: () => idsWhere(HPD, q) },
			})),
		];
		const problems = await runCases(getMany({ rawQualification: fromItem('q') }), cases);
		const combined = getMany({
			rawQualification: fromItem('q'),
			filters: {
				conditions: [{ field: 'Description', operator: 'equals', value: fromItem('value') }],
			},
		});
		problems.push(
			...(await runCases(combined, [
				{
					label: 'raw ANDed with a filter',
					item: { q: "'Urgency' = 3", value: '"quoted"' },
					expect: {
						ids: () => idsWhere(HPD, '\'Urgency\' = 3 AND \'Description\' = """quoted"""'),
					},
				},
				{
					label: 'malformed raw ANDed with a filter',
					item: { q: "'Urgency' = 3 OR", value: 'x' },
					expect: error(/Unexpected token '\)'|Unexpected end/),
				},
			])),
		);
		expect(problems).toEqual([]);
	});

	it('Request IDs: empty, blank, over-long, join IDs and odd characters', async () => {
		const first = control().findEntries(HPD)[0].id;
		const quoted = idsWhere(HPD, "'Description' = \"O'Brien\"")[0];
		const joinId = `${first}|${first}`;
		const notValid = /Request ID '.*' is not a valid entry ID/;
		const missing = (id: string) =>
			new RegExp(`Entry does not exist.*${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
		const cases: Case[] = [
			['empty', HPD, '', /Request ID is empty/],
			['blank', HPD, '   ', /Request ID is empty/],
			['tab and newline', HPD, '\t\n', /Request ID is empty/],
			['16 characters', HPD, 'x'.repeat(16), notValid],
			['16 digits', HPD, '0'.repeat(16), notValid],
			['ticket number plus one', HPD, `${first}0`, notValid],
			['join ID with an empty side', HPD, 'A||B', notValid],
			['only a bar', HPD, '|', notValid],
			['trailing bar', HPD, `${first}|`, notValid],
			['leading bar', JOIN, `|${first}`, notValid],
			['join ID with a 16-character side', JOIN, `${first}|${'1'.repeat(16)}`, notValid],
			['join ID on a regular form', HPD, 'A|B', missing('A|B')],
			['missing ID', HPD, '000000000999999', missing('000000000999999')],
			['quotes and a backslash', HPD, 'INC\'"\\', missing('INC\'"\\')],
			['slash', HPD, 'a/b', missing('a/b')],
			['percent', HPD, '%25', missing('%25')],
			['question mark and hash', HPD, '?x=1#y', missing('?x=1#y')],
			['unicode', HPD, 'INC李娜😀', missing('INC李娜😀')],
			['NUL', HPD, 'INC\u0000', /Entry does not exist|NUL/],
			['unknown form', 'No Such Form', first, /Form does not exist.*No Such Form/],
			['form in the wrong case', 'hpd:help desk', first, /Form does not exist.*hpd:help desk/],
			['form with a slash', '../User', first, /Form does not exist.*\.\.\/User/],
		].map(([label, form, id, pattern]) => ({
			label: String(label),
			item: { form, id },
			expect: error(pattern as RegExp),
		}));
		cases.push(
			{
				label: 'ID with blanks around it',
				item: { form: HPD, id: ` ${first}\t` },
				expect: { ids: () => [first] },
			},
			{
				label: 'form with blanks around it',
				item: { form: ` ${HPD} `, id: quoted },
				expect: { ids: () => [quoted] },
			},
			{
				label: 'numeric ID',
				item: { form: HPD, id: 1 },
				expect: error(missing('1')),
			},
			{
				label: 'join ID on the join form',
				item: { form: JOIN, id: joinId },
				expect: {
					check: (items) =>
						items.length === 1 && items[0]._requestId === joinId
							? undefined
							: `expected ${joinId}, got ${show(items)}`,
				},
			},
			{
				label: 'plain ID on the join form',
				item: { form: JOIN, id: first },
				expect: error(missing(first)),
			},
		);
		const parameters = {
			resource: 'entry',
			operation: 'get',
			form: '={{ { "__rl": true, "mode": "name", "value": $json.form } }}',
			requestId: fromItem('id'),
		};
		expect(await runCases(parameters, cases)).toEqual([]);
	});

	it('delete and update refuse bad Request IDs before sending', async () => {
		const before = control().count(HPD);
		const ids: Array<[string, string, RegExp]> = [
			['empty', '', /Request ID is empty/],
			['blank', ' ', /Request ID is empty/],
			['over-long', 'INC0000000000001', /is not a valid entry ID/],
			['empty join side', 'A|', /is not a valid entry ID/],
			['missing', '000000000999999', /Entry does not exist.*000000000999999/],
			['wildcard', '%', /Entry does not exist.*%/],
		];
		const cases = ids.map(([label, id, pattern]) => ({
			label,
			item: { id },
			expect: error(pattern),
		}));
		const problems = await runCases(
			{ resource: 'entry', operation: 'delete', form: formByName(HPD), requestId: fromItem('id') },
			cases,
		);
		problems.push(
			...(await runCases(
				{
					resource: 'entry',
					operation: 'update',
					form: formByName(HPD),
					requestId: fromItem('id'),
					inputMode: 'json',
					jsonValues: '{"Urgency": "1-Critical"}',
				},
				cases,
			)),
		);
		expect(problems).toEqual([]);
		expect(control().count(HPD)).toBe(before);
	});

	it('create values: invalid JSON, unknown fields, bad labels, non-numbers, huge values', async () => {
		const base = { Urgency: '4-Low', Impact: '4-Minor/Localized' };
		const json = (values: IDataObject) =>
			JSON.stringify({ Description: 'bad input', ...base, ...values });
		const stored =
			(values: IDataObject) =>
			(items: IDataObject[]): string | undefined => {
				if (items.length !== 1) return `expected one created entry, got ${show(items)}`;
				const entry = control().getEntry(HPD, String(items[0]._requestId));
				const wrong = Object.entries(values).filter(([key, value]) => entry?.[key] !== value);
				return wrong.length === 0 ? undefined : `stored ${show(entry)}, expected ${show(values)}`;
			};
		const invalidJson = /Field Values \(JSON\) is not valid JSON/;
		const notObject = /Field Values \(JSON\) must be an object/;
		const errors: Array<[string, unknown, RegExp]> = [
			['unclosed brace', '{', invalidJson],
			['plain text', 'not json', invalidJson],
			['empty text', '', invalidJson],
			['blank text', '   ', invalidJson],
			['single quotes', "{'Description': 'x'}", invalidJson],
			['trailing comma', '{"Description": "x",}', invalidJson],
			['missing value', '{"Description": }', invalidJson],
			['unquoted key', '{Description: "x"}', invalidJson],
			['truncated', json({}).slice(0, -3), invalidJson],
			['100 KB of garbage', `{${'x'.repeat(HUGE)}`, invalidJson],
			['an array', '[{"Description": "x"}]', notObject],
			['null', 'null', notObject],
			['a number', '42', notObject],
			['a string', '"Description"', notObject],
			['unknown field', json({ Nope: 1 }), /Field 'Nope' does not exist on form 'HPD:Help Desk'/],
			['unknown field ID', json({ 999999: 'x' }), /Field '999999' does not exist/],
			[
				'field in the wrong case',
				json({ urgency: '1-Critical' }),
				/Field 'urgency' does not exist/,
			],
			[
				'unknown label',
				json({ Urgency: 'Whenever' }),
				/'Whenever' is not a valid option for field 'Urgency'/,
			],
			['label index out of range', json({ Impact: 9 }), /'Impact' has no option with index 9/],
			[
				'negative label index',
				json({ Impact: '-1' }),
				/'-1' is not a valid option for field 'Impact'/,
			],
			[
				'boolean label',
				json({ Urgency: true }),
				/'true' is not a valid option for field 'Urgency'/,
			],
			['text for a number', json({ 'Total Transfers': 'abc' }), /'Total Transfers' needs a number/],
			['blank number', json({ 'Total Transfers': ' ' }), /'Total Transfers' needs a number/],
			['NaN', json({ 'Total Transfers': 'NaN' }), /'Total Transfers' needs a number/],
			['Infinity', json({ 'Total Transfers': 'Infinity' }), /'Total Transfers' needs a number/],
			['1e400', json({ 'Total Transfers': '1e400' }), /'Total Transfers' needs a number/],
			['hex for a number', json({ 'Total Transfers': '0x10' }), /'Total Transfers' needs a number/],
			['exponent for a number', json({ 'Total Transfers': '1e3' }), /'Total Transfers' needs a number/],
			['binary for a number', json({ 'Total Transfers': '0b11' }), /'Total Transfers' needs a number/],
			['NUL in a text value', json({ Description: 'a\u0000b' }), /'Description' contains a NUL/],
			['half an emoji in a text value', json({ Description: 'x\ud83d' }), /'Description' contains half of an emoji/],
			['decimal for an integer', json({ 'Total Transfers': 1.5 }), /needs a whole number/],
			['integer out of range', json({ 'Total Transfers': 99999999999 }), /Total Transfers/],
			['bad date', json({ 'Reported Date': 'yesterday' }), /'Reported Date' needs a date/],
			['missing required fields', '{"Description": "x"}', /Required field.*(Urgency|Impact)/],
			['101 characters', json({ Description: 'd'.repeat(101) }), /Description.*maximum length 100/],
			['100 KB in a 100-character field', json({ Description: 'd'.repeat(HUGE) }), /Description/],
		];
		const createdValues: IDataObject[] = [
			{ Description: 'quotes \' " `', 'Detailed Decription': 'O\'Brien said "hi"' },
			{ Description: 'back\\slash\\', 'Detailed Decription': '\\\\server\\share\\' },
			{ Description: 'Zoë 李娜 😀 \u200b', 'Detailed Decription': 'line 1\nline 2\r\n\ttab' },
			{ Description: '100% [_] $NULL$', 'Detailed Decription': "' OR '1'='1" },
			{ Description: 'huge detail', 'Detailed Decription': `${'z'.repeat(HUGE - 3)}end` },
			{ Description: '  blanks kept  ', 'Total Transfers': 7 },
		];
		const cases: Case[] = [
			...errors.map(([label, value, pattern]) => ({
				label,
				item: { json: value } as IDataObject,
				expect: error(pattern),
			})),
			...createdValues.map((values) => ({
				label: `create ${show(values.Description)}`,
				item: { json: json(values) },
				expect: { check: stored(values) },
			})),
			{
				label: 'values keyed by field ID',
				item: {
					json: JSON.stringify({ 1000000000: 'by id', 1000000162: '2-High', 1000000163: 4000 }),
				},
				expect: {
					check: stored({ Description: 'by id', Urgency: '2-High', Impact: '4-Minor/Localized' }),
				},
			},
			{
				label: 'an object instead of text',
				item: { json: { Description: 'from an object', ...base } },
				expect: { check: stored({ Description: 'from an object' }) },
			},
		];
		const parameters = {
			resource: 'entry',
			operation: 'create',
			form: formByName(HPD),
			inputMode: 'json',
			jsonValues: fromItem('json'),
		};
		expect(await runCases(parameters, cases)).toEqual([]);
	});

	it('update values: nothing to update, bad labels, bad numbers, the mapper', async () => {
		const target = idsWhere(HPD, '\'Description\' = "(paren)"')[0];
		const before = control().getEntry(HPD, target);
		const errors: Array<[string, string, RegExp]> = [
			['empty object', '{}', /No fields to update/],
			['only the ID', `{"Entry ID": "${target}"}`, /No fields to update/],
			['invalid JSON', '{"Urgency": ', /not valid JSON/],
			['bad label', '{"Urgency": "Soon"}', /'Soon' is not a valid option for field 'Urgency'/],
			['bad number', '{"Total Transfers": "x1"}', /'Total Transfers' needs a number/],
			['unknown field', '{"Nope": "x"}', /Field 'Nope' does not exist/],
			['required field cleared', '{"Urgency": ""}', /Required field.*Urgency/],
		];
		const problems = await runCases(
			{
				resource: 'entry',
				operation: 'update',
				form: formByName(HPD),
				requestId: target,
				inputMode: 'json',
				jsonValues: fromItem('json'),
			},
			errors.map(([label, json, pattern]) => ({ label, item: { json }, expect: error(pattern) })),
		);
		problems.push(
			...(await runCases(
				{
					resource: 'entry',
					operation: 'update',
					form: formByName(HPD),
					requestId: target,
					inputMode: 'mapper',
					columns: {
						mappingMode: 'defineBelow',
						value: { Urgency: fromItem('urgency'), 'Total Transfers': fromItem('transfers') },
					},
				},
				[
					{
						label: 'mapper: bad label',
						item: { urgency: 'Whenever', transfers: 1 },
						expect: error(/'Whenever' is not a valid option for field 'Urgency'/),
					},
					{
						label: 'mapper: bad number',
						item: { urgency: '1-Critical', transfers: 'many' },
						expect: error(/'Total Transfers' needs a number, got 'many'/),
					},
				],
			)),
		);
		expect(problems).toEqual([]);
		expect(control().getEntry(HPD, target)).toEqual(before);
	});

	it('Limit and page size from expressions: exact results or a clear error', async () => {
		const firstN = (n: number) => () => idsWhere(HPD).sort().slice(0, n);
		const cases: Case[] = [
			{ label: 'limit 0', item: { limit: 0, pageSize: 5 }, expect: error(/Limit must be a whole number of 1 or more/) },
			{ label: 'limit -1', item: { limit: -1, pageSize: 5 }, expect: error(/Limit must be a whole number of 1 or more/) },
			{ label: 'limit -100', item: { limit: -100, pageSize: 5 }, expect: error(/Limit must be a whole number of 1 or more/) },
			{ label: 'limit 1.5', item: { limit: 1.5, pageSize: 5 }, expect: error(/Limit must be a whole number of 1 or more/) },
			{ label: "limit '3'", item: { limit: '3', pageSize: 5 }, expect: { ids: firstN(3) } },
			{
				label: 'limit 7 over pages of 2',
				item: { limit: 7, pageSize: 2 },
				expect: { ids: firstN(7) },
			},
			{ label: 'limit 1e9', item: { limit: 1e9, pageSize: 50 }, expect: { ids: firstN(1e9) } },
			{ label: 'page size 0', item: { limit: 4, pageSize: 0 }, expect: { ids: firstN(4) } },
			{ label: 'page size -3', item: { limit: 4, pageSize: -3 }, expect: { ids: firstN(4) } },
			{ label: "page size 'x'", item: { limit: 4, pageSize: 'x' }, expect: { ids: firstN(4) } },
			{ label: "limit 'abc'", item: { limit: 'abc', pageSize: 5 }, expect: error(/limit/i) },
		];
		const parameters = getMany({
			returnAll: false,
			limit: fromItem('limit'),
			sort: { rules: [{ field: 'Entry ID', direction: 'asc' }] },
			options: { pageSize: fromItem('pageSize') },
		});
		expect(await runCases(parameters, cases)).toEqual([]);
	});

	it('fields to return and sort rules that do not exist', async () => {
		const cases: Case[] = [
			['unknown field to return', ['Nope'], 'Entry ID', /Field 'Nope' does not exist on form/],
			['unknown field in a list', 'Entry ID, Nope', 'Entry ID', /Field 'Nope' does not exist/],
			['unknown field ID to return', ['424242'], 'Entry ID', /Field '424242' does not exist/],
			['unknown sort field', ['Entry ID'], 'Nope', /Sort field 'Nope' does not exist/],
			['sort field in the wrong case', ['Entry ID'], 'description', /Sort field 'description'/],
		].map(([label, fields, sort, pattern]) => ({
			label: String(label),
			item: { fields, sort } as IDataObject,
			expect: error(pattern as RegExp),
		}));
		const parameters = getMany({
			returnAll: false,
			limit: 1,
			fields: fromItem('fields'),
			sort: { rules: [{ field: fromItem('sort'), direction: 'desc' }] },
		});
		expect(await runCases(parameters, cases)).toEqual([]);
	});

	it('groups: IDs that are not numbers, missing groups, quotes in names', async () => {
		const groupId = (name: string) =>
			idsWhere('Group', `'Group Name' = "${name.replace(/"/g, '""')}"`);
		const byId: Array<[string, string, RegExp | string]> = [
			['letters', 'abc', /'abc' is not a valid Group ID/],
			['decimal', '12.5', /'12.5' is not a valid Group ID/],
			['empty', '', /No group given/],
			['blank', '  ', /No group given/],
			['negative', '-1', /'-1' is not a valid Group ID/],
			['missing', '424242', /No group with Group ID '424242'/],
			['Infinity', 'Infinity', /'Infinity' is not a valid Group ID/],
			['NaN', 'NaN', /'NaN' is not a valid Group ID/],
			['with blanks', ' 1 ', 'Administrator'],
		];
		const cases: Case[] = byId.map(([label, value, expected]) => ({
			label: `Group ID ${label}`,
			item: { value },
			expect: typeof expected === 'string' ? { ids: () => groupId(expected) } : error(expected),
		}));
		const problems = await runCases(
			{ resource: 'group', operation: 'get', group: locatorFromItem('groupId') },
			cases,
		);
		const byName: Array<[string, RegExp | null]> = [
			["O'Hara Team", null],
			['Backoffice "Tier 2"', null],
			['administrator', /No group with Group Name 'administrator'/],
			['%', /No group with Group Name '%'/],
			['_dministrator', /No group with Group Name '_dministrator'/],
			['Administrator" OR "1"="1', /No group with Group Name/],
			['', /No group given/],
		];
		problems.push(
			...(await runCases(
				{ resource: 'group', operation: 'get', group: locatorFromItem('name') },
				byName.map(([value, pattern]) => ({
					label: `Group Name ${show(value)}`,
					item: { value },
					expect: pattern ? error(pattern) : { ids: () => groupId(value) },
				})),
			)),
		);
		problems.push(
			...(await runCases(
				{
					resource: 'group',
					operation: 'getMembers',
					group: locatorFromItem('groupId'),
					returnAll: true,
				},
				[
					{
						label: 'members of abc',
						item: { value: 'abc' },
						expect: error(/not a valid Group ID/),
					},
					{ label: 'members of 424242', item: { value: '424242' }, expect: error(/No group/) },
				],
			)),
		);
		const create: Array<[string, unknown, string, RegExp]> = [
			['letters', 'abc', 'View', /'Group ID' needs a number, got 'abc'/],
			['decimal', 1.5, 'View', /'Group ID' needs a whole number/],
			['bad type', 400901, 'Nope', /'Nope' is not a valid option for field 'Group Type'/],
			['empty ID', '', 'View', /Required field.*Group ID/],
			['existing ID', 1, 'View', /unique index|Group ID/],
		];
		problems.push(
			...(await runCases(
				{
					resource: 'group',
					operation: 'create',
					groupName: '={{ "Bad input " + $json.label }}',
					groupId: fromItem('id'),
					groupType: fromItem('type'),
				},
				create.map(([label, id, type, pattern]) => ({
					label: `create with ${label}`,
					item: { label, id, type } as IDataObject,
					expect: error(pattern),
				})),
			)),
		);
		expect(problems).toEqual([]);
	});

	it('users: missing users and groups, wildcards and quotes in logins, bad licences', async () => {
		const userId = (login: string) =>
			idsWhere('User', `'Login Name' = "${login.replace(/"/g, '""')}"`);
		const logins: Array<[string, RegExp | null]> = [
			['no.such.user', /No user with Login Name 'no.such.user'/],
			["siobhan.o'brien", null],
			['rsmith', null],
			['li.na', null],
			['a%', /No user with Login Name 'a%'/],
			['%', /No user with Login Name '%'/],
			['_ppuser', /No user with Login Name '_ppuser'/],
			['APPUSER', /No user with Login Name 'APPUSER'/],
			['appuser" OR "1"="1', /No user with Login Name/],
			["' OR '1'='1", /No user with Login Name/],
			['', /No user given/],
			['x\u0000', /NUL character/],
		];
		const problems = await runCases(
			{ resource: 'user', operation: 'get', user: locatorFromItem('login') },
			logins.map(([value, pattern]) => ({
				label: `get ${show(value)}`,
				item: { value },
				expect: pattern ? error(pattern) : { ids: () => userId(value) },
			})),
		);
		problems.push(
			...(await runCases(
				{ resource: 'user', operation: 'get', user: locatorFromItem('id') },
				[
					['letters', 'abc', /No user with Request ID 'abc'/],
					['over-long', '0'.repeat(20), /No user with Request ID/],
					['empty', '', /No user given/],
				].map(([label, value, pattern]) => ({
					label: `get by ID ${label}`,
					item: { value },
					expect: error(pattern as RegExp),
				})),
			)),
		);
		for (const operation of ['getGroups', 'disable', 'enable', 'delete', 'update']) {
			problems.push(
				...(await runCases(
					{
						resource: 'user',
						operation,
						user: locatorFromItem('login'),
						updateFields: { fullName: 'Never' },
					},
					[
						{
							label: `${operation} a missing user`,
							item: { value: 'ghost.user' },
							expect: error(/No user with Login Name 'ghost.user'/),
						},
					],
				)),
			);
		}
		problems.push(
			...(await runCases(
				{
					resource: 'user',
					operation: 'addToGroup',
					user: locatorFromItem('login'),
					group: '={{ { "__rl": true, "mode": "groupId", "value": $json.group } }}',
				},
				[
					['group letters', 'appuser', 'abc', /'abc' is not a valid Group ID/],
					['missing group', 'appuser', '424242', /No group with Group ID '424242'/],
					['missing user', 'ghost.user', '1', /No user with Login Name 'ghost.user'/],
					['empty group', 'appuser', '', /No group given/],
				].map(([label, value, group, pattern]) => ({
					label: `addToGroup ${label}`,
					item: { value, group },
					expect: error(pattern as RegExp),
				})),
			)),
		);
		const creates: Array<[string, IDataObject, RegExp]> = [
			[
				'bad licence',
				{ lic: 'Platinum' },
				/'Platinum' is not a valid option for field 'License Type'/,
			],
			['licence index', { lic: '9' }, /'License Type' has no option with index 9/],
			['missing group', { groups: 'No Such Group' }, /No group with name or ID 'No Such Group'/],
			['missing group ID', { groups: '1, 999999' }, /No group with name or ID '999999'/],
			['empty login', { login: '' }, /Required field.*Login Name/],
			['duplicate login', { login: 'appuser' }, /unique index.*Login Name/],
			['bad status', { status: 'Retired' }, /'Retired' is not a valid option for field 'Status'/],
			['unknown other field', { other: 'Nope' }, /Field 'Nope' does not exist on form 'User'/],
		];
		problems.push(
			...(await runCases(
				{
					resource: 'user',
					operation: 'create',
					loginName: '={{ $json.login ?? "bad." + $json.label.split(" ").join(".") }}',
					fullName: 'Bad Input',
					password: PASSWORD,
					licenseType: '={{ $json.lic ?? "Read" }}',
					status: '={{ $json.status ?? "" }}',
					additionalFields: {
						groups: '={{ $json.groups ?? "" }}',
						otherFields: { field: [{ name: '={{ $json.other ?? "" }}', value: 'x' }] },
					},
				},
				creates.map(([label, item, pattern]) => ({
					label: `create with ${label}`,
					item: { label, ...item },
					expect: error(pattern),
				})),
			)),
		);
		expect(problems).toEqual([]);
		expect(userId('bad.bad.licence')).toEqual([]);
	});

	it('people and identities: missing ones and bad statuses', async () => {
		const problems = await runCases(
			{ resource: 'person', operation: 'get', person: locatorFromItem('login') },
			[
				['nobody', /No person with Remedy Login ID 'nobody'/],
				['%', /No person with Remedy Login ID '%'/],
				['', /No person given/],
			].map(([value, pattern]) => ({
				label: `person ${show(value)}`,
				item: { value },
				expect: error(pattern as RegExp),
			})),
		);
		problems.push(
			...(await runCases({ resource: 'person', operation: 'get', person: locatorFromItem('id') }, [
				{
					label: 'person ID that does not exist',
					item: { value: 'PPL999999999999' },
					expect: error(/No person with Request ID 'PPL999999999999'/),
				},
			])),
		);
		const [withLogin] = control().findEntries('CTM:People', "'Remedy Login ID' != $NULL$");
		const login = String(withLogin.values['Remedy Login ID']);
		problems.push(
			...(await runCases(
				{
					resource: 'person',
					operation: 'setStatus',
					person: locatorFromItem('login'),
					profileStatus: fromItem('status'),
				},
				[
					{
						label: 'unknown profile status',
						item: { value: login, status: 'Retired' },
						expect: error(/'Retired' is not a valid option for field 'Profile Status'/),
					},
					{
						label: 'status of a missing person',
						item: { value: 'nobody', status: 'Enabled' },
						expect: error(/No person with Remedy Login ID 'nobody'/),
					},
				],
			)),
		);
		problems.push(
			...(await runCases(
				{ resource: 'identity', operation: 'get', user: locatorFromItem('login') },
				[
					['ghost.user', /No user with Login Name 'ghost.user'/],
					['', /No user given/],
				].map(([value, pattern]) => ({
					label: `identity ${show(value)}`,
					item: { value },
					expect: error(pattern as RegExp),
				})),
			)),
		);
		expect(problems).toEqual([]);
	});

	it('a wrong password fails every item clearly and shows no secret', async () => {
		const store = h.env.credentials;
		store.editCredentials('arSystemApi', { password: `${PASSWORD}-wrong`, token: '' });
		let problems: string[];
		try {
			problems = await runCases(
				getMany({ returnAll: false, limit: 1, rawQualification: fromItem('q') }),
				['', "'Urgency' = 1", 'bad ('].map((q) => ({
					label: `wrong password, q ${show(q)}`,
					item: { q },
					expect: error(/Authentication failed for user 'Demo'.*623/),
				})),
			);
		} finally {
			store.editCredentials('arSystemApi', { password: PASSWORD, token: '' });
		}
		expect(problems).toEqual([]);
	});

	describe('regressions: cases that once failed', () => {
		it('regression: a lone UTF-16 surrogate gives "URI malformed" instead of naming the problem', async () => {
			const half = '😀'.slice(0, 1);
			const problems = await runCases(filterParameters, [
				{
					label: 'filter value with half an emoji',
					item: { field: 'Description', operator: 'equals', value: `smile ${half}` },
					expect: error(/'Description'/),
				},
			]);
			problems.push(
				...(await runCases(
					{ resource: 'entry', operation: 'get', form: formByName(HPD), requestId: fromItem('id') },
					[
						{
							label: 'Request ID with half an emoji',
							item: { id: half },
							expect: error(/Request ID/),
						},
					],
				)),
				...(await runCases({ resource: 'user', operation: 'get', user: locatorFromItem('login') }, [
					{ label: 'login with half an emoji', item: { value: half }, expect: error(/Login Name/) },
				])),
			);
			expect(problems).toEqual([]);
		});

		it('regression: an empty Form is sent to the server instead of being refused', async () => {
			const problems = await runCases(
				getMany({ form: '={{ { "__rl": true, "mode": "name", "value": $json.form } }}' }),
				[
					{ label: 'empty form', item: { form: '' }, expect: error(/form/i) },
					{ label: 'blank form', item: { form: '   ' }, expect: error(/form/i) },
				],
			);
			expect(problems).toEqual([]);
		});

		it('regression: Request ID or Form "." / ".." changes the URL path (dot segments)', async () => {
			const getParameters = {
				resource: 'entry',
				operation: 'get',
				form: '={{ { "__rl": true, "mode": "name", "value": $json.form } }}',
				requestId: fromItem('id'),
			};
			const first = control().findEntries(HPD)[0].id;
			const problems = await runCases(getParameters, [
				{ label: 'get ID .', item: { form: HPD, id: '.' }, expect: error(/'\.'/) },
				{ label: 'get ID ..', item: { form: HPD, id: '..' }, expect: error(/'\.\.'/) },
				{ label: 'form ..', item: { form: '..', id: first }, expect: error(/'\.\.'/) },
			]);
			problems.push(
				...(await runCases(
					{
						resource: 'entry',
						operation: 'delete',
						form: formByName(HPD),
						requestId: fromItem('id'),
					},
					[{ label: 'delete ID .', item: { id: '.' }, expect: error(/'\.'/) }],
				)),
			);
			expect(problems).toEqual([]);
		});

		it('regression: 100 KB inputs are echoed whole into error messages', async () => {
			const huge = 'q'.repeat(HUGE);
			const problems = await runCases(filterParameters, [
				{
					label: '100 KB selection label',
					item: { field: 'Urgency', operator: 'equals', value: huge },
					expect: error(/'Urgency' has no option/),
				},
				{
					label: '100 KB date',
					item: { field: 'Reported Date', operator: 'equals', value: huge },
					expect: error(/'Reported Date' is not a date/),
				},
				{
					label: '100 KB field name',
					item: { field: huge, operator: 'equals', value: 'x' },
					expect: error(/does not exist on this form/),
				},
			]);
			problems.push(
				...(await runCases(
					{ resource: 'entry', operation: 'get', form: formByName(HPD), requestId: fromItem('id') },
					[
						{
							label: '100 KB Request ID',
							item: { id: huge },
							expect: error(/not a valid entry ID/),
						},
					],
				)),
			);
			expect(problems).toEqual([]);
		});

		it('regression: Group ID "0x1" or "1e3" is read as a number and finds group 1 / 1000', async () => {
			const problems = await runCases(
				{
					resource: 'user',
					operation: 'addToGroup',
					user: rl('login', 'rsmith'),
					group: locatorFromItem('groupId'),
				},
				[
					{
						label: 'hex Group ID',
						item: { value: '0x1' },
						expect: error(/'0x1' is not a valid Group ID/),
					},
					{
						label: 'exponent Group ID',
						item: { value: '1e3' },
						expect: error(/'1e3' is not a valid/),
					},
				],
			);
			expect(problems).toEqual([]);
		});
	});

	it('ran at least 200 cases, leaked no secret, and the emulator still serves', async () => {
		expect(casesRun).toBeGreaterThanOrEqual(200);
		const hidden = secrets();
		expect(seenTokens.size).toBeGreaterThan(0);
		expect(allOutput.filter((text) => hidden.some((secret) => text.includes(secret)))).toEqual([]);
		const items = await runNode(h.env, getMany({ returnAll: true }));
		expect(items.map((item) => item.json._requestId).sort()).toEqual(idsWhere(HPD).sort());
		const [user] = await runNode(h.env, {
			resource: 'user',
			operation: 'get',
			user: rl('login', 'appuser'),
		});
		expect(user.json['Login Name']).toBe('appuser');
		expect(JSON.stringify(user.json)).not.toContain(PASSWORD);
	});
});
