// n8n loads a node's icons and its codex (*.node.json: categories, documentation links) from beside the built
// .js file, and tsc copies neither, so they are copied into dist here.
const { src, dest } = require('gulp');

function copyIconsAndCodex() {
	return src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:icons'] = copyIconsAndCodex;
