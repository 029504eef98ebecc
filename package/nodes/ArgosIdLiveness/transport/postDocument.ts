import {
	sleep,
	type ICredentialsDecrypted,
	type IExecuteFunctions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import {
	ARGOS_CREDENTIAL_TYPE,
	ARGOS_PRODUCTION_BASE_URL,
} from '../../../credentials/ArgosIdentityApi.credentials';
import type { RequestGovernor, RequestResult, SlotHolder } from './requestGovernor';
import { retryDelayMs, parseRetryAfter, type RetryPolicy } from './retryTiming';
import { describeHttpFailure, type ArgosFailure } from '../../resultsAndCallbacks/vendorErrors';

export interface TransportOptions {
	baseUrl: string | undefined;
	/**
	 * The credential as read once for the run: n8n would otherwise load and decrypt it from its database for every
	 * request (some 0.2 ms of CPU per item).
	 */
	credential: ICredentialsDecrypted;
	/** The API key and callback secret: cut from any vendor text copied into an error. */
	secrets: string[];
	timeoutMs: number;
	/** For server and network errors; a rate limit is left to the governor. */
	retry: RetryPolicy;
	governor: RequestGovernor;
	/** The "Max Concurrent Requests" option: an upper bound on the governor's limit. */
	maxConcurrent: number;
	/** How long one item may keep being rate-limited before it fails. */
	maxRateLimitWaitMs: number;
}

export type DocumentAnswer =
	{ ok: true; status: number; body: unknown } | { ok: false; problem: ArgosFailure };

/** Falls back to production when the credential has no base URL, and tolerates a trailing slash. */
export function documentUrl(baseUrl: string | undefined): string {
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

/** For a request left unsent because the run stopped at an earlier item's failure; never shown. */
const NOT_SENT: ArgosFailure = {
	message: 'Not sent: an earlier item failed',
	description:
		'Fix the first failure, or turn on "Continue On Fail" to check the other items anyway.',
	retryable: false,
};

function rateLimitedTooLong(maxRateLimitWaitMs: number): ArgosFailure {
	return {
		message: `Argos kept rate-limiting this request (HTTP 429) for more than ${Math.round(maxRateLimitWaitMs / 1000)} seconds`,
		description:
			'The node already sends only as many requests as Argos accepts. Raise "Rate Limit Wait (Seconds)" in the node options, or ask Argos for a higher rate limit.',
		httpCode: 429,
		retryable: true,
	};
}

type Attempt =
	| { ok: true; status: number; body: unknown }
	| { ok: false; problem: ArgosFailure; rateLimited: boolean; retryAfterMs?: number };

async function sendOnce(
	context: IExecuteFunctions,
	body: Buffer,
	options: TransportOptions,
): Promise<Attempt> {
	try {
		// The credential's header is added by n8n's authentication, from the credential type's declaration.
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			ARGOS_CREDENTIAL_TYPE,
			{
				method: 'POST',
				url: documentUrl(options.baseUrl),
				headers: { 'content-type': 'application/json' },
				body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: options.timeoutMs,
			},
			{ credentialsDecrypted: options.credential },
		)) as IN8nHttpFullResponse;
		const answer = parseBody(response.body);
		if (response.statusCode >= 200 && response.statusCode < 300)
			return { ok: true, status: response.statusCode, body: answer };
		return {
			ok: false,
			problem: describeHttpFailure(response.statusCode, answer, options.secrets),
			rateLimited: response.statusCode === 429,
			retryAfterMs: parseRetryAfter(response.headers?.['retry-after'], Date.now()),
		};
	} catch (error) {
		return {
			ok: false,
			problem: networkFailure(error, documentUrl(options.baseUrl)),
			rateLimited: false,
		};
	}
}

/**
 * POSTs one document (its body as bytes: serializeDocumentRequest) to `/document` in the slot the caller holds
 * from the account's request governor, and tells the governor how Argos answered; the final answer only in
 * `slot.result`, for the caller to report when it frees the slot. A 429 is no failure of the item: it asks the
 * governor for a slot again, first in line, until it has been rate-limited for longer than `maxRateLimitWaitMs`.
 * Server errors (5xx) and network errors are retried up to `retry.maxRetries` times with backoff that honours
 * Retry-After; any other answer is returned at once.
 * Never throws.
 */
export async function postDocument(
	context: IExecuteFunctions,
	bytes: Buffer,
	options: TransportOptions,
	slot: SlotHolder,
): Promise<DocumentAnswer> {
	let retries = 0;
	let rateLimitedSince: number | undefined;
	for (;;) {
		await slot.permit.send();
		if (slot.stillWanted?.() === false) return { ok: false, problem: NOT_SENT };
		const attempt = await sendOnce(context, bytes, options);
		if (attempt.ok) {
			slot.result = { kind: 'answered' };
			return attempt;
		}
		const { problem: failure } = attempt;
		let waitMs: number;
		if (attempt.rateLimited) {
			waitMs = slot.permit.report({
				kind: 'rateLimited',
				retryAfterMs:
					attempt.retryAfterMs === undefined
						? undefined
						: Math.min(attempt.retryAfterMs, options.retry.maxDelayMs),
			});
			rateLimitedSince ??= Date.now();
			if (Date.now() + waitMs - rateLimitedSince > options.maxRateLimitWaitMs)
				return { ok: false, problem: rateLimitedTooLong(options.maxRateLimitWaitMs) };
		} else {
			const result: RequestResult = { kind: failure.retryable ? 'failed' : 'answered' };
			if (!failure.retryable || retries >= options.retry.maxRetries) {
				slot.result = result;
				return { ok: false, problem: failure };
			}
			slot.permit.report(result);
			retries++;
			waitMs = retryDelayMs(retries, options.retry, attempt.retryAfterMs);
		}
		slot.permit.release();
		if (waitMs > 0) await sleep(waitMs);
		slot.permit = await options.governor.acquire(options.maxConcurrent, true);
		slot.result = undefined;
	}
}
