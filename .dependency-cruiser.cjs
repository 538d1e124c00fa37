/**
 * The house rules (README "Architecture"): arrows point down only, and no circles.
 *
 *   credentials ──────────────┐
 *   ArSystem.node / Trigger / Scim ─> actions ─> helpers (qualification, identity, itsm/…) ─> transport
 *                              methods (pickers) ─┘                                      │
 *                                         the datatype codec (helpers/codec, values, text) <┘
 *
 * The codec is pure knowledge of AR datatypes (no I/O): transport's read-back compares through it
 * as every other room does, so it sits below transport and imports nothing else of ours.
 *
 * `npm run lint` runs it after n8n's own lint (whose eslint.config.mjs must stay n8n's default in
 * strict mode). test/unit/architecture.test.ts proves that an upward import fails it.
 */
const AR = '^nodes/ArSystem';
const DATATYPES = `${AR}/helpers/(codec|values|text)\\.ts$`;
const NODE_ENTRIES = '^nodes/(ArSystem/ArSystem\\.node|ArSystemTrigger|ArSystemScim)';

module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			severity: 'error',
			comment: 'A circle means two rooms are one: merge them or move the shared part down.',
			from: {},
			to: { circular: true },
		},
		{
			name: 'transport-is-the-bottom',
			severity: 'error',
			comment: 'transport imports no domain, action, picker, node or credential code.',
			from: { path: `${AR}/transport/` },
			to: { path: [`${AR}/(helpers|actions|methods)/`, NODE_ENTRIES, '^credentials/'], pathNot: DATATYPES },
		},
		{
			name: 'datatypes-are-pure',
			severity: 'error',
			comment: 'the datatype codec (codec.ts and its date and text helpers) imports nothing else of ours: transport relies on it.',
			from: { path: DATATYPES },
			to: { path: '^(nodes|credentials)/', pathNot: DATATYPES },
		},
		{
			name: 'helpers-import-no-actions',
			severity: 'error',
			comment: 'helpers (the domain) import no action, picker, node or credential: move what they need down.',
			from: { path: `${AR}/helpers/` },
			to: { path: [`${AR}/(actions|methods)/`, NODE_ENTRIES, '^credentials/'] },
		},
		{
			name: 'pickers-import-no-actions',
			severity: 'error',
			comment: 'pickers are shared by every node: they import helpers and transport, not actions.',
			from: { path: `${AR}/methods/` },
			to: { path: [`${AR}/actions/`, NODE_ENTRIES] },
		},
		{
			name: 'credentials-use-the-public-transport',
			severity: 'error',
			comment: "credentials use the transport's public API (nodes/ArSystem/transport/index.ts) only.",
			from: { path: '^credentials/' },
			to: { path: '^nodes/', pathNot: `${AR}/transport/index\\.ts$` },
		},
		{
			name: 'emulator-is-independent',
			severity: 'error',
			comment: 'the emulator is an independent check on the node: it imports nothing from it.',
			from: { path: '^emulator/' },
			to: { path: '^(nodes|credentials)/' },
		},
		{
			name: 'shipped-code-imports-no-tooling',
			severity: 'error',
			comment: 'shipped code imports no emulator, test or tooling code.',
			from: { path: '^(nodes|credentials)/' },
			to: { path: '^(emulator|test|bench|scripts)/' },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		exclude: { path: '(^|/)(dist|node_modules)/' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.dev.json' },
	},
};
