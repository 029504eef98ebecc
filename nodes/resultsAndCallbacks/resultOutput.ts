import type { Scores } from './checks';
import type { LivenessResult } from './livenessResult';
import {
	assessScores,
	DEFAULT_MINIMUM_SCORE,
	type Assessment,
	type RiskBand,
	type Verdict,
} from './scoring';

/** The output of a finished check, the same from the action node and the trigger: what a workflow routes on. */
export interface ResultOutput {
	transactionId: string;
	engineVersion: string | null;
	verdict: Verdict;
	failedChecks: Assessment['failedChecks'];
	scores: Scores;
	riskBands: Partial<Record<keyof Scores, RiskBand>>;
	minimumScores: Scores;
	[key: string]: unknown;
}

export function buildResultOutput(result: LivenessResult, minimumScores: Scores): ResultOutput {
	const assessment = assessScores(result.scores, minimumScores);
	const applied: Scores = {};
	for (const check of Object.keys(result.scores) as Array<keyof Scores>)
		applied[check] = minimumScores[check] ?? DEFAULT_MINIMUM_SCORE;
	return {
		transactionId: result.transactionId,
		engineVersion: result.engineVersion ?? null,
		verdict: assessment.verdict,
		failedChecks: assessment.failedChecks,
		scores: result.scores,
		riskBands: assessment.riskBands,
		minimumScores: applied,
	};
}

/**
 * The output of an analysis Argos could not finish (a callback with an error code). Its verdict is
 * "review", so a workflow that routes on the verdict sends it to a person.
 */
export function buildFailureOutput(
	transactionId: string,
	engineVersion: string | undefined,
	failure: { message: string; description: string; errorCode?: string },
) {
	return {
		transactionId,
		engineVersion: engineVersion ?? null,
		verdict: 'review' as Verdict,
		errorCode: failure.errorCode ?? null,
		error: failure.message,
		description: failure.description,
	};
}
