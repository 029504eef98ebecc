import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import type { Verdict } from '../../resultsAndCallbacks/scoring';
import { PASS_OUTPUT, REVIEW_OUTPUT, routesByVerdict } from '../description/outputs';
import { errorItemJson, type ItemError } from './itemErrors';
import { readOptions, readReference } from './prepareItem';

/**
 * What became of one input item: its output JSON (with the verdict when Argos scored it), or its error and the
 * case reference to echo (read from the item's parameters when left out and the run has an execute context).
 */
export type ItemOutcome =
	| { ok: true; json: IDataObject; verdict?: Verdict }
	| { ok: false; problem: ItemError; reference?: string | null };

/**
 * The node's outputs for these outcomes, one item per outcome, paired to input item `itemIndex` (or the
 * outcome's position). On one output, or on Pass and Review when the node routes by verdict: a failed item is
 * never a pass, it goes to Review, or to the error output, which n8n splits off by the item's JSON.
 * With an execute context the items keep the input files unless "Keep Input Binary" is off; a resume webhook
 * cannot see the input item, and its files stay reachable downstream through pairedItem.
 */
export function buildOutputs(
	context: IExecuteFunctions | undefined,
	node: INode,
	outcomes: ItemOutcome[],
): INodeExecutionData[][] {
	const toErrorOutput = node.onError === 'continueErrorOutput';
	const items = outcomes.map((outcome, itemIndex) => {
		const reference = (failure: { reference?: string | null }) =>
			failure.reference !== undefined
				? failure.reference
				: context
					? readReference(context, itemIndex)
					: null;
		const item: INodeExecutionData = {
			json: outcome.ok
				? outcome.json
				: errorItemJson(outcome.problem, reference(outcome), toErrorOutput),
			pairedItem: { item: itemIndex },
		};
		if (context) {
			const binary = context.getInputData()[itemIndex]?.binary;
			// Read on its own, so it holds for items whose other settings could not be read.
			if (binary && readOptions(context, itemIndex).keepBinary !== false) item.binary = binary;
		}
		return item;
	});
	if (!routesByVerdict(node.parameters)) return [items];
	const outputs: INodeExecutionData[][] = [[], []];
	outcomes.forEach((outcome, index) => {
		const passed = outcome.ok && outcome.verdict === 'pass';
		outputs[passed ? PASS_OUTPUT : REVIEW_OUTPUT].push(items[index]);
	});
	return outputs;
}

/** The transaction ID each outcome has, if any: of a result or acceptance, or of a failure Argos reported. */
export function transactionIdsOf(
	outcomes: ReadonlyArray<ItemOutcome | undefined>,
): Array<string | undefined> {
	return outcomes.map((outcome) => {
		const transactionId = outcome?.ok
			? outcome.json.transactionId
			: outcome?.problem.errorResponse?.transactionId;
		return typeof transactionId === 'string' ? transactionId : undefined;
	});
}
