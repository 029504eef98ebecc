import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { asItemError, withCompletedChecks } from './itemErrors';
import { buildOutputs, transactionIdsOf, type ItemOutcome } from './outputItems';
import { imageKeeper, prepareItem, type PreparedItem } from './prepareItem';
import { acquireSlot, readRunContext, sendWithPermit, type RunContext } from './sendItem';

/**
 * "Wait for Result" and "Send Result to Callback URL": one output item per input item, in input order.
 * Without "continue on fail", every item is prepared before the first is sent, so a bad image or parameter stops
 * the run before any credit is spent. With it, a bad item only gets its error item, so each item queues at the
 * governor as soon as it is prepared: sending starts with the first item, not after the last one's pre-flight.
 */
export async function sendItems(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const continueOnFail = context.continueOnFail();
	// The timeout, retries and bound on concurrency of the whole run: the options of its first item prepared.
	let run: Promise<RunContext> | undefined;
	let stopped = false;

	const send = async (item: PreparedItem, itemIndex: number): Promise<ItemOutcome | undefined> => {
		if (!item.ok) return item;
		run ??= readRunContext(context, item.settings.options);
		const runContext = await run;
		const permit = await acquireSlot(runContext);
		// Without "continue on fail" the first failure ends the run, so no further credit is spent.
		let skipped = false;
		const outcome = await sendWithPermit(
			context,
			itemIndex,
			item,
			runContext,
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
	};

	// Every item queues at the account's governor in input order; the governor decides how many are in flight.
	const sent: Array<Promise<ItemOutcome | undefined>> = [];
	const queue = (item: PreparedItem, itemIndex: number) => {
		const outcome = send(item, itemIndex);
		// Awaited below, with the others; until then a failure (such as a missing credential) is not unhandled.
		outcome.catch(() => undefined);
		sent.push(outcome);
	};
	const prepared: PreparedItem[] = [];
	const keepImage = imageKeeper();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		// A parameter whose expression fails throws: with "continue on fail" that is this item's error alone, as items
		// before it may already be on their way to Argos.
		const item = await prepareItem(context, itemIndex).catch((error: unknown): PreparedItem => {
			if (!continueOnFail) throw error;
			return { ok: false, problem: asItemError(context.getNode(), error, itemIndex) };
		});
		if (!item.ok && !continueOnFail) throw item.problem;
		keepImage(item);
		if (continueOnFail) queue(item, itemIndex);
		else prepared.push(item);
	}
	prepared.forEach(queue);
	const outcomes = await Promise.all(sent);

	const failed = outcomes.find((outcome) => outcome?.ok === false);
	if (failed && !failed.ok && !continueOnFail)
		throw withCompletedChecks(failed.problem, transactionIdsOf(outcomes));

	// Every item has its outcome here: items are skipped only after a failure, which has just been thrown.
	return buildOutputs(context, context.getNode(), outcomes as ItemOutcome[]);
}
