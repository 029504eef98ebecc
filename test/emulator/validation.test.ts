import { startEmulator, type Emulator } from '../../emulator';
import {
	ALL_PIPELINES,
	documentBody,
	jsonOf,
	postDocument,
	sampleBytes,
	TRANSACTION_ID,
} from './emulatorTestKit';

const genuine = sampleBytes('genuine.jpg');
const genuineBase64 = genuine.toString('base64');

const CASES: Array<[string, unknown, string, string]> = [
	['the body is not JSON', 'idImage=abc', '1003', 'Fail to process data'],
	['the body is a JSON array', [genuineBase64], '1003', 'Fail to process data'],
	['idImage is missing', { pipelines: ALL_PIPELINES }, '1005', 'idImage is required'],
	['idImage is empty', { idImage: '', pipelines: ALL_PIPELINES }, '1005', 'idImage is required'],
	['pipelines is missing', { idImage: genuineBase64 }, '1007', 'pipelines is required'],
	[
		'pipelines lacks a key',
		{ idImage: genuineBase64, pipelines: { sr: true, pc: true } },
		'1008',
		'invalid pipelines format',
	],
	[
		'pipelines holds a non-boolean',
		{ idImage: genuineBase64, pipelines: { sr: true, pc: 'yes', ps: true } },
		'1008',
		'invalid pipelines format',
	],
	[
		'pipelines is not an object',
		{ idImage: genuineBase64, pipelines: 'all' },
		'1008',
		'invalid pipelines format',
	],
	[
		'every pipeline is off',
		{ idImage: genuineBase64, pipelines: { sr: false, pc: false, ps: false } },
		'1008',
		'invalid pipelines format',
	],
	[
		'idImage is not base64',
		{ idImage: 'not base64!', pipelines: ALL_PIPELINES },
		'1003',
		'Fail to process data',
	],
	[
		'idImage has a data: prefix',
		{ idImage: `data:image/jpeg;base64,${genuineBase64}`, pipelines: ALL_PIPELINES },
		'1003',
		'Fail to process data',
	],
	['idImage is a GIF', documentBody(sampleBytes('animated.gif')), '1003', 'Fail to process data'],
	[
		'idImage is text',
		documentBody(sampleBytes('not-an-image.txt')),
		'1003',
		'Fail to process data',
	],
	[
		'idImage is a GIF named .jpg',
		documentBody(sampleBytes('renamed-gif.jpg')),
		'1003',
		'Fail to process data',
	],
	[
		'callbackUrl is not a URL',
		documentBody(genuine, { callbackUrl: 'not a url' }),
		'1010',
		'callbackUrl is required',
	],
	[
		'callbackUrl is relative',
		documentBody(genuine, { callbackUrl: '/callback' }),
		'1010',
		'callbackUrl is required',
	],
	[
		'callbackUrl is not http(s)',
		documentBody(genuine, { callbackUrl: 'ftp://example.com/callback' }),
		'1010',
		'callbackUrl is required',
	],
	[
		'callbackUrl is empty',
		documentBody(genuine, { callbackUrl: '' }),
		'1010',
		'callbackUrl is required',
	],
];

describe('emulator: request validation', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ apiKey: 'test-key' });
	});
	afterAll(() => emulator.close());

	it.each(CASES)('answers 400 when %s', async (_case, body, errorCode, message) => {
		const response = await postDocument(emulator.url, body);
		expect(response.status).toBe(400);
		expect(jsonOf(response)).toEqual({
			error: {
				statusCode: 400,
				apiType: 'id_live_doc',
				transactionId: expect.stringMatching(TRANSACTION_ID),
				engineVersion: 'id_liveness@3.4.2',
				errorCode,
				message,
			},
		});
	});

	it('names the upcoming engine in errors when it was asked for', async () => {
		const response = await postDocument(emulator.url, {
			useUpcomingVersion: true,
			pipelines: ALL_PIPELINES,
		});
		expect(jsonOf(response).error).toMatchObject({
			errorCode: '1005',
			engineVersion: 'id_liveness@3.5.0-rc',
		});
	});
});
