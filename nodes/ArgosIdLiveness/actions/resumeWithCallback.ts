import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { CHECK_NAMES } from '../../resultsAndCallbacks/checks';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { readCallback, refuse } from '../../resultsAndCallbacks/webhookRequests';
import { argosError } from './itemErrors';
import { buildOutputs, type ItemOutcome } from './outputItems';

/**
 * The waiting execution of "Submit and Wait for Result" is resumed by Argos' callback to its resume URL.
 * The node's output is then exactly what "Wait for Result" gives, routed the same way. A body that is not
 * a callback is refused with 400 and the execution keeps waiting.
 */
export async function resumeWithCallback(
	context: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	const checks = CHECK_NAMES.filter((name) => context.getNodeParameter(name, true) === true);
	const callback = readCallback(context, checks);
	if (!callback.ok)
		return refuse(context, 400, `Not an Argos ID Liveness callback: ${callback.problem}`);

	const options = context.getNodeParameter('options', {}) as IDataObject;
	const minimumScores = readMinimumScores(options, checks);
	const node = context.getNode();

	let outcome: ItemOutcome;
	if (callback.callback.kind === 'failure') {
		const { transactionId, failure } = callback.callback;
		outcome = {
			ok: false,
			problem: argosError(node, 0, { ...failure, transactionId, retryable: false }),
		};
	} else if (!minimumScores.ok) {
		outcome = {
			ok: false,
			problem: argosError(node, 0, { ...minimumScores.problem, retryable: false }),
		};
	} else {
		const output = buildResultOutput(callback.callback.result, minimumScores.minimumScores);
		outcome = { ok: true, json: output as IDataObject, verdict: output.verdict };
	}
	return { workflowData: buildOutputs(undefined, node.parameters, [outcome]) };
}
