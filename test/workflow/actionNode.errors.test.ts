/**
 * What Argos and its gateway can answer, as the user sees it: vendor codes and HTTP statuses become
 * actionable errors with the code and transaction ID; 429, 5xx and network errors are retried.
 */
import {
	imageItem,
	runArgos,
	sample,
	startTestBed,
	withEmulatorMarker,
	type ArgosTestBed,
} from './support/argosTestBed';

let bed: ArgosTestBed;
beforeAll(async () => (bed = await startTestBed()));
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

const quickRetries = { maxRetries: 2, maxRetryWaitSeconds: 1 };

describe('Argos errors', () => {
	it('explains a rejected API key (401, 1001) and does not retry it', async () => {
		const wrongKey = await startTestBed({ credential: { apiKey: 'not-the-key' } });
		try {
			const execution = await runArgos(wrongKey.harness, [
				await imageItem(wrongKey.harness, 'genuine.jpg'),
			]);
			expect(execution.status).toBe('error');
			expect(execution.error?.message).toBe(
				'Argos rejected the API key (1001 Workspace is unavailable)',
			);
			expect(execution.error?.description).toMatch(
				/^Check the API key in the "Argos Identity API" credential.*\(Argos error code: 1001, transaction ID: txn_\w+\)$/,
			);
			expect(wrongKey.emulator.requests).toHaveLength(1);
		} finally {
			await wrongKey.close();
		}
	});

	it.each([
		['1009', 'Argos could not analyze the document (1009 Fail to analyze document)'],
		['1003', 'Argos could not process the image (1003 Fail to process data)'],
	])('explains a failed analysis (%s) with its transaction ID', async (code, message) => {
		const image = withEmulatorMarker(sample('genuine.jpg'), `errorCode=${code}`);
		const input = [await bed.harness.binaryItem(image, 'marked.jpg', 'image/jpeg')];
		const execution = await runArgos(bed.harness, input, {}, { onError: 'continueRegularOutput' });
		const [item] = execution.output('Argos ID Liveness');
		expect(item.json).toEqual({
			verdict: 'review',
			summary: `Not checked: ${message}`,
			errorType: 'argosError',
			error: message,
			description: expect.stringContaining(`(Argos error code: ${code}, transaction ID: txn_`),
			errorCode: code,
			httpCode: '400',
			transactionId: bed.emulator.requests[0].transactionId,
		});
		expect(Object.values(item.json)).not.toContain(null);
	});

	it.each([
		[403, 'Argos refused access (HTTP 403)'],
		[413, 'The image is too large for Argos (HTTP 413)'],
	])('explains a gateway %p without retrying', async (status, message) => {
		bed.emulator.injectFaults([{ type: 'status', status: status as 403 | 413 }]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: quickRetries,
		});
		expect(execution.error?.message).toBe(message);
		expect(bed.emulator.requests).toHaveLength(1);
	});

	it('retries a 429, honouring Retry-After, and succeeds', async () => {
		bed.emulator.injectFaults([
			{ type: 'status', status: 429, retryAfter: '1' },
			{ type: 'status', status: 429, retryAfter: '0' },
		]);
		const started = Date.now();
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { maxRetries: 3 },
		});
		expect(execution.status).toBe('success');
		expect(execution.output('Argos ID Liveness')[0].json.verdict).toBe('pass');
		expect(bed.emulator.requests.map((request) => request.status)).toEqual([429, 429, 200]);
		// Retry-After: 1 was waited for: the second request came at least a second after the first.
		const [first, second] = bed.emulator.requests.map((request) => Date.parse(request.receivedAt));
		expect(second - first).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	it.each([500, 502, 503])('retries a %p and succeeds', async (status) => {
		bed.emulator.injectFaults([{ type: 'status', status: status as 500 | 502 | 503 }]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.png')], {
			options: quickRetries,
		});
		expect(execution.status).toBe('success');
		expect(bed.emulator.requests.map((request) => request.status)).toEqual([status, 200]);
	});

	it('retries a dropped connection and succeeds', async () => {
		bed.emulator.injectFaults([{ type: 'drop' }]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: quickRetries,
		});
		expect(execution.status).toBe('success');
		expect(bed.emulator.requests).toHaveLength(2);
	});

	it('keeps its own message when the network fails on every try (n8n would replace one naming the code)', async () => {
		bed.emulator.injectFaults([{ type: 'drop' }, { type: 'drop' }]);
		const execution = await runArgos(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			{ options: { maxRetries: 1, maxRetryWaitSeconds: 1 } },
			{ onError: 'continueRegularOutput' },
		);
		expect(execution.output('Argos ID Liveness')[0].json).toMatchObject({
			verdict: 'review',
			errorType: 'argosUnavailable',
			error: 'Could not reach Argos and retries ran out',
			description: expect.stringMatching(
				/^The connection failed \(ECONNRESET\) on every try\. Check the Base URL/,
			),
		});
	});

	it('gives up after the configured retries with the gateway status', async () => {
		bed.emulator.injectFaults([
			{ type: 'status', status: 503 },
			{ type: 'status', status: 503 },
			{ type: 'status', status: 503 },
		]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: quickRetries,
		});
		expect(execution.error?.message).toBe(
			'Argos had a server error (HTTP 503) and retries ran out',
		);
		expect(bed.emulator.requests).toHaveLength(3);
	});

	it('does not count rate limits (429) against Max Retries: the item waits for a slot again', async () => {
		bed.emulator.injectFaults([
			{ type: 'status', status: 429, retryAfter: '0' },
			{ type: 'status', status: 429, retryAfter: '0' },
		]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { maxRetries: 0 },
		});
		expect(execution.status).toBe('success');
		expect(bed.emulator.requests.map((request) => request.status)).toEqual([429, 429, 200]);
	});

	it('takes a 503 with Retry-After for a rate limit, as overloaded gateways send it: not counted against Max Retries', async () => {
		bed.emulator.injectFaults([
			{ type: 'status', status: 503, retryAfter: '0' },
			{ type: 'status', status: 503, retryAfter: '0' },
		]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { maxRetries: 0 },
		});
		expect(execution.status).toBe('success');
		expect(bed.emulator.requests.map((request) => request.status)).toEqual([503, 503, 200]);
	});

	it('fails an item rate-limited for longer than Rate Limit Wait (Seconds), without sending again', async () => {
		// Its own emulator: the 5 s pause holds every later request to the same account.
		const limited = await startTestBed();
		try {
			limited.emulator.injectFaults([{ type: 'status', status: 429, retryAfter: '5' }]);
			const execution = await runArgos(
				limited.harness,
				[await imageItem(limited.harness, 'genuine.jpg')],
				{ options: { maxRateLimitWaitSeconds: 2 } },
			);
			expect(execution.error?.message).toBe(
				'Argos kept rate-limiting this request (HTTP 429) for more than 2 seconds',
			);
			expect(limited.emulator.requests).toHaveLength(1);
		} finally {
			await limited.close();
		}
	});

	it('does not retry a server error with Max Retries 0', async () => {
		bed.emulator.injectFaults([{ type: 'status', status: 503 }]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { maxRetries: 0 },
		});
		expect(execution.error?.message).toBe(
			'Argos had a server error (HTTP 503) and retries ran out',
		);
		expect(bed.emulator.requests).toHaveLength(1);
	});

	it('times out a slow answer after the request timeout option', async () => {
		bed.emulator.injectFaults([{ type: 'slow', ms: 2500 }]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { timeoutSeconds: 1, maxRetries: 0 },
		});
		expect(execution.error?.message).toBe('Argos did not answer in time and retries ran out');
	});

	it('explains an answer that is not JSON', async () => {
		bed.emulator.injectFaults([{ type: 'malformed' }]);
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')]);
		expect(execution.error?.message).toBe(
			'Argos answered in an unexpected way: the answer is not a JSON object',
		);
	});

	it.each([
		['cut off', 'cut', 'the answer is not a JSON object'],
		['of another shape', 'nested', 'the answer has no transactionId'],
		["inside a proxy's page", 'page', 'the answer is not a JSON object'],
	] as const)(
		'keeps the transaction ID of a billed check whose 200 is %s, with and without continue on fail',
		async (_case, shape, reason) => {
			bed.emulator.injectFaults([{ type: 'malformed', shape }]);
			const stopped = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')]);
			const billed = bed.emulator.requests[0].transactionId!;
			expect(stopped.error).toMatchObject({
				message: `Argos answered in an unexpected way: ${reason}`,
				description: expect.stringContaining(`(transaction ID: ${billed})`),
			});

			bed.emulator.reset();
			bed.emulator.injectFaults([{ type: 'malformed', shape }]);
			const continued = await runArgos(
				bed.harness,
				[await imageItem(bed.harness, 'genuine.jpg')],
				{},
				{ onError: 'continueRegularOutput' },
			);
			expect(continued.json('Argos ID Liveness')).toEqual([
				expect.objectContaining({
					error: `Argos answered in an unexpected way: ${reason}`,
					transactionId: bed.emulator.requests[0].transactionId,
				}),
			]);
		},
	);

	it('lets the other items complete when one fails and the node continues on fail', async () => {
		const failing = withEmulatorMarker(sample('genuine.jpg'), 'errorCode=1009');
		const input = [
			await imageItem(bed.harness, 'genuine.png'),
			await bed.harness.binaryItem(failing, 'failing.jpg', 'image/jpeg'),
			await imageItem(bed.harness, 'screen-replay.jpg'),
		];
		const execution = await runArgos(
			bed.harness,
			input,
			{ routeByVerdict: true },
			{ onError: 'continueRegularOutput' },
		);
		const [pass, review] = execution.outputs('Argos ID Liveness');
		expect(pass.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(review.map((item) => [item.pairedItem, item.json.error ?? item.json.verdict])).toEqual([
			[{ item: 1 }, 'Argos could not analyze the document (1009 Fail to analyze document)'],
			[{ item: 2 }, 'review'],
		]);
	});

	it('with continue on fail, an expression that fails for one item makes only that item an error', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg', { case: 'c-1' }),
			await imageItem(bed.harness, 'genuine.jpg', {}),
			await imageItem(bed.harness, 'genuine.jpg', { case: 'c-3' }),
		];
		const execution = await runArgos(
			bed.harness,
			input,
			// For the item without a case the expression names a node that does not exist: n8n throws.
			{
				reference:
					"={{ $json.case ? $json.case.toUpperCase() : $('No Such Node').item.json.case }}",
			},
			{ onError: 'continueRegularOutput' },
		);
		const items = execution.output('Argos ID Liveness');
		expect(items.map((item) => [item.pairedItem, item.json.verdict, item.json.reference])).toEqual([
			[{ item: 0 }, 'pass', 'C-1'],
			[{ item: 1 }, 'review', undefined],
			[{ item: 2 }, 'pass', 'C-3'],
		]);
		expect(items[1].json).toMatchObject({ errorType: 'invalidInput' });
		expect(bed.emulator.requests).toHaveLength(2);
	});

	/** The Reference expression of the test above: for an item without a case it names a node that does not exist. */
	const FAILING_REFERENCE =
		"={{ $json.case ? $json.case.toUpperCase() : $('No Such Node').item.json.case }}";

	it('without continue on fail, an expression that fails stops the run with an error naming the parameter and the item, before any credit is spent', async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg', { case: 'c-1' }),
			await imageItem(bed.harness, 'genuine.jpg', {}),
		];
		const execution = await runArgos(bed.harness, input, { reference: FAILING_REFERENCE });
		expect(execution.status).toBe('error');
		expect(execution.error).toMatchObject({
			message: 'Could not read the parameter "Reference" of item 1',
			description: expect.stringMatching(/^n8n: Referenced node doesn't exist/),
			context: expect.objectContaining({ itemIndex: 1 }),
		});
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it("with continue on fail, the error item of an expression that fails names the parameter and keeps n8n's message as its cause", async () => {
		const input = [
			await imageItem(bed.harness, 'genuine.jpg', { case: 'c-1' }),
			await imageItem(bed.harness, 'genuine.jpg', {}),
		];
		const execution = await runArgos(
			bed.harness,
			input,
			{ reference: FAILING_REFERENCE },
			{ onError: 'continueRegularOutput' },
		);
		const [, failed] = execution.output('Argos ID Liveness');
		expect(failed.pairedItem).toEqual({ item: 1 });
		expect(failed.json).toMatchObject({
			error: 'Could not read the parameter "Reference" of item 1',
			description: expect.stringMatching(/^n8n: Referenced node doesn't exist/),
			errorType: 'invalidInput',
		});
	});

	it('names the option inside Options whose expression fails', async () => {
		const execution = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')], {
			options: { maxRetries: 1, minimumScreenReplay: "={{ $('No Such Node').item.json.score }}" },
		});
		expect(execution.error).toMatchObject({
			message: 'Could not read the parameter "Options → Min. Screen Replay" of item 0',
			context: expect.objectContaining({ itemIndex: 0 }),
		});
		expect(bed.emulator.requests).toHaveLength(0);
	});

	it('stops sending after the first failure when the node does not continue on fail', async () => {
		const wrongKey = await startTestBed({ credential: { apiKey: 'not-the-key' } });
		try {
			const input = await Promise.all(
				['genuine.jpg', 'genuine.png', 'genuine.jpg', 'genuine.png'].map(
					async (file) => await imageItem(wrongKey.harness, file),
				),
			);
			const execution = await runArgos(wrongKey.harness, input, { options: { concurrency: 1 } });
			expect(execution.error?.message).toBe(
				'Argos rejected the API key (1001 Workspace is unavailable)',
			);
			expect(wrongKey.emulator.requests).toHaveLength(1);
		} finally {
			await wrongKey.close();
		}
	});
});
