import axios, { type AxiosResponse } from 'axios';
import { readFileSync } from 'fs';
import http from 'http';
import path from 'path';
import type { AddressInfo } from 'net';
import type { SampleImage } from '../../emulator/sampleImages';

export const API_KEY = 'test-key';
export const ALL_PIPELINES = { sr: true, pc: true, ps: true };
const SAMPLES_DIR = path.join(__dirname, '..', '..', 'samples');

/** Written by the jest globalSetup. */
export function sampleBytes(fileName: string): Buffer {
	return readFileSync(path.join(SAMPLES_DIR, fileName));
}

export function sampleManifest(): SampleImage[] {
	return JSON.parse(readFileSync(path.join(SAMPLES_DIR, 'manifest.json'), 'utf8')) as SampleImage[];
}

export function documentBody(
	image: Buffer,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return { idImage: image.toString('base64'), pipelines: ALL_PIPELINES, ...extra };
}

/** Never throws on a status: the tests look at every answer. */
export function postDocument(
	baseUrl: string,
	body: unknown,
	{ apiKey = API_KEY, path: route = '/document' }: { apiKey?: string | null; path?: string } = {},
): Promise<AxiosResponse> {
	return axios.post(`${baseUrl}${route}`, typeof body === 'string' ? body : JSON.stringify(body), {
		headers: {
			'content-type': 'application/json',
			...(apiKey === null ? {} : { 'x-api-key': apiKey }),
		},
		// As is: axios would JSON-encode a string that is not JSON, hiding the broken body the test means to send.
		transformRequest: (data: string) => data,
		validateStatus: () => true,
		// Raw text, so a malformed answer shows as what it is instead of being parsed away.
		responseType: 'text',
		transformResponse: (text: string) => text,
	});
}

export function jsonOf<T = any>(response: AxiosResponse): T {
	return JSON.parse(response.data as string) as T;
}

interface ReceivedCallback {
	url: string;
	headers: http.IncomingHttpHeaders;
	body: any;
}

/** A stand-in for the workflow's webhook, answering every callback with the given status. */
export async function startCallbackReceiver(status = 200) {
	const received: ReceivedCallback[] = [];
	const server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				url: request.url ?? '',
				headers: request.headers,
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
			});
			response.writeHead(status).end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export const TRANSACTION_ID = /^txn_[0-9a-f]{24}$/;
