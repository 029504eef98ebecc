import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IDataObject,
	IRun,
	IRunExecutionData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

interface EngineRunOptions {
	workflow: Workflow;
	workflowData: IWorkflowBase;
	additionalData: IWorkflowExecuteAdditionalData;
	mode: WorkflowExecuteMode;
	executionId: string;
	runExecutionData: IRunExecutionData;
	/** Called with static data that changed during the run (the `workflowExecuteAfter` hook's second argument). */
	onStaticDataChanged?: (staticData: IDataObject) => void;
}

interface EngineRun {
	run: IRun;
	/** Node names in the order they finished, one entry per run of a node. */
	executedNodes: string[];
}

/**
 * n8n-core's engine, started the way the cli's WorkflowRunner starts an execution
 * that already has execution data (webhook-started and resumed executions):
 * `new WorkflowExecute(...).processRunExecutionData(workflow)`.
 */
export async function runEngine(options: EngineRunOptions): Promise<EngineRun> {
	const { workflow, additionalData, mode, executionId } = options;
	const executedNodes: string[] = [];
	const hooks = new ExecutionLifecycleHooks(mode, executionId, options.workflowData);
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});
	hooks.addHandler('workflowExecuteAfter', (_run, newStaticData) => {
		if (newStaticData) options.onStaticDataChanged?.(newStaticData);
	});
	additionalData.hooks = hooks;
	const engine = new WorkflowExecute(additionalData, mode, options.runExecutionData);
	const run = await engine.processRunExecutionData(workflow);
	return { run, executedNodes };
}
