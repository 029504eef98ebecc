import { createHash } from 'crypto';

/**
 * Decides when each request to one Argos account goes on the wire. Argos documents neither its limit nor how it
 * refuses, and every n8n execution (each form post or webhook call is one) sends on its own, so one governor per
 * credential and base URL is shared by all executions of the n8n process. It learns the limit from Argos' refusals
 * (429, or 503 with Retry-After), whatever kind of limit it is:
 *
 * - It starts with 20 requests on the wire (the default of "Max Concurrent Requests"): a refusal costs the refused
 *   request its Retry-After and nothing else, so finding the limit from above is cheaper than creeping up to it.
 * - A cap on requests in flight: when Argos refuses a request that had more requests beside it than any it accepted
 *   lately, the limit becomes the number that was in flight, whether the refusal came at once (a gateway) or after
 *   the latency. In flight means by Argos' count: requests it accepted and had not answered when the refused one
 *   went out, not refused ones still on their way back. A probe of a cap already found, refused with the wire full
 *   at it, only confirms that cap: a rate learnt beside it stays (a cap and a rate may allow the same).
 * - A limit on requests per time (a sliding or fixed window, a token bucket, or a cap whose places Argos frees a
 *   moment after the answer): when Argos refuses with no more in flight than it accepted lately, the governor spaces
 *   requests evenly at the rate Argos accepted over the last second (less 1.5%), on an even timeline that a timer
 *   waking late does not push back. Refused again before anything was accepted (the window is full), it holds every
 *   request back twice as long at each refusal in a row, at most until what the window holds grows old. Still refused a
 *   second after the cut while Argos accepts requests between the refusals, the rate kept is too high: it is cut again.
 * - It probes above what Argos refused at (one more in flight, or 5% more rate) rarely: after 60 good answers since
 *   the last refusal and a wait that doubles with each refused probe (1 to 8 s), so that refusals stay under 2% of
 *   requests. With few in flight, one more sent at once is a far higher rate, which a vendor counting requests per
 *   time with a small bucket refuses as a cap would: such a probe's requests go out at most a quarter faster than the
 *   wire carried them, so a rate shows as a rate. A probe that goes through means Argos raised its limit: the limit
 *   grows by one per good answer (the rate by a quarter per round trip) until Argos refuses again. A limit Argos has
 *   just lowered is probed every 2 s for 10 s, and after a few idle seconds the next requests probe at once: a limit
 *   that moved may move back. A cap probe that goes through then means Argos raised its cap while n8n was idle, by one
 *   or by many: the limit goes back to where it starts (20), finding the new cap from above as at the first start.
 * - A refusal is the refused request's own matter: it waits its Retry-After (none: one round trip; 0: no wait) and
 *   goes first when it asks again. Only a refusal of a request alone on the wire pauses every sender. A refusal of a
 *   request sent before the limits were last cut tells nothing new.
 * - Growing pays only while enough requests wait to keep the wire busy during a refused one's Retry-After: near the
 *   end of a batch a probe would only make its item come last.
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
	/** True while no refusal bounds the limit: it grows by one per good answer. */
	slowStart: boolean;
	/** Slots held: requests being prepared, waiting for the wire, or on it. */
	held: number;
	onWire: number;
	/** Requests waiting for a slot. */
	waiting: number;
	pausedUntil: number;
	/** The fewest requests in flight Argos refused for; the limit stays below it but for a rare probe. */
	ceiling?: number;
	/** Requests per second sent at most (evenly spaced); Infinity until Argos refuses for a rate. */
	rate: number;
}

/** The limit before anything is known: the default of "Max Concurrent Requests", which bounds it anyway. */
export const INITIAL_LIMIT = 20;
/** How long a refused request waits without Retry-After before any round trip has been measured. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;
/** Idle time after which the limits learnt are tested again soon: Argos may have changed them meanwhile. */
export const IDLE_RESTART_MS = 5000;
/** The first wait before probing above a limit Argos refused at; it doubles after each probe refused, up to the most. */
const FIRST_PROBE_GAP_MS = 1000;
const MAX_PROBE_GAP_MS = 8000;
/** Good answers between probes in steady state: a refused probe is then at most one request in this many. */
const ANSWERS_PER_PROBE = 60;
/** A limit Argos has just lowered may rise again soon: for a while it is probed every VOLATILE_PROBE_GAP_MS. */
const VOLATILE_MS = 10_000;
const VOLATILE_PROBE_GAP_MS = 2000;
/** How long a limit must have held for a refusal below it to count as Argos lowering it. */
const STEADY_MS = 2000;
/** A rate limit is measured as the requests Argos accepted within this window before it refused one. */
const RATE_WINDOW_MS = 1000;
/** What is kept of a rate measured at a refusal: measurement and timers are never exact. */
const RATE_MARGIN = 0.985;
/** The most one refusal takes off the rate. */
const MOST_RATE_CUT = 1 / 3;
/** How much the rate grows per round trip while no refusal bounds it. */
const RATE_GROWTH = 0.25;
/**
 * How far back (in round trips, and at least the rate window) an accepted request counts against a refusal being
 * about concurrency.
 */
const RECENT_ROUND_TRIPS = 2;

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

/** One request sent, as long as it can tell something about the limits. */
interface Sent {
	sentAt: number;
	answeredAt?: number;
	outcome: 'pending' | 'accepted' | 'refused' | 'failed';
	/** Which cut of the limits it was sent under: a refusal of a request sent before the last cut was acted on. */
	epoch: number;
}

/** Argos accepted the request, or has not answered it yet: either way it counts against Argos' limits. */
function acceptedOrPending(request: Sent): boolean {
	return request.outcome === 'accepted' || request.outcome === 'pending';
}

export class RequestGovernor {
	/** Requests on the wire at once. */
	private limit = INITIAL_LIMIT;
	private ceiling: number | undefined;
	private rate = Infinity;
	/** The rate Argos accepted when it last refused for rate; undefined once a probe above it went through. */
	private rateCeiling: number | undefined;
	/** How long a good answer takes (moving average; a guess until the first), and the last wait of a refused request. */
	private roundTripMs = DEFAULT_RATE_LIMIT_WAIT_MS;
	private roundTripMeasured = false;
	private lastWaitMs = DEFAULT_RATE_LIMIT_WAIT_MS;
	private epoch = 0;
	/** Refusals for rate in a row, each of a request sent after the one before, with nothing accepted since. */
	private rateRefusalsInARow = 0;
	/** When a refusal last cut the rate. */
	private rateCutAt = -Infinity;
	/** A probe above a limit Argos refused at, while it lasts. */
	private probing:
		/** `rateBefore`: the rate before the probe held its requests to a lower one. */
		| { limit: 'cap'; since: number; rateBefore?: number }
		| { limit: 'rate'; since: number }
		| undefined;
	private probeGapMs = FIRST_PROBE_GAP_MS;
	/** Back from idle, until the first refusal or a limit found to have risen: Argos may have changed its limits. */
	private relearning = false;
	private nextProbeAt = 0;
	private answersSinceRefusal = 0;
	/** When Argos last lowered a limit it had let the governor reach, and when a limit learnt last changed. */
	private loweredAt = -Infinity;
	private limitSetAt = 0;
	private held = 0;
	private onWire = 0;
	private lastSendAt = -Infinity;
	/** When the next request waits for its spacing alone, when that spacing ends. */
	private spacingWake: number | undefined;
	/** Recent requests, in the order sent. */
	private sent: Sent[] = [];
	/** When the last slot was freed with nothing waiting (undefined while busy). */
	private idleSince: number | undefined = 0;
	/** When requests came after the last idle time. */
	private busySince = 0;
	private pausedUntil = 0;
	private wakeAt = Infinity;
	/** Rate-limited requests asking again: served before new ones, for a slot and for the wire. */
	private readonly retrying: Array<Waiter<Permit>> = [];
	private readonly waiting: Array<Waiter<Permit>> = [];
	/** Prepared requests waiting for the wire. */
	private readonly readyRetrying: Array<Waiter<void>> = [];
	private readonly ready: Array<Waiter<void>> = [];

	constructor(private readonly clock: GovernorClock) {}

	/**
	 * Resolves with a slot to prepare a request in. `retry` puts it before requests that have not been sent yet.
	 * `maxConcurrent` bounds the requests on the wire while this one waits ("Max Concurrent Requests").
	 */
	acquire(maxConcurrent: number, retry = false): Promise<Permit> {
		if (this.idleSince !== undefined) {
			// A rate-limited request asking again after its wait is no new start.
			if (!retry && this.clock.now() - this.idleSince >= IDLE_RESTART_MS) {
				// A probe cut short by the idle time says nothing.
				this.endCapProbe();
				this.probing = undefined;
				this.nextProbeAt = 0;
				this.probeGapMs = FIRST_PROBE_GAP_MS;
				this.answersSinceRefusal = ANSWERS_PER_PROBE;
				this.relearning = true;
			}
			this.idleSince = undefined;
			this.busySince = this.clock.now();
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
			slowStart: this.ceiling === undefined,
			held: this.held,
			onWire: this.onWire,
			waiting: this.retrying.length + this.waiting.length,
			pausedUntil: this.pausedUntil,
			ceiling: this.ceiling,
			rate: this.rate,
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
		if (this.readyRetrying.length + this.ready.length === 0) return;
		if (now < this.pausedUntil) {
			this.spacingWake = undefined;
			return this.wakeUpAt(this.pausedUntil);
		}
		for (;;) {
			const queue = this.readyRetrying.length > 0 ? this.readyRetrying : this.ready;
			const next = queue[0];
			if (!next || this.onWire >= Math.min(this.limit, next.maxConcurrent)) {
				this.spacingWake = undefined;
				return;
			}
			// Evenly spaced at the rate Argos accepts.
			const spacingMs = 1000 / this.rate;
			const spacedAt = this.lastSendAt + spacingMs;
			if (now < spacedAt) {
				this.spacingWake = spacedAt;
				return this.wakeUpAt(spacedAt);
			}
			queue.shift();
			// Timers and the event loop wake late: measured from the late send, the spacing would add that lateness each
			// time and send below the rate kept. A send that waited for its spacing alone keeps to the even timeline, up
			// to half a spacing late; one the wire held back starts it anew, or it would go out in a clump.
			const timerLate = this.spacingWake === spacedAt;
			this.spacingWake = undefined;
			this.lastSendAt = timerLate ? Math.max(spacedAt, now - spacingMs / 2) : now;
			this.onWire++;
			next.grant();
		}
	}

	private wakeUpAt(at: number): void {
		if (at >= this.wakeAt) return;
		this.wakeAt = at;
		void this.clock.sleep(at - this.clock.now()).then(() => {
			if (this.wakeAt === at) this.wakeAt = Infinity;
			this.serve();
		});
	}

	private permit(maxConcurrent: number, retry: boolean): Permit {
		let sent: Sent | undefined;
		let reported = false;
		let released = false;
		const report = (result: RequestResult): number => {
			if (sent === undefined || reported) return 0;
			reported = true;
			this.onWire--;
			const now = this.clock.now();
			sent.answeredAt = now;
			let waitMs = 0;
			if (result.kind === 'answered') {
				sent.outcome = 'accepted';
				this.roundTripMs = this.roundTripMeasured
					? 0.8 * this.roundTripMs + 0.2 * (now - sent.sentAt)
					: now - sent.sentAt;
				this.roundTripMeasured = true;
				this.answered(sent);
			} else if (result.kind === 'rateLimited') {
				sent.outcome = 'refused';
				waitMs = this.refused(sent, result.retryAfterMs);
			} else sent.outcome = 'failed';
			this.forgetOld(now);
			this.serve();
			return waitMs;
		};
		return {
			send: async () => {
				await new Promise<void>((grant) => {
					(retry ? this.readyRetrying : this.ready).push({ maxConcurrent, grant });
					this.serve();
				});
				sent = { sentAt: this.clock.now(), outcome: 'pending', epoch: this.epoch };
				this.sent.push(sent);
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

	/** Keeps what the windows above look at: a request answered long ago says nothing any more. */
	private forgetOld(now: number): void {
		const before = now - Math.max(RATE_WINDOW_MS, RECENT_ROUND_TRIPS * this.roundTripMs) * 2;
		const old = (request: Sent) => request.answeredAt !== undefined && request.answeredAt < before;
		if (this.sent.length > 0 && old(this.sent[0])) this.sent = this.sent.filter((r) => !old(r));
	}

	/**
	 * Requests Argos had in flight (accepted, or not answered yet) when `request` reached it, by our records. An answer
	 * that came the moment it was sent had left Argos before it arrived; with `surely`, so had any answer that came
	 * within a twentieth of a round trip (the time an answer may spend on its way and waiting for the event loop).
	 */
	private inFlightBeside(request: Sent, surely = false): number {
		const after = request.sentAt + (surely ? this.roundTripMs / 20 : 0);
		let count = 0;
		for (const other of this.sent) {
			if (other === request) break;
			if (!acceptedOrPending(other)) continue;
			if (other.answeredAt === undefined || other.answeredAt > after) count++;
		}
		return count;
	}

	/**
	 * The rate Argos accepted up to `request`: the requests not refused within the rate window before it, over the
	 * window, or over the time since sending began when that is shorter (at least a round trip: a burst sent at once
	 * says nothing about a rate).
	 */
	private acceptedRate(request: Sent): number {
		let count = 0;
		for (const other of this.sent) {
			if (other === request) break;
			if (other.sentAt <= request.sentAt - RATE_WINDOW_MS) continue;
			if (acceptedOrPending(other)) count++;
		}
		const spanMs = Math.min(
			RATE_WINDOW_MS,
			Math.max(this.roundTripMs, request.sentAt - this.busySince),
		);
		return (Math.max(1, count) * 1000) / spanMs;
	}

	/** When the first request not refused within the rate window before `request` was sent. */
	private oldestAcceptedWithinWindow(request: Sent): number {
		for (const other of this.sent) {
			if (other === request) break;
			if (other.sentAt <= request.sentAt - RATE_WINDOW_MS) continue;
			if (acceptedOrPending(other)) return other.sentAt;
		}
		return request.sentAt;
	}

	/**
	 * Whether the rate cut to a window ago is still refused between requests Argos accepted since the last cut (or has
	 * not answered yet: a vendor that refuses at once answers a refusal a round trip before the acceptances sent before
	 * it). Those refusals are no full window: the rate kept is too high.
	 */
	private rateHeldTooHigh(request: Sent): boolean {
		if (this.clock.now() - this.rateCutAt < RATE_WINDOW_MS) return false;
		for (const other of this.sent) {
			if (other === request) return false;
			if (other.epoch === request.epoch && acceptedOrPending(other)) return true;
		}
		return false;
	}

	/** The most requests in flight beside any request Argos accepted lately (since shortly before `request`). */
	private acceptedTop(request: Sent): number {
		let top = -1;
		const since = request.sentAt - Math.max(RATE_WINDOW_MS, RECENT_ROUND_TRIPS * this.roundTripMs);
		for (const other of this.sent)
			if (other.outcome === 'accepted' && other.sentAt >= since)
				top = Math.max(top, this.inFlightBeside(other));
		return top;
	}

	private refused(request: Sent, retryAfterMs: number | undefined): number {
		// Without Retry-After, a slot frees within a round trip.
		const waitMs = retryAfterMs ?? Math.round(this.roundTripMs);
		this.lastWaitMs = waitMs;
		this.relearning = false;
		const now = this.clock.now();
		// Sent before the last cut: that cut already answered this congestion.
		if (request.epoch !== this.epoch) return waitMs;
		this.epoch++;
		this.answersSinceRefusal = 0;
		const probing = this.probing !== undefined;
		const before = { ceiling: this.ceiling ?? Infinity, rate: this.rate };
		const waitAll = this.learnFromRefusal(request, waitMs);
		if (probing) this.probeGapMs = Math.min(MAX_PROBE_GAP_MS, this.probeGapMs * 2);
		else this.probeGapMs = FIRST_PROBE_GAP_MS;
		if (!probing && ((this.ceiling ?? Infinity) < before.ceiling || this.rate < before.rate)) {
			// Below a limit that had held for a while: Argos lowered it, and may raise it again soon.
			if (now - this.limitSetAt >= STEADY_MS) this.loweredAt = now;
			this.limitSetAt = now;
		}
		this.nextProbeAt =
			now + (now - this.loweredAt < VOLATILE_MS ? VOLATILE_PROBE_GAP_MS : this.probeGapMs);
		return waitAll ?? waitMs;
	}

	/** What a refusal says about Argos' limits; the wait of every sender when it says to pause them all. */
	private learnFromRefusal(request: Sent, waitMs: number): number | undefined {
		const now = this.clock.now();
		const beside = this.inFlightBeside(request);
		if (this.probing?.limit === 'rate') {
			// The rate tried above the one Argos refused at is too much: back to that.
			this.rate = this.rateCeiling! * RATE_MARGIN;
		} else if (
			beside > this.acceptedTop(request) ||
			// A probe of the cap refused with the wire full at it: the cap holds, whatever was accepted beside it.
			(this.probing?.limit === 'cap' && beside + 1 >= this.ceiling!)
		) {
			// More in flight than Argos accepted lately: a cap on requests in flight, and this many fit. A rate learnt
			// before may have been the shadow of a cap found anew (at a steady latency the two look alike): it may grow
			// again. A probe refused at the cap already known says nothing about the rate: a rate learnt stays.
			this.endCapProbe();
			if (this.ceiling !== beside + 1) this.rateCeiling = undefined;
			this.ceiling = beside + 1;
			this.limit = Math.max(1, beside);
			if (beside === 0) {
				// Argos refused a request on its own: nothing goes out before its Retry-After.
				this.pausedUntil = Math.max(this.pausedUntil, now + waitMs);
				this.probing = undefined;
				return this.pausedUntil - now;
			}
			this.rateRefusalsInARow = 0;
		} else if (this.rateRefusalsInARow === 0 || this.rateHeldTooHigh(request)) {
			this.rateRefusalsInARow = 1;
			this.rateCutAt = now;
			// Argos accepted as many in flight a moment ago: it counts requests per time, not in flight. What it
			// accepted over the last second is the rate to keep; at most a third less than before at once, as send times
			// only approximate when Argos counted the requests.
			const measured = this.acceptedRate(request);
			const kept = measured * RATE_MARGIN;
			this.rate =
				this.rate === Infinity
					? kept
					: Math.min(this.rate, Math.max(kept, this.rate * (1 - MOST_RATE_CUT)));
			this.rateCeiling = Math.max(measured, this.rate / RATE_MARGIN);
		} else {
			// Refused again before accepting anything: the vendor is still full (a rate window, or places it frees a
			// moment late). Wait twice as long at each refusal in a row, at most until what the window holds grows old,
			// or what Argos said.
			this.rateRefusalsInARow++;
			const backOffMs = (this.roundTripMs / 4) * 2 ** (this.rateRefusalsInARow - 2);
			const freesAt = this.oldestAcceptedWithinWindow(request) + RATE_WINDOW_MS;
			const until = Math.min(now + backOffMs, Math.max(freesAt, now), now + waitMs);
			this.pausedUntil = Math.max(this.pausedUntil, until);
		}
		this.probing = undefined;
		return undefined;
	}

	/**
	 * Growing pays only when the limit is what holds requests back, and when enough requests wait to keep the wire
	 * busy while one refused for the growth waits its Retry-After: near the end of a batch it would only come last.
	 */
	private growthPays(): boolean {
		const waiting =
			this.readyRetrying.length + this.ready.length + this.retrying.length + this.waiting.length;
		const perRoundTrip = Math.min(this.limit, (this.rate * this.roundTripMs) / 1000);
		return waiting >= perRoundTrip * Math.max(1, this.lastWaitMs / Math.max(1, this.roundTripMs));
	}

	private answered(request: Sent): void {
		const now = this.clock.now();
		if (request.epoch === this.epoch) this.rateRefusalsInARow = 0;
		// Argos accepted as many in flight as it once refused, or a higher rate for a while: that limit rose.
		this.answersSinceRefusal++;
		// As many in flight as Argos refused before: the cap rose, and explains what was taken for a rate meanwhile
		// (at a steady latency the two look alike).
		if (this.ceiling !== undefined && this.inFlightBeside(request, true) + 1 >= this.ceiling)
			this.ceilingRose(() => {
				this.ceiling = undefined;
				// Argos raised its cap while n8n was idle: it may be far higher, and finding it from above is cheaper.
				if (this.relearning) this.limit = Math.max(this.limit, INITIAL_LIMIT);
				this.rate = Infinity;
				this.rateCeiling = undefined;
				this.rateRefusalsInARow = 0;
			});
		// A probe of the cap that the rate kept from being tried says nothing.
		if (this.probing?.limit === 'cap' && now > this.probing.since + 4 * this.roundTripMs)
			this.endCapProbe();
		if (
			this.probing?.limit === 'rate' &&
			now >=
				this.probing.since + 2 * Math.max(RATE_WINDOW_MS, RECENT_ROUND_TRIPS * this.roundTripMs)
		)
			this.ceilingRose(() => (this.rateCeiling = undefined));
		if (!this.growthPays()) return;
		const readyCount = this.readyRetrying.length + this.ready.length;
		if (this.onWire + 1 < this.limit) {
			// The next request waits for its spacing: the rate is what holds requests back.
			if (readyCount > 0 && now < this.lastSendAt + 1000 / this.rate) this.growRate(now);
			return;
		}
		// The wire was full until this answer: the limit is what holds them back.
		if (this.ceiling === undefined || this.limit + 1 < this.ceiling) this.limit += 1;
		else if (this.probeDue(now)) {
			// One more of few in flight, sent at once, would be refused by a small token bucket as by a cap.
			const carried = (this.limit * 1000) / Math.max(1, this.roundTripMs);
			this.probing = { limit: 'cap', since: now };
			if (
				this.ceiling > this.limit * (1 + RATE_GROWTH) &&
				this.rate > carried * (1 + RATE_GROWTH)
			) {
				this.probing.rateBefore = this.rate;
				this.rate = carried * (1 + RATE_GROWTH);
			}
			this.limit = this.ceiling;
			this.nextProbeAt = now + this.probeGapMs;
		}
	}

	private probeDue(now: number): boolean {
		return (
			!this.probing &&
			now >= this.nextProbeAt &&
			(now - this.loweredAt < VOLATILE_MS || this.answersSinceRefusal >= ANSWERS_PER_PROBE)
		);
	}

	/** A cap probe that ends without a verdict on the rate gives back the rate it held its requests below. */
	private endCapProbe(): void {
		if (this.probing?.limit !== 'cap') return;
		if (this.probing.rateBefore !== undefined)
			this.rate = Math.max(this.rate, this.probing.rateBefore);
		this.probing = undefined;
	}

	private ceilingRose(forget: () => void): void {
		forget();
		this.relearning = false;
		if (this.probing) this.probeGapMs = FIRST_PROBE_GAP_MS;
		this.probing = undefined;
	}

	/** Sends wait for their spacing: the rate is what holds them back. */
	private growRate(now: number): void {
		// A quarter more every round trip.
		const step = (RATE_GROWTH * 1000) / Math.max(1, this.roundTripMs);
		if (this.rateCeiling === undefined) this.rate += step;
		else if (this.rate < this.rateCeiling * RATE_MARGIN)
			this.rate = Math.min(this.rateCeiling * RATE_MARGIN, this.rate + step);
		else if (this.probeDue(now)) {
			// Enough above to show within a window or two.
			this.rate = this.rateCeiling * (2 - RATE_MARGIN) + 1000 / RATE_WINDOW_MS;
			this.probing = { limit: 'rate', since: now };
			this.nextProbeAt = now + this.probeGapMs;
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
