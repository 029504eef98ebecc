import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { MODE, readMode, readResource, RESOURCE, type Resource } from '../description/parameters';
import { asItemError } from './itemErrors';
import { buildOutputs } from './outputItems';
import { readEcho } from './prepareItem';
import { runItems } from './runItems';
import { submitAndWait } from './submitAndWait';

/** The resources whose API can POST its result to a URL. */
const CALLBACK_RESOURCES: readonly Resource[] = [
	RESOURCE.idLiveness,
	RESOURCE.faceCompare,
	RESOURCE.idRecognition,
];

export async function router(context: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const mode = readMode(context, 0);
	try {
		// Face Liveness is synchronous (its API takes no callbackUrl): "Wait for Result" is its only operation. A
		// workflow edited by hand could still name another; nothing is sent then.
		const resource = readResource(context);
		if (mode !== MODE.waitForResult && !CALLBACK_RESOURCES.includes(resource)) {
			throw new NodeOperationError(
				context.getNode(),
				`The operation "${String(mode)}" is not available for the resource "${resource}"`,
				{ description: 'Choose "Wait for Result" as the operation.' },
			);
		}
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
