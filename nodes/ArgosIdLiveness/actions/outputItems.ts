import type { INodeExecutionData } from 'n8n-workflow';

import { PASS_OUTPUT, REVIEW_OUTPUT } from '../description/outputs';
import type { CheckOutcome } from './checkDocument';
import { errorItemJson } from './itemErrors';

/** One output item per input item, paired to it; the input files ride along unless the user dropped them. */
export function outcomeItem(outcome: CheckOutcome, itemIndex: number, input: INodeExecutionData | undefined, keepBinary: boolean): INodeExecutionData {
	const item: INodeExecutionData = outcome.ok
		? { json: outcome.json, pairedItem: { item: itemIndex } }
		: { json: errorItemJson(outcome.error), pairedItem: { item: itemIndex } };
	if (keepBinary && input?.binary) item.binary = input.binary;
	return item;
}

/**
 * Puts each item on the one output, or on Pass or Review. A failed check is never a pass: when routing it goes
 * to Review, or to the error output, which n8n splits off by the item's JSON.
 */
export function arrangeOutputs(results: Array<{ item: INodeExecutionData; outcome: CheckOutcome }>, routeByVerdict: boolean): INodeExecutionData[][] {
	if (!routeByVerdict) return [results.map(({ item }) => item)];
	const outputs: INodeExecutionData[][] = [[], []];
	for (const { item, outcome } of results) {
		const passed = outcome.ok && outcome.verdict === 'pass';
		outputs[passed ? PASS_OUTPUT : REVIEW_OUTPUT].push(item);
	}
	return outputs;
}
