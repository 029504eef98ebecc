/**
 * n8n 2.40.7 in queue mode on loopback, with the packed package: PostgreSQL and Redis (services.ts), one main
 * process, workers (`n8n worker`) and a webhook processor (`n8n webhook`), configured from queue-mode.env beside
 * this file. Everything lives in one temp folder and is stopped and removed by stop(), by the exit of the test
 * process, and on SIGINT/SIGTERM.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { packPackage, type PackedPackage } from './argosStack';
import { getFreePort, isPortListening } from '../n8n/freePort';
import { homeAt } from '../n8n/n8nHome';
import { startN8n, type RunningN8n, type StartN8nOptions } from '../n8n/n8nProcess';
import { N8nRestClient } from '../n8n/n8nRest';
import { listProcesses, signalGroup } from '../n8n/processTree';
import { ensureRuntime } from '../n8n/runtime';
import {
	ensureServiceBinaries,
	N8N_DATABASE,
	startPostgres,
	startRedis,
	type RunningPostgres,
	type RunningRedis,
} from '../n8n/services';

/** The documented environment file every n8n process of the stack loads (users copy it). */
export const QUEUE_ENV_FILE = path.join(__dirname, 'queue-mode.env');

/** `KEY=VALUE` lines; `#` comments and blank lines skipped; no quotes or expansion (as docker's --env-file). */
export function parseEnvFile(text: string): Record<string, string> {
	const env: Record<string, string> = {};
	for (const line of text.split('\n')) {
		const trimmed = line.trim();
		if (trimmed === '' || trimmed.startsWith('#')) continue;
		const equals = trimmed.indexOf('=');
		if (equals <= 0) throw new Error(`not KEY=VALUE: "${trimmed}"`);
		env[trimmed.slice(0, equals)] = trimmed.slice(equals + 1);
	}
	return env;
}

/**
 * Worker lock timings for tests: a killed worker's job is failed as stalled within ~20 s instead of ~90 s.
 * Renewal every 3 s keeps live jobs locked on a loaded machine. (Main's queue recovery interval stays as it is: run
 * often, it could mark an execution crashed in the moment between its row being written and its job queued.)
 */
export const FAST_STALL_DETECTION = {
	QUEUE_WORKER_LOCK_DURATION: '15000',
	QUEUE_WORKER_LOCK_RENEW_TIME: '3000',
	QUEUE_WORKER_STALLED_INTERVAL: '5000',
};

interface QueueStackOptions {
	/** 2 by default. */
	workers?: number;
	/** Jobs each worker runs at once (`--concurrency`); 5 by default. */
	workerConcurrency?: number;
	/** A webhook processor (default true); without it production webhooks are not served at all. */
	webhookProcessor?: boolean;
	/** How many webhook processors (default 1), each on its own port. */
	webhookProcessors?: number;
	/** Over the environment file, for every process. */
	env?: Record<string, string>;
	log?: (line: string) => void;
}

export type QueueRole = 'main' | 'webhook' | `webhook${number}` | `worker${number}`;

export interface QueueStack {
	/** The temp folder holding every process's folder and log, the database cluster and Redis. */
	baseDir: string;
	packed: PackedPackage;
	postgres: RunningPostgres;
	redis: RunningRedis;
	main: RunningN8n;
	workers: RunningN8n[];
	/** The first webhook processor. */
	webhook?: RunningN8n;
	/** Every webhook processor: roles `webhook`, `webhook2`, ... */
	webhooks: RunningN8n[];
	/** Signed in on main. */
	rest: N8nRestClient;
	/** The environment shared by every n8n process (file + this run's ports). */
	sharedEnv: Record<string, string>;
	/** `<webhook processor>/webhook/<path>`: production webhooks, served only there (the first one by default). */
	productionWebhookUrl(path: string, processor?: number): string;
	/**
	 * Stops a worker or webhook processor and starts it again on the same folder and port: `graceMs` after SIGTERM
	 * (n8n's graceful stop), or 'kill' (SIGKILL at once, as a crash). `workers` and `webhooks` hold the new process.
	 */
	restart(
		role: `worker${number}` | 'webhook' | `webhook${number}`,
		graceMs: number | 'kill',
	): Promise<void>;
	/** Which worker's log says it started this execution (`Worker started execution <id>`). */
	workersThatRan(executionId: string): QueueRole[];
	/** Every process's log so far, by name (n8n processes, postgres, redis). */
	logs(): Record<string, string>;
	/** Stops everything (n8n process groups, Redis, PostgreSQL) and deletes the temp folders. */
	stop(): Promise<void>;
	/** What is still running or listening of this stack, as `ps` and the ports see it ([] once stopped). */
	leftovers(): Promise<string[]>;
}

interface Emergency {
	run(): void;
}
const emergencies = new Set<Emergency>();
let signalsHooked = false;

/** On SIGINT/SIGTERM (Ctrl-C during a run) nothing runs afterAll: stop every live stack here, synchronously. */
function hookSignals(): void {
	if (signalsHooked) return;
	signalsHooked = true;
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.on(signal, () => {
			for (const emergency of emergencies) emergency.run();
			process.exit(signal === 'SIGINT' ? 130 : 143);
		});
	}
	process.on('exit', () => {
		for (const emergency of emergencies) emergency.run();
	});
}

/** Starts the whole stack (the package must be built: `npm run build`). Stop it with stop(). */
export async function startQueueStack(options: QueueStackOptions = {}): Promise<QueueStack> {
	const log = options.log ?? (() => undefined);
	const { postgresBinDir } = ensureServiceBinaries(log);
	const runtimeDir = await ensureRuntime();
	const baseDir = mkdtempSync(path.join(os.tmpdir(), 'argos-queue-'));
	// The postgres user must reach its cluster folder inside.
	chmodSync(baseDir, 0o755);

	/** Every n8n process group this stack started (restarted mains included). */
	const n8nPids = new Set<number>();
	let postgres: RunningPostgres | undefined;
	let redis: RunningRedis | undefined;
	let packed: PackedPackage | undefined;
	const ports: number[] = [];
	const removeFolders = () => {
		rmSync(baseDir, { recursive: true, force: true });
		if (packed) rmSync(path.dirname(packed.tarball), { recursive: true, force: true });
	};
	const emergency: Emergency = {
		run() {
			for (const pid of n8nPids) signalGroup(pid, 'SIGKILL');
			redis?.killNow();
			postgres?.stopNow();
			removeFolders();
			emergencies.delete(emergency);
		},
	};
	hookSignals();
	emergencies.add(emergency);

	try {
		const port = async () => {
			const free = await getFreePort();
			ports.push(free);
			return free;
		};
		const [pgPort, redisPort, mainPort] = [await port(), await port(), await port()];
		const hookPorts: number[] = [];
		const processors = options.webhookProcessor === false ? 0 : (options.webhookProcessors ?? 1);
		for (let i = 0; i < Math.max(1, processors); i++) hookPorts.push(await port());
		const [hookPort] = hookPorts;
		log(
			`postgres on ${pgPort}, redis on ${redisPort}, main on ${mainPort}, webhook on ${hookPorts.join(', ')}`,
		);
		postgres = await startPostgres(postgresBinDir, path.join(baseDir, 'postgres'), pgPort);
		redis = await startRedis(path.join(baseDir, 'redis'), redisPort);
		packed = packPackage();
		const extensionDir = packed.extensionDir;

		const sharedEnv: Record<string, string> = {
			...parseEnvFile(readFileSync(QUEUE_ENV_FILE, 'utf8')),
			QUEUE_BULL_REDIS_PORT: String(redisPort),
			DB_POSTGRESDB_PORT: String(pgPort),
			DB_POSTGRESDB_DATABASE: N8N_DATABASE.name,
			DB_POSTGRESDB_USER: N8N_DATABASE.user,
			DB_POSTGRESDB_PASSWORD: N8N_DATABASE.password,
			N8N_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${mainPort}/`,
			N8N_CUSTOM_EXTENSIONS: extensionDir,
			...options.env,
		};
		const userFolder = (role: QueueRole) => {
			const folder = path.join(baseDir, role);
			mkdirSync(folder, { recursive: true });
			return folder;
		};
		const homeFor = (role: QueueRole, httpPort: number, env: Record<string, string> = {}) =>
			homeAt(runtimeDir, userFolder(role), httpPort, {
				customExtensionsDir: extensionDir,
				env: { ...sharedEnv, N8N_PORT: String(httpPort), ...env },
			});
		const started = (n8n: RunningN8n) => {
			n8nPids.add(n8n.pid);
			return n8n;
		};

		// Main first: it runs the database migrations the others wait for.
		const mainHome = homeFor('main', mainPort, { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' });
		const main = started(await startN8n({ home: mainHome, readyTimeoutMs: 240_000 }));
		const workerPorts: number[] = [];
		for (let i = 0; i < (options.workers ?? 2); i++) workerPorts.push(await port());
		/** How each worker and webhook processor is started (again, by restart()). */
		const starts = new Map<QueueRole, StartN8nOptions>();
		workerPorts.forEach((healthPort, index) =>
			starts.set(`worker${index + 1}`, {
				home: homeFor(`worker${index + 1}`, healthPort, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(healthPort),
					N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
				}),
				command: ['worker', `--concurrency=${options.workerConcurrency ?? 5}`],
				readyTimeoutMs: 240_000,
			}),
		);
		hookPorts.slice(0, processors).forEach((hookPortOf, index) => {
			const role: QueueRole = index === 0 ? 'webhook' : `webhook${index + 1}`;
			starts.set(role, {
				home: homeFor(role, hookPortOf),
				command: ['webhook'],
				readyTimeoutMs: 240_000,
			});
		});
		const startRole = async (role: QueueRole) => started(await startN8n(starts.get(role)!));
		const [workers, webhooks] = await Promise.all([
			Promise.all(workerPorts.map((_, index) => startRole(`worker${index + 1}`))),
			Promise.all(
				hookPorts
					.slice(0, processors)
					.map((_, index) => startRole(index === 0 ? 'webhook' : `webhook${index + 1}`)),
			),
		]);
		const rest = await N8nRestClient.signIn(main.baseUrl);
		const runningPostgres = postgres;
		const runningRedis = redis;
		const runningPacked = packed;
		const webhookRole = (index: number): QueueRole =>
			index === 0 ? 'webhook' : `webhook${index + 1}`;
		const n8nProcesses = (): Array<[QueueRole, RunningN8n]> => [
			['main', main],
			...workers.map((worker, index): [QueueRole, RunningN8n] => [`worker${index + 1}`, worker]),
			...webhooks.map((webhook, index): [QueueRole, RunningN8n] => [webhookRole(index), webhook]),
		];
		const readLog = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

		const stack: QueueStack = {
			baseDir,
			packed: runningPacked,
			postgres: runningPostgres,
			redis: runningRedis,
			main,
			workers,
			webhook: webhooks[0],
			webhooks,
			rest,
			sharedEnv,
			productionWebhookUrl: (webhookPath, processor = 0) =>
				`http://127.0.0.1:${hookPorts[processor] ?? hookPort}/webhook/${webhookPath.replace(/^\//, '')}`,
			async restart(role, graceMs) {
				const [list, index] = role.startsWith('worker')
					? [workers, Number(role.slice('worker'.length)) - 1]
					: [webhooks, role === 'webhook' ? 0 : Number(role.slice('webhook'.length)) - 1];
				const current = list[index];
				if (graceMs === 'kill') await current.kill();
				else await current.stop(graceMs);
				list[index] = await startRole(role);
				if (list === webhooks) stack.webhook = webhooks[0];
			},
			workersThatRan: (executionId) =>
				workers
					.map((worker, index) => ({ role: `worker${index + 1}` as QueueRole, log: worker.logs() }))
					.filter(({ log: text }) =>
						new RegExp(`Worker started execution ${executionId} \\(job`).test(text),
					)
					.map(({ role }) => role),
			logs: () => ({
				...Object.fromEntries(n8nProcesses().map(([role, n8n]) => [role, n8n.logs()])),
				postgres: readLog(runningPostgres.logFile),
				redis: readLog(runningRedis.logFile),
			}),
			async stop() {
				await Promise.all(n8nProcesses().map(([, n8n]) => n8n.stop()));
				await runningRedis.stop();
				await runningPostgres.stop();
				removeFolders();
				emergencies.delete(emergency);
			},
			async leftovers() {
				const processes = listProcesses()
					.filter(
						(p) => n8nPids.has(p.pgid) || p.pgid === runningRedis.pid || p.args.includes(baseDir),
					)
					.map((p) => `pid ${p.pid}: ${p.args}`);
				const listening = [];
				for (const candidate of ports)
					if (await isPortListening(candidate)) listening.push(`port ${candidate} still listening`);
				const folders = [baseDir, path.dirname(runningPacked.tarball)]
					.filter((folder) => existsSync(folder))
					.map((folder) => `folder ${folder} still there`);
				return [...processes, ...listening, ...folders];
			},
		};
		return stack;
	} catch (error) {
		emergency.run();
		throw error;
	}
}
