import type { ExecutionStatus, IDataObject, IRunExecutionData } from 'n8n-workflow';

export type { ExecutionStatus };

/** One row of `GET /rest/executions` (no run data). Dates are ISO strings as they come over JSON. */
export interface ExecutionSummary {
	id: string;
	workflowId: string;
	workflowName?: string;
	/** 'new' | 'running' | 'success' | 'error' | 'waiting' | 'canceled' | 'crashed' | 'unknown' */
	status: ExecutionStatus;
	/** 'webhook' | 'trigger' | 'manual' | 'cli' | 'integrated' | ... */
	mode: string;
	createdAt: string;
	startedAt: string | null;
	stoppedAt: string | null;
	/** Set while a Wait node (or "send and wait") holds the execution. */
	waitTill: string | null;
	retryOf: string | null;
}

/** `GET /rest/executions/:id` with its `data` decoded from n8n's "flatted" string into a normal object. */
export interface ExecutionDetail extends ExecutionSummary {
	finished: boolean;
	data: IRunExecutionData;
	workflowData: {
		id: string;
		name: string;
		nodes: IDataObject[];
		connections: IDataObject;
		settings?: IDataObject;
	};
	customData?: Record<string, string>;
}

/** What `n8n execute --rawOutput` printed (an IRun), plus the raw output of the command. */
export interface CliExecution {
	data: IRunExecutionData;
	status: ExecutionStatus;
	mode: string;
	startedAt: string;
	stoppedAt?: string;
	finished?: boolean;
	exitCode: number | null;
	signal: NodeJS.Signals | null;
	output: string;
}
