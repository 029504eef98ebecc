import { simulate } from '../../benchmarks/governorSim';
import { modelsNamed } from '../../benchmarks/vendorModels';
import { VendorLimiter, type LimitSettings } from '../../emulator';
import {
	DEFAULT_RATE_LIMIT_WAIT_MS,
	governorFor,
	IDLE_RESTART_MS,
	INITIAL_LIMIT,
	preparedAhead,
	RequestGovernor,
	type GovernorClock,
	type Permit,
} from '../../package/nodes/ArgosIdLiveness/transport/requestGovernor';

/**
 * Time that moves only when the test says so; sleeps end, in order, as it passes their end, or `lateMs` after it, as
 * timers do on a busy event loop.
 */
class FakeClock implements GovernorClock {
	private time = 0;
	private sleepers: Array<{ until: number; order: number; wake: () => void }> = [];
	private order = 0;

	constructor(private readonly lateMs = 0) {}

	now = () => this.time;

	sleep = (ms: number) =>
		new Promise<void>((wake) =>
			this.sleepers.push({
				until: this.time + Math.max(0, ms) + this.lateMs,
				order: this.order++,
				wake,
			}),
		);

	/** Moves time on by `ms`, waking every sleeper on the way at its own moment. */
	async advance(ms: number): Promise<void> {
		const end = this.time + ms;
		for (;;) {
			await settle();
			this.sleepers.sort((a, b) => a.until - b.until || a.order - b.order);
			const next = this.sleepers[0];
			if (!next || next.until > end) break;
			this.sleepers.shift();
			this.time = next.until;
			next.wake();
		}
		this.time = end;
		await settle();
	}
}

/** Lets granted permits' promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const LATENCY_MS = 250;

interface Outcome {
	sentAt: number;
	status: number;
}

/**
 * A vendor of the emulator's models (its limits logic, in fake time), and items sent to it as the node's transport
 * sends them: a refused item waits what the governor says and asks again, first in line.
 */
function vendor(
	clock: FakeClock,
	governor: RequestGovernor,
	limits: LimitSettings,
	latencyMs = () => LATENCY_MS,
) {
	const limiter = new VendorLimiter(limits, clock.now);
	const outcomes: Outcome[] = [];
	let answered = 0;
	async function post(): Promise<{ status: number; retryAfterMs?: number }> {
		const admission = limiter.admit();
		if (!admission.admitted) {
			const { refusalTiming, refusalStatus, retryAfterSeconds } = admission.limits;
			if (refusalTiming === 'afterLatency') await clock.sleep(latencyMs());
			return {
				status: refusalStatus,
				retryAfterMs: retryAfterSeconds === null ? undefined : retryAfterSeconds * 1000,
			};
		}
		await clock.sleep(latencyMs());
		admission.done();
		// The answer reaches the client a moment after Argos freed the place.
		await clock.sleep(1);
		return { status: 200 };
	}
	async function item(maxConcurrent = 100): Promise<void> {
		let permit = await governor.acquire(maxConcurrent);
		for (;;) {
			await permit.send();
			const sentAt = clock.now();
			const answer = await post();
			outcomes.push({ sentAt, status: answer.status });
			if (answer.status === 200) {
				permit.report({ kind: 'answered' });
				permit.release();
				answered++;
				return;
			}
			const waitMs = permit.report({ kind: 'rateLimited', retryAfterMs: answer.retryAfterMs });
			permit.release();
			if (waitMs > 0) await clock.sleep(waitMs);
			permit = await governor.acquire(maxConcurrent, true);
		}
	}
	return {
		limiter,
		outcomes,
		answered: () => answered,
		/** Sends `count` items, all queued at once. */
		batch(count: number, maxConcurrent?: number) {
			for (let n = 0; n < count; n++) void item(maxConcurrent);
		},
		refusedBetween(from: number, to: number) {
			return outcomes.filter((o) => o.status !== 200 && o.sentAt >= from && o.sentAt < to).length;
		},
		answeredBetween(from: number, to: number) {
			return outcomes.filter((o) => o.status === 200 && o.sentAt >= from && o.sentAt < to).length;
		},
	};
}

/** A latency spread evenly over `spreadMs` around LATENCY_MS, the same sequence in every run. */
function jitteredLatency(spreadMs: number): () => number {
	let seed = 1;
	return () => {
		seed = (seed * 16807) % 2147483647;
		return LATENCY_MS + (seed / 2147483647 - 0.5) * spreadMs;
	};
}

/**
 * A new governor before a vendor with a cap of 3 in flight and 12 requests per second (sliding window), which allow the
 * same at 250 ms per request.
 */
function capAndRateAlike(latencySpreadMs: number) {
	const clock = new FakeClock();
	const governor = new RequestGovernor(clock);
	const argos = vendor(
		clock,
		governor,
		{
			maxConcurrent: 3,
			refusalTiming: 'immediate',
			rateLimit: { algorithm: 'slidingWindow', requests: 12, perMs: 1000 },
		},
		jitteredLatency(latencySpreadMs),
	);
	return { clock, argos };
}

/**
 * A new governor that learns a cap (429 at once) from a batch of `items`; then Argos sets its cap to `capWhileIdle`
 * while nothing is sent for IDLE_RESTART_MS.
 */
async function capLearntThenIdle(cap: number, items: number, capWhileIdle: number) {
	const clock = new FakeClock();
	const governor = new RequestGovernor(clock);
	const argos = vendor(clock, governor, { maxConcurrent: cap, refusalTiming: 'immediate' });
	argos.batch(items);
	await clock.advance(5000);
	expect(governor.state()).toMatchObject({ limit: cap, ceiling: cap + 1, held: 0 });
	argos.limiter.set({ maxConcurrent: capWhileIdle });
	await clock.advance(IDLE_RESTART_MS);
	return { clock, governor, argos };
}

/**
 * A new governor sending a batch of `items` to a token bucket of `requests` per second holding `burst`: the requests
 * sent within `[from, to)` ms that Argos answered and refused.
 */
async function tokenBucketBatch(
	requests: number,
	burst: number,
	items: number,
	[from, to]: [number, number],
) {
	const clock = new FakeClock();
	const governor = new RequestGovernor(clock);
	const argos = vendor(clock, governor, {
		refusalTiming: 'immediate',
		rateLimit: { algorithm: 'tokenBucket', requests, perMs: 1000, burst },
	});
	argos.batch(items);
	// Requests sent just before `to` are answered a round trip later.
	await clock.advance(to + 2 * LATENCY_MS);
	return { answered: argos.answeredBetween(from, to), refused: argos.refusedBetween(from, to) };
}

/** Queues `count` requests that send as soon as they may; records them in the order they go on the wire. */
function queue(governor: RequestGovernor, count: number, maxConcurrent = 100, retry = false) {
	const onWire: Array<{ id: number; permit: Permit }> = [];
	for (let id = 0; id < count; id++)
		void governor.acquire(maxConcurrent, retry).then(async (permit) => {
			await permit.send();
			onWire.push({ id, permit });
		});
	return onWire;
}

/** `count` requests on the wire, in the order sent. */
async function sent(governor: RequestGovernor, count: number): Promise<Permit[]> {
	const onWire = queue(governor, count);
	await settle();
	return onWire.map((request) => request.permit);
}

describe('RequestGovernor', () => {
	it('starts with many requests on the wire, a few more prepared, the rest waiting in arrival order', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const onWire = queue(governor, 40);
		await settle();
		expect(onWire.map((request) => request.id)).toEqual(
			Array.from({ length: INITIAL_LIMIT }, (_, id) => id),
		);
		expect(governor.state()).toMatchObject({
			limit: INITIAL_LIMIT,
			onWire: INITIAL_LIMIT,
			held: INITIAL_LIMIT + preparedAhead(INITIAL_LIMIT),
			waiting: 40 - INITIAL_LIMIT - preparedAhead(INITIAL_LIMIT),
			rate: Infinity,
		});
	});

	it('never has more on the wire than the upper bound of the waiting request', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, {});
		argos.batch(60, 3);
		for (let round = 0; round < 5; round++) {
			await clock.advance(1);
			expect(governor.state().onWire).toBe(3);
			await clock.advance(LATENCY_MS - 1);
		}
	});

	it('learns a cap from what was on the wire when Argos refused at once, and keeps to it', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, { maxConcurrent: 3, refusalTiming: 'immediate' });
		argos.batch(400);
		await clock.advance(1);
		// Twenty went out; Argos took three and refused the others at once. Only the refused ones wait.
		expect(argos.refusedBetween(0, 1)).toBe(INITIAL_LIMIT - 3);
		expect(governor.state()).toMatchObject({ limit: 3, ceiling: 4, pausedUntil: 0 });
		await clock.advance(20_000);
		// From then on: three in flight, answered every round trip, and a probe above now and then.
		expect(argos.answeredBetween(1000, 20_000)).toBeGreaterThanOrEqual(0.97 * 3 * 4 * 19);
		const refusedLater = argos.refusedBetween(1000, 20_000);
		expect(refusedLater).toBeGreaterThan(0);
		expect(refusedLater).toBeLessThanOrEqual(0.02 * argos.answeredBetween(1000, 20_000));
	});

	it('learns the same cap when Argos refuses only after looking at the request', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, { maxConcurrent: 5, refusalTiming: 'afterLatency' });
		argos.batch(400);
		await clock.advance(LATENCY_MS + 1);
		expect(governor.state()).toMatchObject({ limit: 5, ceiling: 6 });
		await clock.advance(15_000);
		expect(argos.answeredBetween(1000, 15_000)).toBeGreaterThanOrEqual(0.97 * 5 * 4 * 14);
		expect(argos.refusedBetween(1000, 15_000)).toBeLessThanOrEqual(
			0.02 * argos.answeredBetween(1000, 15_000),
		);
	});

	it('probes above a cap rarely: not before fifty good answers since the last refusal', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, { maxConcurrent: 2, refusalTiming: 'immediate' });
		argos.batch(400);
		await clock.advance(30_000);
		const refusals = argos.outcomes.filter((o) => o.status !== 200 && o.sentAt > 0);
		for (const [index, refusal] of refusals.entries()) {
			if (index === 0) continue;
			const previous = refusals[index - 1].sentAt;
			expect(argos.answeredBetween(previous, refusal.sentAt)).toBeGreaterThanOrEqual(50);
		}
		expect(refusals.length).toBeGreaterThan(0);
	});

	it('finds a raised cap at the next probe and grows by one per good answer up to it', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, { maxConcurrent: 3, refusalTiming: 'immediate' });
		argos.batch(2000);
		await clock.advance(2000);
		argos.limiter.set({ maxConcurrent: 16 });
		// The next probe comes after sixty answers (some five seconds at 12 a second); then it doubles per round trip.
		await clock.advance(6000);
		expect(governor.state().limit).toBeGreaterThanOrEqual(16);
		expect(argos.answeredBetween(6500, 7500)).toBeGreaterThanOrEqual(0.9 * 16 * 4);
	});

	it('comes down with a cap that drops, and finds it again quickly once it rises', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, { maxConcurrent: 8, refusalTiming: 'immediate' });
		argos.batch(2000);
		await clock.advance(5000);
		argos.limiter.set({ maxConcurrent: 3 });
		await clock.advance(5000);
		expect(governor.state().limit).toBeLessThanOrEqual(4);
		expect(argos.answeredBetween(8000, 10_000)).toBeGreaterThanOrEqual(0.85 * 3 * 4 * 2);
		argos.limiter.set({ maxConcurrent: 20 });
		// A limit Argos has just lowered is probed every two seconds: the rise is found within a few.
		await clock.advance(5000);
		expect(argos.answeredBetween(13_500, 14_500)).toBeGreaterThanOrEqual(0.9 * 20 * 4);
	});

	it('spaces requests evenly at the rate Argos accepted when it refuses with fewer in flight than before', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, {
			refusalTiming: 'immediate',
			rateLimit: { algorithm: 'slidingWindow', requests: 12, perMs: 1000 },
		});
		argos.batch(400);
		await clock.advance(3000);
		const { rate, ceiling } = governor.state();
		expect(rate).toBeGreaterThan(0.95 * 12);
		expect(rate).toBeLessThanOrEqual(12);
		// Not a cap: the limit on requests in flight is left alone.
		expect(ceiling).toBeUndefined();
		await clock.advance(20_000);
		expect(argos.answeredBetween(3000, 23_000)).toBeGreaterThanOrEqual(0.95 * 12 * 20);
		expect(argos.refusedBetween(3000, 23_000)).toBeLessThanOrEqual(
			0.02 * argos.answeredBetween(3000, 23_000),
		);
	});

	it('keeps to the rate it learnt when every timer wakes late: the lateness does not add up send after send', async () => {
		const clock = new FakeClock(3);
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, {
			refusalTiming: 'immediate',
			rateLimit: { algorithm: 'slidingWindow', requests: 32, perMs: 1000 },
		});
		argos.batch(1200);
		await clock.advance(30_000);
		// Spaced from each late send, 3 ms on every 31 ms would send 9% below the rate.
		expect(argos.answeredBetween(5000, 30_000)).toBeGreaterThanOrEqual(0.95 * 32 * 25);
	});

	it("holds a token bucket's rate, with at most 2% of requests refused, when its burst makes it look twice as high at first", async () => {
		// A bucket of a whole second: what Argos accepted over the last second is twice its rate when it first refuses.
		const { answered, refused } = await tokenBucketBatch(32, 32, 1500, [10_000, 45_000]);
		expect(answered).toBeGreaterThanOrEqual(0.95 * 32 * 35);
		expect(refused).toBeLessThanOrEqual(0.02 * answered);
	});

	it('finds a rate whose bucket holds one request, which refuses two requests sent together as a cap of one would', async () => {
		// The first refusals read as a cap of 1 (4 per second at 250 ms). Probed after 60 answers, one more in flight
		// went out at once beside another and was refused as by that cap, for good.
		const { answered, refused } = await tokenBucketBatch(5, 1, 300, [25_000, 55_000]);
		expect(answered).toBeGreaterThanOrEqual(0.95 * 5 * 30);
		expect(refused).toBeLessThanOrEqual(0.02 * answered);
	});

	it('cuts a rate still refused a second after it was learnt, though Argos accepts requests between the refusals', async () => {
		// The benchmark's token bucket (a quarter second's burst) at 20 per second, as 200 one-item executions reach
		// the governor 30 a second, at a latency that varies by 30 ms.
		const model = modelsNamed('rate, token bucket')[0];
		const [run] = await simulate(model, 20, 'burst', { rounds: 1, jitterMs: 30 });
		// Refused at once, a request is refused a round trip before the acceptances sent ahead of it are answered. Read
		// as "the window is still full", each refusal only paused the senders, the rate stayed above Argos' and 23% of
		// the requests were refused.
		expect(run.steadyRefused).toBeLessThanOrEqual(0.02 * run.steadyRequests);
		expect(run.itemsPerSecond).toBeGreaterThanOrEqual(0.95 * run.target);
		expect(run.failed).toBe(0);
	});

	it('keeps the rate it learnt when a probe above a known cap is refused: a cap and a rate allowing the same do not refuse by turns', async () => {
		// At a latency that varies, now the cap refuses, now the rate.
		const { clock, argos } = capAndRateAlike(30);
		argos.batch(1000);
		await clock.advance(45_000);
		const answered = argos.answeredBetween(5000, 45_000);
		expect(answered).toBeGreaterThanOrEqual(0.95 * 12 * 40);
		expect(argos.refusedBetween(5000, 45_000)).toBeLessThanOrEqual(0.02 * answered);
	});

	it('takes a probe of a known cap refused with the wire full for the cap, even when Argos accepted as many beside another lately', async () => {
		const { clock, argos } = capAndRateAlike(10);
		argos.batch(200);
		await clock.advance(30_000);
		// After a few idle seconds the cap is probed at once; taken for a rate, its refusal would cut the rate too.
		await clock.advance(IDLE_RESTART_MS + 1000);
		const from = clock.now();
		argos.batch(200);
		await clock.advance(30_000);
		const good = argos.outcomes.filter((o) => o.status === 200 && o.sentAt >= from);
		expect(good).toHaveLength(200);
		const lastSent = Math.max(...good.map((o) => o.sentAt));
		expect(200 / ((lastSent + LATENCY_MS - from) / 1000)).toBeGreaterThanOrEqual(0.95 * 12);
	});

	it('holds every request back when a rate window is full, instead of sending into it again and again', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, {
			refusalTiming: 'immediate',
			rateLimit: { algorithm: 'slidingWindow', requests: 24, perMs: 1000 },
		});
		argos.batch(400);
		// Twenty go out at once; when they are answered, twenty more at once: four fit in the window, which is then full
		// until the first second ends. After the first refusal, each one in a row holds everything back twice as long.
		await clock.advance(LATENCY_MS + 1);
		const firstRefusal = argos.outcomes.find((o) => o.status !== 200)!.sentAt;
		await clock.advance(2000);
		expect(argos.refusedBetween(firstRefusal + 1, 1000)).toBeLessThanOrEqual(5);
		expect(argos.answeredBetween(1000, 2000)).toBeGreaterThanOrEqual(20);
	});

	it('pauses every sender for Retry-After when Argos refuses a request alone on the wire', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const [lone] = await sent(governor, 1);
		const waitMs = lone.report({ kind: 'rateLimited', retryAfterMs: 3000 });
		lone.release();
		expect(waitMs).toBe(3000);
		expect(governor.state().pausedUntil).toBe(3000);
		const next = queue(governor, 1);
		await clock.advance(2999);
		expect(next).toHaveLength(0);
		await clock.advance(1);
		expect(next).toHaveLength(1);
	});

	it('honours Retry-After 0, and without Retry-After lets a refused request wait one round trip', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const permits = await sent(governor, 10);
		await clock.advance(LATENCY_MS);
		for (const permit of permits.slice(0, 5)) {
			permit.report({ kind: 'answered' });
			permit.release();
		}
		expect(permits[5].report({ kind: 'rateLimited', retryAfterMs: 0 })).toBe(0);
		expect(permits[6].report({ kind: 'rateLimited' })).toBe(LATENCY_MS);
		// Before any good answer, the round trip is not known yet.
		const [lone] = await sent(new RequestGovernor(clock), 2);
		expect(lone.report({ kind: 'rateLimited' })).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
	});

	it('probes again soon after a few idle seconds: Argos may have raised its limit meanwhile', async () => {
		const { clock, governor, argos } = await capLearntThenIdle(2, 20, 6);
		argos.batch(100);
		await clock.advance(4 * LATENCY_MS);
		expect(governor.state().limit).toBeGreaterThanOrEqual(6);
	});

	it('after idle seconds, finds a cap raised meanwhile from above: back to the starting limit as soon as the probe goes through', async () => {
		const { clock, governor, argos } = await capLearntThenIdle(8, 60, 20);
		argos.batch(200);
		// The probe at 9 goes out with the first answer, and comes back a round trip later.
		await clock.advance(2 * LATENCY_MS + 10);
		expect(governor.state()).toMatchObject({ limit: INITIAL_LIMIT, ceiling: undefined });
		const from = clock.now();
		await clock.advance(2000 + LATENCY_MS);
		// Eight full round trips fit in two seconds; the wire is full in at least seven. Growing above 20 finds the cap
		// within a round trip (the fake clock answers a round all at once, so each answer of it tries one more), then
		// nothing is refused.
		expect(argos.answeredBetween(from, from + 2000)).toBeGreaterThanOrEqual(7 * 20);
		expect(argos.refusedBetween(from + 2 * LATENCY_MS, from + 2000)).toBe(0);
	});

	it('after idle seconds, a rise found while the batch runs grows one per good answer, not from above', async () => {
		const { clock, governor, argos } = await capLearntThenIdle(8, 60, 8);
		argos.batch(400);
		// The probe after idle is refused: the cap still stands, and a later rise is no change made while idle.
		await clock.advance(2000);
		expect(governor.state()).toMatchObject({ limit: 8, ceiling: 9 });
		argos.limiter.set({ maxConcurrent: 12 });
		for (let step = 0; step < 40 && governor.state().ceiling !== undefined; step++)
			await clock.advance(50);
		expect(governor.state().ceiling).toBeUndefined();
		expect(governor.state().limit).toBeLessThan(INITIAL_LIMIT);
	});

	it('takes a rate-limited request asking again after a long wait for no new start', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const argos = vendor(clock, governor, { maxConcurrent: 2, refusalTiming: 'immediate' });
		argos.batch(20);
		await clock.advance(5000);
		await clock.advance(2 * IDLE_RESTART_MS);
		const retried = await governor.acquire(100, true);
		await retried.send();
		// No probe: the wire holds what the cap allows.
		const others = queue(governor, 5);
		await settle();
		expect(others).toHaveLength(1);
		retried.release();
		for (const { permit } of others) permit.release();
	});

	it('learns nothing from server errors and network errors', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 100);
		await settle();
		await clock.advance(LATENCY_MS);
		for (const { permit } of onWire.splice(0, 4)) {
			permit.report({ kind: 'failed' });
			permit.release();
		}
		await settle();
		expect(governor.state()).toMatchObject({
			limit: INITIAL_LIMIT,
			onWire: INITIAL_LIMIT,
			pausedUntil: 0,
			rate: Infinity,
		});
		expect(governor.state().ceiling).toBeUndefined();
	});

	it('gives slots and the wire to rate-limited requests before new ones, each group in arrival order', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const first = queue(governor, INITIAL_LIMIT + preparedAhead(INITIAL_LIMIT));
		await settle();
		const order: string[] = [];
		for (const name of ['new-a', 'new-b'])
			void governor.acquire(100).then((permit) => {
				order.push(name);
				permit.release();
			});
		for (const name of ['retry-a', 'retry-b'])
			void governor.acquire(100, true).then((permit) => {
				order.push(name);
				permit.release();
			});
		first[0].permit.report({ kind: 'failed' });
		first[0].permit.release();
		await settle();
		expect(order).toEqual(['retry-a', 'retry-b', 'new-a', 'new-b']);
	});

	it('frees a slot once, and counts a request sent but never reported as failed', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const onWire = queue(governor, 1);
		await settle();
		const [{ permit }] = onWire;
		permit.release();
		permit.release();
		expect(permit.report({ kind: 'answered' })).toBe(0);
		expect(governor.state()).toMatchObject({ held: 0, onWire: 0, limit: INITIAL_LIMIT });
	});
});

describe('governorFor', () => {
	it('shares one governor per base URL and API key', () => {
		const clock = new FakeClock();
		const shared = governorFor('http://argos.test/document', 'key-1', clock);
		expect(governorFor('http://argos.test/document', 'key-1', clock)).toBe(shared);
		expect(governorFor('http://argos.test/document', 'key-2', clock)).not.toBe(shared);
		expect(governorFor('http://other.test/document', 'key-1', clock)).not.toBe(shared);
	});
});
