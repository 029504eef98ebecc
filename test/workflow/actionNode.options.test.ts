/**
 * Number options given by expressions arrive as text: numeric text counts as its number, anything else or a
 * value out of range stops the item before any request, naming the item, the option, the value and the range.
 * Each case below ran (or crashed) before these checks: retried without end, no timeout, expired links.
 */
import {
	imageItem,
	runArgos,
	startTestBed,
	type ArgosTestBed,
	ARGOS,
} from './support/argosTestBed';
import {
	callbackQuery,
	callTrigger,
	resultCallback,
	triggerOutputs,
	triggerWorkflow,
} from './support/callbackWorkflows';

let bed: ArgosTestBed;
const SECRET = 'options-test-secret';
beforeAll(async () => (bed = await startTestBed({ credential: { callbackSecret: SECRET } })));
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

describe('a bad number option stops the item before anything is sent', () => {
	it.each([
		[
			'Max Retries {{ "x" }} (retried without end)',
			{ maxRetries: '={{ "x" }}' },
			'"Max Retries" is "x", not a whole number from 0 to 10',
		],
		[
			'Max Concurrent Requests {{ "x" }} (crashed on pairedItem)',
			{ concurrency: '={{ "x" }}' },
			'"Max Concurrent Requests" is "x", not a whole number from 1 to 100',
		],
		[
			'Request Timeout 0 (meant no timeout)',
			{ timeoutSeconds: 0 },
			'"Request Timeout (Seconds)" is 0, not a number from 1 to 600',
		],
		[
			'Minimum Screen Replay Score {{ "high" }}',
			{ minimumScreenReplay: '={{ "high" }}' },
			'"Min. Screen Replay" is "high", not a number from 0 to 100',
		],
	])('%s', async (_case, options, message) => {
		// Two server errors first: a node that went on would retry and then pass.
		bed.emulator.injectFaults([
			{ type: 'status', status: 500 },
			{ type: 'status', status: 500 },
		]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options,
		});
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe(message);
		expect(execution.error?.description).toMatch(/^Set the option "/);
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it.each([
		['{{ -1 }}', '={{ -1 }}', '-1'],
		['{{ "abc" }}', '={{ "abc" }}', '"abc"'],
	])(
		'Callback Link Valid For %s (signed already-expired links)',
		async (_case, callbackValidHours, shown) => {
			const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
				operation: 'sendToCallbackUrl',
				callbackUrl: 'http://127.0.0.1:9/webhook/argos/callback',
				options: { callbackValidHours },
			});
			expect(execution.error?.message).toBe(
				`"Link Valid For (Hours)" is ${shown}, not a number from 1 to 720`,
			);
			expect(bed.emulator.requests).toHaveLength(0);
		},
	);

	it('with continue on fail, only the item whose option is bad fails; the others are sent', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg', { retries: 'x' }),
			await imageItem(bed.harness, 'genuine.png', { retries: '2' }),
		];
		const execution = await runArgos(
			bed.harness,
			input,
			{ options: { maxRetries: '={{ $json.retries }}' } },
			{ onError: 'continueRegularOutput' },
		);
		expect(execution.status).toBe('success');
		const items = execution.output(ARGOS);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.error).toBe('"Max Retries" is "x", not a whole number from 0 to 10');
		expect(items[1].json.verdict).toBe('pass');
		expect(bed.emulator.requests).toHaveLength(1);
	});
});

describe('numbers given as text by expressions are taken as numbers', () => {
	it('a minimum score "90" decides the verdict', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { minimumScreenReplay: '={{ "99" }}', maxRetries: '={{ "0" }}' },
		});
		expect(execution.status).toBe('success');
		const [item] = execution.output(ARGOS);
		expect(item.json).toMatchObject({
			verdict: 'review',
			failedChecks: ['screenReplay'],
			minimumScores: { screenReplay: 99, paperPrinted: 61, replacePortraits: 61 },
		});
	});

	it("Max Concurrent Requests {{ '2' }} sends every item", async () => {
		const input = await Promise.all(
			['genuine.jpg', 'genuine.png', 'genuine.jpg'].map((file) => imageItem(bed.harness, file)),
		);
		const execution = await runArgos(bed.harness, input, {
			options: { concurrency: "={{ '2' }}" },
		});
		expect(execution.output(ARGOS).map((item) => item.json.verdict)).toEqual([
			'pass',
			'pass',
			'pass',
		]);
		expect(bed.emulator.requests).toHaveLength(3);
	});

	it('the trigger takes a minimum score "90" from an expression', async () => {
		const call = await callTrigger(
			bed.harness,
			triggerWorkflow(bed.harness, { options: { minimumScreenReplay: '={{ "90" }}' } }),
			{
				body: resultCallback('txn_text_minimum', { screenReplay: 85 }),
				query: callbackQuery({ secret: SECRET }),
			},
		);
		expect(call.statusCode).toBe(200);
		expect(triggerOutputs(call)[0][0].json).toMatchObject({
			verdict: 'review',
			minimumScores: { screenReplay: 90 },
		});
	});

	it('the trigger refuses a minimum score it cannot read, naming the option, and starts nothing', async () => {
		const call = await callTrigger(
			bed.harness,
			triggerWorkflow(bed.harness, { options: { minimumPaperPrinted: '={{ "high" }}' } }),
			{
				body: resultCallback('txn_bad_minimum', { paperPrinted: 85 }),
				query: callbackQuery({ secret: SECRET }),
			},
		);
		expect(call).toMatchObject({
			statusCode: 500,
			started: false,
			responseBody: {
				error: '"Min. Paper Printed" is "high", not a number from 0 to 100',
			},
		});
	});
});
