/**
 * npm run reliability: builds first (the npm script), then runs the four reliability matrices against the emulator
 * and a real n8n with the packed package, and writes docs/RELIABILITY.md. Takes minutes; not part of `npm test`
 * (test/e2e/reliability.e2e.test.ts runs a sample). Exits 1 when a required zero does not hold.
 * `npm run reliability -- --sample` runs the test suite's sample instead (and writes the report all the same).
 */
import { execFileSync } from 'child_process';
import { writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';

import { repoRoot } from '../tools/n8n/paths';
import {
	FULL_PLAN,
	SAMPLE_PLAN,
	renderReport,
	requiredZeros,
	runReliability,
	startReliabilityStack,
} from '../tools/reliability';

const N8N_VERSION = '2.40.7';

function machine(): string {
	const cpus = os.cpus();
	return `${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB RAM, load ${os
		.loadavg()
		.map((load) => load.toFixed(1))
		.join('/')} at start, Node ${process.version} (tests) and n8n's own Node 24`;
}

function commit(): string {
	try {
		const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: repoRoot,
			encoding: 'utf8',
		}).trim();
		const dirty = execFileSync('git', ['status', '--porcelain'], {
			cwd: repoRoot,
			encoding: 'utf8',
		}).trim();
		return dirty ? `${hash} with uncommitted changes` : hash;
	} catch {
		return 'unknown';
	}
}

async function main(): Promise<void> {
	const sample = process.argv.includes('--sample');
	const plan = sample ? SAMPLE_PLAN : FULL_PLAN;
	const startedAt = Date.now();
	const meta = {
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
		machine: machine(),
		command: sample ? 'npm run reliability -- --sample' : 'npm run reliability',
		commit: commit(),
		n8nVersion: N8N_VERSION,
	};
	const log = (line: string) =>
		console.log(`[${((Date.now() - startedAt) / 1000).toFixed(0)} s] ${line}`);
	log('starting n8n with the packed package and the emulator');
	const stack = await startReliabilityStack();
	let results;
	try {
		results = await runReliability(stack, plan, log);
	} finally {
		await stack.stop();
	}
	const report = renderReport(
		{ ...meta, durationMinutes: (Date.now() - startedAt) / 60_000 },
		results,
	);
	const file = path.join(repoRoot, 'docs', 'RELIABILITY.md');
	writeFileSync(file, report);
	const failed = requiredZeros(results).filter((zero) => zero.value !== 0);
	log(
		`wrote ${path.relative(repoRoot, file)}: ${failed.length === 0 ? 'PASS' : `FAIL (${failed.length} required zeros do not hold)`}`,
	);
	for (const zero of failed) log(`  FAIL ${zero.matrix}: ${zero.what} = ${zero.value}`);
	process.exitCode = failed.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(2);
});
