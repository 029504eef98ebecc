import { WebhookContext } from 'n8n-core';
import { createRunExecutionData, isNodeClassInstance } from 'n8n-workflow';
import type {
	ExecutionError,
	IDataObject,
	INode,
	INodeExecutionData,
	IRunExecutionData,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessContext } from './context';
import type { ExecutionResult } from './executionResult';
import type { FakeRequest, FakeResponse } from './fakeHttp';
import { internalErrorBody, WebhookHttpError } from './httpErrors';
import { parseWebhookRequestBody } from './requestBody';
import {
	applyResponseHeaders,
	evaluateResponseOptions,
	lastNodeResponse,
	onReceivedResponseBody,
	sendResponse,
	VALID_RESPONSE_MODES,
	WebhookDescriptionEvaluator,
} from './webhookResponse';
import type { HarnessWorkflow } from './workflow';

/** What came back from an HTTP call to a webhook or resume URL. */
export interface WebhookCallResult {
	statusCode: number;
	/** What was passed to res.json()/res.send(), or the bytes written with res.end(). */
	responseBody: unknown;
	responseHeaders: Record<string, string | string[]>;
	/** Whether anything answered the request (n8n leaves it hanging otherwise). */
	responded: boolean;
	/** What the node's webhook() returned. */
	webhookResult?: IWebhookResponseData;
	/** The items the webhook() handed to the workflow, per output. */
	workflowData?: INodeExecutionData[][];
	/** Whether an execution ran (webhook() returned workflowData). */
	started: boolean;
	execution?: ExecutionResult;
	/** The workflow's saved static data after the call. */
	staticData: IDataObject;
	/** What webhook() threw, or what failed in the webhook layer. */
	error?: Error;
}

export interface WebhookExecution {
	workflow: HarnessWorkflow;
	/** The Workflow object the webhook runs in (the execution gets a fresh one). */
	instance: Workflow;
	webhookData: IWebhookData;
	startNode: INode;
	mode: WorkflowExecuteMode;
	req: FakeRequest;
	res: FakeResponse;
	/** Resuming: the stored execution data and id. Live webhooks have neither. */
	runExecutionData?: IRunExecutionData;
	executionId?: string;
	executedBefore?: string[];
	/** Live webhooks save static data changed by webhook(); waiting webhooks do not. */
	saveWebhookStaticData: boolean;
}

/**
 * The cli's `WebhookHelpers.executeWebhook` (2.40.7), used for both live and waiting
 * webhooks: run the node's webhook() in n8n-core's WebhookContext, answer the
 * request according to the webhook description, and when webhook() returned
 * `workflowData`, put it on the execution stack and run the workflow.
 */
export async function executeWebhook(
	context: HarnessContext,
	call: WebhookExecution,
): Promise<WebhookCallResult> {
	const { workflow, instance, startNode, mode, req, res } = call;
	let executionId = call.executionId;
	const evaluator = new WebhookDescriptionEvaluator(instance, startNode, call.webhookData, mode, {
		$executionId: executionId,
	});
	const additionalData = context.additionalData(workflow.id, executionId);
	additionalData.httpRequest = req as unknown as typeof additionalData.httpRequest;
	additionalData.httpResponse = res as unknown as typeof additionalData.httpResponse;

	const options = evaluateResponseOptions(evaluator);
	const result: Partial<WebhookCallResult> = { started: false };
	let didSendResponse = false;
	const respond = (body: unknown, code?: number) => {
		if (!didSendResponse) sendResponse(res, body, code);
		didSendResponse = true;
	};

	try {
		if (!VALID_RESPONSE_MODES.includes(options.responseMode)) {
			throw new Error(`The response mode '${options.responseMode}' is not valid!`);
		}
		if (!['onReceived', 'lastNode'].includes(options.responseMode)) {
			throw new Error(`The test harness does not support responseMode '${options.responseMode}'`);
		}
		await parseWebhookRequestBody(req, startNode, instance, mode, evaluator.additionalKeys);

		let webhookResult: IWebhookResponseData;
		let runExecutionDataMerge: Partial<IRunExecutionData> = {};
		try {
			webhookResult = await runNodeWebhook(instance, startNode, call, additionalData);
			result.webhookResult = webhookResult;
		} catch (error) {
			// n8n answers 500 and still starts an execution that records the error
			result.error = error as Error;
			respond(internalErrorBody('Workflow Webhook Error: Workflow could not be started!'), 500);
			runExecutionDataMerge = {
				resultData: {
					runData: {},
					lastNodeExecuted: startNode.name,
					error: plainError(error as Error),
				},
			};
			webhookResult = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
		}
		if (call.saveWebhookStaticData) workflow.saveStaticData(instance);

		applyResponseHeaders(evaluator, res);
		if (webhookResult.noWebhookResponse === true) didSendResponse = true;

		if (webhookResult.workflowData === undefined) {
			respond(
				webhookResult.webhookResponse ?? { message: 'Webhook call received' },
				options.responseCode,
			);
			return finish(result, res, workflow);
		}
		result.workflowData = webhookResult.workflowData;

		const deferOnReceived = options.responseMode === 'onReceived' && !didSendResponse;
		const runExecutionData = prepareExecutionData(
			startNode,
			webhookResult,
			call,
			runExecutionDataMerge,
		);
		executionId ??= context.store.nextId();
		const execution = await context.execute({
			workflow,
			mode,
			executionId,
			runExecutionData,
			restart: call.executionId !== undefined,
			executedBefore: call.executedBefore,
		});
		result.started = true;
		result.execution = execution;

		if (deferOnReceived) {
			evaluator.additionalKeys.$executionId = executionId;
			evaluator.additionalKeys.$execution = {
				id: executionId,
				mode: mode === 'manual' ? 'test' : 'production',
				resumeUrl: `${context.urls.webhookWaitingBaseUrl}/${executionId}`,
				resumeFormUrl: `${context.urls.formWaitingBaseUrl}/${executionId}`,
			};
			const responseData = evaluator.complex('responseData', 'firstEntryJson');
			respond(onReceivedResponseBody(responseData, webhookResult), options.responseCode);
		} else if (options.responseMode === 'lastNode') {
			const { code, body } = lastNodeResponse(execution.run, options);
			respond(body, code);
		}
	} catch (error) {
		result.error ??= error as Error;
		if (error instanceof WebhookHttpError) respond(error.body, error.statusCode);
		else respond(internalErrorBody('There was a problem executing the workflow'), 500);
	}
	return finish(result, res, workflow);
}

/** The cli's `WebhookService.runWebhook`. */
async function runNodeWebhook(
	instance: Workflow,
	startNode: INode,
	call: WebhookExecution,
	additionalData: IWorkflowExecuteAdditionalData,
): Promise<IWebhookResponseData> {
	const nodeType = instance.nodeTypes.getByNameAndVersion(startNode.type, startNode.typeVersion);
	if (nodeType.webhook === undefined)
		throw new Error(`Node "${startNode.name}" has no webhook() method`);
	const webhookContext = new WebhookContext(
		instance,
		startNode,
		additionalData,
		call.mode,
		call.webhookData,
		[],
		call.runExecutionData ?? null,
	);
	return isNodeClassInstance(nodeType)
		? await nodeType.webhook(webhookContext)
		: await nodeType.webhook.call(webhookContext);
}

/**
 * The cli's `prepareExecutionData`. A live webhook starts new execution data with the
 * trigger node on the stack; a resumed execution gets webhook()'s output on its
 * waiting (now disabled) node, flagged `forwardAllOutputs` so that every output,
 * not just the first, reaches the following nodes.
 */
function prepareExecutionData(
	startNode: INode,
	webhookResult: IWebhookResponseData,
	call: WebhookExecution,
	merge: Partial<IRunExecutionData>,
): IRunExecutionData {
	const main = webhookResult.workflowData ?? [];
	const runExecutionData =
		call.runExecutionData ??
		createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: startNode, data: { main }, source: null }] },
		});
	if (call.executionId !== undefined) {
		const resuming = runExecutionData.executionData!.nodeExecutionStack[0];
		resuming.data.main = main;
		resuming.metadata = { ...resuming.metadata, forwardAllOutputs: true };
	}
	if (Object.keys(merge).length !== 0) Object.assign(runExecutionData, merge);
	return runExecutionData;
}

/** n8n records the webhook's error as a plain copy, keeping message and stack. */
function plainError(error: Error): ExecutionError {
	return { ...error, message: error.message, stack: error.stack } as unknown as ExecutionError;
}

function finish(
	result: Partial<WebhookCallResult>,
	res: FakeResponse,
	workflow: HarnessWorkflow,
): WebhookCallResult {
	return {
		...result,
		started: result.started ?? false,
		statusCode: res.statusCode,
		responseBody: res.body,
		responseHeaders: res.getHeaders(),
		responded: res.answered,
		staticData: workflow.staticData,
	};
}
