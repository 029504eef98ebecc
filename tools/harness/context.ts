import { deepCopy } from 'n8n-workflow';
import type {
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { buildAdditionalData } from './additionalData';
import type { HarnessCredentialsHelper } from './credentialsHelper';
import { runEngine } from './engine';
import { ExecutionResult } from './executionResult';
import type { ExecutionStore } from './executionStore';
import type { HarnessNodeTypes } from './nodeTypes';
import type { N8nUrls } from './urls';
import type { HarnessWorkflow } from './workflow';

interface ExecutionStart {
	workflow: HarnessWorkflow;
	mode: WorkflowExecuteMode;
	executionId: string;
	runExecutionData: IRunExecutionData;
}

/** What running and webhooks share: the stand-ins for n8n's services. */
export class HarnessContext {
	constructor(
		readonly nodeTypes: HarnessNodeTypes,
		readonly credentialsHelper: HarnessCredentialsHelper,
		/** Changes when the harness starts listening on loopback (see N8nHarness.listen). */
		public urls: N8nUrls,
		readonly store: ExecutionStore,
	) {}

	additionalData(workflowId: string, executionId?: string): IWorkflowExecuteAdditionalData {
		return buildAdditionalData({
			credentialsHelper: this.credentialsHelper,
			urls: this.urls,
			workflowId,
			executionId,
			findExecutionData: (id) => this.store.find(id)?.run.data,
		});
	}

	/**
	 * The cli's WorkflowRunner.runMainProcess for an execution that has execution
	 * data: a fresh Workflow from the saved workflow, n8n-core's engine, then the
	 * save hook (static data is written back except in manual mode) and the executions table.
	 */
	async execute(start: ExecutionStart): Promise<ExecutionResult> {
		const { workflow, mode, executionId } = start;
		const { run, executedNodes } = await runEngine({
			workflow: workflow.instantiate(),
			workflowData: workflow.toWorkflowBase(),
			additionalData: this.additionalData(workflow.id, executionId),
			mode,
			executionId,
			runExecutionData: start.runExecutionData,
			onStaticDataChanged: (staticData) => {
				if (mode !== 'manual') workflow.staticData = deepCopy(staticData);
			},
		});
		const result = new ExecutionResult(
			executionId,
			workflow,
			mode,
			run,
			executedNodes,
			this.urls.webhookWaitingBaseUrl,
		);
		this.store.save(result);
		return result;
	}
}
