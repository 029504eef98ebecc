/**
 * "Submit and Wait for Result" resumed by Argos' callback: the node's webhook() with a mocked n8n context, as n8n
 * tests its own webhook nodes (jest-mock-extended). What n8n does around it (the resume URL's token, resuming the
 * execution, its 409 for a finished one, the wait tracker) is proven in the real n8n: test/e2e/submitAndWait.*.
 */
import { mock } from 'jest-mock-extended';
import type { IDataObject, INode, IWebhookFunctions } from 'n8n-workflow';

import { ArgosIdLiveness } from '../../package/nodes/ArgosIdLiveness/ArgosIdLiveness.node';
import { callbackSigningKey } from '../../package/nodes/resultsAndCallbacks/callbackSignature';
import { expectedNameDigest } from '../../package/nodes/resultsAndCallbacks/nameDigest';
import { resultCallbackBody } from '../../tools/argos-stack/triggerCallbacks';

const TRANSACTION = 'txn_waiting_1';
const ALL_CHECKS = 'screenReplay,paperPrinted,replacePortraits';
const ALL_SCORES = { screenReplay: 97, paperPrinted: 91, replacePortraits: 95 };
/** What bindResume left in the execution's custom data when the item was sent. */
const BOUND = {
	argosTransactionId: TRANSACTION,
	argosChecks: ALL_CHECKS,
	argosMinimumScores: JSON.stringify({ screenReplay: 50, paperPrinted: 50, replacePortraits: 50 }),
	argosReference: 'CASE-7',
};

interface ResumeCall {
	body: unknown;
	customData?: Record<string, string>;
	/** The node's parameters as the waiting execution's workflow holds them. */
	parameters?: IDataObject;
	onError?: INode['onError'];
	contentLength?: number;
}

function resumeContext(call: ResumeCall) {
	const parameters: IDataObject = {
		operation: 'submitAndWait',
		routeByVerdict: true,
		screenReplay: true,
		paperPrinted: true,
		replacePortraits: true,
		options: {},
		...call.parameters,
	};
	const context = mock<IWebhookFunctions>();
	context.getNode.mockReturnValue({
		id: 'argos',
		name: 'Argos ID Liveness',
		type: 'CUSTOM.argosIdLiveness',
		typeVersion: 2,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		onError: call.onError,
	});
	context.getBodyData.mockReturnValue(call.body as IDataObject);
	context.getHeaderData.mockReturnValue(
		call.contentLength === undefined ? {} : { 'content-length': String(call.contentLength) },
	);
	context.getNodeParameter.mockImplementation(((name: string, fallback?: unknown) =>
		name in parameters ? parameters[name] : fallback) as IWebhookFunctions['getNodeParameter']);
	const data: Record<string, string> = { ...(call.customData ?? BOUND) };
	context.customData = {
		get: (key: string) => data[key],
		set: (key: string, value: string) => void (data[key] = value),
		getAll: () => ({ ...data }),
		setAll: (values: Record<string, string>) => void Object.assign(data, values),
	};
	const response = { status: jest.fn(), json: jest.fn() };
	response.status.mockReturnValue(response);
	context.getResponseObject.mockReturnValue(
		response as unknown as ReturnType<IWebhookFunctions['getResponseObject']>,
	);
	return { context, response };
}

async function resume(call: ResumeCall) {
	const { context, response } = resumeContext(call);
	const answer = await new ArgosIdLiveness().webhook.call(context);
	const outputs = answer.workflowData?.map((items) => items.map((item) => item.json));
	return { answer, outputs, response, context };
}

describe("Submit and Wait's resume (webhook) with its own transaction's callback", () => {
	it('puts a pass on Pass, judged by the checks and minimum scores bound when the item was sent', async () => {
		const { outputs, answer, context } = await resume({
			body: resultCallbackBody(TRANSACTION, ALL_SCORES),
		});
		expect(outputs).toEqual([
			[
				expect.objectContaining({
					verdict: 'pass',
					transactionId: TRANSACTION,
					reference: 'CASE-7',
					...ALL_SCORES,
					minimumScores: { screenReplay: 50, paperPrinted: 50, replacePortraits: 50 },
				}),
			],
			[],
		]);
		expect(answer.workflowData![0][0].pairedItem).toEqual({ item: 0 });
		// Read once, when the item was prepared: the resume reads no parameter of the node again.
		expect(context.getNodeParameter).not.toHaveBeenCalled();
	});

	it('keeps the minimum scores of the item even where the parameter now says otherwise (an expression over the gone item)', async () => {
		const { outputs } = await resume({
			body: resultCallbackBody(TRANSACTION, { ...ALL_SCORES, screenReplay: 60 }),
			customData: {
				...BOUND,
				argosMinimumScores: JSON.stringify({ ...ALL_SCORES, screenReplay: 70 }),
			},
			parameters: { options: { minimumScreenReplay: '={{ $json.query.minimum }}' } },
		});
		expect(outputs).toEqual([
			[],
			[expect.objectContaining({ verdict: 'review', failedChecks: ['screenReplay'] })],
		]);
	});

	it('judges only the checks that were sent', async () => {
		const { outputs } = await resume({
			body: resultCallbackBody(TRANSACTION, { paperPrinted: 45 }),
			customData: {
				...BOUND,
				argosChecks: 'paperPrinted',
				argosMinimumScores: JSON.stringify({ paperPrinted: 40 }),
			},
		});
		expect(outputs).toEqual([
			[
				expect.objectContaining({
					verdict: 'pass',
					paperPrinted: 45,
					paperPrintedRisk: 'medium risk',
					minimumScores: { paperPrinted: 40 },
				}),
			],
			[],
		]);
	});

	it('puts a review on Review', async () => {
		const { outputs } = await resume({
			body: resultCallbackBody(TRANSACTION, { ...ALL_SCORES, screenReplay: 12 }),
		});
		expect(outputs).toEqual([
			[],
			[expect.objectContaining({ verdict: 'review', failedChecks: ['screenReplay'] })],
		]);
	});

	it('outputs everything on the one output without Route by Verdict', async () => {
		const { outputs } = await resume({
			body: resultCallbackBody(TRANSACTION, { ...ALL_SCORES, screenReplay: 12 }),
			parameters: { routeByVerdict: false },
		});
		expect(outputs).toEqual([[expect.objectContaining({ verdict: 'review' })]]);
	});

	it('puts a result missing a requested score on Review, naming the missing check', async () => {
		const { outputs } = await resume({
			body: resultCallbackBody(TRANSACTION, { screenReplay: 97 }),
		});
		expect(outputs).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					failedChecks: ['paperPrinted', 'replacePortraits'],
					screenReplay: 97,
					paperPrintedRisk: 'no score',
				}),
			],
		]);
	});

	describe('a failed analysis (1009)', () => {
		const failure = {
			statusCode: 400,
			apiType: 'id_live_doc',
			transactionId: TRANSACTION,
			errorCode: 1009,
			message: 'Fail to analyze document',
		};
		const item = expect.objectContaining({
			verdict: 'review',
			errorType: 'argosError',
			error: 'Argos could not analyze the document (1009 Fail to analyze document)',
			errorCode: '1009',
			transactionId: TRANSACTION,
			reference: 'CASE-7',
			description: expect.stringContaining(
				`(Argos error code: 1009, transaction ID: ${TRANSACTION})`,
			),
		});

		it('is an error item on Review, never on Pass', async () => {
			expect((await resume({ body: failure })).outputs).toEqual([[], [item]]);
		});

		it('is an error item on the one output without routing', async () => {
			const { outputs } = await resume({ body: failure, parameters: { routeByVerdict: false } });
			expect(outputs).toEqual([[item]]);
		});

		it("goes to the node's error output as error and details, which n8n splits off", async () => {
			const { outputs } = await resume({ body: failure, onError: 'continueErrorOutput' });
			expect(outputs).toEqual([
				[],
				[
					{
						error: 'Argos could not analyze the document (1009 Fail to analyze document)',
						details: expect.objectContaining({ errorCode: '1009', transactionId: TRANSACTION }),
					},
				],
			]);
		});
	});
});

describe("Submit and Wait's resume refuses what is not its callback, and the execution keeps waiting", () => {
	it("answers another transaction's callback 409 and resumes nothing", async () => {
		const { answer, response } = await resume({
			body: resultCallbackBody('txn_someone_else', ALL_SCORES),
		});
		expect(answer).toEqual({ noWebhookResponse: true });
		expect(response.status).toHaveBeenCalledWith(409);
		expect(response.json).toHaveBeenCalledWith({
			error: 'Callback refused: this execution waits for the result of another transaction',
		});
	});

	it.each([
		['not a callback', { hello: 'world' }, undefined],
		[
			'a body declared larger than a callback can be',
			resultCallbackBody(TRANSACTION, ALL_SCORES),
			10_000_000,
		],
		[
			'nested too deeply to measure',
			JSON.parse(`${'['.repeat(5000)}${']'.repeat(5000)}`),
			undefined,
		],
	])('answers %s 400 and resumes nothing', async (_case, body, contentLength) => {
		const { answer, response } = await resume({ body, contentLength });
		expect(answer).toEqual({ noWebhookResponse: true });
		expect(response.status).toHaveBeenCalledWith(400);
		expect(response.json).toHaveBeenCalledWith({
			error: expect.stringMatching(/^Not an Argos ID Liveness callback: /),
		});
	});
});

describe("Submit and Wait's resume when it cannot judge the callback: an error item on Review, never Pass", () => {
	it('without the transaction bound at submission (an older version put it to wait)', async () => {
		const { outputs } = await resume({
			body: resultCallbackBody(TRANSACTION, ALL_SCORES),
			customData: {},
		});
		expect(outputs).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					error: 'This execution does not know which transaction it submitted',
					transactionId: TRANSACTION,
				}),
			],
		]);
		// No Reference was bound: the item has none, rather than a null.
		expect(outputs?.[1][0]).not.toHaveProperty('reference');
	});

	it('with only the checks bound (an older version), reads the minimum scores from the options', async () => {
		const { outputs } = await resume({
			body: resultCallbackBody(TRANSACTION, ALL_SCORES),
			customData: { argosTransactionId: TRANSACTION, argosChecks: ALL_CHECKS },
			parameters: { options: { minimumScreenReplay: 98 } },
		});
		expect(outputs).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					minimumScores: { screenReplay: 98, paperPrinted: 61, replacePortraits: 61 },
				}),
			],
		]);
	});

	it('when reading the node throws while applying the callback', async () => {
		const { context, response } = resumeContext({
			body: resultCallbackBody(TRANSACTION, ALL_SCORES),
			customData: { argosTransactionId: TRANSACTION },
		});
		context.getNodeParameter.mockImplementation(() => {
			throw new Error("Referenced node doesn't exist");
		});
		const answer = await new ArgosIdLiveness().webhook.call(context);
		expect(response.status).not.toHaveBeenCalled();
		expect(answer.workflowData?.map((items) => items.map((item) => item.json))).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					error: "The callback could not be applied: Referenced node doesn't exist",
					transactionId: TRANSACTION,
				}),
			],
		]);
	});
});

describe("Submit and Wait's resume for Face Compare: read as a comparison, judged by the minimum bound", () => {
	const COMPARE_BOUND = {
		argosTransactionId: TRANSACTION,
		argosMinimumSimilarity: '0.85',
		argosReference: 'CASE-7',
	};
	const compareParameters = { resource: 'faceCompare', minimumSimilarity: 0.5 };
	const comparison = (similarity: number, legacy = false) => ({
		statusCode: 200,
		apiType: 'compare_face',
		transactionId: TRANSACTION,
		result: legacy
			? { face: { isAvailable: true }, faceMatch: { isAvailable: true, similarity } }
			: {
					face: { isAvailable: true },
					targetFace: { isAvailable: true },
					similarity: { score: similarity, threshold: 0.8, isMatch: similarity >= 0.8 },
				},
	});
	const resumeCompare = (body: unknown, customData: Record<string, string> = COMPARE_BOUND) =>
		resume({ body, customData, parameters: compareParameters });

	it.each([false, true])(
		'puts a match on Pass and a lower similarity on Review (legacy shape: %s)',
		async (legacy) => {
			expect((await resumeCompare(comparison(0.93, legacy))).outputs).toEqual([
				[
					expect.objectContaining({
						verdict: 'pass',
						match: true,
						similarity: 0.93,
						minimumSimilarity: 0.85,
						reference: 'CASE-7',
						transactionId: TRANSACTION,
					}),
				],
				[],
			]);
			// 0.82 would pass Argos' threshold and the node's parameter now: the minimum bound at submission decides
			expect((await resumeCompare(comparison(0.82, legacy))).outputs).toEqual([
				[],
				[expect.objectContaining({ verdict: 'review', match: false, minimumSimilarity: 0.85 })],
			]);
		},
	);

	it('puts a failure callback on Review as an error item', async () => {
		const { outputs } = await resumeCompare({
			statusCode: 400,
			apiType: 'compare_face',
			transactionId: TRANSACTION,
			errorCode: 1003,
			message: 'Fail to process data',
		});
		expect(outputs).toEqual([
			[],
			[expect.objectContaining({ verdict: 'review', errorType: 'argosError', errorCode: '1003' })],
		]);
	});

	it('refuses an ID Liveness callback (400) and resumes nothing', async () => {
		const { answer, response } = await resumeCompare(resultCallbackBody(TRANSACTION, ALL_SCORES));
		expect(answer).toEqual({ noWebhookResponse: true });
		expect(response.status).toHaveBeenCalledWith(400);
		expect(response.json).toHaveBeenCalledWith({
			error: 'Not an Argos Face Compare callback: apiType is not "compare_face"',
		});
	});

	it('an ID Liveness execution refuses a Face Compare callback', async () => {
		const { response } = await resume({ body: comparison(0.93) });
		expect(response.status).toHaveBeenCalledWith(400);
	});

	it('never passes with a bound minimum that is not a number from 0 to 1', async () => {
		const { outputs } = await resumeCompare(comparison(0.93), {
			...COMPARE_BOUND,
			argosMinimumSimilarity: 'high',
		});
		expect(outputs).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					error: 'The minimum similarity this execution waits with is not a number from 0 to 1',
				}),
			],
		]);
	});
});

describe("Submit and Wait's resume for ID Recognition: read as a document, judged by the checks bound", () => {
	const API_KEY = 'resume-test-api-key';
	const signingKey = callbackSigningKey({ apiKey: API_KEY })!;
	const RECOGNITION_BOUND = {
		argosTransactionId: TRANSACTION,
		argosDocumentChecks: JSON.stringify({
			reviewExpired: true,
			minimumAge: 18,
			nameDigest: expectedNameDigest('Sample, Ada', signingKey),
		}),
		argosReference: 'CASE-7',
	};
	// The node's parameters now say otherwise: the checks bound at submission decide.
	const recognitionParameters = { resource: 'idRecognition', minimumAge: 0, expectedName: '' };
	const document = (fields: Record<string, string>) => ({
		statusCode: 200,
		apiType: 'id_recognition',
		result: { data: { raw: {}, ocr: { ocr_number: 'D1234567', ...fields } } },
	});
	const adult = {
		ocr_fullName: 'ADA SAMPLE',
		ocr_birthDate: '1990-04-12',
		ocr_expireDate: '2099-01-01',
	};
	async function resumeRecognition(
		body: unknown,
		customData: Record<string, string> = RECOGNITION_BOUND,
	) {
		const { context, response } = resumeContext({
			body,
			customData,
			parameters: recognitionParameters,
		});
		context.getCredentials.mockResolvedValue({ apiKey: API_KEY });
		const answer = await new ArgosIdLiveness().webhook.call(context);
		return {
			answer,
			response,
			outputs: answer.workflowData?.map((items) => items.map((item) => item.json)),
		};
	}

	it('puts a document in the expected name on Pass, with the transaction Argos gave at submission', async () => {
		expect((await resumeRecognition(document(adult))).outputs).toEqual([
			[
				expect.objectContaining({
					verdict: 'pass',
					nameMatches: true,
					reference: 'CASE-7',
					transactionId: TRANSACTION,
				}),
			],
			[],
		]);
	});

	it('puts another name, a minor or an expired document on Review, by the bound checks', async () => {
		const { outputs } = await resumeRecognition(
			document({
				ocr_fullName: 'BEN OTHER',
				ocr_birthDate: '2015-05-20',
				ocr_expireDate: '2001-01-01',
			}),
		);
		expect(outputs![1][0]).toMatchObject({
			verdict: 'review',
			failedChecks: ['documentExpired', 'minimumAge', 'nameMatches'],
		});
	});

	it('puts a failure callback (no transactionId) on Review as an error item', async () => {
		const { outputs } = await resumeRecognition({
			statusCode: 400,
			apiType: 'id_recognition',
			errorCode: 1012,
			message: 'Fail to recognize back of an idCard',
		});
		expect(outputs).toEqual([
			[],
			[
				expect.objectContaining({
					verdict: 'review',
					errorCode: '1012',
					transactionId: TRANSACTION,
				}),
			],
		]);
	});

	it("refuses another API's callback (400) and another transaction's (409)", async () => {
		const compare = await resumeRecognition({ ...document(adult), apiType: 'compare_face' });
		expect(compare.answer).toEqual({ noWebhookResponse: true });
		expect(compare.response.status).toHaveBeenCalledWith(400);
		const other = await resumeRecognition({ ...document(adult), transactionId: 'txn_other' });
		expect(other.response.status).toHaveBeenCalledWith(409);
	});

	it('never passes with bound checks that were changed into something else', async () => {
		const { outputs } = await resumeRecognition(document(adult), {
			...RECOGNITION_BOUND,
			argosDocumentChecks: '{"reviewExpired":"no"}',
		});
		expect(outputs![1][0]).toMatchObject({
			verdict: 'review',
			error: 'The document checks this execution waits with were changed',
		});
	});
});
