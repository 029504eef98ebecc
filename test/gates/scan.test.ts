/**
 * scripts/scan.mjs (npm run scan): n8n's scanner analysis, failing on any finding. These tests give it code that n8n's
 * scanner refuses, so a scan that stopped looking (wrong folder, inline disables honoured, exit code lost) fails here.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');
const TRIGGER = 'package/nodes/ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node.ts';

let work: string;
beforeEach(() => {
	work = mkdtempSync(path.join(tmpdir(), 'scan-test-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function scan(...args: string[]): { status: number | null; output: string } {
	const run = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'scan.mjs'), ...args], {
		encoding: 'utf8',
		timeout: 120_000,
	});
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A git checkout of this repository's package sources (what the scanner's source leg reads), laid out as here. */
function checkoutCopy(): string {
	const dir = path.join(work, 'checkout');
	for (const entry of [
		'package.json',
		'package/package.json',
		'package/nodes',
		'package/credentials',
	])
		cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
	spawnSync('git', ['init', '-q'], { cwd: dir });
	return dir;
}

describe('npm run scan, source leg', () => {
	it('passes on the package as it is', () => {
		// Under jest (NODE_ENV=test), as in a shell.
		expect(scan('source', checkoutCopy())).toMatchObject({ status: 0 });
	});

	it('fails on a node with webhooks and no webhookMethods, even with an inline eslint-disable', () => {
		const dir = checkoutCopy();
		const file = path.join(dir, TRIGGER);
		const withoutLifecycle = readFileSync(file, 'utf8')
			.replace(/\n[^\n]*\n\twebhookMethods = \{[\s\S]*?\n\t\};\n/, '\n')
			.replace(
				'export class',
				'// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete\nexport class',
			);
		expect(withoutLifecycle).not.toContain('webhookMethods');
		writeFileSync(file, withoutLifecycle);

		const { status, output } = scan('source', dir);
		expect(status).toBe(1);
		expect(output).toContain('@n8n/community-nodes/webhook-lifecycle-complete');
	});

	it('fails when it finds no package to scan', () => {
		mkdirSync(path.join(work, 'empty'));
		spawnSync('git', ['init', '-q'], { cwd: path.join(work, 'empty') });
		expect(scan('source', path.join(work, 'empty')).status).toBe(1);
	});
});

describe('npm run scan, tarball leg', () => {
	it('fails on compiled code that n8n Cloud refuses (console, process)', () => {
		const dir = path.join(work, 'package');
		const node = path.join(dir, 'dist/nodes/ArgosIdLiveness/ArgosIdLiveness.node.js');
		mkdirSync(path.dirname(node), { recursive: true });
		cpSync(path.join(repoRoot, 'package', 'package.json'), path.join(dir, 'package.json'));
		writeFileSync(node, 'console.log(process.env.ARGOS_KEY);\n');

		const { status, output } = scan('tarball', dir);
		expect(status).toBe(1);
		expect(output).toContain('no-console');
		expect(output).toContain('@n8n/community-nodes/no-restricted-globals');
	});
});
