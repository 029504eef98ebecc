/**
 * "Send Result to Callback URL" end to end, in-process: the action node sends each image with the trigger's
 * production URL and a reference from the item; the emulator POSTs the result to that URL over loopback HTTP;
 * the trigger starts one execution per result, carrying the same reference.
 */
import type { IDataObject } from 'n8n-workflow';

import { connect, type ExecutionResult, type HarnessWorkflow } from '../../tools/harness';
import {
	ACTION_TYPE,
	API_KEY,
	imageItem,
	runArgos,
	startTestBed,
	type ArgosTestBed,
} from './support/argosTestBed';
import { ENGINE_VERSION, postJson, TRIGGER, triggerWorkflow } from './support/callbackWorkflows';

const SECRET = 'round-trip-callback-secret';
const ACCEPTED_MESSAGE =
	'request has been successfully received. The response will be sent to your callback URL';
const CASES = [
	{ file: 'genuine.jpg', caseId: 'CRM-1' },
	// what a form field can carry, and the signed message's own separators: it must come back as it went
	{ file: 'screen-replay.jpg', caseId: 'Case 2 & co/ü?\nline 2\r\n3:ab,\t\u0000 😀 %20+=#' },
	{ file: 'analysis-fails.jpg' },
];

describe.each([
	['without a Callback Secret', ''],
	['with a Callback Secret', SECRET],
])('%s', (_title, callbackSecret) => {
	let bed: ArgosTestBed;
	beforeAll(async () => {
		// every callback is delivered twice, as a vendor retrying after a lost answer would
		bed = await startTestBed({
			credential: { callbackSecret },
			emulator: { callbackDelayMs: 20, duplicateCallbacks: 2 },
		});
		await bed.harness.listen();
	});
	afterAll(async () => await bed.close());

	let receiver: HarnessWorkflow;
	let triggerUrl: string;
	let sender: ExecutionResult;
	beforeAll(async () => {
		receiver = bed.harness.activate(triggerWorkflow(bed.harness));
		triggerUrl = bed.harness.webhookUrl(receiver, TRIGGER);
		const input = await Promise.all(
			CASES.map(
				async ({ file, caseId }) => await imageItem(bed.harness, file, caseId ? { caseId } : {}),
			),
		);
		sender = await bed.harness.run({
			nodes: [
				bed.harness.startNode(),
				bed.harness.node({
					name: 'Send',
					type: ACTION_TYPE,
					parameters: {
						operation: 'sendToCallbackUrl',
						callbackUrl: triggerUrl,
						reference: '={{ $json.caseId }}',
					},
				}),
			],
			connections: connect(['Start', 'Send']),
			input,
		});
		await bed.emulator.waitForCallbacks(2 * CASES.length);
	});

	const accepted = () => sender.json('Send');
	const triggerItems = () =>
		bed.harness
			.executions()
			.filter((execution) => execution.workflow === receiver)
			.map((execution) => {
				expect(execution.status).toBe('success');
				return execution.json(TRIGGER);
			});
	const triggerItemFor = (transactionId: unknown) =>
		triggerItems()
			.flat()
			.find((json) => json.transactionId === transactionId);

	it('outputs one accepted item per image, with its transaction ID and reference', () => {
		expect(sender.status).toBe('success');
		expect(accepted()).toEqual(
			CASES.map(({ caseId }) => ({
				status: 'accepted',
				summary: 'Sent to Argos; the result will be posted to the callback URL',
				reference: caseId,
				transactionId: expect.stringMatching(/^txn_[0-9a-f]{24}$/),
				engineVersion: ENGINE_VERSION,
				message: ACCEPTED_MESSAGE,
			})),
		);
		expect(sender.output('Send').map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});

	it("gives Argos the trigger's production URL with the reference in its query, signed with or without a secret", () => {
		expect(bed.emulator.requests).toHaveLength(CASES.length);
		accepted().forEach(({ transactionId }, index) => {
			// items go out concurrently, so requests are matched to items by the transaction ID Argos gave back
			const request = bed.emulator.requests.find(
				(candidate) => candidate.transactionId === transactionId,
			)!;
			const callbackUrl = new URL((request.body as IDataObject).callbackUrl as string);
			expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(triggerUrl);
			expect(callbackUrl.searchParams.get('argosRef')).toBe(CASES[index].caseId ?? null);
			const expiresIn = Number(callbackUrl.searchParams.get('argosExp')) - Date.now() / 1000;
			expect(expiresIn).toBeGreaterThan(24 * 3600 - 60);
			expect(expiresIn).toBeLessThanOrEqual(24 * 3600);
			expect(callbackUrl.searchParams.get('argosChecks')).toBe('sr,pc,ps');
			expect(callbackUrl.searchParams.get('argosNonce')).toMatch(/^[\w-]{22}$/);
			expect(callbackUrl.searchParams.get('argosSig')).toMatch(/^v3\.[0-9a-f]{64}$/);
			// neither the API key nor the secret travels in the URL
			expect(callbackUrl.toString()).not.toContain(API_KEY);
			if (callbackSecret) expect(callbackUrl.toString()).not.toContain(callbackSecret);
		});
	});

	it('starts the trigger once per result: the repeated delivery is answered 200 and starts nothing', () => {
		expect(bed.emulator.callbacks.map((delivery) => delivery.status)).toEqual(
			Array(2 * CASES.length).fill(200),
		);
		expect(triggerItems()).toHaveLength(CASES.length);
		expect(triggerItems().every((items) => items.length === 1)).toBe(true);
	});

	it('outputs the result with the reference it was sent with, the same fields as "Wait for Result"', async () => {
		const sync = await runArgos(bed.harness, [await imageItem(bed.harness, 'genuine.jpg')]);
		const genuine = accepted()[0];
		expect(triggerItemFor(genuine.transactionId)).toEqual({
			...sync.json('Argos ID Liveness')[0],
			transactionId: genuine.transactionId,
			reference: 'CRM-1',
		});

		const screenReplay = accepted()[1];
		expect(triggerItemFor(screenReplay.transactionId)).toMatchObject({
			verdict: 'review',
			failedChecks: ['screenReplay'],
			reference: CASES[1].caseId,
		});
	});

	it('outputs a failed analysis with its reference too (none when the item had none)', () => {
		const failed = accepted()[2];
		expect(triggerItemFor(failed.transactionId)).toMatchObject({
			transactionId: failed.transactionId,
			verdict: 'review',
			errorCode: '1009',
		});
		expect(triggerItemFor(failed.transactionId)).not.toHaveProperty('reference');
	});

	it('takes a replay of a delivered URL as a duplicate, and refuses a changed reference or another transaction', async () => {
		const delivered = bed.emulator.callbacks[0];
		const before = triggerItems().length;
		expect(await postJson(delivered.url, delivered.body)).toEqual({
			status: 200,
			body: { received: true, duplicate: true },
		});

		const forged = new URL(delivered.url);
		forged.searchParams.set('argosRef', 'CRM-2');
		const answer = await postJson(forged.toString(), {
			...delivered.body,
			transactionId: 'txn_forged',
		});
		expect(answer).toEqual({
			status: 401,
			body: { error: 'Callback refused: invalid signature' },
		});
		// a link delivers one result: another transaction on a used link is refused
		expect(
			await postJson(delivered.url, { ...delivered.body, transactionId: 'txn_other' }),
		).toEqual({
			status: 409,
			body: {
				error:
					'Callback refused: this signed link already delivered the result of another transaction',
			},
		});
		expect(triggerItems()).toHaveLength(before);
	});
});
