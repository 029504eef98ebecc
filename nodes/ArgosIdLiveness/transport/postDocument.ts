import { sleep, type IExecuteFunctions, type IN8nHttpFullResponse } from 'n8n-workflow';

import {
	ARGOS_CREDENTIAL_TYPE,
	ARGOS_PRODUCTION_BASE_URL,
} from '../../../credentials/ArgosIdentityApi.credentials';
import type { DocumentRequestBody } from './documentRequest';
import { retryDelayMs, parseRetryAfter, type RetryPolicy } from './retryTiming';
import { describeHttpFailure, type ArgosFailure } from '../../resultsAndCallbacks/vendorErrors';

export interface TransportOptions {
	baseUrl: string | undefined;
	timeoutMs: number;
	retry: RetryPolicy;
	/** What an answer may echo back but no error may copy: the API key and the callback secret. */
	secrets: string[];
}

export type DocumentAnswer =
	{ ok: true; status: number; body: unknown } | { ok: false; problem: ArgosFailure };

/** Falls back to production when the credential has no base URL, and tolerates a trailing slash. */
function documentUrl(baseUrl: string | undefined): string {
	return `${(baseUrl || ARGOS_PRODUCTION_BASE_URL).replace(/\/+$/, '')}/document`;
}

function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body) as unknown;
	} catch {
		return body;
	}
}

/**
 * Only the error code and a fixed sentence are kept from a network error: the error n8n throws carries the
 * request config, and with it the image and the API key, which must never reach the execution data or logs.
 * The code goes in the description: n8n replaces any message that names one with a generic sentence.
 */
function networkFailure(error: unknown, url: string): ArgosFailure {
	const cause = (error as { cause?: { code?: unknown } })?.cause;
	const code = [cause?.code, (error as { code?: unknown })?.code].find(
		(candidate) => typeof candidate === 'string',
	) as string | undefined;
	const timedOut =
		code === 'ECONNABORTED' ||
		code === 'ETIMEDOUT' ||
		/timeout/i.test(String((error as Error)?.message));
	if (timedOut) {
		return {
			message: 'Argos did not answer in time and retries ran out',
			description: 'Raise "Request Timeout (Seconds)" in the node options, or try again later.',
			retryable: true,
		};
	}
	return {
		message: 'Could not reach Argos and retries ran out',
		description: `The connection failed${code ? ` (${code})` : ''} on every try. Check the Base URL in the "Argos Identity API" credential (the node posts to ${url}) and that this n8n can reach it.`,
		retryable: true,
	};
}

/**
 * POSTs one document to `/document`. Rate limits (429), server errors (5xx) and network errors are retried with
 * backoff that honours Retry-After; any other answer is returned at once. Never throws.
 */
export async function postDocument(
	context: IExecuteFunctions,
	body: DocumentRequestBody,
	options: TransportOptions,
): Promise<DocumentAnswer> {
	for (let attempt = 0; ; attempt++) {
		let failure: ArgosFailure;
		let retryAfterMs: number | undefined;
		try {
			const response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				ARGOS_CREDENTIAL_TYPE,
				{
					method: 'POST',
					url: documentUrl(options.baseUrl),
					body,
					json: true,
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: options.timeoutMs,
				},
			)) as IN8nHttpFullResponse;
			const answer = parseBody(response.body);
			if (response.statusCode >= 200 && response.statusCode < 300) {
				return { ok: true, status: response.statusCode, body: answer };
			}
			failure = describeHttpFailure(response.statusCode, answer, options.secrets);
			retryAfterMs = parseRetryAfter(response.headers?.['retry-after'], Date.now());
		} catch (error) {
			failure = networkFailure(error, documentUrl(options.baseUrl));
		}
		if (!failure.retryable || attempt >= options.retry.maxRetries)
			return { ok: false, problem: failure };
		await sleep(retryDelayMs(attempt + 1, options.retry, retryAfterMs));
	}
}
