import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { decode as decodeJpeg } from 'jpeg-js';
import { tmpdir } from 'os';
import path from 'path';
import { crc32, inflateSync } from 'zlib';
import { writeSampleImages, type SampleImage } from '../../emulator/sampleImages';
import { sampleBytes, sampleManifest } from './emulatorTestKit';

interface PngChunk {
	type: string;
	data: Buffer;
	crcMatches: boolean;
}

function pngChunks(bytes: Buffer): PngChunk[] {
	const chunks: PngChunk[] = [];
	for (let offset = 8; offset < bytes.length;) {
		const length = bytes.readUInt32BE(offset);
		const typeAndData = bytes.subarray(offset + 4, offset + 8 + length);
		chunks.push({
			type: typeAndData.toString('latin1', 0, 4),
			data: typeAndData.subarray(4),
			crcMatches: crc32(typeAndData) === bytes.readUInt32BE(offset + 8 + length),
		});
		offset += 12 + length;
	}
	return chunks;
}

/** Walks the JPEG segments up to the frame header, collecting comments on the way. */
function jpegFacts(bytes: Buffer): { width: number; height: number; comments: string[] } {
	const comments: string[] = [];
	for (let offset = 2; offset < bytes.length;) {
		expect(bytes[offset]).toBe(0xff);
		const marker = bytes[offset + 1];
		const length = bytes.readUInt16BE(offset + 2);
		if (marker === 0xfe) comments.push(bytes.toString('latin1', offset + 4, offset + 2 + length));
		if (marker === 0xc0)
			return {
				height: bytes.readUInt16BE(offset + 5),
				width: bytes.readUInt16BE(offset + 7),
				comments,
			};
		offset += 2 + length;
	}
	throw new Error('no SOF0 frame header');
}

const manifest = sampleManifest();
const imagesOf = (mimeType: string) =>
	manifest
		.filter((sample) => sample.mimeType === mimeType)
		.map((sample) => [sample.fileName, sample] as const);

describe('sample images', () => {
	it('include every case the tests and the demo rely on', () => {
		expect(manifest.map((sample) => sample.fileName).sort()).toEqual(
			[
				'analysis-fails.jpg',
				'animated.gif',
				'empty.jpg',
				'genuine.jpg',
				'genuine.png',
				'not-an-image.txt',
				'portrait-swap.jpg',
				'printed-copy.png',
				'renamed-gif.jpg',
				'screen-replay.jpg',
				'too-small.jpg',
			].sort(),
		);
		for (const sample of manifest) expect(sampleBytes(sample.fileName).length).toBe(sample.bytes);
	});

	it.each(imagesOf('image/png'))(
		'%s is a well-formed PNG of the stated size with its marker',
		(fileName, sample) => {
			const bytes = sampleBytes(fileName);
			expect(bytes.subarray(0, 8)).toEqual(
				Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
			);
			const chunks = pngChunks(bytes);
			expect(chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
			expect(chunks.every((chunk) => chunk.crcMatches)).toBe(true);
			const header = chunks[0].data;
			expect([header.readUInt32BE(0), header.readUInt32BE(4)]).toEqual([
				sample.width,
				sample.height,
			]);
			expect([...header.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
			expect(inflateSync(chunks[2].data).length).toBe((sample.width! * 4 + 1) * sample.height!);
			expect(chunks[1].data.toString('latin1')).toMatch(
				/^argos-emulator\0screenReplay=\d+;paperPrinted=\d+;replacePortraits=\d+$/,
			);
		},
	);

	it.each(imagesOf('image/jpeg'))(
		'%s is a decodable JPEG of the stated size',
		(fileName, sample) => {
			const bytes = sampleBytes(fileName);
			expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
			expect(bytes.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
			const { width, height } = jpegFacts(bytes);
			expect([width, height]).toEqual([sample.width, sample.height]);
			const decoded = decodeJpeg(bytes, { useTArray: true });
			expect([decoded.width, decoded.height]).toEqual([sample.width, sample.height]);
		},
	);

	it('marks the JPEGs that choose their scores with a comment, and leaves too-small.jpg to its hash', () => {
		expect(jpegFacts(sampleBytes('screen-replay.jpg')).comments).toEqual([
			'screenReplay=12;paperPrinted=93;replacePortraits=94',
		]);
		expect(jpegFacts(sampleBytes('analysis-fails.jpg')).comments).toEqual(['errorCode=1009']);
		expect(jpegFacts(sampleBytes('too-small.jpg')).comments).toEqual([]);
	});

	it('keeps whitespace around the card, as the vendor asks', () => {
		const { width, data } = decodeJpeg(sampleBytes('genuine.jpg'), { useTArray: true });
		const pixel = (x: number, y: number) => [
			...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 3),
		];
		const background = pixel(5, 5);
		for (const [x, y] of [
			[100, 400],
			[1180, 400],
			[640, 60],
			[640, 740],
		]) {
			pixel(x, y).forEach((channel, index) =>
				expect(Math.abs(channel - background[index])).toBeLessThan(6),
			);
		}
		expect(pixel(640, 400)).not.toEqual(background);
	});

	it.each(['animated.gif', 'renamed-gif.jpg'])('%s is a real animated GIF89a', (fileName) => {
		const bytes = sampleBytes(fileName);
		expect(bytes.toString('latin1', 0, 6)).toBe('GIF89a');
		expect([bytes.readUInt16LE(6), bytes.readUInt16LE(8)]).toEqual([1, 1]);
		expect(bytes.includes(Buffer.from('NETSCAPE2.0'))).toBe(true);
		expect(bytes.filter((byte) => byte === 0x2c).length).toBeGreaterThanOrEqual(2);
		expect(bytes[bytes.length - 1]).toBe(0x3b);
	});

	it('makes the bad cases bad in the stated way', () => {
		expect(sampleBytes('empty.jpg').length).toBe(0);
		expect(sampleBytes('not-an-image.txt').toString('utf8')).toMatch(/^This is not an image/);
		const defects = Object.fromEntries(
			manifest.filter((sample) => sample.defect).map((sample) => [sample.fileName, sample.defect]),
		);
		expect(defects).toEqual({
			'too-small.jpg': 'too-small',
			'not-an-image.txt': 'not-an-image',
			'animated.gif': 'unsupported-format',
			'empty.jpg': 'empty',
			'renamed-gif.jpg': 'unsupported-format',
		});
	});

	it('writes the same bytes and manifest as the run that made the repo samples', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'argos-samples-'));
		try {
			const written: SampleImage[] = await writeSampleImages(dir);
			expect(written).toEqual(manifest);
			expect(readdirSync(dir).sort()).toEqual(
				[...manifest.map((sample) => sample.fileName), 'manifest.json'].sort(),
			);
			for (const sample of manifest)
				expect(
					readFileSync(path.join(dir, sample.fileName)).equals(sampleBytes(sample.fileName)),
				).toBe(true);
			expect(JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'))).toEqual(manifest);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 60_000); // draws every sample: seconds on a loaded 2-core machine
});
