/**
 * "Submit and Wait for Result" when things go wrong before or while it waits: bad requests to the resume URL
 * leave the execution waiting, and a run that cannot be submitted never waits nor reaches Argos.
 * Argos is told to call back only after an hour here, so every request to the resume URL is the test's own.
 */
import { imageItem, startTestBed, type ArgosTestBed } from './support/argosTestBed';
import {
	ARGOS,
	jsonPerOutput,
	postJson,
	resultCallback,
	runSubmitAndWait,
} from './support/callbackWorkflows';

let bed: ArgosTestBed;
beforeAll(async () => {
	bed = await startTestBed({ emulator: { callbackDelayMs: 3_600_000 } });
	await bed.harness.listen();
});
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

const TOO_MANY =
	'"Submit and Wait for Result" checks one item per execution, and this node received 2';

async function waitingExecution() {
	const waiting = await runSubmitAndWait(
		bed.harness,
		[await imageItem(bed.harness, 'genuine.jpg')],
		{ routeByVerdict: true },
	);
	expect(waiting.status).toBe('waiting');
	const transactionId = bed.emulator.requests[0].transactionId!;
	return {
		waiting,
		goodCallback: resultCallback(transactionId, {
			screenReplay: 97,
			paperPrinted: 91,
			replacePortraits: 95,
		}),
	};
}

describe('a request to the resume URL', () => {
	it('that is not an Argos callback gets 400 and the execution keeps waiting for the real one', async () => {
		const { waiting, goodCallback } = await waitingExecution();

		const otherApi = await postJson(waiting.resumeUrl, {
			...goodCallback,
			apiType: 'id_live_face',
		});
		expect(otherApi).toEqual({
			status: 400,
			body: { error: 'Not an Argos ID Liveness callback: apiType is not "id_live_doc"' },
		});
		const notJson = await postJson(waiting.resumeUrl, '["not", "a", "callback"]');
		expect(notJson).toEqual({
			status: 400,
			body: { error: 'Not an Argos ID Liveness callback: the body is not a JSON object' },
		});
		// 40 KB of nesting: more than JSON.stringify can follow
		const nested = await postJson(waiting.resumeUrl, `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
		expect(nested).toEqual({
			status: 400,
			body: { error: 'Not an Argos ID Liveness callback: the body is nested too deeply' },
		});
		// the callback of another transaction cannot resume it
		const other = await postJson(waiting.resumeUrl, {
			...goodCallback,
			transactionId: 'txn_other',
		});
		expect(other).toEqual({
			status: 409,
			body: {
				error: 'Callback refused: this execution waits for the result of another transaction',
			},
		});
		expect(bed.harness.execution(waiting.id)?.status).toBe('waiting');

		const real = await postJson(waiting.resumeUrl, goodCallback);
		expect(real.status).toBe(200);
		const finished = bed.harness.execution(waiting.id)!;
		expect(finished.status).toBe('success');
		expect(jsonPerOutput(finished, ARGOS)).toEqual([
			[expect.objectContaining({ verdict: 'pass', transactionId: goodCallback.transactionId })],
			[],
		]);
	});

	it('with a result missing a requested score resumes it on Review, naming the missing check', async () => {
		const { waiting, goodCallback } = await waitingExecution();
		const partial = await postJson(
			waiting.resumeUrl,
			resultCallback(goodCallback.transactionId, { screenReplay: 97 }),
		);
		expect(partial.status).toBe(200);
		expect(jsonPerOutput(bed.harness.execution(waiting.id)!, ARGOS)).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					failedChecks: ['paperPrinted', 'replacePortraits'],
					scores: { screenReplay: 97 },
				}),
			],
		]);
	});

	it('without the transaction bound at submission (an older version put it to wait) ends on Review with an error item', async () => {
		const { waiting, goodCallback } = await waitingExecution();
		expect(waiting.run.data.resultData.metadata).toMatchObject({
			argosTransactionId: goodCallback.transactionId,
			argosChecks: 'screenReplay,paperPrinted,replacePortraits',
		});
		delete waiting.run.data.resultData.metadata;
		expect((await postJson(waiting.resumeUrl, goodCallback)).status).toBe(200);
		expect(jsonPerOutput(bed.harness.execution(waiting.id)!, ARGOS)).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					error: 'This execution does not know which transaction it submitted',
					transactionId: goodCallback.transactionId,
				}),
			],
		]);
	});

	it('with a wrong or missing token is refused by n8n with 401 and the execution keeps waiting', async () => {
		const { waiting, goodCallback } = await waitingExecution();
		const wrongToken = new URL(waiting.resumeUrl);
		wrongToken.searchParams.set('signature', 'not-the-token');
		expect(await postJson(wrongToken.toString(), goodCallback)).toEqual({
			status: 401,
			body: { error: 'Invalid token' },
		});
		wrongToken.searchParams.delete('signature');
		expect(await postJson(wrongToken.toString(), goodCallback)).toEqual({
			status: 401,
			body: { error: 'Invalid token' },
		});
		expect(bed.harness.execution(waiting.id)?.status).toBe('waiting');
	});
});

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
