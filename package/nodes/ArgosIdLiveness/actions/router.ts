import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { MODE, readMode } from '../description/parameters';
import { asItemError } from './itemErrors';
import { buildOutputs } from './outputItems';
import { readEcho } from './prepareItem';
import { runItems } from './runItems';
import { submitAndWait } from './submitAndWait';

export async function router(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = readMode(context, 0);
	try {
		return mode === MODE.submitAndWait
			? await submitAndWait(context)
			: await runItems(context, mode);
	} catch (error) {
		const failure = asItemError(context.getNode(), error);
		if (!context.continueOnFail()) throw failure;
		// When a node throws under "continue", n8n sends its input items on output 0, which is Pass when routing.
		// An unchecked document must never pass, so every item becomes an error item instead.
		const items = context.getInputData();
		const outcomes = items.map((_, itemIndex) => ({
			ok: false as const,
			problem: failure,
			echo: readEcho(context, itemIndex),
		}));
		return buildOutputs(context.getNode(), outcomes, items);
	}
}
