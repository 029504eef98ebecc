import { parseLivenessResult, type LivenessResult } from './livenessResult';
import { describeArgosError, type ArgosFailure } from './argosErrors';

/** A real callback is a few hundred bytes; anything far larger is not from Argos. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

type Callback =
	| { kind: 'result'; result: LivenessResult }
	| {
			kind: 'failure';
			transactionId: string;
			engineVersion?: string;
			failure: Pick<ArgosFailure, 'message' | 'description' | 'errorCode'>;
	  };

export type ParsedCallback = { ok: true; callback: Callback } | { ok: false; problem: string };

/**
 * Reads the body Argos POSTs to a callback URL (callback-response-example page): a result with scores,
 * or a failed analysis with an error code. Anything else is refused with the reason. A requested check without a
 * score is not refused here: it makes the verdict "review" (buildResultOutput), so the wait ends with the reason.
 */
export function parseCallbackBody(body: unknown): ParsedCallback {
	if (typeof body !== 'object' || body === null || Array.isArray(body))
		return { ok: false, problem: 'the body is not a JSON object' };
	const fields = body as Record<string, unknown>;
	if (fields.apiType !== 'id_live_doc')
		return { ok: false, problem: 'apiType is not "id_live_doc"' };
	if (typeof fields.transactionId !== 'string' || fields.transactionId === '')
		return { ok: false, problem: 'the body has no transactionId' };

	if (
		fields.errorCode !== undefined ||
		(fields.statusCode !== undefined && fields.statusCode !== 200)
	) {
		const failure = describeArgosError(fields);
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
	const parsed = parseLivenessResult(fields, []);
	return parsed.ok ? { ok: true, callback: { kind: 'result', result: parsed.result } } : parsed;
}
