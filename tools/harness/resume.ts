import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type { INode, IRunExecutionData, IWebhookData, Workflow } from 'n8n-workflow';

import type { HarnessContext } from './context';
import type { StoredExecution } from './executionStore';
import { FakeRequest, FakeResponse } from './fakeHttp';
import type { HttpRequestSpec } from './fakeHttp';
import { hasValidHmacSignature, hasValidResumeToken, parseResumeUrl } from './resumeUrls';
import { executeWebhook } from './webhookExecution';
import type { WebhookCallResult } from './webhookExecution';
import { getNodeWebhooks } from './webhookLookup';
import { sendResponse } from './webhookResponse';

/**
 * The cli's WaitingWebhooks (2.40.7) for a request to a resume URL
 * `/webhook-waiting/<execution id>[/<suffix>]?signature=...`.
 */
export async function resumeWaitingExecution(
	context: HarnessContext,
	resumeUrl: string,
	request: HttpRequestSpec,
): Promise<WebhookCallResult> {
	const req = new FakeRequest(request, resumeUrl);
	const res = new FakeResponse();
	const { webhookWaitingBaseUrl } = context.urls;
	const parts = parseResumeUrl(req.fullUrl, webhookWaitingBaseUrl);
	const { executionId } = parts;
	let { suffix } = parts;
	const stored = context.store.load(executionId);
	const reply = (body: unknown, code: number) => {
		sendResponse(res, body, code);
		return rejected(res, stored);
	};

	const nodes = stored?.result.workflow.nodesWithDefaults() ?? [];
	const sendAndWait = isSendAndWaitRequest(nodes, suffix);
	if (stored?.data.resumeToken) {
		const valid = sendAndWait
			? hasValidHmacSignature(
					req.fullUrl,
					context.instanceSettings.hmacSignatureSecret,
					webhookWaitingBaseUrl,
				)
			: hasValidResumeToken(req.fullUrl, stored.data.resumeToken, webhookWaitingBaseUrl);
		if (!valid) {
			if (sendAndWait) res.status(401).render('form-invalid-token');
			else res.status(401).json({ error: 'Invalid token' });
			return rejected(res, stored);
		}
		if (!suffix && parts.webhookPath) suffix = parts.webhookPath;
	}
	if (stored === undefined) {
		return reply({ code: 404, message: `The execution "${executionId}" does not exist.` }, 404);
	}
	const { result } = stored;
	if (result.status === 'running') {
		return reply({ code: 409, message: `The execution "${executionId}" is running already.` }, 409);
	}
	if (stored.data.resultData.error) {
		return reply(
			{ code: 409, message: `The execution "${executionId}" has finished with error.` },
			409,
		);
	}
	if (result.run.finished) {
		if (sendAndWait) {
			res.render('send-and-wait-no-action-required');
			return rejected(res, stored);
		}
		// the missing quote is n8n's
		return reply(
			{ code: 409, message: `The execution "${executionId} has finished already.` },
			409,
		);
	}

	const data = stored.data;
	const lastNodeExecuted = data.resultData.lastNodeExecuted!;
	// n8n disables the waiting node so the engine forwards webhook()'s output instead of running it again
	data.executionData!.nodeExecutionStack[0].node.disabled = true;
	data.waitTill = undefined;
	preserveInputOverride(data, lastNodeExecuted);

	const instance = result.workflow.instantiate();
	const startNode = instance.getNode(lastNodeExecuted);
	if (startNode === null)
		return reply({ code: 404, message: 'Could not find node to process webhook.' }, 404);
	const webhookData = findRestartWebhook(context, instance, startNode, req.method, suffix);
	if (webhookData === undefined) {
		if (sendAndWait) {
			res.render('send-and-wait-no-action-required');
			return rejected(res, stored);
		}
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

export interface ResumeUrlCheck {
	executionId: string;
	suffix?: string;
	/** The `signature` is the HMAC n8n's getSignedResumeUrl computes with this instance's secret. */
	hmacSignatureValid: boolean;
	/** The `signature` is the execution's stored resumeToken (`$execution.resumeUrl`). */
	resumeTokenValid: boolean;
	/** What n8n 2.40's WaitingWebhooks would decide: HMAC for send-and-wait nodes, token otherwise. */
	acceptedByN8n: boolean;
}

/** Both of n8n's checks on a resume URL, and which one n8n would apply to it. */
export function checkResumeUrl(context: HarnessContext, url: string): ResumeUrlCheck {
	const base = context.urls.webhookWaitingBaseUrl;
	const { executionId, suffix } = parseResumeUrl(url, base);
	const stored = context.store.load(executionId);
	const hmacSignatureValid = hasValidHmacSignature(
		url,
		context.instanceSettings.hmacSignatureSecret,
		base,
	);
	const resumeTokenValid = hasValidResumeToken(url, stored?.data.resumeToken, base);
	const sendAndWait = isSendAndWaitRequest(
		stored?.result.workflow.nodesWithDefaults() ?? [],
		suffix,
	);
	return {
		executionId,
		suffix,
		hmacSignatureValid,
		resumeTokenValid,
		acceptedByN8n: stored !== undefined && (sendAndWait ? hmacSignatureValid : resumeTokenValid),
	};
}

/** WaitingWebhooks.isSendAndWaitRequest: only these requests get the HMAC check. */
function isSendAndWaitRequest(nodes: INode[], suffix: string | undefined): boolean {
	return (
		suffix !== undefined &&
		nodes.some(
			(node) => node.id === suffix && node.parameters.operation === SEND_AND_WAIT_OPERATION,
		)
	);
}

/** A waiting node's webhook: same method, path equal to the URL suffix (or ''), `restartWebhook: true`, not a form. */
function findRestartWebhook(
	context: HarnessContext,
	instance: Workflow,
	startNode: INode,
	method: string,
	suffix: string | undefined,
): IWebhookData | undefined {
	const additionalData = context.additionalData(instance.id);
	return getNodeWebhooks(instance, startNode, additionalData).find(
		(webhook) =>
			webhook.httpMethod === method &&
			webhook.path === (suffix ?? '') &&
			webhook.webhookDescription.restartWebhook === true &&
			webhook.webhookDescription.nodeType !== 'form',
	);
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
		responded: res.answered,
		started: false,
		staticData: stored?.result.workflow.staticData ?? {},
	};
}
