import { CHECKS, type CheckName, type Scores } from './checks';
import type { LivenessResult } from './livenessResult';
import { assessScores, type Assessment, type RiskBand, type Verdict } from './scoring';

/** A risk band as a reader says it, for the flat `<check>Risk` fields. */
export const RISK_IN_WORDS: Record<RiskBand, string> = {
	high: 'high risk',
	medium: 'medium risk',
	low: 'low risk',
	veryLow: 'very low risk',
};

/** The flat risk field of a requested check that came back without a score. */
export const NO_SCORE = 'no score';

/**
 * Why an item was not checked, for a workflow to route on: the photo itself cannot be used (the applicant can send
 * another), the node's settings or input are wrong (nothing was sent), Argos answered with an error, or Argos could
 * not be reached or did not answer (network, timeouts, rate limits, server errors, no callback within the wait limit).
 */
export type ErrorType = 'unusablePhoto' | 'invalidInput' | 'argosError' | 'argosUnavailable';

const checkInWords = (check: CheckName) =>
	CHECKS.find((entry) => entry.name === check)!.displayName.toLowerCase();

/**
 * The output of a finished check, the same from the action node and the trigger: the decision first (verdict and a
 * sentence), one score and one risk in words per requested check, the case reference, then the nested objects a
 * workflow routes on. Field order is the table view's column order.
 */
export interface ResultOutput {
	verdict: Verdict;
	summary: string;
	reference: string | null;
	/** On review only: an empty list would read as an error in n8n's table view. */
	failedChecks?: CheckName[];
	scores: Scores;
	riskBands: Partial<Record<CheckName, RiskBand>>;
	minimumScores: Scores;
	transactionId: string;
	engineVersion: string | null;
	/** `screenReplay`, `screenReplayRisk`, …: one pair per requested check. */
	[flatField: string]: unknown;
}

/** "Passed all 3 checks", or why the item needs review: each failed check with its score and minimum. */
export function summarize(assessment: Assessment, scores: Scores, minimumScores: Scores): string {
	const requested = Object.keys(minimumScores).length;
	if (assessment.verdict === 'pass')
		return requested === 1
			? `Passed the ${checkInWords(Object.keys(minimumScores)[0] as CheckName)} check`
			: `Passed all ${requested} checks`;
	const reasons = assessment.failedChecks.map((check) =>
		scores[check] === undefined
			? `no score for ${checkInWords(check)}`
			: `${checkInWords(check)} scored ${scores[check]}, below ${minimumScores[check]}`,
	);
	return `Needs review: ${reasons.join('; ')}`;
}

/**
 * The output for the requested checks, whose minimums `minimumScores` holds: scores of checks that were not
 * requested are left out, and a requested check without a score is in `failedChecks` (verdict "review").
 */
export function buildResultOutput(
	result: LivenessResult,
	minimumScores: Scores,
	reference: string | null,
): ResultOutput {
	const assessment = assessScores(result.scores, minimumScores);
	const requested = CHECKS.map((check) => check.name).filter(
		(check) => minimumScores[check] !== undefined,
	);
	const scores: Scores = {};
	const flat: Record<string, number | string | null> = {};
	for (const check of requested) {
		const score = result.scores[check];
		if (score !== undefined) scores[check] = score;
		flat[check] = score ?? null;
		flat[`${check}Risk`] =
			score === undefined ? NO_SCORE : RISK_IN_WORDS[assessment.riskBands[check]!];
	}
	return {
		verdict: assessment.verdict,
		summary: summarize(assessment, scores, minimumScores),
		...flat,
		reference,
		...(assessment.verdict === 'review' ? { failedChecks: assessment.failedChecks } : {}),
		scores,
		riskBands: assessment.riskBands,
		minimumScores,
		transactionId: result.transactionId,
		engineVersion: result.engineVersion ?? null,
	};
}

/** What went wrong instead of a result: an error of the action node, or a failed analysis reported by a callback. */
export interface FailureFields {
	message: string;
	description: string;
	errorType: ErrorType;
	errorCode?: string;
	httpCode?: string | null;
	transactionId?: string;
	engineVersion?: string;
}

/**
 * The output of an item that was not checked, in the result's shape: verdict "review" (a person decides; a workflow
 * that routes on the verdict never passes it), a summary, the reference, then why (`errorType` to route on, `error`,
 * `description`, the vendor's code) and the transaction.
 */
export function buildFailureOutput(failure: FailureFields, reference: string | null) {
	return {
		verdict: 'review' as Verdict,
		summary: `Not checked: ${failure.message}`,
		reference,
		errorType: failure.errorType,
		error: failure.message,
		description: failure.description,
		errorCode: failure.errorCode ?? null,
		httpCode: failure.httpCode ?? null,
		transactionId: failure.transactionId ?? null,
		engineVersion: failure.engineVersion ?? null,
	};
}

export type FailureOutput = ReturnType<typeof buildFailureOutput>;
