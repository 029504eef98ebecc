import { WebhookContext } from 'n8n-core';
import {
	createRunExecutionData,
	isNodeClassInstance,
	jsonParse,
	resolveWebhookDescriptionField,
} from 'n8n-workflow';
import type {
	ExecutionError,
	IDataObject,
	INode,
	IRunExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { HarnessContext } from './context';
import type { ExecutionResult } from './executionResult';
import type { FakeRequest, FakeResponse } from './fakeHttp';
import type { HarnessWorkflow } from './workflow';

/** What came back from an HTTP call to a webhook or resume URL. */
export interface WebhookCallResult {
	statusCode: number;
	/** What was passed to res.json()/res.send(). */
	responseBody: unknown;
	responseHeaders: Record<string, string | string[]>;
	/** What the node's webhook() returned. */
	webhookResult?: IWebhookResponseData;
	/** Whether an execution ran (webhook() returned workflowData). */
	started: boolean;
	execution?: ExecutionResult;
	/** The workflow's saved static data after the call. */
	staticData: IDataObject;
	/** What webhook() threw, or what failed in the webhook layer. */
	error?: Error;
}

interface WebhookExecution {
	workflow: HarnessWorkflow;
	/** The Workflow object the webhook runs in (the execution gets a fresh one). */
	instance: Workflow;
	webhookData: IWebhookData;
	startNode: INode;
	mode: WorkflowExecuteMode;
	req: FakeRequest;
	res: FakeResponse;
}

/** An error n8n's webhook layer answers itself, as `{ code, message, hint }` (its ResponseError family). */
class WebhookHttpError extends Error {
	constructor(
		readonly statusCode: number,
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

/**
 * The cli's `WebhookHelpers.executeWebhook`, for live webhooks in `onReceived` and `lastNode` modes:
 * parse the body, run the node's webhook() in n8n-core's WebhookContext, and when it returned
 * `workflowData`, put that on the execution stack, run the workflow, then answer (`lastNode`: from the run).
 */
export async function executeWebhook(
	context: HarnessContext,
	call: WebhookExecution,
): Promise<WebhookCallResult> {
	const { workflow, instance, startNode, mode, req, res } = call;
	let executionId: string | undefined;
	const additionalKeys: IDataObject = { $executionId: executionId };
	const describe = (property: keyof IWebhookDescription, defaultValue?: unknown) =>
		evaluateDescription(instance, startNode, call.webhookData, mode, additionalKeys, {
			property,
			defaultValue,
		});
	const additionalData = context.additionalData(workflow.id, executionId);
	additionalData.httpRequest = req as unknown as typeof additionalData.httpRequest;
	additionalData.httpResponse = res as unknown as typeof additionalData.httpResponse;

	const responseMode = describe('responseMode', 'onReceived');
	const responseCode = describe('responseCode', 200) as number;
	const result: Partial<WebhookCallResult> = { started: false };
	let didSendResponse = false;
	const respond = (body: unknown, code?: number) => {
		if (!didSendResponse) sendResponse(res, body, code);
		didSendResponse = true;
	};

	try {
		if (responseMode !== 'onReceived' && responseMode !== 'lastNode') {
			throw new Error(
				`The test harness supports responseMode 'onReceived' and 'lastNode', not '${String(responseMode)}'`,
			);
		}
		await parseRequestBody(req);

		let webhookResult: IWebhookResponseData;
		let runExecutionDataMerge: Partial<IRunExecutionData> = {};
		try {
			webhookResult = await runNodeWebhook(instance, startNode, call, additionalData);
			result.webhookResult = webhookResult;
		} catch (error) {
			// n8n answers 500 and still starts an execution that records the error
			result.error = error as Error;
			respond({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' }, 500);
			runExecutionDataMerge = {
				resultData: {
					runData: {},
					lastNodeExecuted: startNode.name,
					error: plainError(error as Error),
				},
			};
			webhookResult = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
		}
		workflow.saveStaticData(instance);
		if (webhookResult.noWebhookResponse === true) didSendResponse = true;

		if (webhookResult.workflowData === undefined) {
			respond(webhookResult.webhookResponse ?? { message: 'Webhook call received' }, responseCode);
			return finish(result, res, workflow);
		}

		const runExecutionData = prepareExecutionData(startNode, webhookResult, runExecutionDataMerge);
		executionId = context.store.nextId();
		result.execution = await context.execute({ workflow, mode, executionId, runExecutionData });
		result.started = true;

		if (!didSendResponse && responseMode === 'lastNode') {
			const answer = lastNodeAnswer(result.execution, describe('responseData', 'firstEntryJson'));
			respond(answer.body, answer.code ?? responseCode);
		}
		if (!didSendResponse) {
			additionalKeys.$executionId = executionId;
			additionalKeys.$execution = {
				id: executionId,
				mode: mode === 'manual' ? 'test' : 'production',
				resumeUrl: `${context.urls.webhookWaitingBaseUrl}/${executionId}`,
				resumeFormUrl: `${context.urls.formWaitingBaseUrl}/${executionId}`,
			};
			respond(
				onReceivedResponseBody(describe('responseData', 'firstEntryJson'), webhookResult),
				responseCode,
			);
		}
	} catch (error) {
		result.error ??= error as Error;
		if (error instanceof WebhookHttpError) {
			const { statusCode, message, hint } = error;
			respond({ code: statusCode, message, hint }, statusCode);
		} else respond({ code: 0, message: 'There was a problem executing the workflow' }, 500);
	}
	return finish(result, res, workflow);
}

/**
 * The cli's WebhookExecutionContext: a field of the webhook description, resolved natively
 * when n8n-workflow can, else evaluated as an expression (`getComplexParameterValue`).
 */
function evaluateDescription(
	instance: Workflow,
	startNode: INode,
	webhookData: IWebhookData,
	mode: WorkflowExecuteMode,
	additionalKeys: IDataObject,
	{ property, defaultValue }: { property: keyof IWebhookDescription; defaultValue?: unknown },
): unknown {
	const description = webhookData.webhookDescription;
	const native = resolveWebhookDescriptionField(startNode, description, String(property));
	if (native.resolved) return native.value;
	return instance.expression.getComplexParameterValue(
		startNode,
		description[property] as string | undefined,
		mode,
		additionalKeys,
		undefined,
		defaultValue as string | undefined,
	);
}

/**
 * The cli's `parseRequestBody` for what the tests send to typeVersion 1 nodes (n8n parses their
 * bodies whatever the content type): JSON, answered 422 when it does not parse, and plain text.
 * Other content types (forms, XML, multipart) are left unparsed.
 */
async function parseRequestBody(req: FakeRequest): Promise<void> {
	await req.readRawBody();
	const { rawBody, contentType } = req;
	if (!rawBody?.length) return;
	const text = rawBody.toString((req.encoding ?? 'utf-8') as BufferEncoding).replace(/^\uFEFF/, '');
	if (contentType === 'application/json') {
		try {
			req.body = jsonParse(text);
		} catch (error) {
			throw new WebhookHttpError(422, 'Failed to parse request body', (error as Error).message);
		}
	} else if (contentType === 'text/plain') {
		req.body = text;
	}
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
		null,
	);
	return isNodeClassInstance(nodeType)
		? await nodeType.webhook(webhookContext)
		: await nodeType.webhook.call(webhookContext);
}

/** The cli's `prepareExecutionData` for a live webhook: new execution data with the trigger node on the stack. */
function prepareExecutionData(
	startNode: INode,
	webhookResult: IWebhookResponseData,
	merge: Partial<IRunExecutionData>,
): IRunExecutionData {
	const main = webhookResult.workflowData ?? [];
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: startNode, data: { main }, source: null }] },
	});
	if (Object.keys(merge).length !== 0) Object.assign(runExecutionData, merge);
	return runExecutionData;
}

/**
 * The cli's `extractWebhookOnReceivedResponse`. With no `responseData` in the
 * description the evaluated default 'firstEntryJson' is truthy, so n8n answers
 * with that very string.
 */
function onReceivedResponseBody(responseData: unknown, webhookResult: IWebhookResponseData) {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (webhookResult.webhookResponse !== undefined) return webhookResult.webhookResponse;
	return { message: 'Workflow was started' };
}

/**
 * The cli's answer in `lastNode` mode once the run has ended (webhook-helpers.js and
 * webhook-last-node-response-extractor.js, n8n 2.40): 500 when it failed, else the last node's first item,
 * all its items, or no data.
 */
function lastNodeAnswer(
	execution: ExecutionResult,
	responseData: unknown,
): { body: unknown; code?: number } {
	if (execution.error !== undefined) return { body: { message: 'Error in workflow' }, code: 500 };
	if (responseData === 'noData') return { body: undefined };
	const node = execution.lastNodeExecuted;
	const items = node === undefined ? [] : (execution.outputs(node)[0] ?? []);
	if (responseData === 'firstEntryJson') return { body: items[0]?.json };
	return { body: items.map((item) => item.json) };
}

/** The cli's WebhookRequestHandler: strings are sent as text, everything else as JSON. */
function sendResponse(res: FakeResponse, body: unknown, code?: number): void {
	if (code !== undefined) res.status(code);
	if (typeof body === 'string') res.send(body);
	else res.json(body);
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
		staticData: workflow.staticData,
	};
}
