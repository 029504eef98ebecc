/**
 * "Submit and Wait for Result" with Argos calling back: the execution waits, the emulator POSTs the result to
 * n8n's resume URL over loopback HTTP, and the execution finishes with what "Wait for Result" would have output.
 */
import type { INodeParameters } from 'n8n-workflow';

import { imageItem, runArgos, startTestBed, type ArgosTestBed } from './support/argosTestBed';
import { ARGOS, jsonPerOutput, postJson, runSubmitAndWait } from './support/callbackWorkflows';

let bed: ArgosTestBed;
let base: string;
beforeAll(async () => {
	// the callback comes well after n8n has saved the execution as waiting, as it would from Argos
	bed = await startTestBed({ emulator: { callbackDelayMs: 200 } });
	base = await bed.harness.listen();
});
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

/** Runs the node on one sample image and waits for the emulator's callback to have been answered. */
async function submitAndAwaitCallback(
	file: string,
	parameters: INodeParameters = {},
	onError?: 'continueErrorOutput',
) {
	const waiting = await runSubmitAndWait(
		bed.harness,
		[await imageItem(bed.harness, file, { caseId: 'C-7' })],
		parameters,
		onError,
	);
	expect(waiting.status).toBe('waiting');
	const [delivery] = await bed.emulator.waitForCallbacks(1);
	const finished = bed.harness.execution(waiting.id)!;
	return { waiting, delivery, finished };
}

describe('Submit and Wait for Result', () => {
	it("gives Argos n8n's $execution.resumeUrl as the callback URL and waits in the node", async () => {
		const waiting = await runSubmitAndWait(bed.harness, [
			await imageItem(bed.harness, 'genuine.jpg'),
		]);
		expect(waiting.status).toBe('waiting');
		expect(waiting.waitingNode).toBe(ARGOS);
		// version 2 waits as long as n8n's "Limit Wait Time" says by default: 45 minutes
		const expectedWait = Date.now() + 45 * 60_000;
		expect(Math.abs(waiting.waitTill!.getTime() - expectedWait)).toBeLessThan(5_000);

		const [request] = bed.emulator.requests;
		expect(request.status).toBe(201);
		expect(request.body).toMatchObject({
			idImage: { format: 'jpeg' },
			pipelines: { sr: true, pc: true, ps: true },
		});
		const { callbackUrl } = request.body as { callbackUrl: string };
		expect(callbackUrl).toBe(waiting.resumeUrl);
		expect(callbackUrl).toBe(
			`${base}webhook-waiting/${waiting.id}?signature=${waiting.run.data.resumeToken}`,
		);
		expect(bed.harness.acceptsResumeUrl(callbackUrl)).toBe(true);
		await bed.emulator.waitForCallbacks(1);
	});

	it('while waiting, shows nothing on Pass or Review: nothing is decided before Argos answers', async () => {
		const waiting = await runSubmitAndWait(
			bed.harness,
			[await imageItem(bed.harness, 'genuine.jpg')],
			{ routeByVerdict: true },
		);
		expect(waiting.status).toBe('waiting');
		const [waitingRun] = waiting.run.data.resultData.runData[ARGOS];
		expect(waitingRun.data?.main).toEqual([[], []]);
		await bed.emulator.waitForCallbacks(1);
		const finished = bed.harness.execution(waiting.id)!;
		expect(jsonPerOutput(finished, ARGOS)).toEqual([
			[expect.objectContaining({ verdict: 'pass' })],
			[],
		]);
	});

	it('echoes the Reference (an expression over the input item) after the callback resumed it', async () => {
		const { finished } = await submitAndAwaitCallback('screen-replay.jpg', {
			routeByVerdict: true,
			reference: '={{ $json.caseId }}',
		});
		expect(jsonPerOutput(finished, ARGOS)).toEqual([
			[],
			[expect.objectContaining({ verdict: 'review', reference: 'C-7' })],
		]);
	});

	it('resumes on the callback and outputs exactly what "Wait for Result" outputs for the same image', async () => {
		const { waiting, delivery, finished } = await submitAndAwaitCallback('genuine.jpg');
		expect(delivery).toMatchObject({ url: waiting.resumeUrl, status: 200 });

		expect(finished.status).toBe('success');
		expect(finished.id).toBe(waiting.id);
		expect(finished.executedNodes).toEqual(['Start', ARGOS, ARGOS]);
		const [item] = finished.output(ARGOS);
		const sync = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')]);
		expect(jsonPerOutput(finished, ARGOS)).toEqual([
			[{ ...sync.json('Argos ID Liveness')[0], transactionId: delivery.transactionId }],
		]);
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it("judges only the checks that are on, with the node's minimum scores", async () => {
		const { finished } = await submitAndAwaitCallback('printed-copy.png', {
			screenReplay: false,
			replacePortraits: false,
			options: { minimumPaperPrinted: 40 },
		});
		expect(bed.emulator.requests[0].body).toMatchObject({
			pipelines: { sr: false, pc: true, ps: false },
		});
		expect(finished.json(ARGOS)).toEqual([
			expect.objectContaining({
				verdict: 'pass',
				scores: { paperPrinted: 45 },
				riskBands: { paperPrinted: 'medium' },
				minimumScores: { paperPrinted: 40 },
			}),
		]);
	});

	it('with Route by Verdict, puts a pass on Pass', async () => {
		const { finished } = await submitAndAwaitCallback('genuine.png', { routeByVerdict: true });
		const [pass, review] = jsonPerOutput(finished, ARGOS);
		expect(pass).toEqual([
			expect.objectContaining({
				verdict: 'pass',
				scores: { screenReplay: 98, paperPrinted: 94, replacePortraits: 96 },
			}),
		]);
		expect(review).toEqual([]);
	});

	it('with Route by Verdict, puts a review on Review', async () => {
		const { finished } = await submitAndAwaitCallback('screen-replay.jpg', {
			routeByVerdict: true,
		});
		const [pass, review] = jsonPerOutput(finished, ARGOS);
		expect(pass).toEqual([]);
		expect(review).toEqual([
			expect.objectContaining({ verdict: 'review', failedChecks: ['screenReplay'] }),
		]);
	});

	it('turns a failed analysis (1009) into an error item on Review, never on Pass', async () => {
		const { delivery, finished } = await submitAndAwaitCallback('analysis-fails.jpg', {
			routeByVerdict: true,
		});
		expect(delivery.body).toMatchObject({ statusCode: 400, errorCode: 1009 });
		expect(finished.status).toBe('success');
		const { transactionId } = delivery;
		expect(jsonPerOutput(finished, ARGOS)).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					errorType: 'argosError',
					error: 'Argos could not analyze the document (1009 Fail to analyze document)',
					errorCode: '1009',
					transactionId,
					description: expect.stringContaining(
						`(Argos error code: 1009, transaction ID: ${transactionId})`,
					),
				}),
			],
		]);
	});

	it('turns a failed analysis into an error item on the one output without routing', async () => {
		const { finished } = await submitAndAwaitCallback('analysis-fails.jpg');
		expect(finished.status).toBe('success');
		expect(jsonPerOutput(finished, ARGOS)).toEqual([
			[
				expect.objectContaining({
					verdict: 'review',
					error: expect.stringContaining('1009'),
					errorCode: '1009',
				}),
			],
		]);
	});

	it("with the node's error output on, sends a failed analysis there (merged with its input item), never to Pass", async () => {
		const { finished } = await submitAndAwaitCallback(
			'analysis-fails.jpg',
			{ routeByVerdict: true },
			'continueErrorOutput',
		);
		const [pass, review, errors] = jsonPerOutput(finished, ARGOS);
		expect(pass).toEqual([]);
		expect(review).toEqual([]);
		expect(errors).toEqual([
			{
				file: 'analysis-fails.jpg',
				caseId: 'C-7',
				error: expect.stringContaining('1009'),
				details: expect.objectContaining({ errorCode: '1009' }),
			},
		]);
	});

	it("answers a repeated callback with n8n's 409 and keeps the result", async () => {
		const { waiting, delivery, finished } = await submitAndAwaitCallback('genuine.jpg');
		const repeat = await postJson(delivery.url, delivery.body);
		expect(repeat).toEqual({
			status: 409,
			body: { code: 409, message: `The execution "${waiting.id} has finished already.` },
		});
		expect(bed.harness.execution(waiting.id)).toBe(finished);
	});
});
