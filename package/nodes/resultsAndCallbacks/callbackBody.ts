import { parseLivenessResult, type LivenessResult } from './livenessResult';
import { describeArgosError, type ArgosApi, type ArgosFailure } from './argosErrors';
import { parseFaceCompareResult, type FaceCompareResult } from './faceResults';
import { parseRecognitionResult, type RecognitionResult } from './recognitionResult';

/** A real callback is a few hundred bytes; anything far larger is not from Argos. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

type Callback =
	| { kind: 'result'; result: LivenessResult }
	/** Face Compare's result; its transactionId is always there (parseCallbackBody requires it). */
	| { kind: 'comparison'; result: FaceCompareResult }
	/** ID Recognition's result: its callbacks carry no transactionId (docs/ARGOS-API.md), so it may be absent. */
	| { kind: 'recognition'; result: RecognitionResult }
	| {
			kind: 'failure';
			/** Absent only in ID Recognition's callbacks. */
			transactionId?: string;
			engineVersion?: string;
			failure: Pick<ArgosFailure, 'message' | 'description' | 'errorCode'>;
	  };

export type ParsedCallback = { ok: true; callback: Callback } | { ok: false; problem: string };

/** The APIs whose results come back by callback, and the `apiType` each one's callbacks carry. */
export type CallbackApi = Extract<ArgosApi, 'document' | 'compare' | 'recognition'>;

/** ID Recognition answers under either of two apiType values, one per documented shape (docs/ARGOS-API.md). */
const API_TYPES_OF: Record<CallbackApi, readonly string[]> = {
	document: ['id_live_doc'],
	compare: ['compare_face'],
	recognition: ['id_recognition', 'global_id_recognition'],
};

/** How the messages name each API's callbacks. */
export const CALLBACK_API_NAME: Record<CallbackApi, string> = {
	document: 'Argos ID Liveness',
	compare: 'Argos Face Compare',
	recognition: 'Argos ID Recognition',
};

/** The APIs whose callbacks carry no transactionId: the callback URL is what ties them to their request. */
const WITHOUT_TRANSACTION_ID: readonly CallbackApi[] = ['recognition'];

/**
 * Reads the body Argos POSTs to a callback URL of `api` (callback-response-example page; Face Compare and ID
 * Recognition: the same envelope around their synchronous result, in either of its shapes): a result, or a failed
 * analysis with an error code. Anything else is refused with the reason, the callback of another API included. An ID
 * Liveness check without a score is not refused here: it makes the verdict "review" (buildResultOutput), so the
 * wait ends with the reason.
 */
export function parseCallbackBody(body: unknown, api: CallbackApi = 'document'): ParsedCallback {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return { ok: false, problem: 'the body is not a JSON object' };
	const fields = body as Record<string, unknown>;
	const apiTypes = API_TYPES_OF[api];
	if (!apiTypes.includes(fields.apiType as string))
		return {
			ok: false,
			problem: `apiType is not ${apiTypes.map((type) => `"${type}"`).join(' or ')}`,
		};
	const hasTransactionId = typeof fields.transactionId === 'string' && fields.transactionId !== '';
	if (!hasTransactionId && !WITHOUT_TRANSACTION_ID.includes(api))
		return { ok: false, problem: 'the body has no transactionId' };

	if (
		fields.errorCode !== undefined ||
		(fields.statusCode !== undefined && fields.statusCode !== 200)
	) {
		const failure = describeArgosError(fields, [], api);
		if (!failure) return { ok: false, problem: 'a failed analysis without an errorCode' };
		return {
			ok: true,
			callback: {
				kind: 'failure',
				transactionId: hasTransactionId ? (fields.transactionId as string) : undefined,
				engineVersion: typeof fields.engineVersion === 'string' ? fields.engineVersion : undefined,
				failure,
			},
		};
	}
	if (api === 'compare') {
		const compared = parseFaceCompareResult(fields);
		return compared.ok
			? { ok: true, callback: { kind: 'comparison', result: compared.result } }
			: compared;
	}
	if (api === 'recognition') {
		const recognised = parseRecognitionResult(fields);
		return recognised.ok
			? { ok: true, callback: { kind: 'recognition', result: recognised.result } }
			: recognised;
	}
	const parsed = parseLivenessResult(fields, []);
	return parsed.ok ? { ok: true, callback: { kind: 'result', result: parsed.result } } : parsed;
}

/** The transaction a parsed callback reports on; undefined only for ID Recognition's, which may name none. */
export function callbackTransactionId(callback: Callback): string | undefined {
	return callback.kind === 'failure' ? callback.transactionId : callback.result.transactionId;
}
