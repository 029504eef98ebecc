import { sleep, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { ARGOS_CREDENTIAL_TYPE } from '../../../credentials/ArgosIdentityApi.credentials';
import { buildCallbackUrl, callbackSigningKey } from '../../resultsAndCallbacks/callbackSignature';
import type { InputProblem } from '../../resultsAndCallbacks/inputProblem';
import { parseLivenessResult } from '../../resultsAndCallbacks/livenessResult';
import { buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import { transactionIdOf, vendorText } from '../../resultsAndCallbacks/vendorErrors';
import type { ItemOptions } from '../description/parameters';
import { buildDocumentRequestBody, serializeDocumentRequest } from '../transport/documentRequest';
import { documentUrl, postDocument, type TransportOptions } from '../transport/postDocument';
import { governorFor, type Permit, type SlotHolder } from '../transport/requestGovernor';
import { argosError, inputError } from './itemErrors';
import type { ItemOutcome } from './outputItems';
import { readImage, type ReadyItem } from './prepareItem';

/** What every item of one run shares: how to reach Argos and the key callback URLs are signed with. */
export interface RunContext {
	transport: TransportOptions;
	callbackSecret?: string;
}

/**
 * Settings that hold for the whole run: the credential's base URL and callback signing key, the account's request
 * governor, and the timeout and retries of `options` (checked options of one item: the first that could be prepared).
 */
export async function readRunContext(
	context: IExecuteFunctions,
	options: ItemOptions,
): Promise<RunContext> {
	const credentials = await context.getCredentials<{
		apiKey?: string;
		baseUrl?: string;
		callbackSecret?: string;
	}>(ARGOS_CREDENTIAL_TYPE);
	const { apiKey, baseUrl, callbackSecret } = credentials;
	const { id, name } = context.getNode().credentials?.[ARGOS_CREDENTIAL_TYPE] ?? {
		id: null,
		name: '',
	};
	return {
		callbackSecret: callbackSigningKey(credentials),
		transport: {
			baseUrl,
			credential: { id: id ?? '', name, type: ARGOS_CREDENTIAL_TYPE, data: credentials },
			timeoutMs: options.timeoutSeconds * 1000,
			retry: {
				maxRetries: options.maxRetries,
				baseDelayMs: 1000,
				maxDelayMs: options.maxRetryWaitSeconds * 1000,
			},
			secrets: [apiKey, callbackSecret].filter((secret): secret is string => !!secret),
			governor: governorFor(documentUrl(baseUrl), String(apiKey ?? ''), { now: Date.now, sleep }),
			maxConcurrent: options.concurrency,
			maxRateLimitWaitMs: options.maxRateLimitWaitSeconds * 1000,
		},
	};
}

/** Sends one prepared item to Argos and turns the answer into its output JSON. */
export async function sendItem(
	context: IExecuteFunctions,
	itemIndex: number,
	item: ReadyItem,
	run: RunContext,
): Promise<ItemOutcome> {
	return await sendWithPermit(context, itemIndex, item, run, await acquireSlot(run));
}

/** Waits for the account's governor to allow one more request in flight. */
export async function acquireSlot(run: RunContext): Promise<Permit> {
	return await run.transport.governor.acquire(run.transport.maxConcurrent);
}

/**
 * Sends one prepared item in the slot `permit`. Its body is built only now, from the image kept from the
 * pre-flight or read again, so memory holds the bodies in flight, not the batch's. `settle` sees the outcome while
 * the item still holds its slot; `stillWanted` is asked when the request's turn on the wire comes.
 */
export async function sendWithPermit(
	context: IExecuteFunctions,
	itemIndex: number,
	item: ReadyItem,
	run: RunContext,
	permit: Permit,
	settle: (outcome: ItemOutcome) => void = () => undefined,
	stillWanted?: () => boolean,
): Promise<ItemOutcome> {
	const slot: SlotHolder = { permit, stillWanted };
	try {
		const outcome = await sendInSlot(context, itemIndex, item, run, slot);
		settle(outcome);
		return outcome;
	} finally {
		// Only now: the next item's request goes out when this one's outcome is known (and may stop the run).
		if (slot.result) slot.permit.report(slot.result);
		slot.permit.release();
	}
}

/**
 * The request body of one item as the bytes sent. Only these stay in memory while the item waits for the wire and
 * for its answer; the image and its base64 are left to the garbage collector when this returns.
 */
async function documentRequestBytes(
	context: IExecuteFunctions,
	itemIndex: number,
	item: ReadyItem,
	run: RunContext,
): Promise<{ ok: true; bytes: Buffer } | { ok: false; problem: InputProblem }> {
	const { settings } = item;
	const image = item.image
		? { ok: true as const, bytes: item.image }
		: await readImage(context, itemIndex);
	// From here the body holds the image: the run's list of items no longer needs to.
	item.image = undefined;
	if (!image.ok) return image;
	const body = buildDocumentRequestBody({
		image: image.bytes,
		checks: settings.checks,
		useUpcomingVersion: settings.options.useUpcomingVersion,
		callbackUrl:
			settings.callbackUrl === undefined
				? undefined
				: buildCallbackUrl(settings.callbackUrl, {
						reference: settings.reference,
						secret: run.callbackSecret,
						expiresAt: Math.floor(Date.now() / 1000) + settings.options.callbackValidHours * 3600,
						checks: settings.checks,
					}),
	});
	return { ok: true, bytes: serializeDocumentRequest(body) };
}

async function sendInSlot(
	context: IExecuteFunctions,
	itemIndex: number,
	item: ReadyItem,
	run: RunContext,
	slot: SlotHolder,
): Promise<ItemOutcome> {
	const node = context.getNode();
	const { settings } = item;
	const request = await documentRequestBytes(context, itemIndex, item, run);
	// Only the image can fail here (the settings were checked before): a photo the node cannot use.
	if (!request.ok)
		return { ok: false, problem: inputError(node, itemIndex, request.problem, 'unusablePhoto') };
	const answer = await postDocument(context, request.bytes, run.transport, slot);
	if (!answer.ok) return { ok: false, problem: argosError(node, itemIndex, answer.problem) };

	// The check may have been billed: its transaction ID, when the answer has one, lets it be looked up.
	const unexpected = (reason: string) =>
		argosError(node, itemIndex, {
			message: `Argos answered in an unexpected way: ${reason}`,
			description:
				'The API may have changed or a proxy altered the answer. Check the Base URL in the credential; if it is right, report this to the package maintainers.',
			httpCode: answer.status,
			transactionId: transactionIdOf(answer.body),
			retryable: false,
		});
	const copied = (text: unknown) =>
		typeof text === 'string' ? vendorText(text, run.transport.secrets) : null;

	if (settings.callbackUrl !== undefined) {
		const accepted = answer.body as IDataObject | undefined;
		if (typeof accepted?.transactionId !== 'string')
			return { ok: false, problem: unexpected('the acceptance has no transactionId') };
		return {
			ok: true,
			json: {
				status: 'accepted',
				summary: 'Sent to Argos; the result will be posted to the callback URL',
				reference: settings.reference ?? null,
				transactionId: accepted.transactionId,
				engineVersion: copied(accepted.engineVersion),
				message: copied(accepted.message),
			},
		};
	}

	const parsed = parseLivenessResult(answer.body, settings.checks);
	if (!parsed.ok) return { ok: false, problem: unexpected(parsed.problem) };
	const output = buildResultOutput(
		parsed.result,
		settings.minimumScores,
		settings.reference ?? null,
	);
	return { ok: true, json: output as IDataObject, verdict: output.verdict };
}
