import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { MODE, type Mode } from '../description/parameters';
import { routesByVerdict } from '../description/outputs';
import { checkItems } from './checkItems';
import { arrangeOutputs, outcomeItem } from './outputItems';
import { submitAndWait } from './submitAndWait';

export async function route(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = context.getNodeParameter('mode', 0) as Mode;
	try {
		return mode === MODE.submitAndWait ? await submitAndWait(context) : await checkItems(context);
	} catch (error) {
		const failure =
			error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(context.getNode(), error as Error);
		if (!context.continueOnFail()) throw failure;
		// When a node throws under "continue", n8n sends its input items on output 0, which is Pass when routing.
		// An unchecked document must never pass, so every item becomes an error item instead.
		const routeByVerdict = routesByVerdict(context.getNode().parameters);
		const results = context.getInputData().map((_item, itemIndex) => {
			const outcome = { ok: false as const, error: failure };
			return { outcome, item: outcomeItem(context, outcome, itemIndex) };
		});
		return arrangeOutputs(results, routeByVerdict);
	}
}
