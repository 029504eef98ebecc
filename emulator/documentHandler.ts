import { parseDocumentBody, type DocumentBody } from './documentRequest';
import { gatewayAnswer, malformedAnswer, withoutResult } from './faults';
import { delay, readBody, send, type HttpAnswer } from './httpIo';
import { recordedBody } from './recording';
import { vendorAnswer, type VendorOutcome } from './vendorContract';
import type { IncomingMessage, ServerResponse } from 'http';
import type { CallbackCourier } from './callbackCourier';
import type { Fault, RecordedRequest } from './types';
import type { VendorLimiter, VendorLimits } from './vendorLimits';

export interface DocumentHandlerSettings {
	apiKey: string;
	latencyMs: number;
	limiter: VendorLimiter;
	maxBodyBytes: number;
	log: (line: string) => void;
}

export interface DocumentHandlerState {
	requests: RecordedRequest[];
	/** Consumed one per admitted request, in order. */
	faults: Fault[];
	courier: CallbackCourier;
}

type Plan = { drop: true } | { answer: HttpAnswer; delayMs: number; outcome?: VendorOutcome };

/** One API behind the vendor's gateway: how its body is read, recorded without personal data, and answered. */
export interface VendorApi<Body> {
	parse(bytes: Buffer): Body;
	record(size: number, body: Body | undefined): RecordedRequest['body'];
	answer(body: Body, authorized: boolean): VendorOutcome;
}

export const documentApi: VendorApi<DocumentBody> = {
	parse: parseDocumentBody,
	record: recordedBody,
	answer: vendorAnswer,
};

/**
 * POST /document (or another API of the account, given as `api`) as seen through the vendor's gateway: its limits
 * and injected faults first, then the vendor. One handler serves every API, so they share one account's limit.
 */
export function createDocumentHandler(
	settings: DocumentHandlerSettings,
	state: DocumentHandlerState,
) {
	return async function handleDocument(
		request: IncomingMessage,
		response: ServerResponse,
		api: VendorApi<any> = documentApi,
	): Promise<void> {
		const startedAt = Date.now();
		const admission = settings.limiter.admit();
		if (admission.admitted) response.once('close', admission.done);

		const received = await readBody(request, settings.maxBodyBytes);
		const body = received.tooLarge ? undefined : api.parse(received.bytes);
		const recorded: RecordedRequest = {
			receivedAt: new Date(startedAt).toISOString(),
			method: request.method ?? '',
			path: request.url ?? '',
			headers: request.headers,
			body: api.record(received.size, body),
			status: null,
		};
		if (!admission.admitted) recorded.refusedBy = admission.refusedBy;
		state.requests.push(recorded);

		const plan = planAnswer({
			refusal: admission.admitted ? undefined : admission.limits,
			fault: admission.admitted ? state.faults.shift() : undefined,
			body,
			authorized: request.headers['x-api-key'] === settings.apiKey,
			latencyMs: settings.latencyMs,
			api,
		});
		if ('drop' in plan) {
			settings.log(`${recorded.method} ${recorded.path} → dropped (fault)`);
			request.socket.destroy();
			return;
		}
		const { answer, outcome } = plan;
		recorded.transactionId = outcome?.transactionId;
		await delay(plan.delayMs);
		// The client may have given up, or the emulator closed, while the answer was delayed.
		if (response.destroyed) return;
		send(response, answer);
		recorded.status = answer.status;
		recorded.answeredAt = new Date().toISOString();
		settings.log(
			`${recorded.method} ${recorded.path} → ${answer.status} ${outcome?.transactionId ?? ''} (${Date.now() - startedAt} ms)`,
		);
		if (outcome?.callback)
			state.courier.schedule(outcome.callback.url, outcome.callback.body, outcome.transactionId);
	};
}

interface Circumstances {
	/** The limits in force when the request was refused by them; undefined when it was admitted. */
	refusal: VendorLimits | undefined;
	fault: Fault | undefined;
	/** Undefined when the body was too large to read. */
	body: unknown;
	authorized: boolean;
	latencyMs: number;
	api: VendorApi<any>;
}

function planAnswer({ refusal, fault, body, authorized, latencyMs, api }: Circumstances): Plan {
	if (refusal) {
		const { refusalStatus, retryAfterSeconds, refusalTiming } = refusal;
		return {
			answer: gatewayAnswer(
				refusalStatus,
				retryAfterSeconds === null ? undefined : String(retryAfterSeconds),
			),
			delayMs: refusalTiming === 'immediate' ? 0 : latencyMs,
		};
	}
	if (fault?.type === 'drop') return { drop: true };
	if (fault?.type === 'status')
		return { answer: gatewayAnswer(fault.status, fault.retryAfter), delayMs: latencyMs };
	if (body === undefined) return { answer: gatewayAnswer(413), delayMs: latencyMs };
	const outcome = api.answer(body, authorized);
	if (fault?.type === 'malformed') {
		const answer = malformedAnswer(outcome.answer, fault.shape, outcome.transactionId);
		return { answer, delayMs: latencyMs, outcome };
	}
	const answer = fault?.type === 'noResult' ? withoutResult(outcome.answer) : outcome.answer;
	return { answer, delayMs: latencyMs + (fault?.type === 'slow' ? fault.ms : 0), outcome };
}
