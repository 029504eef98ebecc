import http from 'http';
import { ADMIN_PREFIX, handleAdmin } from './adminApi';
import { CallbackCourier } from './callbackCourier';
import { createFamilyRoutes } from './family/familyApis';
import { DEFAULT_RESPONSE_SHAPES } from './family/familyContract';
import { createDocumentHandler } from './documentHandler';
import { jsonAnswer, send } from './httpIo';
import { pickLimits, VendorLimiter } from './vendorLimits';
import type { AddressInfo } from 'net';
import type { Emulator, EmulatorOptions, Fault, RecordedRequest } from './types';

// The vendor's base URL ends in /modules; accepting both lets a client use either form.
const DOCUMENT_PATHS = ['/document', '/modules/document'];

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const host = options.host ?? '127.0.0.1';
	const log = options.log ?? (() => undefined);
	const requests: RecordedRequest[] = [];
	const faults: Fault[] = [];
	const courier = new CallbackCourier(
		options.callbackDelayMs ?? 200,
		options.duplicateCallbacks ?? 1,
		log,
	);
	const { limitSchedule: schedule, ...given } = options;
	// Asked on every request, so a change of limits holds from the next one.
	const limiter = new VendorLimiter({ ...pickLimits(given), schedule }, Date.now);
	const settings = {
		apiKey: options.apiKey ?? 'emulator-key',
		latencyMs: options.latencyMs ?? 0,
		limiter,
		maxBodyBytes: options.maxBodyBytes ?? 15 * 1024 * 1024,
		log,
	};
	const handleDocument = createDocumentHandler(settings, { requests, faults, courier });
	const responseShapes = { ...DEFAULT_RESPONSE_SHAPES, ...options.responseShapes };
	const familyRoutes = createFamilyRoutes(() => responseShapes);

	const controls = {
		requests,
		callbacks: courier.deliveries,
		injectFaults: (more: Fault[]) => void faults.push(...more),
		throttle: (cap: number | undefined) => limiter.set({ maxConcurrent: cap ?? null }),
		setLimits: (limits: Parameters<Emulator['setLimits']>[0]) => limiter.set(limits),
		limits: () => limiter.current(),
		reset: () => {
			requests.length = 0;
			faults.length = 0;
			courier.clear();
		},
		setResponseShapes: (shapes: Partial<typeof responseShapes>) =>
			void Object.assign(responseShapes, shapes),
	};

	async function dispatch(
		route: string,
		request: http.IncomingMessage,
		response: http.ServerResponse,
	): Promise<void> {
		if (request.method === 'POST' && DOCUMENT_PATHS.includes(route))
			return handleDocument(request, response);
		const familyApi = request.method === 'POST' ? familyRoutes.get(route) : undefined;
		if (familyApi) return handleDocument(request, response, familyApi);
		if (route.startsWith(ADMIN_PREFIX)) return handleAdmin(route, request, response, controls);
		send(response, jsonAnswer(404, { message: 'Not Found' }));
	}

	const server = http.createServer((request, response) => {
		const route = new URL(request.url ?? '/', 'http://emulator').pathname;
		dispatch(route, request, response).catch((error: unknown) => {
			log(
				`${request.method} ${route} failed: ${error instanceof Error ? error.message : String(error)}`,
			);
			if (!response.headersSent && !response.destroyed)
				send(response, jsonAnswer(500, { message: 'Internal server error' }));
		});
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, resolve);
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		port,
		...controls,
		waitForCallbacks: (count, timeoutMs) => courier.waitFor(count, timeoutMs),
		close: async () => {
			courier.cancelPending();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
