import { isRecord, isScore } from './livenessResult';
import { RISK_IN_WORDS, withValues } from './resultOutput';
import { riskBandOf, type Verdict } from './scoring';

type Parsed<Result> = { ok: true; result: Result } | { ok: false; problem: string };

/** The transaction ID of a family answer, when it has one (the legacy compare page shows none). */
function transactionIdOf(body: Record<string, unknown>): string | undefined {
	return typeof body.transactionId === 'string' && body.transactionId !== ''
		? body.transactionId
		: undefined;
}

/** Face Liveness' answer, read: `{ apiType: "id_live_face", transactionId, result: { liveness_score } }`. */
export interface FaceLivenessResult {
	transactionId?: string;
	/** 0 to 100, higher is more likely a live person. */
	score: number;
}

/** Reads Face Liveness' 200 answer; a missing score, or one that is not a number from 0 to 100, is a problem. */
export function parseFaceLivenessResult(body: unknown): Parsed<FaceLivenessResult> {
	if (!isRecord(body)) return { ok: false, problem: 'the answer is not a JSON object' };
	if (!isRecord(body.result)) return { ok: false, problem: 'the answer has no result object' };
	const score = body.result.liveness_score;
	if (!isScore(score)) {
		return {
			ok: false,
			problem:
				score === undefined
					? 'the answer has no liveness_score'
					: 'the liveness_score is not a number from 0 to 100',
		};
	}
	return { ok: true, result: { transactionId: transactionIdOf(body), score } };
}

/**
 * Face Liveness' output, in the shape of ID Liveness' (verdict first): the score and its band, the minimum used, and
 * on review the failed check. The bands are ID Liveness' (Argos publishes none for faces).
 */
export function buildFaceLivenessOutput(
	result: FaceLivenessResult,
	minimumScore: number,
	reference: string | null,
) {
	const passed = result.score >= minimumScore;
	return withValues({
		verdict: (passed ? 'pass' : 'review') as Verdict,
		summary: passed
			? 'Passed the face liveness check'
			: `Needs review: face liveness scored ${result.score}, below ${minimumScore}`,
		faceLiveness: result.score,
		faceLivenessRisk: RISK_IN_WORDS[riskBandOf(result.score)],
		reference,
		failedChecks: passed ? undefined : ['faceLiveness'],
		minimumScores: { faceLiveness: minimumScore },
		transactionId: result.transactionId,
	});
}

/** Which documented shape Face Compare answered in: the current pages' or the legacy page's. */
export type CompareShape = 'similarity' | 'faceMatch';

/** Face Compare's answer, read from either shape. */
export interface FaceCompareResult {
	transactionId?: string;
	shape: CompareShape;
	/** 0 to 1. */
	similarity: number;
	/** Whether Argos found a face on each side (`isAvailable`); a side it reports nothing about counts as found. */
	originFaceFound: boolean;
	targetFaceFound: boolean;
	/** Argos' own reading, current shape only: informative, never the decision. */
	argosIsMatch?: boolean;
	argosThreshold?: number;
}

export const isFraction = (value: unknown): value is number =>
	typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

/** Face Compare's default pass mark: the threshold in Argos' sample answer. */
export const DEFAULT_MINIMUM_SIMILARITY = 0.8;

/** A face Argos reports as not found: `{ isAvailable: false }`. */
const noFace = (face: unknown) => isRecord(face) && face.isAvailable === false;

/**
 * Reads Face Compare's 200 answer in either documented shape: `result.similarity { score, threshold, isMatch }` with
 * `result.targetFace` (current pages), or `result.faceMatch { similarity, confidence }` for the target face (legacy
 * page, public callers); `result.face` is the origin face in both. An answer in neither shape, or a similarity that is
 * not a number from 0 to 1, is a problem: never a match.
 */
export function parseFaceCompareResult(body: unknown): Parsed<FaceCompareResult> {
	if (!isRecord(body)) return { ok: false, problem: 'the answer is not a JSON object' };
	const { result } = body;
	if (!isRecord(result)) return { ok: false, problem: 'the answer has no result object' };
	// Each shape's similarity, the record that describes the target face, and Argos' own reading when it gives one.
	let read: { path: string; similarity: unknown; target: unknown; argos?: Record<string, unknown> };
	if (isRecord(result.similarity)) {
		const { score, ...argos } = result.similarity;
		read = { path: 'result.similarity.score', similarity: score, target: result.targetFace, argos };
	} else if (isRecord(result.faceMatch)) {
		const { similarity } = result.faceMatch;
		read = { path: 'result.faceMatch.similarity', similarity, target: result.faceMatch };
	} else {
		return { ok: false, problem: 'the answer has neither result.similarity nor result.faceMatch' };
	}
	if (!isFraction(read.similarity))
		return { ok: false, problem: `${read.path} is not a number from 0 to 1` };
	const { argos } = read;
	return {
		ok: true,
		result: withValues({
			transactionId: transactionIdOf(body),
			shape: (argos ? 'similarity' : 'faceMatch') as CompareShape,
			similarity: read.similarity,
			originFaceFound: !noFace(result.face),
			targetFaceFound: !noFace(read.target),
			argosIsMatch: typeof argos?.isMatch === 'boolean' ? argos.isMatch : undefined,
			argosThreshold: isFraction(argos?.threshold) ? argos.threshold : undefined,
		}),
	};
}

/**
 * Face Compare's output, verdict first: a match only when Argos found a face on both sides and the similarity reaches
 * the user's minimum; Argos' own isMatch and threshold are shown beside it, never deciding.
 */
export function buildFaceCompareOutput(
	result: FaceCompareResult,
	minimumSimilarity: number,
	reference: string | null,
) {
	const reasons: string[] = [];
	if (!result.originFaceFound) reasons.push('no face found on the origin image');
	if (!result.targetFaceFound) reasons.push('no face found on the target image');
	if (reasons.length === 0 && result.similarity < minimumSimilarity)
		reasons.push(`similarity ${result.similarity}, below ${minimumSimilarity}`);
	const match = reasons.length === 0;
	return withValues({
		verdict: (match ? 'pass' : 'review') as Verdict,
		summary: match
			? `The faces match: similarity ${result.similarity}, minimum ${minimumSimilarity}`
			: `Needs review: ${reasons.join('; ')}`,
		match,
		similarity: result.similarity,
		minimumSimilarity,
		reference,
		originFaceFound: result.originFaceFound,
		targetFaceFound: result.targetFaceFound,
		argosIsMatch: result.argosIsMatch,
		argosThreshold: result.argosThreshold,
		transactionId: result.transactionId,
	});
}
