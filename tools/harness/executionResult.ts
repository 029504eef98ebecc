import type {
	ExecutionError,
	ExecutionStatus,
	IDataObject,
	INodeExecutionData,
	IRun,
	ITaskData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { WAITING_TOKEN_QUERY_PARAM } from 'n8n-core';
import type { HarnessWorkflow } from './workflow';

/** One finished (or paused) execution, with read helpers over n8n's raw `IRun`. */
export class ExecutionResult {
	constructor(
		readonly id: string,
		readonly workflow: HarnessWorkflow,
		readonly mode: WorkflowExecuteMode,
		/** The raw run, exactly as n8n-core's engine returned it. */
		readonly run: IRun,
		/** Node names in finishing order, one entry per node run (across resumes of this execution). */
		readonly executedNodes: string[],
		private readonly webhookWaitingBaseUrl: string,
	) {}

	/** 'success', 'error', 'waiting' (a node called putExecutionToWait) or 'canceled'. */
	get status(): ExecutionStatus {
		return this.run.status;
	}

	/** The error that stopped the execution, if any (a node error without continue-on-fail). */
	get error(): ExecutionError | undefined {
		return this.run.data.resultData.error;
	}

	get lastNodeExecuted(): string | undefined {
		return this.run.data.resultData.lastNodeExecuted;
	}

	/** The node the execution waits in; n8n resumes the node that ran last. */
	get waitingNode(): string | undefined {
		return this.status === 'waiting' ? this.lastNodeExecuted : undefined;
	}

	get waitTill(): Date | undefined {
		return this.run.waitTill ?? undefined;
	}

	/** `$execution.resumeUrl` of this execution, as n8n-core's getAdditionalKeys builds it. */
	get resumeUrl(): string {
		const url = new URL(`${this.webhookWaitingBaseUrl}/${this.id}`);
		const { resumeToken } = this.run.data;
		if (resumeToken) url.searchParams.set(WAITING_TOKEN_QUERY_PARAM, resumeToken);
		return url.toString();
	}

	/** Every run of a node (a node runs again per loop iteration, and after a resume). */
	runs(nodeName: string): ITaskData[] {
		return this.run.data.resultData.runData[nodeName] ?? [];
	}

	/** Whether the node ran at all. */
	ran(nodeName: string): boolean {
		return this.runs(nodeName).length > 0;
	}

	/** Items per output index of one run of a node (default: its last run). */
	outputs(nodeName: string, runIndex?: number): INodeExecutionData[][] {
		const task = this.task(nodeName, runIndex);
		return (task.data?.main ?? []).map((items) => items ?? []);
	}

	/** Items of one output (default: the first). */
	output(nodeName: string, outputIndex = 0, runIndex?: number): INodeExecutionData[] {
		return this.outputs(nodeName, runIndex)[outputIndex] ?? [];
	}

	/** The `json` of the items of one output. */
	json(nodeName: string, outputIndex = 0, runIndex?: number): IDataObject[] {
		return this.output(nodeName, outputIndex, runIndex).map((item) => item.json);
	}

	/** The error recorded on a node's run: set when it threw, also under continue-on-fail. */
	nodeError(nodeName = this.lastNodeExecuted, runIndex?: number): ExecutionError | undefined {
		if (nodeName === undefined || !this.ran(nodeName)) return undefined;
		return this.task(nodeName, runIndex).error;
	}

	private task(nodeName: string, runIndex?: number): ITaskData {
		const runs = this.runs(nodeName);
		const index = runIndex ?? runs.length - 1;
		const task = runs[index];
		if (task === undefined) {
			const ran = Object.keys(this.run.data.resultData.runData);
			throw new Error(
				`Node "${nodeName}" has no run ${index} in execution ${this.id} (status ${this.status}); ` +
					`nodes that ran: ${ran.join(', ') || 'none'}`,
			);
		}
		return task;
	}
}
