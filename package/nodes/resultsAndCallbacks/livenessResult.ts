import { CHECKS, type CheckName, type Scores } from './checks';
import { argosText } from './argosErrors';

export interface LivenessResult {
	transactionId: string;
	engineVersion?: string;
	scores: Scores;
}

type ParsedResult = { ok: true; result: LivenessResult } | { ok: false; problem: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isScore(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
}

/**
 * Reads `{ transactionId, engineVersion, result: { screenReplay: { liveness_score } … } }`,
 * the shape of both the synchronous 200 answer and a successful callback.
 * Every required check must have a score from 0 to 100: a verdict must never rest on a missing one.
 */
export function parseLivenessResult(
	body: unknown,
	requiredChecks: readonly CheckName[],
): ParsedResult {
	if (!isRecord(body)) return { ok: false, problem: 'the answer is not a JSON object' };
	if (typeof body.transactionId !== 'string' || body.transactionId === '') {
		return { ok: false, problem: 'the answer has no transactionId' };
	}
	if (!isRecord(body.result)) return { ok: false, problem: 'the answer has no result object' };
	const scores: Scores = {};
	for (const { name } of CHECKS) {
		const entry = body.result[name];
		if (entry === undefined) {
			if (requiredChecks.includes(name))
				return { ok: false, problem: `the answer has no score for ${name}` };
			continue;
		}
		const score = isRecord(entry) ? entry.liveness_score : undefined;
		if (!isScore(score))
			return { ok: false, problem: `the ${name} score is not a number from 0 to 100` };
		scores[name] = score;
	}
	if (Object.keys(scores).length === 0) return { ok: false, problem: 'the answer has no scores' };
	return {
		ok: true,
		result: {
			transactionId: body.transactionId,
			engineVersion:
				typeof body.engineVersion === 'string' ? argosText(body.engineVersion) : undefined,
			scores,
		},
	};
}
