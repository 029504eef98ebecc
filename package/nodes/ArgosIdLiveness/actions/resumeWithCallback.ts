import type {
	IDataObject,
	IExecuteFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { CHECK_NAMES, type CheckName, type Scores } from '../../resultsAndCallbacks/checks';
import { readMinimumScores } from '../../resultsAndCallbacks/minimumScores';
import { buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { readCallback, refuseRequest } from '../../resultsAndCallbacks/webhookRequests';
import type { ArgosFailure } from '../../resultsAndCallbacks/argosErrors';
import { argosError } from './itemErrors';
import { buildOutputs, type ItemEcho, type ItemOutcome } from './outputItems';

/** The execution's custom data that binds a waiting execution to what it submitted. */
const BOUND = {
	transactionId: 'argosTransactionId',
	checks: 'argosChecks',
	minimumScores: 'argosMinimumScores',
	reference: 'argosReference',
} as const;

/**
 * Before the execution waits: the transaction Argos gave it, the checks it asked for and their minimum scores, kept
 * in the execution's custom data (saved with the waiting execution), so only that transaction's callback can resume
 * it, and the callback is judged as the item was when it was prepared: the resume reads no parameter again.
 */
export function bindResume(
	context: IExecuteFunctions,
	submitted: {
		transactionId: string;
		checks: readonly CheckName[];
		minimumScores: Scores;
		reference?: string;
	},
): void {
	context.customData.set(BOUND.transactionId, submitted.transactionId);
	context.customData.set(BOUND.checks, submitted.checks.join(','));
	context.customData.set(BOUND.minimumScores, JSON.stringify(submitted.minimumScores));
	if (submitted.reference !== undefined)
		context.customData.set(BOUND.reference, submitted.reference);
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
	const callback = readCallback(context);
	if (!callback.ok)
		return refuseRequest(context, 400, `Not an Argos ID Liveness callback: ${callback.problem}`);
	const transactionId =
		callback.callback.kind === 'result'
			? callback.callback.result.transactionId
			: callback.callback.transactionId;

	const expected = context.customData.get(BOUND.transactionId);
	if (expected === undefined) {
		return endWithFailure(context, {
			message: 'This execution does not know which transaction it submitted',
			description: `It was put to wait without its transaction ID (by an older version of the node, or the execution already had 10 custom data keys), so the callback for ${transactionId} could not be verified. Look that transaction up in the Argos dashboard, or send the document again.`,
			transactionId,
			retryable: false,
		});
	}
	if (transactionId !== expected)
		return refuseRequest(
			context,
			409,
			'Callback refused: this execution waits for the result of another transaction',
		);

	const node = context.getNode();
	let outcome: ItemOutcome;
	if (callback.callback.kind === 'failure') {
		outcome = {
			ok: false,
			problem: argosError(node, 0, {
				...callback.callback.failure,
				transactionId,
				retryable: false,
			}),
			echo: echoOf(context),
		};
	} else {
		const minimumScores = judgedBy(context);
		if (!minimumScores.ok) {
			outcome = {
				ok: false,
				problem: argosError(node, 0, { ...minimumScores.problem, transactionId, retryable: false }),
				echo: echoOf(context),
			};
		} else {
			const output = buildResultOutput(
				callback.callback.result,
				minimumScores.minimumScores,
				boundReference(context),
			);
			outcome = {
				ok: true,
				json: output as IDataObject,
				verdict: output.verdict,
				echo: echoOf(context),
			};
		}
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
