/**
 * The Argos ID Liveness node against the do-it-yourself workflow (Extract From File + HTTP Request) in a real n8n,
 * with the emulator standing in for Argos: 250 ms per request, and each vendor model of vendorModels.ts in turn (a cap
 * on requests in flight refused at once or after the latency, a slot freed late, Retry-After 0 or none, 503, rate
 * limits by sliding window, fixed window or token bucket, a cap and a rate together). Writes docs/BENCHMARKS.md and
 * its chart. See benchmarks/README.md.
 *
 *   npm run bench                                  # every model and level, every part
 *   npm run bench -- --models "cap, 429 at once" --levels 3,20 --skip large,change,cpu,memory,diy-memory
 *   npm run bench -- --full-models "cap, 429 at once|rate, sliding window" --burst-levels 3,12
 *   npm run bench -- --models "rate, token bucket" --rate-levels 5,20 --skip large,burst,change,cpu,memory,diy-memory,kyc
 *   npm run bench -- --skip batch,large,burst,change,cpu,memory,diy-memory   # the KYC decision alone
 */
import axios from 'axios';
import { execFileSync, execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { DEFAULT_LIMITS, type LimitSettings, type RecordedRequest } from '../emulator';
import { writeFamilySamples } from '../emulator/family/familySamples';
import { withLeadingComments, writeSampleImages } from '../emulator/sampleImages';
import {
	EMULATOR_API_KEY,
	startArgosStack,
	type ArgosStack,
} from '../tools/argos-stack/argosStack';
import { runtimeLayout } from '../tools/n8n/paths';
import { peakSampler, perSecond, settledCpuSeconds, summarize } from './measure';
import {
	benchmarksMarkdown,
	throughputChart,
	type BenchReport,
	type CapChangeRun,
	type CpuRound,
	type Flavour,
	type KycReport,
	type KycRun,
	type MemoryRun,
	type SendingStart,
	type Shape,
	type ThroughputRun,
} from './report';
import {
	CAP_CHANGE,
	capChangeLimits,
	effectiveLimit,
	LATENCY_MS,
	levelsOf,
	limitOf,
	modelsNamed,
	otherLevels,
	type OtherLevels,
	type VendorModel,
} from './vendorModels';
import { benchmarkWorkflows, KYC_CHECKS, PATHS, succeeded, writeCopies } from './workflows';

const CHANGE_ITEMS = 800;
const LARGE = { items: 100, megabytes: 8 };
/** Items of the uncounted batch that shows the governor a model before its runs are measured. */
const WARM_UP_ITEMS = 60;
const PARTS = ['batch', 'large', 'burst', 'change', 'cpu', 'memory', 'diy-memory', 'kyc'] as const;
type Part = (typeof PARTS)[number];
/** Uncounted applicants before the KYC runs: 60 calls, as many as the other parts' warm-up. */
const KYC_WARM_UP_APPLICANTS = 15;

interface Settings {
	rounds: number;
	models: VendorModel[];
	/** The models that also run the do-it-yourself workflow, the 1,000-item batch, the bursts and the cap change. */
	fullModels: Set<string>;
	levels: number[] | undefined;
	otherLevels: OtherLevels;
	/** The levels bursts run at (all when undefined). */
	burstLevels: number[] | undefined;
	items: number;
	largeItems: number;
	parts: Set<Part>;
	/** The KYC decision: applicants in its one execution, and the vendor model and level it runs against. */
	kycApplicants: number;
	kycModel: VendorModel;
	kycLevel: number;
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
		rounds: Number(value('rounds') ?? 1),
		models: modelsNamed(value('models')),
		fullModels: new Set(modelsNamed(value('full-models')).map((model) => model.name)),
		levels: value('levels')?.split(',').map(Number),
		otherLevels: otherLevels(value),
		burstLevels: value('burst-levels')?.split(',').map(Number),
		items: Number(value('items') ?? 200),
		largeItems: Number(value('large-items') ?? 1000),
		parts: new Set(PARTS.filter((part) => !skip.has(part))),
		kycApplicants: Number(value('kyc-applicants') ?? 50),
		// A cap that binds at the four calls' pace, and that the do-it-yourself batching (8 per 300 ms) is set for.
		kycModel: modelsNamed(value('kyc-model') ?? 'cap, 429 at once')[0],
		kycLevel: Number(value('kyc-level') ?? 8),
		out: path.resolve(value('out') ?? path.join(__dirname, '..', 'docs', 'BENCHMARKS.md')),
	};
}

/** Which models ran which parts, when not all of them ran everything. */
function fullModelsSetting(settings: Settings): string {
	const partial = settings.models.filter((model) => !settings.fullModels.has(model.name));
	const burstLevels =
		settings.burstLevels === undefined
			? ''
			: ` (bursts at ${settings.burstLevels.join(', ')} only)`;
	if (partial.length === 0) return `Every model ran every part${burstLevels}`;
	return `The do-it-yourself workflow, the 1,000-item batch, the bursts${burstLevels} and the cap change (cap models) ran for ${[...settings.fullModels].join('; ')}; the other models (${partial.map((model) => model.name).join('; ')}) ran the node's batch of ${settings.items} at every level`;
}

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const at = (time: string | undefined) => (time === undefined ? NaN : Date.parse(time));

type RunFigures = { seconds: number; cpuSeconds: number; failed: number } & ReturnType<
	typeof vendorView
>;

/** What Argos saw of one run: requests, refusals (all, and once a fifth of the answers were in), timings. */
function vendorView(requests: RecordedRequest[], began: number) {
	const good = requests.filter((request) => request.status !== null && request.status < 300);
	const refused = requests.filter((request) => request.status === 429 || request.status === 503);
	const first = requests.length ? at(requests[0].receivedAt) : NaN;
	const lastAnswer = Math.max(...good.map((request) => at(request.answeredAt)));
	const fifth = good.map((request) => at(request.answeredAt)).sort((a, b) => a - b)[
		Math.floor(good.length / 5)
	];
	const steady = requests.filter((request) => at(request.receivedAt) >= fifth);
	const ok = perSecond(
		good.map((request) => at(request.answeredAt)),
		first,
	);
	const refusedPerSecond = perSecond(
		refused.map((request) => at(request.receivedAt)),
		first,
	);
	const timeline = Array.from(
		{ length: Math.max(ok.length, refusedPerSecond.length) },
		(_, second) => `${ok[second] ?? 0}/${refusedPerSecond[second] ?? 0}`,
	);
	return {
		requests: requests.length,
		refused: refused.length,
		turnarounds: turnarounds(requests, good),
		steadyRequests: steady.length,
		steadyRefused: steady.filter((request) => request.status === 429 || request.status === 503)
			.length,
		/** From the POST to n8n to the first request to Argos: n8n's work and the pre-flight. */
		firstRequestSeconds: (first - began) / 1000,
		/** From the first request to Argos to its last good answer. */
		sendingSeconds: good.length ? (lastAnswer - first) / 1000 : NaN,
		timeline: requests.length
			? `+${((first - began) / 1000).toFixed(1)} s: ${timeline.join(' ')}`
			: '',
		goodAnsweredAt: good.map((request) => at(request.answeredAt)),
		first,
	};
}

/**
 * For each good answer: how many requests Argos had accepted and not answered when it left (this one included), and
 * the time until the next request reached Argos. After an answer that left a cap's wire full, the next request is the
 * one that waited for its place, so that time is n8n's turnaround: reading the answer, the next request's turn, the
 * HTTP client. The place stands empty meanwhile; no client in that n8n gets more than cap ÷ (latency + turnaround).
 */
function turnarounds(
	requests: RecordedRequest[],
	good: RecordedRequest[],
): Array<{ inFlight: number; gapMs: number }> {
	const arrivals = requests.map((request) => at(request.receivedAt)).sort((a, b) => a - b);
	const result: Array<{ inFlight: number; gapMs: number }> = [];
	for (const request of good) {
		const answered = at(request.answeredAt);
		const next = arrivals.find((arrival) => arrival >= answered);
		if (next === undefined) continue;
		const inFlight = good.filter(
			(other) => at(other.receivedAt) <= answered && at(other.answeredAt) >= answered,
		).length;
		result.push({ inFlight, gapMs: next - answered });
	}
	return result;
}

/** The median turnaround after answers that left the wire full at `cap`; undefined when none did. */
function fullWireTurnaroundMs(
	answers: Array<{ inFlight: number; gapMs: number }>,
	cap: number,
): number | undefined {
	const gaps = answers.filter((answer) => answer.inFlight >= cap).map((answer) => answer.gapMs);
	return gaps.length ? summarize(gaps).median : undefined;
}

class Bench {
	readonly throughput: ThroughputRun[] = [];
	readonly cpu: CpuRound[] = [];
	readonly memory: MemoryRun[] = [];
	readonly capChanges: CapChangeRun[] = [];
	sendingStart?: SendingStart;
	kyc?: Omit<KycReport, 'machine' | 'date' | 'command' | 'latencyMs'>;

	constructor(
		private readonly stack: ArgosStack,
		private readonly image: Buffer,
	) {}

	private url(webhookPath: string): string {
		return this.stack.n8n.webhookUrl(webhookPath);
	}

	/** Sets the emulator to exactly these limits (every setting not named back to its default). */
	private limit(limits: LimitSettings) {
		this.stack.emulator.setLimits({ ...DEFAULT_LIMITS, schedule: [], ...limits });
	}

	/** One execution started by POSTing `body`: the items it answered with (none unless HTTP 200), its cost, Argos' view. */
	private async execute(webhookPath: string, body: Record<string, unknown>) {
		const cpuBefore = await settledCpuSeconds(this.stack.n8n.pid);
		const from = this.stack.emulator.requests.length;
		const began = Date.now();
		const started = performance.now();
		const response = await axios.post(this.url(webhookPath), body, {
			timeout: 30 * 60_000,
			maxContentLength: Infinity,
			validateStatus: () => true,
		});
		const seconds = (performance.now() - started) / 1000;
		const cpuSeconds = (await settledCpuSeconds(this.stack.n8n.pid)) - cpuBefore;
		const answered =
			response.status === 200 && Array.isArray(response.data)
				? (response.data as Record<string, unknown>[])
				: [];
		return {
			seconds,
			cpuSeconds,
			status: response.status,
			answered,
			...vendorView(this.stack.emulator.requests.slice(from), began),
		};
	}

	/** One execution over the files `pattern` matches; counts the items that came back without a result. */
	async batch(webhookPath: string, pattern: string, items: number) {
		const run = await this.execute(webhookPath, { pattern });
		return { ...run, failed: items - run.answered.filter(succeeded).length };
	}

	/**
	 * The KYC decision over `applicants` (one execution, four checks each) against the model and level in force. An
	 * applicant fails when any of its checks gave no result; a check missing from the answer counts as failed.
	 */
	async kycRun(flavour: Flavour, files: ApplicantFiles, applicants: number): Promise<KycRun> {
		const run = await this.execute(flavour === 'node' ? PATHS.kycNode : PATHS.kycDiy, files);
		const passedChecks = (outcome: Record<string, unknown>) =>
			KYC_CHECKS.filter((check) => outcome[check] === true).length;
		const calls = applicants * KYC_CHECKS.length;
		return {
			flavour,
			applicants,
			calls,
			seconds: run.seconds,
			sendingSeconds: run.sendingSeconds,
			firstRequestSeconds: run.firstRequestSeconds,
			failedApplicants:
				applicants -
				run.answered.filter((outcome) => passedChecks(outcome) === KYC_CHECKS.length).length,
			failedCalls: calls - run.answered.reduce((sum, outcome) => sum + passedChecks(outcome), 0),
			goodAnswers: run.goodAnsweredAt.length,
			requests: run.requests,
			refused: run.refused,
			cpuSeconds: run.cpuSeconds,
		};
	}

	/** The KYC part: an uncounted round of each workflow at the model's limit, then the node's run and the DIY run. */
	async kycPart(settings: Settings, files: { warmUp: ApplicantFiles; measured: ApplicantFiles }) {
		const { kycModel: model, kycLevel: level, kycApplicants: applicants } = settings;
		this.limit(model.limits(level));
		const limit = effectiveLimit(model, level);
		for (const flavour of ['node', 'diy'] as const)
			await this.kycRun(flavour, files.warmUp, KYC_WARM_UP_APPLICANTS);
		const loadAverageBefore = readFileSync('/proc/loadavg', 'utf8').trim();
		const runs: KycRun[] = [];
		for (const flavour of ['node', 'diy'] as const) {
			const run = await this.kycRun(flavour, files.measured, applicants);
			runs.push(run);
			log(
				`KYC decision, ${model.name} ${level}, ${flavour}: ${(applicants / run.seconds).toFixed(2)} applicants/s, ${Math.round((run.goodAnswers / run.sendingSeconds / limit) * 100)}% of the limit while sending, ${run.failedApplicants} of ${applicants} applicants and ${run.failedCalls} of ${run.calls} calls failed, ${run.refused} of ${run.requests} requests refused, ${((run.cpuSeconds * 1000) / applicants).toFixed(1)} CPU ms per applicant`,
			);
		}
		this.kyc = {
			model: model.name,
			level,
			limitKind: model.limitKind,
			limit,
			loadAverageBefore,
			loadAverageAfter: readFileSync('/proc/loadavg', 'utf8').trim(),
			runs,
		};
	}

	/** `count` executions of one uploaded photo each, all posted at once. */
	async burst(webhookPath: string, count: number, answered = succeeded) {
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
			(answer) => answer.status !== 200 || !answered(answer.data as Record<string, unknown>),
		).length;
		return {
			seconds,
			cpuSeconds,
			failed,
			...vendorView(this.stack.emulator.requests.slice(from), began),
		};
	}

	/** Every measured case of one model at one level: batch, 1,000-item batch, burst beside n8n's own ceiling. */
	async modelRound(
		model: VendorModel,
		level: number,
		round: number,
		settings: Settings,
		patterns: { batch: string; warmUp: string; large: string },
	) {
		this.limit(model.limits(level));
		const limit = effectiveLimit(model, level);
		const record = (
			flavour: Flavour,
			shape: Shape,
			items: number,
			run: RunFigures,
			ceiling?: { rate: number; cpuSeconds: number },
		) => {
			this.throughput.push({
				model: model.name,
				level,
				limitKind: model.limitKind,
				limit,
				flavour,
				shape,
				round,
				items,
				ceiling: ceiling?.rate,
				ceilingCpuSeconds: ceiling?.cpuSeconds,
				seconds: run.seconds,
				sendingSeconds: run.sendingSeconds,
				firstRequestSeconds: run.firstRequestSeconds,
				failed: run.failed,
				requests: run.requests,
				refused: run.refused,
				steadyRequests: run.steadyRequests,
				steadyRefused: run.steadyRefused,
				fullWireTurnaroundMs:
					model.limitKind === 'cap' ? fullWireTurnaroundMs(run.turnarounds, level) : undefined,
				cpuSeconds: run.cpuSeconds,
			});
			const rate = items / run.seconds;
			const target = shape === 'burst' ? Math.min(limit, ceiling?.rate ?? Infinity) : limit;
			log(
				`${model.name} ${level}, round ${round}, ${flavour} ${shape}: ${rate.toFixed(1)} items/s (${Math.round((rate / target) * 100)}% of ${target.toFixed(1)}), ${Math.round(((items - run.failed) / run.sendingSeconds / limit) * 100)}% of the limit while sending, ${run.failed} failed, ${run.refused} of ${run.requests} refused (${run.steadyRefused} of ${run.steadyRequests} steady), ${run.cpuSeconds.toFixed(1)} CPU s; answers/refusals per second: ${run.timeline}`,
			);
		};
		const batch = async (flavour: Flavour, shape: Shape, webhookPath: string, pattern: string) => {
			const items = shape === 'large' ? settings.largeItems : settings.items;
			record(flavour, shape, items, await this.batch(webhookPath, pattern, items));
		};
		const full = settings.fullModels.has(model.name);
		if (settings.parts.has('batch')) {
			await batch('node', 'batch', PATHS.nodeBatch, patterns.batch);
			if (full) await batch('diy', 'batch', PATHS.diyBatch, patterns.batch);
		}
		if (
			full &&
			settings.parts.has('large') &&
			level === Math.max(...levelsOf(model, settings.levels, settings.otherLevels))
		)
			await batch('node', 'large', PATHS.nodeBatch, patterns.large);
		if (
			full &&
			settings.parts.has('burst') &&
			(settings.burstLevels === undefined || settings.burstLevels.includes(level))
		) {
			const ceiling = await this.burst(PATHS.ceilingBurst, settings.items, () => true);
			const ceilingRun = { rate: settings.items / ceiling.seconds, cpuSeconds: ceiling.cpuSeconds };
			log(
				`n8n's own ceiling (Webhook → Respond, ${settings.items} uploads at once): ${ceilingRun.rate.toFixed(1)} executions/s, ${ceiling.failed} failed, ${ceiling.cpuSeconds.toFixed(1)} CPU s`,
			);
			record(
				'node',
				'burst',
				settings.items,
				await this.burst(PATHS.nodeBurst, settings.items),
				ceilingRun,
			);
			record(
				'diy',
				'burst',
				settings.items,
				await this.burst(PATHS.diyBurst, settings.items),
				ceilingRun,
			);
		}
	}

	/** Shows the governor this model first, uncounted: in use, it has learnt Argos' limit before any measured run. */
	async warmUp(model: VendorModel, level: number, pattern: string) {
		this.limit(model.limits(level));
		await this.batch(PATHS.nodeBatch, pattern, WARM_UP_ITEMS);
	}

	async capChangeRun(model: VendorModel, pattern: string) {
		const { emulator } = this.stack;
		this.limit(model.limits(CAP_CHANGE.caps[0]));
		await this.batch(PATHS.nodeBatch, pattern, WARM_UP_ITEMS);
		// The schedule starts with the first request to Argos, not with the webhook call (n8n reads the files first).
		this.limit(capChangeLimits(model));
		const run = await this.batch(PATHS.nodeBatch, pattern, CHANGE_ITEMS);
		const answeredAt = run.goodAnsweredAt;
		const start = run.first;
		const { caps, phaseMs } = CAP_CHANGE;
		const phaseSeconds = phaseMs / 1000;
		const capAt = (second: number) =>
			caps[Math.min(caps.length - 1, Math.floor(second / phaseSeconds))];
		const counts = perSecond(answeredAt, start);
		// The last window is cut short by the end of the batch.
		const windows = counts.map((answered, second) => ({
			answered,
			limit: limitOf(model, capAt(second)),
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
				(time) => time - start >= fromSecond * 1000 && time - start < toSecond * 1000,
			).length;
			return {
				cap,
				limit: limitOf(model, cap),
				fromSecond,
				toSecond: Math.round(toSecond * 10) / 10,
				itemsPerSecond: count / (toSecond - fromSecond),
			};
		});
		const change: CapChangeRun = {
			model: model.name,
			firstRequestSeconds: run.firstRequestSeconds,
			windows,
			recoverySeconds: recovered === -1 ? undefined : recovered + 1 - riseAt,
			failed: run.failed,
			refused: run.refused,
			requests: run.requests,
			items: CHANGE_ITEMS,
			phases,
		};
		this.capChanges.push(change);
		emulator.setLimits({ schedule: [] });
		log(
			`${model.name}, cap ${caps.join(' → ')}: ${run.failed} failed, ${run.refused} of ${run.requests} refused; per second ${windows.map((window) => window.answered).join(' ')}; back above 90% ${change.recoverySeconds ?? 'never'} s after the rise`,
		);
	}

	/**
	 * When the first request of a large batch leaves: each item sent once checked (continue on fail), every item
	 * checked first (stop on failure), against Webhook → Read Files alone; no limit.
	 */
	async sendingStartRun(pattern: string, items: number) {
		this.limit({});
		const readOnly = await this.batch(PATHS.readOnly, pattern, 0);
		const continuing = await this.batch(PATHS.nodeBatch, pattern, items);
		const stopping = await this.batch(PATHS.nodeBatchStopOnFail, pattern, items);
		this.sendingStart = {
			items,
			readOnlySeconds: readOnly.seconds,
			continueFirstRequestSeconds: continuing.firstRequestSeconds,
			stopFirstRequestSeconds: stopping.firstRequestSeconds,
		};
		log(
			`${items} items, first request after ${continuing.firstRequestSeconds.toFixed(2)} s continuing on fail, ${stopping.firstRequestSeconds.toFixed(2)} s stopping on failure; Read Files alone ${readOnly.seconds.toFixed(2)} s`,
		);
	}

	async cpuRound(pattern: string, folder: string, items: number) {
		this.limit({});
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
		this.limit({});
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

/**
 * BENCHMARKS.md and its chart from the runs saved as JSON beside them, with the KYC decision's section when its run is
 * saved too: a run of some parts writes the JSON of what it measured, and the page is always rewritten from both files,
 * so a KYC-only run leaves the other parts' figures as they were and `--report-only` gives the same page again.
 */
function writePage(out: string): void {
	const { chart, runs, kyc } = reportFiles(out);
	if (!existsSync(runs))
		throw new Error(`${runs} is missing: run the other parts once before writing the page`);
	const report = JSON.parse(readFileSync(runs, 'utf8')) as BenchReport;
	const kycReport = existsSync(kyc)
		? (JSON.parse(readFileSync(kyc, 'utf8')) as KycReport)
		: undefined;
	writeFileSync(chart, throughputChart(report));
	writeFileSync(out, benchmarksMarkdown({ ...report, chartFile: path.basename(chart) }, kycReport));
	log(`wrote ${out} and ${chart}`);
}

function writeJson(file: string, value: unknown): void {
	writeFileSync(file, JSON.stringify(value, null, '\t') + '\n');
	log(`wrote ${file}`);
}

function reportFiles(out: string) {
	return {
		chart: path.join(path.dirname(out), 'benchmarks-throughput.svg'),
		runs: path.join(path.dirname(out), 'benchmarks-runs.json'),
		kyc: path.join(path.dirname(out), 'benchmarks-kyc.json'),
	};
}

/** Globs of the ID fronts and of the selfies, one of each per applicant: the KYC workflows' webhook body. */
type ApplicantFiles = { fronts: string; selfies: string };

function writeApplicants(
	folder: string,
	photos: { front: Buffer; selfie: Buffer },
	count: number,
): ApplicantFiles {
	return {
		fronts: writeCopies(path.join(folder, 'fronts'), photos.front, count),
		selfies: writeCopies(path.join(folder, 'selfies'), photos.selfie, count),
	};
}

async function main() {
	const settings = parseArgs(process.argv.slice(2));
	if (process.argv.includes('--report-only')) return writePage(settings.out);
	const runsOtherParts = [...settings.parts].some((part) => part !== 'kyc');
	const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
	const samples = path.join(__dirname, '..', 'samples');
	await writeSampleImages(samples);
	const image = readFileSync(path.join(samples, 'genuine.jpg'));
	const root = mkdtempSync(path.join(os.tmpdir(), 'argos-bench-'));
	const patterns = {
		batch: writeCopies(path.join(root, 'batch'), image, settings.items),
		warmUp: writeCopies(path.join(root, 'warm-up'), image, WARM_UP_ITEMS),
		large: settings.parts.has('large')
			? writeCopies(path.join(root, 'large'), image, settings.largeItems)
			: '',
	};
	const changePattern = writeCopies(path.join(root, 'change'), image, CHANGE_ITEMS);
	let applicantFiles: { warmUp: ApplicantFiles; measured: ApplicantFiles } | undefined;
	if (settings.parts.has('kyc')) {
		// Ada's ID front and selfie: every check passes, so any failed call is the limit's doing.
		const family = path.join(samples, 'family');
		await writeFamilySamples(family);
		const photos = {
			front: readFileSync(path.join(family, 'id-ada.jpg')),
			selfie: readFileSync(path.join(family, 'selfie-ada.jpg')),
		};
		applicantFiles = {
			warmUp: writeApplicants(path.join(root, 'kyc-warm-up'), photos, KYC_WARM_UP_APPLICANTS),
			measured: writeApplicants(path.join(root, 'kyc'), photos, settings.kycApplicants),
		};
	}
	const memoryPattern =
		settings.parts.has('memory') || settings.parts.has('diy-memory')
			? writeCopies(
					path.join(root, 'memory'),
					withLeadingComments(image, LARGE.megabytes * 1024 - image.length / 1024),
					LARGE.items,
				)
			: '';
	const loadBefore = os.loadavg()[0];
	const started = new Date().toISOString();

	log('starting n8n and the emulator');
	const stack = await startArgosStack({
		emulator: { latencyMs: LATENCY_MS },
		env: { N8N_RESTRICT_FILE_ACCESS_TO: root },
	});
	try {
		for (const workflow of benchmarkWorkflows(stack.emulator.url, EMULATOR_API_KEY))
			await stack.rest.createAndActivateWorkflow(workflow);
		const bench = new Bench(stack, image);
		if (runsOtherParts) {
			log('warming up n8n (no limit)');
			stack.emulator.setLimits({ ...DEFAULT_LIMITS });
			await bench.batch(PATHS.nodeBatch, patterns.batch, settings.items);
			await bench.batch(PATHS.diyBatch, patterns.batch, settings.items);

			for (const model of settings.models)
				for (const level of levelsOf(model, settings.levels, settings.otherLevels)) {
					await bench.warmUp(model, level, patterns.warmUp);
					for (let round = 1; round <= settings.rounds; round++)
						await bench.modelRound(model, level, round, settings, patterns);
				}
		}
		if (settings.parts.has('change'))
			for (const model of settings.models.filter(
				(candidate) =>
					settings.fullModels.has(candidate.name) &&
					candidate.limitKind === 'cap' &&
					!candidate.limits(1).rateLimit,
			))
				await bench.capChangeRun(model, changePattern);
		if (settings.parts.has('change')) await bench.sendingStartRun(changePattern, CHANGE_ITEMS);
		if (applicantFiles) await bench.kycPart(settings, applicantFiles);
		if (settings.parts.has('cpu'))
			for (let round = 1; round <= Math.max(3, settings.rounds); round++)
				await bench.cpuRound(patterns.batch, path.join(root, 'batch'), settings.items);
		if (settings.parts.has('memory')) await bench.memoryRun('node', memoryPattern);
		// Last: it may take n8n down.
		if (settings.parts.has('diy-memory')) await bench.memoryRun('diy', memoryPattern);

		const files = reportFiles(settings.out);
		if (bench.kyc)
			writeJson(files.kyc, {
				machine: machine(stack),
				date: new Date().toISOString(),
				command,
				latencyMs: LATENCY_MS,
				...bench.kyc,
			} satisfies KycReport);
		if (!runsOtherParts) return writePage(settings.out);
		const report: BenchReport = {
			machine: machine(stack),
			date: new Date().toISOString(),
			command,
			settings: [
				`Emulator: ${LATENCY_MS} ms per request; the vendor models of [benchmarks/vendorModels.ts](../benchmarks/vendorModels.ts), each at its levels; ${settings.items} JPEGs of ${(image.length / 1024).toFixed(0)} KB`,
				`${settings.rounds} round(s) per model and level, after an uncounted batch of ${WARM_UP_ITEMS} items that shows the governor the model (in use, it has learnt Argos' limit before); in each round the node and the do-it-yourself workflow run one after the other, and each burst right after n8n's own ceiling is measured`,
				fullModelsSetting(settings),
				`Run from ${started} to ${new Date().toISOString()}; load average (1 min) before and after: ${loadBefore.toFixed(1)}, ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (other work on the machine shows up in every figure)`,
			],
			latencyMs: LATENCY_MS,
			throughput: bench.throughput,
			capChanges: bench.capChanges,
			sendingStart: bench.sendingStart,
			cpu: bench.cpu,
			memory: bench.memory,
		};
		writeJson(files.runs, report);
		writePage(settings.out);
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
