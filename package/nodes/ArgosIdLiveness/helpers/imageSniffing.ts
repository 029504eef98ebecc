/** What the bytes look like: the formats some Argos API accepts, and the ones users send by mistake. */
export type ImageFormat =
	'jpeg' | 'png' | 'webp' | 'bmp' | 'gif' | 'tiff' | 'heic' | 'pdf' | 'unknown';

interface SniffedImage {
	format: ImageFormat;
	/**
	 * Pixel size read from the image header; absent when the header is missing or cut short, and for formats whose
	 * header is not read (GIF, TIFF, HEIC, PDF: no Argos API takes them).
	 */
	width?: number;
	height?: number;
	/**
	 * What a JPEG or PNG with a size lacks to be decodable (image data, end marker), in words; absent when whole.
	 * WebP and BMP are only read up to their size: their damage goes unseen.
	 */
	damage?: string;
}

type Layout = Pick<SniffedImage, 'width' | 'height' | 'damage'>;

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

function readUInt16LE(bytes: Uint8Array, offset: number): number {
	return bytes[offset] | (bytes[offset + 1] << 8);
}

function readUInt24LE(bytes: Uint8Array, offset: number): number {
	return readUInt16LE(bytes, offset) + bytes[offset + 2] * 0x10000;
}

function readInt32LE(bytes: Uint8Array, offset: number): number {
	return readUInt16LE(bytes, offset) + (bytes[offset + 2] << 16) + (bytes[offset + 3] << 24);
}

function readUInt32BE(bytes: Uint8Array, offset: number): number {
	return readUInt16BE(bytes, offset) * 0x10000 + readUInt16BE(bytes, offset + 2);
}

/**
 * PNG keeps its size in the IHDR chunk, which the format requires to come first. A decodable PNG also has image
 * data (IDAT) and ends with IEND: the chunks are walked by their lengths, without reading the pixels.
 */
function pngLayout(bytes: Uint8Array): Layout {
	if (bytes.length < 24 || ascii(bytes, 12, 16) !== 'IHDR') return {};
	const size = { width: readUInt32BE(bytes, 16), height: readUInt32BE(bytes, 20) };
	let hasImageData = false;
	for (let offset = 8; offset + 8 <= bytes.length;) {
		const type = ascii(bytes, offset + 4, offset + 8);
		const next = offset + 12 + readUInt32BE(bytes, offset);
		if (next > bytes.length) return { ...size, damage: `it is cut short inside its ${type} chunk` };
		if (type === 'IDAT') hasImageData = true;
		if (type === 'IEND')
			return hasImageData ? size : { ...size, damage: 'it has no image data (no IDAT chunk)' };
		offset = next;
	}
	return {
		...size,
		damage: hasImageData
			? 'it has no end (no IEND chunk): the file is cut short'
			: 'it ends before any image data (no IDAT chunk)',
	};
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not. */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

const END_OF_IMAGE = Buffer.from([0xff, 0xd9]);

/**
 * A decodable JPEG has a frame header (SOF, with the size), a scan (SOS) with data after it, and the end marker
 * (EOI). The segments are walked by their lengths up to the first scan, so EXIF and other metadata are skipped;
 * the scan data needs no decoding, as 0xFF inside it is always escaped, so the first FFD9 after it ends the image.
 * Bytes after EOI (phones append their own data) are allowed.
 */
function jpegLayout(bytes: Uint8Array): Layout {
	let size: Pick<Layout, 'width' | 'height'> | undefined;
	let offset = 2;
	while (offset + 2 <= bytes.length) {
		if (bytes[offset] !== 0xff) return size ? { ...size, damage: 'its segments are broken' } : {};
		const marker = bytes[offset + 1];
		if (marker === 0xff) {
			offset += 1; // fill byte before a marker
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			offset += 2; // markers without a length
			continue;
		}
		// End of image or scan data before any frame header: no size to read.
		if (!size && (marker === 0xd9 || marker === 0xda)) return {};
		if (size && marker === 0xd9) return { ...size, damage: 'it ends before any image data' };
		if (offset + 4 > bytes.length) break;
		const segmentEnd = offset + 2 + readUInt16BE(bytes, offset + 2);
		if (size && marker === 0xda) {
			const end = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(
				END_OF_IMAGE,
				segmentEnd,
			);
			if (end > segmentEnd) return size;
			if (end === segmentEnd) return { ...size, damage: 'its scan holds no image data' };
			return { ...size, damage: 'it has no end marker (EOI): the file is cut short' };
		}
		if (isStartOfFrame(marker)) {
			if (offset + 9 > bytes.length) return {};
			size = { height: readUInt16BE(bytes, offset + 5), width: readUInt16BE(bytes, offset + 7) };
		}
		offset = segmentEnd;
	}
	return size ? { ...size, damage: 'it ends right after its header, before any image data' } : {};
}

/**
 * WebP's size, from the first chunk after `RIFF….WEBP`: VP8X (extended: 24-bit width and height minus one), VP8L
 * (lossless: 14-bit width and height minus one after the 0x2F signature) or VP8 (lossy: 14-bit width and height after
 * the key frame's start code 9D 01 2A).
 */
function webpLayout(bytes: Uint8Array): Layout {
	const chunk = ascii(bytes, 12, 16);
	if (chunk === 'VP8X' && bytes.length >= 30)
		return { width: readUInt24LE(bytes, 24) + 1, height: readUInt24LE(bytes, 27) + 1 };
	if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
		const bits = readUInt16LE(bytes, 21) + readUInt16LE(bytes, 23) * 0x10000;
		return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8 ' && bytes.length >= 30 && startsWith(bytes, [0x9d, 0x01, 0x2a], 23))
		return { width: readUInt16LE(bytes, 26) & 0x3fff, height: readUInt16LE(bytes, 28) & 0x3fff };
	return {};
}

/** BMP's size is in its info header, after the 14-byte file header; a negative height means top-down rows. */
function bmpLayout(bytes: Uint8Array): Layout {
	if (bytes.length < 26 || readInt32LE(bytes, 14) < 40) return {};
	return { width: Math.abs(readInt32LE(bytes, 18)), height: Math.abs(readInt32LE(bytes, 22)) };
}

/** Tells the image format from the bytes themselves, never from a file name or MIME type. */
export function sniffImage(bytes: Uint8Array): SniffedImage {
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { format: 'jpeg', ...jpegLayout(bytes) };
	if (startsWith(bytes, PNG_SIGNATURE)) return { format: 'png', ...pngLayout(bytes) };
	const head = ascii(bytes, 0, 12);
	if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return { format: 'gif' };
	if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP')
		return { format: 'webp', ...webpLayout(bytes) };
	if (head.startsWith('BM')) return { format: 'bmp', ...bmpLayout(bytes) };
	if (head.startsWith('II*\0') || head.startsWith('MM\0*')) return { format: 'tiff' };
	if (head.slice(4, 8) === 'ftyp') return { format: 'heic' };
	if (head.startsWith('%PDF')) return { format: 'pdf' };
	return { format: 'unknown' };
}
