import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../../credentials/ArgosIdentityApi.credentials';
import { authorizeCallback } from '../../resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES } from '../../resultsAndCallbacks/checks';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { buildFailureOutput, buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { readCallback, refuse } from '../../resultsAndCallbacks/webhookRequests';
import { FAILED_ANALYSES } from '../description/parameters';
import { FAILED_ANALYSIS_OUTPUT, RESULT_OUTPUT } from '../description/outputs';
import { recordTransaction } from './recentTransactions';

/**
 * One callback from Argos: refused with 401 when its signature is missing, wrong or expired (when the credential
 * has a callback secret), with 400 when it is not the documented callback; answered 200 without starting
 * anything when it is a repeat or a failure the user chose to ignore; otherwise it starts the workflow.
 */
export async function handleCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { callbackSecret } = await context.getCredentials<{ callbackSecret?: string }>(
		ARGOS_CREDENTIAL_TYPE,
	);
	const authorization = authorizeCallback(
		context.getQueryData() as IDataObject,
		callbackSecret || undefined,
		Math.floor(Date.now() / 1000),
	);
	if (!authorization.ok) return refuse(context, 401, `Callback refused: ${authorization.problem}`);

	const callback = readCallback(context, []);
	if (!callback.ok)
		return refuse(context, 400, `Not an Argos ID Liveness callback: ${callback.problem}`);

	const minimumScores = readMinimumScores(
		context.getNodeParameter('options', {}) as IDataObject,
		CHECK_NAMES,
	);
	if (!minimumScores.ok) return refuse(context, 500, minimumScores.problem.message);

	const transactionId =
		callback.callback.kind === 'result'
			? callback.callback.result.transactionId
			: callback.callback.transactionId;
	if (!recordTransaction(context.getWorkflowStaticData('node'), transactionId)) {
		return { webhookResponse: { received: true, duplicate: true } };
	}

	const { reference } = authorization;
	const failedAnalyses = context.getNodeParameter(
		'failedAnalyses',
		FAILED_ANALYSES.sameOutput,
	) as string;
	let item: INodeExecutionData;
	let output = RESULT_OUTPUT;
	if (callback.callback.kind === 'result') {
		item = {
			json: {
				...buildResultOutput(callback.callback.result, minimumScores.minimumScores),
				reference,
			} as IDataObject,
		};
	} else {
		if (failedAnalyses === FAILED_ANALYSES.ignore)
			return { webhookResponse: { received: true, ignored: 'failed analysis' } };
		const { engineVersion, failure } = callback.callback;
		item = { json: { ...buildFailureOutput(transactionId, engineVersion, failure), reference } };
		if (failedAnalyses === FAILED_ANALYSES.separateOutput) output = FAILED_ANALYSIS_OUTPUT;
	}
	const workflowData: INodeExecutionData[][] =
		failedAnalyses === FAILED_ANALYSES.separateOutput ? [[], []] : [[]];
	workflowData[output].push(item);
	return { workflowData };
}
