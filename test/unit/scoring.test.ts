import {
	assessScores,
	DEFAULT_MINIMUM_SCORE,
	riskBandOf,
} from '../../nodes/resultsAndCallbacks/scoring';
import { buildResultOutput } from '../../nodes/resultsAndCallbacks/resultOutput';

describe('riskBandOf', () => {
	it.each([
		[0, 'high'],
		[30, 'high'],
		[30.5, 'medium'],
		[31, 'medium'],
		[60, 'medium'],
		[61, 'low'],
		[80, 'low'],
		[81, 'veryLow'],
		[100, 'veryLow'],
	])('places %p in the vendor band %p', (score, band) => {
		expect(riskBandOf(score)).toBe(band);
	});
});

describe('assessScores', () => {
	it('passes when every score reaches its minimum', () => {
		expect(
			assessScores({ screenReplay: 61, paperPrinted: 99 }, { screenReplay: 61, paperPrinted: 61 }),
		).toEqual({
			verdict: 'pass',
			failedChecks: [],
			riskBands: { screenReplay: 'low', paperPrinted: 'veryLow' },
		});
	});

	it('sends to review and names each check below its own minimum', () => {
		const assessment = assessScores(
			{ screenReplay: 90, paperPrinted: 45, replacePortraits: 70 },
			{ screenReplay: 95, paperPrinted: 40, replacePortraits: 71 },
		);
		expect(assessment.verdict).toBe('review');
		expect(assessment.failedChecks).toEqual(['screenReplay', 'replacePortraits']);
	});

	it('judges only the requested checks: another score decides nothing, a missing one fails', () => {
		expect(DEFAULT_MINIMUM_SCORE).toBe(61);
		expect(assessScores({ screenReplay: 99, paperPrinted: 10 }, { screenReplay: 61 })).toEqual({
			verdict: 'pass',
			failedChecks: [],
			riskBands: { screenReplay: 'veryLow' },
		});
		expect(
			assessScores(
				{ screenReplay: 99 },
				{ screenReplay: 61, paperPrinted: 61, replacePortraits: 61 },
			),
		).toEqual({
			verdict: 'review',
			failedChecks: ['paperPrinted', 'replacePortraits'],
			riskBands: { screenReplay: 'veryLow' },
		});
	});
});

describe('buildResultOutput', () => {
	it('reports the requested checks: their minimums, their scores, a missing one as failed', () => {
		const output = buildResultOutput(
			{ transactionId: 'txn_1', scores: { paperPrinted: 45 } },
			{ paperPrinted: 50, screenReplay: 70 },
		);
		expect(output).toEqual({
			transactionId: 'txn_1',
			engineVersion: null,
			verdict: 'review',
			failedChecks: ['paperPrinted', 'screenReplay'],
			scores: { paperPrinted: 45 },
			riskBands: { paperPrinted: 'medium' },
			minimumScores: { paperPrinted: 50, screenReplay: 70 },
		});
	});

	it('leaves out the score of a check that was not requested', () => {
		const output = buildResultOutput(
			{ transactionId: 'txn_1', scores: { screenReplay: 95, paperPrinted: 10 } },
			{ screenReplay: 61 },
		);
		expect(output).toMatchObject({
			verdict: 'pass',
			failedChecks: [],
			scores: { screenReplay: 95 },
			riskBands: { screenReplay: 'veryLow' },
		});
	});
});
