import { Container } from '@n8n/di';
import { ExternalSecretsProxy } from 'n8n-core';
import { UnexpectedError } from 'n8n-workflow';
import type {
	ExecutionStatus,
	ICredentialsHelper,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { N8nUrls } from './urls';

interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	urls: N8nUrls;
	workflowId: string;
	/** Undefined while a live webhook's `webhook()` runs: n8n has not created the execution yet. */
	executionId?: string;
	/** Looks up stored executions for `getRunExecutionData`. */
	findExecutionData: (executionId: string) => IRunExecutionData | undefined;
	/** Records what nodes report through `setExecutionStatus` (e.g. 'waiting'). */
	onStatus?: (status: ExecutionStatus) => void;
}

/**
 * The cli's `WorkflowExecuteAdditionalData.getBase`, minus what needs the database,
 * task runners or sub-workflows: those members throw when a node reaches them.
 */
export function buildAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const { urls } = options;
	return {
		credentialsHelper: options.credentialsHelper,
		currentNodeExecutionIndex: 0,
		executionId: options.executionId,
		workflowId: options.workflowId,
		variables: {},
		...urls,
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
		setExecutionStatus: (status) => options.onStatus?.(status),
		sendDataToUI: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async (executionId) => options.findExecutionData(executionId),
		getRuntimeCredential: async () => undefined,
		executeWorkflow: async () => {
			throw new UnexpectedError('Sub-workflows are not supported by the test harness');
		},
		startRunnerTask: async () => {
			throw new UnexpectedError('Task runners (Code node) are not supported by the test harness');
		},
	};
}
