import { startEmulator, type Emulator } from '../../emulator';
import {
	API_KEY,
	documentBody,
	jsonOf,
	postDocument,
	sampleBytes,
	TRANSACTION_ID,
} from './emulatorTestKit';

describe('emulator: API key', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ apiKey: API_KEY });
	});
	afterAll(() => emulator.close());

	it.each([
		['missing', null],
		['wrong', 'not-the-key'],
	])('answers 401 errorCode 1001 when the key is %s', async (_case, apiKey) => {
		const response = await postDocument(emulator.url, documentBody(sampleBytes('genuine.jpg')), {
			apiKey,
		});
		expect(response.status).toBe(401);
		expect(jsonOf(response)).toEqual({
			error: {
				transactionId: expect.stringMatching(TRANSACTION_ID),
				errorCode: '1001',
				message: 'Workspace is unavailable',
			},
		});
	});

	it('verifies the key before reading the body', async () => {
		const response = await postDocument(emulator.url, 'not json', { apiKey: 'wrong' });
		expect(response.status).toBe(401);
	});

	it('answers an empty body with a valid key with 400 errorCode 1005, as a credential test expects', async () => {
		const response = await postDocument(emulator.url, {});
		expect(response.status).toBe(400);
		expect(jsonOf(response).error).toMatchObject({
			errorCode: '1005',
			message: 'idImage is required',
		});
	});

	it('serves the vendor path under /modules too', async () => {
		const response = await postDocument(emulator.url, documentBody(sampleBytes('genuine.jpg')), {
			path: '/modules/document',
		});
		expect(response.status).toBe(200);
	});

	it('answers 404 for other paths', async () => {
		const response = await postDocument(emulator.url, {}, { path: '/modules/faces' });
		expect(response.status).toBe(404);
	});
});
