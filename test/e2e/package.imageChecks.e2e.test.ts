/**
 * The packed action node checking ID photos in a real n8n, over real HTTP: n8n's own Webhook node receives the
 * upload and stores it in n8n's default filesystem binary mode, the node reads it from there and asks the emulator,
 * and the execution data says what happened. Also: bad inputs stop before anything is sent, rate limits, server
 * errors and dropped connections are retried, and neither the API key nor any image sent ends up in execution data
 * or n8n's log.
 */
import type { AxiosResponse } from 'axios';

import { executionErrorMessage, nodeOutput, type ExecutionDetail } from '../../tools/n8n';
import {
	EMULATOR_API_KEY,
	startArgosStack,
	type ArgosStack,
} from '../../tools/argos-stack/argosStack';
import { postMultipartFile, postRawFile } from '../../tools/n8n/binaryUpload';
import {
	livenessWorkflow,
	NODE,
	PHOTO_FIELD,
	type LivenessWorkflowOptions,
} from '../../tools/argos-stack/livenessWorkflow';
import { base64Fingerprints, loadSamples, type Sample } from '../../tools/argos-stack/sampleImages';

/** One workflow per way in, and one per misconfiguration of the node (parameters cannot vary per request). */
const WORKFLOWS = {
	multipart: { name: 'Check a multipart upload', path: 'argos-multipart', upload: 'multipart' },
	raw: { name: 'Check a raw upload', path: 'argos-raw', upload: 'raw' },
	wrongField: {
		name: 'Reads a binary field the upload does not have',
		path: 'argos-wrong-field',
		upload: 'multipart',
		argos: { binaryPropertyName: 'passportPhoto' },
	},
	noChecks: {
		name: 'All checks off',
		path: 'argos-no-checks',
		upload: 'multipart',
		argos: { screenReplay: false, paperPrinted: false, replacePortraits: false },
	},
	oneRetry: {
		name: 'One retry only',
		path: 'argos-one-retry',
		upload: 'raw',
		argos: { options: { maxRetries: 1 } },
	},
} satisfies Record<string, LivenessWorkflowOptions>;
type WorkflowKey = keyof typeof WORKFLOWS;

let stack: ArgosStack;
let sample: Awaited<ReturnType<typeof loadSamples>>;
const workflowIds = {} as Record<WorkflowKey, string>;
/** Every file any test uploaded: the last test looks for each of them in all execution data and the log. */
const uploaded: Sample[] = [];

beforeAll(async () => {
	sample = await loadSamples();
	stack = await startArgosStack();
	for (const key of Object.keys(WORKFLOWS) as WorkflowKey[]) {
		workflowIds[key] = (
			await stack.rest.createAndActivateWorkflow(livenessWorkflow(WORKFLOWS[key]))
		).id;
	}
});
afterAll(async () => await stack?.stop());

/**
 * POSTs the file to the workflow's production webhook, the way that workflow takes it (multipart or raw body),
 * and returns the execution it started once it has ended.
 */
async function upload(
	key: WorkflowKey,
	file: Sample,
): Promise<{ response: AxiosResponse; execution: ExecutionDetail }> {
	const workflowId = workflowIds[key];
	const [previous] = await stack.rest.listExecutions({ workflowId });
	const url = stack.n8n.webhookUrl(WORKFLOWS[key].path);
	uploaded.push(file);
	const response =
		WORKFLOWS[key].upload === 'multipart'
			? await postMultipartFile(url, PHOTO_FIELD, file)
			: await postRawFile(url, file);
	const execution = await stack.rest.waitForExecution({
		workflowId,
		afterExecutionId: previous?.id,
		status: ['success', 'error'],
	});
	return { response, execution };
}

/** The first item of a node's output, with its binary references (nodeOutput gives only the JSON). */
function firstItem(execution: ExecutionDetail, nodeName: string, outputIndex = 0) {
	return execution.data.resultData.runData[nodeName]?.[0]?.data?.main?.[outputIndex]?.[0];
}

/** The node's output for a sample, derived from the manifest by the README's rules (minimum 61, the risk bands). */
function expectedResult(file: Sample, transactionId: string | undefined) {
	if (!('scores' in file.manifest.expected))
		throw new Error(`${file.fileName} has no scores in the manifest`);
	const scores = file.manifest.expected.scores;
	const band = (score: number) =>
		score <= 30 ? 'high' : score <= 60 ? 'medium' : score <= 80 ? 'low' : 'veryLow';
	const checks = ['screenReplay', 'paperPrinted', 'replacePortraits'] as const;
	const failedChecks = checks.filter((check) => scores[check] < 61);
	const inWords = {
		high: 'high risk',
		medium: 'medium risk',
		low: 'low risk',
		veryLow: 'very low risk',
	};
	const words = (check: string) => check.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
	return {
		verdict: failedChecks.length === 0 ? 'pass' : 'review',
		summary:
			failedChecks.length === 0
				? 'Passed all 3 checks'
				: `Needs review: ${failedChecks.map((check) => `${words(check)} scored ${scores[check]}, below 61`).join('; ')}`,
		...Object.fromEntries(
			checks.flatMap((check) => [
				[check, scores[check]],
				[`${check}Risk`, inWords[band(scores[check])]],
			]),
		),
		...(failedChecks.length > 0 ? { failedChecks } : {}),
		minimumScores: { screenReplay: 61, paperPrinted: 61, replacePortraits: 61 },
		transactionId,
		engineVersion: 'id_liveness@3.4.2',
	};
}

/** What the emulator records of a request carrying this file with all three checks. */
function expectedRequest(file: Sample, format: 'jpeg' | 'png') {
	return {
		method: 'POST',
		path: '/document',
		headers: expect.objectContaining({ 'x-api-key': EMULATOR_API_KEY }),
		body: {
			idImage: { bytes: file.manifest.bytes, sha256: file.sha256, format },
			pipelines: { sr: true, pc: true, ps: true },
		},
	};
}

describe('checking an ID photo uploaded to an n8n Webhook, in filesystem binary mode', () => {
	it.each([
		{
			fileName: 'genuine.jpg',
			key: 'multipart' as WorkflowKey,
			format: 'jpeg' as const,
			verdict: 'pass',
			branch: NODE.pass,
			otherBranch: NODE.review,
		},
		{
			fileName: 'printed-copy.png',
			key: 'raw' as WorkflowKey,
			format: 'png' as const,
			verdict: 'review',
			branch: NODE.review,
			otherBranch: NODE.pass,
		},
	])(
		'$fileName sent as a $key upload: scores and verdict as the emulator chose, on $branch',
		async ({ fileName, key, format, verdict, branch, otherBranch }) => {
			stack.emulator.reset();
			const file = sample(fileName);
			const { response, execution } = await upload(key, file);
			expect(response.status).toBe(200);
			expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });

			// n8n's Webhook node wrote the photo to disk: the execution holds a reference, not the bytes.
			const received = firstItem(execution, NODE.webhook)?.binary?.[PHOTO_FIELD];
			expect(received).toMatchObject({
				fileName,
				mimeType: file.mimeType,
				bytes: file.manifest.bytes,
				data: 'filesystem-v2',
			});
			expect(received?.id).toMatch(/^filesystem-v2:/);

			// The emulator got the very bytes, as base64 of the right format, with the key; one request, answered 200.
			expect(stack.emulator.requests).toEqual([
				expect.objectContaining({ ...expectedRequest(file, format), status: 200 }),
			]);

			const result = expectedResult(file, stack.emulator.requests[0].transactionId);
			expect(result.verdict).toBe(verdict);
			expect(
				nodeOutput(execution.data, NODE.argos, { outputIndex: branch === NODE.pass ? 0 : 1 }),
			).toEqual([result]);
			expect(
				nodeOutput(execution.data, NODE.argos, { outputIndex: branch === NODE.pass ? 1 : 0 }),
			).toEqual([]);
			expect(nodeOutput(execution.data, branch)).toEqual([result]);
			expect(execution.data.resultData.runData[otherBranch]).toBeUndefined();
			// "Keep Input Binary" is on by default: the same file reference rides along to the branch.
			expect(firstItem(execution, branch)?.binary?.[PHOTO_FIELD]).toEqual(received);
		},
	);
});

describe('bad inputs end the execution with a clear error, and nothing is sent', () => {
	it.each([
		{
			case: 'a text file',
			key: 'multipart' as WorkflowKey,
			fileName: 'not-an-image.txt',
			message:
				'The file is not an image: its content is neither JPEG nor PNG, the only formats Argos ID Liveness accepts',
			description: /^The format is read from the file content, not its name or MIME type\./,
		},
		{
			case: 'a photo below 640x480',
			key: 'multipart' as WorkflowKey,
			fileName: 'too-small.jpg',
			message: 'The image is 320x200 pixels; Argos needs at least 640x480',
			description: /turn off the option "Reject Small Images"\.$/,
		},
		{
			case: 'a binary field the item does not have',
			key: 'wrongField' as WorkflowKey,
			fileName: 'genuine.jpg',
			message: 'The item has no binary field "passportPhoto"',
			// The fields the item does have, i.e. what n8n's Webhook node named the upload.
			description: /^Set "Input Binary Field" to one of: idPhoto\.$/,
		},
		{
			case: 'no check turned on',
			key: 'noChecks' as WorkflowKey,
			fileName: 'genuine.jpg',
			message: 'No check is turned on',
			description: /^Turn on at least one of Screen Replay, Paper Printed or Replace Portraits\.$/,
		},
	])('$case: "$message"', async ({ key, fileName, message, description }) => {
		stack.emulator.reset();
		const { response, execution } = await upload(key, sample(fileName));
		expect(response.status).toBe(200); // the webhook answers when it starts the workflow
		expect(execution.status).toBe('error');
		expect(executionErrorMessage(execution.data)).toBe(message);
		expect(execution.data.resultData.error?.description).toMatch(description);
		expect(execution.data.resultData.lastNodeExecuted).toBe(NODE.argos);

		const argosRun = execution.data.resultData.runData[NODE.argos][0];
		expect(argosRun.error).toMatchObject({
			name: 'NodeOperationError',
			message,
			context: { itemIndex: 0 },
		});
		expect(execution.data.resultData.runData[NODE.pass]).toBeUndefined();
		expect(execution.data.resultData.runData[NODE.review]).toBeUndefined();
		expect(stack.emulator.requests).toEqual([]);
	});
});

describe('failures on the way to Argos are retried', () => {
	it('429 with Retry-After 1, then 503, then 200: the execution succeeds and the item passes', async () => {
		stack.emulator.reset();
		stack.emulator.injectFaults([
			{ type: 'status', status: 429, retryAfter: '1' },
			{ type: 'status', status: 503 },
		]);
		const file = sample('genuine.png');
		const { execution } = await upload('raw', file);
		expect(execution.status).toBe('success');

		const requests = stack.emulator.requests;
		expect(requests.map((request) => request.status)).toEqual([429, 503, 200]);
		for (const request of requests) expect(request).toMatchObject(expectedRequest(file, 'png'));
		// Retry-After: 1 was honoured (the wait starts after the 429 arrived, so the gap is at least a second);
		// the 503 had none and is the first retry of a server error (429s do not count against Max Retries), so the
		// node backed off for half to all of 1 s (the first retry's ceiling).
		const arrivals = requests.map((request) => Date.parse(request.receivedAt));
		expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(1000);
		expect(arrivals[2] - arrivals[1]).toBeGreaterThanOrEqual(500);

		const result = expectedResult(file, requests[2].transactionId);
		expect(result.verdict).toBe('pass');
		expect(nodeOutput(execution.data, NODE.pass)).toEqual([result]);
		expect(execution.data.resultData.runData[NODE.review]).toBeUndefined();
	});

	/** Two dropped connections against a node allowed one retry: the execution that ends in a network error. */
	async function runOutOfRetries(): Promise<ExecutionDetail> {
		stack.emulator.reset();
		stack.emulator.injectFaults([{ type: 'drop' }, { type: 'drop' }]);
		const { execution } = await upload('oneRetry', sample('genuine.jpg'));
		expect(execution.status).toBe('error');
		expect(stack.emulator.requests.map((request) => request.status)).toEqual([null, null]);
		return execution;
	}

	it("connections dropped until retries run out: the node's own error, built without the failed HTTP request", async () => {
		// The riskiest error for personal data: the HTTP client's own error carries the request, image and key included
		// (the personal-data test below scans this execution too). The network code stays out of the message, which
		// n8n would otherwise replace with a generic sentence.
		const execution = await runOutOfRetries();
		expect(executionErrorMessage(execution.data)).toBe('Could not reach Argos and retries ran out');
		expect(execution.data.resultData.error).toMatchObject({
			name: 'NodeApiError',
			description: `The connection failed (ECONNRESET) on every try. Check the Base URL in the "Argos Identity API" credential (the node posts to ${stack.emulator.url}/document) and that this n8n can reach it.`,
			context: { itemIndex: 0 },
		});
	});
});

describe('personal data', () => {
	it("neither the API key nor any image sent appears in any execution or in n8n's log", async () => {
		const secrets = [
			{ what: 'the API key', text: EMULATOR_API_KEY },
			...uploaded.flatMap((file) =>
				base64Fingerprints(file.content).map((text) => ({
					what: `base64 of ${file.fileName}`,
					text,
				})),
			),
		];
		const executions = await stack.rest.listExecutions();
		expect(executions).toHaveLength(uploaded.length); // every upload above, none missed
		for (const { id } of executions) {
			const data = JSON.stringify(await stack.rest.getExecution(id));
			expect(data).toContain('filesystem-v2:'); // the scan reads the full run data, binary references included
			const leaks = secrets
				.filter((secret) => data.includes(secret.text))
				.map((secret) => secret.what);
			expect({ execution: id, leaks }).toEqual({ execution: id, leaks: [] });
		}
		const logs = stack.n8n.logs();
		expect(logs).toContain('Editor is now accessible via');
		expect(
			secrets.filter((secret) => logs.includes(secret.text)).map((secret) => secret.what),
		).toEqual([]);
	});
});
