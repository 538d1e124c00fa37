/**
 * n8n's verification guidelines for community nodes: node and credential code reads no
 * environment variables and touches no files. n8n's lint rules cover part of this
 * (restricted globals and imports); this check is a second, independent reading of the syntax
 * tree that also runs on the compiled `.js` of the packed tarball, so a build step cannot add what
 * the sources do not show.
 *
 * What counts as a finding (each with file, line and what to do instead):
 *   env            `process.env`, `process['env']`, `{ env } = process`, `import.meta.env`,
 *                  `Deno.env`, `Bun.env`, or the `process` module imported
 *   process        any other use of the `process` global (whoever holds it can read the environment)
 *   file-module    importing or requiring fs, fs/promises, fs-extra, graceful-fs, child_process,
 *                  worker_threads or module (createRequire)
 *   file-helper    n8n's file system helpers (`this.helpers.createReadStream`, `getStoragePath`,
 *                  `writeContentToFile`, `resolvePath`, `isFilePathBlocked`) and `__dirname`,
 *                  `__filename`
 *   dynamic-load   `require()` or `import()` of a computed name, `eval`, `Function(...)`: what they
 *                  load cannot be checked
 *
 * Uses the TypeScript compiler's parser only (no type checking), so it reads .ts and .js alike.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

const CODE_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$/;

const FILE_MODULES = new Set([
	'fs',
	'fs/promises',
	'fs-extra',
	'graceful-fs',
	'original-fs',
	'child_process',
	'worker_threads',
	'module',
]);
const ENV_MODULES = new Set(['process']);
const FILE_HELPERS = new Set([
	'createReadStream',
	'getStoragePath',
	'writeContentToFile',
	'resolvePath',
	'isFilePathBlocked',
]);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);
const RUNTIME_ENV_OWNERS = new Set(['Deno', 'Bun']);

const ADVICE = {
	env: 'read settings from node parameters or credentials instead',
	process: 'nodes must not use the process global; take values from parameters or credentials',
	'file-module': 'nodes must not touch files; use binary data (this.helpers.prepareBinaryData / getBinaryDataBuffer)',
	'file-helper': 'nodes must not touch files; use binary data (this.helpers.prepareBinaryData / getBinaryDataBuffer)',
	'dynamic-load': 'use a static import of n8n-workflow or of this package\'s own files',
};

/**
 * Every code file under `dirs` (relative to `root`), found by walking the folders so a file added
 * tomorrow is covered without a list. Declaration files (.d.ts) hold no code and are skipped.
 */
export function codeFilesUnder(root, dirs) {
	const files = [];
	for (const dir of dirs) {
		const base = path.join(root, dir);
		if (!fs.existsSync(base)) continue;
		for (const entry of fs.readdirSync(base, { recursive: true, withFileTypes: true })) {
			if (!entry.isFile()) continue;
			const file = path.join(entry.parentPath ?? entry.path, entry.name);
			if (file.split(path.sep).includes('node_modules')) continue;
			if (CODE_FILE.test(entry.name) && !DECLARATION_FILE.test(entry.name)) files.push(file);
		}
	}
	return files.sort();
}

function moduleName(specifier) {
	return specifier.replace(/^node:/, '');
}

function stringValue(node) {
	return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** `x.name` or `x['name']`: the accessed name when it is known. */
function accessedName(node) {
	if (ts.isPropertyAccessExpression(node)) return node.name.text;
	if (ts.isElementAccessExpression(node)) return stringValue(node.argumentExpression);
	return undefined;
}

/** The names a binding (a, { a, b: c }, [d, ...e]) declares. */
function bindingNames(name) {
	if (ts.isIdentifier(name)) return [name.text];
	return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

/** Whether `scope` itself declares `name` (parameters, let/const/var, function, class, import). */
function declaresName(scope, name) {
	const names = [];
	if (ts.isFunctionLike(scope)) for (const p of scope.parameters ?? []) names.push(...bindingNames(p.name));
	if (ts.isCatchClause(scope) && scope.variableDeclaration) names.push(...bindingNames(scope.variableDeclaration.name));
	if ((ts.isForStatement(scope) || ts.isForInStatement(scope) || ts.isForOfStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
		for (const d of scope.initializer.declarations) names.push(...bindingNames(d.name));
	}
	for (const statement of scope.statements ?? []) {
		if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) names.push(...bindingNames(d.name));
		else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.push(statement.name.text);
		else if (ts.isImportDeclaration(statement) && statement.importClause) {
			const clause = statement.importClause;
			if (clause.name) names.push(clause.name.text);
			const bindings = clause.namedBindings;
			if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
			if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
		}
	}
	return names.includes(name);
}

/** A local variable of that name hides the global (a parameter called `process`, say). */
function isShadowed(id) {
	for (let scope = id.parent; scope; scope = scope.parent) if (declaresName(scope, id.text)) return true;
	return false;
}

function isGlobalProcess(node) {
	if (ts.isIdentifier(node)) return node.text === 'process' && !isShadowed(node);
	// globalThis.process, global['process'], …
	return (
		(ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) &&
		ts.isIdentifier(node.expression) &&
		GLOBAL_OBJECTS.has(node.expression.text) &&
		accessedName(node) === 'process'
	);
}

/** An identifier that names something else than a variable: a property, a key, a declaration. */
function isNonReferenceName(id) {
	const parent = id.parent;
	if (!parent) return false;
	if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && parent.name === id) return true;
	if (
		(ts.isPropertyAssignment(parent) ||
			ts.isPropertyDeclaration(parent) ||
			ts.isPropertySignature(parent) ||
			ts.isMethodDeclaration(parent) ||
			ts.isMethodSignature(parent) ||
			ts.isGetAccessorDeclaration(parent) ||
			ts.isSetAccessorDeclaration(parent) ||
			ts.isEnumMember(parent) ||
			ts.isVariableDeclaration(parent) ||
			ts.isParameter(parent) ||
			ts.isFunctionDeclaration(parent) ||
			ts.isClassDeclaration(parent) ||
			ts.isImportClause(parent) ||
			ts.isNamespaceImport(parent) ||
			ts.isImportSpecifier(parent) ||
			ts.isExportSpecifier(parent) ||
			ts.isLabeledStatement(parent)) &&
		parent.name === id
	) {
		return true;
	}
	// `{ process: x } = y` destructures a property called process.
	if (ts.isBindingElement(parent) && parent.propertyName === id) return true;
	return false;
}

/** Findings of one file's source text. */
export function findingsInText(text, fileName) {
	const kind = /\.(js|mjs|cjs)$/.test(fileName) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
	const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, kind);
	const findings = [];
	const add = (node, type, what) => {
		const { line, character } = source.getLineAndCharacterOfPosition(node.getStart(source));
		findings.push({ file: fileName, line: line + 1, column: character + 1, kind: type, what, fix: ADVICE[type] });
	};
	const moduleFinding = (node, specifier, how) => {
		if (specifier === undefined) {
			add(node, 'dynamic-load', `${how} of a computed module name`);
			return;
		}
		const name = moduleName(specifier);
		if (FILE_MODULES.has(name) || [...FILE_MODULES].some((m) => name.startsWith(`${m}/`))) {
			add(node, 'file-module', `${how} '${specifier}'`);
		} else if (ENV_MODULES.has(name)) {
			add(node, 'env', `${how} '${specifier}'`);
		}
	};
	/** Nodes already reported as part of a bigger expression (process.env → one finding). */
	const covered = new Set();

	const visit = (node) => {
		if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
			const specifier = stringValue(node.moduleSpecifier);
			if (specifier !== undefined) moduleFinding(node, specifier, ts.isImportDeclaration(node) ? 'import' : 'export from');
		} else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
			moduleFinding(node, stringValue(node.moduleReference.expression), 'import');
		} else if (ts.isCallExpression(node)) {
			const callee = node.expression;
			if (callee.kind === ts.SyntaxKind.ImportKeyword) {
				moduleFinding(node, stringValue(node.arguments[0]), 'dynamic import');
			} else if (ts.isIdentifier(callee) && callee.text === 'require') {
				moduleFinding(node, stringValue(node.arguments[0]), 'require');
			} else if (ts.isIdentifier(callee) && callee.text === 'eval') {
				add(node, 'dynamic-load', 'eval()');
			} else if (ts.isIdentifier(callee) && callee.text === 'Function') {
				add(node, 'dynamic-load', 'Function()');
			}
		} else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'Function') {
			add(node, 'dynamic-load', 'new Function()');
		} else if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && !covered.has(node)) {
			const name = accessedName(node);
			const owner = node.expression;
			if (name === 'env' && isGlobalProcess(owner)) {
				add(node, 'env', node.getText(source));
				covered.add(owner);
			} else if (name === 'env' && ts.isMetaProperty(owner)) {
				add(node, 'env', 'import.meta.env');
			} else if (name === 'env' && ts.isIdentifier(owner) && RUNTIME_ENV_OWNERS.has(owner.text)) {
				add(node, 'env', node.getText(source));
			} else if (isGlobalProcess(node)) {
				add(node, 'process', node.getText(source));
			} else if (
				name !== undefined &&
				FILE_HELPERS.has(name) &&
				accessedName(owner) === 'helpers'
			) {
				add(node, 'file-helper', `helpers.${name}`);
			}
		} else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer) {
			// const { env } = process;  const { createReadStream } = this.helpers;
			const names = node.name.elements.map((e) => (e.propertyName ?? e.name).getText(source));
			const from = node.initializer.getText(source);
			if (isGlobalProcess(node.initializer) && names.includes('env')) {
				add(node, 'env', `{ env } = ${from}`);
				covered.add(node.initializer);
			} else if (accessedName(node.initializer) === 'helpers') {
				for (const name of names.filter((n) => FILE_HELPERS.has(n))) add(node, 'file-helper', `{ ${name} } = ${from}`);
			}
		} else if (ts.isIdentifier(node) && !covered.has(node) && !isNonReferenceName(node)) {
			if (node.text === 'process' && !isShadowed(node)) add(node, 'process', 'process');
			else if ((node.text === '__dirname' || node.text === '__filename') && !isShadowed(node)) add(node, 'file-helper', node.text);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return findings;
}

/** Findings in every given file; paths in the findings are relative to `root`. */
export function findEnvFileAccess(root, files) {
	return files.flatMap((file) =>
		findingsInText(fs.readFileSync(file, 'utf8'), path.relative(root, file).split(path.sep).join('/')),
	);
}

/** One line per finding, for a person to act on. */
export function formatFinding(f) {
	return `${f.file}:${f.line}:${f.column} ${f.kind}: ${f.what} (${f.fix})`;
}
