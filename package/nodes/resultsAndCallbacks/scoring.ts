import type { CheckName, Scores } from './checks';

export type RiskBand = 'high' | 'medium' | 'low' | 'veryLow';
export type Verdict = 'pass' | 'review';

/**
 * Argos' published reading of a liveness score (callback-response-example page):
 * 0–30 high, 31–60 medium, 61–80 low, 81–100 very low risk of forgery.
 * Fractional scores are placed by the band they fall short of, so 30.5 is still "high".
 */
export function riskBandOf(score: number): RiskBand {
	if (score <= 30) return 'high';
	if (score <= 60) return 'medium';
	if (score <= 80) return 'low';
	return 'veryLow';
}

/**
 * The default minimum score for a pass: the lowest score Argos calls "low" risk.
 * Anything Argos itself calls medium or high risk goes to a person.
 */
export const DEFAULT_MINIMUM_SCORE = 61;

export interface Assessment {
	verdict: Verdict;
	failedChecks: CheckName[];
	riskBands: Partial<Record<CheckName, RiskBand>>;
}

/**
 * The verdict over the requested checks only: `minimumScores` holds one minimum per requested check. A requested
 * check without a score fails (a verdict never rests on a missing score); a score for a check that was not
 * requested decides nothing.
 */
export function assessScores(scores: Scores, minimumScores: Scores): Assessment {
	const riskBands: Partial<Record<CheckName, RiskBand>> = {};
	const failedChecks: CheckName[] = [];
	for (const [check, minimum] of Object.entries(minimumScores) as Array<[CheckName, number]>) {
		const score = scores[check];
		if (score !== undefined) riskBands[check] = riskBandOf(score);
		if (score === undefined || score < minimum) failedChecks.push(check);
	}
	return { verdict: failedChecks.length === 0 ? 'pass' : 'review', failedChecks, riskBands };
}
