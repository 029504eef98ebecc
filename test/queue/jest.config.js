/**
 * The queue-mode suite (npm run test:queue): n8n 2.40.7 as a main process, two workers and a webhook processor
 * over Redis and PostgreSQL, started by the suite itself (tools/n8n/queueStack.ts, configured from
 * tools/n8n/queue-mode.env). One file at a time: a stack takes ~2.5 GB and most of two cores while it starts.
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	preset: 'ts-jest',
	testEnvironment: 'node',
	testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
	maxWorkers: 1,
	testTimeout: 10 * 60 * 1000,
	slowTestThreshold: 120,
	verbose: true,
};
