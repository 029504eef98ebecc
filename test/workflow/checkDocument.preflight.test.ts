/**
 * The pre-flight reads each image's size and first bytes only, through n8n's binary helpers, and still refuses a
 * bad item before anything is sent; a JPEG whose frame size lies past the first bytes read is read whole.
 */
import { withLeadingComments } from '../../emulator/sampleImages';
import {
	imageItem,
	runCheck,
	sample,
	startTestBed,
	type ArgosTestBed,
} from './support/argosTestBed';

let bed: ArgosTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

describe('the pre-flight', () => {
	it('checks a JPEG whose frame size comes after 300 KB of metadata', async () => {
		const photo = withLeadingComments(sample('genuine.jpg'), 300);
		const execution = await runCheck(bed.harness, [
			await bed.harness.binaryItem(photo, 'exif-heavy.jpg', 'image/jpeg'),
		]);
		expect(execution.status).toBe('success');
		expect(
			bed.emulator.requests.map((request) => (request.body as Record<string, unknown>).idImage),
		).toEqual([expect.objectContaining({ bytes: photo.length, format: 'jpeg' })]);
	});

	it('sends nothing when the last of many items is bad', async () => {
		const input = [];
		for (let n = 0; n < 30; n++) input.push(await imageItem(bed.harness, 'genuine.jpg'));
		input.push(await imageItem(bed.harness, 'too-small.jpg'));
		const execution = await runCheck(bed.harness, input);
		expect(execution.error?.message).toBe(
			'The image is 320x200 pixels; Argos needs at least 640x480 [item 30]',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});
