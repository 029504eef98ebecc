/** Support for end-to-end tests against a real n8n process: see the README beside this file. */
export { ensureRuntime } from './runtime';
export { createN8nHome, removeHome } from './n8n-home';
export type { N8nHome, N8nOptions } from './n8n-home';
export { startN8n } from './n8n-process';
export type { RunningN8n, StartN8nOptions } from './n8n-process';
export { runN8nCli, importCredentials, importWorkflow, executeWorkflow, newN8nId } from './n8n-cli';
export type { CredentialToImport, CliResult, CliOptions } from './n8n-cli';
export { N8nRestClient, E2E_OWNER } from './n8n-rest';
export type { WorkflowRecord, PublicationStatus, CredentialTestResult, CredentialInput } from './n8n-rest';
export type { ExecutionDetail, ExecutionSummary, CliExecution, ExecutionStatus } from './execution-types';
export { nodeOutput, executionErrorMessage } from './execution-data';
export { waitingWebhookUrl, nodeWebhookPath } from './webhook-urls';
export { parseFlatted } from './flatted';
export { getFreePort } from './free-port';
export { listProcesses, processTree, processGroup } from './process-tree';
export { pollUntil, sleep } from './poll';
export { E2E_ENCRYPTION_KEY } from './n8n-env';
