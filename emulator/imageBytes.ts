import { createHash } from 'crypto';
import type { ImageFormat } from './types';

const JPEG_SIGNATURE = Buffer.from([0xff, 0xd8, 0xff]);
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// Strict: Buffer.from(text, 'base64') would silently skip anything that is not base64.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type DecodedIdImage =
	{ bytes: Buffer; format: ImageFormat | 'unknown' } | { problem: string };

export function decodeIdImage(text: string): DecodedIdImage {
	if (text.startsWith('data:')) return { problem: 'has a data: URL prefix' };
	if (text.length % 4 !== 0 || !BASE64.test(text)) return { problem: 'not base64' };
	const bytes = Buffer.from(text, 'base64');
	return { bytes, format: sniffImageFormat(bytes) };
}

function sniffImageFormat(bytes: Buffer): ImageFormat | 'unknown' {
	if (startsWith(bytes, JPEG_SIGNATURE)) return 'jpeg';
	if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
	return 'unknown';
}

export function sha256(bytes: Buffer): Buffer {
	return createHash('sha256').update(bytes).digest();
}

function startsWith(bytes: Buffer, signature: Buffer): boolean {
	return bytes.length >= signature.length && bytes.subarray(0, signature.length).equals(signature);
}
