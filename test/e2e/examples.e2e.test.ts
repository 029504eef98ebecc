/**
 * Every workflow in examples/ imported into a real n8n 2.40.7 (packed package, Argos emulator) and run over real
 * HTTP, so the examples never rot. Placeholder URLs are pointed at loopback when importing: the CRM and ticket
 * system at a capture server, the sender's callback host at this n8n (tools/argos-stack/exampleWorkflows.ts).
 *
 * Driving example 1, examples/kyc-intake.json, from a program (as scripts/demo.ts does):
 * - Start: `startExampleStack({ files: ['kyc-intake.json'] })` (tools/argos-stack/exampleStack.ts), or by hand:
 *   `withLoopbackHosts(readExample('kyc-intake.json'), { servicesUrl, n8nBaseUrl })` into
 *   `startArgosStack({ port, workflows: [...] })`, then `rest.activateWorkflow(id)` (the form exists only once published).
 * - Submit: POST multipart/form-data to `<n8n>/form/kyc-intake` with `field-0` = the case reference (label "Case
 *   reference") and `field-1` = the photo file (label "ID photo"; any name and type, the node reads the bytes).
 *   n8n names inputs by position; `submitCase(baseUrl, workflow, reference, formFileFrom(file))` fills them by label.
 *   n8n answers at once with `{ formWaitingUrl }`; the form page then asks that URL's execution status until the
 *   workflow reaches a Form Ending, shows it and POSTs to it so the execution finishes (`submitForm` does the same,
 *   and returns the page's title and message as `ending`): "Ask for another photo" for a photo the node refused,
 *   "Received" for everything else, never the verdict.
 * - Results: one execution per submission (`rest.waitForExecution({ workflowId, afterExecutionId, status: 'success' })`;
 *   it always succeeds, failed checks included). The "Argos ID Liveness" node's output 0 (Pass) or 1 (Review) holds
 *   the case: `verdict, summary`, a score and a risk per check, `reference, failedChecks (on review),
 *   minimumScores, transactionId, engineVersion`, or, for a check that failed, `verdict, summary, reference,
 *   errorType, error, description`, and `errorCode, httpCode, transactionId` when it has them
 *   (`routedOutcome(execution)`).
 *   The workflow then POSTs JSON to `<crm>/api/kyc-passed` (Pass) or `<tickets>/api/tickets` (Review), which land in
 *   the capture server (`services.requestsTo(path)`), with `reference` as submitted.
 */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import * as path from 'path';

import type { INode } from 'n8n-workflow';

import { asCustomNodes, EMULATOR_API_KEY, exampleFiles } from '../../tools/argos-stack/argosStack';
import {
	exampleFormUrl,
	exampleWebhookUrl,
	formEndingOf,
	KYC_INTAKE,
	routedOutcome,
	submitCase,
} from '../../tools/argos-stack/exampleWorkflows';
import {
	APPLICANTS,
	applicantForm,
	decisionOf,
	KYC_DECISION,
} from '../../tools/argos-stack/kycApplicants';
import {
	samplePath,
	startExampleStack,
	type ExampleStack,
} from '../../tools/argos-stack/exampleStack';
import { formFileFrom, readFormFields } from '../../tools/n8n/formSubmission';
import { nodeOutput, type ExecutionDetail } from '../../tools/n8n';
import { pollUntil, sleep } from '../../tools/n8n/poll';
import { parameterProblems } from '../../tools/n8n/workflowParameters';
import type { CallbackDelivery } from '../../emulator';
import { writeSampleImages } from '../../emulator/sampleImages';
import { writeFamilySamples } from '../../emulator/family/familySamples';

const KYC = 'kyc-intake.json';
const SENDER = 'async-sender.json';
const RECEIVER = 'async-trigger.json';
const SUBMIT_AND_WAIT = 'submit-and-wait.json';
const DECISION = KYC_DECISION.file;
/** The examples this suite runs; a new file in examples/ must be added here, with a test that runs it. */
const EXERCISED = [KYC, SENDER, RECEIVER, SUBMIT_AND_WAIT, DECISION];

const CALLBACK_SECRET = 'examples-e2e-callback-secret-3b9d41c7';
const ENGINE_VERSION = 'id_liveness@3.4.2';
const TRIGGER_NODE = 'Argos ID Liveness Trigger';

interface ManifestEntry {
	fileName: string;
	expected: { scores?: Record<string, number>; errorCode?: string };
}
let manifest: ManifestEntry[] = [];
const expectedScores = (sample: string) =>
	manifest.find((entry) => entry.fileName === sample)?.expected.scores;
const ALL_VERY_LOW_RISK = {
	screenReplayRisk: 'very low risk',
	paperPrintedRisk: 'very low risk',
	replacePortraitsRisk: 'very low risk',
};
const sha256 = (file: string) =>
	createHash('sha256')
		.update(readFileSync(samplePath(file)))
		.digest('hex');

/** The cases that Argos scores below the minimum (61): which check fails and the band its score falls in. */
const REVIEW_CASES = [
	{ sample: 'screen-replay.jpg', failed: 'screenReplay', band: 'high risk' },
	{ sample: 'printed-copy.png', failed: 'paperPrinted', band: 'medium risk' },
	{ sample: 'portrait-swap.jpg', failed: 'replacePortraits', band: 'high risk' },
];

/** Photos the node refuses before sending them, so the applicant is asked for another one. */
const UNUSABLE_PHOTOS = [
	{ sample: 'animated.gif', problem: /GIF image; Argos ID Liveness accepts only JPEG or PNG/ },
	{ sample: 'renamed-gif.jpg', problem: /GIF image; Argos ID Liveness accepts only JPEG or PNG/ },
	{ sample: 'too-small.jpg', problem: /320x200 pixels; Argos needs at least 640x480/ },
	{ sample: 'not-an-image.txt', problem: /neither JPEG nor PNG/ },
	{ sample: 'empty.jpg', problem: /The image is empty/ },
];

let examples: ExampleStack;
beforeAll(async () => {
	// The samples are drawn, not committed (files already holding the same bytes are left alone).
	await writeSampleImages(path.dirname(samplePath('manifest.json')));
	await writeFamilySamples(path.dirname(samplePath('family/manifest.json')));
	manifest = JSON.parse(readFileSync(samplePath('manifest.json'), 'utf8')) as ManifestEntry[];
	// Every callback is delivered twice, as a vendor retrying after a lost answer would; the delay leaves time to see
	// a Submit and Wait execution waiting.
	examples = await startExampleStack({
		callbackSecret: CALLBACK_SECRET,
		emulator: { callbackDelayMs: 1500, duplicateCallbacks: 2 },
	});
});
afterAll(async () => await examples?.stop());

const baseUrl = () => examples.stack.n8n.baseUrl;
const emulator = () => examples.stack.emulator;
/** The last page of the KYC form, as its Form Ending node sets it. */
const kycEnding = (node: string) => formEndingOf(examples.workflows[KYC], node);
const bodyOf = (request: { body: unknown }) => request.body as Record<string, unknown>;
const sentTo = (path: string, reference: string) =>
	examples.services
		.requestsTo(path)
		.filter((request) => bodyOf(request).reference === reference)
		.map(bodyOf);
const crmBodies = (reference: string) => sentTo(KYC_INTAKE.crmPath, reference);
const ticketBodies = (reference: string) => sentTo(KYC_INTAKE.ticketPath, reference);
const waitForSent = (path: string, reference: string) =>
	examples.services.waitFor(
		(request) => request.path === path && bodyOf(request).reference === reference,
		`a POST to ${path} for ${reference}`,
	);

/** The image the emulator received for a transaction (its size, format and SHA-256; never the image). */
function imageSentFor(transactionId: unknown): unknown {
	const request = emulator().requests.find(
		(candidate) => candidate.transactionId === transactionId,
	);
	return request && (request.body as Record<string, unknown>).idImage;
}

async function deliveriesOf(transactionId: unknown, count: number): Promise<CallbackDelivery[]> {
	return pollUntil(
		async () => {
			const deliveries = emulator().callbacks.filter(
				(delivery) => delivery.transactionId === transactionId,
			);
			return deliveries.length >= count ? deliveries : undefined;
		},
		{ timeoutMs: 30_000, description: `${count} callback deliveries of ${String(transactionId)}` },
	);
}

/** The trigger workflow's executions started by a given transaction. */
async function receiverRunsOf(transactionId: unknown): Promise<ExecutionDetail[]> {
	const runs: ExecutionDetail[] = [];
	for (const summary of await examples.stack.rest.listExecutions({
		workflowId: examples.workflowIds[RECEIVER],
	})) {
		const execution = await examples.stack.rest.getExecution(summary.id);
		if (nodeOutput(execution.data, TRIGGER_NODE)[0]?.transactionId === transactionId)
			runs.push(execution);
	}
	return runs;
}

describe('kyc-intake.json: a form upload, checked at once, routed to the CRM or a review ticket', () => {
	it('serves its form at /form/kyc-intake with a case reference and an ID photo', async () => {
		expect(exampleFormUrl(baseUrl(), examples.workflows[KYC])).toBe(`${baseUrl()}/form/kyc-intake`);
		expect(await readFormFields(`${baseUrl()}/form/kyc-intake`)).toEqual({
			'Case reference': 'field-0',
			'ID photo': 'field-1',
		});
	});

	it('shows its last page once the case is checked and the CRM updated, so a program can submit and then read the result', async () => {
		const reference = 'KYC-answered-when-checked';
		const before = await examples.newestExecutionId(KYC);
		const response = await submitCase(
			baseUrl(),
			examples.workflows[KYC],
			reference,
			formFileFrom(samplePath('genuine.jpg')),
		);
		expect(response).toMatchObject({ status: 200, ending: kycEnding(KYC_INTAKE.received) });
		// No waiting here: the CRM has its case when the page shows.
		expect(crmBodies(reference)).toHaveLength(1);
		// The page's POST back lets the execution finish.
		const done = await examples.stack.rest.waitForExecution({
			workflowId: examples.workflowIds[KYC],
			afterExecutionId: before,
			status: 'success',
			timeoutMs: 30_000,
		});
		expect(done.data.resultData.runData[KYC_INTAKE.received]).toBeDefined();
	});

	it.each(['genuine.jpg', 'genuine.png'])(
		'%s passes: the CRM gets the reference, the scores and the verdict',
		async (sample) => {
			const reference = `KYC-${sample}`;
			const { answer, execution } = await examples.submitAndRead(KYC, reference, sample);
			expect(answer.ending).toEqual(kycEnding(KYC_INTAKE.received));

			// The form's file is binary data in n8n's default filesystem mode, and the node sent exactly its bytes.
			const formItem = execution.data.resultData.runData[KYC_INTAKE.form][0].data?.main[0]?.[0];
			expect(formItem?.binary?.idPhoto).toMatchObject({
				fileName: sample,
				id: expect.stringMatching(/^filesystem/),
			});
			const { branch, json } = routedOutcome(execution);
			expect(branch).toBe('pass');
			expect(json).toMatchObject({
				verdict: 'pass',
				summary: 'Passed all 3 checks',
				reference,
				...expectedScores(sample),
				...ALL_VERY_LOW_RISK,
			});
			expect(json).not.toHaveProperty('failedChecks');
			expect(imageSentFor(json.transactionId)).toMatchObject({ sha256: sha256(sample) });
			// "Keep Input Binary" is off in the example: the photo stays behind once checked.
			expect(
				execution.data.resultData.runData[KYC_INTAKE.argos][0].data?.main[0]?.[0].binary,
			).toBeUndefined();

			expect(crmBodies(reference)).toEqual([
				{
					reference,
					transactionId: json.transactionId,
					verdict: 'pass',
					...expectedScores(sample),
					engineVersion: ENGINE_VERSION,
				},
			]);
			expect(ticketBodies(reference)).toEqual([]);
		},
	);

	it.each(REVIEW_CASES)(
		'$sample goes to review: the ticket names $failed as the failing check',
		async ({ sample, failed, band }) => {
			const reference = `KYC-${sample}`;
			const { answer, execution } = await examples.submitAndRead(KYC, reference, sample);
			// The applicant is told the photo arrived, not that it is under review.
			expect(answer.ending).toEqual(kycEnding(KYC_INTAKE.received));
			const { branch, json } = routedOutcome(execution);
			expect(branch).toBe('review');
			expect(json).toMatchObject({
				verdict: 'review',
				failedChecks: [failed],
				...expectedScores(sample),
				[`${failed}Risk`]: band,
			});

			expect(ticketBodies(reference)).toEqual([
				{
					reference,
					title: 'ID document needs review',
					verdict: 'review',
					summary: expect.stringMatching(/^Needs review: .+ scored \d+, below 61$/),
					failedChecks: [failed],
					...expectedScores(sample),
					transactionId: json.transactionId,
					error: null,
					errorCode: null,
					errorDescription: null,
				},
			]);
			expect(crmBodies(reference)).toEqual([]);
		},
	);

	it('analysis-fails.jpg (Argos 1009) goes to review as an error, with the transaction ID to quote', async () => {
		const reference = 'KYC-analysis-fails';
		const { answer, execution } = await examples.submitAndRead(
			KYC,
			reference,
			'analysis-fails.jpg',
		);
		// Argos could not analyse a photo the node accepted: a person looks at it, the applicant is not asked again.
		expect(answer.ending).toEqual(kycEnding(KYC_INTAKE.received));
		const { branch, json } = routedOutcome(execution);
		expect(branch).toBe('review');
		expect(json).toEqual({
			verdict: 'review',
			summary: `Not checked: ${String(json.error)}`,
			reference,
			errorType: 'argosError',
			error: expect.stringContaining('1009'),
			description: expect.any(String),
			errorCode: '1009',
			httpCode: '400',
			transactionId: expect.stringMatching(/^txn_/),
		});
		expect(ticketBodies(reference)).toEqual([
			expect.objectContaining({
				reference,
				verdict: 'review',
				summary: json.summary,
				failedChecks: [],
				transactionId: json.transactionId,
				error: json.error,
				errorCode: '1009',
				errorDescription: json.description,
			}),
		]);
		expect(crmBodies(reference)).toEqual([]);
	});

	it.each(UNUSABLE_PHOTOS)(
		'$sample: the applicant is asked for another photo; nothing goes to Argos, the CRM or the ticket system',
		async ({ sample, problem }) => {
			const reference = `KYC-unusable-${sample}`;
			const requestsBefore = emulator().requests.length;
			const { answer, execution } = await examples.submitAndRead(KYC, reference, sample);
			expect(answer.ending).toEqual(kycEnding(KYC_INTAKE.retry));
			const { branch, json } = routedOutcome(execution);
			expect(branch).toBe('review');
			expect(json.error).toMatch(problem);
			// The example's "Photo unusable?" routes on this field, not on the message.
			expect(json).toMatchObject({ verdict: 'review', errorType: 'unusablePhoto', reference });
			expect(execution.data.resultData.runData[KYC_INTAKE.received]).toBeUndefined();
			expect(emulator().requests.length).toBe(requestsBefore);
			expect(ticketBodies(reference)).toEqual([]);
			expect(crmBodies(reference)).toEqual([]);
		},
	);
});

describe('kyc-decision.json: an ID document and a selfie, four checks, one decision with every reason', () => {
	const ending = (node: string) => formEndingOf(examples.workflows[DECISION], node);
	const sentFor = (path: string, reference: string) =>
		examples.services
			.requestsTo(path)
			.filter((request) => bodyOf(request).reference === reference)
			.map(bodyOf);

	it.each(APPLICANTS.map((applicant, index) => ({ ...applicant, index })))(
		'$who: $decision',
		async (applicant) => {
			const reference = `DECISION-${applicant.index + 1}`;
			const { answer, execution } = await examples.submitFormAndRead(
				DECISION,
				applicantForm(applicant, reference),
			);
			// Each check gave this applicant exactly one item, linked to the form's.
			for (const check of KYC_DECISION.checks)
				expect(nodeOutput(execution.data, check)).toHaveLength(1);
			const decision = decisionOf(execution);
			expect(decision).toMatchObject({
				reference,
				decision: applicant.decision,
				reasons: applicant.reasons,
			});

			const crm = sentFor(KYC_DECISION.crmPath, reference);
			const tickets = sentFor(KYC_DECISION.ticketPath, reference);
			if (applicant.decision === 'pass') {
				expect(answer.ending).toEqual(ending(KYC_DECISION.received));
				expect(crm).toEqual([
					{
						reference,
						decision: 'pass',
						document: expect.objectContaining({
							fullName: expect.any(String),
							documentNumber: expect.any(String),
							birthDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
						}),
						// One billed transaction per check.
						transactionIds: [
							expect.any(String),
							expect.any(String),
							expect.any(String),
							expect.any(String),
						],
					},
				]);
				expect(tickets).toEqual([]);
			} else if (applicant.decision === 'review') {
				expect(answer.ending).toEqual(ending(KYC_DECISION.received));
				expect(tickets).toEqual([
					{
						reference,
						title: 'KYC application needs review',
						reasons: applicant.reasons,
						transactionIds: decision.transactionIds,
					},
				]);
				// The ticket names the reasons, never what the document says (its reference and transaction IDs, which
				// may hold any digits, left out).
				const ticketTexts = tickets.map(({ reference: _, transactionIds: __, ...texts }) => texts);
				expect(JSON.stringify(ticketTexts)).not.toMatch(
					/SAMPLE|EXAMPLE|D1234567|P7654321|K2015052|1990|1978|2015-05/,
				);
				expect(crm).toEqual([]);
			} else {
				expect(answer.ending).toEqual(ending(KYC_DECISION.newPhotos));
				expect(crm).toEqual([]);
				expect(tickets).toEqual([]);
			}
		},
	);
});

describe('async-sender.json and async-trigger.json: signed callbacks, matched by reference', () => {
	const triggerUrl = () =>
		exampleWebhookUrl(baseUrl(), examples.workflows[RECEIVER], TRIGGER_NODE, 'callback');
	/** The callback URL the sender gave Argos for a transaction (the trigger's URL with reference and signature). */
	const callbackUrlOf = (transactionId: unknown) => {
		const request = emulator().requests.find(
			(candidate) => candidate.transactionId === transactionId,
		);
		return new URL(String((request?.body as Record<string, unknown> | undefined)?.callbackUrl));
	};

	it('genuine.jpg: the sender is accepted, the callback reaches the trigger, the CRM gets the same reference, once', async () => {
		const reference = 'ASYNC-1042';
		const sender = await examples.submit(SENDER, reference, 'genuine.jpg');
		const [accepted] = nodeOutput(sender.data, 'Argos ID Liveness');
		expect(accepted).toMatchObject({
			status: 'accepted',
			reference,
			transactionId: expect.stringMatching(/^txn_/),
		});

		// Argos was given the trigger's production URL, with the reference, the checks asked for, a nonce and a signature.
		const signedCallbackUrl = callbackUrlOf(accepted.transactionId);
		expect(`${signedCallbackUrl.origin}${signedCallbackUrl.pathname}`).toBe(triggerUrl());
		expect([...signedCallbackUrl.searchParams.keys()].sort()).toEqual([
			'argosChecks',
			'argosExp',
			'argosNonce',
			'argosRef',
			'argosSig',
		]);
		expect(signedCallbackUrl.searchParams.get('argosChecks')).toBe('sr,pc,ps');
		expect(signedCallbackUrl.searchParams.get('argosRef')).toBe(reference);

		expect(await waitForSent(KYC_INTAKE.crmPath, reference).then(bodyOf)).toEqual({
			reference,
			transactionId: accepted.transactionId,
			verdict: 'pass',
			...expectedScores('genuine.jpg'),
			engineVersion: ENGINE_VERSION,
		});
		// The emulator delivered the callback twice; the trigger took the second as a repeat.
		expect(
			(await deliveriesOf(accepted.transactionId, 2)).map((delivery) => delivery.status),
		).toEqual([200, 200]);
		await sleep(1000);
		const runs = await receiverRunsOf(accepted.transactionId);
		expect(runs).toHaveLength(1);
		expect(nodeOutput(runs[0].data, TRIGGER_NODE)).toEqual([
			expect.objectContaining({
				reference,
				transactionId: accepted.transactionId,
				verdict: 'pass',
				...expectedScores('genuine.jpg'),
				...ALL_VERY_LOW_RISK,
			}),
		]);
		expect(crmBodies(reference)).toHaveLength(1);
		expect(ticketBodies(reference)).toEqual([]);
	});

	it('screen-replay.jpg: the trigger workflow opens a ticket naming the failing check', async () => {
		const reference = 'ASYNC-screen-replay';
		const [accepted] = nodeOutput(
			(await examples.submit(SENDER, reference, 'screen-replay.jpg')).data,
			'Argos ID Liveness',
		);
		expect(await waitForSent(KYC_INTAKE.ticketPath, reference).then(bodyOf)).toEqual({
			reference,
			title: 'ID document needs review',
			verdict: 'review',
			summary: expect.stringMatching(/^Needs review: screen replay scored \d+, below 61$/),
			failedChecks: ['screenReplay'],
			...expectedScores('screen-replay.jpg'),
			transactionId: accepted.transactionId,
			error: null,
			errorCode: null,
			errorDescription: null,
		});
		expect(crmBodies(reference)).toEqual([]);
	});

	it('analysis-fails.jpg: the failure callback (1009) opens a ticket with the error', async () => {
		const reference = 'ASYNC-analysis-fails';
		const [accepted] = nodeOutput(
			(await examples.submit(SENDER, reference, 'analysis-fails.jpg')).data,
			'Argos ID Liveness',
		);
		expect(await waitForSent(KYC_INTAKE.ticketPath, reference).then(bodyOf)).toMatchObject({
			reference,
			verdict: 'review',
			failedChecks: [],
			transactionId: accepted.transactionId,
			error: expect.stringContaining('Fail to analyze document'),
			errorCode: '1009',
		});
		expect(crmBodies(reference)).toEqual([]);
	});

	it('a file that is not an image: the sender opens a ticket itself (error output), nothing goes to Argos', async () => {
		const reference = 'ASYNC-not-an-image';
		const requestsBefore = emulator().requests.length;
		const sender = await examples.submit(SENDER, reference, 'not-an-image.txt');
		// n8n merges the input item's fields into an item on the error output.
		expect(nodeOutput(sender.data, 'Argos ID Liveness', { outputIndex: 1 })).toEqual([
			expect.objectContaining({
				reference,
				error: expect.stringMatching(/neither JPEG nor PNG/),
				details: expect.objectContaining({
					verdict: 'review',
					errorType: 'unusablePhoto',
					reference,
				}),
			}),
		]);
		expect(nodeOutput(sender.data, 'Argos ID Liveness', { outputIndex: 0 })).toEqual([]);
		expect(emulator().requests.length).toBe(requestsBefore);
		expect(ticketBodies(reference)).toEqual([
			expect.objectContaining({
				reference,
				title: 'ID document could not be sent for checking',
				transactionId: null,
				error: expect.stringMatching(/neither JPEG nor PNG/),
			}),
		]);
	});

	it('refuses forged callbacks with 401 and starts nothing', async () => {
		const before = await examples.newestExecutionId(RECEIVER);
		const callback = {
			statusCode: 200,
			apiType: 'id_live_doc',
			transactionId: 'txn_forged0000000000000000',
			engineVersion: ENGINE_VERSION,
			result: { screenReplay: { liveness_score: 99 } },
		};
		const post = async (query: Record<string, string>) => {
			const response = await fetch(`${triggerUrl()}?${new URLSearchParams(query).toString()}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(callback),
			});
			return { status: response.status, body: (await response.json()) as unknown };
		};
		const expiry = String(Math.floor(Date.now() / 1000) + 3600);
		expect(await post({})).toEqual({
			status: 401,
			body: { error: 'Callback refused: missing signature' },
		});
		expect(await post({ argosRef: 'ASYNC-1042' })).toEqual({
			status: 401,
			body: { error: 'Callback refused: missing signature' },
		});
		// a link of the older form (no nonce, no checks) is incomplete
		expect(
			await post({ argosRef: 'ASYNC-1042', argosExp: expiry, argosSig: 'a'.repeat(64) }),
		).toEqual({
			status: 401,
			body: { error: 'Callback refused: missing signature' },
		});
		expect(
			await post({
				argosRef: 'ASYNC-1042',
				argosExp: expiry,
				argosNonce: 'forged-nonce',
				argosChecks: 'sr',
				argosSig: `v3.${'a'.repeat(64)}`,
			}),
		).toEqual({
			status: 401,
			body: { error: 'Callback refused: invalid signature' },
		});
		// The signed URL of an earlier case with another reference put in: the signature covers the reference.
		const genuine = emulator().requests.find((request) =>
			String((request.body as Record<string, unknown>).callbackUrl).includes('argosSig='),
		);
		expect(genuine).toBeDefined();
		const signed = Object.fromEntries(callbackUrlOf(genuine?.transactionId).searchParams);
		expect(await post({ ...signed, argosRef: 'SOMEONE-ELSE' })).toEqual({
			status: 401,
			body: { error: 'Callback refused: invalid signature' },
		});

		await sleep(1000);
		expect(await examples.newestExecutionId(RECEIVER)).toBe(before);
	});

	// n8n runs the trigger's webhookMethods (checkExists, create, delete) on activation and deactivation.
	it('deactivated, the trigger stops listening (404); activated again, it answers callbacks again', async () => {
		/** An unsigned POST: 401 from the trigger while it listens, 404 from n8n when nothing does. */
		const status = async () => {
			const response = await fetch(triggerUrl(), { method: 'POST', body: '{}' });
			await response.text();
			return response.status;
		};
		const rest = examples.stack.rest;
		const id = examples.workflowIds[RECEIVER];
		expect(await status()).toBe(401);

		await rest.deactivateWorkflow(id);
		await pollUntil(async () => ((await status()) === 404 ? true : undefined), {
			timeoutMs: 30_000,
			description: 'the trigger URL to answer 404 after deactivation',
		});

		await rest.activateWorkflow(id);
		expect(await status()).toBe(401);
		const reference = 'ASYNC-reactivated';
		const [accepted] = nodeOutput(
			(await examples.submit(SENDER, reference, 'genuine.jpg')).data,
			'Argos ID Liveness',
		);
		expect(await waitForSent(KYC_INTAKE.crmPath, reference).then(bodyOf)).toMatchObject({
			reference,
			transactionId: accepted.transactionId,
			verdict: 'pass',
		});
	});
});

describe('submit-and-wait.json: one workflow waits for the callback', () => {
	it('genuine.png: the execution waits, the callback to its resume URL resumes it, the CRM gets the case', async () => {
		const reference = 'WAIT-genuine';
		const waiting = await examples.submit(SUBMIT_AND_WAIT, reference, 'genuine.png', 'waiting');
		// Nothing is on Pass or Review while the execution waits.
		expect(nodeOutput(waiting.data, KYC_INTAKE.argos, { outputIndex: 0 })).toEqual([]);
		expect(nodeOutput(waiting.data, KYC_INTAKE.argos, { outputIndex: 1 })).toEqual([]);
		// Argos was given this execution's own resume URL (with n8n's resume token) and has not called back yet.
		const request = emulator().requests.find((candidate) =>
			String((candidate.body as Record<string, unknown>).callbackUrl).startsWith(
				`${baseUrl()}/webhook-waiting/${waiting.id}`,
			),
		);
		expect(request).toBeDefined();
		expect(
			new URL(String((request?.body as Record<string, unknown>).callbackUrl)).searchParams.get(
				'signature',
			),
		).toBe(waiting.data.resumeToken);
		expect(crmBodies(reference)).toEqual([]);

		const done = await examples.stack.rest.waitForExecution({
			executionId: waiting.id,
			status: 'success',
			timeoutMs: 30_000,
		});
		const { branch, json } = routedOutcome(done);
		expect(branch).toBe('pass');
		expect(json).toMatchObject({
			verdict: 'pass',
			reference,
			transactionId: request?.transactionId,
			...expectedScores('genuine.png'),
		});
		expect(crmBodies(reference)).toEqual([
			{
				reference,
				transactionId: request?.transactionId,
				verdict: 'pass',
				...expectedScores('genuine.png'),
				engineVersion: ENGINE_VERSION,
			},
		]);
		// The second delivery of the same callback finds the execution finished: n8n refuses it and nothing runs twice.
		const deliveries = await deliveriesOf(request?.transactionId, 2);
		expect(deliveries[0].status).toBe(200);
		expect(deliveries[1].status).toBe(409);
		await sleep(500);
		expect(crmBodies(reference)).toHaveLength(1);
	});

	it.each([
		{ sample: 'printed-copy.png', failedChecks: ['paperPrinted'], errorCode: null },
		{ sample: 'analysis-fails.jpg', failedChecks: [], errorCode: '1009' },
	])(
		'$sample: resumed onto Review, the ticket is opened',
		async ({ sample, failedChecks, errorCode }) => {
			const reference = `WAIT-${sample}`;
			const waiting = await examples.submit(SUBMIT_AND_WAIT, reference, sample, 'waiting');
			const done = await examples.stack.rest.waitForExecution({
				executionId: waiting.id,
				status: 'success',
				timeoutMs: 30_000,
			});
			expect(routedOutcome(done).branch).toBe('review');
			expect(ticketBodies(reference)).toEqual([
				expect.objectContaining({
					reference,
					verdict: 'review',
					failedChecks,
					errorCode,
					transactionId: expect.stringMatching(/^txn_/),
				}),
			]);
			expect(crmBodies(reference)).toEqual([]);
		},
	);
});

describe('every example', () => {
	it.each(EXERCISED)(
		'%s: sets only parameters n8n shows, none with an issue (as the editor would open it)',
		async (file) => {
			const nodes = asCustomNodes(examples.workflows[file]).nodes as INode[];
			expect(await parameterProblems(examples.stack.rest, nodes)).toEqual([]);
		},
	);

	// Last, after the tests above have run every example (run alone, with -t, it has nothing to look at).
	it('is imported and run by this suite, and every run succeeded', async () => {
		expect(exampleFiles().sort()).toEqual([...EXERCISED].sort());
		for (const file of EXERCISED) {
			const runs = await examples.stack.rest.listExecutions({
				workflowId: examples.workflowIds[file],
			});
			expect({ file, ran: runs.length > 0 }).toEqual({ file, ran: true });
			expect({ file, statuses: [...new Set(runs.map((run) => run.status))] }).toEqual({
				file,
				statuses: ['success'],
			});
		}
	});

	it('leaves neither the API key, the callback secret nor any image in execution data, n8n logs or the bodies sent', async () => {
		const secrets = [EMULATOR_API_KEY, CALLBACK_SECRET];
		const texts: Array<[string, string]> = [
			['n8n logs', examples.stack.n8n.logs()],
			['sent bodies', JSON.stringify(examples.services.requests)],
		];
		for (const file of EXERCISED) {
			for (const summary of await examples.stack.rest.listExecutions({
				workflowId: examples.workflowIds[file],
			})) {
				texts.push([
					`execution ${summary.id} of ${file}`,
					JSON.stringify(await examples.stack.rest.getExecution(summary.id)),
				]);
			}
		}
		// Base64 of each photo: its start, and a stretch from its middle (at a multiple of 4, where encodings align).
		// An empty file has nothing to leak (and '' is in every text).
		const imageTraces = examples.submittedPhotos
			.filter((photo) => photo.bytes.length > 0)
			.flatMap((photo) => {
				const base64 = photo.bytes.toString('base64');
				const middle = Math.floor(base64.length / 8) * 4;
				return [base64.slice(0, 64), base64.slice(middle, middle + 64)];
			});
		expect(imageTraces.length).toBeGreaterThan(20);
		for (const [where, text] of texts) {
			expect({ where, secrets: secrets.filter((secret) => text.includes(secret)) }).toEqual({
				where,
				secrets: [],
			});
			expect({ where, image: imageTraces.some((trace) => text.includes(trace)) }).toEqual({
				where,
				image: false,
			});
		}
	});
});
