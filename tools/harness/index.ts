export { createHarness, N8nHarness } from './harness';
export { ExecutionResult } from './executionResult';
export type { WebhookCallResult } from './webhookExecution';
export type { HttpRequestSpec } from './fakeHttp';
export { HarnessWorkflow } from './workflow';
export { connect } from './workflowBuilders';
