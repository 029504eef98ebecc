import { createHash } from 'crypto';

/**
 * Decides how many requests to one Argos account are in flight. Argos does not say its rate limit, and every n8n
 * execution (each form post or webhook call is one) sends on its own, so one governor per credential and base URL
 * is shared by all executions of the n8n process.
 *
 * - It starts with a few requests in flight and, while the answers come back fine and requests are waiting, adds
 *   one per answer (the limit doubles every round trip) until Argos refuses one with 429.
 * - A 429 for a request sent beyond what Argos ever accepted marks the ceiling: the limit stays just below it, and
 *   only that request waits its Retry-After. At the ceiling it probes one request above now and then (one round
 *   trip's worth of answers apart, twice as far after each refused probe), so a raised limit is found again.
 * - A 429 at a level Argos accepted before means the limit dropped (or another client shares it): the limit is
 *   halved and every sender pauses for the Retry-After.
 * - Waiting requests are served in arrival order; a rate-limited request goes before the new ones.
 * - The "Max Concurrent Requests" option of each execution is an upper bound on top of all this.
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
	/** A server error, a network error or a request never sent: nothing learned about the rate limit. */
	| { kind: 'failed' };

export interface Permit {
	/** How many requests were in flight when this one got its slot (0 for the first). */
	readonly level: number;
	/**
	 * Tells the governor how Argos answered the request sent in this slot (once; later calls do nothing).
	 * Returns how long the request waits before it asks for a slot again (after a 429).
	 */
	report(result: RequestResult): number;
	/** Frees the slot (once; later calls do nothing). */
	release(): void;
}

/** The slot an item's request holds: a new one after each retry. */
export interface SlotHolder {
	permit: Permit;
}

export interface GovernorState {
	limit: number;
	ceiling: number | undefined;
	inFlight: number;
	waiting: number;
	pausedUntil: number;
}

export const INITIAL_LIMIT = 4;
/** Without Retry-After, a 429 makes the request (or everyone) wait this long. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;
/** At most this many round trips' worth of answers between probes above a ceiling that keeps holding. */
const MAX_PROBE_INTERVAL = 8;

interface Waiter {
	maxConcurrent: number;
	grant: (permit: Permit) => void;
}

export class RequestGovernor {
	private limit = INITIAL_LIMIT;
	/** The in-flight count at which Argos refused a request, while it holds. */
	private ceiling: number | undefined;
	/** The highest in-flight count Argos accepted since the limit last dropped. */
	private proven = 0;
	private probeCredit = 0;
	private probeInterval = 1;
	private inFlight = 0;
	private pausedUntil = 0;
	private wakeScheduled = false;
	/** Counts the drops of the limit. */
	private epoch = 0;
	/** Rate-limited requests asking again: served before new ones. */
	private readonly retrying: Waiter[] = [];
	private readonly waiting: Waiter[] = [];

	constructor(private readonly clock: GovernorClock) {}

	/** Resolves when the request may be sent. `retry` puts it before requests that have not been sent yet. */
	acquire(maxConcurrent: number, retry = false): Promise<Permit> {
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
			ceiling: this.ceiling,
			inFlight: this.inFlight,
			waiting: this.retrying.length + this.waiting.length,
			pausedUntil: this.pausedUntil,
		};
	}

	private serve(): void {
		for (;;) {
			const queue = this.retrying.length > 0 ? this.retrying : this.waiting;
			const next = queue[0];
			if (!next) return;
			const now = this.clock.now();
			if (now < this.pausedUntil) return this.wakeAt(this.pausedUntil - now);
			if (this.inFlight >= Math.min(this.limit, next.maxConcurrent)) return;
			queue.shift();
			const level = this.inFlight++;
			const probe = this.ceiling !== undefined && level >= this.ceiling;
			// One probe above the ceiling at a time: the slots freed before its answer stay below.
			if (probe) this.limit = this.ceiling!;
			next.grant(this.permit(level, probe));
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

	private permit(level: number, probe: boolean): Permit {
		let reported = false;
		let released = false;
		const epoch = this.epoch;
		return {
			level,
			report: (result) => {
				if (reported) return 0;
				reported = true;
				// Answers to requests sent before the limit last dropped tell nothing about the new one.
				return epoch === this.epoch ? this.learn(level, probe, result) : 0;
			},
			release: () => {
				if (released) return;
				released = true;
				this.inFlight--;
				this.serve();
			},
		};
	}

	private learn(level: number, probe: boolean, result: RequestResult): number {
		if (result.kind === 'answered') {
			this.answered(level);
			return 0;
		}
		if (result.kind === 'failed') return 0;
		const waitMs = result.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS;
		if (level >= this.proven && level > 0) {
			this.refused(level, probe);
			return waitMs;
		}
		this.limitDropped(level, waitMs);
		return this.pausedUntil - this.clock.now();
	}

	private answered(level: number): void {
		this.proven = Math.max(this.proven, level + 1);
		if (this.ceiling !== undefined && level + 1 > this.ceiling) {
			// A probe went through: the ceiling has moved, search upwards again.
			this.ceiling = undefined;
			this.probeInterval = 1;
		}
		// Grow only when the limit is what holds requests back.
		const demand = this.retrying.length + this.waiting.length > 0 && this.inFlight >= this.limit;
		if (!demand) return;
		if (this.ceiling === undefined || this.limit < this.ceiling) {
			this.limit += 1;
			return;
		}
		this.probeCredit += 1 / this.limit;
		if (this.probeCredit >= this.probeInterval) {
			this.probeCredit = 0;
			this.limit = this.ceiling + 1;
		}
	}

	/** Argos refused a request sent with `level` others in flight, more than it ever held: that is its limit. */
	private refused(level: number, probe: boolean): void {
		if (probe) this.probeInterval = Math.min(this.probeInterval * 2, MAX_PROBE_INTERVAL);
		this.ceiling = Math.min(this.ceiling ?? Infinity, level);
		this.limit = Math.min(this.limit, this.ceiling);
		this.probeCredit = 0;
	}

	/** Argos refused at a level it accepted before: back off by half and let every sender pause. */
	private limitDropped(level: number, waitMs: number): void {
		this.limit = Math.max(1, Math.min(level, Math.floor(this.limit / 2)));
		this.ceiling = undefined;
		this.proven = 0;
		this.probeCredit = 0;
		this.probeInterval = 1;
		this.epoch++;
		this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + waitMs);
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
