/**
 * The trigger's delivery guarantees in queue mode (n8n 2.40.7: main, two workers, two webhook processors, Redis,
 * PostgreSQL), with the trigger → an 8-second step → a CRM (a capture server): a worker killed or stopped while the
 * run goes, and copies of one callback arriving at two webhook processors at once, next to what n8n's own
 * database-backed deduplication (the Remove Duplicates node) does with the same copies. Figures: README, Queue mode.
 */
import { randomBytes } from 'crypto';

import { asCustomNodes } from '../../tools/argos-stack/argosStack';
import { startCaptureServer, type CaptureServer } from '../../tools/n8n/captureServer';
import { pollUntil, sleep } from '../../tools/n8n/poll';
import { signalGroup } from '../../tools/n8n/processTree';
import {
	FAST_STALL_DETECTION,
	startQueueStack,
	type QueueStack,
} from '../../tools/argos-stack/queueStack';
import {
	ALL_SCORES,
	CRM_PATH,
	crmDeliveries,
	deliverResult,
	DUPLICATE,
	postCallback,
	resultCallbackBody,
	RUN_ENDED,
	signedTriggerLink,
	triggerOnlyWorkflow,
	triggerToCrmWorkflow,
} from '../../tools/argos-stack/triggerCallbacks';
import type { CredentialRef } from '../../tools/argos-stack/queueWorkflows';
import { nodeWebhookPath } from '../../tools/n8n/webhookUrls';

const CALLBACK_SECRET = `queue-delivery-secret-${randomBytes(12).toString('hex')}`;
const CRM_WEBHOOK_ID = '3e9a1c57-2b4d-4f80-9c16-7d5e0a2b8f43';
const QUICK_WEBHOOK_ID = '8b1d4e62-5c3a-4e97-a0f2-1c6d9e3b7a58';
const DEDUP_PATH = 'queue-dedup';
const RUN_SECONDS = 8;
const BURSTS = 5;
const COPIES = 20;

let stack: QueueStack;
let crm: CaptureServer;
const workflowIds: Record<string, string> = {};

/** The workflow with its Argos nodes on `credential` (queue mode: credentials are created over REST). */
function onCredential(workflow: Record<string, unknown>, credential: CredentialRef) {
	const custom = asCustomNodes(workflow) as { nodes: Array<Record<string, unknown>> };
	for (const node of custom.nodes)
		if (node.credentials) node.credentials = { argosIdentityApi: credential };
	return custom;
}

/** n8n's own deduplication: a Webhook → Remove Duplicates ("processed in previous executions") → the CRM. */
function dedupWorkflow(crmUrl: string): Record<string, unknown> {
	return {
		name: 'Webhook with n8n deduplication',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: 'dedup-webhook',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 0],
				webhookId: 'queue-dedup-webhook',
				parameters: {
					httpMethod: 'POST',
					path: DEDUP_PATH,
					responseMode: 'onReceived',
					options: {},
				},
			},
			{
				id: 'dedup-remove',
				name: 'Remove Duplicates',
				type: 'n8n-nodes-base.removeDuplicates',
				typeVersion: 2,
				position: [240, 0],
				parameters: {
					operation: 'removeItemsSeenInPreviousExecutions',
					logic: 'removeItemsWithAlreadySeenKeyValues',
					dedupeValue: '={{ $json.body.transactionId }}',
					options: {},
				},
			},
			{
				id: 'dedup-crm',
				name: 'CRM',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [480, 0],
				parameters: {
					method: 'POST',
					url: `${crmUrl}${CRM_PATH}`,
					sendBody: true,
					specifyBody: 'json',
					jsonBody: '={{ JSON.stringify({ transactionId: $json.body.transactionId }) }}',
					options: {},
				},
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] },
			'Remove Duplicates': { main: [[{ node: 'CRM', type: 'main', index: 0 }]] },
		},
	};
}

beforeAll(async () => {
	crm = await startCaptureServer();
	stack = await startQueueStack({ env: FAST_STALL_DETECTION, webhookProcessors: 2 });
	const credential: CredentialRef = {
		name: 'Argos (signing only)',
		id: await stack.rest.createCredential({
			name: 'Argos (signing only)',
			type: 'argosIdentityApi',
			data: { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9', callbackSecret: CALLBACK_SECRET },
		}),
	};
	const workflows = {
		crm: onCredential(
			triggerToCrmWorkflow('Callback to CRM', CRM_WEBHOOK_ID, crm.url, RUN_SECONDS),
			credential,
		),
		quick: onCredential(triggerOnlyWorkflow('Callbacks', QUICK_WEBHOOK_ID), credential),
		dedup: dedupWorkflow(crm.url),
	};
	for (const [key, workflow] of Object.entries(workflows))
		workflowIds[key] = (await stack.rest.createAndActivateWorkflow(workflow)).id;
});

afterAll(async () => {
	await stack?.stop();
	await crm?.close();
	if (stack) expect(await stack.leftovers()).toEqual([]);
});

const signedLink = (webhookId: string, reference: string, processor = 0) =>
	signedTriggerLink(
		stack.productionWebhookUrl(nodeWebhookPath({ webhookId }, 'callback'), processor),
		reference,
		CALLBACK_SECRET,
	);
/** The same link at the other webhook processor (both serve the same trigger). */
const atProcessor = (link: string, processor: number) => {
	const url = new URL(link);
	url.port = new URL(stack.productionWebhookUrl('', processor)).port;
	return url.toString();
};

const newestId = (workflow: string) => stack.rest.newestExecutionId(workflowIds[workflow]);
const executionsAfter = (workflow: string, afterId: number) =>
	stack.rest.executionStatusesAfter(workflowIds[workflow], afterId, 180_000);

/** Delivers a callback to the CRM workflow and returns it pending once its run is 2 s in, with the worker running it. */
async function deliverAndLetRun(transactionId: string, link: string) {
	const before = await newestId('crm');
	const sentAt = Date.now();
	const pending = deliverResult(link, transactionId);
	const running = await pollUntil(
		async () => {
			const [newest] = await stack.rest.listExecutions({
				workflowId: workflowIds.crm,
				status: ['running'],
				limit: 1,
			});
			return newest && Number(newest.id) > before ? newest : undefined;
		},
		{ timeoutMs: 120_000, intervalMs: 100, description: 'the run to go' },
	);
	const [worker] = await pollUntil(
		async () => {
			const roles = stack.workersThatRan(running.id);
			return roles.length > 0 ? roles : undefined;
		},
		{ timeoutMs: 30_000, description: 'the worker running it' },
	);
	await sleep(Math.max(0, sentAt + 2000 - Date.now()));
	expect(crmDeliveries(crm, transactionId)).toBe(0);
	return { before, pending, worker: worker as `worker${number}` };
}

describe('a worker stopped while the run a callback started is going', () => {
	it('killed (SIGKILL) 2 s in: n8n gives the job up and answers 500; the redelivery runs it again, the CRM gets it once', async () => {
		const transactionId = 'txn_queue_worker_kill';
		const link = signedLink(CRM_WEBHOOK_ID, 'REF-queue-kill');
		const { before, pending, worker } = await deliverAndLetRun(transactionId, link);
		const killedAt = Date.now();
		const workerProcess = stack.workers[Number(worker.slice('worker'.length)) - 1];
		signalGroup(workerProcess.pid, 'SIGKILL');
		// until n8n has given the job up, a copy is told to come back
		const copy = await deliverResult(link, transactionId);
		expect(copy).toMatchObject({ status: 503 });
		const first = await pending;
		const answeredAfter = (Date.now() - killedAt) / 1000;
		expect(first).toMatchObject({ status: 500 });
		await stack.restart(worker, 'kill');

		expect(await deliverResult(link, transactionId)).toEqual(RUN_ENDED);
		expect(await deliverResult(link, transactionId)).toEqual(DUPLICATE);
		expect(await executionsAfter('crm', before)).toEqual(['error', 'success']);
		expect(crmDeliveries(crm, transactionId)).toBe(1);
		console.log(
			`QUEUE FIGURE: ${worker} killed 2 s into the run: n8n answered the delivery ${JSON.stringify(first)} ` +
				`${answeredAfter.toFixed(0)} s later; the redelivery ran it again; CRM deliveries: 1`,
		);
	});

	it('stopped (SIGTERM) 2 s in: the worker ends the run first; the redelivery is a repeat, the CRM gets it once', async () => {
		const transactionId = 'txn_queue_worker_term';
		const link = signedLink(CRM_WEBHOOK_ID, 'REF-queue-term');
		const { before, pending, worker } = await deliverAndLetRun(transactionId, link);
		await stack.restart(worker, 60_000);
		expect(crmDeliveries(crm, transactionId)).toBe(1);
		expect(await pending).toEqual(RUN_ENDED);
		expect(await deliverResult(link, transactionId)).toEqual(DUPLICATE);
		expect(await executionsAfter('crm', before)).toEqual(['success']);
		expect(crmDeliveries(crm, transactionId)).toBe(1);
	});
});

describe(`${COPIES} copies of one callback spread over two webhook processors at once (${BURSTS} bursts)`, () => {
	it(
		'the trigger: each webhook processor starts at most one run; the README states the figure',
		async () => {
			const runsPerBurst: number[] = [];
			for (let burst = 0; burst < BURSTS; burst++) {
				const transactionId = `txn_queue_spread_${burst}`;
				const link = signedLink(QUICK_WEBHOOK_ID, `REF-spread-${burst}`);
				const before = await newestId('quick');
				await Promise.all(
					Array.from({ length: COPIES }, (_, copy) =>
						deliverResult(atProcessor(link, copy % 2), transactionId),
					),
				);
				runsPerBurst.push((await executionsAfter('quick', before)).length);
			}
			expect(runsPerBurst.every((runs) => runs >= 1 && runs <= 2)).toBe(true);
			console.log(
				`QUEUE FIGURE: trigger, ${COPIES} copies over 2 webhook processors, ${BURSTS} bursts: runs per burst ${runsPerBurst.join(', ')}`,
			);
		},
		20 * 60_000,
	);

	it("n8n's own database-backed deduplication (Remove Duplicates, processed in previous executions) lets copies through too", async () => {
		const deliveredPerBurst: number[] = [];
		for (let burst = 0; burst < BURSTS; burst++) {
			const transactionId = `txn_queue_dedup_${burst}`;
			const before = await newestId('dedup');
			await Promise.all(
				Array.from({ length: COPIES }, (_, copy) =>
					postCallback(
						stack.productionWebhookUrl(DEDUP_PATH, copy % 2),
						resultCallbackBody(transactionId, ALL_SCORES),
					),
				),
			);
			await executionsAfter('dedup', before);
			deliveredPerBurst.push(crmDeliveries(crm, transactionId));
		}
		expect(deliveredPerBurst.every((count) => count >= 1)).toBe(true);
		console.log(
			`QUEUE FIGURE: Remove Duplicates, ${COPIES} copies over 2 webhook processors, ${BURSTS} bursts: CRM deliveries per burst ${deliveredPerBurst.join(', ')}`,
		);
	});
});
