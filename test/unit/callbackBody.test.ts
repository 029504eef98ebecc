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

describe('parseCallbackBody for Face Compare', () => {
	const comparison = {
		transactionId: 'txn_3',
		similarity: 0.93,
		originFaceFound: true,
		targetFaceFound: true,
	};
	it.each([
		[
			'current',
			{ similarity: { score: 0.93, threshold: 0.8, isMatch: true }, targetFace: {}, face: {} },
			{ ...comparison, shape: 'similarity', argosIsMatch: true, argosThreshold: 0.8 },
		],
		[
			'legacy',
			{ faceMatch: { similarity: 0.93, confidence: 0.99 }, face: {} },
			{ ...comparison, shape: 'faceMatch' },
		],
	])('reads a result in the %s shape', (_shape, result, expected) => {
		const body = { statusCode: 200, apiType: 'compare_face', transactionId: 'txn_3', result };
		expect(parseCallbackBody(body, 'compare')).toEqual({
			ok: true,
			callback: { kind: 'comparison', result: expected },
		});
	});

	it("reads a failure with Face Compare's advice", () => {
		const body = { ...failure, apiType: 'compare_face' };
		expect(parseCallbackBody(body, 'compare')).toMatchObject({
			ok: true,
			callback: { kind: 'failure', transactionId: 'txn_2', failure: { errorCode: '1003' } },
		});
	});

	it.each([
		['an ID Liveness callback', success, 'apiType is not "compare_face"'],
		[
			'a result in neither shape',
			{ ...success, apiType: 'compare_face' },
			'the answer has neither result.similarity nor result.faceMatch',
		],
	])('refuses %s', (_case, body, reason) => {
		expect(parseCallbackBody(body, 'compare')).toEqual({ ok: false, problem: reason });
	});

	it('refuses a Face Compare callback where an ID Liveness one is awaited', () => {
		const body = { ...failure, apiType: 'compare_face' };
		expect(parseCallbackBody(body)).toEqual({ ok: false, problem: 'apiType is not "id_live_doc"' });
	});
});

describe('parseCallbackBody for ID Recognition', () => {
	const ocr = { ocr_fullName: 'ADA SAMPLE', ocr_number: 'D1234567' };
	it.each([
		['data', 'id_recognition', { data: { raw: {}, ocr } }],
		[
			'documentInfo',
			'global_id_recognition',
			{ documentInfo: { documentNumber: 'D1234567' }, personalInfo: { fullName: 'ADA SAMPLE' } },
		],
	])('reads a result in the %s shape, without a transactionId', (shape, apiType, result) => {
		expect(parseCallbackBody({ statusCode: 200, apiType, result }, 'recognition')).toEqual({
			ok: true,
			callback: {
				kind: 'recognition',
				result: expect.objectContaining({
					shape,
					fields: { fullName: 'ADA SAMPLE', documentNumber: 'D1234567' },
				}),
			},
		});
	});

	it('reads a failure without a transactionId, with the reason in words', () => {
		const body = {
			statusCode: 400,
			apiType: 'id_recognition',
			errorCode: 1012,
			message: 'Fail to recognize back of an idCard',
		};
		expect(parseCallbackBody(body, 'recognition')).toEqual({
			ok: true,
			callback: {
				kind: 'failure',
				transactionId: undefined,
				engineVersion: undefined,
				failure: expect.objectContaining({ errorCode: '1012' }),
			},
		});
	});

	it.each([
		['an ID Liveness callback', success],
		['a Face Compare callback', { ...success, apiType: 'compare_face' }],
	])('refuses %s', (_case, body) => {
		expect(parseCallbackBody(body, 'recognition')).toEqual({
			ok: false,
			problem: 'apiType is not "id_recognition" or "global_id_recognition"',
		});
	});

	it('refuses a result in neither shape, and is refused where another API is awaited', () => {
		const body = { statusCode: 200, apiType: 'id_recognition', result: {} };
		expect(parseCallbackBody(body, 'recognition')).toMatchObject({ ok: false });
		expect(parseCallbackBody({ ...body, result: { data: { ocr } } }, 'compare')).toEqual({
			ok: false,
			problem: 'apiType is not "compare_face"',
		});
	});
});
