/** Support for end-to-end tests against a real n8n process: see the README beside this file. */
export { ensureRuntime, n8nVersionUnderTest, pinnedN8nVersion } from './runtime';
export { createN8nHome, removeHome } from './n8nHome';
export type { N8nHome, N8nOptions } from './n8nHome';
export { startN8n } from './n8nProcess';
export type { RunningN8n, StartN8nOptions } from './n8nProcess';
export { runN8nCli, importCredentials, importWorkflow, executeWorkflow, newN8nId } from './n8nCli';
export type { CredentialToImport, CliResult, CliOptions } from './n8nCli';
export { N8nRestClient, E2E_OWNER } from './n8nRest';
export type {
	WorkflowRecord,
	PublicationStatus,
	CredentialTestResult,
	CredentialInput,
} from './n8nRest';
export type {
	ExecutionDetail,
	ExecutionSummary,
	CliExecution,
	ExecutionStatus,
} from './executionTypes';
export { nodeOutput, executionErrorMessage } from './executionData';
export { waitingWebhookUrl, nodeWebhookPath } from './webhookUrls';
export { getFreePort } from './freePort';
export { listProcesses, processTree, processGroup } from './processTree';
export { pollUntil, sleep } from './poll';
export { E2E_ENCRYPTION_KEY } from './n8nEnv';
export { startCaptureServer } from './captureServer';
export { startImageServer } from './imageServer';
export type { ImageRoute, ImageServer } from './imageServer';
export type { CaptureServer, CapturedRequest } from './captureServer';
export {
	formUrl,
	formFileFrom,
	readFormFields,
	submitForm,
	fillAndSubmitForm,
} from './formSubmission';
export type { FormFile, FormValue, FormResponse } from './formSubmission';
export {
	withLoopbackHosts,
	exampleFormUrl,
	exampleWebhookUrl,
	submitCase,
	routedOutcome,
	CASE_FORM,
	KYC_INTAKE,
	PLACEHOLDER_HOSTS,
} from './exampleWorkflows';
