import { startEmulator, type Emulator, type Fault } from '../../emulator';
import { documentBody, jsonOf, postDocument, sampleBytes } from './emulatorTestKit';

const body = documentBody(sampleBytes('genuine.jpg'));

describe('emulator: injected faults', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ apiKey: 'test-key' });
	});
	afterAll(() => emulator.close());
	beforeEach(() => emulator.reset());

	it.each([
		[429, 'Too Many Requests'],
		[500, 'Internal server error'],
		[502, 'Internal server error'],
		[503, 'Internal server error'],
		[403, 'Forbidden'],
		[413, 'Request Too Long'],
	] as const)('answers a status fault %i with the gateway body %j', async (status, message) => {
		emulator.injectFaults([{ type: 'status', status }]);
		const response = await postDocument(emulator.url, body);
		expect(response.status).toBe(status);
		expect(jsonOf(response)).toEqual({ message });
		expect(response.headers['retry-after']).toBeUndefined();
	});

	it('sends Retry-After when the fault names one', async () => {
		emulator.injectFaults([{ type: 'status', status: 429, retryAfter: '7' }]);
		const response = await postDocument(emulator.url, body);
		expect(response.headers['retry-after']).toBe('7');
	});

	it('consumes faults one per request, in order, then answers normally', async () => {
		const faults: Fault[] = [
			{ type: 'status', status: 503 },
			{ type: 'status', status: 429 },
		];
		emulator.injectFaults(faults);
		const statuses = [];
		for (let request = 0; request < 3; request++)
			statuses.push((await postDocument(emulator.url, body)).status);
		expect(statuses).toEqual([503, 429, 200]);
	});

	it('drops the connection without an answer', async () => {
		emulator.injectFaults([{ type: 'drop' }]);
		await expect(postDocument(emulator.url, body)).rejects.toMatchObject({ code: 'ECONNRESET' });
		expect(emulator.requests[0].status).toBeNull();
		expect((await postDocument(emulator.url, body)).status).toBe(200);
	});

	it('answers a slow fault late, but normally', async () => {
		emulator.injectFaults([{ type: 'slow', ms: 300 }]);
		const startedAt = Date.now();
		const response = await postDocument(emulator.url, body);
		expect(Date.now() - startedAt).toBeGreaterThanOrEqual(300);
		expect(response.status).toBe(200);
		expect(jsonOf(response).result).toBeDefined();
	});

	it('answers a malformed fault with 200 and a body that is not JSON', async () => {
		emulator.injectFaults([{ type: 'malformed' }]);
		const response = await postDocument(emulator.url, body);
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toBe('application/json');
		expect(() => JSON.parse(response.data as string)).toThrow();
	});

	it.each([
		['cut', 'application/json'],
		['nested', 'application/json'],
		['page', 'text/html'],
	] as const)(
		'answers a malformed fault (%s) with 200 and the billed transaction ID whole in a body that is not the documented JSON',
		async (shape, contentType) => {
			emulator.injectFaults([{ type: 'malformed', shape }]);
			const response = await postDocument(emulator.url, body);
			expect(response.status).toBe(200);
			expect(response.headers['content-type']).toBe(contentType);
			const { transactionId } = emulator.requests[emulator.requests.length - 1];
			expect(transactionId).toMatch(/^\S+$/);
			expect(response.data as string).toContain(`"transactionId":"${transactionId}"`);
			expect(response.data as string).not.toMatch(/^\{"apiType"[^]*\}$/);
		},
	);

	it("answers a noResult fault with the vendor's 200, its transactionId kept, its result taken out", async () => {
		emulator.injectFaults([{ type: 'noResult' }]);
		const response = await postDocument(emulator.url, body);
		expect(response.status).toBe(200);
		expect(jsonOf(response)).toEqual({
			apiType: 'id_live_doc',
			transactionId: emulator.requests[0].transactionId,
			engineVersion: 'id_liveness@3.4.2',
		});
		expect(emulator.requests[0].transactionId).toMatch(/^txn_/);
	});

	it('applies faults before the key is verified, as a gateway in front of the vendor would', async () => {
		emulator.injectFaults([{ type: 'status', status: 502 }]);
		expect((await postDocument(emulator.url, body, { apiKey: 'wrong' })).status).toBe(502);
	});
});

describe('emulator: latency and body size', () => {
	it('delays every answer by latencyMs', async () => {
		const emulator = await startEmulator({ apiKey: 'test-key', latencyMs: 250 });
		try {
			const startedAt = Date.now();
			await postDocument(emulator.url, {}, { apiKey: 'wrong' });
			expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
		} finally {
			await emulator.close();
		}
	});

	it('answers bodies over maxBodyBytes with 413 and does not keep them', async () => {
		const emulator = await startEmulator({ apiKey: 'test-key', maxBodyBytes: 1000 });
		try {
			const response = await postDocument(emulator.url, body);
			expect(response.status).toBe(413);
			expect(jsonOf(response)).toEqual({ message: 'Request Too Long' });
			expect(emulator.requests[0].body).toEqual({
				problem: 'body too large',
				bytes: JSON.stringify(body).length,
			});
		} finally {
			await emulator.close();
		}
	});
});
