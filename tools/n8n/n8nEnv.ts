/** A fixed key, so credentials imported by the CLI and read by the server decrypt alike (and runs are reproducible). */
const E2E_ENCRYPTION_KEY = 'n8n-nodes-argos-id-liveness-e2e-encryption-key';

/** Variables taken over from the test process; everything else (jest's NODE_ENV=test, a developer's N8N_*) stays out. */
const inherited = ['HOME', 'TMPDIR', 'LANG', 'LC_ALL', 'TERM'];

interface N8nEnvInput {
	userFolder: string;
	port: number;
	nodeBinDir: string;
	/** Whether this n8n has the mcp-registry module (n8n 2.38 has it, 2.20 not). */
	hasMcpRegistry: boolean;
	customExtensionsDir?: string;
	/** Last word: overrides any variable set here. */
	extra?: Record<string, string>;
}

/**
 * The environment of every n8n process of one instance (server and CLI), apart from the task broker port,
 * which each process needs for itself (see withBrokerPort).
 */
export function buildN8nEnv(input: N8nEnvInput): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of inherited) {
		const value = process.env[name];
		if (value !== undefined) env[name] = value;
	}
	const baseUrl = `http://127.0.0.1:${input.port}`;
	Object.assign(env, {
		// n8n spawns its JavaScript task runner as plain `node` from PATH: it must find Node 24 first.
		PATH: `${input.nodeBinDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		// n8n refuses to load nodes when NODE_ENV is 'test' (jest sets it).
		NODE_ENV: 'production',
		N8N_USER_FOLDER: input.userFolder,
		N8N_PORT: String(input.port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		// Production, test and waiting webhook URLs (and $execution.resumeUrl) are built from this.
		// (2.40 still reads the older WEBHOOK_URL too, but logs it as deprecated.)
		N8N_WEBHOOK_URL: `${baseUrl}/`,
		N8N_EDITOR_BASE_URL: `${baseUrl}/`,
		N8N_ENCRYPTION_KEY: E2E_ENCRYPTION_KEY,
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		// Offline and quiet: nothing phones home.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		// Task runners in-process ("internal"), broker on loopback; the Python runner is absent (one warning).
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		// The node under test calls a local emulator on 127.0.0.1: keep n8n's SSRF guard off (its default).
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		// Keep every execution, including manual ones, so tests can read them back.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		N8N_LOG_LEVEL: 'info',
	});
	// This module fetches a catalogue from api.n8n.io at start and logs long stack traces when offline. An n8n
	// without it refuses to start when it is named ('Unknown module "mcp-registry"', n8n 2.0.3 and 2.20.12).
	if (input.hasMcpRegistry) env.N8N_DISABLED_MODULES = 'mcp-registry';
	if (input.customExtensionsDir !== undefined)
		env.N8N_CUSTOM_EXTENSIONS = input.customExtensionsDir;
	return { ...env, ...input.extra };
}

/** The same environment with the task broker on its own port (two n8n processes of one instance must not share it). */
export function withBrokerPort(
	env: Record<string, string>,
	brokerPort: number,
): Record<string, string> {
	return { ...env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) };
}
