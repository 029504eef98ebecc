import { sniffImage } from '../../package/nodes/ArgosIdLiveness/helpers/imageSniffing';
import { pngBytes as png } from './support/pngBytes';

function jpegSegment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

const SCAN_HEADER = jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 63, 0]));
/** Entropy-coded data: 0xFF only as an escaped 0xFF00 or a restart marker, as in a real scan. */
const SCAN_DATA = Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]);
const EOI = Buffer.from([0xff, 0xd9]);

function frameHeader(width: number, height: number, marker = 0xc0): Buffer {
	const frame = Buffer.from([8, 0, 0, 0, 0, 3]);
	frame.writeUInt16BE(height, 1);
	frame.writeUInt16BE(width, 3);
	return jpegSegment(marker, frame);
}

/** A JPEG with what a decoder needs: frame header, a scan with data, end marker. */
function jpeg(width: number, height: number, before: Buffer[] = []): Buffer {
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		...before,
		frameHeader(width, height),
		SCAN_HEADER,
		SCAN_DATA,
		EOI,
	]);
}

describe('sniffImage', () => {
	it('reads a PNG size from IHDR', () => {
		expect(sniffImage(png(1920, 1080))).toEqual({ format: 'png', width: 1920, height: 1080 });
	});

	it('reads a JPEG size from the frame header after APP segments and fill bytes', () => {
		const exif = jpegSegment(0xe1, Buffer.alloc(70_000 % 65_000, 1));
		const comment = jpegSegment(0xfe, Buffer.from('hello'));
		const bytes = jpeg(640, 480, [exif, Buffer.from([0xff]), comment]);
		expect(sniffImage(bytes)).toEqual({ format: 'jpeg', width: 640, height: 480 });
	});

	it('reads progressive JPEGs (SOF2) but not a Huffman table (C4) as a frame', () => {
		const table = jpegSegment(0xc4, Buffer.from([0, 1, 2]));
		const bytes = Buffer.concat([
			Buffer.from([0xff, 0xd8]),
			table,
			frameHeader(640, 480, 0xc2),
			SCAN_HEADER,
			SCAN_DATA,
			table, // progressive: more tables and scans follow the first
			SCAN_HEADER,
			SCAN_DATA,
			EOI,
		]);
		expect(sniffImage(bytes)).toEqual({ format: 'jpeg', width: 640, height: 480 });
	});

	it('gives no size for a JPEG cut short before its frame header', () => {
		expect(sniffImage(jpeg(800, 600).subarray(0, 6))).toEqual({ format: 'jpeg' });
	});

	it('accepts bytes after the end marker (phones append their own data)', () => {
		const bytes = Buffer.concat([jpeg(640, 480), Buffer.from('trailer with ÿÙ bytes', 'latin1')]);
		expect(sniffImage(bytes)).toEqual({ format: 'jpeg', width: 640, height: 480 });
	});

	// A JPEG cut short right after its size header passed before and was billed (173 bytes claiming 640x480).
	it.each([
		[
			'cut right after its frame header',
			Buffer.concat([
				Buffer.from([0xff, 0xd8]),
				jpegSegment(0xe0, Buffer.alloc(150)),
				frameHeader(640, 480),
			]),
			'it ends right after its header, before any image data',
		],
		[
			'cut inside its scan data',
			Buffer.concat([Buffer.from([0xff, 0xd8]), frameHeader(640, 480), SCAN_HEADER, SCAN_DATA]),
			'it has no end marker (EOI): the file is cut short',
		],
		[
			'ending with a scan header and no data',
			Buffer.concat([Buffer.from([0xff, 0xd8]), frameHeader(640, 480), SCAN_HEADER, EOI]),
			'its scan holds no image data',
		],
		[
			'ending before any scan',
			Buffer.concat([Buffer.from([0xff, 0xd8]), frameHeader(640, 480), EOI]),
			'it ends before any image data',
		],
		[
			'with broken segments after its frame header',
			Buffer.concat([Buffer.from([0xff, 0xd8]), frameHeader(640, 480), Buffer.from('garbage!')]),
			'its segments are broken',
		],
	])('names what a JPEG %s lacks', (_case, bytes, damage) => {
		expect(sniffImage(bytes)).toEqual({ format: 'jpeg', width: 640, height: 480, damage });
	});

	it('the 173-byte JPEG claiming 640x480 is damaged', () => {
		const bytes = Buffer.concat([
			Buffer.from([0xff, 0xd8]),
			jpegSegment(0xe0, Buffer.alloc(157)),
			frameHeader(640, 480),
		]);
		expect(bytes.length).toBe(173);
		expect(sniffImage(bytes).damage).toBeDefined();
	});

	it.each([
		['gif', Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1')],
		['webp', Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1')],
		['pdf', Buffer.from('%PDF-1.7\n')],
		['heic', Buffer.from('\x00\x00\x00\x18ftypheic', 'latin1')],
		['bmp', Buffer.from('BM\x00\x00')],
		['tiff', Buffer.from('II*\x00\x08\x00')],
		['unknown', Buffer.from('hello, world')],
		['unknown', Buffer.alloc(0)],
	])('tells %s from its bytes', (format, bytes) => {
		expect(sniffImage(bytes).format).toBe(format);
	});
});
