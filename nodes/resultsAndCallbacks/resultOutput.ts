import type { Scores } from './checks';
import type { LivenessResult } from './livenessResult';
import { assessScores, type Assessment, type RiskBand, type Verdict } from './scoring';

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

/**
 * The output for the requested checks, whose minimums `minimumScores` holds: scores of checks that were not
 * requested are left out, and a requested check without a score is in `failedChecks` (verdict "review").
 */
export function buildResultOutput(result: LivenessResult, minimumScores: Scores): ResultOutput {
	const assessment = assessScores(result.scores, minimumScores);
	const scores: Scores = {};
	for (const check of Object.keys(minimumScores) as Array<keyof Scores>) {
		if (result.scores[check] !== undefined) scores[check] = result.scores[check];
	}
	return {
		transactionId: result.transactionId,
		engineVersion: result.engineVersion ?? null,
		verdict: assessment.verdict,
		failedChecks: assessment.failedChecks,
		scores,
		riskBands: assessment.riskBands,
		minimumScores,
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
