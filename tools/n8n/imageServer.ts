import * as http from 'http';
import type { AddressInfo } from 'net';

/** How the image server answers one path. */
type ImageRoute =
	/** These bytes, with a Content-Length (or without one, sent chunked, when `chunked`). */
	| { bytes: Buffer; contentType?: string; chunked?: boolean; status?: number }
	/** A Content-Length of `declaredBytes`, then zeros for as long as the client reads. */
	| { declaredBytes: number }
	/** No Content-Length, and zeros for as long as the client reads (up to `maxBytes`). */
	| { endlessBytes: true; maxBytes: number }
	/** Headers, then nothing: a server that stalls mid-body. */
	| { stall: true };

export interface ImageServer {
	/** `http://127.0.0.1:<port>`: where a KYC system would keep ID photos. */
	url: string;
	/** The paths requested, oldest first (with their query). */
	requests: string[];
	/** How many body bytes the server wrote on each streamed route before the client went away, by path. */
	bytesWritten: Map<string, number>;
	close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024);

/** Writes zeros until the client stops reading (closes) or `limit` bytes are out, counting what was written. */
function streamZeros(response: http.ServerResponse, limit: number, count: (bytes: number) => void) {
	let written = 0;
	const writeMore = () => {
		while (written < limit && !response.destroyed) {
			written += CHUNK.length;
			count(written);
			if (!response.write(CHUNK)) return; // wait for 'drain': the client reads at its pace
		}
		if (written >= limit) response.end();
	};
	response.on('drain', writeMore);
	writeMore();
}

/** A loopback HTTP server serving ID photos (and misbehaving on demand) for the Image URL source. */
export async function startImageServer(routes: Record<string, ImageRoute>): Promise<ImageServer> {
	const requests: string[] = [];
	const bytesWritten = new Map<string, number>();
	const server = http.createServer((request, response) => {
		const url = request.url ?? '/';
		requests.push(url);
		const route = routes[url.split('?')[0]];
		const count = (bytes: number) => bytesWritten.set(url.split('?')[0], bytes);
		if (!route) {
			response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
		} else if ('bytes' in route) {
			const headers: http.OutgoingHttpHeaders = {
				'Content-Type': route.contentType ?? 'image/jpeg',
			};
			if (!route.chunked) headers['Content-Length'] = route.bytes.length;
			response.writeHead(route.status ?? 200, headers).end(route.bytes);
		} else if ('declaredBytes' in route) {
			response.writeHead(200, {
				'Content-Type': 'image/jpeg',
				'Content-Length': route.declaredBytes,
			});
			streamZeros(response, route.declaredBytes, count);
		} else if ('endlessBytes' in route) {
			response.writeHead(200, { 'Content-Type': 'image/jpeg' });
			streamZeros(response, route.maxBytes, count);
		} else {
			response.writeHead(200, { 'Content-Type': 'image/jpeg' });
			response.write(Buffer.from([0xff, 0xd8]));
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		bytesWritten,
		async close() {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
