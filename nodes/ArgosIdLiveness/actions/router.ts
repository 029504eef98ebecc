import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/concurrency';
import { PASS_OUTPUT, REVIEW_OUTPUT } from '../description/outputs';
import { CREDENTIAL_TYPE, type TransportOptions } from '../transport/postDocument';
import { checkDocument, type CheckOutcome } from './checkDocument';
import { errorItemJson } from './itemErrors';
import { prepareItem, type PreparedItem } from './prepareItem';

function transportOptions(context: IExecuteFunctions, baseUrl: string): TransportOptions {
	const options = context.getNodeParameter('options', 0, {}) as IDataObject;
	return {
		baseUrl,
		timeoutMs: Number(options.timeoutSeconds ?? 60) * 1000,
		retry: {
			maxRetries: Number(options.maxRetries ?? 3),
			baseDelayMs: 1000,
			maxDelayMs: Number(options.maxRetryWaitSeconds ?? 30) * 1000,
		},
	};
}

/**
 * Checks every input item and gives exactly one output item per input item, in input order.
 * All items are prepared first, so a bad image or parameter stops the run before any credit is spent.
 */
export async function checkAllItems(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const routeByVerdict = context.getNodeParameter('routeByVerdict', 0, false) === true;
	const concurrency = Number((context.getNodeParameter('options', 0, {}) as IDataObject).concurrency ?? 4);

	const prepared: PreparedItem[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = await prepareItem(context, itemIndex);
		if (!item.ok && !continueOnFail) throw item.error;
		prepared.push(item);
	}

	const { baseUrl } = await context.getCredentials<{ baseUrl: string }>(CREDENTIAL_TYPE);
	const transport = transportOptions(context, baseUrl);
	let stopped = false;
	const outcomes = await mapWithConcurrency(prepared, concurrency, async (item, itemIndex): Promise<CheckOutcome | undefined> => {
		// Without "continue on fail" the first failure ends the run, so no further credit is spent.
		if (stopped) return undefined;
		const outcome = item.ok ? await checkDocument(context, itemIndex, item.settings, transport) : item;
		if (!outcome.ok && !continueOnFail) stopped = true;
		return outcome;
	});
	const failed = outcomes.find((outcome) => outcome?.ok === false);
	if (failed && !failed.ok && !continueOnFail) throw failed.error;

	// Every item has its outcome here: items are skipped only after a failure, which has just been thrown.
	return arrangeOutputs(items, prepared, outcomes as CheckOutcome[], routeByVerdict);
}

function arrangeOutputs(
	items: INodeExecutionData[],
	prepared: PreparedItem[],
	outcomes: CheckOutcome[],
	routeByVerdict: boolean,
): INodeExecutionData[][] {
	const outputs: INodeExecutionData[][] = routeByVerdict ? [[], []] : [[]];
	outcomes.forEach((outcome, itemIndex) => {
		const preparation = prepared[itemIndex];
		const keepBinary = preparation.ok ? preparation.settings.keepBinary : true;
		const output: INodeExecutionData = outcome.ok
			? { json: outcome.json, pairedItem: { item: itemIndex } }
			: { json: errorItemJson(outcome.error), error: outcome.error, pairedItem: { item: itemIndex } };
		const binary = items[itemIndex].binary;
		if (keepBinary && binary) output.binary = binary;
		// A failed check is never a pass: when routing, it goes to Review (or to the error output, which n8n splits off).
		const passed = outcome.ok && outcome.verdict === 'pass';
		outputs[routeByVerdict && !passed ? REVIEW_OUTPUT : PASS_OUTPUT].push(output);
	});
	return outputs;
}
