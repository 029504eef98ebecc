import { parseDocumentBody, type DocumentBody } from './documentRequest';
import { gatewayAnswer, malformedAnswer, withoutResult } from './faults';
import { delay, readBody, send, type HttpAnswer } from './httpIo';
import { recordedBody } from './recording';
import { vendorAnswer, type VendorOutcome } from './vendorContract';
import type { IncomingMessage, ServerResponse } from 'http';
import type { CallbackCourier } from './callbackCourier';
import type { Fault, RecordedRequest } from './types';

export interface DocumentHandlerSettings {
	apiKey: string;
	latencyMs: number;
	maxConcurrent: number;
	retryAfterSeconds: number;
	maxBodyBytes: number;
	log: (line: string) => void;
}

export interface DocumentHandlerState {
	requests: RecordedRequest[];
	/** Consumed one per admitted request, in order. */
	faults: Fault[];
	courier: CallbackCourier;
}

type Plan = { drop: true } | { answer: HttpAnswer; extraDelayMs: number; outcome?: VendorOutcome };

/** POST /document as seen through the vendor's gateway: throttling and injected faults first, then the vendor. */
export function createDocumentHandler(
	settings: DocumentHandlerSettings,
	state: DocumentHandlerState,
) {
	let inFlight = 0;

	return async function handleDocument(
		request: IncomingMessage,
		response: ServerResponse,
	): Promise<void> {
		const startedAt = Date.now();
		const admitted = inFlight < settings.maxConcurrent;
		if (admitted) {
			inFlight++;
			response.once('close', () => inFlight--);
		}

		const received = await readBody(request, settings.maxBodyBytes);
		const body = received.tooLarge ? undefined : parseDocumentBody(received.bytes);
		const recorded: RecordedRequest = {
			receivedAt: new Date(startedAt).toISOString(),
			method: request.method ?? '',
			path: request.url ?? '',
			headers: request.headers,
			body: recordedBody(received.size, body),
			status: null,
		};
		state.requests.push(recorded);

		const plan = planAnswer({
			admitted,
			fault: admitted ? state.faults.shift() : undefined,
			body,
			authorized: request.headers['x-api-key'] === settings.apiKey,
			retryAfterSeconds: settings.retryAfterSeconds,
		});
		if ('drop' in plan) {
			settings.log(`${recorded.method} ${recorded.path} → dropped (fault)`);
			request.socket.destroy();
			return;
		}
		const { answer, outcome } = plan;
		recorded.transactionId = outcome?.transactionId;
		await delay(settings.latencyMs + plan.extraDelayMs);
		// The client may have given up, or the emulator closed, while the answer was delayed.
		if (response.destroyed) return;
		send(response, answer);
		recorded.status = answer.status;
		settings.log(
			`${recorded.method} ${recorded.path} → ${answer.status} ${outcome?.transactionId ?? ''} (${Date.now() - startedAt} ms)`,
		);
		if (outcome?.callback) state.courier.schedule(outcome.callback.url, outcome.callback.body);
	};
}

interface Circumstances {
	/** False when maxConcurrent requests were already in flight. */
	admitted: boolean;
	fault: Fault | undefined;
	/** Undefined when the body was too large to read. */
	body: DocumentBody | undefined;
	authorized: boolean;
	retryAfterSeconds: number;
}

function planAnswer({ admitted, fault, body, authorized, retryAfterSeconds }: Circumstances): Plan {
	if (!admitted) return { answer: gatewayAnswer(429, String(retryAfterSeconds)), extraDelayMs: 0 };
	if (fault?.type === 'drop') return { drop: true };
	if (fault?.type === 'status')
		return { answer: gatewayAnswer(fault.status, fault.retryAfter), extraDelayMs: 0 };
	if (body === undefined) return { answer: gatewayAnswer(413), extraDelayMs: 0 };
	const outcome = vendorAnswer(body, authorized);
	if (fault?.type === 'malformed') {
		const answer = malformedAnswer(outcome.answer, fault.shape, outcome.transactionId);
		return { answer, extraDelayMs: 0, outcome };
	}
	const answer = fault?.type === 'noResult' ? withoutResult(outcome.answer) : outcome.answer;
	return { answer, extraDelayMs: fault?.type === 'slow' ? fault.ms : 0, outcome };
}
