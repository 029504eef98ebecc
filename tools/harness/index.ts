export { createHarness, N8nHarness } from './harness';
export type { CallWebhookOptions, HarnessOptions, RunOptions, WorkflowSource } from './harness';
export { ExecutionResult } from './executionResult';
export type { WebhookCallResult } from './webhookExecution';
export type { HttpRequestSpec } from './fakeHttp';
export { HarnessWorkflow } from './workflow';
export type { WorkflowDefinition } from './workflow';
export { connect } from './workflowBuilders';
export type { Link, NodeSpec } from './workflowBuilders';
