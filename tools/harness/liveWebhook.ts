import type { HarnessContext } from './context';
import { FakeRequest, FakeResponse } from './fakeHttp';
import type { HttpRequestSpec } from './fakeHttp';
import { executeWebhook } from './webhookExecution';
import type { WebhookCallResult } from './webhookExecution';
import { getNodeWebhooks } from './webhookLookup';
import type { HarnessWorkflow } from './workflow';

export interface LiveWebhookCall {
	workflow: HarnessWorkflow;
	/** The trigger node whose webhook is called. */
	nodeName: string;
	request: HttpRequestSpec;
	/** Picks among several webhooks with the same method by registered path. */
	path?: string;
}

/**
 * The cli's LiveWebhooks for a request to one of the node's production webhook
 * URLs: a fresh Workflow from the saved workflow (with its saved static data), the
 * node's webhook() through the shared webhook flow, static data saved afterwards.
 */
export async function callLiveWebhook(
	context: HarnessContext,
	call: LiveWebhookCall,
): Promise<WebhookCallResult> {
	const { workflow, nodeName } = call;
	const method = (call.request.method ?? 'POST').toUpperCase();
	const instance = workflow.instantiate();
	const startNode = instance.getNode(nodeName);
	if (startNode === null) throw new Error(`The workflow has no node "${nodeName}"`);
	const webhooks = getNodeWebhooks(
		instance,
		startNode,
		context.additionalData(workflow.id),
		true,
	).filter(
		(webhook) =>
			webhook.httpMethod === method && (call.path === undefined || webhook.path === call.path),
	);
	if (webhooks.length === 0) throw new Error(`Node "${nodeName}" has no ${method} webhook`);
	const [webhookData] = webhooks;
	const req = new FakeRequest(call.request, `${context.urls.webhookBaseUrl}/${webhookData.path}`);
	return await executeWebhook(context, {
		workflow,
		instance,
		webhookData,
		startNode,
		mode: 'webhook',
		req,
		res: new FakeResponse(),
	});
}

/** LiveWebhooks.findWebhook (static paths only): the active workflow node registered at this path and method. */
export async function callActiveWebhook(
	context: HarnessContext,
	activeWorkflows: Iterable<HarnessWorkflow>,
	pathAndQuery: string,
	request: HttpRequestSpec,
): Promise<WebhookCallResult | undefined> {
	const url = new URL(pathAndQuery, 'http://localhost');
	const path = decodeURIComponent(url.pathname.slice(1));
	const method = (request.method ?? 'POST').toUpperCase();
	for (const workflow of activeWorkflows) {
		const instance = workflow.instantiate();
		const additionalData = context.additionalData(workflow.id);
		for (const node of Object.values(instance.nodes)) {
			const registered = getNodeWebhooks(instance, node, additionalData, true).some(
				(webhook) => webhook.path === path && webhook.httpMethod === method,
			);
			if (!registered) continue;
			const query = Object.fromEntries(url.searchParams);
			return await callLiveWebhook(context, {
				workflow,
				nodeName: node.name,
				request: { ...request, query },
				path,
			});
		}
	}
	return undefined;
}

/** A node's production URL: `<webhook base>/<registered path>`. */
export function productionWebhookUrl(
	context: HarnessContext,
	workflow: HarnessWorkflow,
	nodeName: string,
	method = 'POST',
): string {
	const instance = workflow.instantiate();
	const node = instance.getNode(nodeName);
	if (node === null) throw new Error(`The workflow has no node "${nodeName}"`);
	const webhook = getNodeWebhooks(instance, node, context.additionalData(workflow.id), true).find(
		(candidate) => candidate.httpMethod === method.toUpperCase(),
	);
	if (webhook === undefined) throw new Error(`Node "${nodeName}" has no ${method} webhook`);
	return `${context.urls.webhookBaseUrl}/${webhook.path}`;
}
