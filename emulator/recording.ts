import { sha256, type DocumentBody } from './documentRequest';
import type { RecordedImage, RecordedRequest } from './types';

/** The body as received, minus the image: recordings and the admin API must never hold personal data. */
export function recordedBody(
	size: number,
	body: DocumentBody | undefined,
): RecordedRequest['body'] {
	if (body === undefined) return { problem: 'body too large', bytes: size };
	if (body.json === undefined) return { problem: 'body is not a JSON object', bytes: size };
	if (!('idImage' in body.json)) return { ...body.json };
	return { ...body.json, idImage: recordedImage(body.json.idImage, body.image) };
}

/** What may be kept of an image field: its size, hash and format, or why it was unusable. */
export function recordedImage(
	value: unknown,
	image:
		| { bytes: Buffer; format: Extract<RecordedImage, { format: unknown }>['format'] }
		| { problem: string }
		| undefined,
): RecordedImage {
	const length = typeof value === 'string' ? value.length : 0;
	if (image === undefined)
		return {
			problem: typeof value === 'string' ? 'empty' : `not a string but ${typeof value}`,
			length,
		};
	if ('problem' in image) return { problem: image.problem, length };
	return {
		bytes: image.bytes.length,
		sha256: sha256(image.bytes).toString('hex'),
		format: image.format,
	};
}
