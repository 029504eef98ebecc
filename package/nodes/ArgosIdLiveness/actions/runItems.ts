import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Mode } from '../description/parameters';
import { imageKeeper } from '../helpers/imageSource';
import { connectToArgos, type ArgosConnection } from '../transport/argosAccount';
import { withBilledItems } from './itemErrors';
import { buildOutputs, transactionIdsOf, type ItemOutcome } from './outputItems';
import { prepareItem, type PreparedItem } from './prepareItem';
import { sendItem } from './sendItem';

/**
 * "Wait for Result" and "Send Result to Callback URL": one output item per input item, in input order.
 * Without "continue on fail", every item is prepared before the first is sent, so a bad image or parameter stops
 * the run before any credit is spent. With it, a bad item only gets its error item, so each item queues at the
 * governor as soon as it is prepared: sending starts with the first item, not after the last one's pre-flight.
 */
export async function runItems(
	context: IExecuteFunctions,
	mode: Mode,
): Promise<INodeExecutionData[][]> {
	const items = context.getInputData();
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	// The timeout, retries and bound on concurrency of the whole run: the options of its first item prepared.
	let connection: Promise<ArgosConnection> | undefined;
	let stopped = false;

	const send = async (prepared: PreparedItem): Promise<ItemOutcome | undefined> => {
		if (!prepared.ok) return prepared;
		const { item, echo } = prepared;
		connection ??= connectToArgos(context, item.options);
		return await sendItem(context, item, echo, await connection, {
			// Without "continue on fail" the first failure ends the run, so no further credit is spent. Decided while
			// the item still holds its place at the governor, so the next item's request sees it.
			decided: (result) => {
				if (!result.ok && !continueOnFail) stopped = true;
			},
			stillWanted: () => !stopped,
		});
	};

	// Every item queues at the account's governor in input order; the governor decides how many are in flight.
	const sent: Array<Promise<ItemOutcome | undefined>> = [];
	const queue = (prepared: PreparedItem) => {
		const outcome = send(prepared);
		// Awaited below, with the others; until then a failure (such as a missing credential) is not unhandled.
		outcome.catch(() => undefined);
		sent.push(outcome);
	};
	const ready: PreparedItem[] = [];
	const keepImage = imageKeeper();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const prepared = await prepareItem(context, itemIndex, mode);
		if (!prepared.ok && !continueOnFail) throw prepared.problem;
		if (prepared.ok) prepared.item.images.forEach(keepImage);
		if (continueOnFail) queue(prepared);
		else ready.push(prepared);
	}
	ready.forEach(queue);
	const outcomes = await Promise.all(sent);

	const failed = outcomes.find((outcome) => outcome?.ok === false);
	if (failed && !failed.ok && !continueOnFail)
		throw withBilledItems(failed.problem, transactionIdsOf(outcomes));

	// Every item has its outcome here: items are skipped only after a failure, which has just been thrown.
	return buildOutputs(node, outcomes as ItemOutcome[], items);
}
