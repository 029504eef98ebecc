import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import {
	MAX_CALLBACK_BYTES,
	parseCallbackBody,
	type CallbackApi,
	type ParsedCallback,
} from './callbackBody';

/** Answers the caller directly and starts nothing: how a webhook refuses a request in n8n. */
export function refuseRequest(
	context: IWebhookFunctions,
	statusCode: number,
	error: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const response = context.getResponseObject();
	for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
	response.status(statusCode).json({ error });
	return { noWebhookResponse: true };
}

/** The body's size as JSON; undefined when it cannot be measured (nested too deeply to serialise). */
function jsonLength(body: unknown): number | undefined {
	try {
		return JSON.stringify(body ?? null).length;
	} catch {
		return undefined;
	}
}

/**
 * Reads a callback of `api` from the request: refused when too large, nested too deeply or not the documented shape.
 */
export function readCallback(context: IWebhookFunctions, api: CallbackApi): ParsedCallback {
	const declaredLength = Number(context.getHeaderData()['content-length'] ?? 0);
	const body = context.getBodyData();
	const length = jsonLength(body);
	if (length === undefined) return { ok: false, problem: 'the body is nested too deeply' };
	if (declaredLength > MAX_CALLBACK_BYTES || length > MAX_CALLBACK_BYTES) {
		return { ok: false, problem: `the body is larger than ${MAX_CALLBACK_BYTES} bytes` };
	}
	return parseCallbackBody(body, api);
}
