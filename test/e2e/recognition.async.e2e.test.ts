/**
 * ID Recognition's asynchronous operations in a real n8n 2.40.7 with the packed package, the emulator calling back
 * as Argos would (a recognition callback has no transactionId): "Send Result to Callback URL" through a signed link
 * to the Argos ID Liveness Trigger, and "Submit and Wait for Result" resumed by n8n's own resume URL. The document
 * checks travel with the request and judge the callback; the Expected Name travels only as a keyed digest, so the
 * link Argos receives holds no name.
 */
import { readFileSync } from 'fs';

import { nodeOutput, type ExecutionDetail } from '../../tools/n8n';
import { startArgosStack, type ArgosStack } from '../../tools/argos-stack/argosStack';
import { samplePath } from '../../tools/argos-stack/exampleStack';
import { livenessWorkflow, NODE } from '../../tools/argos-stack/livenessWorkflow';
import { postRawFile } from '../../tools/n8n/binaryUpload';
import { pollUntil } from '../../tools/n8n/poll';
import {
	TRIGGER_NODE,
	triggerOnlyWorkflow,
	triggerUrl,
} from '../../tools/argos-stack/triggerCallbacks';
import { writeFamilySamples } from '../../emulator/family/familySamples';

const TRIGGER = '7a1d0c3e-5b2f-4e6a-8c9d-0f1e2d3c4b51';
const SENDER_PATH = 'recognition-sender';
const WAITER_PATH = 'recognition-submit-and-wait';
const DOCUMENT = { issuingCountry: 'GBR', idType: 'passport', minimumAge: 18 };

let stack: ArgosStack;
let ids: { trigger: string; sender: string; waiter: string };

beforeAll(async () => {
	await writeFamilySamples(samplePath('family'));
	stack = await startArgosStack({
		callbackSecret: 'recognition-async-e2e-secret-5d1f',
		emulator: { callbackDelayMs: 1500 },
		workflows: [
			triggerOnlyWorkflow('Recognition: trigger', TRIGGER),
			livenessWorkflow({
				name: 'Recognition: sender',
				path: SENDER_PATH,
				upload: 'raw',
				typeVersion: 3,
				argos: {
					resource: 'idRecognition',
					operation: 'sendToCallbackUrl',
					callbackUrl: '={{ $json.query.to }}',
					reference: '={{ $json.query.ref }}',
					expectedName: '={{ $json.query.name }}',
					routeByVerdict: false,
					...DOCUMENT,
				},
			}),
			livenessWorkflow({
				name: 'Recognition: submit and wait',
				path: WAITER_PATH,
				upload: 'raw',
				typeVersion: 3,
				argos: {
					resource: 'idRecognition',
					operation: 'submitAndWait',
					reference: '={{ $json.query.ref }}',
					expectedName: '={{ $json.query.name }}',
					...DOCUMENT,
				},
			}),
		],
	});
	const [trigger, sender, waiter] = stack.workflowIds;
	ids = { trigger, sender, waiter };
	for (const id of stack.workflowIds) await stack.rest.activateWorkflow(id);
});
afterAll(async () => await stack?.stop());

const documentFile = (name: string) => ({
	fileName: name,
	mimeType: name.endsWith('.png') ? 'image/png' : 'image/jpeg',
	content: readFileSync(samplePath(`family/${name}`)),
});

/** Posts a document to a workflow's webhook; resolves with the execution it started once it reaches `status`. */
async function submit(
	path: string,
	workflowId: string,
	file: string,
	query: Record<string, string>,
	status: 'success' | 'waiting',
): Promise<ExecutionDetail> {
	const [previous] = await stack.rest.listExecutions({ workflowId });
	const answer = await postRawFile(
		`${stack.n8n.webhookUrl(path)}?${new URLSearchParams(query)}`,
		documentFile(file),
	);
	expect(answer.status).toBe(200);
	return stack.rest.waitForExecution({ workflowId, afterExecutionId: previous?.id, status });
}

/** The trigger's output item for a reference, once its execution has run. */
function triggerOutputFor(reference: string): Promise<Record<string, unknown>> {
	return pollUntil(
		async () => {
			for (const summary of await stack.rest.listExecutions({ workflowId: ids.trigger })) {
				const execution = await stack.rest.getExecution(summary.id);
				const [item] = nodeOutput(execution.data, TRIGGER_NODE);
				if (item?.reference === reference) return item;
			}
			return undefined;
		},
		{ timeoutMs: 30_000, description: `the trigger's output for ${reference}` },
	);
}

it('Send Result to Callback URL: the trigger judges the callback by the checks the link carries; no name in the link', async () => {
	const reference = 'RECOGNITION-1';
	const before = stack.emulator.requests.length;
	const sent = await submit(
		SENDER_PATH,
		ids.sender,
		'id-cy-expired.jpg',
		{ ref: reference, name: 'Cy Example', to: triggerUrl(stack.n8n.baseUrl, TRIGGER) },
		'success',
	);
	expect(nodeOutput(sent.data, NODE.argos)[0]).toMatchObject({ status: 'accepted', reference });
	const [request] = stack.emulator.requests.slice(before);
	const link = String((request.body as { callbackUrl?: unknown }).callbackUrl);
	expect(link).toContain('argosApi=recognition');
	// The name's surname, as typed or encoded: the link's random parts (nonce, digest) are too short to hold it by chance.
	for (const text of [link, decodeURIComponent(link)]) expect(text).not.toMatch(/example/i);

	expect(await triggerOutputFor(reference)).toMatchObject({
		verdict: 'review',
		fullName: 'CY EXAMPLE',
		expiryDate: '2021-03-31',
		documentExpired: true,
		nameMatches: true,
		age: expect.any(Number),
		failedChecks: ['documentExpired'],
		reference,
	});
});

it('Submit and Wait: the execution resumes on the callback and routes by the checks it submitted with', async () => {
	const reference = 'RECOGNITION-2';
	const waiting = await submit(
		WAITER_PATH,
		ids.waiter,
		'id-dee-minor.png',
		{ ref: reference, name: 'Somebody Else' },
		'waiting',
	);
	const done = await pollUntil(
		async () => {
			const execution = await stack.rest.getExecution(waiting.id);
			return execution.status === 'success' ? execution : undefined;
		},
		{ timeoutMs: 60_000, description: `execution ${waiting.id} resumed and finished` },
	);
	expect(nodeOutput(done.data, NODE.argos, { outputIndex: 0 })).toEqual([]);
	expect(nodeOutput(done.data, NODE.argos, { outputIndex: 1 })).toEqual([
		expect.objectContaining({
			verdict: 'review',
			fullName: 'DEE MINOR EXAMPLE',
			documentExpired: false,
			nameMatches: false,
			failedChecks: ['minimumAge', 'nameMatches'],
			reference,
		}),
	]);
});
