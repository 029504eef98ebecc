import { WAITING_TOKEN_QUERY_PARAM } from 'n8n-core';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type { IRunExecutionData } from 'n8n-workflow';
import { timingSafeEqual } from 'node:crypto';

import type { HarnessContext } from './context';
import type { StoredExecution } from './executionStore';
import { FakeRequest, FakeResponse } from './fakeHttp';
import type { HttpRequestSpec } from './fakeHttp';
import { executeWebhook, sendResponse } from './webhookExecution';
import type { WebhookCallResult } from './webhookExecution';
import { getNodeWebhooks } from './webhookLookup';

/**
 * The cli's WaitingWebhooks for a request to a token resume URL, `$execution.resumeUrl`:
 * `/webhook-waiting/<execution id>?signature=<the execution's resumeToken>`.
 * Send-and-wait nodes (HMAC-signed URLs from getSignedResumeUrl) are not supported.
 */
export async function resumeWaitingExecution(
	context: HarnessContext,
	resumeUrl: string,
	request: HttpRequestSpec,
): Promise<WebhookCallResult> {
	const req = new FakeRequest(request, resumeUrl);
	const res = new FakeResponse();
	const { executionId, suffix } = parseResumeUrl(req.fullUrl, context.urls.webhookWaitingBaseUrl);
	const stored = context.store.load(executionId);
	const reply = (body: unknown, code: number) => {
		sendResponse(res, body, code);
		return rejected(res, stored);
	};
	const nodes = stored?.result.workflow.nodesWithDefaults() ?? [];
	if (
		nodes.some(
			(node) => node.id === suffix && node.parameters.operation === SEND_AND_WAIT_OPERATION,
		)
	) {
		throw new Error(
			'Send-and-wait nodes (HMAC-signed resume URLs) are not supported by the test harness',
		);
	}

	if (stored?.data.resumeToken && !hasValidResumeToken(req.fullUrl, stored.data.resumeToken)) {
		return reply({ error: 'Invalid token' }, 401);
	}
	if (stored === undefined) {
		return reply({ code: 404, message: `The execution "${executionId}" does not exist.` }, 404);
	}
	const { result, data } = stored;
	if (result.status === 'running') {
		return reply({ code: 409, message: `The execution "${executionId}" is running already.` }, 409);
	}
	if (data.resultData.error) {
		const message = `The execution "${executionId}" has finished with error.`;
		return reply({ code: 409, message }, 409);
	}
	if (result.run.finished) {
		// the missing quote is n8n's
		const message = `The execution "${executionId} has finished already.`;
		return reply({ code: 409, message }, 409);
	}

	const lastNodeExecuted = data.resultData.lastNodeExecuted!;
	// n8n disables the waiting node so the engine forwards webhook()'s output instead of running it again
	data.executionData!.nodeExecutionStack[0].node.disabled = true;
	data.waitTill = undefined;
	preserveInputOverride(data, lastNodeExecuted);

	const instance = result.workflow.instantiate();
	const startNode = instance.getNode(lastNodeExecuted);
	if (startNode === null)
		return reply({ code: 404, message: 'Could not find node to process webhook.' }, 404);
	// the waiting node's webhook: same method, path equal to the URL suffix (or ''), restartWebhook, not a form
	const webhookData = getNodeWebhooks(
		instance,
		startNode,
		context.additionalData(instance.id),
	).find(
		(webhook) =>
			webhook.httpMethod === req.method &&
			webhook.path === (suffix ?? '') &&
			webhook.webhookDescription.restartWebhook === true &&
			webhook.webhookDescription.nodeType !== 'form',
	);
	if (webhookData === undefined) {
		const message = `The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`;
		return reply({ code: 404, message }, 404);
	}
	return await executeWebhook(context, {
		workflow: result.workflow,
		instance,
		webhookData,
		startNode,
		mode: result.mode,
		req,
		res,
		runExecutionData: data,
		executionId,
		executedBefore: result.executedNodes,
		saveWebhookStaticData: false,
	});
}

/** Would n8n accept this resume URL (a URL a node handed to an outside service)? */
export function acceptsResumeUrl(context: HarnessContext, url: string): boolean {
	const { executionId } = parseResumeUrl(url, context.urls.webhookWaitingBaseUrl);
	const resumeToken = context.store.load(executionId)?.data.resumeToken;
	return resumeToken !== undefined && hasValidResumeToken(url, resumeToken);
}

/** Splits a resume URL the way n8n's `/webhook-waiting/:path{/:suffix}` route does. */
function parseResumeUrl(resumeUrl: string, webhookWaitingBaseUrl: string) {
	const url = new URL(resumeUrl);
	const basePath = new URL(webhookWaitingBaseUrl).pathname;
	const segments = url.pathname.startsWith(`${basePath}/`)
		? url.pathname.slice(basePath.length + 1).split('/')
		: [];
	if (segments.length === 0 || segments.length > 2 || segments[0] === '') {
		throw new Error(
			`"${resumeUrl}" does not match n8n's route ${webhookWaitingBaseUrl}/:path{/:suffix}`,
		);
	}
	const [executionId, suffix] = segments.map((segment) => decodeURIComponent(segment));
	return { executionId, suffix };
}

/** WaitingWebhooks.validateToken: the URL's `signature` is the execution's stored resumeToken. */
function hasValidResumeToken(resumeUrl: string, storedToken: string): boolean {
	const token = new URL(resumeUrl).searchParams.get(WAITING_TOKEN_QUERY_PARAM);
	if (!token || token.length !== storedToken.length) return false;
	return timingSafeEqual(Buffer.from(token), Buffer.from(storedToken));
}

/** The cli's `preserveInputOverride`: drops the waiting run of the node (keeping only an input override). */
function preserveInputOverride(data: IRunExecutionData, nodeName: string): void {
	const runs = data.resultData.runData[nodeName];
	const waitingRun = runs?.pop();
	if (waitingRun?.inputOverride) {
		runs.push({
			startTime: 0,
			executionTime: 0,
			executionIndex: 0,
			source: waitingRun.source,
			inputOverride: waitingRun.inputOverride,
		});
	}
}

function rejected(res: FakeResponse, stored: StoredExecution | undefined): WebhookCallResult {
	return {
		statusCode: res.statusCode,
		responseBody: res.body,
		responseHeaders: res.getHeaders(),
		started: false,
		staticData: stored?.result.workflow.staticData ?? {},
	};
}
