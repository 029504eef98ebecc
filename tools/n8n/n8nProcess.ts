import { spawn } from 'child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'fs';
import * as http from 'http';
import { getFreePort } from './freePort';
import { createN8nHome, N8nHome, N8nOptions } from './n8nHome';
import { withBrokerPort } from './n8nEnv';
import { sleep } from './poll';
import { isGroupAlive, processGroup, signalGroup } from './processTree';

export interface StartN8nOptions extends N8nOptions {
	/** Start on a home prepared earlier (e.g. after CLI imports); its own options then apply, not the ones above. */
	home?: N8nHome;
	/** How long n8n may take to become ready; 120 s by default (it usually needs 10 to 30 s). */
	readyTimeoutMs?: number;
	/**
	 * The n8n command and its arguments: `['start']` (default), or in queue mode `['worker', '--concurrency=5']`
	 * (ready when its health server, QUEUE_HEALTH_CHECK_PORT = the home's port, answers) or `['webhook']`.
	 */
	command?: string[];
}

/** A running n8n server. It is an N8nHome too, so the CLI helpers accept it. */
export interface RunningN8n extends N8nHome {
	/** The server's process id; it leads its own process group, which holds its task runner too. */
	pid: number;
	/** This server's task broker port (unique, never 5679). */
	brokerPort: number;
	/** Milliseconds from spawn to ready (/healthz/readiness answered 200). */
	startupMs: number;
	/** Production webhook: `<baseUrl>/webhook/<path>` (the workflow must be active). */
	webhookUrl(path: string): string;
	/** Test webhook: `<baseUrl>/webhook-test/<path>` (registered only while the editor listens). */
	webhookTestUrl(path: string): string;
	/** Everything the server wrote to stdout and stderr so far. */
	logs(): string;
	/** Resident memory of the server and its task runner, in KiB. */
	memoryKb(): number;
	/** Stops the server and every process it started (SIGTERM, then SIGKILL after `graceMs`); resolves when none is left. */
	stop(graceMs?: number): Promise<void>;
	/** Kills the server and every process it started at once (SIGKILL: a crash, an out-of-memory kill). */
	kill(): Promise<void>;
}

/** Process groups still running, killed if the test process exits without stopping them. */
const running = new Set<number>();
process.on('exit', () => {
	for (const pgid of running) signalGroup(pgid, 'SIGKILL');
});

/** Starts a real n8n (`n8n start` or `options.command`, Node 24 from the runtime) and resolves once it is fully ready. */
export async function startN8n(options: StartN8nOptions = {}): Promise<RunningN8n> {
	const home = options.home ?? (await createN8nHome(options));
	const brokerPort = await getFreePort();
	const log = openSync(home.logFile, 'a');
	const startedAt = Date.now();
	// detached: n8n leads a new process group, so stop() can signal it and its task runner in one go.
	const child = spawn(home.node, [home.n8nBin, ...(options.command ?? ['start'])], {
		cwd: home.userFolder,
		env: withBrokerPort(home.env, brokerPort),
		stdio: ['ignore', log, log],
		detached: true,
	});
	closeSync(log);
	const pid = child.pid;
	if (pid === undefined) throw new Error(`could not spawn ${home.node}`);
	running.add(pid);

	let exitDescription: string | undefined;
	const exited = new Promise<void>((resolve) => {
		child.on('exit', (code, signal) => {
			exitDescription = signal !== null ? `signal ${signal}` : `exit code ${String(code)}`;
			resolve();
		});
	});
	const logs = (): string => (existsSync(home.logFile) ? readFileSync(home.logFile, 'utf8') : '');

	const stop = async (graceMs = 20_000): Promise<void> => {
		signalGroup(pid, 'SIGTERM');
		if (!(await waitForGroupExit(pid, graceMs))) {
			signalGroup(pid, 'SIGKILL');
			await waitForGroupExit(pid, 10_000);
		}
		await exited;
		running.delete(pid);
	};
	const kill = async (): Promise<void> => {
		signalGroup(pid, 'SIGKILL');
		await waitForGroupExit(pid, 10_000);
		await exited;
		running.delete(pid);
	};

	try {
		await waitUntilReady(home.baseUrl, options.readyTimeoutMs ?? 120_000, () => exitDescription);
	} catch (error) {
		await stop(5_000);
		throw new Error(
			`${(error as Error).message}\n--- last lines of ${home.logFile} ---\n${lastLines(logs(), 40)}`,
		);
	}

	return {
		...home,
		pid,
		brokerPort,
		startupMs: Date.now() - startedAt,
		webhookUrl: (path) => `${home.baseUrl}/webhook/${path.replace(/^\//, '')}`,
		webhookTestUrl: (path) => `${home.baseUrl}/webhook-test/${path.replace(/^\//, '')}`,
		logs,
		memoryKb: () => processGroup(pid).reduce((sum, p) => sum + p.rssKb, 0),
		stop,
		kill,
	};
}

/**
 * /healthz answers as soon as the HTTP server listens, before the database migrations run;
 * /healthz/readiness answers 200 only once the database is migrated and n8n has finished starting.
 */
async function waitUntilReady(
	baseUrl: string,
	timeoutMs: number,
	exitOf: () => string | undefined,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const exit = exitOf();
		if (exit !== undefined) throw new Error(`n8n exited before it was ready (${exit})`);
		if ((await httpStatus(`${baseUrl}/healthz/readiness`)) === 200) return;
		await sleep(300);
	}
	throw new Error(`n8n did not become ready at ${baseUrl} within ${timeoutMs} ms`);
}

function httpStatus(url: string): Promise<number | undefined> {
	return new Promise((resolve) => {
		const request = http.get(url, { timeout: 2_000 }, (response) => {
			response.resume();
			resolve(response.statusCode);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(undefined));
	});
}

async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (isGroupAlive(pgid)) {
		if (Date.now() >= deadline) return false;
		await sleep(100);
	}
	return true;
}

function lastLines(text: string, count: number): string {
	return text.trimEnd().split('\n').slice(-count).join('\n');
}
