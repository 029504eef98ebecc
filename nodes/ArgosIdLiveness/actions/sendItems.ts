import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { withCompletedChecks } from './itemErrors';
import { buildOutputs, transactionIdsOf, type ItemOutcome } from './outputItems';
import { imageKeeper, prepareItem, runOptionsOf, type PreparedItem } from './prepareItem';
import { acquireSlot, readRunContext, sendWithPermit } from './sendItem';

/**
 * "Wait for Result" and "Send Result to Callback URL": one output item per input item, in input order.
 * All items are prepared first, so a bad image or parameter stops the run before any credit is spent.
 */
export async function sendItems(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();

	const prepared: PreparedItem[] = [];
	const keepImage = imageKeeper();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const item = await prepareItem(context, itemIndex);
		if (!item.ok && !continueOnFail) throw item.problem;
		keepImage(item);
		prepared.push(item);
	}

	const run = await readRunContext(context, runOptionsOf(prepared));
	let stopped = false;
	// Every item queues at the account's governor at once, in input order; it decides how many are in flight.
	const outcomes = await Promise.all(
		prepared.map(async (item, itemIndex): Promise<ItemOutcome | undefined> => {
			if (!item.ok) return item;
			const permit = await acquireSlot(run);
			// Without "continue on fail" the first failure ends the run, so no further credit is spent.
			let skipped = false;
			const outcome = await sendWithPermit(
				context,
				itemIndex,
				item,
				run,
				permit,
				// Decided before the slot is freed, so the next item's request sees it.
				(result) => {
					if (!result.ok && !continueOnFail && !skipped) stopped = true;
				},
				() => {
					skipped = stopped;
					return !skipped;
				},
			);
			return skipped ? undefined : outcome;
		}),
	);
	const failed = outcomes.find((outcome) => outcome?.ok === false);
	if (failed && !failed.ok && !continueOnFail)
		throw withCompletedChecks(failed.problem, transactionIdsOf(outcomes));

	// Every item has its outcome here: items are skipped only after a failure, which has just been thrown.
	return buildOutputs(context, context.getNode(), outcomes as ItemOutcome[]);
}
