/**
 * npm run scan: the analysis n8n runs before it verifies a community package (@n8n/scan-community-package), here,
 * on this repository: its source leg on what a clean checkout holds (the folder whose package.json has the package's
 * name, found as the scanner finds it), its tarball leg on the packed package.
 *
 * The scanner's CLI cannot run here: it fetches the published package, its provenance statement and the attested
 * commit from npm and GitHub, and it exits 0 even when a check fails. So this script imports the scanner's own
 * ESLint configuration (inline eslint-disable comments ignored, as n8n does) and file patterns, lints each leg,
 * and exits 1 on any finding, warnings included. Run `npm run build` first (the tarball holds dist/).
 *
 * `node scripts/scan.mjs`: both legs on this repository. `node scripts/scan.mjs source DIR`: the source leg on the
 * git checkout DIR; `node scripts/scan.mjs tarball DIR`: the tarball leg on an unpacked package in DIR.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	buildScanConfig,
	findPackageRoot,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

/** The scanner's tarball leg: the compiled JavaScript and package.json (scanner.mjs, analyzePackageByName). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];
/** The files each leg must find, so that a wrong folder cannot pass by linting nothing. */
const EXPECTED = {
	source: ['package.json', 'nodes/ArgosIdLiveness/ArgosIdLiveness.node.ts'],
	tarball: ['package.json', 'dist/nodes/ArgosIdLiveness/ArgosIdLiveness.node.js'],
};

// eslint-plugin-n8n-nodes-base judges file names differently when NODE_ENV is "test" (as under jest): it must
// judge these files as n8n's scanner does. It reads the variable when the scanner loads it, inside scan().
delete process.env.NODE_ENV;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = path.join(repoRoot, 'package');
const PACKAGE_NAME = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).name;
// The ESLint and file search the scanner itself uses (it pins its own versions), not the repository's.
const requireFromScanner = createRequire(
	import.meta.resolve('@n8n/scan-community-package/package.json'),
);
const { ESLint } = requireFromScanner('eslint');
const glob = requireFromScanner('fast-glob');

/** What a clean checkout of the working tree holds: tracked files and new ones git does not ignore (not deleted). */
function copyCleanCheckout(checkout, into) {
	const files = execFileSync(
		'git',
		['ls-files', '--cached', '--others', '--exclude-standard', '-z'],
		{
			cwd: checkout,
			encoding: 'utf8',
		},
	)
		.split('\0')
		.filter((file) => file !== '' && existsSync(path.join(checkout, file)));
	for (const file of files) {
		mkdirSync(path.dirname(path.join(into, file)), { recursive: true });
		cpSync(path.join(checkout, file), path.join(into, file));
	}
	return into;
}

/** `npm pack`, unpacked: exactly what `npm publish` would upload. */
function unpackTarball(into) {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', into], {
			cwd: packageDir,
			encoding: 'utf8',
		}),
	);
	const dir = path.join(into, 'package');
	execFileSync('tar', ['-xzf', path.join(into, packed.filename), '-C', into]);
	return dir;
}

/** Lints one leg as the scanner does (analyzePackage), and returns the number of findings. */
async function scan(leg, dir, patterns) {
	const files = glob.sync(patterns, {
		cwd: dir,
		ignore: ['node_modules/**', '**/package-lock.json'],
	});
	const missing = EXPECTED[leg].filter((file) => !files.includes(file));
	if (missing.length > 0) {
		console.error(`${leg}: ${missing.join(', ')} not found in ${dir}; nothing to vouch for`);
		return 1;
	}
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: await buildScanConfig(),
	});
	const results = await eslint.lintFiles(files.map((file) => path.join(dir, file)));
	const findings = results.reduce(
		(sum, result) => sum + result.errorCount + result.warningCount,
		0,
	);
	if (findings > 0) console.error((await eslint.loadFormatter('stylish')).format(results));
	console.log(
		`${leg}: ${files.length} files, ${findings === 0 ? 'no findings' : `${findings} findings`}`,
	);
	return findings;
}

async function main([leg, dir]) {
	if (leg === undefined)
		return (
			(await main(['source', repoRoot])) +
			(await scan('tarball', unpackTarball(work), TARBALL_FILE_PATTERNS))
		);
	if (leg === 'source') {
		const checkout = copyCleanCheckout(path.resolve(dir), path.join(work, 'source'));
		// As the scanner does: the folder of the checkout whose package.json has the package's name.
		const root = findPackageRoot(checkout, PACKAGE_NAME);
		if (root === null) {
			console.error(`source: no package.json named ${PACKAGE_NAME} in ${dir}`);
			return 1;
		}
		return scan('source', root, SOURCE_FILE_PATTERNS);
	}
	if (leg === 'tarball') return scan('tarball', path.resolve(dir), TARBALL_FILE_PATTERNS);
	console.error('usage: node scripts/scan.mjs [source CHECKOUT | tarball UNPACKED_PACKAGE]');
	return 1;
}

const work = mkdtempSync(path.join(tmpdir(), 'argos-scan-'));
try {
	process.exitCode = (await main(process.argv.slice(2))) === 0 ? 0 : 1;
} finally {
	rmSync(work, { recursive: true, force: true });
}
