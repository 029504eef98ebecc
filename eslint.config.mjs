// n8n's own configuration for community nodes (`n8n-node lint`), unchanged for the package: nodes/, credentials/ and
// package.json get @n8n/eslint-plugin-community-nodes and eslint-plugin-n8n-nodes-base's rule sets, as n8n's
// scanner applies them to the published code (npm run scan). The development code (tests, emulator, tools,
// scripts, benchmarks) never ships and runs under Node, not inside n8n: the community-node rules, which forbid
// what n8n Cloud forbids in nodes (fs, process, timers, console...), are off there; TypeScript's rules stay on.
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { config } from '@n8n/node-cli/eslint';

const communityNodeRulesOff = Object.fromEntries(
	Object.keys(n8nCommunityNodesPlugin.rules).map((rule) => [`@n8n/community-nodes/${rule}`, 'off']),
);

export default [
	...config,
	{ ignores: ['.cache/**', 'coverage/**', 'samples/**'] },
	{
		files: [
			'test/**/*.ts',
			'emulator/**/*.ts',
			'tools/**/*.ts',
			'scripts/**/*.ts',
			'benchmarks/**/*.ts',
		],
		rules: {
			...communityNodeRulesOff,
			'no-console': 'off',
			// TypeScript's own convention (noUnusedParameters): an underscore marks a parameter kept for its position.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// Tests read JSON bodies of any shape; the benchmark requires the built dist/ (what users run).
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
];
