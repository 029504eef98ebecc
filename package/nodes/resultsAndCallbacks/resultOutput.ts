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
const NO_SCORE = 'no score';

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
 * sentence), one score and one risk in words per requested check, the case reference, then what an audit needs.
 * Each score is in one place, and a field without a value is left out rather than `null`: n8n's table view shows a
 * column per field, and a null in every row of it reads as something missing. Field order is the column order.
 */
interface ResultOutput {
	verdict: Verdict;
	summary: string;
	reference?: string;
	/** On review only: an empty list would read as an error in n8n's table view. */
	failedChecks?: CheckName[];
	minimumScores: Scores;
	transactionId: string;
	engineVersion?: string;
	/** `screenReplay`, `screenReplayRisk`, …: one pair per requested check (the score left out when Argos gave none). */
	[flatField: string]: unknown;
}

/** `fields` without the ones that hold no value, in their order. */
export function withValues<Fields extends Record<string, unknown>>(fields: Fields): Fields {
	return Object.fromEntries(
		Object.entries(fields).filter(([, value]) => value !== undefined && value !== null),
	) as Fields;
}

/** "Passed all 3 checks", or why the item needs review: each failed check with its score and minimum. */
function summarize(assessment: Assessment, scores: Scores, minimumScores: Scores): string {
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
	const perCheck: Record<string, number | string> = {};
	for (const check of requested) {
		const score = result.scores[check];
		if (score !== undefined) perCheck[check] = scores[check] = score;
		perCheck[`${check}Risk`] =
			score === undefined ? NO_SCORE : RISK_IN_WORDS[assessment.riskBands[check]!];
	}
	return withValues({
		verdict: assessment.verdict,
		summary: summarize(assessment, scores, minimumScores),
		...perCheck,
		reference,
		failedChecks: assessment.verdict === 'review' ? assessment.failedChecks : undefined,
		minimumScores,
		transactionId: result.transactionId,
		engineVersion: result.engineVersion,
	}) as ResultOutput;
}

/** What went wrong instead of a result: an error of the action node, or a failed analysis reported by a callback. */
interface FailureFields {
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
 * `description`, Argos' code) and the transaction; as in a result, fields without a value are left out.
 */
export function buildFailureOutput(failure: FailureFields, reference: string | null) {
	return withValues({
		verdict: 'review' as Verdict,
		summary: `Not checked: ${failure.message}`,
		reference: reference ?? undefined,
		errorType: failure.errorType,
		error: failure.message,
		description: failure.description,
		errorCode: failure.errorCode,
		httpCode: failure.httpCode ?? undefined,
		transactionId: failure.transactionId,
		engineVersion: failure.engineVersion,
	});
}

export type FailureOutput = ReturnType<typeof buildFailureOutput>;

/**
 * The output of "Send Result to Callback URL": Argos accepted the document and will post the result to the callback
 * URL. Fields without a value are left out, as in a result.
 */
export function buildAcceptedOutput(accepted: {
	reference: string | null;
	transactionId: string;
	engineVersion: string | null;
	message: string | null;
}) {
	return withValues({
		status: 'accepted',
		summary: 'Sent to Argos; the result will be posted to the callback URL',
		reference: accepted.reference,
		transactionId: accepted.transactionId,
		engineVersion: accepted.engineVersion,
		message: accepted.message,
	});
}
