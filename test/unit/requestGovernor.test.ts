import {
	DEFAULT_RATE_LIMIT_WAIT_MS,
	governorFor,
	IDLE_RESTART_MS,
	INITIAL_LIMIT,
	preparedAhead,
	RequestGovernor,
	type GovernorClock,
	type Permit,
	type RequestResult,
} from '../../package/nodes/ArgosIdLiveness/transport/requestGovernor';

/** Time that moves only when the test says so; sleeps end when it passes their end. */
class FakeClock implements GovernorClock {
	private time = 0;
	private sleepers: Array<{ until: number; wake: () => void }> = [];

	now = () => this.time;

	sleep = (ms: number) =>
		new Promise<void>((wake) => this.sleepers.push({ until: this.time + ms, wake }));

	async advance(ms: number): Promise<void> {
		this.time += ms;
		const due = this.sleepers.filter((sleeper) => sleeper.until <= this.time);
		this.sleepers = this.sleepers.filter((sleeper) => sleeper.until > this.time);
		for (const sleeper of due) sleeper.wake();
		await settle();
	}
}

/** Lets granted permits' promise callbacks run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const ROUND_TRIP_MS = 250;

/** Argos answered the request in this slot, and the slot is freed. Returns the request's wait. */
function finish(permit: Permit, result: RequestResult): number {
	const waitMs = permit.report(result);
	permit.release();
	return waitMs;
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

/**
 * One round trip: after ROUND_TRIP_MS every request on the wire is answered, one at a time, each freeing the wire
 * for the next prepared one (answered in the next round). `refuse(n)` tells whether the n-th answer is a 429.
 */
async function roundTrip(
	clock: FakeClock,
	onWire: Array<{ id: number; permit: Permit }>,
	refuse: (n: number) => boolean = () => false,
) {
	await clock.advance(ROUND_TRIP_MS);
	const answered = onWire.splice(0, onWire.length);
	const waits: number[] = [];
	for (const [n, { permit }] of answered.entries()) {
		waits.push(finish(permit, refuse(n) ? { kind: 'rateLimited' } : { kind: 'answered' }));
		await settle();
	}
	return waits;
}

/** A governor after a batch whose last round trips end with a 429: the limit is cut, slow start is over, nothing waits. */
async function afterACut(clock: FakeClock): Promise<RequestGovernor> {
	const governor = new RequestGovernor(clock);
	const batch = queue(governor, 30);
	await settle();
	while (batch.length > 0) {
		const last = governor.state().waiting === 0 ? batch.length - 1 : -1;
		await roundTrip(clock, batch, (n) => n === last);
	}
	expect(governor.state()).toMatchObject({ slowStart: false, held: 0, waiting: 0 });
	return governor;
}

describe('RequestGovernor', () => {
	it('starts with a few requests on the wire, a few more prepared, the rest waiting in arrival order', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const onWire = queue(governor, 10);
		await settle();
		expect(onWire.map((request) => request.id)).toEqual([0, 1, 2, 3]);
		expect(governor.state()).toMatchObject({
			limit: INITIAL_LIMIT,
			onWire: 4,
			held: 4 + preparedAhead(4),
			waiting: 10 - 4 - preparedAhead(4),
		});
	});

	it('adds one per good answer while requests wait: the limit doubles every round trip (slow start)', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 200);
		await settle();
		await roundTrip(clock, onWire);
		expect(governor.state()).toMatchObject({ limit: 8, onWire: 8 });
		await roundTrip(clock, onWire);
		expect(governor.state()).toMatchObject({ limit: 16, onWire: 16 });
	});

	it('does not grow while the limit is not what holds requests back, or too few wait', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 2);
		await settle();
		await roundTrip(clock, onWire);
		expect(governor.state().limit).toBe(INITIAL_LIMIT);
		// A full wire, but only the last few requests of a batch wait: a refusal would only make one of them last.
		const tail = queue(governor, 5);
		await settle();
		await roundTrip(clock, tail);
		expect(governor.state().limit).toBe(INITIAL_LIMIT);
	});

	it('never has more on the wire than the upper bound of the waiting request', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 60, 3);
		await settle();
		for (let round = 0; round < 5; round++) {
			expect(governor.state().onWire).toBe(3);
			await roundTrip(clock, onWire);
		}
		expect(governor.state().limit).toBe(INITIAL_LIMIT);
	});

	it('halves the limit at the first 429 of slow start; only the refused request waits its Retry-After', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 200);
		await settle();
		await roundTrip(clock, onWire); // limit 8
		// Argos holds 5: the last three of the eight are refused. The five answers first grow the limit to 13; the
		// first refusal halves it; the other two were sent before that cut and change nothing.
		const waits = await roundTrip(clock, onWire, (n) => n >= 5);
		expect(waits.slice(5)).toEqual([1, 2, 3].map(() => DEFAULT_RATE_LIMIT_WAIT_MS));
		expect(governor.state()).toMatchObject({ limit: 6, slowStart: false, pausedUntil: 0 });
	});

	it('then adds one per round trip, and takes 10% (at least one) off at each 429', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 1000);
		await settle();
		await roundTrip(clock, onWire); // 8
		await roundTrip(clock, onWire, (n) => n === 7); // grown to 15 by the first seven answers, then halved: 7
		const limits: number[] = [];
		for (let round = 0; round < 4; round++) {
			await roundTrip(clock, onWire);
			limits.push(governor.state().limit);
		}
		expect(limits).toEqual([8, 9, 10, 11]);
		// The last answer of the round is a 429: 11 less 10%, rounded down.
		await roundTrip(clock, onWire, (n) => n === 10);
		expect(governor.state().limit).toBe(9);
		expect(governor.state().pausedUntil).toBe(0);
	});

	it('keeps the limit at a cap that holds: one refusal now and then, and no pause', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 2000);
		await settle();
		const cap = 6;
		let answered = 0;
		for (let round = 0; round < 40; round++) {
			const inFlight = onWire.length;
			await roundTrip(clock, onWire, (n) => n >= cap);
			answered += Math.min(cap, inFlight);
		}
		expect(governor.state().pausedUntil).toBe(0);
		// After the first round trips, the wire is kept at the cap nearly all the time.
		expect(answered).toBeGreaterThan(0.9 * cap * 40);
	});

	it('halves the limit and pauses every sender for Retry-After when Argos refuses three more times after a cut', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 200);
		await settle();
		await roundTrip(clock, onWire); // 8 on the wire
		// The cap drops: from now on Argos refuses every request. The first refusal cuts the limit.
		await clock.advance(ROUND_TRIP_MS);
		const old = onWire.splice(0, onWire.length);
		finish(old.shift()!.permit, { kind: 'rateLimited', retryAfterMs: 3000 });
		// Requests sent after a cut are refused too: each cuts again, the third of them pauses everyone.
		let refusedAfterCuts = 0;
		while (governor.state().pausedUntil === 0) {
			await settle();
			const fresh = onWire.splice(0, onWire.length);
			if (fresh.length === 0) {
				finish(old.shift()!.permit, { kind: 'answered' }); // an earlier request ends and makes room
				continue;
			}
			finish(fresh[0].permit, { kind: 'rateLimited', retryAfterMs: 3000 });
			refusedAfterCuts++;
			old.push(...fresh.slice(1));
		}
		expect(refusedAfterCuts).toBe(3);
		expect(governor.state().pausedUntil).toBe(clock.now() + 3000);
		// Nothing goes on the wire during the pause, even with room.
		for (const { permit } of old) finish(permit, { kind: 'answered' });
		await clock.advance(2999);
		expect(governor.state().onWire).toBe(0);
		await clock.advance(1);
		expect(governor.state().onWire).toBe(governor.state().limit);
	});

	it('pauses everyone when even a single request on the wire is refused', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 100, 1);
		await settle();
		// Bring the limit down to 1 by refusals that each follow a good answer.
		for (let round = 0; round < 12 && governor.state().limit > 1; round++) {
			await roundTrip(clock, onWire);
			await roundTrip(clock, onWire, () => true);
		}
		await roundTrip(clock, onWire, () => true);
		expect(governor.state().limit).toBe(1);
		expect(governor.state().pausedUntil).toBeGreaterThan(clock.now());
	});

	it('grows by slow start again after four round trips without a 429, to find a raised limit fast', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 5000);
		await settle();
		await roundTrip(clock, onWire);
		await roundTrip(clock, onWire, (n) => n === 7); // 4, slow start over
		expect(governor.state().slowStart).toBe(false);
		const limits: number[] = [];
		for (let round = 0; round < 8; round++) {
			await roundTrip(clock, onWire);
			limits.push(governor.state().limit);
		}
		expect(governor.state().slowStart).toBe(true);
		expect(limits.slice(0, 4)).toEqual([8, 9, 10, 11]);
		expect(limits[7]).toBeGreaterThanOrEqual(40);
	});

	it('comes down at the first refusal to one above what was on the wire beside the refused request', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const warmUp = queue(governor, 100);
		await settle();
		while (warmUp.length > 0) await roundTrip(clock, warmUp);
		expect(governor.state().limit).toBeGreaterThanOrEqual(16);
		// Argos now takes 3 at a time; the requests go out at once, and the fourth one sent is the first refused.
		const onWire = queue(governor, 100);
		await settle();
		await roundTrip(clock, onWire, (n) => n >= 3);
		expect(governor.state()).toMatchObject({ limit: 4, pausedUntil: 0 });
		// Then additive increase and decrease around the cap, without a pause.
		for (let round = 0; round < 10; round++) {
			await roundTrip(clock, onWire, (n) => n >= 3);
			expect(governor.state().limit).toBeGreaterThanOrEqual(3);
			expect(governor.state().limit).toBeLessThanOrEqual(5);
			expect(governor.state().pausedUntil).toBe(0);
		}
	});

	it('grows by slow start again when requests come after a few idle seconds', async () => {
		const nextBatch = async (clock: FakeClock, governor: RequestGovernor, idleMs: number) => {
			await clock.advance(idleMs);
			const learnt = governor.state().limit;
			const batch = queue(governor, 200);
			await settle();
			await roundTrip(clock, batch);
			return { learnt, limit: governor.state().limit };
		};

		const soonClock = new FakeClock();
		const soon = await nextBatch(soonClock, await afterACut(soonClock), IDLE_RESTART_MS - 1);
		expect(soon.limit).toBeLessThanOrEqual(soon.learnt + 1);

		const laterClock = new FakeClock();
		const later = await nextBatch(laterClock, await afterACut(laterClock), IDLE_RESTART_MS);
		expect(later.limit).toBe(2 * later.learnt);
	});

	it('takes a rate-limited request asking again after a long wait for no new start', async () => {
		const clock = new FakeClock();
		const governor = await afterACut(clock);
		await clock.advance(2 * IDLE_RESTART_MS);
		const retried = await governor.acquire(100, true);
		// Nor does a new request while it is on its way: the governor is busy again.
		const next = await governor.acquire(100);
		expect(governor.state().slowStart).toBe(false);
		retried.release();
		next.release();
	});

	it('learns nothing from server errors and network errors', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const onWire = queue(governor, 100);
		await settle();
		await clock.advance(ROUND_TRIP_MS);
		for (const { permit } of onWire.splice(0, 4)) finish(permit, { kind: 'failed' });
		await settle();
		expect(governor.state()).toMatchObject({ limit: INITIAL_LIMIT, onWire: 4, pausedUntil: 0 });
	});

	it('gives slots and the wire to rate-limited requests before new ones, each group in arrival order', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const first = queue(governor, 4 + preparedAhead(4));
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
		finish(first[0].permit, { kind: 'failed' });
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
