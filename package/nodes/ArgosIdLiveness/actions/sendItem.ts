import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildCallbackUrl } from '../../resultsAndCallbacks/callbackSignature';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import {
	buildFaceCompareOutput,
	buildFaceLivenessOutput,
	parseFaceCompareResult,
	parseFaceLivenessResult,
} from '../../resultsAndCallbacks/faceResults';
import { parseLivenessResult } from '../../resultsAndCallbacks/livenessResult';
import {
	buildRecognitionOutput,
	parseRecognitionResult,
} from '../../resultsAndCallbacks/recognitionResult';
import { RESOURCE } from '../description/parameters';
import { buildAcceptedOutput, buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { findTransactionId, argosText } from '../../resultsAndCallbacks/argosErrors';
import type { ArgosConnection } from '../transport/argosAccount';
import { buildDocumentRequestBody, serializeDocumentRequest } from '../transport/documentRequest';
import {
	API_OF,
	faceCompareRequest,
	faceLivenessRequest,
	idRecognitionRequest,
} from '../transport/familyRequests';
import { postDocument, type DocumentAnswer } from '../transport/postDocument';
import { argosError, inputError } from './itemErrors';
import type { ItemEcho, ItemOutcome } from './outputItems';
import type { ReadyItem } from './prepareItem';

/** How one item's request takes part in its run: asked when its turn comes, told its outcome while it holds its place. */
interface ItemTurn {
	stillWanted?: () => boolean;
	decided?: (outcome: ItemOutcome) => void;
}

/**
 * Step 2, send: one prepared item to Argos through the transport, and Argos' answer read into its outcome.
 * Undefined when the run no longer wanted it when its turn on the wire came.
 */
export async function sendItem(
	context: IExecuteFunctions,
	item: ReadyItem,
	echo: ItemEcho,
	connection: ArgosConnection,
	turn: ItemTurn = {},
): Promise<ItemOutcome | undefined> {
	const decided = (outcome: ItemOutcome) => {
		turn.decided?.(outcome);
		return outcome;
	};
	const node = context.getNode();
	return await postDocument(context, connection, {
		api: API_OF[item.resource],
		body: async () => {
			const bytes = await requestBytes(item, connection);
			if (bytes.ok) return bytes;
			// Only the image can fail here (the settings were checked before): a photo the node cannot use.
			const problem = inputError(node, item.itemIndex, bytes.problem, 'unusablePhoto');
			return { ok: false, outcome: decided({ ok: false, problem, echo }) };
		},
		read: (answer) => decided(readAnswer(context, item, echo, connection, answer)),
		stillWanted: turn.stillWanted,
	});
}

/**
 * The request body of one item as the bytes sent. Only these stay in memory while the item waits for the wire and
 * for its answer; the images and their base64 are left to the garbage collector when this returns.
 */
async function requestBytes(
	item: ReadyItem,
	connection: ArgosConnection,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; problem: InputProblem }> {
	const images: Buffer[] = [];
	for (const source of item.images) {
		const image = await source.take();
		if (!image.ok) return image;
		images.push(image.bytes);
	}
	if (item.resource === RESOURCE.faceLiveness)
		return { ok: true, bytes: faceLivenessRequest(images[0]) };
	const callbackUrl = requestCallbackUrl(item, connection);
	if (item.resource === RESOURCE.faceCompare)
		return { ok: true, bytes: faceCompareRequest(images[0], images[1], callbackUrl) };
	if (item.resource === RESOURCE.idRecognition)
		return {
			ok: true,
			bytes: idRecognitionRequest(item.document!, images[0], images[1], callbackUrl),
		};
	const body = buildDocumentRequestBody({
		image: images[0],
		checks: item.checks,
		useUpcomingVersion: item.options.useUpcomingVersion,
		callbackUrl,
	});
	return { ok: true, bytes: serializeDocumentRequest(body) };
}

/**
 * Where Argos is told to POST the result, if anywhere: the execution's resume URL as n8n gives it, or the Callback
 * URL with the item's signed link, which tells the trigger what the result is judged by (the checks, or the
 * item's callback terms: Face Compare's minimum similarity, ID Recognition's document checks).
 */
function requestCallbackUrl(item: ReadyItem, connection: ArgosConnection): string | undefined {
	if (item.callbackUrl === undefined) return item.resumeUrl;
	return buildCallbackUrl(item.callbackUrl, {
		reference: item.reference,
		secret: connection.callbackSecret,
		expiresAt: Math.floor(Date.now() / 1000) + item.options.callbackValidHours * 3600,
		checks: item.checks,
		...item.callbackTerms,
	});
}

function readAnswer(
	context: IExecuteFunctions,
	item: ReadyItem,
	echo: ItemEcho,
	connection: ArgosConnection,
	answer: DocumentAnswer,
): ItemOutcome {
	const node = context.getNode();
	const { itemIndex } = item;
	if (!answer.ok) return { ok: false, problem: argosError(node, itemIndex, answer.problem), echo };

	// The request may have been billed: its transaction ID, wherever the answer has one, lets it be looked up.
	const unexpected = (reason: string): ItemOutcome => ({
		ok: false,
		problem: argosError(node, itemIndex, {
			message: `Argos answered in an unexpected way: ${reason}`,
			description:
				'The API may have changed or a proxy altered the answer. Check the Base URL in the credential; if it is right, report this to the package maintainers.',
			httpCode: answer.status,
			transactionId: findTransactionId(answer.body),
			retryable: false,
		}),
		echo,
	});
	const copied = (text: unknown) =>
		typeof text === 'string' ? argosText(text, connection.secrets) : null;

	if (item.callbackUrl !== undefined || item.resumeUrl !== undefined) {
		const accepted = answer.body as IDataObject | undefined;
		if (typeof accepted?.transactionId !== 'string')
			return unexpected('the acceptance has no transactionId');
		return {
			ok: true,
			json: buildAcceptedOutput({
				reference: item.reference ?? null,
				transactionId: accepted.transactionId,
				engineVersion: copied(accepted.engineVersion),
				message: copied(accepted.message),
			}),
			echo,
		};
	}

	const reference = item.reference ?? null;
	if (item.resource === RESOURCE.faceLiveness) {
		const face = parseFaceLivenessResult(answer.body);
		if (!face.ok) return unexpected(face.problem);
		const output = buildFaceLivenessOutput(
			face.result,
			item.options.minimumFaceLiveness,
			reference,
		);
		return { ok: true, json: output as IDataObject, verdict: output.verdict, echo };
	}
	if (item.resource === RESOURCE.faceCompare) {
		const compared = parseFaceCompareResult(answer.body);
		if (!compared.ok) return unexpected(compared.problem);
		const output = buildFaceCompareOutput(compared.result, item.minimumSimilarity!, reference);
		return { ok: true, json: output as IDataObject, verdict: output.verdict, echo };
	}
	if (item.resource === RESOURCE.idRecognition) {
		const recognised = parseRecognitionResult(answer.body);
		if (!recognised.ok) return unexpected(recognised.problem);
		const output = buildRecognitionOutput(
			recognised.result,
			item.document!.checks,
			reference,
			new Date(),
		);
		return { ok: true, json: output as IDataObject, verdict: output.verdict, echo };
	}
	const parsed = parseLivenessResult(answer.body, item.checks);
	if (!parsed.ok) return unexpected(parsed.problem);
	const output = buildResultOutput(parsed.result, item.minimumScores, item.reference ?? null);
	return { ok: true, json: output as IDataObject, verdict: output.verdict, echo };
}
