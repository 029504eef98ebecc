export { createHarness, N8nHarness } from './harness';
export type {
	CallWebhookOptions,
	HarnessOptions,
	ResumeRequest,
	RunOptions,
	WorkflowSource,
} from './harness';
export { ExecutionResult } from './executionResult';
export type { WebhookCallResult } from './webhookExecution';
export type { HttpRequestSpec } from './fakeHttp';
export type { ResumeUrlCheck } from './resume';
export { HarnessWorkflow } from './workflow';
export type { WorkflowDefinition } from './workflow';
export { connect } from './workflowBuilders';
export type { Link, NodeSpec } from './workflowBuilders';
export { HARNESS_START_NODE_TYPE } from './startNode';
export { DEFAULT_BASE_URL } from './urls';
export type { N8nUrls } from './urls';
export { parseResumeUrl, signedResumeUrl, tokenResumeUrl } from './resumeUrls';
