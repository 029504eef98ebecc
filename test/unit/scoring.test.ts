import {
	assessScores,
	DEFAULT_MINIMUM_SCORE,
	riskBandOf,
} from '../../package/nodes/resultsAndCallbacks/scoring';
import {
	buildAcceptedOutput,
	buildFailureOutput,
	buildResultOutput,
} from '../../package/nodes/resultsAndCallbacks/resultOutput';

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
	it('puts the decision first: verdict, summary, one score and risk in words per requested check', () => {
		const output = buildResultOutput(
			{
				transactionId: 'txn_1',
				engineVersion: 'v3',
				scores: { screenReplay: 92, paperPrinted: 45 },
			},
			{ screenReplay: 61, paperPrinted: 61 },
			'CASE-7',
		);
		expect(Object.keys(output)).toEqual([
			'verdict',
			'summary',
			'screenReplay',
			'screenReplayRisk',
			'paperPrinted',
			'paperPrintedRisk',
			'reference',
			'failedChecks',
			'minimumScores',
			'transactionId',
			'engineVersion',
		]);
		expect(output).toEqual({
			verdict: 'review',
			summary: 'Needs review: paper printed scored 45, below 61',
			screenReplay: 92,
			screenReplayRisk: 'very low risk',
			paperPrinted: 45,
			paperPrintedRisk: 'medium risk',
			reference: 'CASE-7',
			failedChecks: ['paperPrinted'],
			minimumScores: { screenReplay: 61, paperPrinted: 61 },
			transactionId: 'txn_1',
			engineVersion: 'v3',
		});
	});

	it('reports the requested checks: their minimums, their scores, a missing one as failed; nothing null', () => {
		const output = buildResultOutput(
			{ transactionId: 'txn_1', scores: { paperPrinted: 45 } },
			{ paperPrinted: 50, screenReplay: 70 },
			null,
		);
		expect(output).toEqual({
			verdict: 'review',
			summary: 'Needs review: paper printed scored 45, below 50; no score for screen replay',
			screenReplayRisk: 'no score',
			paperPrinted: 45,
			paperPrintedRisk: 'medium risk',
			failedChecks: ['paperPrinted', 'screenReplay'],
			minimumScores: { paperPrinted: 50, screenReplay: 70 },
			transactionId: 'txn_1',
		});
	});

	it('on a pass: "Passed all N checks", and no failedChecks (an empty list reads as an error in the table view)', () => {
		const output = buildResultOutput(
			{
				transactionId: 'txn_1',
				scores: { screenReplay: 95, paperPrinted: 81, replacePortraits: 61 },
			},
			{ screenReplay: 61, paperPrinted: 61, replacePortraits: 61 },
			null,
		);
		expect(output).toMatchObject({
			verdict: 'pass',
			summary: 'Passed all 3 checks',
			replacePortraitsRisk: 'low risk',
		});
		expect(output).not.toHaveProperty('failedChecks');
	});

	it('leaves out the score of a check that was not requested', () => {
		const output = buildResultOutput(
			{ transactionId: 'txn_1', scores: { screenReplay: 95, paperPrinted: 10 } },
			{ screenReplay: 61 },
			null,
		);
		expect(output).toMatchObject({
			verdict: 'pass',
			summary: 'Passed the screen replay check',
			screenReplay: 95,
			screenReplayRisk: 'very low risk',
		});
		expect(output).not.toHaveProperty('paperPrinted');
		expect(output).not.toHaveProperty('paperPrintedRisk');
	});
});

describe('buildFailureOutput', () => {
	it('has the result\'s shape: verdict "review", a summary, the reference, then why and the transaction', () => {
		const output = buildFailureOutput(
			{
				message: 'Argos could not analyze the document (1009 Fail to analyze document)',
				description: 'Retake it.',
				errorType: 'argosError',
				errorCode: '1009',
				transactionId: 'txn_9',
			},
			'CASE-9',
		);
		expect(output).toEqual({
			verdict: 'review',
			summary: 'Not checked: Argos could not analyze the document (1009 Fail to analyze document)',
			reference: 'CASE-9',
			errorType: 'argosError',
			error: 'Argos could not analyze the document (1009 Fail to analyze document)',
			description: 'Retake it.',
			errorCode: '1009',
			transactionId: 'txn_9',
		});
	});
});

describe('buildAcceptedOutput', () => {
	it('says the check was sent, with the reference and transaction, leaving out what Argos did not give', () => {
		expect(
			buildAcceptedOutput({
				reference: null,
				transactionId: 'txn_3',
				engineVersion: null,
				message: 'request has been successfully received.',
			}),
		).toEqual({
			status: 'accepted',
			summary: 'Sent to Argos; the result will be posted to the callback URL',
			transactionId: 'txn_3',
			message: 'request has been successfully received.',
		});
	});
});
