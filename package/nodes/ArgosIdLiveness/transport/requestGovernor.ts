import { createHash } from 'crypto';

/**
 * Decides how many requests to one Argos account are on the wire. Argos does not say its rate limit, and every n8n
 * execution (each form post or webhook call is one) sends on its own, so one governor per credential and base URL
 * is shared by all executions of the n8n process.
 *
 * - Slow start: it begins with a few requests and adds one per good answer while requests wait (the limit doubles
 *   every round trip), until Argos refuses one with 429; then it halves the limit.
 * - Then additive increase, multiplicative decrease: one more per round trip of good answers; on a 429 it takes
 *   10% off (at least one), once per round trip (refusals of requests sent before the cut count with it), and
 *   never leaves more than one above what was on the wire when the refused request went out: Argos had no room
 *   for it, so a limit learnt far above (or before Argos lowered it) comes down at the first refusal. After four
 *   round trips without a 429, or when requests come after a few idle seconds, it grows by slow start again, so a
 *   raised limit is found within a second or two.
 * - A 429 is the refused request's own matter (it waits its Retry-After and goes first when it asks again) as long
 *   as Argos accepts what is sent after a cut. When it keeps refusing what is sent after each cut (three more times
 *   in a row: one may be a request sent the moment another was answered, before Argos counted that one as done),
 *   or refuses the only request on the wire, its limit dropped: the limit is halved and every sender pauses for
 *   the Retry-After.
 * - Waiting requests get their turn in arrival order, rate-limited ones first.
 * - The "Max Concurrent Requests" option of each execution is an upper bound on top of all this.
 *
 * The wire is only the HTTP request and its answer: a request is prepared (image read, body built) in a slot
 * before it waits for the wire, with a few slots more than the limit, so memory stays with what is in flight.
 *
 * Pure logic: time comes from the clock it is given (n8n-workflow's `sleep` in the node, a fake one in tests).
 */

export interface GovernorClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export type RequestResult =
	/** Argos answered something other than 429: it had room for the request. */
	| { kind: 'answered' }
	| { kind: 'rateLimited'; retryAfterMs?: number }
	/** A server error or a network error: nothing learned about the rate limit. */
	| { kind: 'failed' };

/**
 * A slot to prepare one request in (read the image, build the body); `send()` then waits for its turn on the wire.
 * The slot is held until `release()`.
 */
export interface Permit {
	/** Resolves when the request may go out. */
	send(): Promise<void>;
	/**
	 * Tells the governor how Argos answered the request sent (once; later calls do nothing). Returns how long the
	 * request waits before it asks for a slot again (after a 429).
	 */
	report(result: RequestResult): number;
	/** Frees the slot (once; later calls do nothing); a request sent and not reported counts as failed. */
	release(): void;
}

export interface GovernorState {
	limit: number;
	slowStart: boolean;
	/** Slots held: requests being prepared, waiting for the wire, or on it. */
	held: number;
	onWire: number;
	/** Requests waiting for a slot. */
	waiting: number;
	pausedUntil: number;
}

export const INITIAL_LIMIT = 4;
/** Without Retry-After, a 429 makes the request (or everyone) wait this long. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;
/** What is left of the limit after a 429; "at least one" off, so small limits shrink too. */
const DECREASE = 0.9;
/** 429s in a row, each after a cut, that mean Argos' limit dropped rather than that it was just reached. */
const REFUSALS_FOR_A_PAUSE = 4;
/** Round trips without a 429 after which the limit grows by slow start again. */
const QUIET_ROUND_TRIPS = 4;
/** Idle time after which the limit learnt is only a starting point: the next requests grow it by slow start. */
export const IDLE_RESTART_MS = 5000;

/**
 * How many requests may be prepared ahead of the wire, on top of the limit: enough that one is ready whenever an
 * answer frees the wire, few enough that memory stays with what is in flight.
 */
export function preparedAhead(limit: number): number {
	return 1 + Math.floor(limit / 4);
}

interface Waiter<T> {
	maxConcurrent: number;
	grant: (value: T) => void;
}

export class RequestGovernor {
	/** Requests on the wire at once. */
	private limit = INITIAL_LIMIT;
	private slowStart = true;
	private growth = 0;
	private answersSinceRefusal = 0;
	/** How long a request takes on the wire (moving average), and the last Retry-After: see `growthPays`. */
	private roundTripMs = DEFAULT_RATE_LIMIT_WAIT_MS;
	private lastWaitMs = DEFAULT_RATE_LIMIT_WAIT_MS;
	/** Counts the cuts of the limit: a 429 for a request sent before the last cut was already acted on. */
	private epoch = 0;
	/** 429s in a row, each for a request sent after the cut before it, with no good answer in between. */
	private refusalsAfterCut = 0;
	private held = 0;
	private onWire = 0;
	/** When the last slot was freed with nothing waiting (undefined while busy). */
	private idleSince: number | undefined = 0;
	private pausedUntil = 0;
	private wakeScheduled = false;
	/** Rate-limited requests asking again: served before new ones, for a slot and for the wire. */
	private readonly retrying: Array<Waiter<Permit>> = [];
	private readonly waiting: Array<Waiter<Permit>> = [];
	/** Prepared requests waiting for the wire; each is granted with the count of requests on the wire beside it. */
	private readonly readyRetrying: Array<Waiter<number>> = [];
	private readonly ready: Array<Waiter<number>> = [];

	constructor(private readonly clock: GovernorClock) {}

	/**
	 * Resolves with a slot to prepare a request in. `retry` puts it before requests that have not been sent yet.
	 * `maxConcurrent` bounds the requests on the wire while this one waits ("Max Concurrent Requests").
	 */
	acquire(maxConcurrent: number, retry = false): Promise<Permit> {
		if (this.idleSince !== undefined) {
			// A rate-limited request asking again after its wait is no new start.
			if (!retry && this.clock.now() - this.idleSince >= IDLE_RESTART_MS) this.slowStart = true;
			this.idleSince = undefined;
		}
		return new Promise((grant) => {
			(retry ? this.retrying : this.waiting).push({
				maxConcurrent: Math.max(1, maxConcurrent),
				grant,
			});
			this.serve();
		});
	}

	state(): GovernorState {
		return {
			limit: this.limit,
			slowStart: this.slowStart,
			held: this.held,
			onWire: this.onWire,
			waiting: this.retrying.length + this.waiting.length,
			pausedUntil: this.pausedUntil,
		};
	}

	private serve(): void {
		for (;;) {
			const queue = this.retrying.length > 0 ? this.retrying : this.waiting;
			const next = queue[0];
			const wire = Math.min(this.limit, next?.maxConcurrent ?? Infinity);
			if (!next || this.held >= wire + preparedAhead(wire)) break;
			queue.shift();
			this.held++;
			next.grant(this.permit(next.maxConcurrent, queue === this.retrying));
		}
		const now = this.clock.now();
		const readyCount = this.readyRetrying.length + this.ready.length;
		if (readyCount > 0 && now < this.pausedUntil) return this.wakeAt(this.pausedUntil - now);
		for (;;) {
			const queue = this.readyRetrying.length > 0 ? this.readyRetrying : this.ready;
			const next = queue[0];
			if (!next || this.onWire >= Math.min(this.limit, next.maxConcurrent)) return;
			queue.shift();
			next.grant(this.onWire++);
		}
	}

	private wakeAt(delayMs: number): void {
		if (this.wakeScheduled) return;
		this.wakeScheduled = true;
		void this.clock.sleep(delayMs).then(() => {
			this.wakeScheduled = false;
			this.serve();
		});
	}

	private permit(maxConcurrent: number, retry: boolean): Permit {
		let sentInEpoch: number | undefined;
		let sentAt = 0;
		/** Requests on the wire beside this one when it went out. */
		let besideAtSend = 0;
		let reported = false;
		let released = false;
		const report = (result: RequestResult): number => {
			if (sentInEpoch === undefined || reported) return 0;
			reported = true;
			this.onWire--;
			if (result.kind === 'answered')
				this.roundTripMs = 0.8 * this.roundTripMs + 0.2 * (this.clock.now() - sentAt);
			const waitMs = this.learn(sentInEpoch, besideAtSend, result);
			this.serve();
			return waitMs;
		};
		return {
			send: async () => {
				besideAtSend = await new Promise<number>((grant) => {
					(retry ? this.readyRetrying : this.ready).push({ maxConcurrent, grant });
					this.serve();
				});
				sentInEpoch = this.epoch;
				sentAt = this.clock.now();
			},
			report,
			release: () => {
				if (released) return;
				released = true;
				report({ kind: 'failed' });
				this.held--;
				if (this.held === 0 && this.retrying.length + this.waiting.length === 0)
					this.idleSince = this.clock.now();
				this.serve();
			},
		};
	}

	private learn(sentInEpoch: number, besideAtSend: number, result: RequestResult): number {
		if (result.kind === 'answered') this.answered(sentInEpoch);
		if (result.kind !== 'rateLimited') return 0;
		const waitMs = result.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
		this.lastWaitMs = waitMs;
		this.answersSinceRefusal = 0;
		// Sent before the last cut: that cut already answered this congestion.
		if (sentInEpoch !== this.epoch) return waitMs;
		this.epoch++;
		this.growth = 0;
		if (++this.refusalsAfterCut >= REFUSALS_FOR_A_PAUSE || this.limit === 1) {
			this.limit = Math.max(1, Math.floor(this.limit / 2));
			this.slowStart = false;
			this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + waitMs);
			return this.pausedUntil - this.clock.now();
		}
		const cut = this.slowStart
			? Math.floor(this.limit / 2)
			: Math.min(this.limit - 1, Math.floor(this.limit * DECREASE));
		// One above what Argos refused to add to: that many may have been one it still counted as on the wire.
		this.limit = Math.max(1, Math.min(cut, besideAtSend + 1));
		this.slowStart = false;
		return waitMs;
	}

	/**
	 * Growing pays only when the limit is what holds requests back, and when enough requests wait to keep the wire
	 * busy while one refused for the growth waits its Retry-After: near the end of a batch it would only come last.
	 */
	private growthPays(): boolean {
		if (this.onWire + 1 < this.limit) return false;
		const waiting =
			this.readyRetrying.length + this.ready.length + this.retrying.length + this.waiting.length;
		return waiting >= this.limit * Math.max(1, this.lastWaitMs / Math.max(1, this.roundTripMs));
	}

	private answered(sentInEpoch: number): void {
		if (sentInEpoch === this.epoch) this.refusalsAfterCut = 0;
		if (++this.answersSinceRefusal >= QUIET_ROUND_TRIPS * this.limit) this.slowStart = true;
		if (!this.growthPays()) return;
		this.growth += this.slowStart ? 1 : 1 / this.limit;
		if (this.growth >= 1) {
			this.limit += 1;
			this.growth -= 1;
		}
	}
}

const governors = new Map<string, RequestGovernor>();

/**
 * The governor of one Argos account, shared by every execution in this n8n process. It is found by a hash of the
 * base URL and the API key, so the key itself is never kept.
 */
export function governorFor(
	baseUrl: string,
	apiKey: string,
	clock: GovernorClock,
): RequestGovernor {
	const id = createHash('sha256').update(`${baseUrl}\n${apiKey}`).digest('hex');
	let governor = governors.get(id);
	if (!governor) {
		governor = new RequestGovernor(clock);
		governors.set(id, governor);
	}
	return governor;
}
