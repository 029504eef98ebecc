import { parseLivenessResult } from '../../package/nodes/resultsAndCallbacks/livenessResult';

const answer = {
	apiType: 'id_live_doc',
	transactionId: 'txn_123456789',
	engineVersion: 'id_liveness@3.4.2',
	result: {
		screenReplay: { liveness_score: 99 },
		paperPrinted: { liveness_score: 82 },
		replacePortraits: { liveness_score: 100 },
	},
};

describe('parseLivenessResult', () => {
	it('reads the documented 200 answer', () => {
		expect(
			parseLivenessResult(answer, ['screenReplay', 'paperPrinted', 'replacePortraits']),
		).toEqual({
			ok: true,
			result: {
				transactionId: 'txn_123456789',
				engineVersion: 'id_liveness@3.4.2',
				scores: { screenReplay: 99, paperPrinted: 82, replacePortraits: 100 },
			},
		});
	});

	it('reads only the checks that were run', () => {
		const partial = { ...answer, result: { paperPrinted: { liveness_score: 82 } } };
		expect(parseLivenessResult(partial, ['paperPrinted'])).toMatchObject({
			ok: true,
			result: { scores: { paperPrinted: 82 } },
		});
	});

	it('refuses an answer missing a requested score: a verdict must not rest on it', () => {
		const partial = { ...answer, result: { paperPrinted: { liveness_score: 82 } } };
		expect(parseLivenessResult(partial, ['paperPrinted', 'screenReplay'])).toEqual({
			ok: false,
			problem: 'the answer has no score for screenReplay',
		});
	});

	it.each([
		['a string', 'not json', 'the answer is not a JSON object'],
		[
			'no transactionId',
			{ ...answer, transactionId: undefined },
			'the answer has no transactionId',
		],
		['no result', { ...answer, result: undefined }, 'the answer has no result object'],
		[
			'a score over 100',
			{ ...answer, result: { paperPrinted: { liveness_score: 101 } } },
			'the paperPrinted score is not a number from 0 to 100',
		],
		[
			'a score as text',
			{ ...answer, result: { paperPrinted: { liveness_score: '82' } } },
			'the paperPrinted score is not a number from 0 to 100',
		],
		['no scores at all', { ...answer, result: {} }, 'the answer has no scores'],
	])('refuses %s', (_case, body, reason) => {
		expect(parseLivenessResult(body, [])).toEqual({ ok: false, problem: reason });
	});
});
