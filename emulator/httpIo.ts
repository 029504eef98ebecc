import type { IncomingMessage, ServerResponse } from 'http';

export interface HttpAnswer {
	status: number;
	headers: Record<string, string>;
	body: string;
}

export interface ReceivedBody {
	/** Empty when the body was too large: it was drained, not kept. */
	bytes: Buffer;
	size: number;
	tooLarge: boolean;
}

export function jsonAnswer(
	status: number,
	value: unknown,
	headers: Record<string, string> = {},
): HttpAnswer {
	return {
		status,
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(value),
	};
}

/** Reads to the end even past the limit: answering mid-upload would make the client see a reset instead of 413. */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<ReceivedBody> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) chunks.push(chunk);
		});
		request.on('end', () => {
			const tooLarge = size > maxBytes;
			resolve({ bytes: tooLarge ? Buffer.alloc(0) : Buffer.concat(chunks), size, tooLarge });
		});
		request.on('error', reject);
	});
}

export function send(response: ServerResponse, answer: HttpAnswer): void {
	response.writeHead(answer.status, {
		'content-length': Buffer.byteLength(answer.body),
		...answer.headers,
	});
	response.end(answer.body);
}

/** Unreferenced, so a pending delay never keeps a finished test run or a closed emulator alive. */
export function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
