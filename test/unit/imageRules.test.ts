import {
	validateIdImage,
	MAX_IMAGE_BYTES,
} from '../../package/nodes/ArgosIdLiveness/helpers/imageRules';
import { pngBytes } from './support/pngBytes';

/** A whole PNG, `totalBytes` long. */
function png(width: number, height: number, totalBytes = 60): Buffer {
	return pngBytes(width, height, totalBytes - 57);
}

const enforce = { enforceMinimumSize: true };

describe('validateIdImage', () => {
	it('accepts a PNG of at least 640x480', () => {
		expect(validateIdImage(png(640, 480), enforce)).toEqual({
			ok: true,
			image: { format: 'png', bytes: 60, width: 640, height: 480 },
		});
	});

	it('refuses an empty file', () => {
		const validation = validateIdImage(Buffer.alloc(0), enforce);
		expect(validation).toMatchObject({
			ok: false,
			problem: { message: 'The image is empty (0 bytes)' },
		});
	});

	it('names the format it found and the fix', () => {
		const validation = validateIdImage(Buffer.from('GIF89a........'), enforce);
		expect(validation).toMatchObject({
			ok: false,
			problem: {
				message: 'The file is a GIF image; Argos ID Liveness accepts only JPEG or PNG',
				description: expect.stringContaining('Convert the photo to JPEG or PNG'),
			},
		});
	});

	it('refuses an image over 10 MB and says how big it is', () => {
		const validation = validateIdImage(png(4000, 3000, MAX_IMAGE_BYTES + 200_000), enforce);
		expect(validation).toMatchObject({
			ok: false,
			problem: { message: 'The image is 10.2 MB; Argos accepts at most 10 MB' },
		});
		expect(validateIdImage(png(4000, 3000, MAX_IMAGE_BYTES), enforce).ok).toBe(true);
	});

	it('gives the exact bytes when rounding would hide the difference (10 MB + 1 byte)', () => {
		expect(validateIdImage(png(4000, 3000, MAX_IMAGE_BYTES + 1), enforce)).toMatchObject({
			ok: false,
			problem: {
				message: 'The image is 10,485,761 bytes; Argos accepts at most 10,485,760 bytes (10 MB)',
			},
		});
	});

	it('refuses images below 640x480 unless that rule is switched off', () => {
		expect(validateIdImage(png(639, 480), enforce)).toMatchObject({
			ok: false,
			problem: {
				message: 'The image is 639x480 pixels; Argos needs at least 640x480',
				description: expect.stringContaining('Reject Small Images'),
			},
		});
		expect(validateIdImage(png(640, 479), enforce).ok).toBe(false);
		expect(validateIdImage(png(320, 200), { enforceMinimumSize: false }).ok).toBe(true);
	});

	it('refuses a PNG whose header is cut short', () => {
		expect(validateIdImage(png(800, 600).subarray(0, 14), enforce)).toMatchObject({
			ok: false,
			problem: { message: 'The PNG file is damaged: its header has no image size' },
		});
	});

	it.each([
		[
			'without IDAT',
			(whole: Buffer) => Buffer.concat([whole.subarray(0, 33), whole.subarray(-12)]),
			'it has no image data (no IDAT chunk)',
		],
		[
			'cut inside IDAT',
			(whole: Buffer) => whole.subarray(0, 44),
			'it is cut short inside its IDAT chunk',
		],
		[
			'without IEND',
			(whole: Buffer) => whole.subarray(0, -12),
			'it has no end (no IEND chunk): the file is cut short',
		],
		[
			'cut right after IHDR',
			(whole: Buffer) => whole.subarray(0, 33),
			'it ends before any image data (no IDAT chunk)',
		],
	])('refuses a PNG %s', (_case, cut, damage) => {
		expect(validateIdImage(cut(png(800, 600)), enforce)).toMatchObject({
			ok: false,
			problem: {
				message: `The PNG file is damaged or cut short: ${damage}`,
				description: expect.stringContaining('the request would still be billed'),
			},
		});
	});
});
