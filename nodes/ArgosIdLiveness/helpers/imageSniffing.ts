export type ImageFormat = 'jpeg' | 'png';

export interface SniffedImage {
	/** `jpeg` or `png` when the bytes are one of the formats Argos accepts; otherwise what they look like. */
	format: ImageFormat | 'gif' | 'webp' | 'bmp' | 'tiff' | 'heic' | 'pdf' | 'unknown';
	/** Pixel size read from the image header; absent when the header is missing or cut short. */
	width?: number;
	height?: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: number[], offset = 0): boolean {
	return prefix.every((byte, index) => bytes[offset + index] === byte);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
	return String.fromCharCode(...bytes.subarray(start, end));
}

function readUInt16BE(bytes: Uint8Array, offset: number): number {
	return (bytes[offset] << 8) | bytes[offset + 1];
}

function readUInt32BE(bytes: Uint8Array, offset: number): number {
	return readUInt16BE(bytes, offset) * 0x10000 + readUInt16BE(bytes, offset + 2);
}

/** PNG keeps its size in the IHDR chunk, which the format requires to come first. */
function pngSize(bytes: Uint8Array): Pick<SniffedImage, 'width' | 'height'> {
	if (bytes.length < 24 || ascii(bytes, 12, 16) !== 'IHDR') return {};
	return { width: readUInt32BE(bytes, 16), height: readUInt32BE(bytes, 20) };
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Walks the JPEG segments up to the first start-of-frame; EXIF and other metadata segments are skipped by length. */
function jpegSize(bytes: Uint8Array): Pick<SniffedImage, 'width' | 'height'> {
	let offset = 2;
	while (offset + 4 <= bytes.length) {
		if (bytes[offset] !== 0xff) return {};
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset += 1; // fill byte before a marker
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			offset += 2; // markers without a length
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return {}; // end of image or scan data before any frame header
		const segmentLength = readUInt16BE(bytes, offset + 2);
		if (isStartOfFrame(marker)) {
			if (offset + 9 > bytes.length) return {};
			return { height: readUInt16BE(bytes, offset + 5), width: readUInt16BE(bytes, offset + 7) };
		}
		offset += 2 + segmentLength;
	}
	return {};
}

/** Tells the image format from the bytes themselves, never from a file name or MIME type. */
export function sniffImage(bytes: Uint8Array): SniffedImage {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { format: 'jpeg', ...jpegSize(bytes) };
	if (startsWith(bytes, PNG_SIGNATURE)) return { format: 'png', ...pngSize(bytes) };
	const head = ascii(bytes, 0, 12);
	if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return { format: 'gif' };
	if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') return { format: 'webp' };
	if (head.startsWith('BM')) return { format: 'bmp' };
	if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return { format: 'tiff' };
	if (head.slice(4, 8) === 'ftyp') return { format: 'heic' };
	if (head.startsWith('%PDF')) return { format: 'pdf' };
	return { format: 'unknown' };
}
