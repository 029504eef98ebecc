import { jsonAnswer, type HttpAnswer } from './httpIo';
import type { Fault, MalformedShape } from './types';

// The vendor's gateway answers with these bodies, not with the vendor's own error envelope.
const GATEWAY_MESSAGES: Record<number, string> = {
	403: 'Forbidden',
	413: 'Request Too Long',
	429: 'Too Many Requests',
	500: 'Internal server error',
	502: 'Internal server error',
	503: 'Internal server error',
};
const FAULT_STATUSES = [429, 500, 502, 503, 403, 413];
const MALFORMED_SHAPES: MalformedShape[] = ['cut', 'nested', 'page'];

export function gatewayAnswer(status: number, retryAfter?: string): HttpAnswer {
	return jsonAnswer(
		status,
		{ message: GATEWAY_MESSAGES[status] },
		retryAfter === undefined ? {} : { 'retry-after': retryAfter },
	);
}

/**
 * The vendor's answer (processed, so billed, with its transactionId) reaching the client as a 200 that is not the
 * documented JSON, as a proxy could leave it: `cut` off mid-body (after the transactionId, before the end), `nested`
 * as JSON of another shape, or inside a `page` of HTML.
 */
export function malformedAnswer(
	answer: HttpAnswer,
	shape: MalformedShape = 'cut',
	transactionId?: string,
): HttpAnswer {
	if (shape === 'nested')
		return { ...answer, status: 200, body: `{"data":${answer.body},"status":"ok"}` };
	if (shape === 'page') {
		return {
			status: 200,
			headers: { 'content-type': 'text/html' },
			body: `<html><body><h1>Upstream answer</h1><pre>${answer.body}</pre></body></html>`,
		};
	}
	const idEnd =
		transactionId === undefined ? -1 : answer.body.indexOf(transactionId) + transactionId.length;
	const cut = idEnd > 0 ? idEnd + 5 : Math.floor(answer.body.length / 2);
	return {
		...answer,
		status: 200,
		body: answer.body.slice(0, Math.min(cut, answer.body.length - 1)),
	};
}

/** The vendor's answer with its `result` taken out: a 200 that was processed (and billed) but holds no scores. */
export function withoutResult(answer: HttpAnswer): HttpAnswer {
	if (answer.status !== 200) return answer;
	const body = JSON.parse(answer.body) as Record<string, unknown>;
	delete body.result;
	return { ...answer, body: JSON.stringify(body) };
}

/** For faults that arrive as JSON over the admin API; throws with the reason a fault is not understood. */
export function parseFaults(value: unknown): Fault[] {
	if (!Array.isArray(value)) throw new Error('expected a JSON array of faults');
	return value.map((fault: unknown, index) => {
		if (isFault(fault)) return fault;
		throw new Error(
			`fault ${index} is not one of status, drop, slow, malformed, noResult: ${JSON.stringify(fault)}`,
		);
	});
}

function isFault(value: unknown): value is Fault {
	if (typeof value !== 'object' || value === null) return false;
	const fault = value as Record<string, unknown>;
	switch (fault.type) {
		case 'status':
			return (
				FAULT_STATUSES.includes(fault.status as number) &&
				(fault.retryAfter === undefined || typeof fault.retryAfter === 'string')
			);
		case 'slow':
			return typeof fault.ms === 'number' && fault.ms >= 0;
		case 'drop':
		case 'malformed':
			return fault.shape === undefined || MALFORMED_SHAPES.includes(fault.shape as MalformedShape);
		case 'noResult':
			return true;
		default:
			return false;
	}
}
