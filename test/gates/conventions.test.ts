/** Small conventions a reviewer at n8n checks: documentation links land, the lint keeps n8n's rule sets on the nodes. */
import { spawnSync } from 'child_process';
import { readFileSync } from 'fs';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..');
const packageDir = path.join(repoRoot, 'package');
const readJson = (file: string) =>
	JSON.parse(readFileSync(path.join(packageDir, file), 'utf8')) as Record<string, unknown>;
const packageJson = readJson('package.json') as { homepage: string };
const REPOSITORY_PAGE = packageJson.homepage.replace(/#readme$/, '');

/** The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
function githubAnchor(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

describe('codex documentation links (package/nodes/*/*.node.json)', () => {
	// The user guide: package/README.md, which the package's homepage shows and npm publishes.
	const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');
	const anchors = new Set([
		'readme', // GitHub's anchor for the README on the repository page
		...[...readme.matchAll(/^#{1,6} (.+)$/gm)].map((match) => githubAnchor(match[1])),
	]);
	const codexFiles = [
		'nodes/ArgosIdLiveness/ArgosIdLiveness.node.json',
		'nodes/ArgosIdLivenessTrigger/ArgosIdLivenessTrigger.node.json',
	];

	it.each(codexFiles)('%s: every link into the README lands on a heading', (file) => {
		const resources = readJson(file).resources as Record<string, Array<{ url: string }>>;
		const links = Object.values(resources)
			.flat()
			.map(({ url }) => url)
			.filter((url) => url.startsWith(`${REPOSITORY_PAGE}#`));
		expect(links.length).toBeGreaterThan(0);
		for (const link of links) expect(anchors).toContain(link.split('#')[1]);
		expect(links).toContain(`${REPOSITORY_PAGE}#credential-argos-identity-api`);
	});

	it('every link inside the README lands on one of its headings', () => {
		const internal = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
		expect(internal.length).toBeGreaterThan(5);
		expect(internal.filter((anchor) => !anchors.has(anchor))).toEqual([]);
	});

	it("links between the user guide and the workshop's README land on headings, both ways", () => {
		const workshop = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
		const workshopAnchors = new Set(
			[...workshop.matchAll(/^#{1,6} (.+)$/gm)].map((match) => githubAnchor(match[1])),
		);
		const intoWorkshop = [...readme.matchAll(/\]\(\.\.\/README\.md#([^)]+)\)/g)].map(
			(match) => match[1],
		);
		const intoGuide = [...workshop.matchAll(/\]\(package\/README\.md#([^)]+)\)/g)].map(
			(match) => match[1],
		);
		expect(intoWorkshop.length).toBeGreaterThan(0);
		expect(intoGuide.length).toBeGreaterThan(0);
		expect(intoWorkshop.filter((anchor) => !workshopAnchors.has(anchor))).toEqual([]);
		expect(intoGuide.filter((anchor) => !anchors.has(anchor))).toEqual([]);
	});

	it('GitHub anchors are computed as GitHub does', () => {
		expect(githubAnchor('Credential: Argos Identity API')).toBe('credential-argos-identity-api');
		expect(githubAnchor("n8n's checks")).toBe('n8ns-checks');
		expect(githubAnchor('Scores, risk bands and the verdict')).toBe(
			'scores-risk-bands-and-the-verdict',
		);
	});
});

describe('npm run lint: n8n-node lint in package/, the workshop configuration elsewhere', () => {
	type Severity = 0 | 1 | 2 | 'off' | 'warn' | 'error';
	const isOn = (setting: Severity | [Severity, ...unknown[]] | undefined) => {
		const severity = Array.isArray(setting) ? setting[0] : setting;
		return severity !== undefined && severity !== 0 && severity !== 'off';
	};
	/** The rules ESLint applies to a file when run from `cwd`, as `eslint --print-config` resolves them. */
	function rulesOn(file: string, cwd = packageDir): Set<string> {
		const run = spawnSync(
			process.execPath,
			[path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--print-config', file],
			{ cwd, encoding: 'utf8', timeout: 60_000 },
		);
		const { rules } = JSON.parse(run.stdout) as { rules: Record<string, Severity> };
		return new Set(Object.keys(rules).filter((rule) => isOn(rules[rule])));
	}
	// The plugin as n8n's own CLI (and its scanner) loads it.
	const n8nNodesBase = require(
		require.resolve('eslint-plugin-n8n-nodes-base', {
			paths: [path.join(repoRoot, 'node_modules', '@n8n', 'node-cli')],
		}),
	) as { configs: Record<string, { rules: Record<string, Severity> }> };
	const ruleSet = (name: string) => Object.keys(n8nNodesBase.configs[name].rules);
	/** What n8n's config and scanner turn off for community packages (node-cli's configs/eslint.js). */
	const OFF_FOR_COMMUNITY_PACKAGES = [
		'n8n-nodes-base/node-class-description-inputs-wrong-regular-node',
		'n8n-nodes-base/node-class-description-outputs-wrong',
		'n8n-nodes-base/node-param-type-options-max-value-present',
		'n8n-nodes-base/cred-class-field-documentation-url-miscased',
		'n8n-nodes-base/cred-class-field-type-options-password-missing',
	];
	const expectRuleSet = (file: string, setName: string) => {
		const on = rulesOn(file);
		const expected = ruleSet(setName).filter((rule) => !OFF_FOR_COMMUNITY_PACKAGES.includes(rule));
		expect(expected.length).toBeGreaterThan(10);
		expect(expected.filter((rule) => !on.has(rule))).toEqual([]);
		return on;
	};

	it("applies eslint-plugin-n8n-nodes-base's node rules and n8n's community-node rules to the nodes", () => {
		const on = expectRuleSet('nodes/ArgosIdLiveness/ArgosIdLiveness.node.ts', 'nodes');
		expect(on).toContain('@n8n/community-nodes/webhook-lifecycle-complete');
		expect(on).toContain('@n8n/community-nodes/no-restricted-globals');
		expect(on).toContain('no-console');
	});

	it('applies the credential rules to the credential and the community rules to package.json', () => {
		expectRuleSet('credentials/ArgosIdentityApi.credentials.ts', 'credentials');
		expectRuleSet('package.json', 'community');
	});

	it("package/eslint.config.mjs is n8n's template word for word, and n8n-node cloud-support says eligible", () => {
		const template = readFileSync(
			path.join(
				repoRoot,
				'node_modules/@n8n/node-cli/dist/template/templates/shared/default/eslint.config.mjs',
			),
			'utf8',
		);
		expect(readFileSync(path.join(packageDir, 'eslint.config.mjs'), 'utf8')).toBe(template);
		expect(readJson('package.json')).toMatchObject({ n8n: { strict: true } });
		const run = spawnSync(
			process.execPath,
			[path.join(repoRoot, 'node_modules/@n8n/node-cli/bin/n8n-node.mjs'), 'cloud-support'],
			// Plain text: n8n's CLI colours its output when CI is set.
			{
				cwd: packageDir,
				encoding: 'utf8',
				timeout: 60_000,
				env: { ...process.env, NO_COLOR: '1' },
			},
		);
		expect(run.stdout).toContain('eligible for n8n Cloud verification');
		expect(run.stdout).not.toContain('NOT eligible');
	});

	it('lints the workshop with its own rules, without the community-node rules (it never ships)', () => {
		const on = rulesOn('tools/n8n/n8nProcess.ts', repoRoot);
		expect([...on].filter((rule) => rule.startsWith('@n8n/community-nodes/'))).toEqual([]);
		expect(on).toContain('@typescript-eslint/no-unused-vars');
		expect(on).toContain('import-x/no-restricted-paths');
	});
});
