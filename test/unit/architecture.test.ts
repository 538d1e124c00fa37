/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions */
/**
 * The house rules of .dependency-cruiser.cjs bite: a miniature tree with one upward arrow of each
 * kind fails `depcruise` with the rule's name, and the same tree without them passes. (`npm run
 * lint` runs the same rules over the real tree.)
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';

const REPO = path.resolve(__dirname, '../..');
const DEPCRUISE = path.join(REPO, 'node_modules', '.bin', 'depcruise');

const made: string[] = [];
afterAll(() => {
	for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'house-'));
	made.push(dir);
	for (const [file, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.writeFileSync(path.join(dir, file), text);
	}
	fs.writeFileSync(
		path.join(dir, 'tsconfig.json'),
		JSON.stringify({ compilerOptions: { module: 'commonjs', target: 'es2022', strict: true } }),
	);
	const config = fs
		.readFileSync(path.join(REPO, '.dependency-cruiser.cjs'), 'utf8')
		.replace("fileName: 'tsconfig.dev.json'", "fileName: 'tsconfig.json'");
	fs.writeFileSync(path.join(dir, '.dependency-cruiser.cjs'), config);
	return dir;
}

function cruise(dir: string): { status: number | null; output: string } {
	const result = spawnSync(
		DEPCRUISE,
		['--config', '.dependency-cruiser.cjs', 'nodes', 'credentials', 'emulator'],
		{ cwd: dir, encoding: 'utf8' },
	);
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const CLEAN: Record<string, string> = {
	'nodes/ArSystem/transport/index.ts': "export { get } from './request';\n",
	'nodes/ArSystem/transport/request.ts': 'export const get = (): number => 1;\n',
	'nodes/ArSystem/helpers/codec.ts': "import { clip } from './text';\nexport const parse = (): number => clip();\n",
	'nodes/ArSystem/helpers/text.ts': 'export const clip = (): number => 1;\n',
	'nodes/ArSystem/transport/readBack.ts': "import { parse } from '../helpers/codec';\nexport const same = (): number => parse();\n",
	'nodes/ArSystem/helpers/identity.ts':
		"import { get } from '../transport';\nimport { parse } from './codec';\nexport const read = (): number => get() + parse();\n",
	'nodes/ArSystem/actions/user/get.operation.ts':
		"import { read } from '../../helpers/identity';\nexport const run = (): number => read();\n",
	'nodes/ArSystem/methods/listSearch.ts': "import { read } from '../helpers/identity';\nexport const pick = (): number => read();\n",
	'credentials/Api.credentials.ts':
		"import { get } from '../nodes/ArSystem/transport';\nexport const login = (): number => get();\n",
	'emulator/index.ts': "import { seed } from './seed';\nexport const start = (): number => seed;\n",
	'emulator/seed.ts': 'export const seed = 1;\n',
};

describe('house rules (.dependency-cruiser.cjs)', () => {
	jest.setTimeout(60_000);

	it('passes a tree whose arrows point down', () => {
		const { status, output } = cruise(tree(CLEAN));
		expect(output).toContain('no dependency violations found');
		expect(status).toBe(0);
	});

	it.each([
		['transport-is-the-bottom', 'nodes/ArSystem/transport/request.ts', "import { read } from '../helpers/identity';\nexport const get = (): number => 1 + Number(read === undefined);\n"],
		['helpers-import-no-actions', 'nodes/ArSystem/helpers/identity.ts', "import { run } from '../actions/user/get.operation';\nexport const read = (): number => Number(run === undefined);\n"],
		['datatypes-are-pure', 'nodes/ArSystem/helpers/codec.ts', "import { get } from '../transport';\nexport const parse = (): number => get();\n"],
		['pickers-import-no-actions', 'nodes/ArSystem/methods/listSearch.ts', "import { run } from '../actions/user/get.operation';\nexport const pick = (): number => run();\n"],
		['credentials-use-the-public-transport', 'credentials/Api.credentials.ts', "import { get } from '../nodes/ArSystem/transport/request';\nexport const login = (): number => get();\n"],
		['emulator-is-independent', 'emulator/seed.ts', "import { get } from '../nodes/ArSystem/transport';\nexport const seed = get();\n"],
		['no-circular', 'emulator/seed.ts', "import { start } from './index';\nexport const seed = Number(start === undefined);\n"],
	])('fails on %s', (rule, file, text) => {
		const { status, output } = cruise(tree({ ...CLEAN, [file]: text }));
		expect(output).toContain(rule);
		expect(status).not.toBe(0);
	});
});
