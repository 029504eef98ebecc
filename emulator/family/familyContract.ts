/**
 * The envelopes the Verify family shares (docs/ARGOS-API.md, "The Verify family"): the same gateway and key as
 * /document, the same error envelope without engineVersion, and the same 201 without engineVersion (assumed).
 */

import { jsonAnswer, type HttpAnswer } from '../httpIo';
import { unauthorizedBody } from '../vendorContract';

export type FamilyApiName = 'liveness' | 'compare' | 'recognition';

/** compare: `similarity{}` (current pages) or `faceMatch{}` (legacy page, public callers); recognition: `data{raw,ocr}` or the `documentInfo…` placeholder. */
export interface ResponseShapes {
	compare: 'similarity' | 'faceMatch';
	recognition: 'data' | 'documentInfo';
}

export const DEFAULT_RESPONSE_SHAPES: ResponseShapes = {
	compare: 'similarity',
	recognition: 'data',
};

const RESPONSE_SHAPE_CHOICES: { [Api in keyof ResponseShapes]: Array<ResponseShapes[Api]> } = {
	compare: ['similarity', 'faceMatch'],
	recognition: ['data', 'documentInfo'],
};

/** Throws with the reason when a value is not a known shape (for the CLI and the admin API). */
export function parseResponseShapes(value: unknown): Partial<ResponseShapes> {
	if (typeof value !== 'object' || value === null || Array.isArray(value))
		throw new Error('expected an object like { "compare": "faceMatch" }');
	const shapes: Partial<Record<string, string>> = {};
	for (const [api, shape] of Object.entries(value as Record<string, unknown>)) {
		const choices: readonly string[] | undefined =
			RESPONSE_SHAPE_CHOICES[api as keyof ResponseShapes];
		if (choices === undefined)
			throw new Error(`no response shapes for ${api}: compare, recognition`);
		if (typeof shape !== 'string' || !choices.includes(shape))
			throw new Error(
				`${api} answers in one of ${choices.join(', ')}, not ${JSON.stringify(shape)}`,
			);
		shapes[api] = shape;
	}
	return shapes as Partial<ResponseShapes>;
}

/** A callback body of the family; recognition's success sample has no transactionId, so neither has ours. */
export interface FamilyCallbackBody {
	statusCode: 200 | 400;
	apiType: string;
	transactionId?: string;
	result?: unknown;
	errorCode?: number;
	message?: string;
}

const ACCEPTED_MESSAGE =
	'request has been successfully received. The response will be sent to your callback URL';

export function unauthorizedAnswer(transactionId: string): HttpAnswer {
	return jsonAnswer(401, unauthorizedBody(transactionId));
}

/** errorCode is a string, as in the sibling /document reference. */
export function badRequestAnswer(
	apiType: string,
	transactionId: string,
	errorCode: string,
	message: string,
): HttpAnswer {
	return jsonAnswer(400, {
		error: { statusCode: 400, apiType, transactionId, errorCode, message },
	});
}

export function acceptedAnswer(transactionId: string): HttpAnswer {
	return jsonAnswer(201, { transactionId, message: ACCEPTED_MESSAGE });
}
