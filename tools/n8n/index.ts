/** The generic real-n8n kit's usual pieces (see the README beside this file); the other files are imported by path. */
export { ensureRuntime, n8nVersionUnderTest } from './runtime';
export { createN8nHome, removeHome } from './n8nHome';
export type { N8nHome } from './n8nHome';
export { startN8n } from './n8nProcess';
export type { RunningN8n } from './n8nProcess';
export { importCredentials, importWorkflow, executeWorkflow } from './n8nCli';
export { N8nRestClient } from './n8nRest';
export type {
	ExecutionDetail,
	ExecutionSummary,
	CliExecution,
	ExecutionStatus,
} from './executionTypes';
export { nodeOutput, executionErrorMessage } from './executionData';
export { waitingWebhookUrl } from './webhookUrls';
export { getFreePort } from './freePort';
export { listProcesses, processTree, processGroup } from './processTree';
