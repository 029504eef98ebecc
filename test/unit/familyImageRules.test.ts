import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	FACE_COMPARE_IMAGES,
	ID_RECOGNITION_IMAGES,
	FACE_LIVENESS_IMAGES,
	ID_LIVENESS_IMAGES,
	validateImage,
} from '../../package/nodes/ArgosIdLiveness/helpers/imageRules';
import { sniffImage } from '../../package/nodes/ArgosIdLiveness/helpers/imageSniffing';
import { pngBytes as png } from './support/pngBytes';

const enforce = { enforceMinimumSize: true };
const familySample = (name: string) =>
	readFileSync(join(__dirname, '..', '..', 'samples', 'family', name));

/** A RIFF/WEBP header with one chunk of `chunk` and `payload` (no real picture: the header is all that is read). */
function webp(chunk: string, payload: number[]): Buffer {
	const body = Buffer.concat([Buffer.from(chunk, 'latin1'), Buffer.alloc(4), Buffer.from(payload)]);
	return Buffer.concat([
		Buffer.from('RIFF', 'latin1'),
		Buffer.alloc(4),
		Buffer.from('WEBP', 'latin1'),
		body,
		Buffer.alloc(8),
	]);
}

/** VP8X: flags (4 bytes), then width-1 and height-1 as 24-bit little-endian numbers. */
function webpExtended(width: number, height: number): Buffer {
	const size = Buffer.alloc(6);
	size.writeUIntLE(width - 1, 0, 3);
	size.writeUIntLE(height - 1, 3, 3);
	return webp('VP8X', [0, 0, 0, 0, ...size]);
}

/** VP8L: signature 0x2F, then 14 bits width-1 and 14 bits height-1. */
function webpLossless(width: number, height: number): Buffer {
	const bits = (width - 1) | ((height - 1) << 14);
	return webp('VP8L', [
		0x2f,
		bits & 0xff,
		(bits >> 8) & 0xff,
		(bits >> 16) & 0xff,
		(bits >>> 24) & 0xff,
	]);
}

/** VP8 (lossy): a key frame's 3-byte tag, the start code 9D 01 2A, then 14-bit width and height. */
function webpLossy(width: number, height: number): Buffer {
	return webp('VP8 ', [
		0,
		0,
		0,
		0x9d,
		0x01,
		0x2a,
		width & 0xff,
		width >> 8,
		height & 0xff,
		height >> 8,
	]);
}

describe('sniffImage reads the size of WebP and BMP', () => {
	it.each([
		['extended (VP8X)', webpExtended(1280, 720)],
		['lossless (VP8L)', webpLossless(1280, 720)],
		['lossy (VP8)', webpLossy(1280, 720)],
	])('WebP %s', (_, bytes) => {
		expect(sniffImage(bytes)).toEqual({ format: 'webp', width: 1280, height: 720 });
	});

	it('a BMP sample (800x600)', () => {
		expect(sniffImage(familySample('selfie-unmarked.bmp'))).toEqual({
			format: 'bmp',
			width: 800,
			height: 600,
		});
	});

	it('a WebP without a known first chunk has no size', () => {
		expect(sniffImage(webp('ABCD', [1, 2, 3]))).toEqual({ format: 'webp' });
	});
});

describe("each API's image rules", () => {
	it('Face Liveness takes WebP, ID Liveness does not', () => {
		expect(validateImage(webpExtended(800, 600), FACE_LIVENESS_IMAGES, enforce).ok).toBe(true);
		expect(validateImage(webpExtended(800, 600), ID_LIVENESS_IMAGES, enforce)).toMatchObject({
			ok: false,
			problem: { message: 'The file is a WebP image; Argos ID Liveness accepts only JPEG or PNG' },
		});
	});

	it('Face Liveness refuses a WebP under 640x480 from its header, and BMP', () => {
		expect(validateImage(webpLossless(639, 480), FACE_LIVENESS_IMAGES, enforce)).toMatchObject({
			ok: false,
			problem: { message: 'The image is 639x480 pixels; Argos needs at least 640x480' },
		});
		expect(
			validateImage(familySample('selfie-unmarked.bmp'), FACE_LIVENESS_IMAGES, enforce),
		).toMatchObject({
			ok: false,
			problem: {
				message: 'The file is a BMP image; Argos Face Liveness accepts only JPEG, PNG or WebP',
			},
		});
	});

	it('Face Compare takes BMP and small faces, refuses WebP and anything over 5,000,000 bytes', () => {
		expect(
			validateImage(familySample('selfie-unmarked.bmp'), FACE_COMPARE_IMAGES, enforce).ok,
		).toBe(true);
		expect(validateImage(png(320, 200), FACE_COMPARE_IMAGES, enforce).ok).toBe(true);
		expect(validateImage(webpExtended(800, 600), FACE_COMPARE_IMAGES, enforce)).toMatchObject({
			ok: false,
			problem: {
				message: 'The file is a WebP image; Argos Face Compare accepts only JPEG, PNG or BMP',
			},
		});
		expect(
			validateImage(png(800, 600, 5_000_001 - 57), FACE_COMPARE_IMAGES, enforce),
		).toMatchObject({
			ok: false,
			problem: {
				message: 'The image is 5,000,001 bytes; Argos accepts at most 5,000,000 bytes (5 MB)',
			},
		});
	});

	it('ID Recognition takes BMP and small cards, refuses WebP and anything over 2,000,000 bytes', () => {
		expect(
			validateImage(familySample('selfie-unmarked.bmp'), ID_RECOGNITION_IMAGES, enforce).ok,
		).toBe(true);
		expect(validateImage(png(421, 266), ID_RECOGNITION_IMAGES, enforce).ok).toBe(true);
		expect(validateImage(webpExtended(800, 600), ID_RECOGNITION_IMAGES, enforce)).toMatchObject({
			problem: {
				message: 'The file is a WebP image; Argos ID Recognition accepts only JPEG, PNG or BMP',
			},
		});
		expect(
			validateImage(png(800, 600, 2_000_001 - 57), ID_RECOGNITION_IMAGES, enforce),
		).toMatchObject({
			problem: {
				message: 'The image is 2,000,001 bytes; Argos accepts at most 2,000,000 bytes (2 MB)',
			},
		});
	});

	it('names every accepted format for a file that is no image', () => {
		expect(validateImage(Buffer.from('hello'), FACE_LIVENESS_IMAGES, enforce)).toMatchObject({
			problem: {
				message:
					'The file is not an image: its content is none of JPEG, PNG, WebP, the only formats Argos Face Liveness accepts',
			},
		});
	});
});
