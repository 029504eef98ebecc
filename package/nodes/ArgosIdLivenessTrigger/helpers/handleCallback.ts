import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../../credentials/ArgosIdentityApi.credentials';
import {
	authorizeCallback,
	callbackSigningKey,
	triggerDestination,
	type UnsignedPolicy,
} from '../../resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES } from '../../resultsAndCallbacks/checks';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { buildFailureOutput, buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { readCallback, refuse } from '../../resultsAndCallbacks/webhookRequests';
import { FAILED_ANALYSES } from '../description/parameters';
import { FAILED_ANALYSIS_OUTPUT, RESULT_OUTPUT } from '../description/outputs';
import {
	judgeCallback,
	mergeMemory,
	processMemory,
	rememberCallbacks,
	type AcceptedCallback,
	type CallbackJudgement,
	type CallbackMemory,
} from './recentTransactions';

/**
 * One callback from Argos: refused with 401 when its signature is missing (unless unsigned callbacks are accepted),
 * wrong or expired, with 400 when it is not the documented callback, with 409 when its signed link already
 * delivered another transaction; answered 200 without starting anything when it is a repeat or a failure the user
 * chose to ignore; otherwise it starts the workflow. It never throws: n8n would start a failing run.
 */
export async function handleCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		return await answerCallback(context);
	} catch (error) {
		context.logger.warn(
			`Argos ID Liveness Trigger could not handle a callback: ${(error as Error).message}`,
		);
		return refuse(context, 500, 'The callback could not be handled; see the n8n log');
	}
}

/** The trigger's "unsigned callbacks" options; at least one check must be required. */
export function readUnsignedPolicy(
	options: IDataObject,
): { ok: true; policy: UnsignedPolicy } | { ok: false; problem: string } {
	const chosen = options.unsignedRequiredChecks ?? CHECK_NAMES;
	const checks = CHECK_NAMES.filter((name) => Array.isArray(chosen) && chosen.includes(name));
	const accept = options.acceptUnsigned === true;
	if (accept && checks.length === 0)
		return {
			ok: false,
			problem:
				'"Checks for Unsigned" is empty: choose at least one check, or a callback would pass without scores',
		};
	return { ok: true, policy: { accept, checks } };
}

async function answerCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const credentials = await context.getCredentials<{ apiKey?: string; callbackSecret?: string }>(
		ARGOS_CREDENTIAL_TYPE,
	);
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const unsigned = readUnsignedPolicy(options);
	if (!unsigned.ok) return refuse(context, 500, unsigned.problem);
	const authorization = authorizeCallback(
		context.getQueryData() as IDataObject,
		callbackSigningKey(credentials),
		Math.floor(Date.now() / 1000),
		unsigned.policy,
		triggerDestination(context.getNode()),
	);
	if (!authorization.ok) return refuse(context, 401, `Callback refused: ${authorization.problem}`);

	const callback = readCallback(context);
	if (!callback.ok)
		return refuse(context, 400, `Not an Argos ID Liveness callback: ${callback.problem}`);

	const minimumScores = readMinimumScores(options, authorization.checks);
	if (!minimumScores.ok) return refuse(context, 500, minimumScores.problem.message);

	const transactionId =
		callback.callback.kind === 'result'
			? callback.callback.result.transactionId
			: callback.callback.transactionId;
	const judgement = judgeAndRemember(context, { transactionId, nonce: authorization.nonce });
	if (judgement === 'repeat') return { webhookResponse: { received: true, duplicate: true } };
	if (judgement === 'linkUsed')
		return refuse(
			context,
			409,
			'Callback refused: this signed link already delivered the result of another transaction',
		);

	const { reference } = authorization;
	const failedAnalyses = context.getNodeParameter(
		'failedAnalyses',
		FAILED_ANALYSES.sameOutput,
	) as string;
	let item: INodeExecutionData;
	let output = RESULT_OUTPUT;
	if (callback.callback.kind === 'result') {
		item = {
			json: buildResultOutput(
				callback.callback.result,
				minimumScores.minimumScores,
				reference,
			) as IDataObject,
		};
	} else {
		if (failedAnalyses === FAILED_ANALYSES.ignore)
			return { webhookResponse: { received: true, ignored: 'failed analysis' } };
		const { engineVersion, failure } = callback.callback;
		item = {
			json: buildFailureOutput(
				{ ...failure, errorType: 'argosError', transactionId, engineVersion },
				reference,
			),
		};
		if (failedAnalyses === FAILED_ANALYSES.separateOutput) output = FAILED_ANALYSIS_OUTPUT;
	}
	const workflowData: INodeExecutionData[][] =
		failedAnalyses === FAILED_ANALYSES.separateOutput ? [[], []] : [[]];
	workflowData[output].push(item);
	// With the legacy execution order (v0) n8n runs a start node's execute() only when its first input has items,
	// so an item on the second output alone would be dropped unrecorded; execute() removes this placeholder.
	if (workflowData[0].length === 0) workflowData[0].push({ json: { [PLACEHOLDER]: true } });
	return { workflowData };
}

const PLACEHOLDER = 'argosIdLivenessPlaceholder';

/**
 * Judges the callback against this process' memory and the workflow's static data, and remembers a new one, in one
 * synchronous step (no await), so simultaneous copies see each other. Test events (the editor listening) are
 * neither judged nor remembered: they must not make a later production callback a repeat.
 */
function judgeAndRemember(
	context: IWebhookFunctions,
	callback: AcceptedCallback,
): CallbackJudgement {
	if (context.getMode() === 'manual') return 'new';
	const inProcess = processMemory(context.getWorkflow().id, context.getNode().id);
	// Saved by n8n only when no run starts (a repeat, an ignored failure); a started run saves it in execute().
	const persisted = context.getWorkflowStaticData('node') as CallbackMemory;
	const judgement = judgeCallback([inProcess, persisted], callback);
	if (judgement === 'new') {
		rememberCallbacks(inProcess, [callback]);
		rememberCallbacks(persisted, [callback]);
	}
	return judgement;
}

/**
 * Runs inside the execution a callback started, with the items webhook() gave it, and passes them on unchanged.
 * It records the accepted callbacks in the workflow's static data, which n8n saves when this execution ends: this
 * process' memory (so overlapping runs do not overwrite each other's records) and the transactions of these items.
 */
export function persistAcceptedCallbacks(context: IExecuteFunctions): INodeExecutionData[][] {
	const outputs = (context.getExecuteData().data.main ?? []).map((items) =>
		(items ?? []).filter((item) => item.json[PLACEHOLDER] !== true),
	);
	const persisted = context.getWorkflowStaticData('node') as CallbackMemory;
	mergeMemory(persisted, processMemory(context.getWorkflow().id, context.getNode().id));
	const transactionIds = outputs
		.flat()
		.map((item) => item.json.transactionId)
		.filter((id): id is string => typeof id === 'string');
	rememberCallbacks(
		persisted,
		transactionIds.map((transactionId) => ({ transactionId, nonce: null })),
	);
	return outputs;
}
