import { startEmulator } from '../../../emulator';
import axios from 'axios';
import { withLeadingComments } from '../../../emulator/sampleImages';
import { jsonOf, TRANSACTION_ID } from '../emulatorTestKit';
import {
	errorOf,
	familyImage,
	postCompare,
	WEBP_HEADER,
	emulatorPerFile,
	receiverPerBlock,
	expectRefusal,
} from './familyTestKit';

const ORIGIN_BOX = { Width: 0.425, Height: 0.568, Left: 0.123, Top: 0.235 };
const TARGET_BOX = { Width: 0.457, Height: 0.543, Left: 0.135, Top: 0.246 };

const pair = (origin: string, target: string, extra: Record<string, unknown> = {}) => ({
	originFace: familyImage(origin),
	targetFace: familyImage(target),
	...extra,
});

describe('emulator: face compare (POST /compare)', () => {
	const current = emulatorPerFile({}, (emulator) =>
		emulator.setResponseShapes({ compare: 'similarity' }),
	);

	describe('in the current shape, similarity{score,threshold,isMatch} (the default)', () => {
		it.each([
			['the same person', 'id-ada.jpg', 'selfie-ada.jpg', 0.93, true],
			['a spoofed selfie of the same person', 'id-ada.jpg', 'selfie-ada-replay.jpg', 0.93, true],
			['another person', 'id-ada.jpg', 'selfie-ben.png', 0.11, false],
			[
				'a borderline selfie (marker similarity 0.78)',
				'id-ada.jpg',
				'selfie-ada-borderline.jpg',
				0.78,
				false,
			],
		])('compares %s', async (_case, origin, target, score, isMatch) => {
			const response = await postCompare(current().url, pair(origin, target));
			expect(response.status).toBe(200);
			expect(jsonOf(response)).toEqual({
				apiType: 'compare_face',
				transactionId: expect.stringMatching(TRANSACTION_ID),
				result: {
					face: { isAvailable: true, boundingBox: ORIGIN_BOX, confidence: 0.988 },
					targetFace: { isAvailable: true, boundingBox: TARGET_BOX, confidence: 0.977 },
					similarity: { score, threshold: 0.8, isMatch },
				},
			});
		});

		it('answers a 200 with isAvailable false and similarity 0 when a side has no face', async () => {
			const response = await postCompare(current().url, pair('id-ada.jpg', 'selfie-no-face.jpg'));
			expect(response.status).toBe(200);
			expect(jsonOf(response).result).toEqual({
				face: { isAvailable: true, boundingBox: ORIGIN_BOX, confidence: 0.988 },
				targetFace: { isAvailable: false },
				similarity: { score: 0, threshold: 0.8, isMatch: false },
			});
		});

		it('takes BMP; two unmarked images are two people unless they are the same bytes', async () => {
			const other = await postCompare(current().url, pair('id-ada.jpg', 'selfie-unmarked.bmp'));
			expect(jsonOf(other).result.similarity.score).toBe(0.11);
			const same = await postCompare(
				current().url,
				pair('selfie-unmarked.bmp', 'selfie-unmarked.bmp'),
			);
			expect(jsonOf(same).result.similarity).toEqual({
				score: 0.93,
				threshold: 0.8,
				isMatch: true,
			});
		});
	});

	describe('in the legacy shape, faceMatch{similarity,confidence}', () => {
		const legacy = (score: number) => ({
			face: { isAvailable: true, boundingBox: ORIGIN_BOX },
			faceMatch: {
				isAvailable: true,
				boundingBox: TARGET_BOX,
				confidence: 0.977,
				similarity: score,
			},
		});

		it('answers so when the emulator starts with responseShapes.compare = faceMatch', async () => {
			const legacyEmulator = await startEmulator({
				apiKey: 'test-key',
				responseShapes: { compare: 'faceMatch' },
			});
			try {
				const response = await postCompare(
					legacyEmulator.url,
					pair('id-ada.jpg', 'selfie-ada.jpg'),
				);
				expect(jsonOf(response)).toEqual({
					apiType: 'compare_face',
					transactionId: expect.stringMatching(TRANSACTION_ID),
					result: legacy(0.93),
				});
			} finally {
				await legacyEmulator.close();
			}
		});

		it('switches from the next request on through the admin API, and back', async () => {
			const switched = await axios.post(`${current().url}/__emulator/response-shapes`, {
				compare: 'faceMatch',
			});
			expect(switched.data).toEqual({ compare: 'faceMatch' });
			const response = await postCompare(current().url, pair('id-ada.jpg', 'selfie-ben.png'));
			expect(jsonOf(response).result).toEqual(legacy(0.11));

			await axios.post(`${current().url}/__emulator/response-shapes`, { compare: 'similarity' });
			const back = await postCompare(current().url, pair('id-ada.jpg', 'selfie-ben.png'));
			expect(jsonOf(back).result.similarity.score).toBe(0.11);
		});

		it('shows a missing target face as faceMatch isAvailable false, similarity 0', async () => {
			current().setResponseShapes({ compare: 'faceMatch' });
			const response = await postCompare(current().url, pair('id-ada.jpg', 'selfie-no-face.jpg'));
			expect(jsonOf(response).result).toEqual({
				face: { isAvailable: true, boundingBox: ORIGIN_BOX },
				faceMatch: { isAvailable: false, similarity: 0, confidence: 0 },
			});
		});

		it.each([
			[{ compare: 'legacy' }, /compare answers in one of similarity, faceMatch/],
			[{ liveness: 'x' }, /no response shapes for liveness/],
			[['faceMatch'], /expected an object/],
		])('refuses the admin setting %j with 400 and the reason', async (setting, reason) => {
			const response = await axios.post(`${current().url}/__emulator/response-shapes`, setting, {
				validateStatus: () => true,
			});
			expect(response.status).toBe(400);
			expect(response.data.message).toMatch(reason);
		});
	});

	describe('refusals', () => {
		it.each([
			['originFace missing', { targetFace: familyImage('selfie-ada.jpg') }],
			['targetFace missing', { originFace: familyImage('id-ada.jpg') }],
			['targetFace empty', pair('id-ada.jpg', 'selfie-ada.jpg', { targetFace: '' })],
			['both missing', {}],
		])('answers 400 1000 Two Images are Required with %s', async (_case, body) => {
			const response = await postCompare(current().url, body);
			expectRefusal(response, 'compare_face', '1000', 'Two Images are Required');
		});

		const bigJpeg = (kilobytes: number) =>
			withLeadingComments(Buffer.from(familyImage('selfie-ada.jpg'), 'base64'), kilobytes);

		/** Bytes whose base64 ends in "==": a JPEG start, cut to one byte past a multiple of three. */
		const paddedTwice = () => {
			const jpeg = Buffer.from(familyImage('selfie-ada.jpg'), 'base64');
			return jpeg.subarray(0, jpeg.length - (jpeg.length % 3) - 2);
		};

		it('takes an image just under 5,000,000 bytes', async () => {
			const image = bigJpeg(4800);
			expect(image.length).toBeLessThan(5_000_000);
			const response = await postCompare(current().url, {
				originFace: familyImage('id-ada.jpg'),
				targetFace: image.toString('base64'),
			});
			expect(response.status).toBe(200);
		});

		it.each([
			[
				'a data: URL prefix',
				pair('id-ada.jpg', 'selfie-ada.jpg', {
					originFace: `data:image/jpeg;base64,${familyImage('id-ada.jpg')}`,
				}),
			],
			[
				'WebP, which compare does not list',
				pair('id-ada.jpg', 'selfie-ada.jpg', {
					targetFace: WEBP_HEADER.toString('base64'),
				}),
			],
			[
				'an image of 5,000,000 bytes or more',
				pair('id-ada.jpg', 'selfie-ada.jpg', {
					targetFace: bigJpeg(4890).toString('base64'),
				}),
			],
			['an unknown field', pair('id-ada.jpg', 'selfie-ada.jpg', { threshold: 0.7 })],
			[
				'base64 without its padding',
				pair('id-ada.jpg', 'selfie-ada.jpg', {
					targetFace: paddedTwice().toString('base64').replace(/==$/, ''),
				}),
			],
		])('refuses %s with 400 1003 (assumed)', async (_case, body) => {
			const response = await postCompare(current().url, body);
			expectRefusal(response, 'compare_face', '1003', 'Fail to process data');
		});

		it.each(['ftp://example.org/callback', 'not a url', 42])(
			'answers 400 1010 callbackUrl is required for callbackUrl %j',
			async (callbackUrl) => {
				const response = await postCompare(
					current().url,
					pair('id-ada.jpg', 'selfie-ada.jpg', { callbackUrl }),
				);
				expectRefusal(response, 'compare_face', '1010', 'callbackUrl is required');
			},
		);

		it('answers 401 1001 with a wrong key', async () => {
			const response = await postCompare(
				current().url,
				pair('id-ada.jpg', 'selfie-ada.jpg'),
				'nope',
			);
			expect(response.status).toBe(401);
			expect(errorOf(response).errorCode).toBe('1001');
		});
	});

	describe('asynchronously, with a callbackUrl', () => {
		const receiver = receiverPerBlock();

		it.each([
			['similarity', { similarity: { score: 0.93, threshold: 0.8, isMatch: true } }],
			['faceMatch', { faceMatch: expect.objectContaining({ similarity: 0.93 }) }],
		] as const)(
			'accepts with 201, then posts the result in the %s shape to the URL as given',
			async (shape, expected) => {
				current().setResponseShapes({ compare: shape });
				const callbackUrl = `${receiver().url}/webhook/compare?ref=7&sig=abc`;
				const response = await postCompare(
					current().url,
					pair('id-ada.jpg', 'selfie-ada.jpg', { callbackUrl }),
				);
				expect(response.status).toBe(201);
				const accepted = jsonOf(response);
				expect(accepted).toEqual({
					transactionId: expect.stringMatching(TRANSACTION_ID),
					message:
						'request has been successfully received. The response will be sent to your callback URL',
				});
				const [delivery] = await current().waitForCallbacks(1);
				expect(receiver().received[0].url).toBe('/webhook/compare?ref=7&sig=abc');
				expect(receiver().received[0].body).toEqual({
					statusCode: 200,
					apiType: 'compare_face',
					transactionId: accepted.transactionId,
					result: expect.objectContaining(expected),
				});
				expect(delivery).toMatchObject({ transactionId: accepted.transactionId, status: 200 });
			},
		);
	});
});
