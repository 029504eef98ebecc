import type { ExecutionResult } from './executionResult';

/** Stands in for n8n's executions table: the latest state of each execution, in memory. */
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

	find(executionId: string): ExecutionResult | undefined {
		return this.executions.get(executionId);
	}

	/** The latest state of every execution, oldest first. */
	all(): ExecutionResult[] {
		return [...this.executions.values()];
	}
}
