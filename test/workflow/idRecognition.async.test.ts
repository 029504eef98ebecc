/**
 * ID Recognition asynchronously, in-process against the emulator over loopback: "Send Result to Callback URL" to the
 * Argos ID Liveness Trigger in both documented result shapes, judged by the checks the signed link carries (the
 * expected name only as its keyed digest), a failure callback, links and callbacks of different APIs refused, and
 * "Submit and Wait for Result" up to the wait (its resume with the callback: test/unit/resumeWithCallback.test.ts).
 * Argos' recognition callbacks carry no transactionId: the trigger's items have none, and the link's reference
 * tells them apart.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { CALLBACK_QUERY } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import type { HarnessWorkflow } from '../../tools/harness';
import { ARGOS, familyItem, runArgos, type ArgosTestBed } from './support/argosTestBed';
import {
	callbackQuery,
	callTrigger,
	expectTriggerRefuses,
	DERIVED_KEY,
	resultCallback,
	runSubmitAndWait,
	startCallbackTestBed,
	sendAndAwaitCallbacks as sendToTrigger,
	triggerItemsBy,
	triggerWorkflow,
} from './support/callbackWorkflows';

let bed: ArgosTestBed;
let receiver: HarnessWorkflow;
let triggerUrl: string;
beforeAll(async () => ({ bed, receiver, triggerUrl } = await startCallbackTestBed()));
afterAll(async () => await bed.close());
beforeEach(() => bed.emulator.reset());

/** The personal data of these tests' applicant: it must never reach Argos in the callback URL. */
const EXPECTED_NAME = 'Sample, Ada';

/** ID Recognition in version 3 with every check on: expiry, an age of 18 and the applicant's name. */
const idRecognition = (parameters: INodeParameters): INodeParameters => ({
	resource: 'idRecognition',
	issuingCountry: 'USA',
	idType: 'drivers_license',
	backImageSource: 'binary',
	backBinaryPropertyName: "={{ $binary.idBack ? 'idBack' : '' }}",
	minimumAge: 18,
	expectedName: EXPECTED_NAME,
	reference: '={{ $json.caseId }}',
	...parameters,
});

async function documentItem(
	front: string,
	back: string | undefined,
	json: IDataObject,
): Promise<INodeExecutionData> {
	return {
		...(await familyItem(bed.harness, { data: front, ...(back && { idBack: back }) })),
		json,
	};
}

/** What the trigger started the workflow with for each reference (its callbacks name no transaction), in order. */
const triggerItemsFor = (references: string[]) =>
	triggerItemsBy(bed.harness, receiver, 'reference', references);

/** Sends `input` to the trigger through Argos, waits for every callback, and gives the accepted items. */
const sendAndAwaitCallbacks = (input: INodeExecutionData[]) =>
	sendToTrigger(
		bed,
		input,
		idRecognition({ operation: 'sendToCallbackUrl', callbackUrl: triggerUrl }),
	);

describe.each(['data', 'documentInfo'] as const)(
	'Send Result to Callback URL, Argos answering in the %s shape',
	(shape) => {
		beforeAll(() => bed.emulator.setResponseShapes({ recognition: shape }));

		it('sends a signed ID Recognition link, and the trigger outputs what "Wait for Result" would, without a transactionId', async () => {
			const reference = `R-${shape}`;
			const input = [await documentItem('id-ada.jpg', 'id-ada-back.jpg', { caseId: reference })];
			const accepted = await sendAndAwaitCallbacks(input);
			expect(accepted).toEqual([expect.objectContaining({ status: 'accepted', reference })]);

			const request = bed.emulator.requests[0];
			expect(Object.keys(request.body)).toEqual([
				'idImage',
				'idBackImage',
				'issuingCountry',
				'idType',
				'callbackUrl',
			]);
			const callbackUrl = (request.body as IDataObject).callbackUrl as string;
			const link = new URL(callbackUrl);
			expect(`${link.origin}${link.pathname}`).toBe(triggerUrl);
			expect(Object.fromEntries(link.searchParams)).toEqual({
				argosRef: reference,
				argosApi: 'recognition',
				argosExpired: 'true',
				argosMinAge: '18',
				argosNameDigest: expect.stringMatching(/^[\w-]{43}$/),
				argosExp: expect.stringMatching(/^\d+$/),
				argosNonce: expect.any(String),
				argosSig: expect.stringMatching(/^v3\.[0-9a-f]{64}$/),
			});
			// The expected name is personal data: Argos logs the URLs it calls, so it travels only as a keyed digest.
			for (const url of [callbackUrl, decodeURIComponent(callbackUrl)])
				expect(url).not.toMatch(/sample/i);
			expect(bed.emulator.callbacks[0].body).not.toHaveProperty('transactionId');

			const sync = await runArgos(
				bed.harness,
				input,
				idRecognition({ operation: 'waitForResult' }),
			);
			const { transactionId, ...expected } = sync.json(ARGOS)[0];
			expect(transactionId).toEqual(expect.any(String));
			const [received] = triggerItemsFor([reference]);
			expect(received).toEqual(expected);
			expect(received).toMatchObject({
				verdict: 'pass',
				nameMatches: true,
				fullName: 'ADA SAMPLE',
			});
			expect(received).not.toHaveProperty('transactionId');
		});
	},
);

it("judges each callback by its link's checks: expired, a minor, another name; a match passes", async () => {
	bed.emulator.setResponseShapes({ recognition: 'data' });
	await sendAndAwaitCallbacks([
		await documentItem('id-cy-expired.jpg', undefined, { caseId: 'R-cy' }),
		await documentItem('id-dee-minor.png', undefined, { caseId: 'R-dee' }),
		await documentItem('id-ada.jpg', undefined, { caseId: 'R-ada' }),
	]);
	expect(
		triggerItemsFor(['R-cy', 'R-dee', 'R-ada']).map((json) => [json.verdict, json.failedChecks]),
	).toEqual([
		['review', ['documentExpired', 'nameMatches']],
		['review', ['minimumAge', 'nameMatches']],
		['pass', undefined],
	]);
});

it('a failed reading (a back Argos cannot read, 1012) reaches the trigger as an error item with verdict "review", never a pass', async () => {
	await sendAndAwaitCallbacks([
		await documentItem('id-ada.jpg', 'id-back-unreadable.jpg', { caseId: 'R-back' }),
	]);
	const [callback] = bed.emulator.callbacks;
	expect(callback.body).toMatchObject({ statusCode: 400, errorCode: 1012 });
	expect(callback.body).not.toHaveProperty('transactionId');
	const [received] = triggerItemsFor(['R-back']);
	expect(received).toMatchObject({
		verdict: 'review',
		errorType: 'argosError',
		errorCode: '1012',
		reference: 'R-back',
	});
	expect(received).not.toHaveProperty('transactionId');
	expect(JSON.stringify(received)).not.toMatch(/ADA|SAMPLE|D1234567/);
});

describe("a link of one API posted with another API's callback is refused and starts nothing", () => {
	const recognitionResult = {
		statusCode: 200,
		apiType: 'id_recognition',
		result: { data: { raw: {}, ocr: { ocr_fullName: 'ADA SAMPLE', ocr_number: 'D1234567' } } },
	};
	const recognitionLink = callbackQuery({
		secret: DERIVED_KEY,
		recognition: { reviewExpired: false, minimumAge: 0 },
	});
	it.each([
		[
			'an ID Recognition link, an ID Liveness result',
			recognitionLink,
			resultCallback('txn_id', { screenReplay: 99, paperPrinted: 99, replacePortraits: 99 }),
			'Not an Argos ID Recognition callback: apiType is not "id_recognition" or "global_id_recognition"',
		],
		[
			'an ID Recognition link, a Face Compare result',
			recognitionLink,
			{
				statusCode: 200,
				apiType: 'compare_face',
				transactionId: 'txn_compare',
				result: { face: {}, faceMatch: { similarity: 0.99 } },
			},
			'Not an Argos ID Recognition callback: apiType is not "id_recognition" or "global_id_recognition"',
		],
		[
			'an ID Liveness link, an ID Recognition result',
			callbackQuery({ secret: DERIVED_KEY }),
			recognitionResult,
			'Not an Argos ID Liveness callback: apiType is not "id_live_doc"',
		],
		[
			'a Face Compare link, an ID Recognition result',
			callbackQuery({ secret: DERIVED_KEY, faceCompare: { minimumSimilarity: 0.85 } }),
			recognitionResult,
			'Not an Argos Face Compare callback: apiType is not "compare_face"',
		],
	])('%s', async (_case, query, body, error) => {
		await expectTriggerRefuses(bed.harness, { body, query }, 400, error);
	});

	it('a recognition link whose checks were changed is refused (401)', async () => {
		await expectTriggerRefuses(
			bed.harness,
			{
				body: recognitionResult,
				query: { ...recognitionLink, [CALLBACK_QUERY.reviewExpired]: 'true' },
			},
			401,
			'Callback refused: invalid signature',
		);
	});
});

it('a second delivery of the same recognition callback by the same link is a duplicate: the link names the request', async () => {
	const workflow = bed.harness.activate(triggerWorkflow(bed.harness));
	const request = {
		body: {
			statusCode: 200,
			apiType: 'id_recognition',
			result: { data: { raw: {}, ocr: { ocr_fullName: 'ADA SAMPLE', ocr_number: 'D1234567' } } },
		},
		query: callbackQuery({
			secret: DERIVED_KEY,
			reference: 'R-dup',
			recognition: { reviewExpired: false, minimumAge: 0 },
		}),
	};
	const first = await callTrigger(bed.harness, workflow, request);
	expect(first.started).toBe(true);
	const second = await callTrigger(bed.harness, workflow, request);
	expect(second.started).toBe(false);
	expect(second.responseBody).toEqual({ received: true, duplicate: true });
});

it('Submit and Wait for Result gives Argos the resume URL and binds the checks, the name only as its digest', async () => {
	const waiting = await runSubmitAndWait(
		bed.harness,
		[await documentItem('id-ada.jpg', undefined, { caseId: 'R-9' })],
		idRecognition({ routeByVerdict: true }),
		undefined,
		3,
	);
	expect(waiting.status).toBe('waiting');
	const [request] = bed.emulator.requests;
	expect(request.status).toBe(201);
	expect((request.body as IDataObject).callbackUrl).toBe(waiting.resumeUrl);
	const metadata = waiting.run.data.resultData.metadata as Record<string, string>;
	expect(metadata).toEqual({
		argosTransactionId: request.transactionId,
		argosDocumentChecks: expect.any(String),
		argosReference: 'R-9',
	});
	expect(JSON.parse(metadata.argosDocumentChecks)).toEqual({
		reviewExpired: true,
		minimumAge: 18,
		nameDigest: expect.stringMatching(/^[\w-]{43}$/),
	});
	// The workflow holds the parameter as the user wrote it; what the waiting execution keeps holds no name.
	expect(JSON.stringify(metadata)).not.toMatch(/sample/i);
});
