// The workshop's lint. The package (package/) is linted in its own folder by n8n's `n8n-node lint` with n8n's
// default configuration, unchanged, as n8n Cloud requires; `npm run lint` runs both. Here:
// - the workshop (tests, tools, emulator, scripts, benchmarks) gets ESLint's and typescript-eslint's recommended
//   rules; it runs under Node and never ships, so n8n's community-node rules (no fs, process, timers...) do not apply;
// - every TypeScript file, the package's included, gets the import direction of docs/ARCHITECTURE.md.
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import { globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

const WORKSHOP = ['test', 'tools', 'emulator', 'scripts', 'benchmarks'];
const NODES = './package/nodes';

export default tseslint.config(
	globalIgnores(['**/dist', '**/node_modules', '.cache', 'coverage', 'samples']),
	{
		files: WORKSHOP.map((folder) => `${folder}/**/*.{ts,mjs}`),
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			// TypeScript's own convention (noUnusedParameters): an underscore marks a parameter kept for its position.
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
			// Tests read JSON bodies of any shape, and require() a module afresh inside jest.isolateModules.
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-require-imports': 'off',
		},
	},
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser },
		plugins: { 'import-x': importX },
		settings: { 'import-x/resolver-next': [createTypeScriptImportResolver()] },
		rules: {
			'import-x/no-restricted-paths': [
				'error',
				{
					zones: [
						{
							target: './package',
							from: WORKSHOP.map((folder) => `./${folder}`),
							message: 'The package ships alone: it imports nothing from the workshop.',
						},
						{
							target: WORKSHOP.filter((folder) => folder !== 'test').map((folder) => `./${folder}`),
							from: './test',
							message: 'Nothing imports from test/.',
						},
						{
							target: './tools/n8n',
							from: ['./tools/argos-stack', './package', './emulator'],
							message:
								'tools/n8n is the generic real-n8n kit: it knows nothing of this package (that is tools/argos-stack/).',
						},
						{
							target: `${NODES}/ArgosIdLiveness`,
							from: `${NODES}/ArgosIdLivenessTrigger`,
							message:
								'The action node and the trigger share code through resultsAndCallbacks/ only.',
						},
						{
							target: `${NODES}/ArgosIdLivenessTrigger`,
							from: `${NODES}/ArgosIdLiveness`,
							message:
								'The action node and the trigger share code through resultsAndCallbacks/ only.',
						},
						{
							target: `${NODES}/resultsAndCallbacks`,
							from: [`${NODES}/ArgosIdLiveness`, `${NODES}/ArgosIdLivenessTrigger`],
							message: 'resultsAndCallbacks/ is shared by both nodes and imports neither.',
						},
					],
				},
			],
		},
	},
);
