/**
 * Pre-flight and messages: images that cannot be decoded are refused before they are billed, sizes and fields say
 * exactly what was found, vendor text is cut to a safe size without the key or any base64, and the transaction IDs
 * of billed checks survive an error: in a malformed answer, and of the items checked before a run stopped.
 */
import { withLeadingComments } from '../../emulator/sampleImages';
import { startCaptureServer, type CaptureServer } from '../../tools/n8n/captureServer';
import {
	API_KEY,
	imageItem,
	runArgos,
	sample,
	startTestBed,
	withEmulatorMarker,
	type ArgosTestBed,
	ARGOS,
} from './support/argosTestBed';

let bed: ArgosTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

/** A JPEG cut short right after its size header: 173 bytes that claim 640x480. */
function truncatedJpeg(): Buffer {
	const app0 = Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x9f]), Buffer.alloc(157)]);
	const frame = Buffer.from([0xff, 0xc0, 0x00, 0x08, 8, 0x01, 0xe0, 0x02, 0x80, 3]);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, frame]);
}

describe('images that cannot be what they claim', () => {
	it('refuses a 173-byte JPEG claiming 640x480, and sends nothing', async () => {
		const bytes = truncatedJpeg();
		expect(bytes.length).toBe(173);
		const item = await bed.harness.binaryItem(bytes, 'cut.jpg', 'image/jpeg', {});
		const execution = await runArgos(bed.harness, [item]);
		expect(execution.error?.message).toBe(
			'The JPEG file is damaged or cut short: it ends right after its header, before any image data',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('refuses a PNG without its end, and sends nothing', async () => {
		const png = sample('genuine.png');
		const item = await bed.harness.binaryItem(png.subarray(0, -12), 'cut.png', 'image/png', {});
		const execution = await runArgos(bed.harness, [item]);
		expect(execution.error?.message).toBe(
			'The PNG file is damaged or cut short: it has no end (no IEND chunk): the file is cut short',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('gives the exact size of an image one byte over 10 MB', async () => {
		const jpeg = sample('genuine.jpg');
		const padded = Buffer.concat([jpeg, Buffer.alloc(10 * 1024 * 1024 + 1 - jpeg.length)]);
		const item = await bed.harness.binaryItem(padded, 'big.jpg', 'image/jpeg', {});
		const execution = await runArgos(bed.harness, [item]);
		expect(execution.error?.message).toBe(
			'The image is 10,485,761 bytes; Argos accepts at most 10,485,760 bytes (10 MB)',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('refuses a stored file over 10 MB by the size n8n noted, before reading it', async () => {
		const zeros = await bed.harness.binaryItem(
			Buffer.alloc(12 * 1024 * 1024),
			'scan.jpg',
			'image/jpeg',
		);
		expect((await runArgos(bed.harness, [zeros])).error?.message).toBe(
			'The image is 12.0 MB; Argos accepts at most 10 MB',
		);
		// The size comes from the metadata: a small photo noted as 11 MB is refused for its noted size.
		const photo = await bed.harness.binaryItem(sample('genuine.jpg'), 'id.jpg', 'image/jpeg');
		photo.binary!.data.bytes = 11 * 1024 * 1024;
		expect((await runArgos(bed.harness, [photo])).error?.message).toBe(
			'The image is 11.0 MB; Argos accepts at most 10 MB',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('says what the base64 field held when it is a number', async () => {
		const execution = await runArgos(bed.harness, [{ json: { photo: 42 } }], {
			imageSource: 'base64',
			imageBase64: '={{ $json.photo }}',
		});
		expect(execution.error?.message).toBe(
			'The image field holds the number 42, not an image as base64 text',
		);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});

describe('the transaction IDs of billed checks are kept', () => {
	it('without continue on fail, the error names the checks completed before the failing item', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'genuine.png'),
			await bed.harness.binaryItem(
				withEmulatorMarker(sample('genuine.jpg'), 'errorCode=1009'),
				'fails.jpg',
				'image/jpeg',
				{},
			),
		];
		const execution = await runArgos(bed.harness, input, { options: { concurrency: 1 } });
		expect(execution.error?.message).toBe(
			'Argos could not analyze the document (1009 Fail to analyze document)',
		);
		const [first, second, failed] = bed.emulator.requests.map((request) => request.transactionId);
		expect(execution.error?.description).toContain(`transaction ID: ${failed}`);
		expect(execution.error?.description).toMatch(
			new RegExp(
				`Argos had already analyzed other items of this run \\(billed\\); their transaction IDs: item 0: ${first}, item 1: ${second}\\.$`,
			),
		);
	});
});

describe('an Argos that answers strangely', () => {
	let argos: CaptureServer;
	let strange: ArgosTestBed;
	let answer: (body: Record<string, unknown>) => { status: number; body: unknown };
	beforeAll(async () => {
		argos = await startCaptureServer((request) => answer(request.body as Record<string, unknown>));
		strange = await startTestBed({ credential: { baseUrl: argos.url } });
	});
	afterAll(async () => {
		await strange.close();
		await argos.close();
	});

	it('a 200 without a result: the error carries its transaction ID', async () => {
		answer = () => ({
			status: 200,
			body: { apiType: 'id_live_doc', transactionId: 'txn_billed_1', engineVersion: 'x' },
		});
		const execution = await runArgos(
			strange.harness,
			[await imageItem(strange.harness, 'genuine.jpg')],
			{},
			{ onError: 'continueRegularOutput' },
		);
		expect(execution.output(ARGOS)[0].json).toMatchObject({
			verdict: 'review',
			errorType: 'argosError',
			error: 'Argos answered in an unexpected way: the answer has no result object',
			description: expect.stringContaining('(transaction ID: txn_billed_1)'),
			transactionId: 'txn_billed_1',
			httpCode: '200',
		});
	});

	it('a huge vendor message that echoes the request: capped, without the key or the image', async () => {
		answer = (body) => ({
			status: 400,
			body: {
				error: {
					errorCode: '1999',
					message: `echo ${API_KEY} ${String(body.idImage)} ${'blah '.repeat(40_000)}`,
				},
			},
		});
		const execution = await runArgos(strange.harness, [
			await imageItem(strange.harness, 'genuine.jpg'),
		]);
		const message = execution.error?.message ?? '';
		expect(message).toMatch(/^Argos reported error 1999 \(echo \[removed\] \[removed\] blah blah/);
		expect(message).toMatch(/… \(cut; \d+ characters in all\)\)$/);
		expect(message.length).toBeLessThan(400);
		const everything = JSON.stringify(execution.run);
		expect(everything).not.toContain(API_KEY);
		expect(everything).not.toContain(sample('genuine.jpg').toString('base64').slice(100, 140));
	});
});
describe('the pre-flight', () => {
	it('checks a JPEG whose frame size comes after 300 KB of metadata', async () => {
		const photo = withLeadingComments(sample('genuine.jpg'), 300);
		const execution = await runArgos(bed.harness, [
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
		const execution = await runArgos(bed.harness, input);
		expect(execution.error?.message).toBe(
			'The image is 320x200 pixels; Argos needs at least 640x480',
		);
		// As in n8n's own nodes, the item is in the error's context (the editor's "Other info"), not its title.
		expect((execution.error as { context?: { itemIndex?: number } })?.context?.itemIndex).toBe(30);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});
