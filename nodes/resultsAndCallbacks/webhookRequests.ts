import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { MAX_CALLBACK_BYTES, parseCallbackBody, type ParsedCallback } from './callbackBody';
import type { CheckName } from './checks';

/** Answers the caller directly and starts nothing: how a webhook refuses a request in n8n. */
export function refuse(
	context: IWebhookFunctions,
	statusCode: number,
	error: string,
): IWebhookResponseData {
	context.getResponseObject().status(statusCode).json({ error });
	return { noWebhookResponse: true };
}

/** Reads a callback from the request: refused when too large or not the documented shape. */
export function readCallback(
	context: IWebhookFunctions,
	requiredChecks: readonly CheckName[],
): ParsedCallback {
	const declaredLength = Number(context.getHeaderData()['content-length'] ?? 0);
	const body = context.getBodyData();
	if (
		declaredLength > MAX_CALLBACK_BYTES ||
		JSON.stringify(body ?? null).length > MAX_CALLBACK_BYTES
	) {
		return { ok: false, problem: `the body is larger than ${MAX_CALLBACK_BYTES} bytes` };
	}
	return parseCallbackBody(body, requiredChecks);
}
