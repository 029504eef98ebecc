/**
 * The packed action node in a real n8n 2.40.7 refusing what it must not send, with values as n8n really hands
 * them over: number options set by expressions arrive as text; callback URLs Argos could never use; a JPEG cut
 * short. Each ends the execution with an error naming the item, and the emulator (which records every request)
 * received 0 requests. Also n8n's own credential-test endpoint: "successful" only for Argos' 1005 answer.
 */
import { executionErrorMessage, nodeOutput, type ExecutionDetail } from '../../tools/n8n';
import {
	EMULATOR_API_KEY,
	startArgosStack,
	type ArgosStack,
} from '../../tools/argos-stack/argosStack';
import { postRawFile, type UploadFile } from '../../tools/n8n/binaryUpload';
import { startCaptureServer, type CaptureServer } from '../../tools/n8n/captureServer';
import {
	livenessWorkflow,
	NODE,
	type LivenessWorkflowOptions,
} from '../../tools/argos-stack/livenessWorkflow';
import { loadSamples, type Sample } from '../../tools/argos-stack/sampleImages';

const callbackMode = (callbackUrl: string, options: Record<string, unknown> = {}) => ({
	operation: 'sendToCallbackUrl',
	callbackUrl,
	routeByVerdict: false,
	options,
});

const WORKFLOWS = {
	retriesText: { options: { maxRetries: '={{ "x" }}' } },
	concurrencyText: { options: { concurrency: '={{ "x" }}' } },
	timeoutZero: { options: { timeoutSeconds: 0 } },
	minimumText: { options: { minimumScreenReplay: '={{ "99" }}', maxRetries: '={{ "1" }}' } },
	linkHoursText: callbackMode('http://127.0.0.1:9/webhook/cb', {
		callbackValidHours: '={{ "abc" }}',
	}),
	callbackUserInfo: callbackMode('={{ "http://argos:secret@127.0.0.1:9/webhook/cb" }}'),
	callbackSpace: callbackMode('={{ "http://127.0.0.1:9/webhook/my callback" }}'),
	plain: {},
} satisfies Record<string, Record<string, unknown>>;
type WorkflowKey = keyof typeof WORKFLOWS;

const workflowOptions = (key: WorkflowKey): LivenessWorkflowOptions => ({
	name: `Trust inputs: ${key}`,
	path: `argos-trust-${key.toLowerCase()}`,
	upload: 'raw',
	argos: WORKFLOWS[key],
});

let stack: ArgosStack;
let sample: (fileName: string) => Sample;
const workflowIds = {} as Record<WorkflowKey, string>;

beforeAll(async () => {
	sample = await loadSamples();
	stack = await startArgosStack();
	for (const key of Object.keys(WORKFLOWS) as WorkflowKey[]) {
		workflowIds[key] = (
			await stack.rest.createAndActivateWorkflow(livenessWorkflow(workflowOptions(key)))
		).id;
	}
});
afterAll(async () => await stack?.stop());

/** POSTs the file to the workflow's webhook and returns the execution it started, once it has ended. */
async function upload(key: WorkflowKey, file: UploadFile): Promise<ExecutionDetail> {
	const workflowId = workflowIds[key];
	const [previous] = await stack.rest.listExecutions({ workflowId });
	const response = await postRawFile(stack.n8n.webhookUrl(workflowOptions(key).path), file);
	expect(response.status).toBe(200);
	return await stack.rest.waitForExecution({
		workflowId,
		afterExecutionId: previous?.id,
		status: ['success', 'error'],
	});
}

describe('refused before anything is sent, with values as n8n hands them over', () => {
	it.each([
		['retriesText', '"Max Retries" is "x", not a whole number from 0 to 10'],
		['concurrencyText', '"Max Concurrent Requests" is "x", not a whole number from 1 to 100'],
		['timeoutZero', '"Request Timeout (Seconds)" is 0, not a number from 1 to 600'],
		['linkHoursText', '"Link Valid For (Hours)" is "abc", not a number from 1 to 720'],
		[
			'callbackUserInfo',
			'The Callback URL is not usable: it holds a user name or password before the host ("user:password@"): Argos does not log in to a callback URL, and would receive them in clear',
		],
		[
			'callbackSpace',
			'The Callback URL is not usable: it contains whitespace at character 30: a URL cannot hold a space, and encoding it on the way would reach another path',
		],
	] as Array<[WorkflowKey, string]>)('%s: "%s", 0 requests', async (key, message) => {
		stack.emulator.reset();
		// Server errors first: a node that went on would retry into them, then pass.
		stack.emulator.injectFaults([
			{ type: 'status', status: 500 },
			{ type: 'status', status: 500 },
		]);
		const execution = await upload(key, sample('genuine.jpg'));
		expect(execution.status).toBe('error');
		expect(executionErrorMessage(execution.data)).toBe(message);
		expect(execution.data.resultData.runData[NODE.argos][0].error).toMatchObject({
			name: 'NodeOperationError',
			context: { itemIndex: 0 },
		});
		expect(stack.emulator.requests).toEqual([]);
	});

	it('a JPEG cut short after its size header (173 bytes claiming 640x480): refused, 0 requests', async () => {
		stack.emulator.reset();
		const app0 = Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x9f]), Buffer.alloc(157)]);
		const frame = Buffer.from([0xff, 0xc0, 0x00, 0x08, 8, 0x01, 0xe0, 0x02, 0x80, 3]);
		const content = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, frame]);
		expect(content.length).toBe(173);
		const execution = await upload('plain', {
			fileName: 'cut.jpg',
			mimeType: 'image/jpeg',
			content,
		});
		expect(executionErrorMessage(execution.data)).toBe(
			'The JPEG file is damaged or cut short: it ends right after its header, before any image data',
		);
		expect(stack.emulator.requests).toEqual([]);
	});
});

describe('numbers given as text by expressions work', () => {
	it('a minimum score "99" and Max Retries "1" decide and retry as numbers', async () => {
		stack.emulator.reset();
		stack.emulator.injectFaults([{ type: 'status', status: 503 }]);
		const execution = await upload('minimumText', sample('genuine.jpg'));
		expect(execution.status).toBe('success');
		expect(stack.emulator.requests.map((request) => request.status)).toEqual([503, 200]);
		expect(nodeOutput(execution.data, NODE.review)).toEqual([
			expect.objectContaining({
				verdict: 'review',
				minimumScores: { screenReplay: 99, paperPrinted: 61, replacePortraits: 61 },
			}),
		]);
	});
});

describe("n8n's credential test", () => {
	/** Stands in for whatever the Base URL may lead to: each case answers under its own path. */
	const ANSWERS: Record<string, { status: number; body: unknown }> = {
		'gateway-500': { status: 500, body: { message: 'Internal server error' } },
		'text-500': { status: 500, body: 'Internal Server Error' },
		'html-501': {
			status: 501,
			body: '<html><head><title>501 Not Implemented</title></head><body><h1>Not Implemented</h1></body></html>',
		},
		'json-404': { status: 404, body: { error: 'no such route', path: '/document' } },
		'html-404': { status: 404, body: '<html><body>Not found</body></html>' },
		'empty-200': { status: 200, body: {} },
		'vendor-1009': {
			status: 400,
			body: { error: { errorCode: '1009', message: 'Fail to analyze document' } },
		},
		'vendor-1005-number': {
			status: 400,
			body: { error: { errorCode: 1005, message: 'idImage is required' } },
		},
	};
	let server: CaptureServer;
	beforeAll(async () => {
		server = await startCaptureServer(
			(request) => ANSWERS[request.path.split('/')[1]] ?? { status: 418, body: 'unknown case' },
		);
	});
	afterAll(async () => await server.close());

	const testAt = (baseUrl: string) =>
		stack.rest.testCredential({
			name: 'Argos (test)',
			type: 'argosIdentityApi',
			data: { apiKey: EMULATOR_API_KEY, baseUrl, callbackSecret: '' },
		});

	it('succeeds against the emulator, which answers 1005 to a request without an image', async () => {
		stack.emulator.reset();
		expect(await testAt(stack.emulator.url)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		expect(stack.emulator.requests.map((request) => request.status)).toEqual([400]);
	});

	it.each([
		['gateway-500', /^Argos had a server error, so the key could not be tested\./],
		['text-500', /^The Base URL answered, but not as the Argos ID Liveness API does/],
		['html-501', /^The Base URL answered, but not as the Argos ID Liveness API does/],
		['json-404', /^The Base URL answered, but not as the Argos ID Liveness API does/],
		['html-404', /^The Base URL answered, but not as the Argos ID Liveness API does/],
		['empty-200', /^The Base URL answered, but not as the Argos ID Liveness API does/],
		['vendor-1009', /^Argos answered error 1009 where the key test expects 1005/],
	])('fails on %s, in a plain sentence', async (answer, message) => {
		expect(await testAt(`${server.url}/${answer}`)).toEqual({
			status: 'Error',
			message: expect.stringMatching(message),
		});
		expect(server.requestsTo(`/${answer}/document`)).toHaveLength(1);
	});

	it('succeeds on 1005 written as a number, as the vendor writes codes in callbacks', async () => {
		expect(await testAt(`${server.url}/vendor-1005-number`)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});
});
