import {
	isRateLimitAnswer,
	parseRetryAfter,
	retryDelayMs,
} from '../../package/nodes/ArgosIdLiveness/transport/retryTiming';

const policy = { maxRetries: 3, baseDelayMs: 1000, maxDelayMs: 30_000 };

describe('parseRetryAfter', () => {
	const now = Date.parse('2026-11-29T10:00:00Z');
	it('reads seconds and HTTP dates', () => {
		expect(parseRetryAfter('5', now)).toBe(5000);
		expect(parseRetryAfter(['2'], now)).toBe(2000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 10:00:07 GMT', now)).toBe(7000);
		expect(parseRetryAfter('Sun, 29 Nov 2026 09:00:00 GMT', now)).toBe(0);
	});
	it('ignores what it cannot read', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter('soon', now)).toBeUndefined();
	});
});

describe('retryDelayMs', () => {
	it('honours Retry-After up to the cap', () => {
		expect(retryDelayMs(1, policy, 4000)).toBe(4000);
		expect(retryDelayMs(1, policy, 120_000)).toBe(30_000);
	});
	it('doubles the backoff per attempt, jittered between half and all of it', () => {
		expect(retryDelayMs(1, policy, undefined, () => 0)).toBe(500);
		expect(retryDelayMs(1, policy, undefined, () => 1)).toBe(1000);
		expect(retryDelayMs(3, policy, undefined, () => 1)).toBe(4000);
		expect(retryDelayMs(10, policy, undefined, () => 1)).toBe(30_000);
	});
});

describe('isRateLimitAnswer', () => {
	it('takes 429, and 503 with Retry-After, for "too many requests"; other statuses are failures', () => {
		expect(isRateLimitAnswer(429, undefined)).toBe(true);
		expect(isRateLimitAnswer(429, 1000)).toBe(true);
		expect(isRateLimitAnswer(503, 0)).toBe(true);
		expect(isRateLimitAnswer(503, undefined)).toBe(false);
		expect(isRateLimitAnswer(500, 1000)).toBe(false);
		expect(isRateLimitAnswer(502, 1000)).toBe(false);
	});
});
