/**
 * The install paths the README documents for a package that is not on npm yet, each done exactly
 * as written there, in a fresh n8n user folder, then checked in the real (cached) n8n:
 *
 *   nodes folder   `npm install --legacy-peer-deps <tarball>` in `<user folder>/.n8n/nodes`, the
 *                  folder n8n's own community package installer uses (and a Docker volume
 *                  mounted at /home/node/.n8n holds). Node types: `n8n-nodes-ar-system.*`.
 *   custom folder  the tarball unpacked into a folder named by N8N_CUSTOM_EXTENSIONS. n8n loads
 *                  such folders with its custom-directory loader, so the node types are `CUSTOM.*`
 *                  and workflows made with the package (the examples) do not open there unchanged.
 *
 * The checks: `n8n export:nodes` lists every node the package declares under the expected prefix
 * (and none under the other), and `n8n execute` of a one-node workflow reads a user from the AR
 * emulator through the installed node and the installed credential type.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import {
	PACKAGE_NAME,
	REPO_DIR,
	cliLogTail,
	credentialFor,
	nodeOutput,
	parseRunOutput,
	runN8nCli,
	toolEnv,
} from '../n8n-runtime.mjs';
import { extractTarball, runQuiet } from './tarball.mjs';

export const CUSTOM_PREFIX = 'CUSTOM';
/** The exact npm arguments of the README's nodes-folder install (the tarball path is appended). */
export const NODES_FOLDER_INSTALL_ARGS = ['install', '--legacy-peer-deps'];

/**
 * `npm install --legacy-peer-deps <tarball>` in `<userFolder>/.n8n/nodes`. Without
 * --legacy-peer-deps npm installs the `n8n-workflow` peer dependency and its whole tree from the
 * registry; n8n supplies it at run time. Checks that the package is the only thing installed, and
 * that nothing had to be fetched for it.
 */
export async function installIntoNodesFolder(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	// npm_config_offline: proves the install needs nothing from the registry (the README's command
	// has no such flag; with it or without, npm installs the same single package).
	await runQuiet('npm', [...NODES_FOLDER_INSTALL_ARGS, tarball], {
		cwd: nodesDir,
		env: toolEnv(undefined, { npm_config_offline: 'true' }),
	});
	const installed = fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((name) => !name.startsWith('.'));
	if (installed.join() !== PACKAGE_NAME) {
		throw new Error(`expected only ${PACKAGE_NAME} in ${nodesDir}/node_modules, found: ${installed.join(', ')}`);
	}
	return { prefix: PACKAGE_NAME, env: {}, location: path.join(nodesDir, 'node_modules', PACKAGE_NAME) };
}

/** The tarball unpacked into `extensionsDir` (tar, as the README says) for N8N_CUSTOM_EXTENSIONS. */
export async function installAsCustomExtension(tarball, extensionsDir) {
	await extractTarball(tarball, extensionsDir);
	return { prefix: CUSTOM_PREFIX, env: { N8N_CUSTOM_EXTENSIONS: extensionsDir }, location: extensionsDir };
}

/**
 * The `name` of every node the package declares in its `n8n.nodes` list, read from the built
 * classes (the same dist/ that was packed), so a node added to package.json is expected too.
 */
export function declaredNodeNames(packageJson) {
	const require = createRequire(path.join(REPO_DIR, 'package.json'));
	return packageJson.n8n.nodes.map((file) => {
		const exported = Object.values(require(path.join(REPO_DIR, file))).find((value) => typeof value === 'function');
		if (!exported) throw new Error(`${file} exports no node class`);
		const name = new exported().description?.name;
		if (!name) throw new Error(`${file}: the node class has no description.name`);
		return name;
	});
}

const CREDENTIAL_TYPE = 'arSystemApi';
const WORKFLOW_ID = 'ArSysInstallChk1';
const NODE_NAME = 'Get Demo User';

/** Manual trigger → AR System user Get (login "Demo"), for the node type under `prefix`. */
function probeWorkflow(prefix, credential) {
	return {
		id: WORKFLOW_ID,
		name: `Install check (${prefix})`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { Start: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'c6f0e7e4-0d55-4a39-9d56-4e2f4f0f6b01', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'c6f0e7e4-0d55-4a39-9d56-4e2f4f0f6b02',
				name: NODE_NAME,
				type: `${prefix}.arSystem`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'user', operation: 'get', user: { __rl: true, mode: 'login', value: 'Demo' } },
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			},
		],
	};
}

/**
 * Runs the checks of one installed path in its user folder; returns the package's node types
 * n8n listed and the user the workflow read. Throws with n8n's own messages on any failure.
 */
export async function checkInstalled({ rt, userFolder, install, expectedNames, emulatorUrl, env = {}, encryptionKey }) {
	const cli = async (args) => {
		const result = await runN8nCli(rt, userFolder, args, { env: { ...env, ...install.env }, encryptionKey });
		if (result.code !== 0) {
			throw new Error(`n8n ${args[0]} exited ${result.code}: ${result.errors.join('\n').slice(-1500)}\n${cliLogTail(userFolder, 10)}`);
		}
		return result;
	};
	const work = path.join(userFolder, 'install-check');
	fs.mkdirSync(work, { recursive: true });

	const nodesFile = path.join(work, 'nodes.json');
	await cli(['export:nodes', `--output=${nodesFile}`]);
	const listed = JSON.parse(fs.readFileSync(nodesFile, 'utf8')).map((type) => type.name);
	const ours = new Set(expectedNames);
	const types = listed.filter((name) => ours.has(name.slice(name.indexOf('.') + 1)));
	const missing = expectedNames.map((name) => `${install.prefix}.${name}`).filter((type) => !types.includes(type));
	const elsewhere = types.filter((type) => !type.startsWith(`${install.prefix}.`));
	if (missing.length || elsewhere.length) {
		throw new Error(
			`n8n export:nodes: ${missing.length ? `missing ${missing.join(', ')}` : ''}${missing.length && elsewhere.length ? '; ' : ''}` +
				`${elsewhere.length ? `unexpected ${elsewhere.join(', ')}` : ''} (listed: ${types.join(', ') || 'none of ours'})`,
		);
	}

	const credential = credentialFor(emulatorUrl);
	fs.writeFileSync(path.join(work, 'credentials.json'), JSON.stringify([credential]));
	fs.writeFileSync(path.join(work, 'workflow.json'), JSON.stringify(probeWorkflow(install.prefix, credential)));
	await cli(['import:credentials', `--input=${path.join(work, 'credentials.json')}`]);
	await cli(['import:workflow', `--input=${path.join(work, 'workflow.json')}`]);
	const result = await runN8nCli(rt, userFolder, ['execute', `--id=${WORKFLOW_ID}`, '--rawOutput'], {
		env: { ...env, ...install.env },
		encryptionKey,
	});
	const run = parseRunOutput(result);
	const error = run?.data?.resultData?.error;
	if (result.code !== 0 || run?.status !== 'success') {
		throw new Error(
			`n8n execute (exit ${result.code}, status ${run?.status ?? 'unknown'}): ${error?.message ?? result.errors.join('\n').slice(-1500)}`,
		);
	}
	const items = nodeOutput(run, NODE_NAME) ?? [];
	const login = items[0]?.['Login Name'];
	if (items.length !== 1 || login !== 'Demo') {
		throw new Error(`the installed node returned ${JSON.stringify(items).slice(0, 500)}, expected the user Demo`);
	}
	return { types, login };
}
