import { spawn } from 'child_process';
import { randomBytes } from 'crypto';
import { mkdirSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { getFreePort } from './freePort';
import { N8nHome } from './n8nHome';
import { withBrokerPort } from './n8nEnv';
import { extractExecutionJson, CliExecution } from './cliOutput';
import { signalGroup } from './processTree';

interface CliResult {
	exitCode: number | null;
	/** Set when the process died of a signal (then exitCode is null). */
	signal: NodeJS.Signals | null;
	/** stdout and stderr interleaved as written (n8n logs to stdout; --rawOutput JSON too). */
	output: string;
}

interface CliOptions {
	/** Extra environment for this one run. */
	env?: Record<string, string>;
	timeoutMs?: number;
}

/**
 * Runs `n8n <args>` with the runtime's Node 24, the home's user folder and environment.
 * Safe while that home's server runs: SQLite is in WAL mode, and the CLI gets its own task broker port.
 */
async function runN8nCli(
	home: N8nHome,
	args: string[],
	options: CliOptions = {},
): Promise<CliResult> {
	const timeoutMs = options.timeoutMs ?? 180_000;
	const env = { ...withBrokerPort(home.env, await getFreePort()), ...options.env };
	return new Promise((resolve, reject) => {
		const child = spawn(home.node, [home.n8nBin, ...args], {
			cwd: home.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // its own group: a timeout kills its task runner as well
		});
		let output = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
		const timer = setTimeout(() => {
			if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
			reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output}`));
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (exitCode, signal) => {
			clearTimeout(timer);
			// A CLI that crashed on its way out leaves its task runner behind: end whatever is left of its group.
			if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
			resolve({ exitCode, signal, output });
		});
	});
}

/** A credential as `n8n import:credentials` takes it; `data` is plain, n8n encrypts it with the home's key. */
interface CredentialToImport {
	/** Chosen here when absent, so workflows can refer to it. */
	id?: string;
	name: string;
	/** Credential type name, e.g. `argosIdentityApi` (custom credentials keep their plain name). */
	type: string;
	data: Record<string, unknown>;
}

/** Imports credentials (`n8n import:credentials`) owned by the instance owner; returns their ids in order. */
export async function importCredentials(
	home: N8nHome,
	credentials: CredentialToImport[],
): Promise<string[]> {
	const withIds = credentials.map((credential) => ({
		...credential,
		id: credential.id ?? newN8nId(),
	}));
	const file = writeImportFile(home, 'credentials', withIds);
	try {
		await runOrThrow(home, ['import:credentials', `--input=${file}`]);
	} finally {
		// It holds the secrets in plain text: n8n keeps them encrypted, nothing else may keep them at all.
		rmSync(file, { force: true });
	}
	return withIds.map((credential) => credential.id);
}

/**
 * Imports one workflow (`n8n import:workflow`) and returns its id. n8n prints no id, so one is set here when the
 * JSON has none. Imported workflows are always inactive (2.x ignores `active` outside queue mode): activate them
 * through the REST API of a running server.
 */
export async function importWorkflow(
	home: N8nHome,
	workflow: Record<string, unknown>,
): Promise<string> {
	const id = typeof workflow.id === 'string' && workflow.id !== '' ? workflow.id : newN8nId();
	const file = writeImportFile(home, 'workflow', { ...workflow, id });
	await runOrThrow(home, ['import:workflow', `--input=${file}`]);
	return id;
}

/**
 * Runs a stored workflow once (`n8n execute --id=ID --rawOutput`, mode "cli", from its Manual Trigger or other
 * start node) and returns the execution n8n printed. A failed run is returned too (status "error"), not thrown;
 * only output without an execution in it throws. Judge by `status`: the exit code is 0 or 1 to match, but the CLI
 * process now and then dies of SIGSEGV on its way out after printing (an isolated-vm thread still busy during exit,
 * see importEnv); then exitCode is null and `signal` says so. The run itself is complete and saved.
 */
export async function executeWorkflow(home: N8nHome, workflowId: string): Promise<CliExecution> {
	const result = await runN8nCli(home, ['execute', `--id=${workflowId}`, '--rawOutput']);
	const run = extractExecutionJson(result.output);
	if (run === undefined) {
		throw new Error(
			`n8n execute --id=${workflowId} printed no execution (exit code ${String(result.exitCode)}):\n${result.output}`,
		);
	}
	return { ...run, exitCode: result.exitCode, signal: result.signal, output: result.output };
}

/**
 * Why imports use the "legacy" expression engine: n8n 2.x evaluates expressions in isolated-vm isolates, and its
 * pool builds a fresh isolate on a background thread. When a short CLI command exits while that thread runs, the
 * process dies of SIGSEGV (seen in a core dump: an isolated-vm thread allocating during exit teardown). Imports
 * evaluate no expressions, so they skip the isolates. `execute` keeps the server's default engine on purpose.
 */
const importEnv = { N8N_EXPRESSION_ENGINE: 'legacy' };

async function runOrThrow(home: N8nHome, args: string[]): Promise<void> {
	const result = await runN8nCli(home, args, { env: importEnv });
	// n8n exits 0 for some failures it only logs, so its own success line is what counts (it is logged after the
	// database commit). A crash on the way out after that line does not undo it.
	const failedExit = result.exitCode !== null && result.exitCode !== 0;
	if (failedExit || !/Successfully imported/.test(result.output)) {
		throw new Error(
			`n8n ${args.join(' ')} failed (exit code ${String(result.exitCode)}):\n${result.output}`,
		);
	}
}

let importCount = 0;
function writeImportFile(home: N8nHome, kind: string, content: unknown): string {
	const dir = path.join(home.userFolder, 'imports');
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${kind}-${++importCount}.json`);
	writeFileSync(file, JSON.stringify(content, null, 2));
	return file;
}

/** An id shaped like n8n's own (16 letters and digits). */
function newN8nId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}
