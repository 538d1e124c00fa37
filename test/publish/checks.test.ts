/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * The publish checks of `npm run test:publish` (scripts/publish/) catch what they are there for:
 * each is run on planted violations and on clean code, in a Node child process because the
 * scripts are ES modules (and the scanner is n8n's own, loaded as it ships).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { REPO, moduleUrl as repoModule, runModule } from './runModule';

const moduleUrl = (file: string) => repoModule(`scripts/publish/${file}`);

interface Finding {
	file: string;
	line: number;
	kind: string;
	what: string;
	fix: string;
}

function findingsIn(text: string, fileName = 'nodes/Fixture/Fixture.node.ts'): Finding[] {
	return runModule<Finding[]>(
		`import { findingsInText } from ${moduleUrl('env-file-access.mjs')};
		console.log(JSON.stringify(findingsInText(${JSON.stringify(text)}, ${JSON.stringify(fileName)})));`,
	);
}

let tmp: string;
beforeAll(() => {
	tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-checks-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>) {
	for (const [file, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		fs.writeFileSync(path.join(root, file), text);
	}
}

describe('environment and file access check', () => {
	it('reports every way of reading the environment or touching files, with its line', () => {
		const source = [
			"import * as fs from 'fs';", // 1
			"import { readFile } from 'node:fs/promises';", // 2
			"import proc from 'node:process';", // 3
			'const a = process.env.AR_PASSWORD;', // 4
			"const b = process['env'];", // 5
			'const { env } = process;', // 6
			'const c = globalThis.process.env.X;', // 7
			'const d = process.cwd();', // 8
			"const e = require('child_process');", // 9
			'const f = import(moduleName);', // 10
			"const g = this.helpers.createReadStream('/etc/passwd');", // 11
			'const { writeContentToFile } = this.helpers;', // 12
			'const h = __dirname;', // 13
			"const i = eval('1');", // 14
			"export * from 'fs-extra';", // 15
			'const j = import.meta.env;', // 16
			'const k = { process };', // 17
			"const l = new Function('return 1');", // 18
			"const m = Deno.env.get('X');", // 19
			'function inner(process: string) { return process; } const n = process.env.Y;', // 20
		].join('\n');
		const found = findingsIn(source).map((f) => `${f.line} ${f.kind}`);
		expect(found).toEqual([
			'1 file-module',
			'2 file-module',
			'3 env',
			'4 env',
			'5 env',
			'6 env',
			'7 env',
			'8 process',
			'9 file-module',
			'10 dynamic-load',
			'11 file-helper',
			'12 file-helper',
			'13 file-helper',
			'14 dynamic-load',
			'15 file-module',
			'16 env',
			'17 process',
			'18 dynamic-load',
			'19 env',
			'20 env',
		]);
	});

	it('names what was found and what to do instead', () => {
		const [finding] = findingsIn('export const password = process.env.AR_PASSWORD;');
		expect(finding).toMatchObject({
			file: 'nodes/Fixture/Fixture.node.ts',
			line: 1,
			kind: 'env',
			what: 'process.env',
			fix: 'read settings from node parameters or credentials instead',
		});
	});

	it('reads compiled JavaScript the same way (the tarball leg)', () => {
		const compiled = ['"use strict";', 'const fs_1 = require("fs");', 'exports.x = process.env.HOME;'].join('\n');
		expect(findingsIn(compiled, 'dist/nodes/X/X.node.js').map((f) => `${f.line} ${f.kind}`)).toEqual([
			'2 file-module',
			'3 env',
		]);
	});

	it('leaves names that only look alike alone', () => {
		const source = [
			"import { NodeOperationError, sleep } from 'n8n-workflow';",
			"import { transport } from '../transport';",
			'const settings = { process: 1, env: 2 };',
			'settings.process; item.json.env; item.json.process.env;',
			"const env = this.getNodeParameter('env', 0) as string;",
			'function run(process: string, env: string) { return process + env; }',
			"const text = 'process.env and fs are only words here';",
			'class Job { process() { return 1; } }',
			'const { process: stage } = settings;',
			"const binary = await this.helpers.prepareBinaryData(Buffer.from('x'));",
			'try { run(); } catch (process) { throw process; }',
			'for (const __dirname of []) console.log(__dirname);',
		].join('\n');
		expect(findingsIn(source)).toEqual([]);
	});

	it('finds every code file below the folders, however deep, and skips declarations and node_modules', () => {
		const root = path.join(tmp, 'walk');
		write(root, {
			'nodes/New/Deep/Deeper/helper.ts': '',
			'nodes/Other/Other.node.js': '',
			'nodes/Other/types.d.ts': '',
			'nodes/Other/icon.svg': '',
			'nodes/Other/node_modules/dep/index.js': '',
			'credentials/NewApi.credentials.ts': '',
			'credentials/legacy.cjs': '',
			'emulator/server.ts': '',
		});
		const files = runModule<string[]>(
			`import { codeFilesUnder } from ${moduleUrl('env-file-access.mjs')};
			import path from 'node:path';
			const root = ${JSON.stringify(root)};
			console.log(JSON.stringify(codeFilesUnder(root, ['nodes', 'credentials']).map((f) => path.relative(root, f))));`,
		);
		expect(files).toEqual([
			'credentials/NewApi.credentials.ts',
			'credentials/legacy.cjs',
			'nodes/New/Deep/Deeper/helper.ts',
			'nodes/Other/Other.node.js',
		]);
	});

	it('finds nothing in this repository\'s nodes and credentials', () => {
		const result = runModule<{ files: number; findings: Finding[] }>(
			`import { codeFilesUnder, findEnvFileAccess } from ${moduleUrl('env-file-access.mjs')};
			const files = codeFilesUnder(${JSON.stringify(REPO)}, ['nodes', 'credentials']);
			console.log(JSON.stringify({ files: files.length, findings: findEnvFileAccess(${JSON.stringify(REPO)}, files) }));`,
		);
		expect(result.files).toBeGreaterThan(50);
		expect(result.findings).toEqual([]);
	});
});

describe("n8n's scanner legs, run locally", () => {
	interface Leg {
		passed: boolean;
		message?: string;
		details?: string;
	}

	it('fail on a planted violation in the source, in the tarball and in package.json, and pass without it', () => {
		const packageJson = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
		const source = path.join(tmp, 'source');
		const sourceClean = path.join(tmp, 'source-clean');
		const dist = path.join(tmp, 'dist');
		const withDependency = path.join(tmp, 'with-dependency');
		const empty = path.join(tmp, 'empty');
		write(source, {
			'package.json': JSON.stringify(packageJson),
			'nodes/Bad/secret.ts': 'export function secret() {\n\treturn process.env.AR_PASSWORD;\n}\n',
		});
		write(sourceClean, {
			'package.json': JSON.stringify(packageJson),
			'nodes/Good/value.ts': 'export function value(): number {\n\treturn 1;\n}\n',
		});
		write(dist, {
			'package.json': JSON.stringify(packageJson),
			'dist/nodes/Bad/read.js': '"use strict";\nconst fs = require("fs");\nexports.read = () => fs.readFileSync("/etc/passwd", "utf8");\n',
		});
		write(withDependency, {
			'package.json': JSON.stringify({ ...packageJson, dependencies: { axios: '1.13.2' } }),
			'dist/nodes/Good/value.js': '"use strict";\nexports.value = () => 1;\n',
		});
		fs.mkdirSync(empty, { recursive: true });

		const legs = runModule<Record<string, Leg>>(
			`import { scanSource, scanDist } from ${moduleUrl('scanner.mjs')};
			const name = ${JSON.stringify(packageJson.name)};
			const pick = ({ passed, message, details }) => ({ passed, message, details });
			console.log(JSON.stringify({
				source: pick(await scanSource(${JSON.stringify(source)}, name)),
				sourceClean: pick(await scanSource(${JSON.stringify(sourceClean)}, name)),
				dist: pick(await scanDist(${JSON.stringify(dist)})),
				withDependency: pick(await scanDist(${JSON.stringify(withDependency)})),
				empty: pick(await scanDist(${JSON.stringify(empty)})),
				noPackage: pick(await scanSource(${JSON.stringify(empty)}, name)),
			}));`,
		);

		expect(legs.source.passed).toBe(false);
		expect(legs.source.details).toMatch(/secret\.ts[\s\S]*2:\d+\s+error\s+Use of restricted global 'process'/);
		expect(legs.sourceClean).toEqual({ passed: true });
		expect(legs.dist.passed).toBe(false);
		expect(legs.dist.details).toMatch(/read\.js[\s\S]*2:\d+\s+error\s+Require of 'fs' is not allowed/);
		expect(legs.withDependency.passed).toBe(false);
		expect(legs.withDependency.details).toMatch(/package\.json[\s\S]*no-runtime-dependencies/);
		expect(legs.empty).toEqual({ passed: false, message: 'the scanner found no files to analyze in the tarball' });
		expect(legs.noPackage.passed).toBe(false);
		expect(legs.noPackage.message).toBe(`no package.json named ${packageJson.name} in the source snapshot`);
	});
});
