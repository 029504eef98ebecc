/**
 * "Submit and Wait for Result" when things go wrong before it waits: a run that cannot be submitted never waits nor
 * reaches Argos. Requests to the resume URL that are not its callback: test/unit/resumeWithCallback.test.ts (the
 * node's webhook) and the real n8n (test/e2e/submitAndWait.binding.e2e.test.ts, the reliability matrices).
 */
import { imageItem, startTestBed, type ArgosTestBed } from './support/argosTestBed';
import { ARGOS, jsonPerOutput, runSubmitAndWait } from './support/callbackWorkflows';

let bed: ArgosTestBed;
beforeAll(async () => {
	bed = await startTestBed({ emulator: { callbackDelayMs: 3_600_000 } });
});
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

const TOO_MANY =
	'"Submit and Wait for Result" sends one item per execution, and this node received 2';

describe('a run that cannot be submitted', () => {
	it('with more than one input item stops with a clear error before anything reaches Argos', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'genuine.png'),
		];
		const execution = await runSubmitAndWait(bed.harness, input);
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe(TOO_MANY);
		expect(execution.error?.description).toContain('Loop Over Items node (batch size 1)');
		expect(bed.emulator.requests).toEqual([]);
	});

	it('with more than one input item and "continue" on error, outputs an error item per input item on Review', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg', { n: 1 }),
			await imageItem(bed.harness, 'genuine.png', { n: 2 }),
		];
		const execution = await runSubmitAndWait(
			bed.harness,
			input,
			{ routeByVerdict: true },
			'continueRegularOutput',
		);
		expect(execution.status).toBe('success');
		const [pass, review] = execution.outputs(ARGOS);
		expect(pass).toEqual([]);
		expect(review.map((item) => item.json)).toEqual(
			Array(2).fill(
				expect.objectContaining({
					verdict: 'review',
					errorType: 'invalidInput',
					error: TOO_MANY,
					description: expect.stringContaining('Loop Over Items'),
				}),
			),
		);
		expect(review.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(review.map((item) => item.binary?.data?.fileName)).toEqual([
			'genuine.jpg',
			'genuine.png',
		]);
		expect(bed.emulator.requests).toEqual([]);
	});

	it('with more than one input item and "continue" on error, without routing, outputs the error items on the one output', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg'),
			await imageItem(bed.harness, 'genuine.png'),
		];
		const execution = await runSubmitAndWait(bed.harness, input, {}, 'continueRegularOutput');
		expect(execution.status).toBe('success');
		expect(jsonPerOutput(execution, ARGOS)).toEqual([
			[expect.objectContaining({ error: TOO_MANY }), expect.objectContaining({ error: TOO_MANY })],
		]);
	});

	it('with a file that is no image stops before anything reaches Argos', async () => {
		const item = await bed.harness.binaryItem(Buffer.from('just text'), 'id.jpg', 'image/jpeg');
		const execution = await runSubmitAndWait(
			bed.harness,
			[item],
			{ routeByVerdict: true },
			'continueRegularOutput',
		);
		expect(execution.status).toBe('success');
		expect(jsonPerOutput(execution, ARGOS)).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					errorType: 'unusablePhoto',
					error: expect.stringContaining('JPEG'),
				}),
			],
		]);
		expect(bed.emulator.requests).toEqual([]);
	});

	it('when Argos refuses the submission, reports it and does not wait', async () => {
		bed.emulator.injectFaults([{ type: 'status', status: 403 }]);
		const execution = await runSubmitAndWait(bed.harness, [
			await imageItem(bed.harness, 'genuine.jpg'),
		]);
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe('Argos refused access (HTTP 403)');

		bed.emulator.injectFaults([{ type: 'status', status: 403 }]);
		const continued = await runSubmitAndWait(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			{ routeByVerdict: true },
			'continueRegularOutput',
		);
		expect(continued.status).toBe('success');
		expect(jsonPerOutput(continued, ARGOS)).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					error: 'Argos refused access (HTTP 403)',
					errorType: 'argosError',
					httpCode: '403',
				}),
			],
		]);
	});
});
