import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { withCompletedChecks } from './itemErrors';
import { buildOutputs, transactionIdsOf, type ItemOutcome } from './outputItems';
import { prepareItem, runOptionsOf, type PreparedItem } from './prepareItem';
import { readRunContext, sendItem } from './sendItem';

/**
 * "Wait for Result" and "Send Result to Callback URL": one output item per input item, in input order.
 * All items are prepared first, so a bad image or parameter stops the run before any credit is spent.
 */
export async function sendItems(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();

	const prepared: PreparedItem[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = await prepareItem(context, itemIndex);
		if (!item.ok && !continueOnFail) throw item.problem;
		prepared.push(item);
	}

	const runOptions = runOptionsOf(prepared);
	const run = await readRunContext(context, runOptions);
	let stopped = false;
	const outcomes = await mapWithConcurrency(
		prepared,
		runOptions.concurrency,
		async (item, itemIndex): Promise<ItemOutcome | undefined> => {
			// Without "continue on fail" the first failure ends the run, so no further credit is spent.
			if (stopped) return undefined;
			const outcome = item.ok ? await sendItem(context, itemIndex, item.settings, run) : item;
			if (!outcome.ok && !continueOnFail) stopped = true;
			return outcome;
		},
	);
	const failed = outcomes.find((outcome) => outcome?.ok === false);
	if (failed && !failed.ok && !continueOnFail)
		throw withCompletedChecks(failed.problem, transactionIdsOf(outcomes));

	// Every item has its outcome here: items are skipped only after a failure, which has just been thrown.
	return buildOutputs(context, context.getNode().parameters, outcomes as ItemOutcome[]);
}
