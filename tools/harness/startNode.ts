import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const HARNESS_START_NODE_TYPE = 'harness.start';

/**
 * Stands in for the trigger at the head of a workflow (Manual Trigger, Schedule, ...):
 * it emits the items `run({ input })` put on the execution stack. n8n's Manual Trigger
 * cannot be used for this: in manual mode it ignores its input and emits one empty item.
 */
export class HarnessStart implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Start',
		name: HARNESS_START_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Emits the input items given to the test harness',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}
