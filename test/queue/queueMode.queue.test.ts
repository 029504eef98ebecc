/**
 * The packed package on n8n's distributed engine: a main process, two workers and a webhook processor over Redis
 * and PostgreSQL (tools/argos-stack/queueStack.ts, configured from tools/argos-stack/queue-mode.env), production webhooks and
 * resume URLs served by the webhook processor, the Argos emulator in this process on 127.0.0.1.
 */
import axios from 'axios';
import { randomBytes } from 'crypto';

import { startEmulator, type Emulator } from '../../emulator';
import { callbackSuccessBody, engineVersion, resultBody } from '../../emulator/vendorContract';
import { nodeOutput, type ExecutionDetail, type ExecutionSummary } from '../../tools/n8n';
import { postMultipartFiles, postRawFile } from '../../tools/n8n/binaryUpload';
import { NODE } from '../../tools/argos-stack/livenessWorkflow';
import { pollUntil, sleep } from '../../tools/n8n/poll';
import { isGroupAlive, signalGroup } from '../../tools/n8n/processTree';
import {
	FAST_STALL_DETECTION,
	startQueueStack,
	type QueueRole,
	type QueueStack,
} from '../../tools/argos-stack/queueStack';
import {
	batchWorkflow,
	queueLivenessWorkflow,
	TRIGGER,
	triggerWorkflow,
	type CredentialRef,
} from '../../tools/argos-stack/queueWorkflows';
import { base64Fingerprints, loadSamples, type Sample } from '../../tools/argos-stack/sampleImages';
import { nodeWebhookPath } from '../../tools/n8n/webhookUrls';
import { imageItem, runArgos, startTestBed } from '../workflow/support/argosTestBed';

/** Distinctive, so that finding them anywhere is a leak and not a coincidence. */
const API_KEY = `queue-suite-key-${randomBytes(12).toString('hex')}`;
const CALLBACK_SECRET = `queue-suite-callback-secret-${randomBytes(12).toString('hex')}`;
/** Passes and every kind of review, in the order the batch's items cycle through them. */
const BATCH_FILES = [
	'genuine.jpg',
	'printed-copy.png',
	'screen-replay.jpg',
	'genuine.png',
	'portrait-swap.jpg',
];
const BATCH_SIZE = 50;
const CONCURRENT_EXECUTIONS = 40;
const EMULATOR_CAP = 8;
const TRIGGER_WEBHOOK_ID = 'queue-trigger';
const FINAL = ['success', 'error', 'crashed', 'canceled'];

let stack: QueueStack;
/** Callbacks come 3 s after the 201, time to see a Submit and Wait execution waiting. */
let emulator: Emulator;
/** At most 8 requests in flight (429 with Retry-After: 1 beyond), 250 ms per answer. */
let capped: Emulator;
let sample: (fileName: string) => Sample;
const uploaded = new Map<string, Sample>();
const workflowIds: Record<string, string> = {};
let triggerUrl: string;

beforeAll(async () => {
	sample = await loadSamples();
	emulator = await startEmulator({ apiKey: API_KEY, callbackDelayMs: 3000 });
	capped = await startEmulator({ apiKey: API_KEY, maxConcurrent: EMULATOR_CAP, latencyMs: 250 });
	stack = await startQueueStack({ env: FAST_STALL_DETECTION });
	const credential = async (name: string, baseUrl: string): Promise<CredentialRef> => ({
		name,
		id: await stack.rest.createCredential({
			name,
			type: 'argosIdentityApi',
			data: { apiKey: API_KEY, baseUrl, callbackSecret: CALLBACK_SECRET },
		}),
	});
	const open = await credential('Argos (emulator)', emulator.url);
	const cappedCredential = await credential('Argos (emulator capped at 8)', capped.url);
	triggerUrl = stack.productionWebhookUrl(
		nodeWebhookPath({ webhookId: TRIGGER_WEBHOOK_ID }, 'callback'),
	);
	const workflows = {
		batch: batchWorkflow({ name: 'Batch', path: 'queue-batch', count: BATCH_SIZE }, open),
		// One check at a time against 250 ms answers: the batch takes over 12 s, time to kill its worker.
		killed: batchWorkflow(
			{
				name: 'Batch whose worker dies',
				path: 'queue-killed',
				count: BATCH_SIZE,
				argos: { options: { concurrency: 1 } },
			},
			cappedCredential,
		),
		one: queueLivenessWorkflow(
			{ name: 'One upload', path: 'queue-one', upload: 'raw' },
			cappedCredential,
		),
		submitAndWait: queueLivenessWorkflow(
			{
				name: 'Submit and Wait',
				path: 'queue-wait',
				upload: 'raw',
				argos: { operation: 'submitAndWait' },
			},
			open,
		),
		sender: queueLivenessWorkflow(
			{
				name: 'Send to the trigger',
				path: 'queue-send',
				upload: 'raw',
				argos: {
					operation: 'sendToCallbackUrl',
					callbackUrl: triggerUrl,
					reference: '={{ $json.query.ref }}',
				},
			},
			open,
		),
		trigger: triggerWorkflow(TRIGGER_WEBHOOK_ID, open),
	};
	for (const [key, workflow] of Object.entries(workflows))
		workflowIds[key] = (await stack.rest.createAndActivateWorkflow(workflow)).id;
});

afterAll(async () => {
	await stack?.stop();
	await emulator?.close();
	await capped?.close();
	// Stopped means gone: no process, no listener, no folder (also when a test above failed).
	if (stack) expect(await stack.leftovers()).toEqual([]);
});

function remember(...files: Sample[]): Sample[] {
	for (const file of files) uploaded.set(file.fileName, file);
	return files;
}

const newestId = async (workflow: string): Promise<string> =>
	String(await stack.rest.newestExecutionId(workflowIds[workflow]));

/** Executions of a workflow newer than `afterId`, once `count` of them have ended. */
async function finishedExecutions(
	workflow: string,
	afterId: string,
	count: number,
	timeoutMs = 180_000,
): Promise<ExecutionSummary[]> {
	return pollUntil(
		async () => {
			const runs = (await stack.rest.listExecutions({ workflowId: workflowIds[workflow] })).filter(
				(run) => Number(run.id) > Number(afterId),
			);
			const ended = runs.filter((run) => FINAL.includes(run.status));
			return ended.length >= count ? ended : undefined;
		},
		{ timeoutMs, intervalMs: 500, description: `${count} finished executions of ${workflow}` },
	);
}

/** Output items of the Argos node by branch, with their pairing, transaction ids blanked for comparison. */
function routed(items: Array<{ json: object; pairedItem?: unknown }> | null | undefined) {
	return (items ?? []).map((item) => ({
		json: { ...item.json, transactionId: '(per request)' },
		pairedItem: item.pairedItem,
	}));
}

/** The same items through n8n's engine in one process (the test bed of the workflow suite), by branch. */
async function inProcessOutput(fileNames: string[]) {
	const bed = await startTestBed();
	try {
		const items = await Promise.all(
			fileNames.map((fileName, index) => imageItem(bed.harness, fileName, { index })),
		);
		const execution = await runArgos(bed.harness, items, { routeByVerdict: true });
		expect(execution.status).toBe('success');
		return {
			pass: routed(execution.output('Argos ID Liveness', 0)),
			review: routed(execution.output('Argos ID Liveness', 1)),
		};
	} finally {
		await bed.close();
	}
}

const batchFileNames = (count: number) =>
	Array.from({ length: count }, (_, index) => BATCH_FILES[index % BATCH_FILES.length]);

async function uploadBatch(path: string): Promise<void> {
	const files = remember(...BATCH_FILES.map((fileName) => sample(fileName)));
	// Field names sort in BATCH_FILES order; the Fan Out node cycles through the fields in name order.
	const response = await postMultipartFiles(
		stack.productionWebhookUrl(path),
		files.map((file, index) => ({ field: `f${index}`, file })),
	);
	expect(response.status).toBe(200);
}

function workersOf(executionId: string): QueueRole[] {
	return stack.workersThatRan(executionId);
}

describe('1. a batch on a worker', () => {
	it(`${BATCH_SIZE} synchronous checks: scores, verdicts and Pass/Review routing identical to n8n in one process`, async () => {
		emulator.reset();
		const before = await newestId('batch');
		await uploadBatch('queue-batch');
		const [summary] = await finishedExecutions('batch', before, 1);
		const execution = await stack.rest.getExecution(summary.id);
		expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
		expect(workersOf(execution.id)).toHaveLength(1);
		// The webhook processor stored the upload as binary data in the database, where the worker read it.
		const upload = execution.data.resultData.runData[NODE.webhook][0].data?.main[0]?.[0];
		expect(upload?.binary?.f0?.id).toMatch(/^database:/);

		const argos = execution.data.resultData.runData[NODE.argos][0].data?.main;
		const inQueueMode = { pass: routed(argos?.[0]), review: routed(argos?.[1]) };
		expect(inQueueMode.pass.length + inQueueMode.review.length).toBe(BATCH_SIZE);
		expect(inQueueMode.pass.length).toBeGreaterThan(0);
		expect(inQueueMode.review.length).toBeGreaterThan(0);
		expect(inQueueMode).toEqual(await inProcessOutput(batchFileNames(BATCH_SIZE)));

		// One request per item, each answered, each transaction on exactly one output item.
		expect(emulator.requests.map((request) => request.status)).toEqual(Array(BATCH_SIZE).fill(200));
		const sent = emulator.requests.map((request) => request.transactionId).sort();
		const output = [...(argos?.[0] ?? []), ...(argos?.[1] ?? [])]
			.map((item) => item.json.transactionId)
			.sort();
		expect(output).toEqual(sent);
		expect(nodeOutput(execution.data, NODE.pass)).toHaveLength(inQueueMode.pass.length);
		expect(nodeOutput(execution.data, NODE.review)).toHaveLength(inQueueMode.review.length);
	});
});

describe('2. asynchronous checks and the trigger across processes', () => {
	const references = ['ASYNC-1', 'ASYNC-2', 'ASYNC-3', 'ASYNC-4'];
	let triggerBefore = '0';
	const triggerRuns = async (): Promise<ExecutionDetail[]> => {
		const runs = (await stack.rest.listExecutions({ workflowId: workflowIds.trigger })).filter(
			(run) => Number(run.id) > Number(triggerBefore),
		);
		return Promise.all(runs.map((run) => stack.rest.getExecution(run.id)));
	};
	const transactionsStarted = async () =>
		(await triggerRuns()).map((run) => nodeOutput(run.data, TRIGGER)[0]?.transactionId);

	it('checks sent by workers carry signed callback URLs; each callback, taken by the webhook processor, starts exactly one trigger execution on a worker', async () => {
		emulator.reset();
		triggerBefore = await newestId('trigger');
		const senderBefore = await newestId('sender');
		const responses = await Promise.all(
			references.map((reference, index) => {
				const [file] = remember(sample(BATCH_FILES[index]));
				return postRawFile(`${stack.productionWebhookUrl('queue-send')}?ref=${reference}`, file);
			}),
		);
		expect(responses.map((response) => response.status)).toEqual(references.map(() => 200));
		const senders = await finishedExecutions('sender', senderBefore, references.length);
		for (const run of senders) {
			expect(run.status).toBe('success');
			expect(workersOf(run.id)).toHaveLength(1);
		}
		for (const request of emulator.requests) {
			const callbackUrl = new URL(String((request.body as { callbackUrl: string }).callbackUrl));
			expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(triggerUrl);
			expect([...callbackUrl.searchParams.keys()].sort()).toEqual([
				'argosChecks',
				'argosExp',
				'argosNonce',
				'argosRef',
				'argosSig',
			]);
		}

		const deliveries = await emulator.waitForCallbacks(references.length, 60_000);
		expect(deliveries.map((delivery) => delivery.status)).toEqual(references.map(() => 200));
		const runs = await pollUntil(
			async () => {
				const found = await triggerRuns();
				return found.length >= references.length && found.every((run) => FINAL.includes(run.status))
					? found
					: undefined;
			},
			{ timeoutMs: 60_000, description: 'the trigger executions' },
		);
		expect(runs).toHaveLength(references.length);
		const started = runs.map((run) => {
			expect(run.status).toBe('success');
			expect(workersOf(run.id)).toHaveLength(1);
			const [item] = nodeOutput(run.data, TRIGGER);
			return [item.transactionId, item.reference];
		});
		const sent = emulator.requests.map((request) => [
			request.transactionId,
			new URL(String((request.body as { callbackUrl: string }).callbackUrl)).searchParams.get(
				'argosRef',
			),
		]);
		expect(started.sort()).toEqual(sent.sort());
	});

	it('a callback link with a changed reference is refused (401) by the webhook processor and starts nothing', async () => {
		const [delivery] = emulator.callbacks;
		const forged = new URL(delivery.url);
		forged.searchParams.set('argosRef', 'SOMEONE-ELSE');
		const response = await axios.post(forged.toString(), delivery.body, {
			validateStatus: () => true,
		});
		expect(response.status).toBe(401);
		await sleep(2000);
		expect(await triggerRuns()).toHaveLength(references.length);
	});

	it('repeats seconds apart start no execution across processes, also of callbacks that arrived together', async () => {
		for (const delivery of emulator.callbacks) {
			const response = await axios.post(delivery.url, delivery.body, {
				validateStatus: () => true,
			});
			expect({ status: response.status, body: response.data }).toEqual({
				status: 200,
				body: { received: true, duplicate: true },
			});
		}
		await sleep(3000);
		expect((await transactionsStarted()).sort()).toEqual(
			emulator.callbacks.map((delivery) => delivery.transactionId).sort(),
		);
	});

	it('20 simultaneous copies of a new callback start exactly one execution', async () => {
		const senderBefore = await newestId('sender');
		const [file] = remember(sample('genuine.png'));
		await postRawFile(`${stack.productionWebhookUrl('queue-send')}?ref=ASYNC-RACE`, file);
		await finishedExecutions('sender', senderBefore, 1);
		const request = emulator.requests.at(-1);
		const transactionId = String(request?.transactionId);
		const callbackUrl = String((request?.body as { callbackUrl: string }).callbackUrl);
		// The emulator's own delivery is called off (it is 3 s away): the copies below are the first to arrive.
		emulator.reset();
		const body = callbackSuccessBody(
			transactionId,
			engineVersion(false),
			resultBody(
				{ screenReplay: 97, paperPrinted: 91, replacePortraits: 95 },
				{ sr: true, pc: true, ps: true },
			),
		);
		const answers = await Promise.all(
			Array.from({ length: 20 }, () =>
				axios.post(callbackUrl, body, { validateStatus: () => true }),
			),
		);
		// one starts the run and is answered when it has ended; the others come back later (503) or are repeats
		const statuses = answers.map((answer) => answer.status).sort();
		expect(statuses.filter((status) => status !== 503)).toEqual(
			Array(statuses.filter((status) => status !== 503).length).fill(200),
		);
		expect(answers.filter((answer) => answer.status === 200 && answer.data === '')).toHaveLength(1);
		await sleep(5000);
		const started = (await transactionsStarted()).filter((id) => id === transactionId);
		expect(started).toHaveLength(1);
	});
});

describe('3. Submit and Wait across processes', () => {
	async function submit(fileName: string) {
		emulator.reset();
		const before = await newestId('submitAndWait');
		const [file] = remember(sample(fileName));
		const response = await postRawFile(stack.productionWebhookUrl('queue-wait'), file);
		expect(response.status).toBe(200);
		const waiting = await stack.rest.waitForExecution({
			workflowId: workflowIds.submitAndWait,
			afterExecutionId: before,
			status: 'waiting',
			timeoutMs: 60_000,
		});
		const [request] = emulator.requests;
		return {
			waiting,
			request,
			resumeUrl: String((request.body as { callbackUrl: string }).callbackUrl),
		};
	}

	it('submitted on a worker, resumed by the callback through the webhook processor, finished on a worker with the Wait for Result output', async () => {
		const { waiting, request, resumeUrl } = await submit('genuine.jpg');
		expect(workersOf(waiting.id)).toHaveLength(1);
		expect(resumeUrl).toMatch(
			new RegExp(`^${stack.webhook?.baseUrl}/webhook-waiting/${waiting.id}\\?signature=`),
		);

		const [delivery] = await emulator.waitForCallbacks(1, 30_000);
		expect(delivery.status).toBe(200);
		const done = await stack.rest.waitForExecution({
			executionId: waiting.id,
			status: 'success',
			timeoutMs: 60_000,
		});
		// Two jobs for one execution: the submission, then the resumption (on either worker).
		const jobs = stack.workers
			.map((worker) =>
				worker.logs().match(new RegExp(`Worker started execution ${waiting.id} \\(job`, 'g')),
			)
			.reduce((sum, matches) => sum + (matches?.length ?? 0), 0);
		expect(jobs).toBe(2);

		const argos = done.data.resultData.runData[NODE.argos].at(-1)?.data?.main;
		expect(argos?.[0]?.[0]?.json.transactionId).toBe(request.transactionId);
		const expected = await inProcessOutput(['genuine.jpg']);
		expect(routed(argos?.[0]).map((item) => item.json)).toEqual(
			expected.pass.map((item) => item.json),
		);
		expect(routed(argos?.[1])).toEqual([]);
		expect(nodeOutput(done.data, NODE.pass)).toHaveLength(1);
	});

	it('a callback for another transaction is refused at the resume URL, and the right one still resumes it', async () => {
		const { waiting, request, resumeUrl } = await submit('genuine.png');
		const foreign = callbackSuccessBody(
			'txn_another_transaction',
			engineVersion(false),
			resultBody(
				{ screenReplay: 99, paperPrinted: 99, replacePortraits: 99 },
				{ sr: true, pc: true, ps: true },
			),
		);
		const refused = await axios.post(resumeUrl, foreign, { validateStatus: () => true });
		expect(refused.status).toBeGreaterThanOrEqual(400);
		expect(refused.status).toBeLessThan(500);

		const done = await stack.rest.waitForExecution({
			executionId: waiting.id,
			status: 'success',
			timeoutMs: 60_000,
		});
		expect(nodeOutput(done.data, NODE.argos).map((item) => item.transactionId)).toEqual([
			request.transactionId,
		]);
	});
});

describe('4. many uploads at once against a rate limit', () => {
	it(`${CONCURRENT_EXECUTIONS} one-item executions started together against an emulator capped at ${EMULATOR_CAP} in flight: no failed item`, async () => {
		capped.reset();
		const before = await newestId('one');
		const [file] = remember(sample('genuine.jpg'));
		const startedAt = Date.now();
		const responses = await Promise.all(
			Array.from({ length: CONCURRENT_EXECUTIONS }, () =>
				postRawFile(stack.productionWebhookUrl('queue-one'), file),
			),
		);
		expect(responses.map((response) => response.status)).toEqual(
			Array(CONCURRENT_EXECUTIONS).fill(200),
		);
		const runs = await finishedExecutions('one', before, CONCURRENT_EXECUTIONS);
		const endedAt = Math.max(...runs.map((run) => Date.parse(String(run.stoppedAt))));
		const seconds = (endedAt - startedAt) / 1000;

		const failedItems: string[] = [];
		const perWorker: Record<string, number> = {};
		for (const run of runs) {
			const execution = await stack.rest.getExecution(run.id);
			const items = execution.data.resultData.runData[NODE.argos]?.[0]?.data?.main.flat() ?? [];
			if (run.status !== 'success' || items.length !== 1 || items[0]?.json.error !== undefined)
				failedItems.push(`execution ${run.id}: ${run.status} ${JSON.stringify(items[0]?.json)}`);
			for (const role of workersOf(run.id)) perWorker[role] = (perWorker[role] ?? 0) + 1;
		}
		const statuses = capped.requests.reduce<Record<string, number>>((counts, request) => {
			counts[String(request.status)] = (counts[String(request.status)] ?? 0) + 1;
			return counts;
		}, {});
		// Each answer takes 250 ms: requests that arrived within 250 ms of one another were in flight together.
		const arrivals = capped.requests.map((request) => Date.parse(request.receivedAt));
		const peakInFlight = Math.max(
			...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + 250).length),
		);
		console.log(
			`QUEUE FIGURE: ${CONCURRENT_EXECUTIONS} one-item executions in ${seconds.toFixed(1)} s = ` +
				`${(CONCURRENT_EXECUTIONS / seconds).toFixed(2)} items/s against a cap of ${EMULATOR_CAP} in flight ` +
				`(250 ms per answer, so at most ${(EMULATOR_CAP / 0.25).toFixed(0)} items/s); ` +
				`emulator answers ${JSON.stringify(statuses)}, about ${peakInFlight} in flight at the peak; executions per worker ${JSON.stringify(perWorker)}; ` +
				`failed items ${failedItems.length}`,
		);
		expect(failedItems).toEqual([]);
		expect(statuses['200']).toBe(CONCURRENT_EXECUTIONS);
		expect(Object.keys(perWorker).sort()).toEqual(['worker1', 'worker2']);
	});
});

describe('5. a worker killed in the middle of a batch', () => {
	it('its job is failed as stalled and the execution ends in an error, never run again: no check reported twice, none lost silently', async () => {
		capped.reset();
		const before = await newestId('killed');
		await uploadBatch('queue-killed');
		const running = await pollUntil(
			async () => {
				const [newest] = await stack.rest.listExecutions({
					workflowId: workflowIds.killed,
					limit: 1,
				});
				return newest && Number(newest.id) > Number(before) && newest.status === 'running'
					? newest
					: undefined;
			},
			{ timeoutMs: 60_000, description: 'the batch to run' },
		);
		const [role] = await pollUntil(
			async () => {
				const roles = workersOf(running.id);
				return roles.length > 0 ? roles : undefined;
			},
			{ timeoutMs: 30_000, description: 'the worker that took the batch' },
		);
		await pollUntil(async () => (capped.requests.length >= 5 ? true : undefined), {
			timeoutMs: 60_000,
			description: 'the first checks of the batch',
		});
		const worker = stack.workers[Number(role.replace('worker', '')) - 1];
		signalGroup(worker.pid, 'SIGKILL');
		await pollUntil(async () => (isGroupAlive(worker.pid) ? undefined : true), {
			timeoutMs: 10_000,
			description: `${role} to die`,
		});
		const killedAt = Date.now();
		const checksSpent = capped.requests.length;
		expect(checksSpent).toBeLessThan(BATCH_SIZE);

		// The job stays locked until its lock expires; then the other worker's stalled-job check fails it (n8n allows no
		// stalled retries) and the process that queued it (here the webhook processor, which took the upload) ends the
		// execution with n8n's MaxStalledCountError.
		const ended = await stack.rest
			.waitForExecution({ executionId: running.id, status: 'error', timeoutMs: 180_000 })
			.catch((error: Error) => {
				throw new Error(
					`${error.message}\n--- webhook log ---\n${stack.logs().webhook.slice(-3000)}`,
				);
			});
		expect(ended.data.resultData.error?.message).toMatch(
			/^This execution failed to be processed too many times and will no longer retry/,
		);
		expect(stack.webhook?.logs()).toContain(
			`job stalled more than maxStalledCount (execution ${running.id})`,
		);
		// Nothing of the batch was reported: the killed worker never saved its node outputs.
		expect(ended.data.resultData.runData[NODE.argos]).toBeUndefined();
		// And nothing ran it again: no other execution, no further check.
		await sleep(3000);
		expect(capped.requests.length).toBe(checksSpent);
		const runs = (await stack.rest.listExecutions({ workflowId: workflowIds.killed })).filter(
			(run) => Number(run.id) > Number(before),
		);
		expect(runs.map((run) => [run.id, run.status])).toEqual([[running.id, 'error']]);
		const seconds = (Date.parse(String(ended.stoppedAt)) - killedAt) / 1000;
		console.log(
			`QUEUE FIGURE: worker ${role} killed after ${checksSpent} of ${BATCH_SIZE} checks; execution ${running.id} ` +
				`ended as "error" (MaxStalledCountError) ${seconds.toFixed(0)} s after the kill, not retried`,
		);
	});
});

describe('6. personal data and secrets', () => {
	it('the API key, the callback secret and the images sent appear in no process log and no table of the database', () => {
		const secrets = [
			{ what: 'the API key', text: API_KEY },
			{ what: 'the callback secret', text: CALLBACK_SECRET },
			...[...uploaded.values()].flatMap((file) =>
				base64Fingerprints(file.content).map((text) => ({
					what: `base64 of ${file.fileName}`,
					text,
				})),
			),
		];
		expect(uploaded.size).toBeGreaterThanOrEqual(BATCH_FILES.length);
		const leaksIn = (text: string) =>
			secrets.filter((secret) => text.includes(secret.text)).map((secret) => secret.what);

		const logs = stack.logs();
		expect(Object.keys(logs).sort()).toEqual(
			['main', 'postgres', 'redis', 'webhook', 'worker1', 'worker2'].sort(),
		);
		expect(logs.webhook).toContain('Enqueued execution');
		for (const [name, text] of Object.entries(logs))
			expect({ log: name, leaks: leaksIn(text) }).toEqual({ log: name, leaks: [] });

		const dump = stack.postgres.dump();
		// The dump holds the run data (results included) and the encrypted credentials: the scan reads real content.
		expect(dump).toContain('COPY public.execution_data');
		expect(dump).toContain('id_liveness@3.4.2');
		expect(dump).toContain('COPY public.credentials_entity');
		expect(leaksIn(dump)).toEqual([]);
	});
});
