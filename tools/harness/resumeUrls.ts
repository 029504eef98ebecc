import {
	buildResumeUrlSuffix,
	generateUrlSignature,
	prepareUrlForSigning,
	validateUrlSignature,
	WAITING_TOKEN_QUERY_PARAM,
} from 'n8n-core';
import { timingSafeEqual } from 'node:crypto';

/**
 * Resume URLs of waiting executions, built and checked with n8n-core's own helpers.
 * n8n 2.40 has two kinds, both carrying their secret in the `signature` query parameter:
 *
 * - token URLs, `$execution.resumeUrl`: `<webhook-waiting base>/<execution id>?signature=<resumeToken>`,
 *   where resumeToken is a random token stored in the execution's data;
 * - HMAC-signed URLs, `getSignedResumeUrl(params)`:
 *   `<webhook-waiting base>/<execution id>/<node id>?<params>&signature=<hex HMAC-SHA256>`,
 *   the HMAC of the URL's path and query (without `signature`) keyed with the
 *   instance's `hmacSignatureSecret`.
 */

/** `$execution.resumeUrl` / `$resumeWebhookUrl`, as n8n-core's getAdditionalKeys builds it. */
export function tokenResumeUrl(
	webhookWaitingBaseUrl: string,
	executionId: string,
	resumeToken?: string,
): string {
	const url = `${webhookWaitingBaseUrl}/${executionId}`;
	if (!resumeToken) return url;
	const withToken = new URL(url);
	withToken.searchParams.set(WAITING_TOKEN_QUERY_PARAM, resumeToken);
	return withToken.toString();
}

/** What `this.getSignedResumeUrl(parameters)` returns in the given node. */
export function signedResumeUrl(
	webhookWaitingBaseUrl: string,
	executionId: string,
	nodeId: string,
	secret: string,
	parameters: Record<string, string> = {},
): string {
	const url = new URL(`${webhookWaitingBaseUrl}${buildResumeUrlSuffix(executionId, nodeId)}`);
	for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
	url.searchParams.set(
		WAITING_TOKEN_QUERY_PARAM,
		generateUrlSignature(prepareUrlForSigning(url), secret),
	);
	return url.toString();
}

export interface ResumeUrlParts {
	executionId: string;
	/** The path segment after the execution id (a node id for signed URLs). */
	suffix?: string;
	/** The `signature` parameter up to a `/`; what follows a `/` is a webhook path. */
	token?: string;
	webhookPath?: string;
	query: Record<string, string>;
}

/** Splits a resume URL the way n8n's `/webhook-waiting/:path{/:suffix}` route and WaitingWebhooks do. */
export function parseResumeUrl(resumeUrl: string, webhookWaitingBaseUrl: string): ResumeUrlParts {
	const url = new URL(resumeUrl);
	const basePath = new URL(webhookWaitingBaseUrl).pathname;
	if (!url.pathname.startsWith(`${basePath}/`)) {
		throw new Error(`"${resumeUrl}" is not under the waiting-webhook URL ${webhookWaitingBaseUrl}`);
	}
	const segments = url.pathname.slice(basePath.length + 1).split('/');
	if (segments.length > 2 || segments[0] === '') {
		throw new Error(`"${resumeUrl}" does not match n8n's route /webhook-waiting/:path{/:suffix}`);
	}
	const [executionId, suffix] = segments.map((segment) => decodeURIComponent(segment));
	let token = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM) ?? undefined;
	let webhookPath: string | undefined;
	if (token?.includes('/')) {
		webhookPath = token.slice(token.indexOf('/') + 1);
		token = token.slice(0, token.indexOf('/'));
	}
	return { executionId, suffix, token, webhookPath, query: Object.fromEntries(url.searchParams) };
}

/** WaitingWebhooks.validateSignature: the HMAC check used for send-and-wait nodes. */
export function hasValidHmacSignature(
	resumeUrl: string,
	secret: string,
	webhookWaitingBaseUrl: string,
): boolean {
	const { token } = parseResumeUrl(resumeUrl, webhookWaitingBaseUrl);
	if (!token) return false;
	const url = new URL(resumeUrl);
	url.searchParams.set(WAITING_TOKEN_QUERY_PARAM, token);
	return validateUrlSignature(token, url, secret);
}

/** WaitingWebhooks.validateToken: the check used for every other waiting node. */
export function hasValidResumeToken(
	resumeUrl: string,
	storedToken: string | undefined,
	webhookWaitingBaseUrl: string,
): boolean {
	const { token } = parseResumeUrl(resumeUrl, webhookWaitingBaseUrl);
	if (!token || !storedToken || token.length !== storedToken.length) return false;
	return timingSafeEqual(Buffer.from(token), Buffer.from(storedToken));
}
