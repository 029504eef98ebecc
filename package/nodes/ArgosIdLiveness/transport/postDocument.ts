import { sleep, type IExecuteFunctions, type IN8nHttpFullResponse } from 'n8n-workflow';

import { requestWithCredential } from '../../resultsAndCallbacks/n8nInternals';
import {
	describeHttpFailure,
	type ArgosApi,
	type ArgosFailure,
} from '../../resultsAndCallbacks/argosErrors';
import { apiUrl, type ArgosConnection } from './argosAccount';
import type { Permit, RequestResult } from './requestGovernor';
import { isRateLimitAnswer, retryDelayMs, parseRetryAfter } from './retryTiming';

export type DocumentAnswer =
	{ ok: true; status: number; body: unknown } | { ok: false; problem: ArgosFailure };

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
	connection: ArgosConnection,
	api: ArgosApi,
): Promise<Attempt> {
	const url = apiUrl(connection.baseUrl, api);
	try {
		// The credential's header is added by n8n's authentication, from the credential type's declaration.
		const response = (await requestWithCredential(context, connection.credential, {
			method: 'POST',
			url,
			headers: { 'content-type': 'application/json' },
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: connection.timeoutMs,
		})) as IN8nHttpFullResponse;
		const answer = parseBody(response.body);
		if (response.statusCode >= 200 && response.statusCode < 300)
			return { ok: true, status: response.statusCode, body: answer };
		const retryAfterMs = parseRetryAfter(response.headers?.['retry-after'], Date.now());
		return {
			ok: false,
			problem: describeHttpFailure(response.statusCode, answer, connection.secrets, api),
			rateLimited: isRateLimitAnswer(response.statusCode, retryAfterMs),
			retryAfterMs,
		};
	} catch (error) {
		return {
			ok: false,
			problem: networkFailure(error, url),
			rateLimited: false,
		};
	}
}

/** One request to an Argos API, from its turn at the account's governor to the freeing of its place. */
interface DocumentPost<Outcome> {
	/** The API posted to, such as `document` (ID Liveness). */
	api: ArgosApi;
	/**
	 * The body as the bytes sent (serializeImageRequest), built once the request holds its place at the governor,
	 * so memory holds the bodies in flight, not the batch's; or the outcome when there is no body to send.
	 */
	body(): Promise<{ ok: true; bytes: Buffer } | { ok: false; outcome: Outcome }>;
	/**
	 * What the caller makes of Argos' final answer. Called while the request still holds its place, so whatever it
	 * decides (such as stopping the run) holds for the requests queued behind it.
	 */
	read(answer: DocumentAnswer): Outcome;
	/** Asked when the request's turn on the wire comes: false leaves it unsent. */
	stillWanted?(): boolean;
}

/** The place a request holds at the governor (a new one after each retry), and how Argos answered it in the end. */
interface Place {
	permit: Permit;
	result?: RequestResult;
}

/**
 * A request's whole life on the wire: it waits for a place at the account's request governor, builds its body there,
 * waits for its turn on the wire, is sent, retried, reported to the governor, and frees its place once `read` has
 * made its outcome. A 429 is no failure of the item: it asks the governor for a place again, first in line, until it
 * has been rate-limited for longer than `maxRateLimitWaitMs`. Server errors (5xx) and network errors are retried up
 * to `retry.maxRetries` times with backoff that honours Retry-After; any other answer is final at once.
 * Undefined when the request was no longer wanted when its turn came.
 */
export async function postDocument<Outcome>(
	context: IExecuteFunctions,
	connection: ArgosConnection,
	post: DocumentPost<Outcome>,
): Promise<Outcome | undefined> {
	const place: Place = { permit: await connection.governor.acquire(connection.maxConcurrent) };
	try {
		const body = await post.body();
		if (!body.ok) return body.outcome;
		const answer = await sendInPlace(
			context,
			body.bytes,
			connection,
			place,
			post.api,
			post.stillWanted,
		);
		return answer === undefined ? undefined : post.read(answer);
	} finally {
		// Only now: the next request goes out when this one's outcome is known (and may stop the run).
		if (place.result) place.permit.report(place.result);
		place.permit.release();
	}
}

async function sendInPlace(
	context: IExecuteFunctions,
	bytes: Buffer,
	connection: ArgosConnection,
	place: Place,
	api: ArgosApi,
	stillWanted: (() => boolean) | undefined,
): Promise<DocumentAnswer | undefined> {
	let retries = 0;
	let rateLimitedSince: number | undefined;
	for (;;) {
		await place.permit.send();
		if (stillWanted?.() === false) return undefined;
		const attempt = await sendOnce(context, bytes, connection, api);
		if (attempt.ok) {
			place.result = { kind: 'answered' };
			return attempt;
		}
		const { problem: failure } = attempt;
		let waitMs: number;
		if (attempt.rateLimited) {
			waitMs = place.permit.report({
				kind: 'rateLimited',
				retryAfterMs:
					attempt.retryAfterMs === undefined
						? undefined
						: Math.min(attempt.retryAfterMs, connection.retry.maxDelayMs),
			});
			rateLimitedSince ??= Date.now();
			if (Date.now() + waitMs - rateLimitedSince > connection.maxRateLimitWaitMs)
				return { ok: false, problem: rateLimitedTooLong(connection.maxRateLimitWaitMs) };
		} else {
			const result: RequestResult = { kind: failure.retryable ? 'failed' : 'answered' };
			if (!failure.retryable || retries >= connection.retry.maxRetries) {
				place.result = result;
				return { ok: false, problem: failure };
			}
			place.permit.report(result);
			retries++;
			waitMs = retryDelayMs(retries, connection.retry, attempt.retryAfterMs);
		}
		place.permit.release();
		if (waitMs > 0) await sleep(waitMs);
		place.permit = await connection.governor.acquire(connection.maxConcurrent, true);
		place.result = undefined;
	}
}
