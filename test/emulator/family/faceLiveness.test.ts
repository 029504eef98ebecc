import { jsonOf, TRANSACTION_ID } from '../emulatorTestKit';
import {
	errorOf,
	familyImage,
	GIF,
	postLiveness,
	postTo,
	WEBP_HEADER,
	emulatorPerFile,
	expectRefusal,
} from './familyTestKit';

describe('emulator: face liveness (POST /liveness)', () => {
	const current = emulatorPerFile();

	it.each([
		['selfie-ada.jpg', 94],
		['selfie-ada-replay.jpg', 18],
		['selfie-ben.png', 91],
	])('scores %s as its marker says, in the documented shape', async (fileName, score) => {
		const response = await postLiveness(current().url, { faceImage: familyImage(fileName) });
		expect(response.status).toBe(200);
		expect(jsonOf(response)).toEqual({
			apiType: 'id_live_face',
			transactionId: expect.stringMatching(TRANSACTION_ID),
			result: { liveness_score: score },
		});
	});

	it('is served under /modules too, as the vendor base URL has it', async () => {
		const response = await postTo('/modules/liveness')(current().url, {
			faceImage: familyImage('selfie-ada.jpg'),
		});
		expect(jsonOf(response).result).toEqual({ liveness_score: 94 });
	});

	it('takes WebP, which only face liveness lists, and scores it from its bytes', async () => {
		const response = await postLiveness(current().url, {
			faceImage: WEBP_HEADER.toString('base64'),
		});
		expect(response.status).toBe(200);
		const score = jsonOf(response).result.liveness_score;
		expect(score).toBeGreaterThanOrEqual(0);
		expect(score).toBeLessThanOrEqual(100);
		const again = await postLiveness(current().url, { faceImage: WEBP_HEADER.toString('base64') });
		expect(jsonOf(again).result.liveness_score).toBe(score);
	});

	it('answers 400 1017 Fail to analyze face for an image without a face', async () => {
		const response = await postLiveness(current().url, {
			faceImage: familyImage('selfie-no-face.jpg'),
		});
		expectRefusal(response, 'id_live_face', '1017', 'Fail to analyze face');
	});

	it.each([
		['missing', {}],
		['null', { faceImage: null }],
		['empty', { faceImage: '' }],
	])('answers 400 1016 faceImage is required when it is %s', async (_case, body) => {
		const response = await postLiveness(current().url, body);
		expectRefusal(response, 'id_live_face', '1016', 'faceImage is required');
	});

	it.each([
		[
			'a data: URL prefix',
			{ faceImage: `data:image/jpeg;base64,${familyImage('selfie-ada.jpg')}` },
		],
		['text that is not base64', { faceImage: 'not base64!' }],
		['a BMP, which face liveness does not list', { faceImage: familyImage('selfie-unmarked.bmp') }],
		['a GIF', { faceImage: GIF.toString('base64') }],
		['a number', { faceImage: 42 }],
		[
			'a callbackUrl (face liveness is synchronous only)',
			{
				faceImage: familyImage('selfie-ada.jpg'),
				callbackUrl: 'http://127.0.0.1:9/callback',
			},
		],
		['an unknown field', { faceImage: familyImage('selfie-ada.jpg'), image: 'x' }],
	])('refuses %s with 400 1003 (assumed)', async (_case, body) => {
		const response = await postLiveness(current().url, body);
		expectRefusal(response, 'id_live_face', '1003', 'Fail to process data');
	});

	it('refuses a body that is not a JSON object with 400 1003', async () => {
		const response = await postLiveness(current().url, '["faceImage"]');
		expect(response.status).toBe(400);
		expect(errorOf(response).errorCode).toBe('1003');
	});

	it.each([
		['a wrong key', 'wrong-key'],
		['no key', null],
	])('answers 401 1001 with %s, before looking at the body', async (_case, apiKey) => {
		const response = await postLiveness(current().url, {}, apiKey);
		expect(response.status).toBe(401);
		expect(errorOf(response)).toEqual({
			transactionId: expect.stringMatching(TRANSACTION_ID),
			errorCode: '1001',
			message: 'Workspace is unavailable',
		});
	});

	it('answers GET with 404: only POST is served', async () => {
		const response = await fetch(`${current().url}/liveness`);
		expect(response.status).toBe(404);
	});
});
