import { parseFaults } from './faults';
import { parseResponseShapes } from './family/familyContract';
import { jsonAnswer, readBody, send, type HttpAnswer } from './httpIo';
import { parseLimits } from './vendorLimits';
import type { IncomingMessage, ServerResponse } from 'http';
import type { Emulator } from './types';

export const ADMIN_PREFIX = '/__emulator/';
const MAX_ADMIN_BODY_BYTES = 64 * 1024;

type AdminControls = Pick<
	Emulator,
	'requests' | 'callbacks' | 'injectFaults' | 'reset' | 'throttle' | 'setLimits' | 'limits'
>;

/** Lets an out-of-process client (a real n8n e2e run, a benchmark) inspect and steer the emulator. */
export async function handleAdmin(
	route: string,
	request: IncomingMessage,
	response: ServerResponse,
	controls: AdminControls & ShapeControls,
): Promise<void> {
	send(response, await adminAnswer(`${request.method} ${route}`, request, controls));
}

async function adminAnswer(
	route: string,
	request: IncomingMessage,
	controls: AdminControls & ShapeControls,
): Promise<HttpAnswer> {
	switch (route) {
		case `GET ${ADMIN_PREFIX}health`:
			return jsonAnswer(200, { status: 'ok' });
		case `GET ${ADMIN_PREFIX}requests`:
			return jsonAnswer(200, controls.requests);
		case `GET ${ADMIN_PREFIX}callbacks`:
			return jsonAnswer(200, controls.callbacks);
		case `POST ${ADMIN_PREFIX}reset`:
			controls.reset();
			return jsonAnswer(200, { reset: true });
		case `POST ${ADMIN_PREFIX}response-shapes`:
			return setResponseShapes(request, controls);
		case `POST ${ADMIN_PREFIX}faults`:
			return injectFaults(request, controls);
		case `POST ${ADMIN_PREFIX}throttle`:
			return throttle(request, controls);
		case `GET ${ADMIN_PREFIX}limits`:
			return jsonAnswer(200, controls.limits());
		case `POST ${ADMIN_PREFIX}limits`:
			return setLimits(request, controls);
		default:
			return jsonAnswer(404, { message: 'Not Found' });
	}
}

async function injectFaults(
	request: IncomingMessage,
	controls: AdminControls,
): Promise<HttpAnswer> {
	const { bytes, tooLarge } = await readBody(request, MAX_ADMIN_BODY_BYTES);
	try {
		if (tooLarge) throw new Error('too many faults');
		const faults = parseFaults(JSON.parse(bytes.toString('utf8')));
		controls.injectFaults(faults);
		return jsonAnswer(200, { queued: faults.length });
	} catch (error) {
		return jsonAnswer(400, { message: error instanceof Error ? error.message : String(error) });
	}
}

type ShapeControls = Pick<Emulator, 'setResponseShapes'>;

/** `{ "compare": "faceMatch" }` switches /compare to the legacy shape from the next request on. */
async function setResponseShapes(
	request: IncomingMessage,
	controls: ShapeControls,
): Promise<HttpAnswer> {
	const { bytes } = await readBody(request, MAX_ADMIN_BODY_BYTES);
	try {
		const shapes = parseResponseShapes(JSON.parse(bytes.toString('utf8')));
		controls.setResponseShapes(shapes);
		return jsonAnswer(200, shapes);
	} catch (error) {
		return jsonAnswer(400, { message: error instanceof Error ? error.message : String(error) });
	}
}

/** `{ "maxConcurrent": 3 }` sets the limit of requests in flight, `{ "maxConcurrent": null }` lifts it. */
async function throttle(request: IncomingMessage, controls: AdminControls): Promise<HttpAnswer> {
	const { bytes } = await readBody(request, MAX_ADMIN_BODY_BYTES);
	try {
		const { maxConcurrent } = JSON.parse(bytes.toString('utf8')) as { maxConcurrent?: unknown };
		if (maxConcurrent !== null && !(Number.isInteger(maxConcurrent) && Number(maxConcurrent) >= 0))
			throw new Error('maxConcurrent must be a whole number or null');
		controls.throttle(maxConcurrent === null ? undefined : Number(maxConcurrent));
		return jsonAnswer(200, { maxConcurrent });
	} catch (error) {
		return jsonAnswer(400, { message: error instanceof Error ? error.message : String(error) });
	}
}

/** Any of the limits (README "Limits"), and optionally a `schedule` of changes; answers the limits now in force. */
async function setLimits(request: IncomingMessage, controls: AdminControls): Promise<HttpAnswer> {
	const { bytes, tooLarge } = await readBody(request, MAX_ADMIN_BODY_BYTES);
	try {
		if (tooLarge) throw new Error('too many settings');
		controls.setLimits(parseLimits(JSON.parse(bytes.toString('utf8'))));
		return jsonAnswer(200, controls.limits());
	} catch (error) {
		return jsonAnswer(400, { message: error instanceof Error ? error.message : String(error) });
	}
}
