/**
 * Redis and PostgreSQL for n8n's queue mode, started from the machine's own binaries (Debian's `redis-server`,
 * PostgreSQL's `initdb`/`pg_ctl`) on loopback ports of their own, in a folder of the caller's, and stopped again.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (runuser).
 */
import { execFileSync, spawn } from 'child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'fs';
import * as path from 'path';

import { sleep } from './poll';
import { isGroupAlive, signalGroup } from './processTree';

/** What `apt-get install` needs for both services (Debian/Ubuntu package names). */
const SERVICE_PACKAGES = ['redis-server', 'postgresql'];

const isRoot = (): boolean => process.getuid?.() === 0;

/** The newest PostgreSQL server's bin folder (Debian keeps them in /usr/lib/postgresql/<major>/bin), if any. */
export function findPostgresBinDir(root = '/usr/lib/postgresql'): string | undefined {
	if (!existsSync(root)) return undefined;
	const majors = readdirSync(root)
		.filter((name) => /^\d+$/.test(name) && existsSync(path.join(root, name, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length > 0 ? path.join(root, majors[0], 'bin') : undefined;
}

function onPath(command: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

function missingBinaries(): string[] {
	const missing = ['redis-server', 'redis-cli'].filter((command) => !onPath(command));
	if (findPostgresBinDir() === undefined) missing.push('initdb (PostgreSQL server)');
	return missing;
}

/**
 * Makes sure redis-server and a PostgreSQL server are installed. Missing ones are installed with apt-get when this
 * process is root (an `apt-get update` first only if the install fails, e.g. on a fresh image with no package
 * lists); otherwise this throws, naming the packages to install.
 */
export function ensureServiceBinaries(log: (line: string) => void = () => undefined): {
	postgresBinDir: string;
} {
	let missing = missingBinaries();
	if (missing.length > 0) {
		const install = `apt-get install -y ${SERVICE_PACKAGES.join(' ')}`;
		if (!isRoot() || !onPath('apt-get'))
			throw new Error(
				`The queue-mode suite needs Redis and PostgreSQL; missing: ${missing.join(', ')}. ` +
					`Install them as root: apt-get update && ${install}`,
			);
		log(`installing ${SERVICE_PACKAGES.join(' ')} (missing: ${missing.join(', ')})`);
		const apt = (args: string[]) =>
			execFileSync('apt-get', args, {
				stdio: ['ignore', 'ignore', 'pipe'],
				env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			});
		try {
			apt(['install', '-y', ...SERVICE_PACKAGES]);
		} catch {
			apt(['update']);
			apt(['install', '-y', ...SERVICE_PACKAGES]);
		}
		missing = missingBinaries();
		if (missing.length > 0)
			throw new Error(`still missing after ${install}: ${missing.join(', ')}`);
	}
	return { postgresBinDir: findPostgresBinDir() as string };
}

export interface RunningRedis {
	port: number;
	pid: number;
	logFile: string;
	stop(): Promise<void>;
	/** For exit handlers: SIGKILL, synchronous. */
	killNow(): void;
}

/** redis-server in the foreground of its own process group, no persistence, on 127.0.0.1:port. */
export async function startRedis(dir: string, port: number): Promise<RunningRedis> {
	mkdirSync(dir, { recursive: true });
	const logFile = path.join(dir, 'redis.log');
	const child = spawn(
		'redis-server',
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			dir,
			'--logfile',
			logFile,
		],
		{ stdio: 'ignore', detached: true },
	);
	const pid = child.pid;
	if (pid === undefined) throw new Error('could not spawn redis-server');
	const cli = (...args: string[]) =>
		execFileSync('redis-cli', ['-p', String(port), ...args], {
			encoding: 'utf8',
			stdio: ['ignore', 'pipe', 'ignore'],
		}).trim();
	const ping = () => {
		try {
			return cli('ping') === 'PONG';
		} catch {
			return false;
		}
	};
	for (let i = 0; i < 100 && !ping(); i++) await sleep(100);
	const killNow = () => signalGroup(pid, 'SIGKILL');
	if (!ping()) {
		killNow();
		throw new Error(`redis-server did not answer on port ${port}; see ${logFile}`);
	}
	return {
		port,
		pid,
		logFile,
		killNow,
		async stop() {
			try {
				cli('shutdown', 'nosave');
			} catch {
				// already gone, or it closed the connection while shutting down (it does)
			}
			for (let i = 0; i < 50 && isGroupAlive(pid); i++) await sleep(100);
			killNow();
		},
	};
}

export interface RunningPostgres {
	port: number;
	dataDir: string;
	logFile: string;
	/** Runs one SQL statement as the n8n user and returns psql's unaligned, tuples-only output. */
	query(sql: string): string;
	/** `pg_dump` of the n8n database (schema and data), as plain SQL text. */
	dump(): string;
	stop(): Promise<void>;
	/** For exit handlers: `pg_ctl stop -m immediate`, synchronous. */
	stopNow(): void;
}

export const N8N_DATABASE = { name: 'n8n', user: 'n8n', password: 'n8n' } as const;

/**
 * A throwaway PostgreSQL cluster in `dir` (initdb, trust authentication on loopback, socket in `dir`), with a
 * database and user for n8n. `dir`'s parents must be traversable by the postgres user.
 */
export async function startPostgres(
	binDir: string,
	dir: string,
	port: number,
): Promise<RunningPostgres> {
	mkdirSync(dir, { recursive: true });
	const dataDir = path.join(dir, 'data');
	const logFile = path.join(dir, 'postgres.log');
	const asPostgres = (command: string, args: string[]) => {
		const file = path.join(binDir, command);
		return isRoot()
			? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' })
			: execFileSync(file, args, { stdio: 'pipe' });
	};
	if (isRoot()) {
		const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
		chownSync(dir, uid, gid);
	}
	asPostgres('initdb', [
		'-D',
		dataDir,
		'-U',
		'postgres',
		'--auth=trust',
		'-E',
		'UTF8',
		'--locale=C.UTF-8',
	]);
	const pgCtl = (args: string[]) => asPostgres('pg_ctl', ['-D', dataDir, ...args]);
	pgCtl(['-l', logFile, '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
	const client = (program: 'psql' | 'pg_dump', args: string[]) =>
		execFileSync(path.join(binDir, program), ['-h', '127.0.0.1', '-p', String(port), ...args], {
			encoding: 'utf8',
			maxBuffer: 1024 * 1024 * 1024,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
	const psql = (user: string, database: string, sql: string) =>
		client('psql', ['-U', user, '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql]).trim();
	const stopNow = () => {
		try {
			pgCtl(['-m', 'immediate', '-w', 'stop']);
		} catch {
			// not running
		}
	};
	try {
		// One statement per call: CREATE DATABASE cannot run inside the transaction a multi-statement call opens.
		psql(
			'postgres',
			'postgres',
			`CREATE USER ${N8N_DATABASE.user} PASSWORD '${N8N_DATABASE.password}'`,
		);
		psql('postgres', 'postgres', `CREATE DATABASE ${N8N_DATABASE.name} OWNER ${N8N_DATABASE.user}`);
	} catch (error) {
		stopNow();
		throw error;
	}
	return {
		port,
		dataDir,
		logFile,
		stopNow,
		query: (sql) => psql(N8N_DATABASE.user, N8N_DATABASE.name, sql),
		dump: () => client('pg_dump', ['-U', 'postgres', N8N_DATABASE.name]),
		async stop() {
			try {
				pgCtl(['-m', 'fast', '-w', 'stop']);
			} catch {
				stopNow();
			}
		},
	};
}
