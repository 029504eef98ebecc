/**
 * npm run dev: the real n8n with its editor on http://localhost:5678, this package loaded from dist/ (rebuilt and
 * hot-reloaded on change), an Argos credential pointing at the local emulator (port 8787) and the examples imported.
 * `npm run dev -- --port 5690 --emulator-port 8790` (or DEV_N8N_PORT, DEV_EMULATOR_PORT) sets the ports; left unset,
 * a taken one is replaced by the next free one. Ctrl-C stops everything.
 */
import { spawn } from 'child_process';
import { mkdirSync, rmSync, symlinkSync } from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';

import { startEmulator } from '../emulator';
import { writeSampleImages } from '../emulator/sampleImages';
import { createN8nHome } from '../tools/n8n/n8nHome';
import { startN8n } from '../tools/n8n/n8nProcess';
import { E2E_OWNER, N8nRestClient } from '../tools/n8n/n8nRest';
import {
	EMULATOR_API_KEY,
	exampleFiles,
	PACKAGE_NAME,
	packageDir,
	readExample,
	seedArgosHome,
} from '../tools/argos-stack/argosStack';
import {
	choosePort,
	EDITOR_PORT,
	EMULATOR_PORT,
	PortSettingError,
	requestedPort,
	type DevPort,
} from '../tools/argos-stack/devPorts';
import { repoRoot } from '../tools/n8n/paths';

const USAGE = `Usage: npm run dev -- [${EDITOR_PORT.flag} ${EDITOR_PORT.preferred}] [${EMULATOR_PORT.flag} ${EMULATOR_PORT.preferred}]
  (or the environment variables ${EDITOR_PORT.env} and ${EMULATOR_PORT.env})`;

/** The editor's and the emulator's ports, from the command line and the environment, checked free. */
async function choosePorts(): Promise<{ editor: number; emulator: number }> {
	const { values } = parseArgs({
		options: {
			port: { type: 'string' },
			'emulator-port': { type: 'string' },
			help: { type: 'boolean' },
		},
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const choose = async (port: DevPort, flagValue: string | undefined, taken: number[] = []) => {
		const chosen = await choosePort(port, requestedPort(port, flagValue, process.env), taken);
		if (chosen.note) console.log(chosen.note);
		return chosen.port;
	};
	const editor = await choose(EDITOR_PORT, values.port);
	return { editor, emulator: await choose(EMULATOR_PORT, values['emulator-port'], [editor]) };
}

/**
 * n8n hot-reloads a custom folder's node_modules entries (with NODE_ENV=development and N8N_DEV_RELOAD=true),
 * so dist/ is linked in as a package there.
 */
function linkDistAsCustomExtension(): string {
	const customDir = path.join(repoRoot, '.cache', 'dev', 'custom');
	rmSync(customDir, { recursive: true, force: true });
	mkdirSync(path.join(customDir, 'node_modules'), { recursive: true });
	symlinkSync(path.join(packageDir, 'dist'), path.join(customDir, 'node_modules', PACKAGE_NAME));
	return customDir;
}

async function main(): Promise<void> {
	const ports = await choosePorts();
	await writeSampleImages(path.join(repoRoot, 'samples'));
	const emulator = await startEmulator({
		apiKey: EMULATOR_API_KEY,
		port: ports.emulator,
		log: (line) => console.log(`[emulator] ${line}`),
	});
	const home = await createN8nHome({
		customExtensionsDir: linkDistAsCustomExtension(),
		port: ports.editor,
		env: { NODE_ENV: 'development', N8N_DEV_RELOAD: 'true' },
	});
	await seedArgosHome(home, emulator, { workflows: exampleFiles().map(readExample) });
	const n8n = await startN8n({ home });
	await N8nRestClient.signIn(n8n.baseUrl);

	// tsc rebuilds dist/ on every change; n8n reloads the nodes from there.
	const watcher = spawn(
		path.join(repoRoot, 'node_modules', '.bin', 'tsc'),
		['-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'],
		{
			cwd: packageDir,
			stdio: 'inherit',
		},
	);

	console.log(`
n8n editor:      http://localhost:${ports.editor}   (sign in as ${E2E_OWNER.email} / ${E2E_OWNER.password})
Argos emulator:  ${emulator.url}   (key "${EMULATOR_API_KEY}"; the credential "Argos Identity (emulator)" uses it)
Examples:        ${exampleFiles().join(', ')}
Sample images:   samples/ (upload them through the example forms)
n8n's log:       ${n8n.logFile}
Edit nodes/ or credentials/: dist/ is rebuilt and n8n reloads the nodes. Ctrl-C stops everything.
`);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n, the emulator and the watcher...');
		watcher.kill('SIGTERM');
		await n8n.stop();
		await emulator.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

void main().catch((error: unknown) => {
	// A port or flag the user set: the sentence that says what to change is enough, without a stack.
	const isSetting =
		error instanceof PortSettingError ||
		String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
	console.error(isSetting ? `${(error as Error).message}\n${USAGE}` : error);
	process.exit(1);
});
