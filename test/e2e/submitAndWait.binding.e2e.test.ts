/**
 * "Submit and Wait for Result" in a real n8n 2.40.7 (packed package): a waiting execution accepts only the callback
 * of the transaction it submitted; other requests to its resume URL start nothing and it keeps waiting; and every
 * failure after it resumed, a throw inside the node included, ends as an error item on Review, never on Pass.
 * Argos (the emulator) is told to call back only after an hour, so every request to a resume URL is the test's own.
 * This proves in the real n8n what n8nInternals.ts relies on (setOutputsOnResume), lineage included.
 * While it waits, nothing is on Pass or Review; when the wait limit passes, n8n's wait tracker resumes it with the
 * timeout error item the node left for it: on Review, or on the error output.
 */
import { nodeOutput, waitingWebhookUrl, type ExecutionDetail } from '../../tools/n8n';
import { startArgosStack, type ArgosStack } from '../../tools/argos-stack/argosStack';
import { postMultipartFile } from '../../tools/n8n/binaryUpload';
import { livenessWorkflow, NODE, PHOTO_FIELD } from '../../tools/argos-stack/livenessWorkflow';
import { sleep } from '../../tools/n8n/poll';
import { loadSamples, type Sample } from '../../tools/argos-stack/sampleImages';
import { postCallback, resultCallbackBody } from '../../tools/argos-stack/triggerCallbacks';

const WORKFLOWS = {
	plain: { name: 'Submit and wait', path: 'argos-submit-and-wait' },
	// An option read from the item, which is gone when the callback arrives: bound to the execution when it waits.
	// After either output, `$('Upload').item` still reaches the upload.
	fromItem: {
		name: 'Submit and wait, minimum from the item',
		path: 'argos-submit-and-wait-from-item',
		options: { minimumScreenReplay: '={{ Number($json.query.minimum) }}' },
		lookUpCase: true,
	},
	// The shortest wait limit: n8n's wait tracker looks every minute, so these end one to two minutes after they wait.
	waitLimit: {
		name: 'Submit and wait, wait limit',
		path: 'argos-submit-and-wait-limit',
		reference: '={{ $json.query.case }}',
		options: {
			limitWaitTime: {
				values: { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'minutes' },
			},
		},
		lookUpCase: true,
	},
	waitLimitErrorOutput: {
		name: 'Submit and wait, wait limit, error output',
		path: 'argos-submit-and-wait-limit-errors',
		reference: '={{ $json.query.case }}',
		options: {
			limitWaitTime: {
				values: { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'minutes' },
			},
		},
		onError: 'continueErrorOutput',
	},
};
type WorkflowKey = keyof typeof WORKFLOWS;

let stack: ArgosStack;
let genuine: Sample;
const workflowIds = {} as Record<WorkflowKey, string>;
beforeAll(async () => {
	genuine = (await loadSamples())('genuine.jpg');
	stack = await startArgosStack({ emulator: { callbackDelayMs: 3_600_000 } });
	for (const key of Object.keys(WORKFLOWS) as WorkflowKey[]) {
		const { name, path, options, reference, onError, lookUpCase } = WORKFLOWS[key] as {
			name: string;
			path: string;
			options?: Record<string, unknown>;
			reference?: string;
			onError?: 'continueErrorOutput';
			lookUpCase?: boolean;
		};
		workflowIds[key] = (
			await stack.rest.createAndActivateWorkflow(
				livenessWorkflow({
					name,
					path,
					upload: 'multipart',
					argos: { operation: 'submitAndWait', reference: reference ?? '', options: options ?? {} },
					onError,
					lookUpCase,
				}),
			)
		).id;
	}
});
afterAll(async () => {
	stack?.emulator.reset();
	await stack?.stop();
});

const ALL_SCORES = { screenReplay: 97, paperPrinted: 91, replacePortraits: 95 };

/** Uploads the genuine sample and returns the execution once it waits, with its resume URL and transaction. */
async function waitingExecution(key: WorkflowKey) {
	const workflowId = workflowIds[key];
	const [previous] = await stack.rest.listExecutions({ workflowId });
	const response = await postMultipartFile(
		`${stack.n8n.webhookUrl(WORKFLOWS[key].path)}?minimum=70&case=CASE-${key}`,
		PHOTO_FIELD,
		genuine,
	);
	expect(response.status).toBe(200);
	const waiting = await stack.rest.waitForExecution({
		workflowId,
		afterExecutionId: previous?.id,
		status: 'waiting',
		timeoutMs: 60_000,
	});
	return {
		waiting,
		resumeUrl: waitingWebhookUrl(stack.n8n.baseUrl, waiting),
		// Kept in the execution's custom data, which binds it to its transaction.
		transactionId: String(waiting.data.resultData.metadata?.argosTransactionId),
	};
}

async function statusOf(execution: ExecutionDetail): Promise<string> {
	return (await stack.rest.getExecution(execution.id)).status;
}

async function executionCount(key: WorkflowKey): Promise<number> {
	return (await stack.rest.listExecutions({ workflowId: workflowIds[key] })).length;
}

/** Pass and Review of the resumed node (its second run: the first one put the execution to wait). */
async function resumedOutputs(execution: ExecutionDetail) {
	const finished = await stack.rest.waitForExecution({
		executionId: execution.id,
		status: 'success',
		timeoutMs: 60_000,
	});
	return [0, 1].map((outputIndex) => nodeOutput(finished.data, NODE.argos, { outputIndex }));
}

describe('a waiting Submit and Wait execution', () => {
	it('shows nothing on Pass or Review while it waits: nothing is decided before Argos answers', async () => {
		const { waiting, resumeUrl, transactionId } = await waitingExecution('plain');
		expect(transactionId).toMatch(/^txn_/);
		const outputs = waiting.data.resultData.runData[NODE.argos][0].data?.main;
		expect(outputs).toEqual([[], []]);
		await postCallback(resumeUrl, resultCallbackBody(transactionId, ALL_SCORES));
		expect(await resumedOutputs(waiting)).toEqual([
			[expect.objectContaining({ transactionId, verdict: 'pass' })],
			[],
		]);
	});

	it("refuses another transaction's callback (409), starts nothing, keeps waiting, then resumes with its own", async () => {
		const { waiting, resumeUrl, transactionId } = await waitingExecution('plain');
		const executionsBefore = await executionCount('plain');

		const other = await postCallback(resumeUrl, resultCallbackBody('txn_someone_else', ALL_SCORES));
		expect(other).toEqual({
			status: 409,
			body: {
				error: 'Callback refused: this execution waits for the result of another transaction',
			},
		});
		await sleep(1500);
		expect(await statusOf(waiting)).toBe('waiting');
		expect(await executionCount('plain')).toBe(executionsBefore);

		const own = await postCallback(resumeUrl, resultCallbackBody(transactionId, ALL_SCORES));
		expect(own.status).toBe(200);
		expect(await resumedOutputs(waiting)).toEqual([
			[expect.objectContaining({ transactionId, verdict: 'pass' })],
			[],
		]);
	});

	it('answers 400 to a deeply nested 40 KB body and keeps waiting', async () => {
		const { waiting, resumeUrl, transactionId } = await waitingExecution('plain');
		const nested = await postCallback(resumeUrl, `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
		expect(nested.status).toBe(400);
		await sleep(1500);
		expect(await statusOf(waiting)).toBe('waiting');

		expect(
			(await postCallback(resumeUrl, resultCallbackBody(transactionId, ALL_SCORES))).status,
		).toBe(200);
		expect((await resumedOutputs(waiting))[0]).toEqual([
			expect.objectContaining({ transactionId, verdict: 'pass' }),
		]);
	});

	it('resumes with a result missing a requested score on Review, naming the missing check', async () => {
		const { waiting, resumeUrl, transactionId } = await waitingExecution('plain');
		await postCallback(resumeUrl, resultCallbackBody(transactionId, { screenReplay: 99 }));
		expect(await resumedOutputs(waiting)).toEqual([
			[],
			[
				expect.objectContaining({
					transactionId,
					verdict: 'review',
					failedChecks: ['paperPrinted', 'replacePortraits'],
				}),
			],
		]);
	});

	it('judges the callback by the minimum the item gave when it was sent, and the item after Review still reaches the upload', async () => {
		const { waiting, resumeUrl, transactionId } = await waitingExecution('fromItem');
		// 65 would pass the default minimum (61); the item asked for 70.
		const answer = await postCallback(
			resumeUrl,
			resultCallbackBody(transactionId, { ...ALL_SCORES, screenReplay: 65 }),
		);
		expect(answer.status).toBe(200);
		const [pass, review] = await resumedOutputs(waiting);
		expect(pass).toEqual([]);
		expect(review).toEqual([
			expect.objectContaining({
				verdict: 'review',
				failedChecks: ['screenReplay'],
				minimumScores: expect.objectContaining({ screenReplay: 70 }),
				transactionId,
			}),
		]);
		const finished = await stack.rest.getExecution(waiting.id);
		expect(nodeOutput(finished.data, NODE.review)).toEqual([
			expect.objectContaining({ verdict: 'review', case: 'CASE-fromItem' }),
		]);
	});
});

describe('the wait limit, in the real n8n (its wait tracker)', () => {
	const TIMEOUT_MS = 240_000;

	it(
		'resumes a lost callback onto Review as an error item with the reference, or onto the error output; never Pass',
		async () => {
			const [onReview, onErrorOutput] = await Promise.all([
				waitingExecution('waitLimit'),
				waitingExecution('waitLimitErrorOutput'),
			]);
			const finished = async (execution: ExecutionDetail) =>
				stack.rest.waitForExecution({
					executionId: execution.id,
					status: 'success',
					timeoutMs: TIMEOUT_MS,
				});
			const [review, errors] = await Promise.all([
				finished(onReview.waiting),
				finished(onErrorOutput.waiting),
			]);

			const outputs = (execution: ExecutionDetail) =>
				[0, 1, 2].map((outputIndex) => nodeOutput(execution.data, NODE.argos, { outputIndex }));
			expect(outputs(review)).toEqual([
				[],
				[
					expect.objectContaining({
						verdict: 'review',
						summary: 'Not checked: Argos did not call back within 1 minute',
						reference: 'CASE-waitLimit',
						errorType: 'argosUnavailable',
						transactionId: onReview.transactionId,
					}),
				],
				[],
			]);
			expect(review.data.resultData.runData[NODE.review]).toHaveLength(1);
			// Paired back through the Argos node to the upload, as an item on Pass would be.
			expect(nodeOutput(review.data, NODE.review)).toEqual([
				expect.objectContaining({ errorType: 'argosUnavailable', case: 'CASE-waitLimit' }),
			]);
			expect(review.data.resultData.runData[NODE.pass]).toBeUndefined();

			// n8n moves it to the error output only when its JSON is error and details (merged with the input item's).
			expect(outputs(errors)).toEqual([
				[],
				[],
				[
					expect.objectContaining({
						error: 'Argos did not call back within 1 minute',
						details: expect.objectContaining({
							verdict: 'review',
							reference: 'CASE-waitLimitErrorOutput',
							errorType: 'argosUnavailable',
							transactionId: onErrorOutput.transactionId,
						}),
					}),
				],
			]);
			expect(errors.data.resultData.runData[NODE.errors]).toHaveLength(1);
			expect(errors.data.resultData.runData[NODE.pass]).toBeUndefined();
		},
		TIMEOUT_MS + 120_000,
	);
});
