/**
 * Self-test of the in-process n8n harness, with throwaway node types defined here:
 * each describe block pins down one n8n behaviour (of the version in tools/harness/README.md) the real nodes' tests rely on.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { NodeConnectionTypes, NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { connect, createHarness } from '../../tools/harness';
import type { N8nHarness } from '../../tools/harness';
import { acquireN8nEnvironment, releaseN8nEnvironment } from '../../tools/harness/environment';

// ---------------------------------------------------------------- throwaway types

class TestApi implements ICredentialType {
	name = 'testApi';
	displayName = 'Test API';
	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'http://127.0.0.1' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
	};
}

function description(
	name: string,
	extra: Partial<INodeTypeDescription> = {},
): INodeTypeDescription {
	return {
		displayName: name,
		name,
		group: ['transform'],
		version: 1,
		description: name,
		defaults: { name },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
		...extra,
	};
}

/** Reads each item's file, posts it with the credential's auth, stores the reply as a file too. */
class UploadNode implements INodeType {
	description = description('test.upload', { credentials: [{ name: 'testApi', required: true }] });

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl, region } = await this.getCredentials('testApi');
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			const bytes = await this.helpers.getBinaryDataBuffer(i, 'data');
			const reply = (await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
				method: 'POST',
				url: `${baseUrl as string}/upload`,
				body: { size: bytes.length, text: bytes.toString('utf8'), region },
				json: true,
			})) as IDataObject;
			const receipt = await this.helpers.prepareBinaryData(
				Buffer.from(JSON.stringify(reply)),
				'receipt.json',
				'application/json',
			);
			output.push({ json: reply, binary: { receipt }, pairedItem: { item: i } });
		}
		return [output];
	}
}

/** Two outputs: even `n` to the first, odd to the second. */
class RouterNode implements INodeType {
	description = description('test.router', {
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['even', 'odd'],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const even: INodeExecutionData[] = [];
		const odd: INodeExecutionData[] = [];
		this.getInputData().forEach((item, i) => {
			const branch = (item.json.n as number) % 2 === 0 ? even : odd;
			branch.push({ json: item.json, pairedItem: { item: i } });
		});
		return [even, odd];
	}
}

/** Fails items with `fail: true` (caught under continueOnFail), or throws for the whole node. */
class FlakyNode implements INodeType {
	description = description('test.flaky');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let i = 0; i < items.length; i++) {
			try {
				if (items[i].json.crash) throw new NodeOperationError(this.getNode(), 'whole node crashed');
				if (items[i].json.fail)
					throw new NodeOperationError(this.getNode(), `item ${i} failed`, { itemIndex: i });
				output.push({ json: { ok: i }, pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail() || items[i].json.crash) throw error;
				output.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [output];
	}
}

/** Answers 401/400 itself, remembers delivered ids in static data, starts the workflow otherwise. */
class CallbackTrigger implements INodeType {
	description = description('test.callbackTrigger', {
		group: ['trigger'],
		inputs: [],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'callback',
				responseMode: 'onReceived',
				responseData: '',
			},
		],
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const staticData = this.getWorkflowStaticData('node');
		staticData.calls = ((staticData.calls as number | undefined) ?? 0) + 1;
		if (this.getHeaderData()['x-token'] !== 'secret') {
			res.status(401).json({ error: 'unauthorized' });
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData();
		if (typeof body.id !== 'string') {
			res.status(400).send('missing id');
			return { noWebhookResponse: true };
		}
		const seen = (staticData.seen as string[] | undefined) ?? [];
		if (seen.includes(body.id)) return { webhookResponse: { duplicate: true } };
		staticData.seen = [...seen, body.id];
		const raw = (this.getRequestObject() as unknown as { rawBody: Buffer }).rawBody;
		return { workflowData: [[{ json: { ...body, rawLength: raw.length } }]] };
	}
}

/**
 * Announces its resume URLs to the loopback server and waits. (What n8n does when the resume URL is called is the
 * cli's, which this harness does not mirror: nodes test their webhook() with mocked contexts, and the real-n8n suite
 * proves the resume.)
 */
class ApprovalNode implements INodeType {
	description = description('test.approval', {
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['approved', 'rejected'],
		credentials: [{ name: 'testApi', required: true }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const { baseUrl } = await this.getCredentials('testApi');
		await this.helpers.httpRequestWithAuthentication.call(this, 'testApi', {
			method: 'POST',
			url: `${baseUrl as string}/announce`,
			body: { tokenUrl: this.evaluateExpression('{{ $execution.resumeUrl }}', 0) },
			json: true,
		});
		await this.putExecutionToWait(WAIT_INDEFINITELY);
		return [this.getInputData()];
	}
}

/** Starts the workflow with the body; n8n answers when the run has ended ('lastNode'), as the node's parameter says. */
class LastNodeTrigger implements INodeType {
	description = description('test.lastNodeTrigger', {
		group: ['trigger'],
		inputs: [],
		properties: [
			{ displayName: 'Response Data', name: 'responseData', type: 'string', default: '' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'last',
				responseMode: 'lastNode',
				responseData: '={{$parameter["responseData"]}}',
			},
		],
	});

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return { workflowData: [[{ json: this.getBodyData() }]] };
	}
}

/** Passes items on, so tests can see what reached a branch. */
class SinkNode implements INodeType {
	description = description('test.sink');

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

// ---------------------------------------------------------------- loopback service

interface Received {
	path: string;
	headers: IncomingMessage['headers'];
	body: IDataObject;
}

let server: Server;
let baseUrl: string;
const received: Received[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as IDataObject;
			received.push({ path: req.url ?? '', headers: req.headers, body });
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ accepted: true, echoedSize: body.size ?? null }));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received.length = 0;
});

// ---------------------------------------------------------------- harness

let harness: N8nHarness;

function credentials() {
	return { testApi: { apiKey: 'k-123', baseUrl } };
}

const opened: N8nHarness[] = [];

afterEach(async () => {
	await Promise.all(opened.splice(0).map(async (h) => await h.close()));
});

async function buildHarness(): Promise<N8nHarness> {
	return await createHarness({
		nodeTypes: {
			'test.upload': new UploadNode(),
			'test.router': new RouterNode(),
			'test.flaky': new FlakyNode(),
			'test.callbackTrigger': new CallbackTrigger(),
			'test.lastNodeTrigger': new LastNodeTrigger(),
			'test.approval': new ApprovalNode(),
			'test.sink': new SinkNode(),
		},
		credentialTypes: [new TestApi()],
		credentials: credentials(),
	});
}

/** A harness of its own, for tests that count requests or executions; closed after the test. */
async function freshHarness(): Promise<N8nHarness> {
	const h = await buildHarness();
	opened.push(h);
	return h;
}

// declared after the server's beforeAll, so its port is known
beforeAll(async () => {
	harness = await buildHarness();
});

afterAll(async () => {
	await harness.close();
});

describe('run: binary data, credentials and HTTP', () => {
	it('stores input files on disk, reads them in the node, authenticates with the generic header', async () => {
		const h = await freshHarness();
		const item = await h.binaryItem(Buffer.from('hello id card'), 'card.jpg', 'image/jpeg', {
			ref: 7,
		});
		expect(item.binary!.data).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: 'card.jpg',
			data: 'filesystem-v2',
		});
		expect(item.binary!.data.id).toMatch(/^filesystem-v2:/);

		const execution = await h.run({
			nodes: [h.startNode(), h.node({ name: 'Upload', type: 'test.upload' })],
			connections: connect(['Start', 'Upload']),
			input: [item],
		});

		expect(execution.status).toBe('success');
		expect(execution.executedNodes).toEqual(['Start', 'Upload']);
		expect(received).toHaveLength(1);
		expect(received[0].headers['x-api-key']).toBe('k-123');
		// the credential type's default fills what the stored credential lacks
		expect(received[0].body).toEqual({ size: 13, text: 'hello id card', region: 'eu' });
		const [out] = execution.output('Upload');
		expect(out.json).toEqual({ accepted: true, echoedSize: 13 });
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.binary!.receipt.id).toMatch(
			/^filesystem-v2:workflows\/.+\/executions\/\d+\/binary_data\//,
		);
		const environment = await acquireN8nEnvironment();
		const receiptFile = join(environment.binaryDataDir, out.binary!.receipt.id!.split(':')[1]);
		expect(JSON.parse(readFileSync(receiptFile, 'utf8'))).toEqual(out.json);
		await releaseN8nEnvironment();
	});

	it('keeps binary files under the temporary n8n folder', async () => {
		const environment = await acquireN8nEnvironment();
		const item = await harness.binaryItem(Buffer.from('x'), 'a.png', 'image/png');
		const fileId = item.binary!.data.id!.split(':')[1];
		expect(existsSync(join(environment.binaryDataDir, fileId))).toBe(true);
		await releaseN8nEnvironment();
	});
});

describe('run: outputs and errors', () => {
	it('returns items per output of a node with two outputs', async () => {
		const execution = await harness.run({
			nodes: [
				harness.startNode(),
				harness.node({ name: 'Router', type: 'test.router' }),
				harness.node({ name: 'Odd', type: 'test.sink' }),
			],
			connections: connect(['Start', 'Router'], ['Router', 'Odd', 1]),
			input: [{ json: { n: 1 } }, { json: { n: 2 } }, { json: { n: 3 } }],
		});
		expect(execution.outputs('Router').map((items) => items.map((item) => item.json.n))).toEqual([
			[2],
			[1, 3],
		]);
		expect(execution.json('Odd')).toEqual([{ n: 1 }, { n: 3 }]);
		expect(execution.output('Router', 1)[1].pairedItem).toEqual({ item: 2 });
	});

	it('stops the execution on a node error without continue-on-fail', async () => {
		const execution = await harness.run({
			nodes: [harness.startNode(), harness.node({ name: 'Flaky', type: 'test.flaky' })],
			connections: connect(['Start', 'Flaky']),
			input: [{ json: { fail: true } }],
		});
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe('item 0 failed');
		expect(execution.nodeError('Flaky')?.message).toBe('item 0 failed');
	});

	it('continueRegularOutput: caught item errors stay on the main output as { error }', async () => {
		const execution = await harness.run({
			nodes: [
				harness.startNode(),
				harness.node({ name: 'Flaky', type: 'test.flaky', onError: 'continueRegularOutput' }),
			],
			connections: connect(['Start', 'Flaky']),
			input: [{ json: {} }, { json: { fail: true } }],
		});
		expect(execution.status).toBe('success');
		expect(execution.outputs('Flaky')).toHaveLength(1);
		expect(execution.json('Flaky')).toEqual([{ ok: 0 }, { error: 'item 1 failed' }]);
	});

	it('continueErrorOutput: n8n moves { error } items to an extra last output, merged with their input', async () => {
		const execution = await harness.run({
			nodes: [
				harness.startNode(),
				harness.node({ name: 'Flaky', type: 'test.flaky', onError: 'continueErrorOutput' }),
			],
			connections: connect(['Start', 'Flaky']),
			input: [{ json: { id: 'a' } }, { json: { id: 'b', fail: true } }],
		});
		expect(execution.status).toBe('success');
		const [success, errors] = execution.outputs('Flaky');
		expect(success.map((item) => item.json)).toEqual([{ ok: 0 }]);
		expect(errors.map((item) => item.json)).toEqual([
			{ id: 'b', fail: true, error: 'item 1 failed' },
		]);
	});

	it('continue-on-fail and a thrown node error: the input passes through output 0, the error stays on the run', async () => {
		const execution = await harness.run({
			nodes: [
				harness.startNode(),
				harness.node({ name: 'Flaky', type: 'test.flaky', onError: 'continueErrorOutput' }),
				harness.node({ name: 'After', type: 'test.sink' }),
			],
			connections: connect(['Start', 'Flaky'], ['Flaky', 'After']),
			input: [{ json: { crash: true } }],
		});
		expect(execution.status).toBe('success');
		expect(execution.nodeError('Flaky')?.message).toBe('whole node crashed');
		expect(execution.outputs('Flaky').map((items) => items.map((item) => item.json))).toEqual([
			[{ crash: true }],
		]);
		expect(execution.json('After')).toEqual([{ crash: true }]);
	});

	it('continue-on-fail and a thrown error in the last node: n8n-core still ends the execution in error', async () => {
		const execution = await harness.run({
			nodes: [
				harness.startNode(),
				harness.node({ name: 'Flaky', type: 'test.flaky', onError: 'continueRegularOutput' }),
			],
			connections: connect(['Start', 'Flaky']),
			input: [{ json: { crash: true } }],
		});
		expect(execution.status).toBe('error');
		expect(execution.error?.message).toBe('whole node crashed');
		expect(execution.json('Flaky')).toEqual([{ crash: true }]);
	});
});

describe('callWebhook', () => {
	function triggerWorkflow(h: N8nHarness) {
		return h.workflow({
			nodes: [
				h.node({ name: 'Callback', type: 'test.callbackTrigger' }),
				h.node({ name: 'After', type: 'test.sink' }),
			],
			connections: connect(['Callback', 'After']),
		});
	}

	it('lets the node answer 401 and 400 itself, without starting the workflow', async () => {
		const workflow = triggerWorkflow(harness);
		const unauthorized = await harness.callWebhook({
			workflow,
			nodeName: 'Callback',
			request: { body: { id: 'x' } },
		});
		expect(unauthorized).toMatchObject({
			statusCode: 401,
			responseBody: { error: 'unauthorized' },
			started: false,
		});

		const invalid = await harness.callWebhook({
			workflow,
			nodeName: 'Callback',
			request: { headers: { 'X-Token': 'secret' }, body: {} },
		});
		expect(invalid).toMatchObject({ statusCode: 400, responseBody: 'missing id', started: false });
		expect(workflow.nodeStaticData('Callback')).toEqual({ calls: 2 });
	});

	it('runs the workflow from the trigger output and keeps static data between calls', async () => {
		const workflow = triggerWorkflow(harness);
		const request = {
			headers: { 'x-token': 'secret' },
			rawBody: '{"id":"tx-1","score":0.9}',
			method: 'POST',
		};
		const first = await harness.callWebhook({
			workflow,
			nodeName: 'Callback',
			request: { ...request, headers: { ...request.headers, 'content-type': 'application/json' } },
		});
		expect(first.statusCode).toBe(200);
		// responseData '' and no webhookResponse: n8n's default body
		expect(first.responseBody).toEqual({ message: 'Workflow was started' });
		expect(first.started).toBe(true);
		expect(first.execution?.status).toBe('success');
		expect(first.execution?.json('After')).toEqual([{ id: 'tx-1', score: 0.9, rawLength: 25 }]);
		expect(first.execution?.mode).toBe('webhook');

		const replay = await harness.callWebhook({
			workflow,
			nodeName: 'Callback',
			request: { headers: { 'x-token': 'secret' }, body: { id: 'tx-1' } },
		});
		expect(replay).toMatchObject({
			statusCode: 200,
			responseBody: { duplicate: true },
			started: false,
		});
		expect(workflow.nodeStaticData('Callback')).toEqual({ calls: 2, seen: ['tx-1'] });
		expect(replay.staticData).toBe(workflow.staticData);
	});

	it('starts from given static data when passed a definition', async () => {
		const result = await harness.callWebhook({
			nodes: [harness.node({ name: 'Callback', type: 'test.callbackTrigger' })],
			connections: {},
			staticData: { 'node:Callback': { seen: ['tx-9'] } },
			nodeName: 'Callback',
			request: { headers: { 'x-token': 'secret' }, body: { id: 'tx-9' } },
		});
		expect(result.responseBody).toEqual({ duplicate: true });
		expect(result.staticData).toEqual({ 'node:Callback': { seen: ['tx-9'], calls: 1 } });
	});
});

describe("callWebhook with responseMode 'lastNode'", () => {
	const call = (responseData: string, body: IDataObject) =>
		harness.callWebhook({
			workflow: harness.workflow({
				nodes: [
					harness.node({
						name: 'Last',
						type: 'test.lastNodeTrigger',
						parameters: { responseData },
					}),
					harness.node({ name: 'Flaky', type: 'test.flaky' }),
				],
				connections: connect(['Last', 'Flaky']),
			}),
			nodeName: 'Last',
			request: { body },
		});

	it("answers once the run has ended, with the last node's data as n8n 2.40 does", async () => {
		expect(await call('firstEntryJson', { id: 'a' })).toMatchObject({
			statusCode: 200,
			responseBody: { ok: 0 },
			started: true,
		});
		expect(await call('allEntries', { id: 'a' })).toMatchObject({ responseBody: [{ ok: 0 }] });
		const noData = await call('noData', { id: 'a' });
		expect(noData).toMatchObject({ statusCode: 200, started: true });
		expect(noData.responseBody).toBeUndefined();
	});

	it("answers 500 'Error in workflow' when the run failed", async () => {
		expect(await call('noData', { crash: true })).toMatchObject({
			statusCode: 500,
			responseBody: { message: 'Error in workflow' },
			started: true,
		});
	});
});

describe('waiting executions', () => {
	it('waits after putExecutionToWait, exposing $execution.resumeUrl', async () => {
		const h = await freshHarness();
		const execution = await h.run({
			nodes: [
				h.startNode(),
				h.node({ name: 'Approval', type: 'test.approval' }),
				h.node({ name: 'Approved', type: 'test.sink' }),
			],
			connections: connect(['Start', 'Approval'], ['Approval', 'Approved', 0]),
			input: [{ json: { case: 'c-1' } }],
		});
		expect(execution.status).toBe('waiting');
		expect(execution.waitingNode).toBe('Approval');
		expect(execution.executedNodes).toEqual(['Start', 'Approval']);

		const { tokenUrl } = received[0].body as { tokenUrl: string };
		expect(tokenUrl).toBe(execution.resumeUrl);
		expect(tokenUrl).toBe(
			`http://localhost:5678/webhook-waiting/${execution.id}?signature=${execution.run.data.resumeToken}`,
		);
	});
});

describe('listen: n8n URLs served on loopback', () => {
	it('takes callbacks over HTTP at a live webhook, and hands out resume URLs under its base URL', async () => {
		const h = await freshHarness();
		const base = await h.listen();
		expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
		const workflow = h.activate(
			h.workflow({
				nodes: [
					h.node({ name: 'Callback', type: 'test.callbackTrigger' }),
					h.node({ name: 'Approval', type: 'test.approval' }),
					h.node({ name: 'Approved', type: 'test.sink' }),
				],
				connections: connect(['Callback', 'Approval'], ['Approval', 'Approved', 0]),
			}),
		);
		const webhookUrl = h.webhookUrl(workflow, 'Callback');
		// the editor gave the node a webhookId; without isFullPath it prefixes the path
		const { webhookId } = workflow.assertNode('Callback');
		expect(webhookUrl).toBe(`${base}webhook/${webhookId}/callback`);

		const started = await postJson(webhookUrl, { id: 'tx-5' }, { 'x-token': 'secret' });
		expect(started).toEqual({ status: 200, body: { message: 'Workflow was started' } });
		const [waiting] = h.executions();
		expect(waiting.status).toBe('waiting');
		const { tokenUrl } = received[0].body as { tokenUrl: string };
		expect(tokenUrl.startsWith(`${base}webhook-waiting/${waiting.id}?signature=`)).toBe(true);

		const unknown = await postJson(`${base}webhook/nowhere`, {});
		expect(unknown.status).toBe(404);
	});
});

async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	const isJson = response.headers.get('content-type')?.includes('json') ?? false;
	return { status: response.status, body: isJson ? (JSON.parse(text) as unknown) : text };
}
