import { pipelinesFor, type CheckName, type Pipelines } from '../../resultsAndCallbacks/checks';
import { readHttpUrl } from '../helpers/httpUrl';
import { unreachableHost } from './callbackHosts';

interface DocumentRequestBody {
	idImage: string;
	pipelines: Pipelines;
	useUpcomingVersion?: boolean;
	callbackUrl?: string;
	[key: string]: unknown;
}

interface DocumentRequestInput {
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

type CallbackUrlValidation = { ok: true; url: string } | { ok: false; problem: string };

/** Whether the credential's Base URL is Argos on the internet (the default) rather than an emulator or proxy nearby. */
export function isPublicBaseUrl(baseUrl: string | undefined): boolean {
	if (!baseUrl) return true;
	try {
		return unreachableHost(new URL(baseUrl).hostname) === undefined;
	} catch {
		return true;
	}
}

/**
 * Argos posts the result to this URL from the internet, so it must be an absolute http(s) URL it can reach (see
 * readHttpUrl), and, when Argos is the one on the internet (`argosBaseUrl` public, the default), not on a loopback,
 * private, link-local or local-only host. Against a local emulator those stay allowed.
 */
export function validateCallbackUrl(value: unknown, argosBaseUrl?: string): CallbackUrlValidation {
	const read = readHttpUrl(
		value,
		'Callback URL',
		'Argos does not log in to a callback URL, and would receive them in clear',
	);
	if (!read.ok) return read;
	const unreachable = isPublicBaseUrl(argosBaseUrl)
		? unreachableHost(read.url.hostname)
		: undefined;
	if (unreachable) return { ok: false, problem: unreachable };
	return { ok: true, url: read.url.toString() };
}
