import { randomBytes } from 'crypto';
import { analyzeImage } from './imageAnalysis';
import { jsonAnswer, type HttpAnswer } from './httpIo';
import { validateDocumentRequest, type DocumentBody } from './documentRequest';
import type { CallbackBody, LivenessScores, VendorResult } from './types';

const API_TYPE = 'id_live_doc';
const ENGINE_VERSION = 'id_liveness@3.4.2';
const UPCOMING_ENGINE_VERSION = 'id_liveness@3.5.0-rc';

const ERROR_MESSAGES = {
	'1001': 'Workspace is unavailable',
	'1003': 'Fail to process data',
	'1005': 'idImage is required',
	'1007': 'pipelines is required',
	'1008': 'invalid pipelines format',
	'1009': 'Fail to analyze document',
	'1010': 'callbackUrl is required',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface PipelineFlags {
	sr: boolean;
	pc: boolean;
	ps: boolean;
}

const RESULT_KEYS: Record<keyof PipelineFlags, keyof LivenessScores> = {
	sr: 'screenReplay',
	pc: 'paperPrinted',
	ps: 'replacePortraits',
};

export function isErrorCode(value: string): value is ErrorCode {
	return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, value);
}

export function newTransactionId(): string {
	return `txn_${randomBytes(12).toString('hex')}`;
}

export function engineVersion(useUpcomingVersion: boolean): string {
	return useUpcomingVersion ? UPCOMING_ENGINE_VERSION : ENGINE_VERSION;
}

export function unauthorizedBody(transactionId: string) {
	return { error: { transactionId, errorCode: '1001', message: ERROR_MESSAGES['1001'] } };
}

/** errorCode is a string here, as in the vendor's OpenAPI examples. */
export function badRequestBody(transactionId: string, version: string, errorCode: ErrorCode) {
	return {
		error: {
			statusCode: 400,
			apiType: API_TYPE,
			transactionId,
			engineVersion: version,
			errorCode,
			message: ERROR_MESSAGES[errorCode],
		},
	};
}

/** Only the requested pipelines appear in the result. */
export function resultBody(scores: LivenessScores, pipelines: PipelineFlags): VendorResult {
	const result: VendorResult = {};
	for (const [pipeline, key] of Object.entries(RESULT_KEYS) as Array<
		[keyof PipelineFlags, keyof LivenessScores]
	>) {
		if (pipelines[pipeline]) result[key] = { liveness_score: scores[key] };
	}
	return result;
}

export function syncSuccessBody(transactionId: string, version: string, result: VendorResult) {
	return { apiType: API_TYPE, transactionId, engineVersion: version, result };
}

export function acceptedBody(transactionId: string, version: string) {
	return {
		transactionId,
		engineVersion: version,
		message:
			'request has been successfully received. The response will be sent to your callback URL',
	};
}

export function callbackSuccessBody(
	transactionId: string,
	version: string,
	result: VendorResult,
): CallbackBody {
	return { statusCode: 200, apiType: API_TYPE, transactionId, engineVersion: version, result };
}

/** errorCode is a number here, as in the vendor's callback examples. */
export function callbackFailureBody(transactionId: string, errorCode: ErrorCode): CallbackBody {
	return {
		statusCode: 400,
		apiType: API_TYPE,
		transactionId,
		errorCode: Number(errorCode),
		message: ERROR_MESSAGES[errorCode],
	};
}

export interface VendorOutcome {
	transactionId: string;
	answer: HttpAnswer;
	/** Present when the request was accepted asynchronously. */
	callback?: { url: string; body: CallbackBody };
}

/** What the vendor itself (behind its gateway) answers to POST /document. */
export function vendorAnswer(body: DocumentBody, authorized: boolean): VendorOutcome {
	const transactionId = newTransactionId();
	if (!authorized)
		return { transactionId, answer: jsonAnswer(401, unauthorizedBody(transactionId)) };

	const version = engineVersion(body.json?.useUpcomingVersion === true);
	const validation = validateDocumentRequest(body);
	if ('errorCode' in validation) {
		return {
			transactionId,
			answer: jsonAnswer(400, badRequestBody(transactionId, version, validation.errorCode)),
		};
	}

	const { image, pipelines, callbackUrl } = validation.request;
	const analysis = analyzeImage(image.bytes, image.format);
	if (callbackUrl === undefined) {
		const answer =
			'errorCode' in analysis
				? jsonAnswer(400, badRequestBody(transactionId, version, analysis.errorCode))
				: jsonAnswer(
						200,
						syncSuccessBody(transactionId, version, resultBody(analysis.scores, pipelines)),
					);
		return { transactionId, answer };
	}
	const callbackBody =
		'errorCode' in analysis
			? callbackFailureBody(transactionId, analysis.errorCode)
			: callbackSuccessBody(transactionId, version, resultBody(analysis.scores, pipelines));
	return {
		transactionId,
		answer: jsonAnswer(201, acceptedBody(transactionId, version)),
		callback: { url: callbackUrl, body: callbackBody },
	};
}
