import {
	buildFaceCompareOutput,
	buildFaceLivenessOutput,
	parseFaceCompareResult,
	parseFaceLivenessResult,
	type FaceCompareResult,
} from '../../package/nodes/resultsAndCallbacks/faceResults';

describe('parseFaceLivenessResult', () => {
	it('reads the documented answer', () => {
		expect(
			parseFaceLivenessResult({
				apiType: 'id_live_face',
				result: { liveness_score: 94 },
				transactionId: 'txn_1',
			}),
		).toEqual({ ok: true, result: { transactionId: 'txn_1', score: 94 } });
	});

	it.each([
		['no object', 'ok', 'the answer is not a JSON object'],
		['no result', { transactionId: 't' }, 'the answer has no result object'],
		['no score', { result: {} }, 'the answer has no liveness_score'],
		[
			'a text score',
			{ result: { liveness_score: '94' } },
			'the liveness_score is not a number from 0 to 100',
		],
		[
			'a score over 100',
			{ result: { liveness_score: 101 } },
			'the liveness_score is not a number from 0 to 100',
		],
		[
			'a null score',
			{ result: { liveness_score: null } },
			'the liveness_score is not a number from 0 to 100',
		],
	])('refuses an answer with %s: never a pass', (_, body, problem) => {
		expect(parseFaceLivenessResult(body)).toEqual({ ok: false, problem });
	});
});

describe('buildFaceLivenessOutput', () => {
	it('passes at the minimum, verdict first, with the band in words', () => {
		const output = buildFaceLivenessOutput({ transactionId: 't', score: 61 }, 61, 'C-1');
		expect(output).toEqual({
			verdict: 'pass',
			summary: 'Passed the face liveness check',
			faceLiveness: 61,
			faceLivenessRisk: 'low risk',
			reference: 'C-1',
			minimumScores: { faceLiveness: 61 },
			transactionId: 't',
		});
		expect(Object.keys(output)[0]).toBe('verdict');
	});

	it('sends a score below the minimum to review, saying why', () => {
		expect(buildFaceLivenessOutput({ score: 18 }, 61, null)).toEqual({
			verdict: 'review',
			summary: 'Needs review: face liveness scored 18, below 61',
			faceLiveness: 18,
			faceLivenessRisk: 'high risk',
			failedChecks: ['faceLiveness'],
			minimumScores: { faceLiveness: 61 },
		});
	});
});

const CURRENT = {
	apiType: 'compare_face',
	transactionId: 'txn_c',
	result: {
		face: { isAvailable: true, confidence: 0.98 },
		targetFace: { isAvailable: true, confidence: 0.97 },
		similarity: { score: 0.93, threshold: 0.8, isMatch: true },
	},
};

const LEGACY = {
	transactionId: 'txn_l',
	result: {
		face: { isAvailable: true },
		faceMatch: { isAvailable: true, similarity: 0.78, confidence: 0.97 },
	},
};

describe('parseFaceCompareResult', () => {
	it("reads the current pages' shape, with Argos' own threshold and isMatch", () => {
		expect(parseFaceCompareResult(CURRENT)).toEqual({
			ok: true,
			result: {
				transactionId: 'txn_c',
				shape: 'similarity',
				similarity: 0.93,
				originFaceFound: true,
				targetFaceFound: true,
				argosIsMatch: true,
				argosThreshold: 0.8,
			},
		});
	});

	it('reads the legacy shape (faceMatch), which has no isMatch', () => {
		expect(parseFaceCompareResult(LEGACY)).toEqual({
			ok: true,
			result: {
				transactionId: 'txn_l',
				shape: 'faceMatch',
				similarity: 0.78,
				originFaceFound: true,
				targetFaceFound: true,
			},
		});
	});

	it('notes a side without a face, in either shape', () => {
		const current = parseFaceCompareResult({
			result: {
				face: { isAvailable: false },
				targetFace: { isAvailable: true },
				similarity: { score: 0 },
			},
		});
		expect(current).toMatchObject({
			ok: true,
			result: { originFaceFound: false, targetFaceFound: true },
		});
		const legacy = parseFaceCompareResult({
			result: {
				face: { isAvailable: true },
				faceMatch: { isAvailable: false, similarity: 0, confidence: 0 },
			},
		});
		expect(legacy).toMatchObject({
			ok: true,
			result: { originFaceFound: true, targetFaceFound: false },
		});
	});

	it.each([
		[
			'neither shape',
			{ result: { face: {}, isMatch: true } },
			'the answer has neither result.similarity nor result.faceMatch',
		],
		[
			'isMatch alone',
			{ result: { similarity: { isMatch: true } } },
			'result.similarity.score is not a number from 0 to 1',
		],
		[
			'a percentage',
			{ result: { similarity: { score: 93 } } },
			'result.similarity.score is not a number from 0 to 1',
		],
		[
			'a text similarity',
			{ result: { faceMatch: { similarity: '0.9' } } },
			'result.faceMatch.similarity is not a number from 0 to 1',
		],
		['no result', { transactionId: 't' }, 'the answer has no result object'],
		['no object', null, 'the answer is not a JSON object'],
	])('refuses %s: never a match', (_, body, problem) => {
		expect(parseFaceCompareResult(body)).toEqual({ ok: false, problem });
	});
});

describe('buildFaceCompareOutput', () => {
	const result = (fields: Partial<FaceCompareResult>): FaceCompareResult => ({
		shape: 'similarity',
		similarity: 0.93,
		originFaceFound: true,
		targetFaceFound: true,
		...fields,
	});

	it("matches from the minimum, with Argos' reading beside it", () => {
		expect(
			buildFaceCompareOutput(
				result({ argosIsMatch: true, argosThreshold: 0.8, transactionId: 't' }),
				0.8,
				'C-2',
			),
		).toEqual({
			verdict: 'pass',
			summary: 'The faces match: similarity 0.93, minimum 0.8',
			match: true,
			similarity: 0.93,
			minimumSimilarity: 0.8,
			reference: 'C-2',
			originFaceFound: true,
			targetFaceFound: true,
			argosIsMatch: true,
			argosThreshold: 0.8,
			transactionId: 't',
		});
	});

	it("decides by the user's minimum, not Argos' isMatch, both ways", () => {
		const argosSaysNo = result({ similarity: 0.78, argosIsMatch: false, argosThreshold: 0.8 });
		expect(buildFaceCompareOutput(argosSaysNo, 0.75, null)).toMatchObject({
			match: true,
			verdict: 'pass',
		});
		const argosSaysYes = result({ similarity: 0.93, argosIsMatch: true });
		expect(buildFaceCompareOutput(argosSaysYes, 0.95, null)).toMatchObject({
			match: false,
			verdict: 'review',
			summary: 'Needs review: similarity 0.93, below 0.95',
		});
	});

	it('never matches when a side has no face, whatever the similarity', () => {
		const output = buildFaceCompareOutput(
			result({ targetFaceFound: false, similarity: 0.99 }),
			0,
			null,
		);
		expect(output).toMatchObject({
			verdict: 'review',
			match: false,
			summary: 'Needs review: no face found on the target image',
		});
	});
});
