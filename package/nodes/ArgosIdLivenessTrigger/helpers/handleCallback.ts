import { randomUUID } from 'crypto';
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../../credentials/ArgosIdentityApi.credentials';
import {
	authorizeCallback,
	CALLBACK_QUERY,
	callbackSigningKey,
	triggerDestination,
	type CallbackAuthorization,
	type UnsignedPolicy,
} from '../../resultsAndCallbacks/callbackSignature';
import {
	CALLBACK_API_NAME,
	callbackTransactionId,
	type CallbackApi,
} from '../../resultsAndCallbacks/callbackBody';
import { CHECK_NAMES } from '../../resultsAndCallbacks/checks';
import { buildFaceCompareOutput } from '../../resultsAndCallbacks/faceResults';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import {
	buildRecognitionOutput,
	documentChecksOf,
} from '../../resultsAndCallbacks/recognitionResult';
import { whenAnswered, withRunNote } from '../../resultsAndCallbacks/n8nInternals';
import { buildFailureOutput, buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { readCallback, refuseRequest } from '../../resultsAndCallbacks/webhookRequests';
import { FAILED_ANALYSES } from '../description/parameters';
import { FAILED_ANALYSIS_OUTPUT, RESULT_OUTPUT } from '../description/outputs';
import {
	confirmSaved,
	judgeCallback,
	rememberUnconfirmed,
	triggerMemory,
	type AcceptedCallback,
	type CallbackJudgement,
	type CallbackMemory,
	type TriggerMemory,
} from './recentTransactions';
import type { RunNote } from './recordDelivery';
import { SigningKeys } from './signingKeys';

/** What a copy of a callback whose first run has not ended is told: come back in this many seconds. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 30;

/**
 * One callback from Argos: refused with 401 when its signature is missing (unless unsigned callbacks are accepted),
 * wrong or expired, with 400 when it is not the documented callback, with 409 when its signed link delivered (or is
 * delivering) another transaction, with 503 and Retry-After while the run a copy of it started is still going;
 * answered 200 without starting anything when it is a repeat of a delivered callback or a failure the user chose to
 * ignore; otherwise it starts the workflow, and n8n answers when that run has ended. It never throws: n8n would
 * start a failing run.
 */
export async function handleCallback(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	try {
		return await judgeAndStartRun(context);
	} catch (error) {
		context.logger.warn(
			`Argos ID Liveness Trigger could not handle a callback: ${(error as Error).message}`,
		);
		return refuseRequest(context, 500, 'The callback could not be handled; see the n8n log');
	}
}

/** The trigger's "unsigned callbacks" options; at least one check must be required. */
function readUnsignedPolicy(
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

const signingKeys = new SigningKeys();

/** A callback's authorization, and the signing key it was checked with, when read. */
interface Authorized {
	authorization: CallbackAuthorization;
	/** What an ID Recognition link's name digest is checked with (nameDigest.ts). */
	signingKey?: string;
}

/**
 * The link's signature checked first, before anything that costs: a link without one is judged without the
 * credential (unless it carries a name digest, which the key checks), and the credential's key is read once per
 * credential, not per callback (signingKeys.ts).
 */
async function authorize(context: IWebhookFunctions, policy: UnsignedPolicy): Promise<Authorized> {
	const query = context.getQueryData() as IDataObject;
	const now = Math.floor(Date.now() / 1000);
	const destination = triggerDestination(context.getNode());
	const read = async () =>
		callbackSigningKey(
			await context.getCredentials<{ apiKey?: string; callbackSecret?: string }>(
				ARGOS_CREDENTIAL_TYPE,
			),
		);
	const credentialId = context.getNode().credentials?.[ARGOS_CREDENTIAL_TYPE]?.id;
	const authorizeWith = (key: string | undefined): Authorized => ({
		authorization: authorizeCallback(query, key, now, policy, destination),
		signingKey: key,
	});
	if (query[CALLBACK_QUERY.signature] === undefined) {
		const unsigned = authorizeWith(undefined);
		const { authorization } = unsigned;
		if (!authorization.ok || authorization.recognition?.nameDigest === undefined) return unsigned;
		return {
			authorization,
			signingKey: credentialId ? await signingKeys.key(credentialId, read) : await read(),
		};
	}
	if (!credentialId) return authorizeWith(await read());
	const key = await signingKeys.key(credentialId, read);
	const signed = authorizeWith(key);
	if (signed.authorization.ok || signed.authorization.problem !== 'invalid signature')
		return signed;
	const fresh = await signingKeys.recheck(credentialId, key, read);
	return fresh === undefined ? signed : authorizeWith(fresh);
}

/** The API a link was made for, by the terms it names. */
function linkApi(authorization: CallbackAuthorization & { ok: true }): CallbackApi {
	if (authorization.faceCompare) return 'compare';
	return authorization.recognition ? 'recognition' : 'document';
}

/**
 * What the trigger's memory knows a delivery by: its transaction, or, for an ID Recognition callback (which names
 * none), the signed link it came by, made for one request. An unsigned one has nothing to be known by: always new.
 */
function deliveryId(transactionId: string | undefined, nonce: string | null): string {
	return transactionId ?? `link:${nonce ?? randomUUID()}`;
}

async function judgeAndStartRun(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const unsigned = readUnsignedPolicy(options);
	if (!unsigned.ok) return refuseRequest(context, 500, unsigned.problem);
	const { authorization, signingKey } = await authorize(context, unsigned.policy);
	if (!authorization.ok)
		return refuseRequest(context, 401, `Callback refused: ${authorization.problem}`);

	// From here on nothing awaits: a callback is judged and marked in flight in one synchronous step.
	// The link names the API it was made for, so the body of another API's callback is refused, never read as this one.
	const api = linkApi(authorization);
	const callback = readCallback(context, api);
	if (!callback.ok)
		return refuseRequest(
			context,
			400,
			`Not an ${CALLBACK_API_NAME[api]} callback: ${callback.problem}`,
		);

	const minimumScores = readMinimumScores(options, authorization.checks);
	if (!minimumScores.ok) return refuseRequest(context, 500, minimumScores.problem.message);

	const transactionId = callbackTransactionId(callback.callback);
	const accepted: AcceptedCallback = {
		transactionId: deliveryId(transactionId, authorization.nonce),
		nonce: authorization.nonce,
	};
	const production = context.getMode() !== 'manual';
	const memory = triggerMemory(context.getWorkflow().id, context.getNode().id);
	const judgement: CallbackJudgement = production ? judge(context, memory, accepted) : 'new';
	if (judgement === 'repeat') return { webhookResponse: { received: true, duplicate: true } };
	if (judgement === 'inFlight')
		return refuseRequest(
			context,
			503,
			'Callback not taken yet: the run its first delivery started has not ended; send it again later',
			{ 'Retry-After': String(IN_FLIGHT_RETRY_AFTER_SECONDS) },
		);
	if (judgement === 'linkUsed')
		return refuseRequest(
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
	} else if (callback.callback.kind === 'comparison') {
		item = {
			json: buildFaceCompareOutput(
				callback.callback.result,
				authorization.faceCompare!.minimumSimilarity,
				reference,
			) as IDataObject,
		};
	} else if (callback.callback.kind === 'recognition') {
		item = {
			json: buildRecognitionOutput(
				callback.callback.result,
				documentChecksOf(authorization.recognition!, signingKey),
				reference,
				new Date(),
			) as IDataObject,
		};
	} else {
		if (failedAnalyses === FAILED_ANALYSES.ignore) {
			// Nothing runs, so nothing can die: delivered now, saved by the next run (recordDelivery.ts).
			if (production) rememberUnconfirmed(memory, accepted);
			return { webhookResponse: { received: true, ignored: 'failed analysis' } };
		}
		const { engineVersion, failure } = callback.callback;
		item = {
			json: buildFailureOutput(
				{
					...failure,
					errorType: 'argosError',
					transactionId,
					engineVersion,
				},
				reference,
			),
		};
		if (failedAnalyses === FAILED_ANALYSES.separateOutput) output = FAILED_ANALYSIS_OUTPUT;
	}
	const workflowData: INodeExecutionData[][] =
		failedAnalyses === FAILED_ANALYSES.separateOutput ? [[], []] : [[]];
	workflowData[output].push(item);
	if (production) markInFlight(context, memory, accepted);
	const note: RunNote = {
		transactionId: accepted.transactionId,
		nonce: accepted.nonce,
		carried: [...memory.unconfirmed],
	};
	return { workflowData: withRunNote(workflowData, note as unknown as IDataObject) };
}

/**
 * Judges the callback against this process' memory and the workflow's static data as n8n just read it from the
 * database. Test events (the editor listening) are neither judged nor recorded: they must not make a later
 * production callback a repeat.
 */
function judge(
	context: IWebhookFunctions,
	memory: TriggerMemory,
	callback: AcceptedCallback,
): CallbackJudgement {
	// Read only: static data changed here would be saved when n8n answers (n8nInternals.ts).
	const saved = context.getWorkflowStaticData('node') as CallbackMemory;
	confirmSaved(memory, saved);
	return judgeCallback([memory.delivered, saved], memory.inFlight, callback);
}

/**
 * In flight until n8n answers, which it does when the run has ended (responseMode 'lastNode'). A success is
 * delivered; anything else is left to the saved static data, which has the callback only if its run ended.
 */
function markInFlight(
	context: IWebhookFunctions,
	memory: TriggerMemory,
	callback: AcceptedCallback,
): void {
	memory.inFlight.set(callback.transactionId, callback.nonce);
	whenAnswered(context, (statusCode) => {
		memory.inFlight.delete(callback.transactionId);
		if (statusCode >= 200 && statusCode < 300) rememberUnconfirmed(memory, callback);
	});
}
