/**
 * The request governor driven directly against the vendor models, without n8n: each item acquires a slot, waits for
 * the wire, posts, reports the answer and, when refused, waits what the governor says and asks again first in line,
 * as the node's transport does. Fast enough to try an idea on every model in minutes; `npm run bench` then measures
 * the node in a real n8n.
 *
 *   npm run bench:governor                          # every model and level, over loopback to the emulator
 *   npm run bench:governor -- --virtual             # the same in virtual time: seconds, deterministic, no load noise
 *   npm run bench:governor -- --models "cap, 429 at once" --levels 3 --shapes batch
 *
 * Options: --virtual, --models a|b (names from vendorModels.ts, | between them), --levels 3,8,12 (each model runs
 * only the levels of its kind among these), --cap-levels 2,5,12 and --rate-levels 5,20,50 (other limits than the
 * issue's, for the models of that kind), --shapes batch,large,burst,change,relearn, --items 200, --arrivals 30 (burst:
 * executions reaching the governor per second), --rounds 2 (round 1 with a new governor, later ones with the same
 * after 6 idle seconds), --jitter-ms 0 (virtual: latency spread evenly over this many ms around 250 ms), --json
 * FILE, --trace (every answer with the governor's state after it).
 */
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { startEmulator, VendorLimiter, type LimitSettings } from '../emulator';
import { writeSampleImages } from '../emulator/sampleImages';
import {
	RequestGovernor,
	type GovernorClock,
} from '../package/nodes/ArgosIdLiveness/transport/requestGovernor';
import {
	isRateLimitAnswer,
	parseRetryAfter,
} from '../package/nodes/ArgosIdLiveness/transport/retryTiming';
import { summarize } from './measure';
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

/** The node's default "Max Concurrent Requests". */
const MAX_CONCURRENT = 20;
const SHAPES = ['batch', 'large', 'burst', 'change', 'relearn'] as const;
export type Shape = (typeof SHAPES)[number];
const IDLE_BETWEEN_ROUNDS_MS = 6000;
/**
 * Items of the shapes whose size is fixed; the others send `--items`. The warm-up is the uncounted batch `npm run
 * bench` shows the governor at each level before measuring (WARM_UP_ITEMS there).
 */
const FIXED_ITEM_COUNTS: Partial<Record<Shape | 'warm-up', number>> = {
	large: 1000,
	change: 800,
	'warm-up': 60,
};

interface Answer {
	status: number;
	retryAfterMs?: number;
}

/** A vendor to post to: the emulator over loopback, or its limiter in virtual time. */
interface Vendor {
	clock: GovernorClock;
	/** Sets the limits anew; a schedule starts with the next request. */
	setLimits(limits: LimitSettings): void;
	post(): Promise<Answer>;
	close(): Promise<void>;
}

/** Time that passes only when every promise has settled: the next timer's moment comes at once. */
class VirtualClock implements GovernorClock {
	private time = 0;
	private timers: Array<{ at: number; order: number; wake: () => void }> = [];
	private order = 0;

	now = () => this.time;

	sleep = (ms: number) =>
		new Promise<void>((wake) => {
			this.timers.push({ at: this.time + Math.max(0, ms), order: this.order++, wake });
		});

	/** Runs until nothing is left to wake. */
	async run(): Promise<void> {
		for (;;) {
			await new Promise((resolve) => setImmediate(resolve));
			if (this.timers.length === 0) return;
			this.timers.sort((a, b) => a.at - b.at || a.order - b.order);
			const next = this.timers.shift()!;
			this.time = next.at;
			next.wake();
		}
	}
}

/** A seeded generator, so virtual runs are the same every time. */
function seededRandom(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state * 1664525 + 1013904223) % 4294967296;
		return state / 4294967296;
	};
}

function virtualVendor(limits: LimitSettings, jitterMs: number): Vendor & { clock: VirtualClock } {
	const clock = new VirtualClock();
	const limiter = new VendorLimiter(limits, clock.now);
	const random = seededRandom(18);
	const latency = () => LATENCY_MS + (random() - 0.5) * jitterMs;
	return {
		clock,
		setLimits: (next) => limiter.set(next),
		async post() {
			// A loopback hop each way.
			await clock.sleep(0.5);
			const admission = limiter.admit();
			if (!admission.admitted) {
				const { refusalTiming, refusalStatus, retryAfterSeconds } = admission.limits;
				await clock.sleep(refusalTiming === 'immediate' ? 0.5 : latency());
				return {
					status: refusalStatus,
					retryAfterMs: retryAfterSeconds === null ? undefined : retryAfterSeconds * 1000,
				};
			}
			await clock.sleep(latency());
			admission.done();
			await clock.sleep(0.5);
			return { status: 200 };
		},
		close: async () => undefined,
	};
}

async function loopbackVendor(limits: LimitSettings, body: Buffer): Promise<Vendor> {
	const emulator = await startEmulator({ latencyMs: LATENCY_MS });
	emulator.setLimits(limits);
	const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
	const url = new URL(`${emulator.url}/document`);
	return {
		clock: {
			now: Date.now,
			sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
		},
		setLimits: (next) => emulator.setLimits(next),
		post: () =>
			new Promise<Answer>((resolve, reject) => {
				const request = http.request(
					url,
					{
						method: 'POST',
						agent,
						headers: {
							'content-type': 'application/json',
							'content-length': body.length,
							'x-api-key': 'emulator-key',
						},
					},
					(response) => {
						response.resume();
						response.on('end', () =>
							resolve({
								status: response.statusCode ?? 0,
								retryAfterMs: parseRetryAfter(response.headers['retry-after'], Date.now()),
							}),
						);
					},
				);
				request.on('error', reject);
				request.end(body);
			}),
		close: async () => {
			agent.destroy();
			await emulator.close();
		},
	};
}

interface Sent {
	sentAt: number;
	answeredAt: number;
	status: number;
}

/** One item as the node's transport sends it; true when it got a good answer. */
async function sendItem(
	governor: RequestGovernor,
	vendor: Vendor,
	sent: Sent[],
	trace: boolean,
): Promise<boolean> {
	let permit = await governor.acquire(MAX_CONCURRENT);
	for (;;) {
		await permit.send();
		const sentAt = vendor.clock.now();
		const answer = await vendor.post();
		sent.push({ sentAt, answeredAt: vendor.clock.now(), status: answer.status });
		if (trace)
			console.log(
				`${Math.round(sentAt)}→${Math.round(vendor.clock.now())} ${answer.status} ${JSON.stringify(governor.state())}`,
			);
		if (answer.status < 300) {
			permit.report({ kind: 'answered' });
			permit.release();
			return true;
		}
		if (!isRateLimitAnswer(answer.status, answer.retryAfterMs)) {
			permit.report({ kind: 'failed' });
			permit.release();
			return false;
		}
		const waitMs = permit.report({ kind: 'rateLimited', retryAfterMs: answer.retryAfterMs });
		permit.release();
		if (waitMs > 0) await vendor.clock.sleep(waitMs);
		permit = await governor.acquire(MAX_CONCURRENT, true);
	}
}

export interface RunResult {
	model: string;
	level: number;
	shape: Shape;
	round: number;
	items: number;
	failed: number;
	/** Items per second the vendor allows (the lower of its limits), and for bursts the pace executions arrive at. */
	limit: number;
	target: number;
	/** Good answers from the first request to the last good answer. */
	itemsPerSecond: number;
	requests: number;
	refused: number;
	/** Refused among requests sent once a fifth of the items were answered. */
	steadyRefused: number;
	steadyRequests: number;
	/** Cap change only: answers per second, and seconds after the rise until a second reached 90% of the limit. */
	perSecond?: number[];
	recoverySeconds?: number;
}

async function runShape(
	governor: RequestGovernor,
	vendor: Vendor,
	shape: Shape | 'warm-up',
	settings: Settings,
): Promise<{ sent: Sent[]; results: boolean[] }> {
	const sent: Sent[] = [];
	const count = FIXED_ITEM_COUNTS[shape] ?? settings.items;
	const items: Array<Promise<boolean>> = [];
	for (let n = 0; n < count; n++) {
		if (shape === 'burst' && n > 0) await vendor.clock.sleep(1000 / settings.arrivals);
		items.push(sendItem(governor, vendor, sent, settings.trace));
	}
	return { sent, results: await Promise.all(items) };
}

function measure(sent: Sent[], results: boolean[]) {
	const good = sent.filter((request) => request.status < 300);
	const first = Math.min(...sent.map((request) => request.sentAt));
	const last = Math.max(...good.map((request) => request.answeredAt));
	const fifth = [...good].sort((a, b) => a.answeredAt - b.answeredAt)[Math.floor(good.length / 5)]
		.answeredAt;
	const steady = sent.filter((request) => request.sentAt >= fifth);
	return {
		first,
		good,
		items: results.length,
		failed: results.filter((ok) => !ok).length,
		itemsPerSecond: (good.length * 1000) / (last - first),
		requests: sent.length,
		refused: sent.filter((request) => request.status >= 300).length,
		steadyRequests: steady.length,
		steadyRefused: steady.filter((request) => request.status >= 300).length,
	};
}

function capChangeFigures(model: VendorModel, good: Sent[], first: number) {
	const perSecond: number[] = [];
	for (const request of good) {
		const second = Math.floor((request.answeredAt - first) / 1000);
		while (perSecond.length <= second) perSecond.push(0);
		perSecond[second]++;
	}
	const riseAt = ((CAP_CHANGE.caps.length - 1) * CAP_CHANGE.phaseMs) / 1000;
	const lastLimit = limitOf(model, CAP_CHANGE.caps.at(-1)!);
	// The last second is cut short by the end of the batch.
	const recovered = perSecond.findIndex(
		(count, second) =>
			second >= riseAt && second < perSecond.length - 1 && count >= 0.9 * lastLimit,
	);
	return { perSecond, recoverySeconds: recovered === -1 ? undefined : recovered + 1 - riseAt };
}

interface Settings {
	virtual: boolean;
	models: VendorModel[];
	levels: number[] | undefined;
	otherLevels: OtherLevels;
	shapes: Shape[];
	items: number;
	arrivals: number;
	rounds: number;
	jitterMs: number;
	json: string | undefined;
	trace: boolean;
}

async function runCase(
	model: VendorModel,
	level: number,
	shape: Shape,
	settings: Settings,
	body: Buffer,
): Promise<RunResult[]> {
	const limits = shape === 'change' ? capChangeLimits(model) : model.limits(level);
	const vendor = settings.virtual
		? virtualVendor(limits, settings.jitterMs)
		: await loopbackVendor(limits, body);
	const runs: RunResult[] = [];
	// Relearning: one governor through every level of the model in turn, as `npm run bench` runs them: a limit that
	// changed while n8n was idle, then an uncounted warm-up and the measured batch.
	const relearnLevels = levelsOf(model, settings.levels, settings.otherLevels);
	const rounds = shape === 'relearn' ? relearnLevels.length : settings.rounds;
	try {
		const governor = new RequestGovernor(vendor.clock);
		const work = (async () => {
			for (let round = 1; round <= rounds; round++) {
				if (round > 1) await vendor.clock.sleep(IDLE_BETWEEN_ROUNDS_MS);
				const roundLevel = shape === 'relearn' ? relearnLevels[round - 1] : level;
				vendor.setLimits(shape === 'relearn' ? model.limits(roundLevel) : limits);
				if (shape === 'relearn') await runShape(governor, vendor, 'warm-up', settings);
				const { sent, results } = await runShape(governor, vendor, shape, settings);
				const figures = measure(sent, results);
				const limit = shape === 'change' ? NaN : effectiveLimit(model, roundLevel);
				const target = shape === 'burst' ? Math.min(limit, settings.arrivals) : limit;
				const { first, good, ...rest } = figures;
				runs.push({
					model: model.name,
					level: shape === 'change' ? NaN : roundLevel,
					shape,
					round,
					limit,
					target,
					...rest,
					...(shape === 'change' ? capChangeFigures(model, good, first) : {}),
				});
			}
		})();
		if (settings.virtual) await (vendor.clock as VirtualClock).run();
		await work;
	} finally {
		await vendor.close();
	}
	return runs;
}

function parseArgs(argv: string[]): Settings {
	const value = (name: string) => {
		const index = argv.indexOf(`--${name}`);
		return index === -1 ? undefined : argv[index + 1];
	};
	const models = modelsNamed(value('models'));
	const shapes = (value('shapes') ?? 'batch,burst,change').split(',') as Shape[];
	for (const shape of shapes)
		if (!SHAPES.includes(shape)) throw new Error(`--shapes takes ${SHAPES.join(', ')}`);
	return {
		virtual: argv.includes('--virtual'),
		models,
		levels: value('levels')?.split(',').map(Number),
		otherLevels: otherLevels(value),
		shapes,
		items: Number(value('items') ?? 200),
		arrivals: Number(value('arrivals') ?? 30),
		rounds: Number(value('rounds') ?? 2),
		jitterMs: Number(value('jitter-ms') ?? 0),
		json: value('json'),
		trace: argv.includes('--trace'),
	};
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

function table(runs: RunResult[]): string[] {
	const lines = [
		'| model | limit | shape | round | items/s | % of target | requests refused (steady) | failed |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const run of runs) {
		const limitText =
			run.shape === 'change'
				? `cap ${CAP_CHANGE.caps.join(' → ')}`
				: `${run.level} (${run.limit.toFixed(0)}/s)`;
		const rate =
			run.shape === 'change'
				? `${run.perSecond?.join(' ')}; back above 90% after ${run.recoverySeconds ?? 'never'} s`
				: run.itemsPerSecond.toFixed(1);
		lines.push(
			`| ${run.model} | ${limitText} | ${run.shape} | ${run.round} | ${rate} | ${run.shape === 'change' ? '–' : percent(run.itemsPerSecond / run.target)} | ${run.refused} of ${run.requests} (${percent(run.steadyRefused / Math.max(1, run.steadyRequests))}) | ${run.failed} |`,
		);
	}
	return lines;
}

async function main() {
	const settings = parseArgs(process.argv.slice(2));
	const samples = path.join(__dirname, '..', 'samples');
	await writeSampleImages(samples);
	const body = Buffer.from(
		JSON.stringify({
			// Small: the governor does not care, and a loaded machine spends less of the run on the bodies.
			idImage: readFileSync(path.join(samples, 'too-small.jpg')).toString('base64'),
			pipelines: { sr: true, pc: true, ps: true },
		}),
	);
	const runs: RunResult[] = [];
	for (const shape of settings.shapes)
		for (const model of settings.models) {
			// The cap change is about a cap alone.
			if (shape === 'change' && (model.limitKind !== 'cap' || model.limits(1).rateLimit)) continue;
			for (const level of shape === 'change'
				? [CAP_CHANGE.caps[0]]
				: shape === 'relearn'
					? levelsOf(model, settings.levels, settings.otherLevels).slice(0, 1)
					: levelsOf(model, settings.levels, settings.otherLevels)) {
				const results = await runCase(model, level, shape, settings, body);
				for (const line of table(results).slice(2)) console.log(line);
				runs.push(...results);
			}
		}
	console.log(['', ...table(runs)].join('\n'));
	const scored = runs.filter((run) => run.shape !== 'change');
	const shares = summarize(scored.map((run) => run.itemsPerSecond / run.target));
	console.log(
		`\n${scored.length} runs: share of the target median ${percent(shares.median)}, lowest ${percent(shares.min)}; ${runs.reduce((sum, run) => sum + run.failed, 0)} failed items`,
	);
	if (settings.json) writeFileSync(settings.json, JSON.stringify(runs, null, '\t'));
}

/** One model at one level in virtual time, as `--virtual` runs it: for tests of what only a whole run shows. */
export function simulate(
	model: VendorModel,
	level: number,
	shape: Shape,
	options: Partial<Settings> = {},
): Promise<RunResult[]> {
	const settings: Settings = { ...parseArgs(['--virtual']), ...options, virtual: true };
	return runCase(model, level, shape, settings, Buffer.alloc(0));
}

if (require.main === module)
	void main().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
