import axios from 'axios';
import { startEmulator, type Emulator } from '../../emulator';
import { documentBody, jsonOf, postDocument, sampleBytes } from './emulatorTestKit';

describe('emulator: maxConcurrent', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({
			apiKey: 'test-key',
			maxConcurrent: 2,
			retryAfterSeconds: 3,
			latencyMs: 300,
		});
	});
	afterAll(() => emulator.close());

	it('throttles requests beyond the limit with 429 and Retry-After, and admits again once they finish', async () => {
		const body = documentBody(sampleBytes('genuine.jpg'));
		const answers = await Promise.all([1, 2, 3, 4, 5].map(() => postDocument(emulator.url, body)));
		const throttled = answers.filter((answer) => answer.status === 429);
		expect(answers.filter((answer) => answer.status === 200)).toHaveLength(2);
		expect(throttled).toHaveLength(3);
		for (const answer of throttled) {
			expect(answer.headers['retry-after']).toBe('3');
			expect(jsonOf(answer)).toEqual({ message: 'Too Many Requests' });
		}
		expect((await postDocument(emulator.url, body)).status).toBe(200);
	});

	it('changes the limit while running, in-process and over the admin API', async () => {
		const body = documentBody(sampleBytes('genuine.jpg'));
		const statuses = async (count: number) =>
			(await Promise.all(Array.from({ length: count }, () => postDocument(emulator.url, body))))
				.map((answer) => answer.status)
				.sort();
		try {
			emulator.throttle(1);
			expect(await statuses(3)).toEqual([200, 429, 429]);
			await axios.post(`${emulator.url}/__emulator/throttle`, { maxConcurrent: null });
			expect(await statuses(4)).toEqual([200, 200, 200, 200]);
			const refused = await axios.post(
				`${emulator.url}/__emulator/throttle`,
				{ maxConcurrent: 'many' },
				{ validateStatus: () => true },
			);
			expect(refused.status).toBe(400);
		} finally {
			emulator.throttle(2);
		}
	});
});
