/**
 * The queue-mode suite (npm run test:queue): n8n 2.40.7 as a main process, two workers and a webhook processor
 * over Redis and PostgreSQL, started by the suite itself (tools/argos-stack/queueStack.ts, configured from
 * tools/argos-stack/queue-mode.env). Settings as the e2e suite's: one file at a time (a stack takes ~2.5 GB and most of
 * two cores while it starts), 10 minutes per test.
 */
module.exports = {
	...require('../e2e/jest.config.js'),
	testMatch: ['<rootDir>/test/queue/**/*.queue.test.ts'],
};
