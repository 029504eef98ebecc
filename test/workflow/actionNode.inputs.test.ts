/**
 * Bad input is stopped before any request, with an error that names the item, what was wrong and the fix;
 * with "continue on fail" each bad item becomes one error item and the others still complete.
 */
import { scoresOf } from '../../tools/argos-stack/argosOutput';
import {
	API_KEY,
	imageItem,
	runArgos,
	sample,
	startTestBed,
	type ArgosTestBed,
} from './support/argosTestBed';

let bed: ArgosTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

describe('bad input', () => {
	it.each([
		[
			'not-an-image.txt',
			'The file is not an image: its content is neither JPEG nor PNG, the only formats Argos ID Liveness accepts',
			'Convert the photo to JPEG or PNG',
		],
		[
			'animated.gif',
			'The file is a GIF image; Argos ID Liveness accepts only JPEG or PNG',
			'not its name or MIME type',
		],
		[
			'renamed-gif.jpg',
			'The file is a GIF image; Argos ID Liveness accepts only JPEG or PNG',
			'not its name or MIME type',
		],
		['empty.jpg', 'The image is empty (0 bytes)', 'gave no content'],
		[
			'too-small.jpg',
			'The image is 320x200 pixels; Argos needs at least 640x480',
			'Reject Small Images',
		],
	])('stops %s before any request', async (file, message, fix) => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, file)]);
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe(message);
		expect(execution.error?.description).toContain(fix);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('sends a small image when the size check is switched off', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'too-small.jpg')], {
			options: { enforceMinimumSize: false },
		});
		expect(execution.status).toBe('success');
		expect(scoresOf(execution.output('Argos ID Liveness')[0].json)).toEqual({
			screenReplay: 28,
			paperPrinted: 68,
			replacePortraits: 73,
		});
	});

	it('names the missing binary field and the fields there are', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			binaryPropertyName: 'idPhoto',
		});
		expect(execution.error?.message).toBe('The item has no binary field "idPhoto"');
		expect(execution.error?.description).toBe('Set "Input Binary Field" to one of: data.');
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('refuses to run with every check switched off', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			screenReplay: false,
			paperPrinted: false,
			replacePortraits: false,
		});
		expect(execution.error?.message).toBe('No check is turned on');
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('refuses a callback URL that is not absolute http(s)', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			operation: 'sendToCallbackUrl',
			callbackUrl: '/webhook/x',
		});
		expect(execution.error?.message).toBe(
			'The Callback URL is not usable: "/webhook/x" is not an absolute URL',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('refuses a base64 field that is not base64', async () => {
		const execution = await runArgos(bed.harness, [{ json: { photo: 'this is not base64!' } }], {
			imageSource: 'base64',
			imageBase64: '={{ $json.photo }}',
		});
		expect(execution.error?.message).toBe('The image field is not valid base64');
	});

	it('spends no credit when a later item is bad and the node does not continue on fail', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'genuine.png'),
			await imageItem(bed.harness, 'animated.gif'),
		];
		const execution = await runArgos(bed.harness, input);
		expect(execution.error?.message).toBe(
			'The file is a GIF image; Argos ID Liveness accepts only JPEG or PNG',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('gives exactly one output item per input item with continue on fail, in order', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'animated.gif'),
			await imageItem(bed.harness, 'genuine.png'),
			{ json: { note: 'no file' } },
		];
		const execution = await runArgos(bed.harness, input, {}, { onError: 'continueRegularOutput' });
		expect(execution.status).toBe('success');
		const items = execution.output('Argos ID Liveness');
		expect(items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
		expect(items[0].json.verdict).toBe('pass');
		expect(items[1].json).toMatchObject({
			verdict: 'review',
			summary: 'Not checked: The file is a GIF image; Argos ID Liveness accepts only JPEG or PNG',
			errorType: 'unusablePhoto',
			error: 'The file is a GIF image; Argos ID Liveness accepts only JPEG or PNG',
			description: expect.stringContaining('Convert the photo to JPEG or PNG'),
		});
		expect(items[2].json.verdict).toBe('pass');
		expect(items[3].json.error).toBe('The item has no binary field "data"');
		expect(bed.emulator.requests).toHaveLength(2);
	});

	it('sends failed items to the error output, with the input fields, when the node uses it', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'empty.jpg', { caseId: 'C-9' }),
		];
		const execution = await runArgos(
			bed.harness,
			input,
			{ routeByVerdict: true },
			{ onError: 'continueErrorOutput' },
		);
		const [pass, review, errors] = execution.outputs('Argos ID Liveness');
		expect(pass).toHaveLength(1);
		expect(review).toHaveLength(0);
		expect(errors).toHaveLength(1);
		expect(errors[0].json).toEqual({
			file: 'empty.jpg',
			caseId: 'C-9',
			error: 'The image is empty (0 bytes)',
			details: expect.objectContaining({
				verdict: 'review',
				errorType: 'unusablePhoto',
				summary: 'Not checked: The image is empty (0 bytes)',
			}),
		});
		expect(errors[0].pairedItem).toEqual({ item: 1 });
	});

	it('sends failed items to Review, never to Pass, when routing and continuing on the regular output', async () => {
		const input = [
			await imageItem(bed.harness, 'empty.jpg'),
			await imageItem(bed.harness, 'genuine.jpg'),
		];
		const execution = await runArgos(
			bed.harness,
			input,
			{ routeByVerdict: true },
			{ onError: 'continueRegularOutput' },
		);
		const [pass, review] = execution.outputs('Argos ID Liveness');
		expect(pass.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
		expect(review.map((item) => [item.pairedItem, item.json.error])).toEqual([
			[{ item: 0 }, 'The image is empty (0 bytes)'],
		]);
	});

	it('drops the photo of a rejected item too when Keep Input Binary is off', async () => {
		const input = [
			await imageItem(bed.harness, 'too-small.jpg'),
			await imageItem(bed.harness, 'genuine.jpg'),
		];
		const execution = await runArgos(
			bed.harness,
			input,
			{ options: { keepBinary: false } },
			{ onError: 'continueRegularOutput' },
		);
		const items = execution.output('Argos ID Liveness');
		expect(items[0].json.error).toBe('The image is 320x200 pixels; Argos needs at least 640x480');
		expect(items.map((item) => item.binary)).toEqual([undefined, undefined]);
	});

	it('keeps the image and the API key out of the execution data', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'animated.gif'),
		];
		const execution = await runArgos(bed.harness, input, {}, { onError: 'continueRegularOutput' });
		const everything = JSON.stringify(execution.run);
		expect(everything).not.toContain(API_KEY);
		expect(everything).not.toContain(sample('genuine.jpg').toString('base64').slice(0, 200));
		expect(everything).not.toContain(sample('animated.gif').toString('base64').slice(0, 40));
	});
});
