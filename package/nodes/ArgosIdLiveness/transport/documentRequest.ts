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
		idImage: imageBase64(input.image),
		pipelines: pipelinesFor(input.checks),
	};
	if (input.useUpcomingVersion) body.useUpcomingVersion = true;
	if (input.callbackUrl !== undefined) body.callbackUrl = input.callbackUrl;
	return body;
}

/** Bare base64 of image bytes (no data: prefix), as every Argos API takes an image. */
export function imageBase64(image: Uint8Array): string {
	return Buffer.from(image.buffer, image.byteOffset, image.byteLength).toString('base64');
}

/**
 * A JSON body as the bytes sent: each image's base64 written once into the buffer, next to the small fields as JSON,
 * instead of a second string of the whole body (base64 needs no JSON escaping). Saves a copy of the largest part
 * of every request, which the garbage collector would otherwise have to clear.
 */
export function serializeImageRequest(
	images: Record<string, string>,
	fields: Record<string, unknown> = {},
): Buffer {
	const parts: Array<{ text: string; encoding: 'latin1' | 'utf8' }> = [];
	let separator = '{';
	for (const [name, base64] of Object.entries(images)) {
		parts.push({ text: `${separator}${JSON.stringify(name)}:"`, encoding: 'utf8' });
		parts.push({ text: base64, encoding: 'latin1' });
		parts.push({ text: '"', encoding: 'latin1' });
		separator = ',';
	}
	const rest = JSON.stringify(fields).slice(1);
	parts.push({
		text: rest === '}' ? (separator === '{' ? '{}' : '}') : `${separator}${rest}`,
		encoding: 'utf8',
	});
	const bytes = Buffer.allocUnsafe(
		parts.reduce((total, part) => total + Buffer.byteLength(part.text, part.encoding), 0),
	);
	let offset = 0;
	for (const part of parts) offset += bytes.write(part.text, offset, part.encoding);
	return bytes;
}

/** The `POST /document` body as the bytes sent (serializeImageRequest). */
export function serializeDocumentRequest(body: DocumentRequestBody): Buffer {
	const { idImage, ...rest } = body;
	return serializeImageRequest({ idImage }, rest);
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
