import axios from 'axios';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../emulator';
import { documentBody, jsonOf, postDocument, sampleBytes } from './emulatorTestKit';

/**
 * The vendor models the emulator offers (README "Limits"), over loopback. Timings are generous: the machine running
 * the tests may be loaded, so "at once" means well before the latency, and waits leave room on both sides.
 */
jest.setTimeout(30_000);

const body = () => documentBody(sampleBytes('genuine.jpg'));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withEmulator(options: EmulatorOptions, run: (emulator: Emulator) => Promise<void>) {
	const emulator = await startEmulator({ apiKey: 'test-key', ...options });
	try {
		await run(emulator);
	} finally {
		await emulator.close();
	}
}

/** Posts `count` requests at once; each answer with how long it took. */
async function together(emulator: Emulator, count: number) {
	return await Promise.all(
		Array.from({ length: count }, async () => {
			const started = Date.now();
			const answer = await postDocument(emulator.url, body());
			return { answer, status: answer.status, ms: Date.now() - started };
		}),
	);
}

const statuses = (answers: Array<{ status: number }>) => answers.map((a) => a.status).sort();

describe('emulator: a cap on requests in flight', () => {
	it('refuses beyond the cap after the latency by default, as if the vendor looked at the request first', async () => {
		await withEmulator({ maxConcurrent: 1, latencyMs: 1500 }, async (emulator) => {
			const answers = await together(emulator, 2);
			const refused = answers.find((answer) => answer.status === 429)!;
			expect(statuses(answers)).toEqual([200, 429]);
			expect(refused.ms).toBeGreaterThanOrEqual(1400);
			expect(emulator.requests.find((request) => request.status === 429)?.refusedBy).toBe('cap');
		});
	});

	it('refuses at once, as a gateway does, with refusalTiming "immediate"', async () => {
		await withEmulator(
			{ maxConcurrent: 1, latencyMs: 3000, refusalTiming: 'immediate' },
			async (emulator) => {
				const answers = await together(emulator, 2);
				expect(statuses(answers)).toEqual([200, 429]);
				expect(answers.find((answer) => answer.status === 429)!.ms).toBeLessThan(1500);
				expect(answers.find((answer) => answer.status === 200)!.ms).toBeGreaterThanOrEqual(2900);
			},
		);
	});

	it('frees a slot only slotReleaseDelayMs after its answer left, when set', async () => {
		await withEmulator(
			{ maxConcurrent: 1, latencyMs: 50, slotReleaseDelayMs: 1500, refusalTiming: 'immediate' },
			async (emulator) => {
				expect((await postDocument(emulator.url, body())).status).toBe(200);
				// Sent as soon as the answer came: the vendor still counts the request answered.
				expect((await postDocument(emulator.url, body())).status).toBe(429);
				await sleep(1700);
				expect((await postDocument(emulator.url, body())).status).toBe(200);
			},
		);
	});
});

describe('emulator: a limit on requests per time window', () => {
	it('sliding window: at most `requests` within any `perMs`, refused at once whatever is in flight', async () => {
		await withEmulator(
			{
				latencyMs: 50,
				refusalTiming: 'immediate',
				rateLimit: { algorithm: 'slidingWindow', requests: 3, perMs: 2000 },
			},
			async (emulator) => {
				expect(statuses(await together(emulator, 4))).toEqual([200, 200, 200, 429]);
				// The first three have been answered: nothing is in flight, and still the window is full.
				expect((await postDocument(emulator.url, body())).status).toBe(429);
				expect(emulator.requests.at(-1)?.refusedBy).toBe('rate');
				await sleep(2200);
				expect(statuses(await together(emulator, 4))).toEqual([200, 200, 200, 429]);
			},
		);
	});

	it('token bucket: a burst of `burst`, then `requests` per `perMs` dripped in', async () => {
		await withEmulator(
			{
				latencyMs: 50,
				refusalTiming: 'immediate',
				rateLimit: { algorithm: 'tokenBucket', requests: 1, perMs: 1000, burst: 2 },
			},
			async (emulator) => {
				expect(statuses(await together(emulator, 3))).toEqual([200, 200, 429]);
				await sleep(1100);
				// One token dripped in: one more, not two.
				expect(statuses(await together(emulator, 2))).toEqual([200, 429]);
			},
		);
	});

	it('fixed window: at most `requests` per window of the clock', async () => {
		await withEmulator(
			{
				latencyMs: 0,
				refusalTiming: 'immediate',
				rateLimit: { algorithm: 'fixedWindow', requests: 2, perMs: 3000 },
			},
			async (emulator) => {
				// Start early in a window, so the three requests fall in the same one.
				await sleep(3000 - (Date.now() % 3000) + 100);
				expect(statuses(await together(emulator, 3))).toEqual([200, 200, 429]);
				await sleep(3000 - (Date.now() % 3000) + 100);
				expect((await postDocument(emulator.url, body())).status).toBe(200);
			},
		);
	});

	it('applies a cap and a rate limit together', async () => {
		await withEmulator(
			{
				maxConcurrent: 2,
				latencyMs: 1000,
				refusalTiming: 'immediate',
				rateLimit: { algorithm: 'slidingWindow', requests: 3, perMs: 10_000 },
			},
			async (emulator) => {
				expect(statuses(await together(emulator, 3))).toEqual([200, 200, 429]);
				expect(emulator.requests.map((request) => request.refusedBy)).toContain('cap');
				// Nothing in flight now, and the window has room for one more.
				expect(statuses(await together(emulator, 2))).toEqual([200, 429]);
				expect(emulator.requests.slice(3).map((request) => request.refusedBy)).toContain('rate');
			},
		);
	});
});

describe('emulator: how a refusal reads', () => {
	it.each([
		[{ retryAfterSeconds: 0 }, 429, '0'],
		[{ retryAfterSeconds: null }, 429, undefined],
		[{ refusalStatus: 503 as const, retryAfterSeconds: 2 }, 503, '2'],
	])('%j: status %d, Retry-After %s', async (settings, status, retryAfter) => {
		await withEmulator(
			{ maxConcurrent: 0, refusalTiming: 'immediate', ...settings },
			async (emulator) => {
				const answer = await postDocument(emulator.url, body());
				expect(answer.status).toBe(status);
				expect(answer.headers['retry-after']).toBe(retryAfter);
				expect(jsonOf(answer)).toHaveProperty('message');
			},
		);
	});
});

describe('emulator: limits that change mid-run', () => {
	it('follows a schedule counted from the first request', async () => {
		await withEmulator(
			{
				maxConcurrent: 1,
				latencyMs: 100,
				limitSchedule: [{ afterMs: 1000, maxConcurrent: 3 }],
			},
			async (emulator) => {
				expect(statuses(await together(emulator, 3))).toEqual([200, 429, 429]);
				await sleep(1200);
				expect(statuses(await together(emulator, 3))).toEqual([200, 200, 200]);
			},
		);
	});

	it('takes new limits and a schedule over the admin API', async () => {
		await withEmulator({ latencyMs: 100 }, async (emulator) => {
			const admin = `${emulator.url}/__emulator/limits`;
			const set = await axios.post(admin, {
				maxConcurrent: 1,
				refusalStatus: 503,
				schedule: [{ afterMs: 1000, maxConcurrent: null }],
			});
			expect(set.data).toMatchObject({ maxConcurrent: 1, refusalStatus: 503 });
			expect(statuses(await together(emulator, 2))).toEqual([200, 503]);
			await sleep(1200);
			expect(statuses(await together(emulator, 4))).toEqual([200, 200, 200, 200]);
			expect((await axios.get(admin)).data).toMatchObject({ maxConcurrent: null });
			const refused = await axios.post(
				admin,
				{ rateLimit: { algorithm: 'leakyBucket', requests: 1, perMs: 1 } },
				{ validateStatus: () => true },
			);
			expect(refused.status).toBe(400);
			expect(refused.data.message).toMatch(/algorithm/);
		});
	});
});
