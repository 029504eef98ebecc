import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildCallbackUrl } from '../../resultsAndCallbacks/callbackSignature';
import { buildDocumentRequestBody } from '../transport/documentRequest';
import { parseLivenessResult } from '../../resultsAndCallbacks/livenessResult';
import { buildResultOutput } from '../../resultsAndCallbacks/resultOutput';
import type { Verdict } from '../../resultsAndCallbacks/scoring';
import { postDocument, type TransportOptions } from '../transport/postDocument';
import { argosError, inputError, type ItemError } from './itemErrors';
import type { ItemSettings } from './itemSettings';
import { readImage } from './readImage';

/** What every item of one run shares: how to reach Argos and how to sign callback URLs. */
export interface RunContext {
	transport: TransportOptions;
	callbackSecret?: string;
}

export type CheckOutcome =
	{ ok: true; json: IDataObject; verdict?: Verdict } | { ok: false; error: ItemError };

/** Sends one prepared item to Argos and turns the answer into its output JSON. */
export async function checkDocument(
	context: IExecuteFunctions,
	itemIndex: number,
	settings: ItemSettings,
	run: RunContext,
): Promise<CheckOutcome> {
	const node = context.getNode();
	const image = await readImage(context, itemIndex);
	if (!image.ok) return { ok: false, error: inputError(node, itemIndex, image.problem) };

	const body = buildDocumentRequestBody({
		image: image.bytes,
		checks: settings.checks,
		useUpcomingVersion: settings.useUpcomingVersion,
		callbackUrl:
			settings.callbackUrl === undefined
				? undefined
				: buildCallbackUrl(settings.callbackUrl, {
						reference: settings.reference,
						secret: run.callbackSecret,
						expiresAt: Math.floor(Date.now() / 1000) + settings.callbackValidHours * 3600,
					}),
	});
	const answer = await postDocument(context, body, run.transport);
	if (!answer.ok) return { ok: false, error: argosError(node, itemIndex, answer.failure) };

	const unexpected = (reason: string) =>
		argosError(node, itemIndex, {
			message: `Argos answered in an unexpected way: ${reason}`,
			description:
				'The API may have changed or a proxy altered the answer. Check the Base URL in the credential; if it is right, report this to the package maintainers.',
			httpCode: answer.status,
			retryable: false,
		});

	if (settings.callbackUrl !== undefined) {
		const accepted = answer.body as IDataObject | undefined;
		if (typeof accepted?.transactionId !== 'string')
			return { ok: false, error: unexpected('the acceptance has no transactionId') };
		return {
			ok: true,
			json: {
				status: 'accepted',
				transactionId: accepted.transactionId,
				engineVersion: accepted.engineVersion ?? null,
				reference: settings.reference || null,
				message: accepted.message ?? null,
			},
		};
	}

	const parsed = parseLivenessResult(answer.body, settings.checks);
	if (!parsed.ok) return { ok: false, error: unexpected(parsed.reason) };
	const output = buildResultOutput(parsed.result, settings.minimumScores);
	return { ok: true, json: output as IDataObject, verdict: output.verdict };
}
