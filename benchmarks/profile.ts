/**
 * Where n8n's CPU goes per item with the node: V8's CPU profile of the n8n server (`node --cpu-prof`) over batches of
 * the Read Files → Argos ID Liveness workflow, against the same over Read Files alone, per function, per item.
 * The profile counts n8n's main thread only: garbage collection on V8's own threads is not in it.
 *
 *   npm run bench:profile                  # 4 batches of 600 items each way (about 3 minutes)
 *   npm run bench:profile -- --items 300 --rounds 2 --top 20
 */
import axios from 'axios';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { writeSampleImages } from '../emulator/sampleImages';
import { EMULATOR_API_KEY, startArgosStack } from '../tools/argos-stack/argosStack';
import { benchmarkWorkflows, PATHS, writeCopies } from './workflows';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

function option(name: string, fallback: number): number {
	const index = process.argv.indexOf(`--${name}`);
	return index === -1 ? fallback : Number(process.argv[index + 1]);
}

/** Microseconds of self time per function, named by function and package (or "node:" module). */
function selfTimes(profile: CpuProfile): Map<string, number> {
	const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
	const times = new Map<string, number>();
	profile.samples.forEach((id, index) => {
		const frame = frames.get(id)!;
		const where = frame.url
			.replace(/.*\/node_modules\//, '')
			.replace(/.*\/extensions\/package\/dist\//, 'this package: ');
		const key = `${frame.functionName || '(anonymous)'} ${where}`.trim();
		times.set(key, (times.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
	});
	times.delete('(idle)');
	return times;
}

/** Runs `rounds` batches of one workflow in an n8n that writes its CPU profile on exit; returns the profile. */
async function profileWorkflow(webhookPath: string, pattern: string, rounds: number, root: string) {
	const profileDir = mkdtempSync(path.join(root, 'profile-'));
	const stack = await startArgosStack({
		emulator: { latencyMs: 250, retryAfterSeconds: 1 },
		env: {
			N8N_RESTRICT_FILE_ACCESS_TO: root,
			NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}`,
		},
	});
	try {
		for (const workflow of benchmarkWorkflows(`${stack.emulator.url}/document`, EMULATOR_API_KEY))
			await stack.rest.createAndActivateWorkflow(workflow);
		for (let round = 1; round <= rounds; round++) {
			const started = Date.now();
			await axios.post(stack.n8n.webhookUrl(webhookPath), { pattern }, { timeout: 600_000 });
			console.log(`  ${webhookPath}, round ${round}: ${Date.now() - started} ms`);
		}
	} finally {
		await stack.stop();
	}
	// n8n's launcher writes a small profile of its own; the server's is the largest.
	const [largest] = readdirSync(profileDir)
		.map((file) => path.join(profileDir, file))
		.sort((a, b) => statSync(b).size - statSync(a).size);
	return JSON.parse(readFileSync(largest, 'utf8')) as CpuProfile;
}

async function main() {
	const items = option('items', 600);
	const rounds = option('rounds', 4);
	const top = option('top', 25);
	const root = mkdtempSync(path.join(os.tmpdir(), 'argos-profile-'));
	try {
		const samples = path.join(__dirname, '..', 'samples');
		await writeSampleImages(samples);
		const pattern = writeCopies(
			path.join(root, 'batch'),
			readFileSync(path.join(samples, 'genuine.jpg')),
			items,
		);
		console.log(
			`profiling ${rounds} batches of ${items} items: Read Files alone, then with the node`,
		);
		const readOnly = selfTimes(await profileWorkflow(PATHS.readOnly, pattern, rounds, root));
		const withNode = selfTimes(await profileWorkflow(PATHS.nodeBatch, pattern, rounds, root));
		const perItemMs = (microseconds: number) => microseconds / 1000 / (items * rounds);
		const rows = [...new Set([...readOnly.keys(), ...withNode.keys()])]
			.map((key) => ({ key, ms: perItemMs((withNode.get(key) ?? 0) - (readOnly.get(key) ?? 0)) }))
			.sort((a, b) => b.ms - a.ms);
		const total = rows.reduce((sum, row) => sum + row.ms, 0);
		console.log(
			`\nthe node's share of n8n's main thread: ${total.toFixed(2)} ms per item; by function:`,
		);
		for (const row of rows.slice(0, top))
			console.log(`${row.ms.toFixed(3).padStart(8)}  ${row.key}`);
	} finally {
		rmSync(root, { recursive: true, force: true });
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
