import { pipelinesFor, type CheckName, type Pipelines } from '../../resultsAndCallbacks/checks';

export interface DocumentRequestBody {
	idImage: string;
	pipelines: Pipelines;
	useUpcomingVersion?: boolean;
	callbackUrl?: string;
	[key: string]: unknown;
}

export interface DocumentRequestInput {
	image: Uint8Array;
	checks: readonly CheckName[];
	useUpcomingVersion: boolean;
	callbackUrl?: string;
}

/** The JSON body of `POST /document`: bare base64 (no data: prefix) and all three pipeline flags, as the contract requires. */
export function buildDocumentRequestBody(input: DocumentRequestInput): DocumentRequestBody {
	const body: DocumentRequestBody = {
		idImage: Buffer.from(
			input.image.buffer,
			input.image.byteOffset,
			input.image.byteLength,
		).toString('base64'),
		pipelines: pipelinesFor(input.checks),
	};
	if (input.useUpcomingVersion) body.useUpcomingVersion = true;
	if (input.callbackUrl !== undefined) body.callbackUrl = input.callbackUrl;
	return body;
}

/**
 * The body as the bytes sent: the image's base64 written once into the buffer, next to the small fields as JSON,
 * instead of a second string of the whole body (base64 needs no JSON escaping). Saves a copy of the largest part
 * of every request, which the garbage collector would otherwise have to clear.
 */
export function serializeDocumentRequest(body: DocumentRequestBody): Buffer {
	const { idImage, ...rest } = body;
	const head = '{"idImage":"';
	const tail = `",${JSON.stringify(rest).slice(1)}`;
	const bytes = Buffer.allocUnsafe(head.length + idImage.length + Buffer.byteLength(tail));
	let offset = bytes.write(head, 0, 'latin1');
	offset += bytes.write(idImage, offset, 'latin1');
	bytes.write(tail, offset, 'utf8');
	return bytes;
}

export type CallbackUrlValidation = { ok: true; url: string } | { ok: false; problem: string };

/** Argos posts the result to this URL from the internet, so it must be an absolute http(s) URL. */
export function validateCallbackUrl(value: unknown): CallbackUrlValidation {
	if (typeof value !== 'string' || value.trim() === '')
		return { ok: false, problem: 'the Callback URL is empty' };
	let parsed: URL;
	try {
		parsed = new URL(value.trim());
	} catch {
		return { ok: false, problem: `"${value}" is not an absolute URL` };
	}
	if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
		return {
			ok: false,
			problem: `the Callback URL must start with https:// or http://, not ${parsed.protocol}//`,
		};
	}
	return { ok: true, url: parsed.toString() };
}
