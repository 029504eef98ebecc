import { createRunExecutionData } from 'n8n-workflow';
import type { INodeExecutionData, WorkflowExecuteMode } from 'n8n-workflow';

import type { HarnessContext } from './context';
import type { ExecutionResult } from './executionResult';
import type { HarnessWorkflow } from './workflow';

export interface WorkflowRun {
	workflow: HarnessWorkflow;
	/** Items the start node receives; defaults to one empty item. */
	input?: INodeExecutionData[];
	/** Defaults to the only node without incoming connections. */
	startNode?: string;
	/** Defaults to 'manual', as in n8n's own node test harness. */
	mode?: WorkflowExecuteMode;
}

/**
 * Starts an execution with the input items on the execution stack, as n8n does for a
 * trigger's output (and as n8n's node test harness does), then runs it to the end.
 */
export async function runWorkflow(
	context: HarnessContext,
	options: WorkflowRun,
): Promise<ExecutionResult> {
	const { workflow } = options;
	const startNodeName = options.startNode ?? findStartNode(workflow);
	// the stack needs the node as a Workflow holds it: with parameter defaults filled in
	const startNode = workflow.instantiate().getNode(startNodeName);
	if (startNode === null) throw new Error(`The workflow has no node "${startNodeName}"`);
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.input ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	return await context.execute({
		workflow,
		mode: options.mode ?? 'manual',
		executionId: context.store.nextId(),
		runExecutionData,
	});
}

function findStartNode(workflow: HarnessWorkflow): string {
	const targets = new Set(
		Object.values(workflow.connections).flatMap((byType) =>
			(byType.main ?? []).flatMap((outputs) =>
				(outputs ?? []).map((connection) => connection.node),
			),
		),
	);
	const roots = workflow.nodes.filter((node) => !node.disabled && !targets.has(node.name));
	if (roots.length !== 1) {
		const names = roots.map((node) => `"${node.name}"`).join(', ') || 'none';
		throw new Error(
			`Cannot tell the start node: nodes without incoming connections are ${names}; pass startNode`,
		);
	}
	return roots[0].name;
}
