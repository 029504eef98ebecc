import { existsSync, mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { getFreePort } from './freePort';
import { buildN8nEnv } from './n8nEnv';
import { runtimeLayout } from './paths';
import { ensureRuntime } from './runtime';

export interface N8nOptions {
	/** Folder of built `*.node.js` / `*.credentials.js` files (searched recursively); nodes load as `CUSTOM.<name>`. */
	customExtensionsDir?: string;
	/** Extra or overriding environment variables for every n8n process of this instance. */
	env?: Record<string, string>;
	/** The main HTTP port; a free one by default. Never 5679 (n8n's task broker default). */
	port?: number;
}

/**
 * One n8n instance's identity: a fresh user folder (its SQLite database, settings, binary data), a port and the
 * environment every process of it runs with. It exists before any server: CLI imports can run against it first.
 */
export interface N8nHome {
	runtimeDir: string;
	/** N8N_USER_FOLDER; n8n keeps its files in `<userFolder>/.n8n`. */
	userFolder: string;
	port: number;
	/** `http://127.0.0.1:<port>` */
	baseUrl: string;
	/** Where the server's stdout and stderr go. */
	logFile: string;
	/** Environment for n8n processes, without N8N_RUNNERS_BROKER_PORT (each process gets its own). */
	env: Record<string, string>;
	node: string;
	n8nBin: string;
}

/** Creates a fresh, empty n8n home in a new temp folder (the runtime is installed first if needed). */
export async function createN8nHome(options: N8nOptions = {}): Promise<N8nHome> {
	const runtimeDir = await ensureRuntime();
	if (options.port === 5679) throw new Error("port 5679 is n8n's task broker port; choose another");
	const port = options.port ?? (await getFreePort());
	return homeAt(runtimeDir, mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-')), port, options);
}

/** A home in a folder of the caller's choosing (which must exist), on a given port. */
export function homeAt(
	runtimeDir: string,
	userFolder: string,
	port: number,
	options: Pick<N8nOptions, 'customExtensionsDir' | 'env'> = {},
): N8nHome {
	const layout = runtimeLayout(runtimeDir);
	return {
		runtimeDir,
		userFolder,
		port,
		baseUrl: `http://127.0.0.1:${port}`,
		logFile: path.join(userFolder, 'n8n.log'),
		env: buildN8nEnv({
			userFolder,
			port,
			nodeBinDir: layout.nodeBinDir,
			hasMcpRegistry: existsSync(path.join(layout.n8nModulesDir, 'mcp-registry')),
			customExtensionsDir: options.customExtensionsDir,
			extra: options.env,
		}),
		node: layout.node,
		n8nBin: layout.n8nBin,
	};
}

/** Deletes a home's user folder (database, logs, ~50 MB of editor assets). Stop its server first. */
export function removeHome(home: N8nHome): void {
	rmSync(home.userFolder, { recursive: true, force: true });
}
