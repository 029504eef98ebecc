import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import type { Verdict } from '../../resultsAndCallbacks/scoring';
import { PASS_OUTPUT, REVIEW_OUTPUT, routesByVerdict } from '../description/outputs';
import { errorItemJson, type ItemError } from './itemErrors';

/** What an item's output carries besides its outcome, read with its parameters in step 1 (prepareItem). */
export interface ItemEcho {
	/** The case reference an error item echoes (a result has it in its JSON). */
	reference: string | null;
	/** Whether the output item keeps the input item's files ("Keep Input Binary"). */
	keepBinary: boolean;
}

/** What became of one input item: its output JSON (with the verdict when Argos scored it), or its error. */
export type ItemOutcome = { echo: ItemEcho } & (
	{ ok: true; json: IDataObject; verdict?: Verdict } | { ok: false; problem: ItemError }
);

/**
 * Step 3, output: the node's outputs for these outcomes, one item per outcome, paired to the input item at the
 * outcome's position. On one output, or on Pass and Review when the node routes by verdict: a failed item is never a
 * pass, it goes to Review, or to the error output, which n8n splits off by the item's JSON.
 * Given the input items, an output item keeps its input's files unless "Keep Input Binary" is off; a resume webhook
 * has no input items, and their files stay reachable downstream through pairedItem.
 */
export function buildOutputs(
	node: INode,
	outcomes: ItemOutcome[],
	inputs?: INodeExecutionData[],
): INodeExecutionData[][] {
	const toErrorOutput = node.onError === 'continueErrorOutput';
	const items = outcomes.map((outcome, itemIndex) => {
		const item: INodeExecutionData = {
			json: outcome.ok
				? outcome.json
				: errorItemJson(outcome.problem, outcome.echo.reference, toErrorOutput),
			pairedItem: { item: itemIndex },
		};
		const binary = inputs?.[itemIndex]?.binary;
		if (binary && outcome.echo.keepBinary) item.binary = binary;
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
