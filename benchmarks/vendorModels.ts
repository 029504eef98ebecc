/**
 * The vendor models the benchmarks run the governor against (the emulator's limits, emulator/README.md "Limits"),
 * and the limit each allows: Argos documents neither its limit nor how it refuses, so the governor must hold the
 * limit in every plausible one.
 */
import type { LimitSettings, RateAlgorithm } from '../emulator';

export const LATENCY_MS = 250;

export interface VendorModel {
	/** Short name, e.g. "cap, 429 at once". */
	name: string;
	/** What the model stands for, for the report. */
	description: string;
	/** The kind of limit the levels are: requests in flight, or requests per second. */
	limitKind: 'cap' | 'rate';
	limits: (level: number) => LimitSettings;
}

/**
 * Items per second the vendor allows at `level`: the rate itself, or cap ÷ the time a request holds its place, which
 * is the latency and, when the vendor frees a place only a moment after the answer has left, that moment too.
 */
export function limitOf(model: VendorModel, level: number, latencyMs = LATENCY_MS): number {
	if (model.limitKind === 'rate') return level;
	return (level * 1000) / (latencyMs + (model.limits(level).slotReleaseDelayMs ?? 0));
}

const cap = (
	name: string,
	description: string,
	limits: (level: number) => LimitSettings,
): VendorModel => ({ name, description, limitKind: 'cap', limits });

const rate = (name: string, description: string, algorithm: RateAlgorithm): VendorModel => ({
	name,
	description,
	limitKind: 'rate',
	limits: (level) => ({
		refusalTiming: 'immediate',
		rateLimit: {
			algorithm,
			requests: level,
			perMs: 1000,
			// A bucket that holds a quarter second's worth: bursts are short.
			...(algorithm === 'tokenBucket' ? { burst: Math.max(1, Math.round(level / 4)) } : {}),
		},
	}),
});

/** Every setting a model does not name is the emulator's default, so each model states all it sets. */
export const VENDOR_MODELS: VendorModel[] = [
	cap(
		'cap, 429 after the latency',
		'a cap on requests in flight; the vendor refuses after looking at the request (250 ms); Retry-After: 1',
		(level) => ({ maxConcurrent: level, refusalTiming: 'afterLatency' }),
	),
	cap(
		'cap, 429 at once',
		'a cap on requests in flight; a gateway refuses at once; Retry-After: 1',
		(level) => ({ maxConcurrent: level, refusalTiming: 'immediate' }),
	),
	cap(
		'cap, slot freed 20 ms late',
		'as "429 at once", and the vendor counts a request in flight until 20 ms after its answer left',
		(level) => ({ maxConcurrent: level, refusalTiming: 'immediate', slotReleaseDelayMs: 20 }),
	),
	cap('cap, Retry-After: 0', 'as "429 at once", with Retry-After: 0', (level) => ({
		maxConcurrent: level,
		refusalTiming: 'immediate',
		retryAfterSeconds: 0,
	})),
	cap('cap, no Retry-After', 'as "429 at once", without Retry-After', (level) => ({
		maxConcurrent: level,
		refusalTiming: 'immediate',
		retryAfterSeconds: null,
	})),
	cap('cap, 503', 'as "429 at once", answered 503 with Retry-After: 1 instead of 429', (level) => ({
		maxConcurrent: level,
		refusalTiming: 'immediate',
		refusalStatus: 503,
	})),
	rate(
		'rate, sliding window',
		'requests per second over a sliding 1 s window; 429 at once',
		'slidingWindow',
	),
	rate(
		'rate, fixed window',
		'requests per second, counted per wall-clock second; 429 at once',
		'fixedWindow',
	),
	rate(
		'rate, token bucket',
		'requests per second dripped into a bucket of a quarter second; 429 at once',
		'tokenBucket',
	),
	cap(
		'cap and rate',
		'a cap on requests in flight and 12 requests per second (sliding window); 429 at once',
		(level) => ({
			maxConcurrent: level,
			refusalTiming: 'immediate',
			rateLimit: { algorithm: 'slidingWindow', requests: 12, perMs: 1000 },
		}),
	),
];

/** The levels each kind of model is run at (issue 18): caps of 3, 8 and 20, rates of 12/s and 32/s. */
export const LEVELS = { cap: [3, 8, 20], rate: [12, 32] } as const;

/** The cap and rate together: the lower of the two limits. */
export function effectiveLimit(model: VendorModel, level: number, latencyMs = LATENCY_MS): number {
	const settings = model.limits(level);
	const byRate = settings.rateLimit
		? (settings.rateLimit.requests * 1000) / settings.rateLimit.perMs
		: Infinity;
	return Math.min(limitOf(model, level, latencyMs), byRate);
}

/** The cap that changes mid-run: 8 → 3 → 20, each for 5 s from the first request. */
export const CAP_CHANGE = { caps: [8, 3, 20], phaseMs: 5000 };

export function capChangeLimits(base: VendorModel): LimitSettings {
	const [first, ...later] = CAP_CHANGE.caps;
	return {
		...base.limits(first),
		schedule: later.map((maxConcurrent, index) => ({
			afterMs: (index + 1) * CAP_CHANGE.phaseMs,
			maxConcurrent,
		})),
	};
}

/** The models named in a `--models "a|b"` argument (all when it is absent); throws naming the models there are. */
export function modelsNamed(argument: string | undefined): VendorModel[] {
	if (argument === undefined) return VENDOR_MODELS;
	return argument.split('|').map((name) => {
		const model = VENDOR_MODELS.find((candidate) => candidate.name === name);
		if (!model)
			throw new Error(
				`no model "${name}"; models: ${VENDOR_MODELS.map((m) => m.name).join(' | ')}`,
			);
		return model;
	});
}

/** Levels of one kind to run instead of the issue's (`--cap-levels`, `--rate-levels`): other vendors' limits. */
export type OtherLevels = Partial<Record<VendorModel['limitKind'], number[]>>;

export function otherLevels(option: (name: string) => string | undefined): OtherLevels {
	const numbers = (text: string | undefined) => text?.split(',').map(Number);
	return { cap: numbers(option('cap-levels')), rate: numbers(option('rate-levels')) };
}

/** The levels a model runs at: those of its kind in `other`, or its own among those of `--levels` when given. */
export function levelsOf(
	model: VendorModel,
	only: number[] | undefined,
	other: OtherLevels = {},
): number[] {
	return (
		other[model.limitKind] ??
		(LEVELS[model.limitKind] as readonly number[]).filter((level) => !only || only.includes(level))
	);
}
