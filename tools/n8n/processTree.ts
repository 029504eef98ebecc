import { execFileSync } from 'child_process';

interface ProcessInfo {
	pid: number;
	ppid: number;
	pgid: number;
	/** Resident memory in KiB. */
	rssKb: number;
	args: string;
}

/** Every process on the machine, from `ps` (the truth the tests compare with, not Node's own bookkeeping). */
export function listProcesses(): ProcessInfo[] {
	const out = execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,rss=,args='], { encoding: 'utf8' });
	return out
		.split('\n')
		.map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.map((match) => ({
			pid: Number(match[1]),
			ppid: Number(match[2]),
			pgid: Number(match[3]),
			rssKb: Number(match[4]),
			args: match[5],
		}));
}

/** A process and all its descendants, as `ps` sees them now. */
export function processTree(rootPid: number, all: ProcessInfo[] = listProcesses()): ProcessInfo[] {
	const tree = all.filter((p) => p.pid === rootPid);
	for (let i = 0; i < tree.length; i++) {
		tree.push(...all.filter((p) => p.ppid === tree[i].pid));
	}
	return tree;
}

/** Processes in a process group (n8n is started as a group leader, so its group is everything it spawned). */
export function processGroup(pgid: number, all: ProcessInfo[] = listProcesses()): ProcessInfo[] {
	return all.filter((p) => p.pgid === pgid);
}

/** True while any process of the group exists (signal 0 only asks). */
export function isGroupAlive(pgid: number): boolean {
	try {
		process.kill(-pgid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/** Sends a signal to a whole process group; a group that is already gone is not an error. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pgid, signal);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
	}
}
