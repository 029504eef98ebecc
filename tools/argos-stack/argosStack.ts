import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { importCredentials, importWorkflow } from '../n8n/n8nCli';
import { createN8nHome, removeHome, type N8nHome } from '../n8n/n8nHome';
import { startN8n, type RunningN8n } from '../n8n/n8nProcess';
import { N8nRestClient } from '../n8n/n8nRest';
import { repoRoot } from '../n8n/paths';

export const PACKAGE_NAME = 'n8n-nodes-argos-id-liveness';
/** The published package's own folder (its package.json, nodes/, credentials/, dist/). */
export const packageDir = path.join(repoRoot, 'package');
export const EMULATOR_API_KEY = 'emulator-key';
/** The credential every example refers to; a user picks their own after importing. */
export const EXAMPLE_CREDENTIAL = {
	id: 'ArgosEmulator001',
	name: 'Argos Identity (emulator)',
} as const;

export interface PackedPackage {
	tarball: string;
	/** Paths inside the tarball, e.g. `package/dist/nodes/...`. */
	files: string[];
	/** The tarball's `package/` folder, unpacked: what a self-hoster puts in N8N_CUSTOM_EXTENSIONS. */
	extensionDir: string;
}

/** `npm pack` of the built package (run `npm run build` first), unpacked the way a self-hoster loads a private node. */
export function packPackage(): PackedPackage {
	const workDir = mkdtempSync(path.join(os.tmpdir(), 'argos-pack-'));
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--pack-destination', workDir], {
			cwd: packageDir,
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'pipe'],
		}),
	) as Array<{ filename: string; files: Array<{ path: string }> }>;
	const tarball = path.join(workDir, packed.filename);
	const extensionsRoot = path.join(workDir, 'extensions');
	mkdirSync(extensionsRoot);
	execFileSync('tar', ['-xzf', tarball, '-C', extensionsRoot]);
	return {
		tarball,
		files: packed.files.map((file) => `package/${file.path}`),
		extensionDir: path.join(extensionsRoot, 'package'),
	};
}

/** Example workflows name the nodes as installed from npm; loaded from a custom folder they are `CUSTOM.*`. */
export function asCustomNodes<T>(workflow: T): T {
	return JSON.parse(JSON.stringify(workflow).split(`"${PACKAGE_NAME}.`).join('"CUSTOM.')) as T;
}

export function readExample(fileName: string): Record<string, unknown> {
	return JSON.parse(readFileSync(path.join(repoRoot, 'examples', fileName), 'utf8')) as Record<
		string,
		unknown
	>;
}

export function exampleFiles(): string[] {
	return readdirSync(path.join(repoRoot, 'examples')).filter((name) => name.endsWith('.json'));
}

export interface ArgosStackOptions {
	emulator?: EmulatorOptions;
	/** Stored on the Argos credential: callback URLs get signed and the trigger verifies them. */
	callbackSecret?: string;
	/** Imported (inactive, types rewritten to CUSTOM.*) before n8n starts; their ids come back in the same order. */
	workflows?: Array<Record<string, unknown>>;
	/** Extra environment for n8n. */
	env?: Record<string, string>;
	port?: number;
}

export interface ArgosStack {
	packed: PackedPackage;
	emulator: Emulator;
	n8n: RunningN8n;
	rest: N8nRestClient;
	workflowIds: string[];
	/**
	 * Stops n8n and starts it again on the same folder, database and port (`n8n` and `rest` are replaced). n8n gets
	 * `graceMs` after SIGTERM to finish running executions before SIGKILL; 'kill': SIGKILL alone, as in a crash.
	 */
	restart(graceMs?: number | 'kill'): Promise<void>;
	stop(): Promise<void>;
}

/**
 * Before n8n starts: the example credential pointing at the emulator, and the workflows (as CUSTOM.* nodes).
 * Returns the workflows' ids in order.
 */
export async function seedArgosHome(
	home: N8nHome,
	emulator: Emulator,
	options: Pick<ArgosStackOptions, 'callbackSecret' | 'workflows'> = {},
): Promise<string[]> {
	await importCredentials(home, [
		{
			...EXAMPLE_CREDENTIAL,
			type: 'argosIdentityApi',
			data: {
				apiKey: EMULATOR_API_KEY,
				baseUrl: emulator.url,
				callbackSecret: options.callbackSecret ?? '',
			},
		},
	]);
	const workflowIds: string[] = [];
	for (const workflow of options.workflows ?? [])
		workflowIds.push(await importWorkflow(home, asCustomNodes(workflow)));
	return workflowIds;
}

/**
 * The packed package loaded into a real n8n from a custom folder, an Argos credential pointing at the emulator,
 * both on loopback with fresh folders. `stop()` ends n8n's whole process tree and the emulator.
 */
export async function startArgosStack(options: ArgosStackOptions = {}): Promise<ArgosStack> {
	const packed = packPackage();
	const emulator = await startEmulator({ apiKey: EMULATOR_API_KEY, ...options.emulator });
	try {
		const home = await createN8nHome({
			customExtensionsDir: packed.extensionDir,
			env: options.env,
			port: options.port,
		});
		const workflowIds = await seedArgosHome(home, emulator, options);
		const n8n = await startN8n({ home });
		const stack: ArgosStack = {
			packed,
			emulator,
			n8n,
			rest: await N8nRestClient.signIn(n8n.baseUrl),
			workflowIds,
			async restart(graceMs) {
				if (graceMs === 'kill') await stack.n8n.kill();
				else await stack.n8n.stop(graceMs);
				stack.n8n = await startN8n({ home: stack.n8n });
				stack.rest = await N8nRestClient.signIn(stack.n8n.baseUrl);
			},
			/** Ends n8n's process tree and the emulator, and deletes the n8n home and the unpacked package. */
			async stop() {
				await stack.n8n.stop();
				await emulator.close();
				removeHome(stack.n8n);
				rmSync(path.dirname(packed.tarball), { recursive: true, force: true });
			},
		};
		return stack;
	} catch (error) {
		await emulator.close();
		throw error;
	}
}
