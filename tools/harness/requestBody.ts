import { jsonParse } from 'n8n-workflow';
import type { IDataObject, INode, Workflow, WorkflowExecuteMode } from 'n8n-workflow';
import { parse as parseQueryString } from 'node:querystring';

import type { FakeRequest } from './fakeHttp';
import { WebhookHttpError } from './httpErrors';

/**
 * The cli's `parseRequestBody` (webhook-helpers.ts), run before a node's webhook():
 * n8n parses the body only for some content types, and for typeVersion 1 nodes
 * always (unless the node's `options.binaryData` is on). Otherwise `req.body` and
 * `req.rawBody` stay unset until the node calls `req.readRawBody()` itself.
 */
export async function parseWebhookRequestBody(
	req: FakeRequest,
	node: INode,
	workflow: Workflow,
	mode: WorkflowExecuteMode,
	additionalKeys: IDataObject,
): Promise<void> {
	if (node.typeVersion === 1) {
		const binaryData = workflow.expression.getSimpleParameterValue(
			node,
			'={{$parameter["options"]["binaryData"]}}',
			mode,
			additionalKeys,
			undefined,
			false,
		);
		if (binaryData) return;
	}
	const { contentType } = req;
	if (contentType === 'multipart/form-data') {
		throw new Error('multipart/form-data webhook requests are not supported by the test harness');
	}
	if (node.typeVersion > 1 && !isParsedContentType(contentType)) return;
	await parseBody(req);
}

function isParsedContentType(contentType: string | undefined): boolean {
	if (contentType === undefined) return false;
	return (
		contentType.startsWith('application/json') ||
		contentType.startsWith('text/plain') ||
		contentType.startsWith('application/x-www-form-urlencoded') ||
		contentType.endsWith('/xml') ||
		contentType.endsWith('+xml')
	);
}

/** The cli's `parseBody` middleware (XML is left unparsed here). */
async function parseBody(req: FakeRequest): Promise<void> {
	if (req.contentType?.startsWith('multipart/')) return;
	await req.readRawBody();
	const { rawBody, contentType } = req;
	if (!rawBody?.length) return;
	const encoding = (req.encoding ?? 'utf-8') as BufferEncoding;
	const text = stripBom(rawBody.toString(encoding));
	try {
		if (contentType === 'application/json') {
			req.body = jsonParse(text);
		} else if (contentType === 'application/x-www-form-urlencoded') {
			req.body = parseQueryString(text, undefined, undefined, { maxKeys: 1000 });
		} else if (contentType === 'text/plain') {
			req.body = text;
		}
	} catch (error) {
		// n8n's UnprocessableRequestError
		throw new WebhookHttpError(422, 'Failed to parse request body', (error as Error).message);
	}
}

function stripBom(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
