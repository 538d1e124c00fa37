// Copies the assets tsc does not emit (icons, codex JSON) next to the compiled nodes and credentials.
const { src, dest } = require('gulp');

function buildAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}', 'icons/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports.build = buildAssets;
exports.default = buildAssets;
