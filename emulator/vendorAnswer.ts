import { analyzeImage } from './analysis';
import { jsonAnswer, type HttpAnswer } from './httpIo';
import { validateDocumentRequest } from './requestValidation';
import {
	acceptedBody,
	badRequestBody,
	callbackFailureBody,
	callbackSuccessBody,
	engineVersion,
	newTransactionId,
	resultBody,
	syncSuccessBody,
	unauthorizedBody,
} from './vendorContract';
import type { DocumentBody } from './documentBody';
import type { CallbackBody } from './types';

export interface VendorOutcome {
	transactionId: string;
	answer: HttpAnswer;
	/** Present when the request was accepted asynchronously. */
	callback?: { url: string; body: CallbackBody };
}

/** What the vendor itself (behind its gateway) answers to POST /document. */
export function vendorAnswer(body: DocumentBody, authorized: boolean): VendorOutcome {
	const transactionId = newTransactionId();
	if (!authorized)
		return { transactionId, answer: jsonAnswer(401, unauthorizedBody(transactionId)) };

	const version = engineVersion(body.json?.useUpcomingVersion === true);
	const validation = validateDocumentRequest(body);
	if ('errorCode' in validation) {
		return {
			transactionId,
			answer: jsonAnswer(400, badRequestBody(transactionId, version, validation.errorCode)),
		};
	}

	const { image, pipelines, callbackUrl } = validation.request;
	const analysis = analyzeImage(image.bytes, image.format);
	if (callbackUrl === undefined) {
		const answer =
			'errorCode' in analysis
				? jsonAnswer(400, badRequestBody(transactionId, version, analysis.errorCode))
				: jsonAnswer(
						200,
						syncSuccessBody(transactionId, version, resultBody(analysis.scores, pipelines)),
					);
		return { transactionId, answer };
	}
	const callbackBody =
		'errorCode' in analysis
			? callbackFailureBody(transactionId, analysis.errorCode)
			: callbackSuccessBody(transactionId, version, resultBody(analysis.scores, pipelines));
	return {
		transactionId,
		answer: jsonAnswer(201, acceptedBody(transactionId, version)),
		callback: { url: callbackUrl, body: callbackBody },
	};
}
