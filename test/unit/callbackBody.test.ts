import {
	MAX_CALLBACK_BYTES,
	parseCallbackBody,
} from '../../package/nodes/resultsAndCallbacks/callbackBody';

const success = {
	statusCode: 200,
	apiType: 'id_live_doc',
	transactionId: 'txn_1',
	engineVersion: 'id_liveness@3.4.2',
	result: { screenReplay: { liveness_score: 99 }, paperPrinted: { liveness_score: 45 } },
};
const failure = {
	statusCode: 400,
	apiType: 'id_live_doc',
	transactionId: 'txn_2',
	errorCode: 1003,
	message: 'Fail to process data',
};

describe('parseCallbackBody', () => {
	it('reads the documented success callback', () => {
		expect(parseCallbackBody(success)).toEqual({
			ok: true,
			callback: {
				kind: 'result',
				result: {
					transactionId: 'txn_1',
					engineVersion: 'id_liveness@3.4.2',
					scores: { screenReplay: 99, paperPrinted: 45 },
				},
			},
		});
	});

	it('reads the documented failure callback, with its numeric code', () => {
		expect(parseCallbackBody(failure)).toEqual({
			ok: true,
			callback: {
				kind: 'failure',
				transactionId: 'txn_2',
				engineVersion: undefined,
				failure: expect.objectContaining({
					errorCode: '1003',
					message: 'Argos could not process the image (1003 Fail to process data)',
				}),
			},
		});
	});

	it('leaves a missing requested score to the verdict (it is not a malformed callback)', () => {
		expect(parseCallbackBody(success)).toMatchObject({ ok: true });
	});

	it.each([
		['not JSON', 'statusCode=200', 'the body is not a JSON object'],
		['an array', [success], 'the body is not a JSON object'],
		[
			'the wrong apiType',
			{ ...success, apiType: 'id_recognition' },
			'apiType is not "id_live_doc"',
		],
		['no transactionId', { ...success, transactionId: '' }, 'the body has no transactionId'],
		[
			'a score out of range',
			{ ...success, result: { screenReplay: { liveness_score: 140 } } },
			'the screenReplay score is not a number from 0 to 100',
		],
		[
			'a failure without a code',
			{ ...failure, errorCode: undefined },
			'a failed analysis without an errorCode',
		],
	])('refuses %s', (_case, body, reason) => {
		expect(parseCallbackBody(body)).toEqual({ ok: false, problem: reason });
	});

	it('sets a size limit far above a real callback', () => {
		expect(JSON.stringify(success).length * 50).toBeLessThan(MAX_CALLBACK_BYTES);
	});
});
