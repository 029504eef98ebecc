import { startEmulator, type Emulator } from '../../emulator';
import {
	documentBody,
	jsonOf,
	postDocument,
	sampleBytes,
	startCallbackReceiver,
	TRANSACTION_ID,
} from './emulatorTestKit';

type Receiver = Awaited<ReturnType<typeof startCallbackReceiver>>;

describe('emulator: asynchronous analysis', () => {
	let emulator: Emulator;
	let receiver: Receiver;
	beforeAll(async () => {
		emulator = await startEmulator({ apiKey: 'test-key', callbackDelayMs: 20 });
		receiver = await startCallbackReceiver();
	});
	afterAll(async () => {
		await emulator.close();
		await receiver.close();
	});
	beforeEach(() => {
		emulator.reset();
		receiver.received.length = 0;
	});

	it('accepts with 201, then posts the result to the callback URL with its query string intact', async () => {
		const callbackUrl = `${receiver.url}/webhook/abc/callback?token=s3cret&item=2`;
		const response = await postDocument(
			emulator.url,
			documentBody(sampleBytes('screen-replay.jpg'), { callbackUrl }),
		);
		expect(response.status).toBe(201);
		const accepted = jsonOf(response);
		expect(accepted).toEqual({
			transactionId: expect.stringMatching(TRANSACTION_ID),
			engineVersion: 'id_liveness@3.4.2',
			message:
				'request has been successfully received. The response will be sent to your callback URL',
		});

		const [delivery] = await emulator.waitForCallbacks(1);
		expect(receiver.received).toHaveLength(1);
		expect(receiver.received[0].url).toBe('/webhook/abc/callback?token=s3cret&item=2');
		expect(receiver.received[0].headers['content-type']).toBe('application/json');
		const expectedBody = {
			statusCode: 200,
			apiType: 'id_live_doc',
			transactionId: accepted.transactionId,
			engineVersion: 'id_liveness@3.4.2',
			result: {
				screenReplay: { liveness_score: 12 },
				paperPrinted: { liveness_score: 93 },
				replacePortraits: { liveness_score: 94 },
			},
		};
		expect(receiver.received[0].body).toEqual(expectedBody);
		expect(delivery).toEqual({
			url: callbackUrl,
			transactionId: accepted.transactionId,
			attempt: 1,
			deliveredAt: expect.any(String),
			body: expectedBody,
			status: 200,
		});
	});

	it('posts only the requested pipelines', async () => {
		const body = documentBody(sampleBytes('genuine.jpg'), {
			callbackUrl: receiver.url,
			pipelines: { sr: false, pc: false, ps: true },
		});
		await postDocument(emulator.url, body);
		const [delivery] = await emulator.waitForCallbacks(1);
		expect(delivery.body).toMatchObject({
			statusCode: 200,
			result: { replacePortraits: { liveness_score: 95 } },
		});
		expect(Object.keys((delivery.body as { result: object }).result)).toEqual(['replacePortraits']);
	});

	it('posts a failure with a numeric errorCode when the analysis fails', async () => {
		const response = await postDocument(
			emulator.url,
			documentBody(sampleBytes('analysis-fails.jpg'), { callbackUrl: receiver.url }),
		);
		expect(response.status).toBe(201);
		await emulator.waitForCallbacks(1);
		expect(receiver.received[0].body).toEqual({
			statusCode: 400,
			apiType: 'id_live_doc',
			transactionId: jsonOf(response).transactionId,
			errorCode: 1009,
			message: 'Fail to analyze document',
		});
	});

	it('answers validation errors synchronously, without a callback', async () => {
		const response = await postDocument(emulator.url, { idImage: 'x', callbackUrl: receiver.url });
		expect(response.status).toBe(400);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(receiver.received).toHaveLength(0);
	});

	it('records what the receiver answered, and why an unreachable one was not reached', async () => {
		const failingReceiver = await startCallbackReceiver(503);
		const closedReceiver = await startCallbackReceiver();
		await closedReceiver.close();
		const image = sampleBytes('genuine.png');
		await postDocument(emulator.url, documentBody(image, { callbackUrl: failingReceiver.url }));
		await postDocument(emulator.url, documentBody(image, { callbackUrl: closedReceiver.url }));
		const deliveries = await emulator.waitForCallbacks(2);
		await failingReceiver.close();
		expect(deliveries.find((delivery) => delivery.url === failingReceiver.url)?.status).toBe(503);
		expect(deliveries.find((delivery) => delivery.url === closedReceiver.url)?.error).toMatch(
			/ECONNREFUSED/,
		);
	});

	it('forgets pending callbacks on reset', async () => {
		await postDocument(
			emulator.url,
			documentBody(sampleBytes('genuine.jpg'), { callbackUrl: receiver.url }),
		);
		emulator.reset();
		await expect(emulator.waitForCallbacks(1, 150)).rejects.toThrow(
			'expected 1 callback deliveries within 150 ms, got 0',
		);
		expect(receiver.received).toHaveLength(0);
	});
});

describe('emulator: callback timing and duplicates', () => {
	let receiver: Receiver;
	beforeAll(async () => {
		receiver = await startCallbackReceiver();
	});
	afterAll(() => receiver.close());

	it('waits callbackDelayMs before posting', async () => {
		const emulator = await startEmulator({ apiKey: 'test-key', callbackDelayMs: 300 });
		try {
			const sentAt = Date.now();
			await postDocument(
				emulator.url,
				documentBody(sampleBytes('genuine.jpg'), { callbackUrl: receiver.url }),
			);
			await emulator.waitForCallbacks(1);
			expect(Date.now() - sentAt).toBeGreaterThanOrEqual(300);
		} finally {
			await emulator.close();
		}
	});

	it('delivers each callback duplicateCallbacks times, with the same transaction', async () => {
		const emulator = await startEmulator({
			apiKey: 'test-key',
			callbackDelayMs: 0,
			duplicateCallbacks: 3,
		});
		try {
			receiver.received.length = 0;
			const response = await postDocument(
				emulator.url,
				documentBody(sampleBytes('genuine.jpg'), { callbackUrl: `${receiver.url}/cb?n=1` }),
			);
			const deliveries = await emulator.waitForCallbacks(3);
			expect(deliveries.map((delivery) => delivery.attempt)).toEqual([1, 2, 3]);
			expect(receiver.received.map((callback) => callback.body.transactionId)).toEqual(
				Array(3).fill(jsonOf(response).transactionId),
			);
			expect(receiver.received.map((callback) => callback.url)).toEqual(Array(3).fill('/cb?n=1'));
		} finally {
			await emulator.close();
		}
	});
});
