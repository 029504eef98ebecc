/**
 * The "Image URL" source: n8n downloads the ID photo from a loopback server through its HTTP helper, with Argos'
 * 10 MB limit enforced while downloading and the same pre-flight as a file, before any credit is spent.
 */
import { withLeadingComments } from '../../emulator/sampleImages';
import { KEPT_IMAGE_BYTES } from '../../package/nodes/ArgosIdLiveness/helpers/imageSource';
import { startImageServer, type ImageServer } from '../../tools/n8n/imageServer';
import { ARGOS, runArgos, sample, startTestBed, type ArgosTestBed } from './support/argosTestBed';

const MB = 1024 * 1024;
/** A valid JPEG of 6 MB: three of them pass the bytes a run keeps from its pre-flight. */
const largePhoto = withLeadingComments(
	sample('genuine.jpg'),
	6 * 1024 - sample('genuine.jpg').length / 1024,
);
let bed: ArgosTestBed;
let photos: ImageServer;
beforeAll(async () => {
	bed = await startTestBed();
	photos = await startImageServer({
		'/genuine.jpg': { bytes: sample('genuine.jpg') },
		'/printed-copy.png': { bytes: sample('printed-copy.png'), contentType: 'image/png' },
		'/chunked.jpg': { bytes: sample('genuine.jpg'), chunked: true },
		'/animated.gif': { bytes: sample('animated.gif'), contentType: 'image/gif' },
		'/too-small.jpg': { bytes: sample('too-small.jpg') },
		'/gone.jpg': { bytes: Buffer.from('gone'), status: 410 },
		'/declared-50mb.jpg': { declaredBytes: 50 * MB },
		'/endless.jpg': { endlessBytes: true, maxBytes: 200 * MB },
		'/stalls.jpg': { stall: true },
		'/large.jpg': { bytes: largePhoto },
	});
});
afterAll(async () => {
	await photos.close();
	await bed.close();
});
beforeEach(() => {
	bed.emulator.reset();
	photos.requests.length = 0;
	photos.bytesWritten.clear();
});

const fromUrl = (imageUrl: string, options = {}) => ({
	imageSource: 'url',
	imageUrl,
	options: { maxRetries: 0, ...options },
});

describe('Image URL', () => {
	it('downloads the photo of each item from its own URL (an expression) and sends those bytes', async () => {
		const execution = await runArgos(
			bed.harness,
			[
				{ json: { photoUrl: `${photos.url}/genuine.jpg?token=s3cr3t` } },
				{ json: { photoUrl: `${photos.url}/printed-copy.png` } },
			],
			{ ...fromUrl('={{ $json.photoUrl }}'), routeByVerdict: true },
		);
		expect(execution.status).toBe('success');
		const [pass, review] = execution.outputs(ARGOS);
		expect(pass.map((item) => item.json.verdict)).toEqual(['pass']);
		expect(review.map((item) => item.json.verdict)).toEqual(['review']);
		expect(bed.emulator.requests.map((request) => request.body)).toEqual([
			expect.objectContaining({
				idImage: expect.objectContaining({ format: 'jpeg', bytes: sample('genuine.jpg').length }),
			}),
			expect.objectContaining({
				idImage: expect.objectContaining({
					format: 'png',
					bytes: sample('printed-copy.png').length,
				}),
			}),
		]);
		// Downloaded once: the run keeps what its pre-flight checked, up to KEPT_IMAGE_BYTES.
		expect(photos.requests.filter((path) => path.startsWith('/genuine.jpg'))).toHaveLength(1);
	});

	it('downloads again, when it is sent, a photo past the bytes a run keeps from its pre-flight', async () => {
		const items = [1, 2, 3].map((n) => ({ json: { photoUrl: `${photos.url}/large.jpg?n=${n}` } }));
		const execution = await runArgos(bed.harness, items, fromUrl('={{ $json.photoUrl }}'));
		expect(execution.status).toBe('success');
		expect(2 * largePhoto.length).toBeLessThanOrEqual(KEPT_IMAGE_BYTES);
		expect(3 * largePhoto.length).toBeGreaterThan(KEPT_IMAGE_BYTES);
		expect([...photos.requests].sort()).toEqual([
			'/large.jpg?n=1',
			'/large.jpg?n=2',
			'/large.jpg?n=3',
			'/large.jpg?n=3',
		]);
		expect(bed.emulator.requests.map((request) => request.body)).toEqual(
			items.map(() =>
				expect.objectContaining({
					idImage: expect.objectContaining({ bytes: largePhoto.length }),
				}),
			),
		);
	});

	it('reads a body sent without Content-Length (chunked)', async () => {
		const execution = await runArgos(
			bed.harness,
			[{ json: {} }],
			fromUrl(`${photos.url}/chunked.jpg`),
		);
		expect(execution.json(ARGOS)[0]).toMatchObject({ verdict: 'pass' });
	});

	it('refuses a Content-Length over 10 MB before reading the body, and sends nothing', async () => {
		const execution = await runArgos(
			bed.harness,
			[{ json: {} }],
			fromUrl(`${photos.url}/declared-50mb.jpg`),
		);
		expect(execution.error?.message).toBe(
			`The image at ${photos.url}/declared-50mb.jpg is larger than 10 MB, the most Argos accepts`,
		);
		expect(bed.emulator.requests).toHaveLength(0);
		// the server could only fill the socket buffers before n8n hung up
		expect(photos.bytesWritten.get('/declared-50mb.jpg') ?? 0).toBeLessThan(10 * MB);
	});

	it('stops reading a body without Content-Length once it passes 10 MB', async () => {
		const execution = await runArgos(
			bed.harness,
			[{ json: {} }],
			fromUrl(`${photos.url}/endless.jpg`),
		);
		expect(execution.error?.message).toBe(
			`The image at ${photos.url}/endless.jpg is larger than 10 MB, the most Argos accepts`,
		);
		expect(bed.emulator.requests).toHaveLength(0);
		const written = photos.bytesWritten.get('/endless.jpg') ?? 0;
		expect(written).toBeGreaterThan(10 * MB);
		expect(written).toBeLessThan(20 * MB);
	});

	it.each([
		['animated.gif', /^The file is a GIF image; Argos ID Liveness accepts only JPEG or PNG/],
		['too-small.jpg', /^The image is 320x200 pixels; Argos needs at least 640x480/],
	])(
		'runs the same pre-flight on %s as on a file, before any credit is spent',
		async (file, message) => {
			const execution = await runArgos(
				bed.harness,
				[{ json: {} }],
				fromUrl(`${photos.url}/${file}`),
			);
			expect(execution.error?.message).toMatch(message);
			expect((execution.error as { context?: { itemIndex?: number } })?.context?.itemIndex).toBe(0);
			expect(bed.emulator.requests).toHaveLength(0);
		},
	);

	it('names the item, the HTTP status and the link without its query when the server refuses', async () => {
		const execution = await runArgos(
			bed.harness,
			[{ json: {} }],
			fromUrl(`${photos.url}/gone.jpg?X-Amz-Signature=s3cr3t`),
		);
		expect(execution.error?.message).toBe(
			`The image could not be downloaded from ${photos.url}/gone.jpg?… : the server answered HTTP 410`.replace(
				' :',
				':',
			),
		);
		// n8n keeps the node's parameters with the error; the node's own words never repeat the query
		expect(`${execution.error?.message} ${execution.error?.description}`).not.toContain('s3cr3t');
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('gives up on a server that stalls mid-body after the Request Timeout', async () => {
		const execution = await runArgos(
			bed.harness,
			[{ json: {} }],
			fromUrl(`${photos.url}/stalls.jpg`, { timeoutSeconds: 1 }),
		);
		expect(execution.error?.message).toBe(
			`The image could not be downloaded from ${photos.url}/stalls.jpg: no answer within the Request Timeout`,
		);
		expect(bed.emulator.requests).toHaveLength(0);
	}, 20_000);

	it('with continue on fail, sends the first item while a later one is still in its pre-flight', async () => {
		const started = Date.now();
		const execution = await runArgos(
			bed.harness,
			[
				{ json: { photoUrl: `${photos.url}/genuine.jpg` } },
				{ json: { photoUrl: `${photos.url}/stalls.jpg` } },
			],
			fromUrl('={{ $json.photoUrl }}', { timeoutSeconds: 2 }),
			{ onError: 'continueRegularOutput' },
		);
		const [first, second] = execution.json(ARGOS);
		expect(first).toMatchObject({ verdict: 'pass' });
		expect(second.error).toContain('no answer within the Request Timeout');
		// The stalled download took the 2-second timeout; the first photo had gone to Argos long before it ended.
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		expect(Date.parse(bed.emulator.requests[0].receivedAt) - started).toBeLessThan(1500);
	}, 20_000);

	it('with continue on fail, one unreachable photo does not sink the others', async () => {
		const execution = await runArgos(
			bed.harness,
			[
				{ json: { photoUrl: 'http://127.0.0.1:1/nothing-listens.jpg' } },
				{ json: { photoUrl: `${photos.url}/genuine.jpg` } },
			],
			fromUrl('={{ $json.photoUrl }}'),
			{ onError: 'continueRegularOutput' },
		);
		const [first, second] = execution.json(ARGOS);
		expect(first.error).toBe(
			'The image could not be downloaded from http://127.0.0.1:1/nothing-listens.jpg: the server refused the connection',
		);
		expect(first.description).toEqual(expect.stringMatching(/\(ECONNREFUSED\)$/));
		expect(second).toMatchObject({ verdict: 'pass' });
	});

	it.each([
		['={{ "" }}', 'The Image URL is not usable: the Image URL is empty'],
		['files/id.jpg', 'The Image URL is not usable: "files/id.jpg" is not an absolute URL'],
		[
			'ftp://files.example.com/id.jpg',
			'The Image URL is not usable: the Image URL must start with https:// or http://, not ftp://',
		],
		[
			'https://user:pw@files.example.com/id.jpg',
			/^The Image URL is not usable: it holds a user name or password/,
		],
		[
			'https://files.example.com/my id.jpg',
			/^The Image URL is not usable: it contains whitespace at character 29/,
		],
	])('refuses %j before downloading anything', async (imageUrl, message) => {
		const execution = await runArgos(bed.harness, [{ json: {} }], fromUrl(imageUrl));
		if (typeof message === 'string') expect(execution.error?.message).toBe(message);
		else expect(execution.error?.message).toMatch(message);
		expect(bed.emulator.requests).toHaveLength(0);
	});
});
