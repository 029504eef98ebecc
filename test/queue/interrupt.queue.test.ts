/**
 * Ctrl-C during a queue-mode run leaves nothing behind: `npm run queue` (scripts/queue.ts, the same startQueueStack
 * the suite uses) is started with one worker, interrupted with SIGINT once ready, and then `ps`, the ports and the
 * file system must show nothing of it.
 */
import { spawn } from 'child_process';
import { existsSync } from 'fs';
import * as path from 'path';

import { listProcesses } from '../../tools/n8n';
import { isPortListening as listening } from '../../tools/n8n/freePort';
import { repoRoot } from '../../tools/n8n/paths';
import { pollUntil } from '../../tools/n8n/poll';

interface Ready {
	baseDir: string;
	editor: string;
	pids: number[];
	redisPid: number;
	ports: { postgres: number; redis: number };
}

it('SIGINT stops every process of a running stack and removes its folder', async () => {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', path.join('scripts', 'queue.ts'), '--workers=1', '--no-webhook'],
		{ cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	try {
		const ready = await pollUntil(
			async () => {
				if (child.exitCode !== null) throw new Error(`scripts/queue.ts exited early:\n${stderr}`);
				const line = stdout.split('\n').find((candidate) => candidate.startsWith('{'));
				return line === undefined ? undefined : (JSON.parse(line) as Ready);
			},
			{ timeoutMs: 300_000, intervalMs: 500, description: 'the queue stack to be ready' },
		);
		const ours = () =>
			listProcesses().filter(
				(p) =>
					ready.pids.includes(p.pgid) || p.pid === ready.redisPid || p.args.includes(ready.baseDir),
			);
		// Running: main and the worker (each with its group), Redis and the PostgreSQL cluster of the folder.
		expect(ours().length).toBeGreaterThanOrEqual(4);
		expect(await listening(ready.ports.postgres)).toBe(true);

		child.kill('SIGINT');
		expect(await exited).toBe(130);
		// Killed children of the exited script stay zombies until init reaps them: a moment.
		const left = await pollUntil(
			async () => {
				const now = ours().map((p) => `${p.pid} ${p.args}`);
				return now.length === 0 ? now : undefined;
			},
			{ timeoutMs: 15_000, description: 'every process of the stack to be gone' },
		).catch(() => ours().map((p) => `${p.pid} ${p.args}`));
		expect(left).toEqual([]);
		const ports = [ready.ports.postgres, ready.ports.redis, Number(new URL(ready.editor).port)];
		for (const port of ports)
			expect({ port, listening: await listening(port) }).toEqual({
				port,
				listening: false,
			});
		expect(existsSync(ready.baseDir)).toBe(false);
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
	}
});
