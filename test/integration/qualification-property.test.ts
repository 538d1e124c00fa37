/**
 * Property test: user values (and field names) go through the node's qualification builder into
 * the emulator's own, independently written parser, and every equals-match must find exactly the
 * entry holding that value among decoys that differ by a quote, a space, case, a wildcard, a
 * trailing backslash... LIKE conditions (contains / startsWith / endsWith) must match exactly the
 * entries whose value contains / starts / ends with the literal text. An "injection" is any
 * qualification that parses into something other than the one intended condition, matches an entry
 * it should not (or misses the one it should), or makes the parser throw.
 *
 * 10,000 values run in-process (builder → parseQualification / compileQualification over synthetic
 * forms with random CHAR field names); a few hundred more go through real HTTP: inserted into the
 * emulator and found again with Entry → Get Many and a Filters condition.
 */
import fc from 'fast-check';

import type { EntryValues, FieldDef, FormDef } from '../../emulator/forms/types';
import { compileQualification, parseQualification } from '../../emulator/qualification';
import type { QualNode } from '../../emulator/qualification';
import type {
	QualCondition,
	QualField,
	QualOperator,
} from '../../nodes/ArSystem/helpers/qualification';
import {
	QualificationInputError,
	buildCondition,
	buildQualification,
	equalsQualification,
	escapeLike,
	fieldRef,
	quoteString,
} from '../../nodes/ArSystem/helpers/qualification';
import { runWorkflow, arSystemNode } from '../harness/n8n';
import type { Harness } from '../harness/setup';
import { withHarness } from '../harness/setup';

const BATCHES = 200;
const VALUES_PER_BATCH = 50;
const IN_PROCESS_VALUES = BATCHES * VALUES_PER_BATCH;
const HTTP_VALUES = 300;

const CTX = { user: 'Demo', now: 1704067200 };
const FIRST_FIELD_ID = 536870913;

// ---- generators -------------------------------------------------------------------------------

/** Pieces that have broken qualification builders somewhere: quotes, escapes, wildcards, keywords. */
const PIECES = [
	"'",
	'"',
	'""',
	"''",
	'\\',
	'\\\\',
	'\\"',
	"\\'",
	'%',
	'_',
	'[',
	']',
	'[%]',
	'[_]',
	'[[]',
	'[^a]',
	'^',
	'-',
	'$',
	'$NULL$',
	'$null$',
	'$USER$',
	'$TIMESTAMP$',
	'$FOO$',
	' ',
	'  ',
	'\t',
	'\n',
	'\r\n',
	'(',
	')',
	' AND ',
	' OR ',
	'NOT ',
	' LIKE ',
	'&&',
	'||',
	'!',
	'=',
	'!=',
	'<',
	'>=',
	'+',
	'*',
	'/',
	'\'Status\' = "New"',
	'" OR "1"="1',
	"' OR '1'='1",
	'") OR ("a" = "a',
	'%%',
	'\u00a0',
	'\u200b',
	'\u2028',
	'\ufeff',
	'é',
	'É',
	'e\u0301',
	'ß',
	'İ',
	'ı',
	'ǅ',
	'李',
	'娜',
	'😀',
	'👍🏽',
	'𝔘',
	'a',
	'A',
	'z',
	'Z',
	'0',
	'9',
	'.',
	',',
	';',
	'?',
	'{',
	'}',
	'|',
	'#',
	'`',
];

const piece = fc.constantFrom(...PIECES);
const codePoints = (minLength: number, maxLength: number) =>
	fc.string({ unit: 'binary', minLength, maxLength });

/** Any text: random code points, tricky pieces, mixtures, and now and then a very long string. */
function textArbitrary(maxLongLength = 0): fc.Arbitrary<string> {
	const mixture = fc
		.array(fc.oneof(piece, codePoints(1, 6), fc.string({ unit: 'grapheme-ascii', maxLength: 6 })), {
			minLength: 1,
			maxLength: 10,
		})
		.map((p) => p.join(''));
	const branches = [
		{ weight: 6, arbitrary: codePoints(1, 30) },
		{
			weight: 6,
			arbitrary: fc.array(piece, { minLength: 1, maxLength: 12 }).map((p) => p.join('')),
		},
		{ weight: 6, arbitrary: mixture },
		{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }) },
	];
	if (maxLongLength > 0) {
		const long = fc
			.tuple(codePoints(200, maxLongLength), piece, codePoints(0, 20))
			.map(([a, b, c]) => a + b + c);
		branches.push({ weight: 1, arbitrary: long });
	}
	return fc.oneof(...branches);
}

/** A value, sometimes with a NUL spliced in (the builder must refuse those). */
const valueArbitrary = fc
	.oneof(
		{ weight: 30, arbitrary: textArbitrary(5000) },
		{
			weight: 1,
			arbitrary: fc.tuple(textArbitrary(), fc.nat()).map(([text, at]) => {
				const cps = Array.from(text);
				const k = at % (cps.length + 1);
				return [...cps.slice(0, k), '\u0000', ...cps.slice(k)].join('');
			}),
		},
	)
	.filter((value) => value !== '');

/**
 * A field name: anything that is not blank, has no NUL, does not start or end with blanks (AR
 * field names cannot; the builder trims pasted names) and is not all digits (that is a field ID).
 */
const fieldNameArbitrary = fc
	.oneof(
		codePoints(1, 25),
		fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('')),
		fc
			.array(fc.oneof(piece, fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 8 })), {
				minLength: 1,
				maxLength: 5,
			})
			.map((p) => p.join('')),
		fc.constantFrom("Doug's Requests", 'Robert "Bobby"', 'Cost ($)', 'Name (Full)', 'Prénom 名'),
	)
	.map((name) => name.trim())
	.filter(
		(name) =>
			name !== '' && name !== 'Request ID' && !name.includes('\u0000') && !/^[0-9]+$/.test(name),
	);

type Builder = 'equalsQualification' | 'buildCondition' | 'buildQualification';
type LikeOperator = 'contains' | 'startsWith' | 'endsWith';

interface ValueCase {
	value: string;
	field: number;
	byId: boolean;
	builder: Builder;
	withMetadata: boolean;
	likeOperator: LikeOperator;
	likeStart: number;
	likeLength: number;
}

const valueCaseArbitrary: fc.Arbitrary<ValueCase> = fc.record({
	value: valueArbitrary,
	field: fc.nat(),
	byId: fc.boolean(),
	builder: fc.constantFrom<Builder>('equalsQualification', 'buildCondition', 'buildQualification'),
	withMetadata: fc.boolean(),
	likeOperator: fc.constantFrom<LikeOperator>('contains', 'startsWith', 'endsWith'),
	likeStart: fc.nat(),
	likeLength: fc.nat(),
});

const batchArbitrary = fc.record({
	names: fc.uniqueArray(fieldNameArbitrary, { minLength: 3, maxLength: 6 }),
	cases: fc.array(valueCaseArbitrary, {
		minLength: VALUES_PER_BATCH,
		maxLength: VALUES_PER_BATCH,
	}),
});

// ---- decoys -----------------------------------------------------------------------------------

function swapCase(text: string): string {
	return Array.from(text, (c) => {
		const upper = c.toUpperCase();
		return upper === c ? c.toLowerCase() : upper;
	}).join('');
}

/** Values that an escaping, quoting, trimming or case mistake would confuse with `v`. */
function decoysOf(v: string): string[] {
	const cps = Array.from(v);
	const candidates = [
		`${v}"`,
		`"${v}`,
		`"${v}"`,
		`${v}'`,
		`'${v}`,
		`'${v}'`,
		v.replace(/"/g, '""'),
		v.replace(/'/g, "''"),
		v.replace(/""/g, '"'),
		v.replace(/["']/g, ''),
		`"${v.replace(/"/g, '""')}"`,
		`${v} `,
		` ${v}`,
		v.trim(),
		v.replace(/\s+/g, ' '),
		v.replace(/\s/g, ''),
		v.toUpperCase(),
		v.toLowerCase(),
		swapCase(v),
		v.normalize('NFD'),
		v.normalize('NFC'),
		`${v}%`,
		`%${v}`,
		`${v}_`,
		`_${v}`,
		`_${cps.slice(1).join('')}`,
		`${cps.slice(0, -1).join('')}_`,
		`${cps.slice(0, -1).join('')}%`,
		v.replace(/[%_]/g, 'x'),
		v.replace(/[[\]]/g, ''),
		v.replace(/\[/g, 'a'),
		escapeLike(v),
		`[${v}]`,
		`${v}\\`,
		`\\${v}`,
		v.replace(/\\+$/, ''),
		v.replace(/\\/g, '\\\\'),
		v.replace(/\\(.)/g, '$1'),
		JSON.stringify(v).slice(1, -1),
		cps.slice(0, -1).join(''),
		cps.slice(1).join(''),
		`${v}x`,
		`x${v}`,
		`${v}\n`,
		`${v}\r`,
		`${v}$NULL$`,
		'$NULL$',
		'NULL',
		cps.length > 1 ? [...cps].reverse().join('') : '',
	];
	return candidates.filter((d) => d !== v && d !== '' && !d.includes('\u0000'));
}

// ---- checks -----------------------------------------------------------------------------------

interface Entry {
	/** Index in the batch's entry list. */
	index: number;
	values: EntryValues;
}

/** A condition tree flattened to its compare nodes; anything else counts as extra structure. */
function compares(node: QualNode): QualNode[] {
	if (node.kind === 'and' || node.kind === 'or') return node.operands.flatMap(compares);
	return [node];
}

function show(text: string): string {
	return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…(${text.length})` : text);
}

/** The one `'field' <op> "text"` node, or a description of what else was found. */
function expectSingleCompare(
	q: string,
	op: '=' | 'LIKE',
	field: FieldDef,
	byId: boolean,
	text: string,
): void {
	const tree = parseQualification(q);
	const ok =
		tree.kind === 'compare' &&
		tree.op === op &&
		tree.left.kind === 'field' &&
		(byId
			? tree.left.id === field.id
			: tree.left.name === field.name && tree.left.id === undefined) &&
		tree.right.kind === 'string' &&
		tree.right.value === text;
	if (!ok) {
		throw new Error(
			`Injection: ${show(q)} parsed into ${show(JSON.stringify(tree))}, expected one ` +
				`${op} condition on field ${show(field.name)} with ${show(text)}`,
		);
	}
}

function matching(q: string, form: FormDef, entries: Entry[]): number[] {
	let predicate: ((values: EntryValues) => boolean) | undefined;
	let failure: unknown;
	try {
		predicate = compileQualification(q, form, CTX);
	} catch (error) {
		failure = error;
	}
	if (predicate === undefined) {
		throw new Error(`The parser threw on ${show(q)}: ${(failure as Error).message}`);
	}
	const test = predicate;
	return entries.filter((entry) => test(entry.values)).map((entry) => entry.index);
}

function sameSet(actual: number[], expected: number[], what: string, q: string): void {
	const a = [...actual].sort((x, y) => x - y).join(',');
	const e = [...expected].sort((x, y) => x - y).join(',');
	if (a !== e) {
		throw new Error(`${what}: ${show(q)} matched entries [${a}], expected exactly [${e}]`);
	}
}

const stats = {
	values: 0,
	nulRefused: 0,
	equalsChecked: 0,
	likeChecked: 0,
	pairsChecked: 0,
	entriesScanned: 0,
	fieldNames: 0,
};

function qualField(field: FieldDef): QualField {
	return { id: field.id, name: field.name, datatype: field.datatype };
}

function equalsFor(c: ValueCase, field: FieldDef, fields: FieldDef[], value: string): string {
	const ref = c.byId ? String(field.id) : field.name;
	const condition: QualCondition = { field: ref, operator: 'equals', value };
	switch (c.builder) {
		case 'equalsQualification':
			return equalsQualification(c.byId ? field.id : field.name, value);
		case 'buildCondition':
			return buildCondition(condition, c.withMetadata ? qualField(field) : undefined);
		default:
			return buildQualification({
				conditions: [condition],
				fields: c.withMetadata ? fields.map(qualField) : undefined,
			});
	}
}

function likeFor(
	c: ValueCase,
	field: FieldDef,
	fields: FieldDef[],
	operator: QualOperator,
	text: string,
): string {
	const condition: QualCondition = {
		field: c.byId ? String(field.id) : field.name,
		operator,
		value: text,
	};
	return c.builder === 'buildQualification'
		? buildQualification({ conditions: [condition], fields: fields.map(qualField) })
		: buildCondition(condition, c.withMetadata ? qualField(field) : undefined);
}

/** The literal a LIKE condition searches for: a slice of the value, by code points. */
function likeText(c: ValueCase): string {
	const cps = Array.from(c.value);
	const length = 1 + (c.likeLength % Math.min(cps.length, 40));
	if (c.likeOperator === 'startsWith') return cps.slice(0, length).join('');
	if (c.likeOperator === 'endsWith') return cps.slice(cps.length - length).join('');
	const start = c.likeStart % (cps.length - length + 1);
	return cps.slice(start, start + length).join('');
}

function likeHolds(operator: LikeOperator, stored: string, text: string): boolean {
	if (operator === 'startsWith') return stored.startsWith(text);
	if (operator === 'endsWith') return stored.endsWith(text);
	return stored.includes(text);
}

function expectNulRefused(build: () => string, what: string): void {
	let built: string | undefined;
	let refusal: unknown;
	try {
		built = build();
	} catch (error) {
		refusal = error;
	}
	if (!(refusal instanceof QualificationInputError) || !/NUL/.test(refusal.message)) {
		throw new Error(
			`${what}: a value with a NUL was not refused with a NUL error; got ` +
				(built === undefined ? String(refusal) : show(built)),
		);
	}
}

function checkBatch(batch: { names: string[]; cases: ValueCase[] }): void {
	const fields: FieldDef[] = batch.names.map((name, k) => ({
		id: FIRST_FIELD_ID + k,
		name,
		datatype: 'CHAR',
		option: 'OPTIONAL',
	}));
	const form: FormDef = {
		name: 'Random Form',
		type: 'REGULAR',
		fields: [{ id: 1, name: 'Request ID', datatype: 'CHAR', option: 'SYSTEM' }, ...fields],
	};
	stats.fieldNames += fields.length;

	// Every value, its decoys in the same field and the value itself in another field: one entry
	// each, so an exact equals-match has exactly one right answer.
	const entries: Entry[] = [];
	const seen = new Map<string, number>();
	const add = (fieldId: number, text: string): number | undefined => {
		if (text === '' || text.includes('\u0000')) return undefined;
		const key = `${fieldId}\u0001${text}`;
		const known = seen.get(key);
		if (known !== undefined) return known;
		const index = entries.length;
		entries.push({ index, values: { 1: String(index).padStart(15, '0'), [fieldId]: text } });
		seen.set(key, index);
		return index;
	};
	const targets = batch.cases.map((c) => {
		const field = fields[c.field % fields.length];
		const other = fields[(c.field + 1) % fields.length];
		const target = add(field.id, c.value);
		for (const decoy of decoysOf(c.value)) add(field.id, decoy);
		add(other.id, c.value);
		return { field, target };
	});
	stats.entriesScanned += entries.length;

	batch.cases.forEach((c, k) => {
		stats.values++;
		const { field, target } = targets[k];
		if (c.value.includes('\u0000')) {
			stats.nulRefused++;
			expectNulRefused(() => equalsFor(c, field, fields, c.value), 'equals');
			expectNulRefused(() => likeFor(c, field, fields, c.likeOperator, c.value), c.likeOperator);
			expectNulRefused(() => quoteString(c.value), 'quoteString');
			return;
		}

		const q = equalsFor(c, field, fields, c.value);
		expectSingleCompare(q, '=', field, c.byId, c.value);
		sameSet(matching(q, form, entries), [target as number], 'Equals', q);
		stats.equalsChecked++;

		const text = likeText(c);
		const like = likeFor(c, field, fields, c.likeOperator, text);
		const pattern =
			c.likeOperator === 'contains'
				? `%${escapeLike(text)}%`
				: c.likeOperator === 'startsWith'
					? `${escapeLike(text)}%`
					: `%${escapeLike(text)}`;
		expectSingleCompare(like, 'LIKE', field, c.byId, pattern);
		const expected = entries
			.filter((entry) => {
				const stored = entry.values[field.id];
				return typeof stored === 'string' && likeHolds(c.likeOperator, stored, text);
			})
			.map((entry) => entry.index);
		if (!expected.includes(target as number)) {
			throw new Error(`Test bug: ${show(text)} is not part of ${show(c.value)}`);
		}
		sameSet(matching(like, form, entries), expected, c.likeOperator, like);
		stats.likeChecked++;

		// Two conditions from the builder stay two conditions: OR finds both entries, AND (each
		// entry holds one field) finds nothing unless both are the same entry.
		const next = batch.cases[(k + 1) % batch.cases.length];
		const nextTarget = targets[(k + 1) % batch.cases.length];
		if (next.value.includes('\u0000')) return;
		const conditions: QualCondition[] = [
			{ field: field.name, operator: 'equals', value: c.value },
			{ field: String(nextTarget.field.id), operator: 'equals', value: next.value },
		];
		for (const combineWith of ['OR', 'AND'] as const) {
			const both = buildQualification({ conditions, combineWith, fields: fields.map(qualField) });
			const tree = parseQualification(both);
			const parts = compares(tree);
			if (
				tree.kind !== combineWith.toLowerCase() ||
				parts.length !== 2 ||
				parts.some((part) => part.kind !== 'compare' || part.op !== '=')
			) {
				throw new Error(`Injection: ${show(both)} is not two conditions joined by ${combineWith}`);
			}
			const t1 = target as number;
			const t2 = nextTarget.target as number;
			const want = combineWith === 'OR' ? [...new Set([t1, t2])] : t1 === t2 ? [t1] : [];
			sameSet(matching(both, form, entries), want, combineWith, both);
		}
		stats.pairsChecked++;
	});
}

describe('qualification builder → emulator parser: 0 injections', () => {
	it(`finds exactly the right entries for ${IN_PROCESS_VALUES} random values and field names`, () => {
		fc.assert(fc.property(batchArbitrary, checkBatch), { numRuns: BATCHES });
		expect(stats.values).toBe(IN_PROCESS_VALUES);
		expect(stats.equalsChecked + stats.nulRefused).toBe(IN_PROCESS_VALUES);
		expect(stats.likeChecked).toBe(stats.equalsChecked);
		expect(stats.equalsChecked).toBeGreaterThan(IN_PROCESS_VALUES * 0.9);
		expect(stats.nulRefused).toBeGreaterThan(0);
		expect(stats.pairsChecked).toBeGreaterThan(IN_PROCESS_VALUES * 0.8);
		expect(stats.fieldNames).toBeGreaterThanOrEqual(BATCHES * 3);
	});

	it('refuses NUL characters in values, field names and LIKE text with an error naming NUL', () => {
		const refusals: Array<() => unknown> = [
			() => quoteString('a\u0000b'),
			() => fieldRef('Descr\u0000iption'),
			() => equalsQualification('Description', '\u0000'),
			() => equalsQualification('Desc\u0000', 'x'),
			() => buildCondition({ field: 'Description', operator: 'equals', value: 'x\u0000' }),
			() => buildCondition({ field: 'Description', operator: 'contains', value: '\u0000%' }),
			() => buildCondition({ field: 'Description', operator: 'isOneOf', value: ['ok', 'n\u0000'] }),
			() => buildQualification({ raw: '\'Description\' = "a\u0000"' }),
		];
		for (const refuse of refusals) {
			expect(refuse).toThrow(QualificationInputError);
			expect(refuse).toThrow(/NUL character/);
		}
	});

	it('treats the empty value as AR does: = "" is = $NULL$, never a match-all', () => {
		const form: FormDef = {
			name: 'Empty Form',
			type: 'REGULAR',
			fields: [{ id: FIRST_FIELD_ID, name: "It's", datatype: 'CHAR', option: 'OPTIONAL' }],
		};
		const entries: Entry[] = [
			{ index: 0, values: { [FIRST_FIELD_ID]: 'x' } },
			{ index: 1, values: {} },
			{ index: 2, values: { [FIRST_FIELD_ID]: ' ' } },
		];
		const q = equalsQualification("It's", '');
		expect(q).toBe("'It''s' = \"\"");
		sameSet(matching(q, form, entries), [1], 'Empty equals', q);
		sameSet(matching(equalsQualification("It's", ' '), form, entries), [2], 'Blank equals', q);
		expect(() => buildCondition({ field: "It's", operator: 'contains', value: '' })).toThrow(
			/needs text to search for/,
		);
	});
});

// ---- the same property through real HTTP ---------------------------------------------------------

const FORM = 'HPD:Help Desk';
const SHORT_FIELD = 'Description';
const LONG_FIELD = 'Detailed Decription';
const SHORT_MAX = 100;

/** Values that fit a GET URL: random unicode up to 300 code points, long mostly-ASCII up to 3,000. */
const httpValueArbitrary = fc.oneof(
	{ weight: 12, arbitrary: textArbitrary() },
	{ weight: 3, arbitrary: codePoints(100, 300) },
	{
		weight: 2,
		arbitrary: fc
			.tuple(
				fc.string({ unit: 'grapheme-ascii', minLength: 500, maxLength: 3000 }),
				fc.array(piece, { maxLength: 5 }),
			)
			.map(([text, pieces]) => text + pieces.join('')),
	},
);

describe('qualification builder → emulator through n8n (real HTTP)', () => {
	let h: Harness;

	withHarness({ users: 40, tickets: 40 }, (started) => {
		h = started;
	});

	it(`finds each of ${HTTP_VALUES} random values with Get Many + Filters equals`, async () => {
		const control = h.emulator.control;
		const existing = new Set(
			control
				.findEntries(FORM)
				.flatMap((entry) => [entry.values[SHORT_FIELD], entry.values[LONG_FIELD]])
				.filter((value): value is string => typeof value === 'string'),
		);
		const values = fc
			.sample(httpValueArbitrary, HTTP_VALUES * 2)
			.filter((value) => value !== '' && !existing.has(value) && !value.includes('\u0000'));
		const unique = [...new Set(values)].slice(0, HTTP_VALUES);
		expect(unique).toHaveLength(HTTP_VALUES);

		const inserted = new Set<string>();
		const insert = (field: string, value: string): string | undefined => {
			const key = `${field}\u0001${value}`;
			if (value === '' || inserted.has(key) || existing.has(value)) return undefined;
			if (field === SHORT_FIELD && Array.from(value).length > SHORT_MAX) return undefined;
			inserted.add(key);
			return control.insertEntry(FORM, {
				Description: field === SHORT_FIELD ? value : 'property decoy',
				...(field === LONG_FIELD ? { [LONG_FIELD]: value } : {}),
				Urgency: '4-Low',
				Impact: '4-Minor/Localized',
			});
		};
		const cases = unique.map((value, k) => {
			const fits = Array.from(value).length <= SHORT_MAX;
			const field = fits && k % 2 === 0 ? SHORT_FIELD : LONG_FIELD;
			return { value, field, id: insert(field, value) as string };
		});
		// Decoys after all targets, so a decoy never takes a target's place.
		for (const { value, field } of cases) {
			for (const decoy of decoysOf(value).filter((_, n) => n % 4 === 0)) insert(field, decoy);
			insert(field === SHORT_FIELD ? LONG_FIELD : SHORT_FIELD, value);
		}
		for (const c of cases) {
			expect(c.id).toMatch(/^INC\d{12}$/);
			expect(control.getEntry(FORM, c.id)?.[c.field]).toBe(c.value);
		}

		const node = arSystemNode(
			{
				resource: 'entry',
				operation: 'getAll',
				form: { __rl: true, mode: 'name', value: FORM },
				returnAll: true,
				filters: {
					conditions: [
						{ field: '={{ $json.field }}', operator: 'equals', value: '={{ $json.value }}' },
					],
				},
				fields: ['Entry ID', SHORT_FIELD, LONG_FIELD],
			},
			'AR System',
			{ onError: 'continueRegularOutput' },
		);
		const nulCases = ['a\u0000b', '\u0000', "O'Brien\u0000"];
		const result = await runWorkflow(h.env, {
			nodes: [node],
			items: [
				...cases.map(({ value, field }) => ({ value, field })),
				...nulCases.map((value) => ({ value, field: LONG_FIELD })),
			],
		});
		expect(result.error).toBeUndefined();
		const out = result.output('AR System');
		const byItem = new Map<number, Array<Record<string, unknown>>>();
		for (const item of out) {
			const index = (item.pairedItem as { item: number }).item;
			byItem.set(index, [...(byItem.get(index) ?? []), item.json]);
		}
		const wrong = cases
			.map((c, k) => ({ ...c, got: byItem.get(k) ?? [] }))
			.filter(
				(c) => c.got.length !== 1 || c.got[0]._requestId !== c.id || c.got[0][c.field] !== c.value,
			)
			.map((c) => ({
				value: show(c.value),
				field: c.field,
				expected: c.id,
				got: c.got.map((json) => json._requestId ?? json.error),
			}));
		expect(wrong).toEqual([]);
		nulCases.forEach((_, n) => {
			const got = byItem.get(cases.length + n) ?? [];
			expect(got).toHaveLength(1);
			expect(got[0].error).toMatch(/NUL character/);
			expect(got[0].error).toMatch(/'Detailed Decription'/);
		});
		expect(out).toHaveLength(HTTP_VALUES + nulCases.length);
	});
});
