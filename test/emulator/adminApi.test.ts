import axios from 'axios';
import { startEmulator, type Emulator } from '../../emulator';
import { documentBody, postDocument, sampleBytes, startCallbackReceiver } from './emulatorTestKit';

describe('emulator: admin API', () => {
	let emulator: Emulator;
	const admin = (route: string) => `${emulator.url}/__emulator/${route}`;
	beforeAll(async () => {
		emulator = await startEmulator({ apiKey: 'test-key', callbackDelayMs: 0 });
	});
	afterAll(() => emulator.close());
	beforeEach(() => emulator.reset());

	it('reports health', async () => {
		const response = await axios.get(admin('health'));
		expect(response.data).toEqual({ status: 'ok' });
	});

	it('lists recorded requests and callback deliveries', async () => {
		const receiver = await startCallbackReceiver();
		try {
			await postDocument(
				emulator.url,
				documentBody(sampleBytes('genuine.jpg'), { callbackUrl: receiver.url }),
			);
			await emulator.waitForCallbacks(1);
			const requests = (await axios.get(admin('requests'))).data;
			const callbacks = (await axios.get(admin('callbacks'))).data;
			expect(requests).toHaveLength(1);
			expect(requests[0]).toMatchObject({ method: 'POST', path: '/document', status: 201 });
			expect(callbacks).toEqual([
				expect.objectContaining({
					url: receiver.url,
					transactionId: requests[0].transactionId,
					status: 200,
				}),
			]);
		} finally {
			await receiver.close();
		}
	});

	it('queues faults posted as JSON', async () => {
		const queued = await axios.post(admin('faults'), [
			{ type: 'status', status: 500 },
			{ type: 'malformed' },
		]);
		expect(queued.data).toEqual({ queued: 2 });
		const body = documentBody(sampleBytes('genuine.jpg'));
		expect((await postDocument(emulator.url, body)).status).toBe(500);
		expect((await postDocument(emulator.url, body)).data).not.toMatch(/^\{.*\}$/);
		expect((await postDocument(emulator.url, body)).status).toBe(200);
	});

	it.each([
		['not an array', { type: 'drop' }],
		['an unknown type', [{ type: 'explode' }]],
		['an unsupported status', [{ type: 'status', status: 418 }]],
		['a slow fault without ms', [{ type: 'slow' }]],
	])('refuses faults that are %s', async (_case, faults) => {
		const response = await axios.post(admin('faults'), faults, { validateStatus: () => true });
		expect(response.status).toBe(400);
		expect(response.data.message).toEqual(expect.any(String));
		expect(emulator.requests).toHaveLength(0);
		expect(
			(await postDocument(emulator.url, documentBody(sampleBytes('genuine.jpg')))).status,
		).toBe(200);
	});

	it('resets requests, callbacks and queued faults', async () => {
		await axios.post(admin('faults'), [{ type: 'status', status: 500 }]);
		await postDocument(emulator.url, {}, { apiKey: 'wrong' });
		await axios.post(admin('faults'), [{ type: 'status', status: 500 }]);
		await axios.post(admin('reset'));
		expect((await axios.get(admin('requests'))).data).toEqual([]);
		expect(
			(await postDocument(emulator.url, documentBody(sampleBytes('genuine.jpg')))).status,
		).toBe(200);
	});

	it('answers 404 for unknown admin routes', async () => {
		const response = await axios.get(admin('nothing'), { validateStatus: () => true });
		expect(response.status).toBe(404);
	});
});
