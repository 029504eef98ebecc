import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { routesByVerdict } from '../description/outputs';
import { checkDocument, type CheckOutcome } from './checkDocument';
import { arrangeOutputs, outcomeItem } from './outputItems';
import { prepareItem, type PreparedItem } from './prepareItem';
import { readRunContext } from './runContext';

/**
 * "Wait for Result" and "Send Result to Callback URL": one output item per input item, in input order.
 * All items are prepared first, so a bad image or parameter stops the run before any credit is spent.
 */
export async function checkItems(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	const routeByVerdict = routesByVerdict(context.getNode().parameters);
	const concurrency = Number(
		(context.getNodeParameter('options', 0, {}) as IDataObject).concurrency ?? 4,
	);

	const prepared: PreparedItem[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = await prepareItem(context, itemIndex);
		if (!item.ok && !continueOnFail) throw item.error;
		prepared.push(item);
	}

	const run = await readRunContext(context);
	let stopped = false;
	const outcomes = await mapWithConcurrency(
		prepared,
		concurrency,
		async (item, itemIndex): Promise<CheckOutcome | undefined> => {
			// Without "continue on fail" the first failure ends the run, so no further credit is spent.
			if (stopped) return undefined;
			const outcome = item.ok ? await checkDocument(context, itemIndex, item.settings, run) : item;
			if (!outcome.ok && !continueOnFail) stopped = true;
			return outcome;
		},
	);
	const failed = outcomes.find((outcome) => outcome?.ok === false);
	if (failed && !failed.ok && !continueOnFail) throw failed.error;

	// Every item has its outcome here: items are skipped only after a failure, which has just been thrown.
	const results = (outcomes as CheckOutcome[]).map((outcome, itemIndex) => ({
		outcome,
		item: outcomeItem(context, outcome, itemIndex),
	}));
	return arrangeOutputs(results, routeByVerdict);
}
