import { encode as encodeJpeg } from 'jpeg-js';
import { startEmulator, type Emulator, type LivenessScores } from '../../emulator';
import { hashScores } from '../../emulator/imageAnalysis';
import {
	documentBody,
	jsonOf,
	postDocument,
	sampleBytes,
	sampleManifest,
	TRANSACTION_ID,
} from './emulatorTestKit';

/** A flat grey JPEG, optionally with COM segments, for marker cases the samples do not cover. */
function greyJpeg(comments: string[], shade = 128): Buffer {
	const width = 64;
	const height = 48;
	return encodeJpeg({ width, height, data: Buffer.alloc(width * height * 4, shade), comments }, 90)
		.data;
}

describe('emulator: synchronous analysis', () => {
	let emulator: Emulator;
	beforeAll(async () => {
		emulator = await startEmulator({ apiKey: 'test-key' });
	});
	afterAll(() => emulator.close());

	it.each(sampleManifest().map((sample) => [sample.fileName, sample] as const))(
		'answers %s as its manifest expects',
		async (fileName, sample) => {
			const response = await postDocument(emulator.url, documentBody(sampleBytes(fileName)));
			const body = jsonOf(response);
			if ('scores' in sample.expected) {
				expect(response.status).toBe(200);
				expect(body).toEqual({
					apiType: 'id_live_doc',
					transactionId: expect.stringMatching(TRANSACTION_ID),
					engineVersion: 'id_liveness@3.4.2',
					result: asResult(sample.expected.scores),
				});
			} else {
				expect(response.status).toBe(400);
				expect(body.error.errorCode).toBe(sample.expected.errorCode);
			}
		},
	);

	it('answers an analysis failure marker with 400 errorCode 1009', async () => {
		const response = await postDocument(
			emulator.url,
			documentBody(sampleBytes('analysis-fails.jpg')),
		);
		expect(jsonOf(response).error).toMatchObject({
			statusCode: 400,
			errorCode: '1009',
			message: 'Fail to analyze document',
		});
	});

	it.each([
		[{ sr: true, pc: false, ps: false }, ['screenReplay']],
		[{ sr: false, pc: true, ps: false }, ['paperPrinted']],
		[{ sr: false, pc: true, ps: true }, ['paperPrinted', 'replacePortraits']],
	])('returns only the requested pipelines %j', async (pipelines, keys) => {
		const response = await postDocument(
			emulator.url,
			documentBody(sampleBytes('screen-replay.jpg'), { pipelines }),
		);
		expect(Object.keys(jsonOf(response).result).sort()).toEqual(keys);
	});

	it('names the upcoming engine when asked for it', async () => {
		const response = await postDocument(
			emulator.url,
			documentBody(sampleBytes('genuine.png'), { useUpcomingVersion: true }),
		);
		expect(jsonOf(response).engineVersion).toBe('id_liveness@3.5.0-rc');
	});

	it('gives every request its own transaction id', async () => {
		const body = documentBody(sampleBytes('genuine.jpg'));
		const answers = await Promise.all([1, 2, 3].map(() => postDocument(emulator.url, body)));
		expect(new Set(answers.map((answer) => jsonOf(answer).transactionId)).size).toBe(3);
	});

	it('scores an image without a marker from its hash: stable, within 0–100, different per image', async () => {
		const scoresOf = async (image: Buffer) =>
			jsonOf(await postDocument(emulator.url, documentBody(image))).result;
		const first = await scoresOf(greyJpeg([]));
		expect(await scoresOf(greyJpeg([]))).toEqual(first);
		expect(await scoresOf(greyJpeg([], 90))).not.toEqual(first);
		for (const { liveness_score } of Object.values(first) as Array<{ liveness_score: number }>) {
			expect(Number.isInteger(liveness_score) && liveness_score >= 0 && liveness_score <= 100).toBe(
				true,
			);
		}
	});

	it('reads an ordinary JPEG comment as no marker', async () => {
		const commented = greyJpeg(['Created with a paint program']);
		const result = jsonOf(await postDocument(emulator.url, documentBody(commented))).result;
		expect(result).toEqual(asResult(hashScores(commented)));
	});

	it('takes the scores a marker names and derives the rest from the hash', async () => {
		const partlyMarked = greyJpeg(['Created with a paint program', 'paperPrinted=3']);
		const result = jsonOf(await postDocument(emulator.url, documentBody(partlyMarked))).result;
		expect(result).toEqual(asResult({ ...hashScores(partlyMarked), paperPrinted: 3 }));
	});
});

function asResult(scores: LivenessScores) {
	return {
		screenReplay: { liveness_score: scores.screenReplay },
		paperPrinted: { liveness_score: scores.paperPrinted },
		replacePortraits: { liveness_score: scores.replacePortraits },
	};
}
