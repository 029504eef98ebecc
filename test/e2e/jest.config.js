/**
 * End-to-end tests against a real n8n process (npx jest -c test/e2e/jest.config.js).
 * One file at a time: each starts an n8n of ~0.5 GB and ports and CPU are shared. No globalSetup: the support code
 * installs the runtime on first use (scripts/n8n-runtime.sh), and each suite builds what it needs.
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/e2e/**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	maxWorkers: 1,
	// A first run installs n8n (minutes); a start takes ~10-30 s; workflows wait on webhooks.
	testTimeout: 10 * 60 * 1000,
	slowTestThreshold: 120,
	verbose: true,
};
