/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- reading the source tree (fs, __dirname) is this check's point */
/**
 * The datatype codec (nodes/ArSystem/helpers/codec.ts) is the one place that knows AR datatypes:
 * writes, qualification literals, read-back, the mapper's types. Everything else asks it. This
 * check fails on a datatype switch elsewhere in shipped code: `case 'INTEGER'`, `=== 'DECIMAL'`,
 * a datatype-keyed table (`ENUM: ...`) or a list of datatype names (`['CHAR', 'DIARY']`).
 */
import fs from 'fs';
import path from 'path';

const REPO = path.resolve(__dirname, '../..');
const CODEC = 'nodes/ArSystem/helpers/codec.ts';
const TYPES = 'CHAR|DIARY|ENUM|INTEGER|REAL|DECIMAL|TIME|DATE|TIME_OF_DAY|CURRENCY|ATTACH';
const NAME = `['"\`](?:${TYPES})['"\`]`;
const SWITCHES = [
	new RegExp(`\\bcase\\s+${NAME}`),
	new RegExp(`[!=]==?\\s*${NAME}`),
	new RegExp(`${NAME}\\s*[!=]==?`),
	new RegExp(`^\\s*['"]?(?:${TYPES})['"]?\\s*:`),
	new RegExp(`${NAME}\\s*,\\s*${NAME}`),
];

/** Lines of `text` (comments left out) that switch on a datatype, as `line: text`. */
export function datatypeSwitches(text: string): string[] {
	return text
		.split('\n')
		.map((line, i) => ({ line: line.trim(), at: i + 1 }))
		.filter(({ line }) => !line.startsWith('*') && !line.startsWith('//') && !line.startsWith('/*'))
		.filter(({ line }) => SWITCHES.some((pattern) => pattern.test(line)))
		.map(({ line, at }) => `${at}: ${line}`);
}

function shippedFiles(dir: string): string[] {
	return fs.readdirSync(path.join(REPO, dir), { withFileTypes: true }).flatMap((entry) => {
		const file = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return shippedFiles(file);
		return file.endsWith('.ts') ? [file] : [];
	});
}

describe('no datatype switch outside the codec', () => {
	it.each([
		["switch (field.datatype) { case 'INTEGER': return 1; }"],
		["const whole = meta.datatype === 'INTEGER';"],
		["if ('DECIMAL' !== type) return;"],
		["const TYPES = {\n\tENUM: 'options',\n};"],
		["const TEXT = new Set(['CHAR', 'DIARY']);"],
	])('the check bites on %p', (text) => {
		expect(datatypeSwitches(text)).not.toEqual([]);
	});

	it('passes code that asks the codec', () => {
		expect(datatypeSwitches("const whole = codecFor(meta.datatype).whole === true;\n// 'INTEGER' === x in a comment")).toEqual([]);
	});

	it('finds none in nodes/ and credentials/ outside helpers/codec.ts', () => {
		const files = [...shippedFiles('nodes'), ...shippedFiles('credentials')].filter((file) => file !== CODEC);
		expect(files.length).toBeGreaterThan(50);
		const found = files.flatMap((file) =>
			datatypeSwitches(fs.readFileSync(path.join(REPO, file), 'utf8')).map((hit) => `${file}:${hit}`),
		);
		expect(found).toEqual([]);
	});
});
