/**
 * The URLs n8n puts into a workflow's additional data, built the way n8n's
 * `WorkflowExecuteAdditionalData.getBase` builds them from its default endpoints
 * (`rest`, `webhook`, `webhook-waiting`, ...). Nodes see them through
 * `getRestApiUrl()`, `getInstanceBaseUrl()`, `$execution.resumeUrl` and
 * `getSignedResumeUrl()`.
 */
export interface N8nUrls {
	restApiUrl: string;
	instanceBaseUrl: string;
	webhookBaseUrl: string;
	webhookTestBaseUrl: string;
	webhookWaitingBaseUrl: string;
	formBaseUrl: string;
	formTestBaseUrl: string;
	formWaitingBaseUrl: string;
	mcpBaseUrl: string;
	mcpTestBaseUrl: string;
}

/** What a default local n8n answers on (N8N_PORT 5678, no WEBHOOK_URL). */
const DEFAULT_BASE_URL = 'http://localhost:5678/';

export function n8nUrls(baseUrl: string = DEFAULT_BASE_URL): N8nUrls {
	// n8n's UrlService always ends the webhook base URL with a slash
	const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
	return {
		restApiUrl: `${base}rest`,
		instanceBaseUrl: base,
		webhookBaseUrl: `${base}webhook`,
		webhookTestBaseUrl: `${base}webhook-test`,
		webhookWaitingBaseUrl: `${base}webhook-waiting`,
		formBaseUrl: `${base}form`,
		formTestBaseUrl: `${base}form-test`,
		formWaitingBaseUrl: `${base}form-waiting`,
		mcpBaseUrl: `${base}mcp`,
		mcpTestBaseUrl: `${base}mcp-test`,
	};
}
