import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { HttpRequestSpec } from './fakeHttp';
import type { WebhookCallResult } from './webhookExecution';

/** Where a request to n8n's production webhook URLs (`/webhook/<path>`) goes. */
interface HarnessRoutes {
	liveWebhook(path: string, request: HttpRequestSpec): Promise<WebhookCallResult | undefined>;
}

export interface HarnessServer {
	/** `http://127.0.0.1:<port>/`, n8n's base URL while the server runs. */
	baseUrl: string;
	close(): Promise<void>;
}

/**
 * A loopback HTTP front for the harness, so that an outside party (the emulator)
 * can call the webhook URLs that nodes hand out, as it would a real n8n.
 */
export async function startHarnessServer(routes: HarnessRoutes): Promise<HarnessServer> {
	const server = createServer((req, res) => {
		void handle(routes, baseUrlOf(server), req, res);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		baseUrl: baseUrlOf(server),
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

async function handle(
	routes: HarnessRoutes,
	baseUrl: string,
	req: IncomingMessage,
	res: ServerResponse,
): Promise<void> {
	try {
		const url = new URL(req.url ?? '/', baseUrl);
		const request: HttpRequestSpec = {
			method: req.method,
			headers: withoutUndefined(req.headers),
			rawBody: await readBody(req),
		};
		let result: WebhookCallResult | undefined;
		if (url.pathname.startsWith('/webhook/')) {
			result = await routes.liveWebhook(
				`${url.pathname.slice('/webhook/'.length)}${url.search}`,
				request,
			);
		}
		if (result === undefined) {
			const message = `The requested webhook "${req.method ?? ''} ${url.pathname}" is not registered.`;
			writeJson(res, 404, { code: 404, message });
			return;
		}
		writeResult(res, result);
	} catch (error) {
		writeJson(res, 500, { code: 0, message: (error as Error).message });
	}
}

function writeResult(res: ServerResponse, result: WebhookCallResult): void {
	res.writeHead(result.statusCode, result.responseHeaders);
	const body = result.responseBody;
	if (body === undefined) res.end();
	else if (typeof body === 'string' || Buffer.isBuffer(body)) res.end(body);
	else res.end(JSON.stringify(body));
}

function writeJson(res: ServerResponse, status: number, body: object): void {
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

function withoutUndefined(headers: IncomingMessage['headers']): Record<string, string | string[]> {
	const result: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers))
		if (value !== undefined) result[name] = value;
	return result;
}

function baseUrlOf(server: Server): string {
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}
