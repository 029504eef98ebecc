import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { PASS_OUTPUT, REVIEW_OUTPUT } from '../description/outputs';
import type { CheckOutcome } from './checkDocument';
import { errorItemJson } from './itemErrors';

/** The output item of one input item's outcome, paired to it. */
export function itemFor(outcome: CheckOutcome, itemIndex: number): INodeExecutionData {
	return outcome.ok
		? { json: outcome.json, pairedItem: { item: itemIndex } }
		: { json: errorItemJson(outcome.error), pairedItem: { item: itemIndex } };
}

/**
 * The same, with the input item's files unless the user dropped them ("Keep Input Binary" off); read here on its
 * own, so it holds for items whose other settings could not be read.
 */
export function outcomeItem(
	context: IExecuteFunctions,
	outcome: CheckOutcome,
	itemIndex: number,
): INodeExecutionData {
	const item = itemFor(outcome, itemIndex);
	const { keepBinary } = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const binary = context.getInputData()[itemIndex]?.binary;
	if (keepBinary !== false && binary) item.binary = binary;
	return item;
}

/**
 * Puts each item on the one output, or on Pass or Review. A failed check is never a pass: when routing it goes
 * to Review, or to the error output, which n8n splits off by the item's JSON.
 */
export function arrangeOutputs(
	results: Array<{ item: INodeExecutionData; outcome: CheckOutcome }>,
	routeByVerdict: boolean,
): INodeExecutionData[][] {
	if (!routeByVerdict) return [results.map(({ item }) => item)];
	const outputs: INodeExecutionData[][] = [[], []];
	for (const { item, outcome } of results) {
		const passed = outcome.ok && outcome.verdict === 'pass';
		outputs[passed ? PASS_OUTPUT : REVIEW_OUTPUT].push(item);
	}
	return outputs;
}
