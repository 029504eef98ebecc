/**
 * How the vendor, or the gateway in front of it, limits one API key. Argos documents neither its limit nor how it
 * refuses, so the emulator models the plausible variants, chosen by settings: a cap on requests in flight (whose slot
 * may be freed a moment after the answer leaves), a limit on requests per time window (sliding window, fixed window
 * or token bucket), or both; a refusal answered at once (a gateway) or after the latency (the vendor itself), as 429
 * or 503, with a Retry-After of any length or none; and a schedule that changes the limits mid-run.
 *
 * Pure logic: time comes from the `now` it is given.
 */

export type RateAlgorithm = 'slidingWindow' | 'fixedWindow' | 'tokenBucket';

export interface RateLimit {
	/**
	 * - slidingWindow: at most `requests` accepted within any `perMs`;
	 * - fixedWindow: at most `requests` accepted per `perMs` counted from 0 (the clock's, e.g. each wall-clock second);
	 * - tokenBucket: `requests` tokens every `perMs`, dripped in continuously, at most `burst` kept.
	 */
	algorithm: RateAlgorithm;
	requests: number;
	perMs: number;
	/** tokenBucket only: how many tokens the bucket holds (and starts with); defaults to `requests`. */
	burst?: number;
}

export interface VendorLimits {
	/** Requests in flight beyond it are refused; null: no cap. */
	maxConcurrent: number | null;
	/** A slot in flight is free again this long after its answer left (0: as it leaves). */
	slotReleaseDelayMs: number;
	/** Requests beyond it are refused; null: no rate limit. */
	rateLimit: RateLimit | null;
	/** A refusal comes at once (a gateway in front of the vendor) or after the latency (the vendor itself). */
	refusalTiming: 'immediate' | 'afterLatency';
	refusalStatus: 429 | 503;
	/** Retry-After of refusals, in seconds; null sends none. */
	retryAfterSeconds: number | null;
}

/** A change of limits `afterMs` after the first request that follows the schedule being set. */
export type LimitStep = { afterMs: number } & Partial<VendorLimits>;

export const DEFAULT_LIMITS: VendorLimits = {
	maxConcurrent: null,
	slotReleaseDelayMs: 0,
	rateLimit: null,
	refusalTiming: 'afterLatency',
	refusalStatus: 429,
	retryAfterSeconds: 1,
};

export type Admission =
	| {
			admitted: true;
			/** The answer has left: the slot is free after `slotReleaseDelayMs`. */ done(): void;
	  }
	| { admitted: false; refusedBy: 'cap' | 'rate'; limits: VendorLimits };

export class VendorLimiter {
	private limits: VendorLimits;
	private schedule: LimitStep[] = [];
	private scheduleStart: number | undefined;
	private inFlight = 0;
	/** When slots whose answer has left are free again. */
	private releases: number[] = [];
	/** Accepted requests' times within the sliding window. */
	private accepted: number[] = [];
	private fixedWindow = { start: -Infinity, count: 0 };
	private bucket = { tokens: 0, at: 0 };

	constructor(
		limits: Partial<VendorLimits> & { schedule?: LimitStep[] },
		private readonly now: () => number,
	) {
		this.limits = { ...DEFAULT_LIMITS };
		this.set(limits);
	}

	current(): VendorLimits {
		return { ...this.limits };
	}

	/**
	 * Changes the limits from the next request on (settings left undefined stay as they are); a `schedule` given here
	 * starts with the next request.
	 */
	set(limits: Partial<VendorLimits> & { schedule?: LimitStep[] }): void {
		const { schedule, ...given } = limits;
		const rest = Object.fromEntries(
			Object.entries(given).filter(([, value]) => value !== undefined),
		) as Partial<VendorLimits>;
		const rateChanged = 'rateLimit' in rest;
		this.limits = { ...this.limits, ...rest };
		if (rateChanged) this.refillBucket(true);
		if (schedule) {
			this.schedule = [...schedule].sort((a, b) => a.afterMs - b.afterMs);
			this.scheduleStart = undefined;
		}
	}

	/** Decides on a request arriving now: admitted (it holds a slot until `done`) or refused. */
	admit(): Admission {
		const now = this.now();
		this.applySchedule(now);
		const { maxConcurrent } = this.limits;
		if (maxConcurrent !== null && this.occupied(now) >= maxConcurrent)
			return { admitted: false, refusedBy: 'cap', limits: this.current() };
		if (!this.takeRate(now)) return { admitted: false, refusedBy: 'rate', limits: this.current() };
		this.inFlight++;
		let done = false;
		return {
			admitted: true,
			done: () => {
				if (done) return;
				done = true;
				this.inFlight--;
				if (this.limits.slotReleaseDelayMs > 0)
					this.releases.push(this.now() + this.limits.slotReleaseDelayMs);
			},
		};
	}

	/** Requests in flight as the vendor counts them: those not answered, and those answered a moment ago. */
	private occupied(now: number): number {
		this.releases = this.releases.filter((at) => at > now);
		return this.inFlight + this.releases.length;
	}

	private applySchedule(now: number): void {
		if (this.schedule.length === 0) return;
		this.scheduleStart ??= now;
		while (this.schedule.length > 0 && now - this.scheduleStart >= this.schedule[0].afterMs) {
			const step: Partial<LimitStep> = { ...this.schedule.shift()! };
			delete step.afterMs;
			this.set(step);
		}
	}

	/** True, and counts the request, when the rate limit has room for it. */
	private takeRate(now: number): boolean {
		const rate = this.limits.rateLimit;
		if (!rate) return true;
		switch (rate.algorithm) {
			case 'slidingWindow': {
				this.accepted = this.accepted.filter((at) => at > now - rate.perMs);
				if (this.accepted.length >= rate.requests) return false;
				this.accepted.push(now);
				return true;
			}
			case 'fixedWindow': {
				const start = Math.floor(now / rate.perMs) * rate.perMs;
				if (start !== this.fixedWindow.start) this.fixedWindow = { start, count: 0 };
				if (this.fixedWindow.count >= rate.requests) return false;
				this.fixedWindow.count++;
				return true;
			}
			case 'tokenBucket': {
				this.refillBucket(false);
				if (this.bucket.tokens < 1) return false;
				this.bucket.tokens--;
				return true;
			}
		}
	}

	private refillBucket(fill: boolean): void {
		const rate = this.limits.rateLimit;
		const now = this.now();
		if (rate?.algorithm !== 'tokenBucket') return;
		const burst = rate.burst ?? rate.requests;
		this.bucket = {
			tokens: fill
				? burst
				: Math.min(
						burst,
						this.bucket.tokens + ((now - this.bucket.at) * rate.requests) / rate.perMs,
					),
			at: now,
		};
	}
}

/** The limits among other settings (the emulator's options). */
export function pickLimits(settings: Partial<VendorLimits>): Partial<VendorLimits> {
	return Object.fromEntries(
		Object.keys(DEFAULT_LIMITS).map((key) => [key, settings[key as keyof VendorLimits]]),
	) as Partial<VendorLimits>;
}

const ALGORITHMS: RateAlgorithm[] = ['slidingWindow', 'fixedWindow', 'tokenBucket'];

const positive = (value: unknown) => typeof value === 'number' && value > 0;
const atLeastZero = (value: unknown) =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** For limits that arrive as JSON (admin API, CLI); throws with the reason a setting is not understood. */
export function parseLimits(value: unknown): Partial<VendorLimits> & { schedule?: LimitStep[] } {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new Error('expected a JSON object of limits');
	const input = value as Record<string, unknown>;
	const limits: Partial<VendorLimits> & { schedule?: LimitStep[] } = {};
	for (const [key, setting] of Object.entries(input)) {
		switch (key) {
			case 'maxConcurrent':
				if (setting !== null && !(Number.isInteger(setting) && atLeastZero(setting)))
					throw new Error('maxConcurrent must be a whole number ≥ 0 or null');
				limits.maxConcurrent = setting as number | null;
				break;
			case 'slotReleaseDelayMs':
				if (!atLeastZero(setting)) throw new Error('slotReleaseDelayMs must be a number ≥ 0');
				limits.slotReleaseDelayMs = setting as number;
				break;
			case 'rateLimit':
				limits.rateLimit = setting === null ? null : parseRateLimit(setting);
				break;
			case 'refusalTiming':
				if (setting !== 'immediate' && setting !== 'afterLatency')
					throw new Error('refusalTiming must be "immediate" or "afterLatency"');
				limits.refusalTiming = setting;
				break;
			case 'refusalStatus':
				if (setting !== 429 && setting !== 503) throw new Error('refusalStatus must be 429 or 503');
				limits.refusalStatus = setting;
				break;
			case 'retryAfterSeconds':
				if (setting !== null && !atLeastZero(setting))
					throw new Error('retryAfterSeconds must be a number ≥ 0 or null');
				limits.retryAfterSeconds = setting as number | null;
				break;
			case 'schedule':
				if (!Array.isArray(setting)) throw new Error('schedule must be an array of steps');
				limits.schedule = setting.map((step: unknown, index) => {
					const { afterMs, ...rest } = (step ?? {}) as Record<string, unknown>;
					if (!atLeastZero(afterMs))
						throw new Error(`schedule step ${index} needs afterMs, a number ≥ 0`);
					if ('schedule' in rest) throw new Error(`schedule step ${index} cannot hold a schedule`);
					return { afterMs: afterMs as number, ...parseLimits(rest) } as LimitStep;
				});
				break;
			default:
				throw new Error(`unknown limit "${key}"`);
		}
	}
	return limits;
}

function parseRateLimit(value: unknown): RateLimit {
	const rate = (value ?? {}) as Record<string, unknown>;
	if (!ALGORITHMS.includes(rate.algorithm as RateAlgorithm))
		throw new Error(`rateLimit.algorithm must be one of ${ALGORITHMS.join(', ')}`);
	if (!positive(rate.requests) || !positive(rate.perMs))
		throw new Error('rateLimit needs requests and perMs, numbers > 0');
	if (rate.burst !== undefined && !positive(rate.burst))
		throw new Error('rateLimit.burst must be a number > 0');
	return {
		algorithm: rate.algorithm as RateAlgorithm,
		requests: rate.requests as number,
		perMs: rate.perMs as number,
		...(rate.burst === undefined ? {} : { burst: rate.burst as number }),
	};
}
