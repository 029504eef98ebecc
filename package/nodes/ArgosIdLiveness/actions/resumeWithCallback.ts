import type {
	IDataObject,
	IExecuteFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../../credentials/ArgosIdentityApi.credentials';
import {
	CALLBACK_API_NAME,
	callbackTransactionId,
	type CallbackApi,
} from '../../resultsAndCallbacks/callbackBody';
import {
	callbackSigningKey,
	type CallbackTerms,
	type FaceCompareTerms,
	type RecognitionTerms,
} from '../../resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES, type CheckName, type Scores } from '../../resultsAndCallbacks/checks';
import { buildFaceCompareOutput, isFraction } from '../../resultsAndCallbacks/faceResults';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import {
	buildRecognitionOutput,
	documentChecksOf,
} from '../../resultsAndCallbacks/recognitionResult';
import { buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { readCallback, refuseRequest } from '../../resultsAndCallbacks/webhookRequests';
import type { ArgosFailure } from '../../resultsAndCallbacks/argosErrors';
import type { Verdict } from '../../resultsAndCallbacks/scoring';
import { argosError } from './itemErrors';
import { buildOutputs, type ItemEcho, type ItemOutcome } from './outputItems';

/** The execution's custom data that binds a waiting execution to what it submitted. */
const BOUND = {
	transactionId: 'argosTransactionId',
	checks: 'argosChecks',
	minimumScores: 'argosMinimumScores',
	reference: 'argosReference',
	/** Face Compare only: what the callback is judged by. Absent: ID Liveness (as executions put to wait before). */
	faceCompareMinimumSimilarity: 'argosMinimumSimilarity',
	/** ID Recognition only: RecognitionTerms as JSON, the expected name as its digest, never in clear. */
	recognitionTerms: 'argosDocumentChecks',
} as const;

/**
 * Before the execution waits: the transaction Argos gave it, the checks it asked for and their minimum scores (for
 * Face Compare the minimum similarity, for ID Recognition the document checks instead), kept in the execution's
 * custom data (saved with the waiting execution), so only that transaction's callback can resume it, and the
 * callback is judged as the item was when it was prepared: the resume reads no parameter again.
 */
export function bindResume(
	context: IExecuteFunctions,
	submitted: {
		transactionId: string;
		checks: readonly CheckName[];
		minimumScores: Scores;
		reference?: string;
	} & CallbackTerms,
): void {
	context.customData.set(BOUND.transactionId, submitted.transactionId);
	if (submitted.faceCompare) {
		context.customData.set(
			BOUND.faceCompareMinimumSimilarity,
			String(submitted.faceCompare.minimumSimilarity),
		);
	} else if (submitted.recognition) {
		context.customData.set(BOUND.recognitionTerms, JSON.stringify(submitted.recognition));
	} else {
		context.customData.set(BOUND.checks, submitted.checks.join(','));
		context.customData.set(BOUND.minimumScores, JSON.stringify(submitted.minimumScores));
	}
	if (submitted.reference !== undefined)
		context.customData.set(BOUND.reference, submitted.reference);
}

/** The minimum similarity a waiting Face Compare was bound with; undefined for ID Liveness. */
function boundFaceCompare(context: IWebhookFunctions): FaceCompareTerms | undefined {
	const text = context.customData.get(BOUND.faceCompareMinimumSimilarity);
	return text === undefined ? undefined : { minimumSimilarity: Number(text) };
}

/**
 * The document checks a waiting ID Recognition was bound with: undefined for the other APIs, null when the custom
 * data was changed into something else (any node of the workflow can change it).
 */
function boundRecognition(context: IWebhookFunctions): RecognitionTerms | null | undefined {
	const text = context.customData.get(BOUND.recognitionTerms);
	if (text === undefined) return undefined;
	try {
		const { reviewExpired, minimumAge, nameDigest } = JSON.parse(text) as Partial<RecognitionTerms>;
		const isAge = typeof minimumAge === 'number' && Number.isInteger(minimumAge) && minimumAge >= 0;
		if (
			typeof reviewExpired === 'boolean' &&
			isAge &&
			['undefined', 'string'].includes(typeof nameDigest)
		)
			return { reviewExpired, minimumAge, ...(nameDigest !== undefined && { nameDigest }) };
	} catch {
		// not JSON: not what was bound
	}
	return null;
}

/** The key the expected name's digest was made with: the credential's, read only when there is a name to check. */
async function nameDigestKey(
	context: IWebhookFunctions,
	terms: RecognitionTerms,
): Promise<string | undefined> {
	if (terms.nameDigest === undefined) return undefined;
	return callbackSigningKey(
		await context.getCredentials<{ apiKey?: string; callbackSecret?: string }>(
			ARGOS_CREDENTIAL_TYPE,
		),
	);
}

/** The reference the waiting execution was given, echoed in its output. */
function boundReference(context: IWebhookFunctions): string | null {
	try {
		return context.customData.get(BOUND.reference) ?? null;
	} catch {
		return null;
	}
}

function boundChecks(text: string | undefined): CheckName[] | undefined {
	const checks = CHECK_NAMES.filter((name) => text?.split(',').includes(name));
	return checks.length ? checks : undefined;
}

/** The minimum scores bound at submission, when every bound check has one. */
function boundMinimumScores(
	text: string | undefined,
	checks: readonly CheckName[],
): Scores | undefined {
	try {
		const scores = JSON.parse(text ?? '') as Record<string, unknown>;
		const bound: Scores = {};
		for (const name of checks) {
			const score = scores[name];
			if (typeof score !== 'number') return undefined;
			bound[name] = score;
		}
		return bound;
	} catch {
		return undefined;
	}
}

/**
 * The waiting execution of "Submit and Wait for Result" is resumed by Argos' callback to its resume URL. The node's
 * output is then exactly what "Wait for Result" gives, routed the same way. A body that is not a callback (400) or
 * is the callback of another transaction (409) is refused and the execution keeps waiting. It never throws: n8n
 * would then resume the node with an empty item on its first output (Pass). Every failure after the resume is an
 * error item (Review, or the error output).
 */
export async function resumeWithCallback(
	context: IWebhookFunctions,
): Promise<IWebhookResponseData> {
	try {
		return await resumeWithResult(context);
	} catch (error) {
		return endWithFailure(context, {
			message: `The callback could not be applied: ${(error as Error).message}`,
			description:
				'The result did not reach the workflow. Look the transaction up in the Argos dashboard by its ID, or send the document again.',
			transactionId: boundTransactionId(context),
			retryable: false,
		});
	}
}

function boundTransactionId(context: IWebhookFunctions): string | undefined {
	try {
		return context.customData.get(BOUND.transactionId);
	} catch {
		return undefined;
	}
}

/** What the resumed item echoes: the reference bound at submission; its files stay reachable through pairedItem. */
function echoOf(context: IWebhookFunctions): ItemEcho {
	return { reference: boundReference(context), keepBinary: false };
}

function resumeWith(context: IWebhookFunctions, outcome: ItemOutcome): IWebhookResponseData {
	return { workflowData: buildOutputs(context.getNode(), [outcome]) };
}

function endWithFailure(context: IWebhookFunctions, failure: ArgosFailure): IWebhookResponseData {
	return resumeWith(context, {
		ok: false,
		problem: argosError(context.getNode(), 0, failure),
		echo: echoOf(context),
	});
}

async function resumeWithResult(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const faceCompare = boundFaceCompare(context);
	const recognition = boundRecognition(context);
	let api: CallbackApi = 'document';
	if (faceCompare) api = 'compare';
	else if (recognition !== undefined) api = 'recognition';
	const callback = readCallback(context, api);
	if (!callback.ok)
		return refuseRequest(
			context,
			400,
			`Not an ${CALLBACK_API_NAME[api]} callback: ${callback.problem}`,
		);
	// ID Recognition's callbacks name no transaction: the resume URL, which n8n signs for this execution alone, is
	// what ties one to its request. One that names a transaction must name this execution's.
	const named = callbackTransactionId(callback.callback);
	const expected = context.customData.get(BOUND.transactionId);
	const transactionId = named ?? expected;

	if (expected === undefined) {
		return endWithFailure(context, {
			message: 'This execution does not know which transaction it submitted',
			description: `It was put to wait without its transaction ID (by an older version of the node, or the execution already had 10 custom data keys), so the callback for ${transactionId} could not be verified. Look that transaction up in the Argos dashboard, or send the document again.`,
			transactionId,
			retryable: false,
		});
	}
	if (named !== undefined && named !== expected)
		return refuseRequest(
			context,
			409,
			'Callback refused: this execution waits for the result of another transaction',
		);

	const node = context.getNode();
	const echo = echoOf(context);
	const failed = (failure: Omit<ArgosFailure, 'transactionId' | 'retryable'>): ItemOutcome => ({
		ok: false,
		problem: argosError(node, 0, { ...failure, transactionId, retryable: false }),
		echo,
	});
	const judged = (output: { verdict: Verdict }): ItemOutcome => ({
		ok: true,
		json: output as IDataObject,
		verdict: output.verdict,
		echo,
	});
	let outcome: ItemOutcome;
	if (callback.callback.kind === 'failure') {
		outcome = failed(callback.callback.failure);
	} else if (callback.callback.kind === 'comparison') {
		const { minimumSimilarity } = faceCompare!;
		// Custom data any node of the workflow could have changed: a minimum that is not one must not make a match.
		outcome = isFraction(minimumSimilarity)
			? judged(
					buildFaceCompareOutput(
						callback.callback.result,
						minimumSimilarity,
						boundReference(context),
					),
				)
			: failed({
					message: 'The minimum similarity this execution waits with is not a number from 0 to 1',
					description: `Its custom data "${BOUND.faceCompareMinimumSimilarity}" was changed after the request was sent. Look the transaction up in the Argos dashboard, or send the faces again.`,
				});
	} else if (callback.callback.kind === 'recognition') {
		outcome = recognition
			? judged(
					buildRecognitionOutput(
						{ ...callback.callback.result, transactionId },
						documentChecksOf(recognition, await nameDigestKey(context, recognition)),
						boundReference(context),
						new Date(),
					),
				)
			: failed({
					message: 'The document checks this execution waits with were changed',
					description: `Its custom data "${BOUND.recognitionTerms}" was changed after the request was sent. Look the transaction up in the Argos dashboard, or send the document again.`,
				});
	} else {
		const minimumScores = judgedBy(context);
		outcome = minimumScores.ok
			? judged(
					buildResultOutput(
						callback.callback.result,
						minimumScores.minimumScores,
						boundReference(context),
					),
				)
			: failed(minimumScores.problem);
	}
	return resumeWith(context, outcome);
}

/**
 * The minimum scores the callback is judged by: as bound at submission; an execution put to wait by an older
 * version of the node has only its checks bound, or none, and reads them and the options from the node's parameters.
 */
function judgedBy(context: IWebhookFunctions): ReturnType<typeof readMinimumScores> {
	const checks =
		boundChecks(context.customData.get(BOUND.checks)) ??
		CHECK_NAMES.filter((name) => context.getNodeParameter(name, true) === true);
	const bound = boundMinimumScores(context.customData.get(BOUND.minimumScores), checks);
	if (bound) return { ok: true, minimumScores: bound };
	return readMinimumScores(context.getNodeParameter('options', {}) as IDataObject, checks);
}
