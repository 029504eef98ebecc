import { spawn } from 'child_process';
import { readFileSync } from 'fs';
import { runtimeScript } from './paths';

/** The n8n `npm test` runs: the pin in scripts/n8n-runtime.sh, its one place. */
function pinnedN8nVersion(): string {
	const pin = /^PINNED_N8N_VERSION=(\S+)$/m.exec(readFileSync(runtimeScript, 'utf8'))?.[1];
	if (pin === undefined) throw new Error(`${runtimeScript} has no PINNED_N8N_VERSION= line`);
	return pin;
}

/** The n8n these tests run on: `N8N_VERSION` (as scripts/n8n-runtime.sh reads it), or the pinned one. */
export function n8nVersionUnderTest(): string {
	return process.env.N8N_VERSION || pinnedN8nVersion();
}

let cached: Promise<string> | undefined;

/**
 * Makes sure the real n8n runtime of n8nVersionUnderTest() is installed and returns its folder.
 * The first call on a machine installs it (minutes; progress goes to this process's stderr),
 * later calls return at once. The result is cached for the life of the test process.
 */
export function ensureRuntime(): Promise<string> {
	cached ??= runRuntimeScript().catch((error: unknown) => {
		cached = undefined; // let a later call try again
		throw error;
	});
	return cached;
}

function runRuntimeScript(): Promise<string> {
	return new Promise((resolve, reject) => {
		// stdout carries only the folder; stderr (progress) is streamed so a long install is visible.
		const child = spawn('bash', [runtimeScript], {
			stdio: ['ignore', 'pipe', 'inherit'],
			env: process.env,
		});
		let stdout = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk: string) => (stdout += chunk));
		child.on('error', (error) =>
			reject(new Error(`could not run ${runtimeScript}: ${error.message}`)),
		);
		child.on('close', (code) => {
			const dir = stdout.trim().split('\n').pop() ?? '';
			if (code === 0 && dir !== '') return resolve(dir);
			reject(
				new Error(
					`${runtimeScript} failed (exit code ${String(code)}); its messages above say why. ` +
						`The end-to-end tests need a real n8n ${n8nVersionUnderTest()} on Node 24, installed by that script.`,
				),
			);
		});
	});
}
