import type { ExecutionDetail } from './executionTypes';

/**
 * The URL that resumes an execution held by a Wait node ("On Webhook Call") or a node's own "wait for callback":
 * `<base>/webhook-waiting/<executionId>[/<suffix>]?signature=<resumeToken>`. n8n 2.x rejects a call without the
 * execution's resume token (401 {"error":"Invalid token"}). Inside the workflow the same URL is
 * `$execution.resumeUrl` (without suffix). A node whose webhook has a path (suffix) is reached by appending it.
 */
export function waitingWebhookUrl(
	baseUrl: string,
	execution: ExecutionDetail,
	suffix?: string,
): string {
	const token = execution.data.resumeToken;
	if (token === undefined) throw new Error(`execution ${execution.id} has no resume token`);
	const path = suffix === undefined ? '' : `/${encodeURIComponent(suffix)}`;
	return `${baseUrl}/webhook-waiting/${execution.id}${path}?signature=${encodeURIComponent(token)}`;
}

/**
 * The path part of a node's production webhook URL (after `/webhook/`), the way n8n builds it
 * (n8n-workflow NodeHelpers.getNodeWebhookPath): a node type whose webhook is declared `isFullPath: true` (the core
 * Webhook node) is reached at its `path`; any other (e.g. a vendor trigger node) at `<webhookId>/<path>`.
 * Give nodes a fixed `webhookId` in test workflows so these URLs are known in advance.
 */
export function nodeWebhookPath(
	node: { webhookId: string },
	path: string,
	isFullPath = false,
): string {
	const trimmed = path.replace(/^\//, '');
	// A path with route parameters (":id") always gets the webhookId in front.
	const hasParameters = trimmed.startsWith(':') || trimmed.includes('/:');
	if (isFullPath && !hasParameters) return trimmed || node.webhookId;
	return `${node.webhookId}/${trimmed}`;
}
