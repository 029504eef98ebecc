import { sniffImage } from '../../nodes/ArgosIdLiveness/helpers/imageSniffing';

function png(width: number, height: number): Buffer {
	const header = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
	const ihdr = Buffer.alloc(17);
	ihdr.write('IHDR', 0, 'ascii');
	ihdr.writeUInt32BE(width, 4);
	ihdr.writeUInt32BE(height, 8);
	return Buffer.concat([header, ihdr]);
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
	const head = Buffer.from([0xff, marker, 0, 0]);
	head.writeUInt16BE(payload.length + 2, 2);
	return Buffer.concat([head, payload]);
}

function jpeg(width: number, height: number, before: Buffer[] = []): Buffer {
	const frame = Buffer.from([8, 0, 0, 0, 0, 3]);
	frame.writeUInt16BE(height, 1);
	frame.writeUInt16BE(width, 3);
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		...before,
		jpegSegment(0xc0, frame),
		Buffer.from([0xff, 0xd9]),
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
		const frame = Buffer.from([8, 0x01, 0xe0, 0x02, 0x80, 3]);
		const bytes = Buffer.concat([Buffer.from([0xff, 0xd8]), table, jpegSegment(0xc2, frame)]);
		expect(sniffImage(bytes)).toEqual({ format: 'jpeg', width: 640, height: 480 });
	});

	it('gives no size for a JPEG cut short before its frame header', () => {
		expect(sniffImage(jpeg(800, 600).subarray(0, 6))).toEqual({ format: 'jpeg' });
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
