import type { IExecuteFunctions, IN8nHttpFullResponse } from 'n8n-workflow';

import { readHttpUrl } from './httpUrl';
import type { DecodedImage } from './base64Image';
import { MAX_IMAGE_BYTES } from './imageRules';

/**
 * The URL as messages show it: scheme, host and path. The query is left out, as pre-signed links carry their
 * access token there, and the path is shortened.
 */
function shownUrl(url: URL): string {
	const path = url.pathname.length > 60 ? `${url.pathname.slice(0, 60)}…` : url.pathname;
	return `${url.origin}${path}${url.search ? '?…' : ''}`;
}

/** A response body read as a stream (Node's IncomingMessage): its chunks, and a way to stop reading. */
type BodyStream = AsyncIterable<Uint8Array> & { destroy(): void };

/** What a download was refused for, before or while reading: the limit is Argos' (10 MB). */
function overLimit(where: string): DecodedImage {
	return {
		ok: false,
		problem: {
			message: `The image at ${where} is larger than 10 MB, the most Argos accepts`,
			description:
				'Link a smaller photo (a JPEG of an ID card is usually well under 2 MB), or resize it before this node.',
		},
	};
}

/** The body's bytes, up to `maxBytes`: the stream is stopped as soon as it goes beyond, so no more is read. */
async function readCapped(
	body: BodyStream,
	maxBytes: number,
): Promise<{ ok: true; bytes: Buffer } | { ok: false }> {
	const chunks: Buffer[] = [];
	let length = 0;
	for await (const chunk of body) {
		const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
		length += bytes.length;
		if (length > maxBytes) {
			body.destroy();
			return { ok: false };
		}
		chunks.push(bytes);
	}
	return { ok: true, bytes: Buffer.concat(chunks, length) };
}

/**
 * The ID photo behind an http(s) URL, downloaded through n8n's HTTP helper (so n8n's proxy and outbound-request
 * rules apply). n8n's helper has no size limit of its own, so the body is read as a stream: a Content-Length over
 * 10 MB is refused before any byte is read, and a body without one is cut off once it passes 10 MB.
 */
export async function downloadImage(
	context: IExecuteFunctions,
	value: unknown,
	timeoutMs: number,
): Promise<DecodedImage> {
	const read = readHttpUrl(
		value,
		'Image URL',
		'n8n would keep them in clear in the workflow and its executions; use a link that carries its own access token (such as a pre-signed URL)',
	);
	if (!read.ok) {
		return {
			ok: false,
			problem: {
				message: `The Image URL is not usable: ${read.problem}`,
				description:
					'Set "Image URL" to an absolute http:// or https:// link to the ID photo (JPEG or PNG), e.g. {{ $json.photoUrl }}.',
			},
		};
	}
	const where = shownUrl(read.url);
	let response: IN8nHttpFullResponse;
	try {
		response = (await context.helpers.httpRequest({
			method: 'GET',
			url: read.url.toString(),
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
			abortSignal: AbortSignal.timeout(timeoutMs),
		})) as IN8nHttpFullResponse;
	} catch (error) {
		return unreachable(where, error);
	}
	const body = response.body as BodyStream;
	if (response.statusCode < 200 || response.statusCode > 299) {
		body.destroy();
		return {
			ok: false,
			problem: {
				message: `The image could not be downloaded from ${where}: the server answered HTTP ${response.statusCode}`,
				description:
					'Check that the link is right and still valid (pre-signed links expire), and that n8n may read it without logging in.',
			},
		};
	}
	const declared = Number(response.headers['content-length']);
	if (Number.isFinite(declared) && declared > MAX_IMAGE_BYTES) {
		body.destroy();
		return overLimit(where);
	}
	try {
		const capped = await readCapped(body, MAX_IMAGE_BYTES);
		return capped.ok ? capped : overLimit(where);
	} catch (error) {
		return unreachable(where, error);
	}
}

/**
 * Why a download failed on the way, in words. n8n rewrites a whole error message that holds a code such as
 * ECONNREFUSED into its own sentence (dropping the link and the item), so the code goes to the description.
 */
const FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the server refused the connection',
	ENOTFOUND: 'no server has this name',
	EAI_AGAIN: 'the name could not be looked up',
	ECONNRESET: 'the connection was cut',
	ETIMEDOUT: 'no answer within the Request Timeout',
	ECONNABORTED: 'no answer within the Request Timeout',
	TimeoutError: 'no answer within the Request Timeout',
	AbortError: 'no answer within the Request Timeout',
	// the body stopped coming: only the Request Timeout cancels a download
	ERR_CANCELED: 'no answer within the Request Timeout',
};

/** A download that failed on the way (no answer, refused, timed out, cut off), without the link's query. */
function unreachable(where: string, error: unknown): DecodedImage {
	const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
	const key = [code, name].find(
		(value): value is string => typeof value === 'string' && value in FAILURES,
	);
	const known = typeof code === 'string' ? code : typeof name === 'string' ? name : undefined;
	return {
		ok: false,
		problem: {
			message: `The image could not be downloaded from ${where}: ${key ? FAILURES[key] : 'the download failed'}`,
			description: `Check that n8n can reach this address (DNS, firewall, proxy) and that it answers within the Request Timeout option.${known ? ` (${known})` : ''}`,
		},
	};
}
