import { readFileSync } from 'fs';

import { parseEnvFile, QUEUE_ENV_FILE } from '../../tools/argos-stack/queueStack';

describe('parseEnvFile', () => {
	it('reads KEY=VALUE lines as they are, skipping comments and blank lines', () => {
		expect(parseEnvFile('# a comment\n\nA=1\n  B=x=y  \nC=\n')).toEqual({
			A: '1',
			B: 'x=y',
			C: '',
		});
	});

	it('refuses a line that is not KEY=VALUE, quoting it', () => {
		expect(() => parseEnvFile('A=1\nexport B\n')).toThrow('not KEY=VALUE: "export B"');
		expect(() => parseEnvFile('=1')).toThrow('not KEY=VALUE: "=1"');
	});
});

describe('queue-mode.env, the environment file users copy and the queue suite loads', () => {
	const env = parseEnvFile(readFileSync(QUEUE_ENV_FILE, 'utf8'));

	it('configures queue mode over Redis and PostgreSQL, binary data in the database, manual runs on workers', () => {
		expect(env).toMatchObject({
			EXECUTIONS_MODE: 'queue',
			DB_TYPE: 'postgresdb',
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		});
		expect(env.QUEUE_BULL_REDIS_HOST).toBeDefined();
		expect(env.N8N_ENCRYPTION_KEY.length).toBeGreaterThanOrEqual(32);
	});

	it('sends webhook and resume URLs to the webhook processor, not the editor', () => {
		expect(env.N8N_WEBHOOK_URL).not.toBe(env.N8N_EDITOR_BASE_URL);
		expect(env).not.toHaveProperty('WEBHOOK_URL');
	});

	it('keeps what differs per process out of the shared file', () => {
		for (const perProcess of [
			'N8N_PORT',
			'N8N_USER_FOLDER',
			'N8N_RUNNERS_BROKER_PORT',
			'QUEUE_HEALTH_CHECK_PORT',
			'N8N_DISABLE_PRODUCTION_MAIN_PROCESS',
		])
			expect(env).not.toHaveProperty(perProcess);
	});
});
