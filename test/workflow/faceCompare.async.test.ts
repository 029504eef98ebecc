/**
 * Face Compare asynchronously, in-process against the emulator over loopback: "Send Result to Callback URL" to the
 * Argos ID Liveness Trigger in both documented result shapes and with a failed comparison, a link of one API refused
 * with the other API's callback, and "Submit and Wait for Result" up to the wait (its resume with the callback:
 * test/unit/resumeWithCallback.test.ts).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { HarnessWorkflow } from '../../tools/harness';
import {
	ARGOS,
	familyItem,
	runArgos,
	sample,
	withEmulatorMarker,
	type ArgosTestBed,
} from './support/argosTestBed';
import {
	callbackQuery,
	expectTriggerRefuses,
	DERIVED_KEY,
	resultCallback,
	runSubmitAndWait,
	startCallbackTestBed,
	sendAndAwaitCallbacks as sendToTrigger,
	triggerItemsBy,
} from './support/callbackWorkflows';

let bed: ArgosTestBed;
let receiver: HarnessWorkflow;
let triggerUrl: string;
beforeAll(async () => ({ bed, receiver, triggerUrl } = await startCallbackTestBed()));
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

/** Face Compare in version 3 with the minimum this file judges by: 0.85, above Argos' own threshold of 0.8. */
const faceCompare = (parameters: INodeParameters): INodeParameters => ({
	resource: 'faceCompare',
	minimumSimilarity: 0.85,
	reference: '={{ $json.caseId }}',
	...parameters,
});

async function faces(
	origin: string | Buffer,
	target: string,
	json: IDataObject,
): Promise<INodeExecutionData> {
	return { ...(await familyItem(bed.harness, { idPhoto: origin, selfie: target })), json };
}

/** What the trigger started the workflow with for each transaction, in the order given. */
const triggerItemsFor = (transactionIds: unknown[]) =>
	triggerItemsBy(bed.harness, receiver, 'transactionId', transactionIds);

/** Sends `input` to the trigger through Argos, waits for every callback, and gives the accepted items. */
const sendAndAwaitCallbacks = (input: INodeExecutionData[]) =>
	sendToTrigger(
		bed,
		input,
		faceCompare({ operation: 'sendToCallbackUrl', callbackUrl: triggerUrl }),
	);

describe.each(['similarity', 'faceMatch'] as const)(
	'Send Result to Callback URL, Argos answering in the %s shape',
	(shape) => {
		beforeAll(() => bed.emulator.setResponseShapes({ compare: shape }));

		it('sends a signed Face Compare link, and the trigger outputs what "Wait for Result" would', async () => {
			const input = [
				await faces('id-ada.jpg', 'selfie-ada.jpg', { caseId: 'C-1' }),
				await faces('id-ada.jpg', 'selfie-ben.png', { caseId: 'C-2' }),
			];
			const accepted = await sendAndAwaitCallbacks(input);
			expect(accepted).toEqual([
				expect.objectContaining({ status: 'accepted', reference: 'C-1' }),
				expect.objectContaining({ status: 'accepted', reference: 'C-2' }),
			]);

			const request = bed.emulator.requests[0];
			expect(Object.keys(request.body)).toEqual(['originFace', 'targetFace', 'callbackUrl']);
			const link = new URL((request.body as IDataObject).callbackUrl as string);
			expect(`${link.origin}${link.pathname}`).toBe(triggerUrl);
			expect(Object.fromEntries(link.searchParams)).toEqual({
				argosRef: expect.any(String),
				argosApi: 'compare',
				argosMinSim: '0.85',
				argosExp: expect.stringMatching(/^\d+$/),
				argosNonce: expect.any(String),
				argosSig: expect.stringMatching(/^v3\.[0-9a-f]{64}$/),
			});

			const sync = await runArgos(bed.harness, input, faceCompare({ operation: 'waitForResult' }));
			const expected = sync.json(ARGOS).map((json, index) => ({
				...json,
				transactionId: accepted[index].transactionId,
			}));
			expect(triggerItemsFor(accepted.map((item) => item.transactionId))).toEqual(expected);
			expect(expected).toEqual([
				expect.objectContaining({ verdict: 'pass', match: true, similarity: 0.93 }),
				expect.objectContaining({ verdict: 'review', match: false, similarity: 0.11 }),
			]);
			expect(expected[0]).toMatchObject({ minimumSimilarity: 0.85, reference: 'C-1' });
		});
	},
);

it('a failed comparison reaches the trigger as an error item with verdict "review", never a pass', async () => {
	const unreadable = withEmulatorMarker(sample('family/id-ada.jpg'), 'errorCode=1003');
	const [accepted] = await sendAndAwaitCallbacks([
		await faces(unreadable, 'selfie-ada.jpg', { caseId: 'C-3' }),
	]);
	expect(bed.emulator.callbacks[0].body).toMatchObject({ statusCode: 400, errorCode: 1003 });
	expect(triggerItemsFor([accepted.transactionId])).toEqual([
		expect.objectContaining({
			verdict: 'review',
			errorType: 'argosError',
			errorCode: '1003',
			reference: 'C-3',
			transactionId: accepted.transactionId,
		}),
	]);
});

describe("a link of one API posted with the other API's callback is refused and starts nothing", () => {
	const compareResult = {
		statusCode: 200,
		apiType: 'compare_face',
		transactionId: 'txn_compare',
		result: { face: {}, faceMatch: { similarity: 0.99 } },
	};
	it.each([
		[
			'a Face Compare link, an ID Liveness result',
			callbackQuery({ secret: DERIVED_KEY, faceCompare: { minimumSimilarity: 0.85 } }),
			resultCallback('txn_id', { screenReplay: 99, paperPrinted: 99, replacePortraits: 99 }),
			'Not an Argos Face Compare callback: apiType is not "compare_face"',
		],
		[
			'an ID Liveness link, a Face Compare result',
			callbackQuery({ secret: DERIVED_KEY }),
			compareResult,
			'Not an Argos ID Liveness callback: apiType is not "id_live_doc"',
		],
	])('%s', async (_case, query, body, error) => {
		await expectTriggerRefuses(bed.harness, { body, query }, 400, error);
	});
});

it('Submit and Wait for Result gives Argos the resume URL and binds the minimum similarity to the waiting execution', async () => {
	const waiting = await runSubmitAndWait(
		bed.harness,
		[await faces('id-ada.jpg', 'selfie-ada.jpg', { caseId: 'C-9' })],
		faceCompare({ routeByVerdict: true }),
		undefined,
		3,
	);
	expect(waiting.status).toBe('waiting');
	const [request] = bed.emulator.requests;
	expect(request.status).toBe(201);
	expect((request.body as IDataObject).callbackUrl).toBe(waiting.resumeUrl);
	expect(waiting.run.data.resultData.metadata).toEqual({
		argosTransactionId: request.transactionId,
		argosMinimumSimilarity: '0.85',
		argosReference: 'C-9',
	});
});

it('Face Liveness has no asynchronous operation: nothing is sent', async () => {
	const execution = await runArgos(
		bed.harness,
		[await familyItem(bed.harness, { data: 'selfie-ada.jpg' })],
		{ resource: 'faceLiveness', operation: 'sendToCallbackUrl', callbackUrl: triggerUrl },
	);
	expect(execution.error?.message).toBe(
		'The operation "sendToCallbackUrl" is not available for the resource "faceLiveness"',
	);
	expect(bed.emulator.requests).toEqual([]);
});
