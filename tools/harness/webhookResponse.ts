import type {
	IDataObject,
	INode,
	IRun,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { resolveWebhookDescriptionField } from 'n8n-workflow';

import type { FakeResponse } from './fakeHttp';

/** The cli's WebhookExecutionContext: evaluates a webhook description's fields for one request. */
export class WebhookDescriptionEvaluator {
	constructor(
		private readonly workflow: Workflow,
		private readonly startNode: INode,
		private readonly webhookData: IWebhookData,
		private readonly mode: WorkflowExecuteMode,
		readonly additionalKeys: IDataObject,
	) {}

	simple(property: keyof IWebhookDescription, defaultValue?: unknown): unknown {
		return this.evaluate('getSimpleParameterValue', property, defaultValue);
	}

	complex(property: keyof IWebhookDescription, defaultValue?: unknown): unknown {
		return this.evaluate('getComplexParameterValue', property, defaultValue);
	}

	private evaluate(
		evaluator: 'getSimpleParameterValue' | 'getComplexParameterValue',
		property: keyof IWebhookDescription,
		defaultValue?: unknown,
	): unknown {
		const native = this.native(property);
		if (native.resolved) return native.value;
		return this.workflow.expression[evaluator](
			this.startNode,
			this.webhookData.webhookDescription[property] as string | undefined,
			this.mode,
			this.additionalKeys,
			undefined,
			defaultValue as string | undefined,
		);
	}

	get hasResponseHeaders(): boolean {
		return this.webhookData.webhookDescription.responseHeaders !== undefined;
	}

	private native(property: keyof IWebhookDescription) {
		return resolveWebhookDescriptionField(
			this.startNode,
			this.webhookData.webhookDescription,
			String(property),
		);
	}
}

export interface ResponseOptions {
	responseMode: string;
	responseCode: number;
	responseData: unknown;
	responsePropertyName?: string;
}

export const VALID_RESPONSE_MODES = [
	'onReceived',
	'lastNode',
	'responseNode',
	'formPage',
	'streaming',
	'hostedChat',
];

/**
 * The cli's `evaluateResponseOptions`. Its auto-detection only concerns n8n's own
 * Form, Chat and Wait nodes, so for other nodes the description decides. Note the
 * defaults: `responseData` is 'firstEntryJson' when the description has none.
 */
export function evaluateResponseOptions(evaluator: WebhookDescriptionEvaluator): ResponseOptions {
	return {
		responseMode: evaluator.simple('responseMode', 'onReceived') as string,
		responseCode: evaluator.simple('responseCode', 200) as number,
		responseData: evaluator.complex('responseData', 'firstEntryJson'),
		responsePropertyName: evaluator.simple('responsePropertyName') as string | undefined,
	};
}

/** The cli's `evaluateResponseHeaders`: `{ entries: [{ name, value }] }` onto the response. */
export function applyResponseHeaders(
	evaluator: WebhookDescriptionEvaluator,
	res: FakeResponse,
): void {
	if (!evaluator.hasResponseHeaders || res.headersSent) return;
	const headers = evaluator.complex('responseHeaders') as
		{ entries?: Array<{ name: string; value: string }> } | undefined;
	for (const { name, value } of headers?.entries ?? []) res.setHeader(name, value);
}

/**
 * The cli's `extractWebhookOnReceivedResponse`. With no `responseData` in the
 * description the evaluated default 'firstEntryJson' is truthy, so n8n 2.40
 * answers with that very string.
 */
export function onReceivedResponseBody(
	responseData: unknown,
	webhookResult: IWebhookResponseData,
): unknown {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (webhookResult.webhookResponse !== undefined) return webhookResult.webhookResponse;
	return { message: 'Workflow was started' };
}

/** The cli's response for `responseMode: 'lastNode'`, once the execution has finished. */
export function lastNodeResponse(
	run: IRun,
	options: ResponseOptions,
): { code: number; body: unknown } {
	const { runData, lastNodeExecuted, error } = run.data.resultData;
	const task = lastNodeExecuted ? runData[lastNodeExecuted]?.at(-1) : undefined;
	if (error || task?.error !== undefined)
		return { code: 500, body: { message: 'Error in workflow' } };
	if (task === undefined) {
		return {
			code: options.responseCode,
			body: { message: 'Workflow executed successfully but the last node did not return any data' },
		};
	}
	const firstBranch = task.data?.main?.[0] ?? [];
	if (options.responseData === 'noData') return { code: options.responseCode, body: undefined };
	if (options.responseData === 'firstEntryJson') {
		const first = firstBranch[0];
		if (first === undefined)
			return { code: 500, body: { code: 0, message: 'No item to return was found' } };
		const json = options.responsePropertyName
			? first.json[options.responsePropertyName]
			: first.json;
		return { code: options.responseCode, body: json };
	}
	if (options.responseData === 'firstEntryBinary') {
		throw new Error("responseData 'firstEntryBinary' is not supported by the test harness");
	}
	return { code: options.responseCode, body: firstBranch.map((item) => item.json) };
}

/** The cli's WebhookRequestHandler: strings are sent as text, everything else as JSON. */
export function sendResponse(res: FakeResponse, body: unknown, code?: number): void {
	if (code !== undefined) res.status(code);
	if (typeof body === 'string') res.send(body);
	else res.json(body);
}
