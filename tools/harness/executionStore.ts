import { jsonParse, jsonStringify } from 'n8n-workflow';
import type { IRunExecutionData } from 'n8n-workflow';

import type { ExecutionResult } from './executionResult';

/** An execution as n8n's database holds it: its data went through serialization. */
export interface StoredExecution {
	result: ExecutionResult;
	data: IRunExecutionData;
}

/**
 * Stands in for n8n's executions table. n8n stores execution data as a string
 * (flatted JSON) and parses it again to resume, so a waiting execution comes back
 * as plain data: anything a node left there that does not survive JSON is lost here too.
 */
export class ExecutionStore {
	private lastId = 0;
	private readonly executions = new Map<string, ExecutionResult>();

	/** n8n's execution ids are increasing integers, as strings. */
	nextId(): string {
		this.lastId++;
		return String(this.lastId);
	}

	save(result: ExecutionResult): void {
		this.executions.set(result.id, result);
	}

	/** The latest state of every execution, oldest first. */
	all(): ExecutionResult[] {
		return [...this.executions.values()];
	}

	load(executionId: string): StoredExecution | undefined {
		const result = this.executions.get(executionId);
		if (result === undefined) return undefined;
		return { result, data: roundTrip(result.run.data) };
	}
}

function roundTrip(data: IRunExecutionData): IRunExecutionData {
	return jsonParse<IRunExecutionData>(jsonStringify(data, { replaceCircularRefs: true }));
}
