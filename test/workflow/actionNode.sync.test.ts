/**
 * "Wait for Result" through n8n's engine against the emulator: what a workflow gets for each sample image,
 * and what Argos receives.
 */
import { scoresOf } from '../../tools/argos-stack/argosOutput';
import {
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

describe('Wait for Result', () => {
	it('echoes the Reference, set by an expression, in the output', async () => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg', { caseId: 'C-1' })],
			{ reference: '={{ $json.caseId }}' },
		);
		expect(execution.output('Argos ID Liveness')[0].json).toMatchObject({
			verdict: 'pass',
			reference: 'C-1',
		});
	});

	it('checks a JPEG from binary data and outputs scores, risk bands and a pass verdict', async () => {
		const execution = await runArgos(bed.harness, [
			await imageItem(bed.harness, 'genuine.jpg', { caseId: 'C-1' }),
		]);

		expect(execution.status).toBe('success');
		const [item] = execution.output('Argos ID Liveness');
		expect(item.json).toEqual({
			verdict: 'pass',
			summary: 'Passed all 3 checks',
			screenReplay: 97,
			screenReplayRisk: 'very low risk',
			paperPrinted: 91,
			paperPrintedRisk: 'very low risk',
			replacePortraits: 95,
			replacePortraitsRisk: 'very low risk',
			minimumScores: { screenReplay: 61, paperPrinted: 61, replacePortraits: 61 },
			transactionId: expect.stringMatching(/^txn_/),
			engineVersion: 'id_liveness@3.4.2',
		});
		expect(Object.keys(item.json).slice(0, 2)).toEqual(['verdict', 'summary']);
		// Nothing empty: no reference was set, so there is no reference field (n8n's table would show null).
		expect(item.json).not.toHaveProperty('reference');
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data?.fileName).toBe('genuine.jpg');

		const [request] = bed.emulator.requests;
		expect(request.headers['x-api-key']).toBe('workflow-test-key');
		expect(request.body).toMatchObject({
			idImage: { format: 'jpeg', bytes: sample('genuine.jpg').length },
			pipelines: { sr: true, pc: true, ps: true },
		});
		expect(request.body).not.toHaveProperty('useUpcomingVersion');
		expect(request.body).not.toHaveProperty('callbackUrl');
	});

	it('checks a PNG and sends the review verdict with the failing check', async () => {
		const execution = await runArgos(bed.harness, [
			await imageItem(bed.harness, 'printed-copy.png'),
		]);
		const [item] = execution.output('Argos ID Liveness');
		expect(item.json).toMatchObject({
			verdict: 'review',
			failedChecks: ['paperPrinted'],
			screenReplay: 96,
			paperPrinted: 45,
			paperPrintedRisk: 'medium risk',
			replacePortraits: 92,
		});
		expect(bed.emulator.requests[0].body).toMatchObject({ idImage: { format: 'png' } });
	});

	it('runs only the checks switched on, and asks for the upcoming engine when told', async () => {
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'screen-replay.jpg')],
			{
				screenReplay: false,
				replacePortraits: false,
				options: { useUpcomingVersion: true },
			},
		);
		const [item] = execution.output('Argos ID Liveness');
		expect(scoresOf(item.json)).toEqual({ paperPrinted: 93 });
		expect(item.json.verdict).toBe('pass');
		expect(item.json.minimumScores).toEqual({ paperPrinted: 61 });
		expect(item.json.engineVersion).not.toBe('id_liveness@3.4.2');
		expect(bed.emulator.requests[0].body).toMatchObject({
			pipelines: { sr: false, pc: true, ps: false },
			useUpcomingVersion: true,
		});
	});

	it('applies the minimum score options to the verdict', async () => {
		const input = [await imageItem(bed.harness, 'genuine.jpg')];
		const strict = await runArgos(bed.harness, input, {
			options: { minimumPaperPrinted: 92, minimumScreenReplay: 98 },
		});
		expect(strict.output('Argos ID Liveness')[0].json).toMatchObject({
			verdict: 'review',
			failedChecks: ['screenReplay', 'paperPrinted'],
		});
		const lenient = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'portrait-swap.jpg')],
			{ options: { minimumReplacePortraits: 20 } },
		);
		expect(lenient.output('Argos ID Liveness')[0].json).toMatchObject({
			verdict: 'pass',
			minimumScores: { replacePortraits: 20 },
		});
	});

	it('routes passes to the Pass output and the rest to Review, keeping pairing', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'screen-replay.jpg'),
			await imageItem(bed.harness, 'genuine.png'),
			await imageItem(bed.harness, 'portrait-swap.jpg'),
		];
		const execution = await runArgos(bed.harness, input, { routeByVerdict: true });
		const [pass, review] = execution.outputs('Argos ID Liveness');
		expect(
			pass.map((item) => [item.binary?.data?.fileName, item.json.verdict, item.pairedItem]),
		).toEqual([
			['genuine.jpg', 'pass', { item: 0 }],
			['genuine.png', 'pass', { item: 2 }],
		]);
		expect(
			review.map((item) => [item.binary?.data?.fileName, item.json.failedChecks, item.pairedItem]),
		).toEqual([
			['screen-replay.jpg', ['screenReplay'], { item: 1 }],
			['portrait-swap.jpg', ['replacePortraits'], { item: 3 }],
		]);
	});

	it('keeps one output in callback mode even if Route by Verdict was left on', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			operation: 'sendToCallbackUrl',
			callbackUrl: 'https://n8n.example.com/webhook/abc/callback',
			routeByVerdict: true,
		});
		const outputs = execution.outputs('Argos ID Liveness');
		expect(outputs).toHaveLength(1);
		expect(outputs[0][0].json).toMatchObject({
			status: 'accepted',
			transactionId: bed.emulator.requests[0].transactionId,
		});
	});

	it('drops the input files from the output when told', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { keepBinary: false },
		});
		expect(execution.output('Argos ID Liveness')[0].binary).toBeUndefined();
	});

	it('takes the image from a base64 field or a data: URL', async () => {
		const base64 = sample('genuine.png').toString('base64');
		const input = [
			{ json: { photo: base64 } },
			{ json: { photo: `data:image/png;base64,${base64}` } },
		];
		const execution = await runArgos(bed.harness, input, {
			imageSource: 'base64',
			imageBase64: '={{ $json.photo }}',
		});
		expect(execution.output('Argos ID Liveness').map((item) => scoresOf(item.json))).toEqual([
			{ screenReplay: 98, paperPrinted: 94, replacePortraits: 96 },
			{ screenReplay: 98, paperPrinted: 94, replacePortraits: 96 },
		]);
		// Argos receives bare base64: the data: prefix is gone and the bytes are the PNG's.
		expect(bed.emulator.requests.map((request) => request.body)).toEqual([
			expect.objectContaining({
				idImage: expect.objectContaining({ format: 'png', bytes: sample('genuine.png').length }),
			}),
			expect.objectContaining({
				idImage: expect.objectContaining({ format: 'png', bytes: sample('genuine.png').length }),
			}),
		]);
	});

	it('keeps input order with concurrent requests, and never exceeds the concurrency option', async () => {
		bed.emulator.injectFaults([{ type: 'slow', ms: 400 }]);
		const files = [
			'genuine.jpg',
			'screen-replay.jpg',
			'genuine.png',
			'printed-copy.png',
			'portrait-swap.jpg',
			'genuine.jpg',
		];
		const input = await Promise.all(files.map(async (file) => await imageItem(bed.harness, file)));
		const limited = await startTestBed({ emulator: { maxConcurrent: 2, latencyMs: 50 } });
		try {
			const execution = await runArgos(
				limited.harness,
				await Promise.all(files.map(async (file) => await imageItem(limited.harness, file))),
				{
					options: { concurrency: 2, maxRetries: 0 },
				},
			);
			expect(execution.status).toBe('success');
			expect(limited.emulator.requests.map((request) => request.status)).toEqual(
				files.map(() => 200),
			);
		} finally {
			await limited.close();
		}
		const execution = await runArgos(bed.harness, input, { options: { concurrency: 3 } });
		expect(
			execution
				.output('Argos ID Liveness')
				.map((item) => [item.binary?.data?.fileName, item.pairedItem]),
		).toEqual(files.map((file, index) => [file, { item: index }]));
		// The first request to arrive was answered last, yet its item keeps its input position, ahead of later items.
		const slowest = execution
			.output('Argos ID Liveness')
			.findIndex((item) => item.json.transactionId === bed.emulator.requests[0].transactionId);
		expect(slowest).toBeGreaterThanOrEqual(0);
		expect(slowest).toBeLessThan(3);
	});
});
