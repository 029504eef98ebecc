/**
 * The Argos ID Liveness node against the do-it-yourself workflow (Extract From File + HTTP Request) in a real n8n,
 * with the emulator standing in for Argos: 250 ms per request and a cap on requests in flight (429 with
 * Retry-After: 1 beyond it). Writes docs/BENCHMARKS.md and its chart. See benchmarks/README.md.
 *
 *   npm run bench                                  # the full run: 3 rounds, caps 3, 8 and 20, every part
 *   npm run bench -- --rounds 1 --caps 3,20 --skip memory,diy-memory   # a quick check that it works
 */
import axios from 'axios';
import { execFileSync, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { withLeadingComments, writeSampleImages } from '../emulator/sampleImages';
import { EMULATOR_API_KEY, startArgosStack, type ArgosStack } from '../tools/n8n/argosStack';
import { runtimeLayout } from '../tools/n8n/paths';
import { peakSampler, perSecond, settledCpuSeconds, summarize } from './measure';
import {
	benchmarksMarkdown,
	limitOf,
	throughputChart,
	type BenchReport,
	type CapChangeRun,
	type CpuRound,
	type Flavour,
	type MemoryRun,
	type ThroughputRun,
} from './report';
import { benchmarkWorkflows, PATHS, succeeded, writeCopies } from './workflows';

const LATENCY_MS = 250;
const RETRY_AFTER_SECONDS = 1;
const CAP_CHANGE = { caps: [8, 3, 20], phaseSeconds: 5, items: 800 };
const LARGE = { items: 100, megabytes: 8 };
const PARTS = ['batch', 'burst', 'change', 'cpu', 'memory', 'diy-memory'] as const;
type Part = (typeof PARTS)[number];

interface Settings {
	rounds: number;
	caps: number[];
	items: number;
	parts: Set<Part>;
	out: string;
}

function parseArgs(argv: string[]): Settings {
	const value = (name: string) => {
		const index = argv.indexOf(`--${name}`);
		return index === -1 ? undefined : argv[index + 1];
	};
	const skip = new Set((value('skip') ?? '').split(',').filter(Boolean));
	for (const part of skip)
		if (!PARTS.includes(part as Part))
			throw new Error(`--skip takes parts among ${PARTS.join(', ')}, not "${part}"`);
	return {
		rounds: Number(value('rounds') ?? 3),
		caps: (value('caps') ?? '3,8,20').split(',').map(Number),
		items: Number(value('items') ?? 200),
		parts: new Set(PARTS.filter((part) => !skip.has(part))),
		out: path.resolve(value('out') ?? path.join(__dirname, '..', 'docs', 'BENCHMARKS.md')),
	};
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

class Bench {
	readonly throughput: ThroughputRun[] = [];
	readonly cpu: CpuRound[] = [];
	readonly memory: MemoryRun[] = [];
	capChange?: CapChangeRun;

	constructor(
		private readonly stack: ArgosStack,
		private readonly image: Buffer,
	) {}

	private url(webhookPath: string): string {
		return this.stack.n8n.webhookUrl(webhookPath);
	}

	/** One execution over the files `pattern` matches; counts the items that came back without a result. */
	async batch(webhookPath: string, pattern: string, items: number) {
		const cpuBefore = await settledCpuSeconds(this.stack.n8n.pid);
		const from = this.stack.emulator.requests.length;
		const began = Date.now();
		const started = performance.now();
		const response = await axios.post(
			this.url(webhookPath),
			{ pattern },
			{ timeout: 30 * 60_000, maxContentLength: Infinity, validateStatus: () => true },
		);
		const seconds = (performance.now() - started) / 1000;
		const cpuSeconds = (await settledCpuSeconds(this.stack.n8n.pid)) - cpuBefore;
		const answered = Array.isArray(response.data)
			? (response.data as Record<string, unknown>[])
			: [];
		const ok = response.status === 200 ? answered.filter(succeeded).length : 0;
		return {
			seconds,
			cpuSeconds,
			failed: items - ok,
			status: response.status,
			timeline: this.timeline(from, began),
			sendingSeconds: this.sendingSeconds(from),
			firstRequestSeconds: this.firstRequestSeconds(from, began),
		};
	}

	/** `count` executions of one uploaded photo each, all posted at once. */
	async burst(webhookPath: string, count: number) {
		const cpuBefore = await settledCpuSeconds(this.stack.n8n.pid);
		const from = this.stack.emulator.requests.length;
		const began = Date.now();
		const started = performance.now();
		const answers = await Promise.all(
			Array.from({ length: count }, (_, n) =>
				axios.post(this.url(webhookPath), this.image, {
					headers: {
						'content-type': 'image/jpeg',
						'content-disposition': `attachment; filename="id-${n}.jpg"`,
					},
					timeout: 30 * 60_000,
					validateStatus: () => true,
				}),
			),
		);
		const seconds = (performance.now() - started) / 1000;
		const cpuSeconds = (await settledCpuSeconds(this.stack.n8n.pid)) - cpuBefore;
		const failed = answers.filter(
			(answer) => answer.status !== 200 || !succeeded(answer.data as Record<string, unknown>),
		).length;
		return {
			seconds,
			cpuSeconds,
			failed,
			timeline: this.timeline(from, began),
			sendingSeconds: this.sendingSeconds(from),
			firstRequestSeconds: this.firstRequestSeconds(from, began),
		};
	}

	/** From the first POST to n8n to the first request to Argos: n8n's work and the pre-flight. */
	private firstRequestSeconds(from: number, began: number): number {
		const first = this.stack.emulator.requests[from];
		return first ? (Date.parse(first.receivedAt) - began) / 1000 : NaN;
	}

	/** From the first request to Argos to its last good answer. */
	private sendingSeconds(from: number): number {
		const requests = this.stack.emulator.requests.slice(from);
		const answered = requests.filter((request) => request.status === 200);
		if (answered.length === 0) return NaN;
		const first = Date.parse(requests[0].receivedAt);
		const last =
			Math.max(...answered.map((request) => Date.parse(request.receivedAt))) + LATENCY_MS;
		return (last - first) / 1000;
	}

	/**
	 * When the first request reached Argos after the run began, then per second from there: good answers / 429s,
	 * e.g. "+0.4 s: 12/3 24/0 …".
	 */
	private timeline(from: number, began: number): string {
		const requests = this.stack.emulator.requests.slice(from);
		if (requests.length === 0) return '';
		const start = Date.parse(requests[0].receivedAt);
		const ok = perSecond(
			requests.filter((r) => r.status === 200).map((r) => Date.parse(r.receivedAt) + LATENCY_MS),
			start,
		);
		const refused = perSecond(
			requests.filter((r) => r.status === 429).map((r) => Date.parse(r.receivedAt)),
			start,
		);
		const seconds = Array.from(
			{ length: Math.max(ok.length, refused.length) },
			(_, second) => `${ok[second] ?? 0}/${refused[second] ?? 0}`,
		);
		return `+${((start - began) / 1000).toFixed(1)} s: ${seconds.join(' ')}`;
	}

	async throughputRound(cap: number, round: number, settings: Settings, pattern: string) {
		this.stack.emulator.throttle(cap);
		const limit = limitOf(cap, LATENCY_MS);
		const record = (
			flavour: Flavour,
			shape: 'batch' | 'burst',
			items: number,
			run: {
				seconds: number;
				sendingSeconds: number;
				firstRequestSeconds: number;
				failed: number;
				cpuSeconds: number;
				timeline: string;
			},
		) => {
			const { timeline, ...figures } = run;
			this.throughput.push({ flavour, shape, cap, round, items, ...figures });
			const rate = items / run.seconds;
			log(
				`cap ${cap}, round ${round}, ${flavour} ${shape}: ${rate.toFixed(1)} items/s (${Math.round((rate / limit) * 100)}% of ${limit}), ${run.failed} failed, ${run.cpuSeconds.toFixed(1)} CPU s; first request, then answers/429s per second: ${timeline}`,
			);
		};
		if (settings.parts.has('batch')) {
			record(
				'node',
				'batch',
				settings.items,
				await this.batch(PATHS.nodeBatch, pattern, settings.items),
			);
			record(
				'diy',
				'batch',
				settings.items,
				await this.batch(PATHS.diyBatch, pattern, settings.items),
			);
		}
		if (settings.parts.has('burst')) {
			record('node', 'burst', settings.items, await this.burst(PATHS.nodeBurst, settings.items));
			record('diy', 'burst', settings.items, await this.burst(PATHS.diyBurst, settings.items));
		}
	}

	async capChangeRun(pattern: string) {
		const { emulator } = this.stack;
		const { caps, phaseSeconds, items } = CAP_CHANGE;
		emulator.throttle(caps[0]);
		const from = emulator.requests.length;
		// The phases start with the first request to Argos, not with the webhook call (n8n reads the files first).
		let start = Infinity;
		const timers: NodeJS.Timeout[] = [];
		const watch = setInterval(() => {
			if (emulator.requests.length === from) return;
			clearInterval(watch);
			start = Date.parse(emulator.requests[from].receivedAt);
			caps
				.slice(1)
				.forEach((cap, index) =>
					timers.push(
						setTimeout(
							() => emulator.throttle(cap),
							start + (index + 1) * phaseSeconds * 1000 - Date.now(),
						),
					),
				);
		}, 10);
		const run = await this.batch(PATHS.nodeBatch, pattern, items);
		clearInterval(watch);
		timers.forEach(clearTimeout);
		const until = emulator.requests.length;
		const readOnly = await this.batch(PATHS.readOnly, pattern, 0);
		emulator.throttle(undefined);
		const stopOnFail = await this.batch(PATHS.nodeBatchStopOnFail, pattern, items);
		const answeredAt = emulator.requests
			.slice(from, until)
			.filter((request) => request.status === 200)
			.map((request) => Date.parse(request.receivedAt) + LATENCY_MS);
		const capAt = (second: number) =>
			caps[Math.min(caps.length - 1, Math.floor(second / phaseSeconds))];
		const counts = perSecond(answeredAt, start);
		// The last window is cut short by the end of the batch.
		const windows = counts.map((answered, second) => ({
			answered,
			limit: limitOf(capAt(second), LATENCY_MS),
		}));
		const riseAt = (caps.length - 1) * phaseSeconds;
		const recovered = windows.findIndex(
			(window, second) =>
				second >= riseAt && second < windows.length - 1 && window.answered >= 0.9 * window.limit,
		);
		const lastAnswer = Math.max(...answeredAt);
		const phases = caps.map((cap, index) => {
			const fromSecond = index * phaseSeconds;
			const toSecond =
				index === caps.length - 1 ? (lastAnswer - start) / 1000 : (index + 1) * phaseSeconds;
			const count = answeredAt.filter(
				(at) => at - start >= fromSecond * 1000 && at - start < toSecond * 1000,
			).length;
			return {
				cap,
				fromSecond,
				toSecond: Math.round(toSecond * 10) / 10,
				itemsPerSecond: count / (toSecond - fromSecond),
			};
		});
		this.capChange = {
			firstRequestSeconds: run.firstRequestSeconds,
			readOnlySeconds: readOnly.seconds,
			stopOnFailFirstRequestSeconds: stopOnFail.firstRequestSeconds,
			windows,
			recoverySeconds: recovered === -1 ? undefined : recovered + 1 - riseAt,
			failed: run.failed,
			items,
			phases,
		};
		log(
			`cap ${caps.join(' → ')}: ${run.failed} failed; per second ${windows.map((window) => window.answered).join(' ')}; back above 90% ${this.capChange.recoverySeconds ?? 'never'} s after the rise`,
		);
	}

	async cpuRound(pattern: string, folder: string, items: number) {
		this.stack.emulator.throttle(undefined);
		const node = await this.batch(PATHS.nodeBatch, pattern, items);
		const diy = await this.batch(PATHS.diyBatch, pattern, items);
		const readOnly = await this.batch(PATHS.readOnly, pattern, 0);
		const floor = await runFloor(this.stack, folder);
		const round: CpuRound = {
			items,
			floor: floor.cpuSeconds / floor.items,
			node: node.cpuSeconds / items,
			diy: diy.cpuSeconds / items,
			readOnly: readOnly.cpuSeconds / items,
			readOnlySeconds: readOnly.seconds,
		};
		this.cpu.push(round);
		const ms = (seconds: number) => `${(seconds * 1000).toFixed(2)} ms`;
		log(
			`CPU per item: floor ${ms(round.floor)}, node ${ms(round.node)} (read files only ${ms(round.readOnly)}), do-it-yourself ${ms(round.diy)}`,
		);
	}

	async memoryRun(flavour: Flavour, pattern: string) {
		this.stack.emulator.throttle(undefined);
		const baseline = this.stack.n8n.memoryKb();
		const sampler = peakSampler(() => this.stack.n8n.memoryKb());
		let run: { failed: number; status?: number } | undefined;
		let note: string | undefined;
		try {
			run = await this.batch(
				flavour === 'node' ? PATHS.nodeBatch : PATHS.diyBatch,
				pattern,
				LARGE.items,
			);
		} catch (error) {
			note = `the execution failed: ${(error as Error).message}`;
		}
		const peakExtraMb = (sampler.stop() - baseline) / 1024;
		const ok = run !== undefined && run.failed === 0;
		if (run && !ok)
			note = `${run.failed} of ${LARGE.items} items without a result (HTTP ${run.status})`;
		this.memory.push({
			flavour,
			items: LARGE.items,
			megabytesPerImage: LARGE.megabytes,
			peakExtraMb,
			ok,
			note,
		});
		log(
			`memory, ${flavour}, ${LARGE.items} × ${LARGE.megabytes} MB: +${peakExtraMb.toFixed(0)} MB, ${ok ? 'all answered' : note}`,
		);
	}
}

async function runFloor(
	stack: ArgosStack,
	folder: string,
): Promise<{ items: number; cpuSeconds: number }> {
	const { node } = runtimeLayout(stack.n8n.runtimeDir);
	const { stdout } = await promisify(execFile)(node, [
		path.join(__dirname, 'floor.mjs'),
		`${stack.emulator.url}/document`,
		EMULATOR_API_KEY,
		folder,
		'20',
	]);
	const result = JSON.parse(stdout) as { items: number; failed: number; cpuSeconds: number };
	if (result.failed) throw new Error(`the floor script had ${result.failed} failed requests`);
	return result;
}

function machine(stack: ArgosStack): string[] {
	const { node } = runtimeLayout(stack.n8n.runtimeDir);
	const n8nVersion = (
		JSON.parse(
			readFileSync(path.join(stack.n8n.runtimeDir, 'node_modules', 'n8n', 'package.json'), 'utf8'),
		) as { version: string }
	).version;
	return [
		`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}`,
		`n8n ${n8nVersion} on Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()} (regular mode, SQLite, binary data on the file system); the bench and the emulator on Node ${process.version}`,
	];
}

async function main() {
	const settings = parseArgs(process.argv.slice(2));
	const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
	const samples = path.join(__dirname, '..', 'samples');
	await writeSampleImages(samples);
	const image = readFileSync(path.join(samples, 'genuine.jpg'));
	const root = mkdtempSync(path.join(os.tmpdir(), 'argos-bench-'));
	const batchPattern = writeCopies(path.join(root, 'batch'), image, settings.items);
	const changePattern = writeCopies(path.join(root, 'change'), image, CAP_CHANGE.items);
	const largePattern =
		settings.parts.has('memory') || settings.parts.has('diy-memory')
			? writeCopies(
					path.join(root, 'large'),
					withLeadingComments(image, LARGE.megabytes * 1024 - image.length / 1024),
					LARGE.items,
				)
			: '';
	const loadBefore = os.loadavg()[0];

	log('starting n8n and the emulator');
	const stack = await startArgosStack({
		emulator: { latencyMs: LATENCY_MS, retryAfterSeconds: RETRY_AFTER_SECONDS },
		env: { N8N_RESTRICT_FILE_ACCESS_TO: root },
	});
	try {
		for (const workflow of benchmarkWorkflows(`${stack.emulator.url}/document`, EMULATOR_API_KEY))
			await stack.rest.createAndActivateWorkflow(workflow);
		const bench = new Bench(stack, image);
		log('warming up (no cap)');
		stack.emulator.throttle(undefined);
		await bench.batch(PATHS.nodeBatch, batchPattern, settings.items);
		await bench.batch(PATHS.diyBatch, batchPattern, settings.items);

		for (const cap of settings.caps)
			for (let round = 1; round <= settings.rounds; round++)
				await bench.throughputRound(cap, round, settings, batchPattern);
		if (settings.parts.has('change')) await bench.capChangeRun(changePattern);
		if (settings.parts.has('cpu'))
			for (let round = 1; round <= settings.rounds; round++)
				await bench.cpuRound(batchPattern, path.join(root, 'batch'), settings.items);
		if (settings.parts.has('memory')) await bench.memoryRun('node', largePattern);
		// Last: it may take n8n down.
		if (settings.parts.has('diy-memory')) await bench.memoryRun('diy', largePattern);

		const chartFile = path.join(path.dirname(settings.out), 'benchmarks-throughput.svg');
		const report: BenchReport = {
			machine: machine(stack),
			date: new Date().toISOString(),
			command,
			settings: [
				`Emulator: ${LATENCY_MS} ms per request, 429 with Retry-After: ${RETRY_AFTER_SECONDS} beyond the cap on requests in flight; ${settings.items} JPEGs of ${(image.length / 1024).toFixed(0)} KB`,
				`${settings.rounds} round(s) per cap; in each, the node and the do-it-yourself workflow run one after the other`,
				`Load average (1 min) before and after: ${loadBefore.toFixed(1)}, ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
				`Summaries: medians of items/s (min–max) over the rounds; "items/s" is items (failed ones included) divided by the time from the first POST to the last answer of n8n's webhook, so it includes n8n's own work before the first request (Read Files, the pre-flight) and after the last; "while sending" counts good answers from the first request to Argos to the last good answer`,
			],
			latencyMs: LATENCY_MS,
			throughput: bench.throughput,
			capChange: bench.capChange,
			cpu: bench.cpu,
			memory: bench.memory,
			chartFile: path.basename(chartFile),
		};
		writeFileSync(chartFile, throughputChart(report));
		writeFileSync(settings.out, benchmarksMarkdown(report));
		log(`wrote ${settings.out} and ${chartFile}`);
		const medians = summarize(bench.throughput.map((run) => run.items / run.seconds));
		log(
			`done: ${bench.throughput.length} throughput runs, items/s median ${medians.median.toFixed(1)}`,
		);
	} finally {
		await stack.stop();
		rmSync(root, { recursive: true, force: true });
	}
}

void main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
