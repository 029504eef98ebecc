import { parseLivenessResult, type LivenessResult } from './livenessResult';
import { describeArgosError, type ArgosApi, type ArgosFailure } from './argosErrors';
import { parseFaceCompareResult, type FaceCompareResult } from './faceResults';

/** A real callback is a few hundred bytes; anything far larger is not from Argos. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

type Callback =
	| { kind: 'result'; result: LivenessResult }
	/** Face Compare's result; its transactionId is always there (parseCallbackBody requires it). */
	| { kind: 'comparison'; result: FaceCompareResult }
	| {
			kind: 'failure';
			transactionId: string;
			engineVersion?: string;
			failure: Pick<ArgosFailure, 'message' | 'description' | 'errorCode'>;
	  };

export type ParsedCallback = { ok: true; callback: Callback } | { ok: false; problem: string };

/** The APIs whose results come back by callback, and the `apiType` each one's callbacks carry. */
export type CallbackApi = Extract<ArgosApi, 'document' | 'compare'>;

const API_TYPE_OF: Record<CallbackApi, string> = {
	document: 'id_live_doc',
	compare: 'compare_face',
};

/** How the messages name each API's callbacks. */
export const CALLBACK_API_NAME: Record<CallbackApi, string> = {
	document: 'Argos ID Liveness',
	compare: 'Argos Face Compare',
};

/**
 * Reads the body Argos POSTs to a callback URL of `api` (callback-response-example page; Face Compare: the same
 * envelope around its synchronous result, in either of its shapes): a result, or a failed analysis with an error
 * code. Anything else is refused with the reason, the callback of another API included. An ID Liveness check
 * without a score is not refused here: it makes the verdict "review" (buildResultOutput), so the wait ends with the
 * reason.
 */
export function parseCallbackBody(body: unknown, api: CallbackApi = 'document'): ParsedCallback {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return { ok: false, problem: 'the body is not a JSON object' };
	const fields = body as Record<string, unknown>;
	if (fields.apiType !== API_TYPE_OF[api])
		return { ok: false, problem: `apiType is not "${API_TYPE_OF[api]}"` };
	if (typeof fields.transactionId !== 'string' || fields.transactionId === '')
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
				transactionId: fields.transactionId,
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
	const parsed = parseLivenessResult(fields, []);
	return parsed.ok ? { ok: true, callback: { kind: 'result', result: parsed.result } } : parsed;
}

/** The transaction a parsed callback reports on. */
export function callbackTransactionId(callback: Callback): string {
	return callback.kind === 'failure' ? callback.transactionId : callback.result.transactionId!;
}
