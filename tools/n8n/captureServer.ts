import * as http from 'http';
import type { AddressInfo } from 'net';

import { pollUntil } from './poll';

/** One request the capture server received; `body` is parsed JSON when it was JSON, else the text. */
interface CapturedRequest {
	method: string;
	/** With the query string. */
	path: string;
	headers: http.IncomingHttpHeaders;
	body: unknown;
	receivedAt: number;
}

/** What the capture server answers to one request: JSON unless `body` is a string (sent as it is). */
interface CapturedAnswer {
	status: number;
	headers?: Record<string, string>;
	body: unknown;
}

export interface CaptureServer {
	/** `http://127.0.0.1:<port>`: put it where a workflow would call a CRM, a ticket system or any other service. */
	url: string;
	requests: CapturedRequest[];
	/** The requests to `path` (without query), oldest first. */
	requestsTo(path: string): CapturedRequest[];
	/** Resolves with the first request that matches, waiting for it up to `timeoutMs`. */
	waitFor(
		match: (request: CapturedRequest) => boolean,
		description: string,
		timeoutMs?: number,
	): Promise<CapturedRequest>;
	close(): Promise<void>;
}

/**
 * A stand-in for the third-party systems the examples call (CRM, ticket system): it answers every request with
 * 200 and a small JSON body, as those systems would, and records what arrived so tests can read it.
 * `answer` replaces that answer, e.g. to stand in for a server that is not Argos, or an Argos that misbehaves.
 */
export async function startCaptureServer(
	answer?: (request: CapturedRequest) => CapturedAnswer,
): Promise<CaptureServer> {
	const requests: CapturedRequest[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const captured: CapturedRequest = {
				method: request.method ?? '',
				path: request.url ?? '',
				headers: request.headers,
				body: parseBody(text),
				receivedAt: Date.now(),
			};
			requests.push(captured);
			const { status, headers, body } = answer?.(captured) ?? {
				status: 200,
				body: { received: true, id: requests.length },
			};
			const isText = typeof body === 'string';
			response.writeHead(status, {
				'content-type': isText ? 'text/html' : 'application/json',
				connection: 'close',
				...headers,
			});
			response.end(isText ? body : JSON.stringify(body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		requestsTo: (path) => requests.filter((request) => request.path.split('?')[0] === path),
		waitFor: (match, description, timeoutMs = 30_000) =>
			pollUntil(async () => requests.find(match), { timeoutMs, intervalMs: 100, description }),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

function parseBody(text: string): unknown {
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}
