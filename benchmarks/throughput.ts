/**
 * How fast the action node checks a batch, and how much memory it holds, through n8n-core's engine against the
 * emulator on loopback. Argos' own processing time is simulated by the emulator's latency.
 * Run: npm run bench   (prints a table; figures go in benchmarks/README.md)
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { readFileSync } from 'node:fs';

import { startEmulator } from '../emulator';
import { writeSampleImages } from '../emulator/sampleImages';
import { connect, createHarness, type N8nHarness } from '../tools/harness';

// The built package is what users run, so that is what is measured (npm run bench builds it first).
const { ArgosIdLiveness } =
	require('../dist/nodes/ArgosIdLiveness/ArgosIdLiveness.node.js') as typeof import('../nodes/ArgosIdLiveness/ArgosIdLiveness.node');
const { ArgosIdentityApi } =
	require('../dist/credentials/ArgosIdentityApi.credentials.js') as typeof import('../credentials/ArgosIdentityApi.credentials');

const VENDOR_LATENCY_MS = 300;
const BATCH = 40;

/** A valid JPEG padded with comment segments to about `megabytes` MB: a large phone photo, as far as bytes go. */
function paddedJpeg(jpeg: Buffer, megabytes: number): Buffer {
	const segments: Buffer[] = [];
	for (let size = jpeg.length; size < megabytes * 1024 * 1024; size += 65_537) {
		const header = Buffer.from([0xff, 0xfe, 0xff, 0xff]);
		segments.push(header, randomBytes(65_533));
	}
	return Buffer.concat([jpeg.subarray(0, 2), ...segments, jpeg.subarray(2)]);
}

async function runBatch(harness: N8nHarness, image: Buffer, count: number, concurrency: number) {
	const input = [];
	for (let n = 0; n < count; n++)
		input.push(await harness.binaryItem(image, `id-${n}.jpg`, 'image/jpeg'));
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
	const baseline = process.memoryUsage().rss;
	const started = performance.now();
	const execution = await harness.run({
		nodes: [
			harness.startNode(),
			harness.node({
				name: 'Argos ID Liveness',
				type: 'CUSTOM.argosIdLiveness',
				parameters: { options: { concurrency } },
			}),
		],
		connections: connect(['Start', 'Argos ID Liveness']),
		input,
	});
	const seconds = (performance.now() - started) / 1000;
	clearInterval(sampler);
	if (execution.status !== 'success' || execution.output('Argos ID Liveness').length !== count)
		throw new Error(`benchmark run failed: ${execution.error?.message}`);
	return {
		seconds,
		itemsPerSecond: count / seconds,
		extraRssMb: (peakRss - baseline) / 1024 / 1024,
	};
}

async function main() {
	const samples = join(__dirname, '..', 'samples');
	await writeSampleImages(samples);
	const genuine = readFileSync(join(samples, 'genuine.jpg'));
	const emulator = await startEmulator({ apiKey: 'bench', latencyMs: VENDOR_LATENCY_MS });
	const harness = await createHarness({
		nodeTypes: { 'CUSTOM.argosIdLiveness': new ArgosIdLiveness() },
		credentialTypes: [new ArgosIdentityApi()],
		credentials: { argosIdentityApi: { apiKey: 'bench', baseUrl: emulator.url } },
	});
	try {
		await runBatch(harness, genuine, 4, 4); // warm-up: module loading and JIT
		const rows: string[] = [];
		for (const concurrency of [1, 4, 8]) {
			const result = await runBatch(harness, genuine, BATCH, concurrency);
			rows.push(
				`| ${BATCH} × ${(genuine.length / 1024).toFixed(0)} KB | ${concurrency} | ${result.seconds.toFixed(2)} s | ${result.itemsPerSecond.toFixed(1)} | ${result.extraRssMb.toFixed(0)} MB |`,
			);
		}
		const large = paddedJpeg(genuine, 8);
		for (const concurrency of [1, 4]) {
			const result = await runBatch(harness, large, 20, concurrency);
			rows.push(
				`| 20 × ${(large.length / 1024 / 1024).toFixed(1)} MB | ${concurrency} | ${result.seconds.toFixed(2)} s | ${result.itemsPerSecond.toFixed(1)} | ${result.extraRssMb.toFixed(0)} MB |`,
			);
		}
		console.log(
			`Argos ID Liveness node, emulator latency ${VENDOR_LATENCY_MS} ms per request, Node ${process.version}\n`,
		);
		console.log('| batch | concurrent requests | wall time | items/s | peak extra RSS |');
		console.log('| --- | --- | --- | --- | --- |');
		for (const row of rows) console.log(row);
	} finally {
		await harness.close();
		await emulator.close();
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
