import type {
	ExecutionError,
	ExecutionStatus,
	IDataObject,
	INodeExecutionData,
	IRun,
	ITaskData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { signedResumeUrl, tokenResumeUrl } from './resumeUrls';
import type { HarnessWorkflow } from './workflow';

export interface ResumeUrlContext {
	webhookWaitingBaseUrl: string;
	hmacSignatureSecret: string;
}

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
		private readonly urls: ResumeUrlContext,
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

	/** `$execution.resumeUrl` of this execution: the token-carrying resume URL. */
	get resumeUrl(): string {
		return tokenResumeUrl(this.urls.webhookWaitingBaseUrl, this.id, this.run.data.resumeToken);
	}

	/** What `getSignedResumeUrl(parameters)` returned in the waiting node (it is deterministic). */
	signedResumeUrl(parameters: Record<string, string> = {}, nodeName = this.waitingNode): string {
		if (nodeName === undefined)
			throw new Error(`Execution ${this.id} is not waiting (status ${this.status})`);
		const node = this.workflow.assertNode(nodeName);
		return signedResumeUrl(
			this.urls.webhookWaitingBaseUrl,
			this.id,
			node.id,
			this.urls.hmacSignatureSecret,
			parameters,
		);
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
