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

	it('uses the default minimum for checks without one', () => {
		expect(DEFAULT_MINIMUM_SCORE).toBe(61);
		expect(assessScores({ paperPrinted: 60 }, {}).failedChecks).toEqual(['paperPrinted']);
	});
});

describe('buildResultOutput', () => {
	it('reports the minimums applied to the checks that ran', () => {
		const output = buildResultOutput(
			{ transactionId: 'txn_1', scores: { paperPrinted: 45 } },
			{ paperPrinted: 50, screenReplay: 70 },
		);
		expect(output).toEqual({
			transactionId: 'txn_1',
			engineVersion: null,
			verdict: 'review',
			failedChecks: ['paperPrinted'],
			scores: { paperPrinted: 45 },
			riskBands: { paperPrinted: 'medium' },
			minimumScores: { paperPrinted: 50 },
		});
	});
});
