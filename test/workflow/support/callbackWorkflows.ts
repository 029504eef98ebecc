/**
 * What the asynchronous tests share: callback bodies shaped like the ones Argos (and the emulator) POSTs,
 * signed callback queries, a workflow holding the trigger, the "Submit and Wait" workflow, and plain HTTP.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { CallbackBody, LivenessScores } from '../../../emulator';
import {
	buildCallbackUrl,
	callbackSigningKey,
	type CallbackTerms,
} from '../../../package/nodes/resultsAndCallbacks/callbackSignature';
import { CHECK_NAMES, type CheckName } from '../../../package/nodes/resultsAndCallbacks/checks';
import {
	connect,
	type ExecutionResult,
	type HarnessWorkflow,
	type N8nHarness,
	type HttpRequestSpec,
	type WebhookCallResult,
} from '../../../tools/harness';
import {
	ACTION_TYPE,
	API_KEY,
	ARGOS,
	runArgos,
	startTestBed,
	TRIGGER_TYPE,
	type ArgosTestBed,
} from './argosTestBed';

export const ENGINE_VERSION = 'id_liveness@3.4.2';
export const TRIGGER = 'Argos Trigger';
export { ARGOS };

/** The documented success callback: only the pipelines that were asked for appear in `result`. */
export function resultCallback(
	transactionId: string,
	scores: Partial<LivenessScores>,
	engineVersion = ENGINE_VERSION,
): CallbackBody {
	const result = Object.fromEntries(
		Object.entries(scores).map(([check, score]) => [check, { liveness_score: score }]),
	);
	return { statusCode: 200, apiType: 'id_live_doc', transactionId, engineVersion, result };
}

const FAILURE_MESSAGES = {
	1003: 'Fail to process data',
	1009: 'Fail to analyze document',
} as const;

/** The documented failure callback, with `errorCode` a number as in the vendor's callback examples. */
export function failureCallback(
	transactionId: string,
	errorCode: keyof typeof FAILURE_MESSAGES,
): CallbackBody {
	return {
		statusCode: 400,
		apiType: 'id_live_doc',
		transactionId,
		errorCode,
		message: FAILURE_MESSAGES[errorCode],
	};
}

/** The key the action node signs with when the test bed's credential has no Callback Secret. */
export const DERIVED_KEY = callbackSigningKey({ apiKey: API_KEY }) as string;

/** The webhook ID of the trigger in triggerWorkflow() unless given: the links callbackQuery makes are for it. */
const TRIGGER_WEBHOOK_ID = 'b7e1c0de-5a1e-4c0d-9e11-0000000000a1';

/**
 * The query the action node puts on a callback URL to the trigger `webhookId` (TRIGGER_WEBHOOK_ID unless given):
 * the reference, and with a key an expiry, a nonce, the requested checks (all three unless given) and a signature;
 * with `faceCompare` or `recognition`, a link of that API.
 */
export function callbackQuery(
	options: CallbackTerms & {
		reference?: string;
		secret?: string;
		expiresAt?: number;
		checks?: readonly CheckName[];
		nonce?: string;
		webhookId?: string;
	},
): Record<string, string> {
	const expiresAt = options.expiresAt ?? Math.floor(Date.now() / 1000) + 3600;
	const webhookId = options.webhookId ?? TRIGGER_WEBHOOK_ID;
	const url = new URL(
		buildCallbackUrl(`http://n8n.test/webhook/${webhookId}/callback`, {
			reference: options.reference,
			secret: options.secret,
			expiresAt,
			checks: options.checks ?? CHECK_NAMES,
			faceCompare: options.faceCompare,
			recognition: options.recognition,
			nonce: options.nonce,
		}),
	);
	return Object.fromEntries(url.searchParams);
}

/**
 * A saved workflow that is just the Argos ID Liveness Trigger (webhook ID TRIGGER_WEBHOOK_ID unless given), so every
 * call shows what the trigger outputs.
 */
export function triggerWorkflow(
	harness: N8nHarness,
	parameters: INodeParameters = {},
	staticData?: HarnessWorkflow['staticData'],
	webhookId = TRIGGER_WEBHOOK_ID,
): HarnessWorkflow {
	return harness.workflow({
		nodes: [harness.node({ name: TRIGGER, type: TRIGGER_TYPE, parameters, webhookId })],
		connections: {},
		staticData,
	});
}

/** A test bed listening on loopback whose emulator calls back, and a saved trigger workflow with its production URL. */
export async function startCallbackTestBed(): Promise<{
	bed: ArgosTestBed;
	receiver: HarnessWorkflow;
	triggerUrl: string;
}> {
	const bed = await startTestBed({ emulator: { callbackDelayMs: 20 } });
	await bed.harness.listen();
	const receiver = bed.harness.activate(triggerWorkflow(bed.harness));
	return { bed, receiver, triggerUrl: bed.harness.webhookUrl(receiver, TRIGGER) };
}

/** Calls a fresh trigger with `request` and expects it refused with `statusCode` and `error`, starting nothing. */
export async function expectTriggerRefuses(
	harness: N8nHarness,
	request: HttpRequestSpec,
	statusCode: number,
	error?: string,
): Promise<void> {
	const call = await callTrigger(harness, triggerWorkflow(harness), request);
	expect(call.started).toBe(false);
	expect(call.statusCode).toBe(statusCode);
	if (error !== undefined) expect(call.responseBody).toEqual({ error });
}

/**
 * The items the trigger of `receiver` started the workflow with, over every run so far: for each of `values`, the
 * one whose `field` holds it, in the order given.
 */
export function triggerItemsBy(
	harness: N8nHarness,
	receiver: HarnessWorkflow,
	field: 'transactionId' | 'reference',
	values: unknown[],
): IDataObject[] {
	const items = harness
		.executions()
		.filter((execution) => execution.workflow === receiver)
		.flatMap((execution) => execution.json(TRIGGER));
	return values.map((value) => items.find((json) => json[field] === value)!);
}

/**
 * Sends `input` through the Argos node with `parameters` (Send Result to Callback URL), waits until the emulator has
 * delivered every callback, each answered 200, and gives the accepted items.
 */
export async function sendAndAwaitCallbacks(
	bed: ArgosTestBed,
	input: INodeExecutionData[],
	parameters: INodeParameters,
): Promise<IDataObject[]> {
	const sender = await runArgos(bed.harness, input, parameters);
	expect(sender.status).toBe('success');
	await bed.emulator.waitForCallbacks(input.length);
	expect(bed.emulator.callbacks.map((delivery) => delivery.status)).toEqual(input.map(() => 200));
	return sender.json(ARGOS);
}

/**
 * POSTs to the trigger's production webhook in-process: a JSON `body`, or the `rawBody` and headers given. Without
 * a `query`, through a fresh link to this trigger signed as the action node signs it with the test bed's credential.
 */
export async function callTrigger(
	harness: N8nHarness,
	workflow: HarnessWorkflow,
	request: HttpRequestSpec,
): Promise<WebhookCallResult> {
	const webhookId = workflow.nodes.find((node) => node.name === TRIGGER)?.webhookId;
	const query = request.query ?? callbackQuery({ secret: DERIVED_KEY, webhookId });
	return await harness.callWebhook({ workflow, nodeName: TRIGGER, request: { ...request, query } });
}

/** The items a trigger call started the workflow with, per output (throws when nothing started). */
export function triggerOutputs(call: WebhookCallResult): INodeExecutionData[][] {
	if (!call.started || call.execution === undefined) {
		throw new Error(
			`The call started nothing: ${call.statusCode} ${JSON.stringify(call.responseBody)}`,
		);
	}
	return call.execution.outputs(TRIGGER);
}

/**
 * Start → "Argos ID Liveness" in "Submit and Wait for Result" mode; `onError` stands for the node's "On Error" setting.
 * `typeVersion` 1 is the node as workflows saved before version 2 hold it: the mode in `mode`.
 */
export async function runSubmitAndWait(
	harness: N8nHarness,
	input: INodeExecutionData[],
	parameters: INodeParameters = {},
	onError?: 'continueRegularOutput' | 'continueErrorOutput',
	typeVersion: 1 | 2 | 3 = 2,
): Promise<ExecutionResult> {
	return await harness.run({
		nodes: [
			harness.startNode(),
			harness.node({
				name: ARGOS,
				type: ACTION_TYPE,
				parameters: {
					[typeVersion === 1 ? 'mode' : 'operation']: 'submitAndWait',
					...parameters,
				},
				typeVersion,
				...(onError && { onError }),
			}),
		],
		connections: connect(['Start', ARGOS]),
		input,
		// an activated workflow's execution, as when a form or webhook starts it
		mode: 'webhook',
	});
}

/** An HTTP POST over loopback, as Argos (or anyone who learnt the URL) would send it; `body` strings go as they are. */
export { postCallback as postJson } from '../../../tools/argos-stack/triggerCallbacks';

/** The items of each output of `nodeName`, as JSON. */
export function jsonPerOutput(execution: ExecutionResult, nodeName: string): unknown[][] {
	return execution.outputs(nodeName).map((items) => items.map((item) => item.json));
}
