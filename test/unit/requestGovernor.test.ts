import {
	DEFAULT_RATE_LIMIT_WAIT_MS,
	governorFor,
	INITIAL_LIMIT,
	RequestGovernor,
	type GovernorClock,
	type Permit,
	type RequestResult,
} from '../../nodes/ArgosIdLiveness/transport/requestGovernor';

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

/** Argos answered the request in this slot, and the slot is freed. Returns the request's wait. */
function finish(permit: Permit, result: RequestResult): number {
	const waitMs = permit.report(result);
	permit.release();
	return waitMs;
}

/** Queues `count` requests and records the permits in the order they are granted. */
function queue(governor: RequestGovernor, count: number, maxConcurrent = 100, retry = false) {
	const granted: Array<{ id: number; permit: Permit }> = [];
	for (let id = 0; id < count; id++)
		void governor.acquire(maxConcurrent, retry).then((permit) => granted.push({ id, permit }));
	return granted;
}

describe('RequestGovernor', () => {
	it('starts with a few requests in flight and serves waiters in arrival order', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 10);
		await settle();
		expect(granted.map((grant) => grant.id)).toEqual([0, 1, 2, 3]);
		expect(granted.map((grant) => grant.permit.level)).toEqual([0, 1, 2, 3]);
		expect(governor.state()).toMatchObject({ limit: INITIAL_LIMIT, inFlight: 4, waiting: 6 });
	});

	it('adds one to the limit per good answer while requests wait (doubling every round trip)', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 40);
		await settle();
		for (const { permit } of granted.splice(0, 4)) finish(permit, { kind: 'answered' });
		await settle();
		expect(governor.state().limit).toBe(8);
		expect(governor.state().inFlight).toBe(8);
		expect(granted.map((grant) => grant.id)).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
	});

	it('does not grow while the limit is not what holds requests back', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 2);
		await settle();
		for (const { permit } of granted) finish(permit, { kind: 'answered' });
		expect(governor.state().limit).toBe(INITIAL_LIMIT);
	});

	it('never has more in flight than the upper bound of the waiting request', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 30, 3);
		await settle();
		expect(governor.state().inFlight).toBe(3);
		for (let round = 0; round < 5; round++) {
			for (const { permit } of granted.splice(0, 3)) finish(permit, { kind: 'answered' });
			await settle();
			expect(governor.state().inFlight).toBe(3);
		}
		expect(governor.state().limit).toBe(INITIAL_LIMIT);
	});

	it('keeps the limit at the level where Argos refused a request it had never held (no pause for the others)', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const granted = queue(governor, 20);
		await settle();
		// Argos holds 3: the requests sent with 3 others in flight are refused.
		const [, , , fourth] = granted;
		expect(fourth.permit.level).toBe(3);
		expect(finish(fourth.permit, { kind: 'rateLimited', retryAfterMs: 1000 })).toBe(1000);
		expect(governor.state()).toMatchObject({ limit: 3, ceiling: 3, pausedUntil: 0 });
		// The three accepted ones finish: three more go at once, and after a round trip of good answers one more
		// probes whether Argos now holds 4.
		for (const { permit } of granted.slice(0, 3)) finish(permit, { kind: 'answered' });
		await settle();
		expect(granted.slice(4).map((grant) => [grant.id, grant.permit.level])).toEqual([
			[4, 2],
			[5, 2],
			[6, 2],
			[7, 3],
		]);
	});

	it('probes one above the ceiling after a round trip of good answers, and less often while it holds', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 500);
		await settle();
		// Argos holds 3. Each round trip, every request in flight is answered; refused ones are not asked again here.
		// The first round trips overshoot (the limit grows while the first answers come in), then it probes.
		const probeRounds: number[] = [];
		let answered = 0;
		for (let round = 0; round < 60; round++) {
			const inFlight = granted.splice(0, granted.length);
			for (const { permit } of inFlight) {
				const refused = permit.level >= 3;
				if (refused && round > 1) probeRounds.push(round);
				finish(permit, refused ? { kind: 'rateLimited' } : { kind: 'answered' });
				if (!refused) answered++;
			}
			await settle();
		}
		// Round trips between probes: 1, then twice as many after each refused one, up to 8 (plus the probe's own).
		const gaps = probeRounds.slice(1).map((round, index) => round - probeRounds[index]);
		expect(gaps[0]).toBeLessThanOrEqual(2);
		expect(gaps.slice(2).every((gap) => gap >= 8 && gap <= 10)).toBe(true);
		expect(gaps.length).toBeGreaterThanOrEqual(5);
		expect(governor.state()).toMatchObject({ limit: 3, ceiling: 3 });
		expect(answered).toBeGreaterThan(170);
	});

	it('raises the ceiling when a probe goes through, and searches upwards again', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 100);
		await settle();
		finish(granted[3].permit, { kind: 'rateLimited' });
		for (const { permit } of granted.slice(0, 3)) finish(permit, { kind: 'answered' });
		await settle();
		// One probe goes beyond the ceiling; the limit stays at the ceiling until it is answered.
		expect(governor.state()).toMatchObject({ limit: 3, ceiling: 3, inFlight: 4 });
		const probe = granted[granted.length - 1];
		expect(probe.permit.level).toBe(3);
		finish(probe.permit, { kind: 'answered' });
		expect(governor.state()).toMatchObject({ limit: 4, ceiling: undefined });
	});

	it('halves the limit and pauses every sender for Retry-After when Argos refuses a level it held before', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const granted = queue(governor, 100);
		await settle();
		for (const { permit } of granted.slice(0, 4)) finish(permit, { kind: 'answered' });
		await settle();
		expect(governor.state()).toMatchObject({ limit: 8, inFlight: 8 });
		// Request 4 went with 3 others in flight, which Argos held before: its limit dropped, everyone pauses.
		const refused = granted[4];
		expect(refused.permit.level).toBe(3);
		expect(finish(refused.permit, { kind: 'rateLimited', retryAfterMs: 2000 })).toBe(2000);
		expect(governor.state()).toMatchObject({ limit: 3, pausedUntil: 2000 });
		// It asks again first in line; nobody is served during the pause, even with free slots.
		const retried = queue(governor, 1, 100, true);
		for (const { permit } of granted.slice(5, 12)) finish(permit, { kind: 'answered' });
		await clock.advance(1999);
		expect(governor.state().inFlight).toBe(0);
		expect(retried).toHaveLength(0);
		await clock.advance(1);
		expect(retried).toHaveLength(1);
		expect(governor.state().inFlight).toBe(3);
		expect(granted.slice(12).map((grant) => grant.id)).toEqual([12, 13]);
	});

	it('pauses for a default wait when a refusal has no Retry-After, and drops to one request when even one is refused', async () => {
		const clock = new FakeClock();
		const governor = new RequestGovernor(clock);
		const granted = queue(governor, 10);
		await settle();
		finish(granted[0].permit, { kind: 'rateLimited' });
		expect(governor.state()).toMatchObject({ limit: 1, pausedUntil: DEFAULT_RATE_LIMIT_WAIT_MS });
	});

	it('learns nothing from server errors and network errors', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 10);
		await settle();
		for (const { permit } of granted.slice(0, 4)) finish(permit, { kind: 'failed' });
		await settle();
		expect(governor.state()).toMatchObject({ limit: INITIAL_LIMIT, inFlight: 4, pausedUntil: 0 });
	});

	it('serves rate-limited requests before new ones, each group in arrival order', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const first = queue(governor, 4);
		await settle();
		const order: string[] = [];
		for (const name of ['new-a', 'new-b'])
			void governor.acquire(100).then((permit) => {
				order.push(name);
				finish(permit, { kind: 'failed' });
			});
		for (const name of ['retry-a', 'retry-b'])
			void governor.acquire(100, true).then((permit) => {
				order.push(name);
				finish(permit, { kind: 'failed' });
			});
		finish(first[0].permit, { kind: 'failed' });
		await settle();
		expect(order).toEqual(['retry-a', 'retry-b', 'new-a', 'new-b']);
	});

	it('releases a permit once', async () => {
		const governor = new RequestGovernor(new FakeClock());
		const granted = queue(governor, 1);
		await settle();
		const [grant] = granted;
		finish(grant.permit, { kind: 'answered' });
		finish(grant.permit, { kind: 'failed' });
		expect(governor.state().inFlight).toBe(0);
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
