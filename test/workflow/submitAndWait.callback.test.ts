/**
 * "Submit and Wait for Result" up to the wait: the document goes to Argos with n8n's resume URL as the callback URL,
 * the execution waits in the node with nothing decided, and the waiting execution keeps what the callback is judged
 * by. The callback's side is the node's webhook(), tested with mocked contexts in test/unit/resumeWithCallback.test.ts;
 * n8n resuming the execution with it is proven in the real n8n (test/e2e/submitAndWait.binding.e2e.test.ts and the
 * examples suite).
 */
import { imageItem, startTestBed, type ArgosTestBed } from './support/argosTestBed';
import { ARGOS, runSubmitAndWait } from './support/callbackWorkflows';

let bed: ArgosTestBed;
beforeAll(async () => {
	// No callback during these tests: they end with the execution waiting.
	bed = await startTestBed({ emulator: { callbackDelayMs: 3_600_000 } });
});
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

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
			`${bed.harness.urls.webhookWaitingBaseUrl}/${waiting.id}?signature=${waiting.run.data.resumeToken}`,
		);
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
	});

	it('binds the transaction, the checks sent, their minimum scores and the Reference (an expression over the item) to the waiting execution', async () => {
		const waiting = await runSubmitAndWait(
			bed.harness,
			[await imageItem(bed.harness, 'printed-copy.png', { caseId: 'C-7', minimum: 40 })],
			{
				screenReplay: false,
				replacePortraits: false,
				reference: '={{ $json.caseId }}',
				options: { minimumPaperPrinted: '={{ $json.minimum }}' },
			},
		);
		expect(waiting.status).toBe('waiting');
		expect(bed.emulator.requests[0].body).toMatchObject({
			pipelines: { sr: false, pc: true, ps: false },
		});
		// What the resume judges the callback by, without reading the node's parameters again.
		expect(waiting.run.data.resultData.metadata).toEqual({
			argosTransactionId: bed.emulator.requests[0].transactionId,
			argosChecks: 'paperPrinted',
			argosMinimumScores: '{"paperPrinted":40}',
			argosReference: 'C-7',
		});
	});
});
