import axios from 'axios';
import { createHash } from 'crypto';
import { startEmulator, type Emulator } from '../../emulator';
import {
	ALL_PIPELINES,
	API_KEY,
	documentBody,
	postDocument,
	sampleBytes,
	startCallbackReceiver,
} from './emulatorTestKit';

const image = sampleBytes('genuine.jpg');
const base64 = image.toString('base64');
// Any stretch of the image's base64 would be personal data in a real run.
const base64Pieces = [
	base64.slice(0, 40),
	base64.slice(base64.length / 2, base64.length / 2 + 40),
	base64.slice(-40),
];

function expectNoImageData(text: string): void {
	for (const piece of base64Pieces) expect(text).not.toContain(piece);
}

describe('emulator: recorded requests and logs hold no image', () => {
	let emulator: Emulator;
	const logLines: string[] = [];
	beforeAll(async () => {
		emulator = await startEmulator({
			apiKey: API_KEY,
			callbackDelayMs: 0,
			log: (line) => logLines.push(line),
		});
	});
	afterAll(() => emulator.close());
	beforeEach(() => {
		emulator.reset();
		logLines.length = 0;
	});

	it('records method, path, headers with the key, and the body with idImage summarized', async () => {
		await postDocument(emulator.url, documentBody(image, { useUpcomingVersion: true }));
		expect(emulator.requests).toEqual([
			{
				receivedAt: expect.any(String),
				method: 'POST',
				path: '/document',
				headers: expect.objectContaining({
					'x-api-key': API_KEY,
					'content-type': 'application/json',
				}),
				body: {
					idImage: {
						bytes: image.length,
						sha256: createHash('sha256').update(image).digest('hex'),
						format: 'jpeg',
					},
					pipelines: ALL_PIPELINES,
					useUpcomingVersion: true,
				},
				status: 200,
				answeredAt: expect.any(String),
				transactionId: expect.any(String),
			},
		]);
		const [{ receivedAt, answeredAt }] = emulator.requests;
		expect(Date.parse(answeredAt!)).toBeGreaterThanOrEqual(Date.parse(receivedAt));
		expectNoImageData(JSON.stringify(emulator.requests));
		expectNoImageData(
			JSON.stringify((await axios.get(`${emulator.url}/__emulator/requests`)).data),
		);
	});

	it.each([
		[
			'a data: prefix',
			`data:image/jpeg;base64,${base64}`,
			{ problem: 'has a data: URL prefix', length: base64.length + 23 },
		],
		['broken base64', `${base64}!`, { problem: 'not base64', length: base64.length + 1 }],
		['a non-string', [base64], { problem: 'not a string but object', length: 0 }],
	])('records only the reason for idImage with %s', async (_case, idImage, recorded) => {
		await postDocument(emulator.url, { idImage, pipelines: ALL_PIPELINES });
		expect(emulator.requests[0].body).toEqual({ idImage: recorded, pipelines: ALL_PIPELINES });
		expectNoImageData(JSON.stringify(emulator.requests));
	});

	it('records non-image bytes by size and hash only', async () => {
		const text = sampleBytes('not-an-image.txt');
		await postDocument(emulator.url, documentBody(text));
		expect(emulator.requests[0].body).toMatchObject({
			idImage: { bytes: text.length, format: 'unknown' },
		});
	});

	it('records a body that is not JSON by its size only', async () => {
		const cutShort = `{"idImage":"${base64}"`;
		await postDocument(emulator.url, cutShort);
		expect(emulator.requests[0].body).toEqual({
			problem: 'body is not a JSON object',
			bytes: cutShort.length,
		});
	});

	it('never logs the key, the image or the callback query string', async () => {
		const receiver = await startCallbackReceiver();
		try {
			await postDocument(
				emulator.url,
				documentBody(image, { callbackUrl: `${receiver.url}/cb?secret=hush` }),
			);
			await postDocument(emulator.url, documentBody(image), { apiKey: 'a-wrong-key' });
			await emulator.waitForCallbacks(1);
		} finally {
			await receiver.close();
		}
		const log = logLines.join('\n');
		expect(logLines.length).toBeGreaterThanOrEqual(3);
		expect(log).not.toContain(API_KEY);
		expect(log).not.toContain('a-wrong-key');
		expect(log).not.toContain('hush');
		expectNoImageData(log);
	});
});
