/**
 * Publishing happens only from .github/workflows/publish.yml: npm trusted publishing with a provenance statement,
 * which n8n requires of every community node it verifies. Provenance itself cannot be made outside GitHub Actions,
 * so these tests check the two things that keep every other way shut: npm refuses to publish this package without
 * a provenance statement (package.json publishConfig.provenance, tried against a registry on loopback), and the
 * workflow publishes only from a version tag, after the tests, with an OIDC token and no stored npm token.
 */
import { spawn } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '..', '..');
const workflowsDir = path.join(repoRoot, '.github', 'workflows');

type Workflow = {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<
		string,
		{
			needs?: string | string[];
			uses?: string;
			permissions?: Record<string, string>;
			steps?: Array<{
				run?: string;
				uses?: string;
				env?: Record<string, string>;
				'working-directory'?: string;
			}>;
		}
	>;
};
const readWorkflow = (file: string) =>
	parse(readFileSync(path.join(workflowsDir, file), 'utf8')) as Workflow;

/** A registry on loopback that records what reaches it and accepts every publish. */
async function startRegistry(): Promise<{ url: string; puts: string[]; close(): Promise<void> }> {
	const puts: string[] = [];
	const server = http.createServer((request, response) => {
		if (request.method === 'PUT') puts.push(request.url ?? '');
		request.resume();
		request.on('end', () => {
			response.writeHead(request.method === 'GET' ? 404 : 200, {
				'content-type': 'application/json',
			});
			response.end('{}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/`,
		puts,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

/** `npm publish` of this repository to that registry, with a token for it, as a maintainer would try it. */
function npmPublish(
	registry: string,
	env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
	const host = registry.replace(/^http:/, '');
	return new Promise((resolve) => {
		const child = spawn(
			'npm',
			['publish', '--registry', registry, `--${host}:_authToken=not-a-real-token`],
			{
				cwd: path.join(repoRoot, 'package'),
				env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
			},
		);
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => resolve({ code, output }));
	});
}

describe('npm publish outside the publish workflow', () => {
	let registry: Awaited<ReturnType<typeof startRegistry>>;
	beforeAll(async () => (registry = await startRegistry()));
	afterAll(async () => await registry.close());

	it('is refused on a workstation: npm cannot make the provenance statement', async () => {
		const { code, output } = await npmPublish(registry.url, {});
		expect(code).not.toBe(0);
		expect(output).toMatch(/provenance generation not supported/i);
		expect(registry.puts).toEqual([]);
	});

	it('is refused in a GitHub Actions job without the id-token permission', async () => {
		const { code, output } = await npmPublish(registry.url, { GITHUB_ACTIONS: 'true' });
		expect(code).not.toBe(0);
		expect(output).toMatch(/requires "write" access to the "id-token" permission/);
		expect(registry.puts).toEqual([]);
	});
});

describe('.github/workflows/publish.yml', () => {
	const workflow = readWorkflow('publish.yml');

	it('runs only for a pushed version tag', () => {
		expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
	});

	it("checks the tag against the package's package.json, then runs the CI tests, then publishes it", () => {
		const { version, test, publish } = workflow.jobs;
		expect(
			version.steps?.some((step) =>
				step.run?.includes("require('./package/package.json').version"),
			),
		).toBe(true);
		expect(test).toMatchObject({ needs: 'version', uses: './.github/workflows/ci.yml' });
		expect(publish.needs).toBe('test');
		expect(publish.steps?.at(-1)).toMatchObject({
			'working-directory': 'package',
			run: 'npm publish --provenance --access public',
		});
	});

	it('publishes with an OIDC token (trusted publishing), granted to the publish job only', () => {
		expect(workflow.permissions).toEqual({ contents: 'read' });
		expect(workflow.jobs.publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	});

	it('no workflow holds or passes an npm token, and only publish.yml publishes', () => {
		for (const file of readdirSync(workflowsDir)) {
			const text = readFileSync(path.join(workflowsDir, file), 'utf8');
			expect(text).not.toMatch(/NODE_AUTH_TOKEN|NPM_TOKEN|_authToken|secrets\./);
			if (file !== 'publish.yml') expect(text).not.toMatch(/npm publish/);
		}
	});
});

describe('.github/workflows/ci.yml', () => {
	it("runs the README's test command on a clean checkout, and is what publish.yml calls", () => {
		const workflow = readWorkflow('ci.yml');
		expect(Object.keys(workflow.on)).toEqual(
			expect.arrayContaining(['push', 'pull_request', 'workflow_call']),
		);
		const runs = workflow.jobs.test.steps?.map((step) => step.run).filter(Boolean);
		expect(runs?.slice(-2)).toEqual(['npm ci', 'npm test']);
		expect(readFileSync(path.join(repoRoot, 'README.md'), 'utf8')).toContain('npm ci && npm test');
	});
});
