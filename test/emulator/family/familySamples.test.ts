import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';
import { familyImage, familyManifest } from './familyTestKit';

function dimensions(bytes: Buffer, mimeType: string): { width: number; height: number } {
	if (mimeType === 'image/jpeg') return decodeJpeg(bytes, { useTArray: true });
	if (mimeType === 'image/png') return PNG.sync.read(bytes);
	expect(bytes.toString('latin1', 0, 2)).toBe('BM');
	expect(bytes.readUInt32LE(2)).toBe(bytes.length);
	return { width: bytes.readInt32LE(18), height: bytes.readInt32LE(22) };
}

const samples = familyManifest().map((sample) => [sample.fileName, sample] as const);

describe('Verify family sample images', () => {
	it.each(samples)(
		'%s decodes to the stated size, at least the 640x480 the vendor asks for',
		(fileName, sample) => {
			const bytes = Buffer.from(familyImage(fileName), 'base64');
			expect(bytes.length).toBe(sample.bytes);
			const { width, height } = dimensions(bytes, sample.mimeType);
			expect({ width, height }).toEqual({ width: sample.width, height: sample.height });
			expect(width).toBeGreaterThanOrEqual(640);
			expect(height).toBeGreaterThanOrEqual(480);
		},
	);

	it('stay under the smallest byte limit of the APIs that take them (recognition: 2,000,000)', () => {
		for (const sample of familyManifest()) expect(sample.bytes).toBeLessThan(2_000_000);
	});
});
