export interface RetryPolicy {
	/** How many times a failed request is sent again (0 = never). */
	maxRetries: number;
	/** The first wait; each later one doubles. */
	baseDelayMs: number;
	/** No single wait is longer, whatever the server's Retry-After says. */
	maxDelayMs: number;
}

/** Retry-After is either whole seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: unknown, nowMs: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+$/.test(text)) return Number(text) * 1000;
	const date = Date.parse(text);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/**
 * The wait before retry number `attempt` (1-based): the server's Retry-After when it gave one,
 * otherwise exponential backoff, jittered between half and all of it so parallel items do not retry in step.
 */
export function retryDelayMs(
	attempt: number,
	policy: RetryPolicy,
	retryAfterMs: number | undefined,
	random: () => number = Math.random,
): number {
	if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxDelayMs);
	const ceiling = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
	return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Whether an answer says "too many requests" rather than "failed": 429, or 503 with Retry-After, which RFC 9110
 * §15.6.4 gives a server that is overloaded for a while (some gateways refuse beyond a limit that way). Such a
 * request is no failure: it goes back to the governor, as often as the rate-limit wait allows.
 */
export function isRateLimitAnswer(status: number, retryAfterMs: number | undefined): boolean {
	return status === 429 || (status === 503 && retryAfterMs !== undefined);
}
