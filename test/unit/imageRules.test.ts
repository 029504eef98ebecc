import { validateIdImage, MAX_IMAGE_BYTES } from '../../nodes/ArgosIdLiveness/helpers/imageRules';

function png(width: number, height: number, totalBytes = 33): Buffer {
	const bytes = Buffer.alloc(Math.max(totalBytes, 33));
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(bytes);
	bytes.write('IHDR', 12, 'ascii');
	bytes.writeUInt32BE(width, 16);
	bytes.writeUInt32BE(height, 20);
	return bytes;
}

const enforce = { enforceMinimumSize: true };

describe('validateIdImage', () => {
	it('accepts a PNG of at least 640x480', () => {
		expect(validateIdImage(png(640, 480), enforce)).toEqual({
			ok: true,
			image: { format: 'png', bytes: 33, width: 640, height: 480 },
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
		const validation = validateIdImage(png(4000, 3000, MAX_IMAGE_BYTES + 1), enforce);
		expect(validation).toMatchObject({
			ok: false,
			problem: { message: 'The image is 10.0 MB; Argos accepts at most 10 MB' },
		});
		expect(validateIdImage(png(4000, 3000, MAX_IMAGE_BYTES), enforce).ok).toBe(true);
	});

	it('refuses images below 640x480 unless that rule is switched off', () => {
		expect(validateIdImage(png(639, 480), enforce)).toMatchObject({
			ok: false,
			problem: {
				message: 'The image is 639x480 pixels; Argos needs at least 640x480',
				description: expect.stringContaining('Reject Images Below 640x480'),
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
});
