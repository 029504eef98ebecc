/**
 * Callbacks at the Argos ID Liveness Trigger of a real n8n: a workflow that is just the trigger, callback bodies
 * shaped like Argos', signed links, plain HTTP posts and deliveries as Argos makes them, and the executions each
 * transaction started (counted through REST).
 * For test/e2e and the reliability report.
 */
import { buildCallbackUrl } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { EXAMPLE_CREDENTIAL } from './argosStack';
import type { CaptureServer } from '../n8n/captureServer';
import { nodeOutput } from '../n8n/executionData';
import type { N8nRestClient } from '../n8n/n8nRest';
import { pollUntil, sleep } from '../n8n/poll';
import { nodeWebhookPath } from '../n8n/webhookUrls';

export const TRIGGER_NODE = 'Argos ID Liveness Trigger';

/**
 * A workflow holding only the trigger (fixed webhookId, the example credential), named `name`; with `runSeconds`,
 * a Wait node after it keeps each execution running that long.
 */
export function triggerOnlyWorkflow(
	name: string,
	webhookId: string,
	parameters: Record<string, unknown> = {},
	runSeconds?: number,
): Record<string, unknown> {
	const wait = {
		parameters: { amount: runSeconds, unit: 'seconds' },
		id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000002`,
		name: 'Keep running',
		type: 'n8n-nodes-base.wait',
		typeVersion: 1.1,
		position: [240, 0],
		webhookId: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000003`,
	};
	return {
		name,
		nodes: [
			...(runSeconds === undefined ? [] : [wait]),
			{
				parameters,
				id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000001`,
				name: TRIGGER_NODE,
				type: 'n8n-nodes-argos-id-liveness.argosIdLivenessTrigger',
				typeVersion: 1,
				position: [0, 0],
				webhookId,
				credentials: { argosIdentityApi: { ...EXAMPLE_CREDENTIAL } },
			},
		],
		connections:
			runSeconds === undefined
				? {}
				: { [TRIGGER_NODE]: { main: [[{ node: wait.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

const CRM_NODE = 'CRM';
export const CRM_PATH = '/crm';

/**
 * The trigger → a step that keeps the run going `runSeconds` → a CRM: an HTTP Request node POSTing
 * `{ transactionId, verdict, reference }` to `<crmUrl>/crm` (a capture server standing in for the CRM).
 */
export function triggerToCrmWorkflow(
	name: string,
	webhookId: string,
	crmUrl: string,
	runSeconds: number,
): Record<string, unknown> {
	const workflow = triggerOnlyWorkflow(name, webhookId, {}, runSeconds) as {
		nodes: Array<Record<string, unknown>>;
		connections: Record<string, unknown>;
	};
	workflow.nodes.push({
		parameters: {
			method: 'POST',
			url: `${crmUrl}${CRM_PATH}`,
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={{ JSON.stringify({ transactionId: $json.transactionId, verdict: $json.verdict, reference: $json.reference }) }}',
			options: {},
		},
		id: `${webhookId.slice(0, 8)}-0000-4000-8000-000000000004`,
		name: CRM_NODE,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [480, 0],
	});
	workflow.connections['Keep running'] = {
		main: [[{ node: CRM_NODE, type: 'main', index: 0 }]],
	};
	return workflow;
}

/** The trigger's production URL (without query) in the n8n at `baseUrl`. */
export function triggerUrl(baseUrl: string, webhookId: string): string {
	return `${baseUrl}/webhook/${nodeWebhookPath({ webhookId }, 'callback')}`;
}

/** A successful callback as Argos POSTs it: only the checks given appear in `result`. */
export function resultCallbackBody(
	transactionId: string,
	scores: Record<string, number>,
): Record<string, unknown> {
	return {
		statusCode: 200,
		apiType: 'id_live_doc',
		transactionId,
		engineVersion: 'id_liveness@3.4.2',
		result: Object.fromEntries(
			Object.entries(scores).map(([check, score]) => [check, { liveness_score: score }]),
		),
	};
}

export interface PostAnswer {
	status: number;
	body: unknown;
}

/** A JSON POST over loopback; a string body goes as it is (for hostile bodies). */
export async function postCallback(url: string, body: unknown): Promise<PostAnswer> {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, body: parsed };
}

/** Every check scored well above the default minimums. */
export const ALL_SCORES = { screenReplay: 90, paperPrinted: 90, replacePortraits: 90 };

/** A callback link for all three checks, signed with `secret` and valid for an hour, to the trigger at `url`. */
export function signedTriggerLink(url: string, reference: string, secret: string): string {
	return buildCallbackUrl(url, {
		reference,
		secret,
		expiresAt: Math.floor(Date.now() / 1000) + 3600,
		checks: ['screenReplay', 'paperPrinted', 'replacePortraits'],
	});
}

export type DeliveryOutcome = PostAnswer | { noAnswer: string };

/** A delivery of a result with ALL_SCORES as Argos makes it: it waits for n8n's answer, or learns that the connection broke. */
export function deliverResult(link: string, transactionId: string): Promise<DeliveryOutcome> {
	return postCallback(link, resultCallbackBody(transactionId, ALL_SCORES)).catch(
		(error: Error) => ({
			noAnswer: String((error as Error & { cause?: Error }).cause?.message ?? error.message),
		}),
	);
}

/** The trigger's answer to a callback it has already delivered. */
export const DUPLICATE = { status: 200, body: { received: true, duplicate: true } };
/** What n8n answers the delivery that started a run, once that run has ended: 200, nothing from the run. */
export const RUN_ENDED = { status: 200, body: '' };

/** How many times the CRM of triggerToCrmWorkflow received the result of `transactionId`. */
export function crmDeliveries(crm: CaptureServer, transactionId: string): number {
	return crm
		.requestsTo(CRM_PATH)
		.filter(
			(request) => (request.body as { transactionId?: unknown }).transactionId === transactionId,
		).length;
}

/** How many executions of `workflowId` the trigger started per transactionId (every status, newest 100). */
async function executionsPerTransaction(
	rest: N8nRestClient,
	workflowId: string,
): Promise<Record<string, number>> {
	const counts: Record<string, number> = {};
	for (const summary of await rest.listExecutions({ workflowId })) {
		const execution = await rest.getExecution(summary.id);
		const runs = execution.data.resultData?.runData?.[TRIGGER_NODE];
		const outputs = runs?.[0]?.data?.main ?? [];
		const items = outputs.flatMap((_, outputIndex) =>
			nodeOutput(execution.data, TRIGGER_NODE, { outputIndex }),
		);
		const key = items.length ? String(items[0].transactionId) : `(no item) ${summary.status}`;
		counts[key] = (counts[key] ?? 0) + 1;
	}
	return counts;
}

/**
 * The counts once they stop changing: executions are created after the webhook answered, so this waits until the
 * count has been the same for `quietMs` and no execution is still running.
 */
export async function settledExecutionsPerTransaction(
	rest: N8nRestClient,
	workflowId: string,
	quietMs = 3000,
): Promise<Record<string, number>> {
	let previous = '';
	return await pollUntil(
		async () => {
			const running = await rest.listExecutions({ workflowId, status: ['new', 'running'] });
			const counts = await executionsPerTransaction(rest, workflowId);
			const current = JSON.stringify(counts);
			const settled = running.length === 0 && current === previous;
			previous = current;
			if (!settled) await sleep(quietMs);
			return settled ? counts : undefined;
		},
		{ timeoutMs: 120_000, description: 'the executions to settle' },
	);
}
