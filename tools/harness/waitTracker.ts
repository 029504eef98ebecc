import { WAIT_INDEFINITELY } from 'n8n-workflow';

import type { HarnessContext } from './context';
import type { ExecutionResult } from './executionResult';

/**
 * The cli's WaitTracker when a waiting execution's `waitTill` has passed: it loads the
 * execution and hands its data, unchanged, to the WorkflowRunner (restartExecutionId = its id).
 * n8n-core's `WorkflowExecute.handleWaitingState` then clears `waitTill`, drops the waiting run of
 * the node and disables the node on top of the stack, so the engine forwards that stack entry's
 * data instead of running the node (every output when its metadata has `forwardAllOutputs`).
 * No clock is involved: the test decides that the time has run out.
 */
export async function resumeAfterWaitLimit(
	context: HarnessContext,
	executionId: string,
): Promise<ExecutionResult> {
	const stored = context.store.load(executionId);
	// n8n's own messages for the first two; the rest are executions WaitTracker never picks up
	if (stored === undefined) throw new Error(`Execution "${executionId}" does not exist.`);
	const { result, data } = stored;
	if (result.run.finished)
		throw new Error('The execution did succeed and can so not be started again.');
	if (result.status !== 'waiting') {
		throw new Error(
			`Execution "${executionId}" is ${result.status}, not waiting: no wait limit can run out`,
		);
	}
	const waitTill = result.waitTill === undefined ? undefined : new Date(result.waitTill);
	if (waitTill === undefined || waitTill.getTime() >= WAIT_INDEFINITELY.getTime()) {
		throw new Error(
			`Execution "${executionId}" waits without a time limit: n8n's WaitTracker never resumes it`,
		);
	}
	return await context.execute({
		workflow: result.workflow,
		mode: result.mode,
		executionId,
		runExecutionData: data,
		restart: true,
		executedBefore: result.executedNodes,
	});
}
